"""``ybhj-parse extract --explain``: how a document was read, for a person to check.

Prints the layout detected (and, for prose documents, the stretches of lines
in each layout), the rules that fired with their counts, and the non-blank
lines no stage used, with their numbers.  Rich is imported here, and this
module only by the command, so ``--help`` stays fast.
"""

from __future__ import annotations

from itertools import groupby

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ybhj_parse.model.records import Dataset
from ybhj_parse.records.trace import Trace


def explain(dataset: Dataset, trace: Trace, shown: str, console: Console | None = None) -> None:
    console = console or Console(highlight=False)
    doc = dataset.document
    console.print(Text(f"{shown}", style="bold"))
    records = (
        f"pilot items: {len(dataset.pilot_items)}"
        if dataset.pilot_items is not None
        else f"tasks: {doc.counts.tasks}"
    )
    console.print(f"  kind: {doc.kind}   layout: [bold]{doc.layout}[/bold]   {records}")
    if doc.title:
        console.print(f"  title: {doc.title}")
    if len(trace.blocks) > 1 or (trace.blocks and doc.layout == "mixed"):
        console.print("  stretches:")
        for block in trace.blocks:
            console.print(f"    lines {block.line}–{block.end_line}: {block.layout} ({block.tasks} tasks)")

    table = Table(title="rules fired", title_justify="left", show_edge=False, pad_edge=False)
    table.add_column("stage")
    table.add_column("rule")
    table.add_column("count", justify="right")
    for group, items in groupby(sorted(trace.rules.items()), key=lambda kv: kv[0].split(":", 1)[0]):
        for key, count in items:
            table.add_row(group, key.split(":", 1)[1], str(count))
            group = ""
    console.print(table)

    console.print(f"lines not consumed: {len(trace.unconsumed)}", style="bold")
    for number, text in trace.unconsumed:
        console.print(f"  {number:>5}  {text}", markup=False)
    console.print()
