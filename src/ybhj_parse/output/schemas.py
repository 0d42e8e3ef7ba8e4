"""Files generated from the records by pydantic, never hand-edited: the JSON Schema files of
``schemas/``, and the stored core schema that ``model/contract.py`` builds its validator from."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import regex
from pydantic import TypeAdapter

from ybhj_parse.model.contract import CONTRACT_FILE, FACTORIES
from ybhj_parse.model.records import Completeness, Dataset, PilotItem, Task
from ybhj_parse.output.writers import atomic_write

SCHEMA_FILES: dict[str, type] = {
    "dataset.schema.json": Dataset,
    "task.schema.json": Task,
    "pilot-item.schema.json": PilotItem,
    "completeness.schema.json": Completeness,
}
BASE_ID = "https://ybhj-parse.invalid/schemas/"


def schema_texts() -> dict[str, str]:
    texts = {}
    for name, model in SCHEMA_FILES.items():
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": BASE_ID + name}
        schema.update(TypeAdapter(model).json_schema(mode="validation"))
        texts[name] = json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
    return texts


def write_schemas(out_dir: str | Path) -> list[Path]:
    out = Path(out_dir)
    written = []
    for name, text in schema_texts().items():
        atomic_write(out / name, text)
        written.append(out / name)
    return written


def drifted(out_dir: str | Path) -> list[str]:
    """Names of schema files that are missing or differ from what the models generate."""
    out = Path(out_dir)
    return [
        name
        for name, text in schema_texts().items()
        if not (out / name).is_file() or (out / name).read_text(encoding="utf-8") != text
    ]


# pydantic names a schema it refers to by the class and the class's id (…records.Task:1403…):
# the id differs from run to run, the class alone names it.
_REF_ID = regex.compile(r":\d+$")


def _storable(node: Any) -> Any:
    """A core schema as JSON: classes by import path, factories by name, refs without ids, and
    no metadata (the JSON Schema's descriptions, which the validator does not read)."""
    if isinstance(node, (list, tuple)):
        return [_storable(item) for item in node]
    if isinstance(node, type):
        return f"{node.__module__}.{node.__qualname__}"
    if not isinstance(node, dict):
        if callable(node):
            raise TypeError(f"a core schema holds a function JSON cannot store: {node!r}")
        return node
    stored: dict[str, Any] = {}
    for key, value in node.items():
        if key == "metadata":
            continue
        if key in ("ref", "schema_ref") and isinstance(value, str):
            stored[key] = _REF_ID.sub("", value)
        elif key == "default_factory":
            stored[key] = next(name for name, factory in FACTORIES.items() if factory is value)
        else:
            stored[key] = _storable(value)
    return stored


def contract_text() -> str:
    """contract.json as pydantic generates it now from model/records.py."""
    import pydantic_core

    stored = {
        "pydantic_core": pydantic_core.__version__,
        "schema": _storable(TypeAdapter(Dataset).core_schema),
    }
    return json.dumps(stored, ensure_ascii=False, indent=1) + "\n"


def write_contract(path: str | Path = CONTRACT_FILE) -> bool:
    """Write contract.json when it differs from what pydantic generates; True when it did."""
    text = contract_text()
    target = Path(path)
    if target.is_file() and target.read_text(encoding="utf-8") == text:
        return False
    atomic_write(target, text)
    return True
