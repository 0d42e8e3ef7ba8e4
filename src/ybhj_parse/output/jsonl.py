"""Datasets → JSON Lines: one task (or pilot item) per line, for pandas, DuckDB and streams.

Each line is the record as in the JSON dataset, preceded by ``source_path`` (the input it
comes from) and ``record`` (``task`` or ``pilot_item``).  Lines are produced one at a time.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from ybhj_parse.model.contract import to_data
from ybhj_parse.model.records import Dataset, PilotItem, Task


def jsonl_lines(datasets: Dataset | Sequence[Dataset]) -> Iterator[str]:
    items = [datasets] if isinstance(datasets, Dataset) else list(datasets)
    for dataset in items:
        head: dict[str, Any] = {"source_path": dataset.document.source.path}
        records: list[tuple[str, Task | PilotItem]] = [("task", t) for t in dataset.tasks]
        records += [("pilot_item", p) for p in dataset.pilot_items or []]
        for kind, record in records:
            line = {**head, "record": kind, **to_data(record)}
            yield json.dumps(line, ensure_ascii=False) + "\n"


def to_jsonl(datasets: Dataset | Sequence[Dataset], *, headers: str = "machine") -> str:
    return "".join(jsonl_lines(datasets))


def write_jsonl(path: Path, datasets: Dataset | Sequence[Dataset], *, headers: str = "machine") -> None:
    """Write the lines one by one: the whole text is never held in memory."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.writelines(jsonl_lines(datasets))
