"""The records as data, and the one check of a whole dataset against the contract.

- :func:`to_data`: a record's JSON-ready data (dates as ISO text, fields in the order the
  dataclass declares them, a record's ``OMITTED_WHEN_NONE`` fields left out when None):
  what the JSON, YAML and JSON Lines writers write.
- :func:`validated`: a parsed dataset checked field by field in one call (a parse ends
  with it); :func:`from_json` and :func:`from_data` read a dataset back (``validate``,
  ``query``), with the same checks.

The checks are pydantic-core's validator, built from ``contract.json``: the core schema
pydantic generates from ``model/records.py``, stored with its classes named by import
path and the pydantic-core version that wrote it (``tools/contract.py`` writes it, and
a test holds it equal to what pydantic generates).  Building the validator from it takes
a few milliseconds; importing pydantic and generating the schema takes about a hundred,
and is what happens when another pydantic-core is installed.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ybhj_parse.model.records import Dataset

if TYPE_CHECKING:
    from pydantic_core import SchemaValidator

CONTRACT_FILE = Path(__file__).with_name("contract.json")
# How contract.json writes what JSON has no form for: a class by its import path, a default
# factory by its name.
FACTORIES: dict[str, type] = {"list": list, "dict": dict}
# The only modules its classes may come from (nothing else is imported for it).
_RECORD_MODULES = ("ybhj_parse.model.",)


# Values the data holds as they are.
_PLAIN = frozenset({str, int, float, bool, type(None)})


@cache
def _fields(kind: type) -> tuple[tuple[str, bool], ...]:
    """A record class's fields in declaration order, each with whether None leaves it out."""
    fields = getattr(kind, "__dataclass_fields__", None)
    if fields is None:
        raise TypeError(f"not a value of the data contract: {kind.__name__}")
    omitted = getattr(kind, "OMITTED_WHEN_NONE", ())
    return tuple((name, name in omitted) for name in fields)


def to_data(value: Any) -> Any:
    """``value`` (a record, or a list or mapping of them) as JSON-ready data."""
    kind: type = type(value)
    if kind in _PLAIN:
        return value
    if kind is list or kind is tuple:
        return [to_data(item) for item in value]
    if kind is dict:
        return {key: to_data(item) for key, item in value.items()}
    if isinstance(value, dt.date):
        return value.isoformat()
    data: dict[str, Any] = {}
    for name, omitted_when_none in _fields(kind):
        item = getattr(value, name)
        if item is None:
            if not omitted_when_none:
                data[name] = None
        elif type(item) in _PLAIN:
            data[name] = item
        else:
            data[name] = to_data(item)
    return data


def _resolve(node: Any) -> Any:
    """contract.json's data with its classes and factories made objects again."""
    if isinstance(node, list):
        return [_resolve(item) for item in node]
    if not isinstance(node, dict):
        return node
    resolved = {key: _resolve(item) for key, item in node.items()}
    if isinstance(resolved.get("cls"), str):
        module, _, name = resolved["cls"].rpartition(".")
        if not module.startswith(_RECORD_MODULES):
            raise ValueError(f"{CONTRACT_FILE.name} names a class outside the records: {resolved['cls']}")
        resolved["cls"] = getattr(importlib.import_module(module), name)
    if isinstance(resolved.get("default_factory"), str):
        resolved["default_factory"] = FACTORIES[resolved["default_factory"]]
    return resolved


def _stored_schema(version: str) -> Any:
    """contract.json's schema when pydantic-core ``version`` wrote it, else None (another version,
    or a file missing or damaged: an install that lost it)."""
    try:
        stored = json.loads(CONTRACT_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(stored, dict) or stored.get("pydantic_core") != version:
        return None
    return stored.get("schema")


@cache
def validator() -> SchemaValidator:
    import pydantic_core

    stored = _stored_schema(pydantic_core.__version__)
    if stored is not None:
        return pydantic_core.SchemaValidator(_resolve(stored))
    # Another pydantic-core than the file was written with may read a schema otherwise (and a
    # file that is not there reads as nothing): generate it, the slow way, with the same checks.
    from pydantic import TypeAdapter

    adapter: Any = TypeAdapter(Dataset)
    return adapter.validator  # type: ignore[no-any-return]


def validated(dataset: Dataset) -> Dataset:
    """``dataset`` checked against the contract (raises pydantic_core.ValidationError); strict, as
    a parse builds each value with its type: "39" is no seq, a date's text no date."""
    result: Dataset = validator().validate_python(dataset, strict=True)
    return result


def from_json(text: str | bytes, *, strict: bool = True) -> Dataset:
    """A dataset read from its JSON; strict: true is no number, "5" no seq, 1 no flag."""
    result: Dataset = validator().validate_json(text, strict=strict)
    return result


def from_data(data: Any) -> Dataset:
    """A dataset read from loaded data (a JSON or YAML document's mapping)."""
    result: Dataset = validator().validate_python(data)
    return result
