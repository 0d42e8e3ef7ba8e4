"""JSON Schema files generated from the models: ``schemas/`` is this module's output, never hand-edited."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from ybhj_parse.model.records import Completeness, Dataset, PilotItem, Task
from ybhj_parse.output.writers import atomic_write

SCHEMA_FILES: dict[str, type[BaseModel]] = {
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
        schema.update(model.model_json_schema(mode="validation"))
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
