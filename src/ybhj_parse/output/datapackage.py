"""A Frictionless Data Package (``datapackage.json``) describing the CSV files of a folder.

Every CSV file in the folder whose header is a ybhj-parse layout (tasks or pilot items,
with machine or Chinese column names) becomes a tabular resource with its Table Schema:
the type of each column, list columns with their delimiter, dates, booleans as
true/false and ``seq`` as the primary key.  Other files are left out.  The resources are
in file-name order and nothing time-dependent is written, so the same folder gives the
same package.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from ybhj_parse.output.headers import ZH_HEADERS
from ybhj_parse.output.tables import COLUMN_TYPES, PILOT_COLUMNS, TASK_COLUMNS, delimiter

NAME = "datapackage.json"
_LAYOUTS = {
    "tasks": ["source_path"] + [name for name, _ in TASK_COLUMNS],
    "pilot_items": ["source_path"] + [name for name, _ in PILOT_COLUMNS],
}
_TITLES = {"tasks": "Tasks", "pilot_items": "Pilot items"}


def _layout(header: list[str]) -> tuple[str, bool] | None:
    """(layout, Chinese names?) of a CSV header, or None for a file of another kind."""
    for layout, columns in _LAYOUTS.items():
        if header == columns:
            return layout, False
        if header == [ZH_HEADERS.get(c, c) for c in columns]:
            return layout, True
    return None


def _field(column: str, zh: bool) -> dict[str, Any]:
    kind = COLUMN_TYPES.get(column, "string")
    field: dict[str, Any] = {"name": ZH_HEADERS.get(column, column) if zh else column}
    field["title"] = column if zh else ZH_HEADERS.get(column, column)
    field["type"] = kind
    if kind == "list":
        field.update(delimiter=delimiter(column), itemType="string")
    elif kind == "boolean":
        field.update(trueValues=["true"], falseValues=["false"])
    elif kind == "date":
        field["format"] = "default"  # ISO 8601: 2022-05-31
    if column == "seq":
        field["constraints"] = {"required": True, "unique": True}
    return field


def _resource(path: Path, layout: str, zh: bool) -> dict[str, Any]:
    seq = ZH_HEADERS["seq"] if zh else "seq"
    return {
        "name": path.stem.lower().replace(" ", "-"),
        "title": f"{_TITLES[layout]} of {path.stem}",
        "path": path.name,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8-sig",
        "dialect": {"delimiter": ",", "quoteChar": '"', "lineTerminator": "\r\n", "header": True},
        "schema": {
            "fields": [_field(c, zh) for c in _LAYOUTS[layout]],
            "missingValues": [""],
            "primaryKey": [seq],
        },
    }


def _header(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return next(csv.reader(handle), [])


def describe(folder: Path) -> dict[str, Any]:
    resources = []
    for path in sorted(folder.glob("*.csv")):
        found = _layout(_header(path))
        if found is not None:
            resources.append(_resource(path, *found))
    return {
        "profile": "tabular-data-package",
        "name": "ybhj-parse-records",
        "title": "Tasks and pilot items read by ybhj-parse",
        "resources": resources,
    }


def datapackage_json(folder: Path) -> str:
    return json.dumps(describe(folder), ensure_ascii=False, indent=2) + "\n"


def write_datapackage(folder: Path) -> None:
    """Write ``datapackage.json`` into ``folder``, describing the CSV files it holds (atomically)."""
    from ybhj_parse.output.writers import atomic_write

    atomic_write(folder / NAME, datapackage_json(folder))
