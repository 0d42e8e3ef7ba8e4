"""What the answers look like: rich tables for a terminal, JSON, YAML or CSV for scripts.
rich is imported inside the functions that draw, so that the command line starts fast."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ybhj_parse.answers.query import Hit
from ybhj_parse.answers.stats import Count, DocumentStats
from ybhj_parse.answers.units import FoundUnit, RegistryRow

if TYPE_CHECKING:
    from rich.console import Console

ROW_FORMATS = ("json", "yaml", "csv")
LIST_JOIN = "、"


def rows_text(fmt: str, rows: Sequence[dict[str, Any]]) -> str:
    """Plain rows as JSON, YAML or CSV (lists joined with 、, absent values empty)."""
    if fmt == "json":
        return json.dumps(list(rows), ensure_ascii=False, indent=2) + "\n"
    if fmt == "yaml":
        import yaml

        return str(yaml.dump(list(rows), Dumper=yaml.SafeDumper, allow_unicode=True, sort_keys=False))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if rows:
        writer.writerow(list(rows[0]))
    for row in rows:
        writer.writerow([_cell(value) for value in row.values()])
    return "\ufeff" + buffer.getvalue()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return LIST_JOIN.join(_cell(v) for v in value)
    return str(value)


def _table(*columns: str, title: str | None = None) -> Any:
    from rich.table import Table

    table = Table(title=title, title_justify="left", show_lines=False, header_style="bold")
    for name in columns:
        table.add_column(name)
    return table


def print_registry(console: Console, rows: Sequence[RegistryRow]) -> None:
    table = _table("id", "name", "kind", "aliases")
    for row in rows:
        table.add_row(row.id, row.name, row.kind, LIST_JOIN.join(row.aliases))
    console.print(table)


def print_found(console: Console, units: Sequence[FoundUnit]) -> None:
    table = _table("name as written", "id", "roles", "records")
    for unit in units:
        table.add_row(unit.name, unit.id or "[red]—[/red]", ", ".join(unit.roles), str(unit.records))
    console.print(table)


def print_hits(console: Console, hits: Sequence[Hit], *, documents: bool) -> None:
    from rich.table import Table

    # The task's text takes the width left by the other columns, cut to one line.
    table = Table(header_style="bold", expand=True)
    if documents:
        table.add_column("document", no_wrap=True, overflow="ellipsis", max_width=24)
    table.add_column("seq", justify="right", no_wrap=True, min_width=3)
    table.add_column("role", no_wrap=True, min_width=4)
    table.add_column("task", no_wrap=True, overflow="ellipsis", ratio=1, min_width=20)
    table.add_column("due", no_wrap=True, overflow="ellipsis", min_width=10, max_width=12)
    for hit in hits:
        cells = [str(hit.record.seq), ", ".join(hit.roles), hit.text, hit.due_text]
        if documents:
            cells.insert(0, Path(hit.dataset.document.source.path or "<stdin>").stem)
        table.add_row(*cells)
    console.print(table)


def _counts(console: Console, title: str, counts: Sequence[Count], key: str, *, ids: bool = False) -> None:
    if not counts:
        return
    table = _table(key, "records", title=title)
    for count in counts:
        if ids and count.key != count.label:  # a unit: its name, then its id
            shown = f"{count.label} [dim]{count.key}[/dim]"
        elif count.key and count.key != count.label:  # a section: its number, then its title
            shown = f"{count.key} {count.label}"
        else:
            shown = count.label
        table.add_row(shown, str(count.records))
    console.print(table)


def print_stats(console: Console, stats: DocumentStats) -> None:
    console.print(
        f"[bold]{stats.title}[/bold] ({stats.source or '<stdin>'}): {stats.records} records", soft_wrap=True
    )
    noun = "group" if stats.kind == "notice" else "section"
    _counts(console, f"by {noun}", stats.by_section, noun)
    lead = "creating unit" if stats.kind == "notice" else "lead unit"
    _counts(console, f"by {lead}", stats.by_lead_unit, "unit", ids=True)
    _counts(console, "by due month", stats.by_due_month, "month")
    for name, share in (("immediate", stats.immediate), ("ongoing", stats.ongoing)):
        if share is not None:
            console.print(f"{name}: {share.records} of {stats.records} ({share.records / stats.records:.1%})")
    _counts(console, "quoted keywords", stats.keywords, "keyword")
