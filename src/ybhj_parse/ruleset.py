"""Load the rule files in ``rules/`` once, check them, and compile their patterns.

The rules are data: heading styles, column names, deadline phrases and unit
words live in YAML beside this module, so a new variant is a new line of data.
A malformed file fails at load time naming the file and the key.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import regex

from .errors import RuleError

_ROOT = "rules"


def load_yaml(name: str) -> dict[str, Any]:
    import yaml

    text = resources.files(__package__).joinpath(_ROOT, name).read_text(encoding="utf-8")
    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise RuleError(f"not valid YAML: {exc}", path=f"{_ROOT}/{name}") from None
    if not isinstance(data, dict):
        raise RuleError("expected a mapping at the top level", path=f"{_ROOT}/{name}")
    return data


def compile_pattern(pattern: Any, *, file: str, key: str, groups: tuple[str, ...] = ()) -> regex.Pattern[str]:
    where = f"{_ROOT}/{file}"
    if not isinstance(pattern, str):
        raise RuleError(f"{key}: pattern must be a string", path=where)
    try:
        compiled = regex.compile(pattern)
    except regex.error as exc:
        raise RuleError(f"{key}: bad pattern {pattern!r}: {exc}", path=where) from None
    missing = [g for g in groups if g not in compiled.groupindex]
    if missing:
        raise RuleError(f"{key}: pattern lacks group(s) {', '.join(missing)}", path=where)
    return compiled


def require(data: dict[str, Any], key: str, kind: type, *, file: str, where: str = "") -> Any:
    label = f"{where}.{key}" if where else key
    if key not in data:
        raise RuleError(f"{label}: missing", path=f"{_ROOT}/{file}")
    value = data[key]
    if not isinstance(value, kind):
        raise RuleError(f"{label}: expected {kind.__name__}", path=f"{_ROOT}/{file}")
    return value


@dataclass(frozen=True, slots=True)
class HeadingRule:
    name: str
    rank: int
    numeral: str  # "chinese" or "arabic"
    pattern: regex.Pattern[str]


@cache
def heading_rules() -> tuple[HeadingRule, ...]:
    file = "headings.yaml"
    rules = []
    for i, item in enumerate(require(load_yaml(file), "headings", list, file=file)):
        where = f"headings[{i}]"
        name = require(item, "name", str, file=file, where=where)
        numeral = require(item, "numeral", str, file=file, where=where)
        if numeral not in ("chinese", "arabic"):
            raise RuleError(f"{where}.numeral: must be chinese or arabic", path=f"{_ROOT}/{file}")
        rules.append(
            HeadingRule(
                name=name,
                rank=require(item, "rank", int, file=file, where=where),
                numeral=numeral,
                pattern=compile_pattern(
                    item.get("pattern"), file=file, key=f"{where}.pattern", groups=("no", "title")
                ),
            )
        )
    return tuple(rules)


@dataclass(frozen=True, slots=True)
class ColumnRules:
    names: dict[str, str]  # header text → role
    roles: tuple[str, ...]
    seq_cell: regex.Pattern[str]
    min_header_cells: int


@cache
def column_rules() -> ColumnRules:
    file = "columns.yaml"
    data = load_yaml(file)
    names: dict[str, str] = {}
    columns = require(data, "columns", dict, file=file)
    for role, synonyms in columns.items():
        if not isinstance(synonyms, list) or not all(isinstance(s, str) for s in synonyms):
            raise RuleError(f"columns.{role}: expected a list of names", path=f"{_ROOT}/{file}")
        for synonym in synonyms:
            if synonym in names:
                raise RuleError(
                    f"columns.{role}: {synonym} is also under {names[synonym]}", path=f"{_ROOT}/{file}"
                )
            names[synonym] = role
    return ColumnRules(
        names=names,
        roles=tuple(columns),
        seq_cell=compile_pattern(data.get("seq_cell"), file=file, key="seq_cell", groups=("no",)),
        min_header_cells=require(data, "min_header_cells", int, file=file),
    )


@dataclass(frozen=True, slots=True)
class DeadlineRule:
    name: str
    pattern: regex.Pattern[str]
    due: str | None
    flags: tuple[str, ...]


DUE_KINDS = ("month_end", "day", "year_end", "half_year", "quarter_end")
DEADLINE_FLAGS = ("immediate", "ongoing", "recurring")


@dataclass(frozen=True, slots=True)
class DeadlineRules:
    separators: regex.Pattern[str]
    rules: tuple[DeadlineRule, ...]


@cache
def deadline_rules() -> DeadlineRules:
    file = "deadlines.yaml"
    data = load_yaml(file)
    rules = []
    for i, item in enumerate(require(data, "rules", list, file=file)):
        where = f"rules[{i}]"
        due = item.get("due")
        if due is not None and due not in DUE_KINDS:
            raise RuleError(
                f"{where}.due: {due!r} is not one of {', '.join(DUE_KINDS)}", path=f"{_ROOT}/{file}"
            )
        flags = tuple(item.get("flags", ()))
        bad = [f for f in flags if f not in DEADLINE_FLAGS]
        if bad:
            raise RuleError(f"{where}.flags: unknown flag(s) {', '.join(bad)}", path=f"{_ROOT}/{file}")
        rules.append(
            DeadlineRule(
                name=require(item, "name", str, file=file, where=where),
                pattern=compile_pattern(item.get("pattern"), file=file, key=f"{where}.pattern"),
                due=due,
                flags=flags,
            )
        )
    return DeadlineRules(
        separators=compile_pattern(data.get("separators"), file=file, key="separators"),
        rules=tuple(rules),
    )


@dataclass(frozen=True, slots=True)
class UnitRules:
    separators: frozenset[str]
    brackets: dict[str, str]
    open_ended_suffix: str
    all_districts: tuple[str, ...]
    scope_definition: regex.Pattern[str]
    alias_definition: regex.Pattern[str]
    districts: dict[str, dict[str, tuple[str, ...]]]


@cache
def unit_rules() -> UnitRules:
    file = "units.yaml"
    data = load_yaml(file)
    districts_raw = require(data, "districts", dict, file=file)
    districts = {
        place: {group: tuple(names) for group, names in groups.items()}
        for place, groups in districts_raw.items()
    }
    return UnitRules(
        separators=frozenset(require(data, "separators", list, file=file)),
        brackets=dict(require(data, "brackets", dict, file=file)),
        open_ended_suffix=require(data, "open_ended_suffix", str, file=file),
        all_districts=tuple(require(data, "all_districts", list, file=file)),
        scope_definition=compile_pattern(
            data.get("scope_definition"), file=file, key="scope_definition", groups=("scope", "members")
        ),
        alias_definition=compile_pattern(
            data.get("alias_definition"), file=file, key="alias_definition", groups=("alias",)
        ),
        districts=districts,
    )


@dataclass(frozen=True, slots=True)
class CellRules:
    unit_endings: tuple[str, ...]


@cache
def cell_rules() -> CellRules:
    file = "cells.yaml"
    endings = require(load_yaml(file), "unit_endings", list, file=file)
    if not endings or not all(isinstance(e, str) and e for e in endings):
        raise RuleError("unit_endings: expected a list of words", path=f"{_ROOT}/{file}")
    return CellRules(unit_endings=tuple(endings))
