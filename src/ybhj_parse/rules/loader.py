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

from ybhj_parse.errors import RuleError
from ybhj_parse.rules.yamlio import safe_load
from ybhj_parse.source.textnorm import fullwidth_parens

_ROOT = "rules"


def load_yaml(name: str) -> dict[str, Any]:
    import yaml

    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    try:
        data = safe_load(text)
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
    name_qualifier: regex.Pattern[str]
    min_header_cells: int
    person: regex.Pattern[str]  # a person's name in a people column (责任领导): 张三, 李四副市长


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
        name_qualifier=compile_pattern(data.get("name_qualifier"), file=file, key="name_qualifier"),
        min_header_cells=require(data, "min_header_cells", int, file=file),
        person=compile_pattern(data.get("person"), file=file, key="person"),
    )


@dataclass(frozen=True, slots=True)
class SeparatorRules:
    styles: tuple[str, ...]  # tried in this order on a line that may be a header row
    space_gap: int
    header_cell_max: int
    rule_line: regex.Pattern[str]


SEPARATOR_STYLES = ("tab", "pipe", "csv", "spaces", "words")


@cache
def separator_rules() -> SeparatorRules:
    file = "separators.yaml"
    data = load_yaml(file)
    styles = require(data, "styles", list, file=file)
    unknown = [s for s in styles if s not in SEPARATOR_STYLES]
    if unknown:
        raise RuleError(
            f"styles: unknown style(s) {', '.join(map(str, unknown))}; known: {', '.join(SEPARATOR_STYLES)}",
            path=f"{_ROOT}/{file}",
        )
    return SeparatorRules(
        styles=tuple(styles),
        space_gap=require(data, "space_gap", int, file=file),
        header_cell_max=require(data, "header_cell_max", int, file=file),
        rule_line=compile_pattern(data.get("rule_line"), file=file, key="rule_line"),
    )


@dataclass(frozen=True, slots=True)
class DeadlineRule:
    name: str
    pattern: regex.Pattern[str]
    due: str | None
    flags: tuple[str, ...]


DUE_KINDS = ("month_end", "day", "month_part", "year_end", "half_year", "quarter_end")
DEADLINE_FLAGS = ("immediate", "ongoing", "recurring")


@dataclass(frozen=True, slots=True)
class TextDeadlineRule:
    name: str
    pattern: regex.Pattern[str]  # finds a phrase (group `raw`) inside running text


@dataclass(frozen=True, slots=True)
class DeadlineRules:
    separators: regex.Pattern[str]
    rules: tuple[DeadlineRule, ...]
    text_rules: tuple[TextDeadlineRule, ...]


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
    text_rules = [
        TextDeadlineRule(
            name=require(item, "name", str, file=file, where=f"text_rules[{i}]"),
            pattern=compile_pattern(
                item.get("pattern"), file=file, key=f"text_rules[{i}].pattern", groups=("raw",)
            ),
        )
        for i, item in enumerate(require(data, "text_rules", list, file=file))
    ]
    return DeadlineRules(
        separators=compile_pattern(data.get("separators"), file=file, key="separators"),
        rules=tuple(rules),
        text_rules=tuple(text_rules),
    )


@dataclass(frozen=True, slots=True)
class UnitRules:
    separators: frozenset[str]
    brackets: dict[str, str]
    open_ended_suffix: str
    open_ended_tail: regex.Pattern[str]
    dropped_note: regex.Pattern[str]
    run_together_levels: str
    run_together_after: str
    lead_mark: regex.Pattern[str]
    all_districts: tuple[str, ...]
    phrases: frozenset[str]  # all_districts with full-width brackets, as names are compared
    scope_pattern: regex.Pattern[str]
    scope_definition: regex.Pattern[str]
    alias_definition: regex.Pattern[str]
    districts: dict[str, dict[str, tuple[str, ...]]]


@cache
def unit_rules() -> UnitRules:
    file = "units.yaml"
    data = load_yaml(file)
    districts_raw = require(data, "districts", dict, file=file)
    all_districts = require(data, "all_districts", list, file=file)
    districts = {
        place: {group: tuple(names) for group, names in groups.items()}
        for place, groups in districts_raw.items()
    }
    return UnitRules(
        separators=frozenset(require(data, "separators", list, file=file)),
        brackets=dict(require(data, "brackets", dict, file=file)),
        open_ended_suffix=require(data, "open_ended_suffix", str, file=file),
        open_ended_tail=compile_pattern(data.get("open_ended_tail"), file=file, key="open_ended_tail"),
        dropped_note=compile_pattern(data.get("dropped_note"), file=file, key="dropped_note"),
        run_together_levels=require(data, "run_together_levels", str, file=file),
        run_together_after=require(data, "run_together_after", str, file=file),
        lead_mark=compile_pattern(data.get("lead_mark"), file=file, key="lead_mark"),
        all_districts=tuple(all_districts),
        phrases=frozenset(fullwidth_parens(p) for p in all_districts),
        scope_pattern=compile_pattern(data.get("scope_pattern"), file=file, key="scope_pattern"),
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


@dataclass(frozen=True, slots=True)
class RecipientRules:
    group_separators: frozenset[str]
    item_separator: str
    shared_suffixes: tuple[str, ...]  # longest first, so 街道办事处 wins over 办事处
    place_name: regex.Pattern[str]
    shared_prefixes: tuple[str, ...]
    trailing_group: regex.Pattern[str]


@dataclass(frozen=True, slots=True)
class DeclaredRules:
    group_count: regex.Pattern[str]
    separator: str
    total: regex.Pattern[str]
    sentence_end: regex.Pattern[str]


@dataclass(frozen=True, slots=True)
class DepartmentCountRule:
    name: str
    pattern: regex.Pattern[str]


@dataclass(frozen=True, slots=True)
class TableProfile:
    """An attachment-table family: its header names, and its column order when the header is missing."""

    name: str
    names: dict[str, str]  # header text → field
    fields: tuple[str, ...]
    min_header_cells: int
    unnamed_leading_column: str | None
    profile: tuple[str, ...]
    optional: frozenset[str]
    list_fields: dict[str, str]  # field → extra separators
    none_values: frozenset[str]
    group_label: regex.Pattern[str]
    national_pilot: regex.Pattern[str]


@dataclass(frozen=True, slots=True)
class NoticeRules:
    issuer_line: regex.Pattern[str]
    doc_number: regex.Pattern[str]
    title_end: regex.Pattern[str]
    recipients_line: regex.Pattern[str]
    max_wrapped_lines: int
    recipients: RecipientRules
    paragraph_end: regex.Pattern[str]
    section_styles: frozenset[str]
    heading_title_end: regex.Pattern[str]
    reference: regex.Pattern[str]
    attachment_line: regex.Pattern[str]
    attachment_item: regex.Pattern[str]
    date_line: regex.Pattern[str]
    date_garbled: regex.Pattern[str]
    printed_line: regex.Pattern[str]
    note_line: regex.Pattern[str]
    declared: DeclaredRules
    department_counts: tuple[DepartmentCountRule, ...]
    tables: tuple[TableProfile, ...]


def _string_list(data: dict[str, Any], key: str, *, file: str, where: str) -> list[str]:
    values = require(data, key, list, file=file, where=where)
    if not all(isinstance(v, str) for v in values):
        raise RuleError(f"{where}.{key}: expected a list of strings", path=f"{_ROOT}/{file}")
    return values


def _table_profile(item: Any, *, file: str, where: str) -> TableProfile:
    if not isinstance(item, dict):
        raise RuleError(f"{where}: expected a mapping", path=f"{_ROOT}/{file}")
    columns = require(item, "columns", dict, file=file, where=where)
    names: dict[str, str] = {}
    for field_name in columns:
        for synonym in _string_list(columns, field_name, file=file, where=f"{where}.columns"):
            if synonym in names:
                raise RuleError(
                    f"{where}.columns.{field_name}: {synonym} is also under {names[synonym]}",
                    path=f"{_ROOT}/{file}",
                )
            names[synonym] = field_name
    fields = tuple(columns)
    profile = tuple(_string_list(item, "profile", file=file, where=where))
    optional = frozenset(_string_list(item, "optional", file=file, where=where))
    list_fields = dict(require(item, "list_fields", dict, file=file, where=where))
    leading = item.get("unnamed_leading_column")
    for key, used in (("profile", profile), ("optional", optional), ("list_fields", list_fields)):
        unknown = [f for f in used if f not in fields]
        if unknown:
            raise RuleError(f"{where}.{key}: unknown field(s) {', '.join(unknown)}", path=f"{_ROOT}/{file}")
    if leading is not None and leading not in fields:
        raise RuleError(f"{where}.unnamed_leading_column: unknown field {leading}", path=f"{_ROOT}/{file}")
    if "seq" not in profile:
        raise RuleError(f"{where}.profile: needs a seq column", path=f"{_ROOT}/{file}")
    return TableProfile(
        name=require(item, "name", str, file=file, where=where),
        names=names,
        fields=fields,
        min_header_cells=require(item, "min_header_cells", int, file=file, where=where),
        unnamed_leading_column=leading,
        profile=profile,
        optional=optional,
        list_fields={k: str(v or "") for k, v in list_fields.items()},
        none_values=frozenset(_string_list(item, "none_values", file=file, where=where)),
        group_label=compile_pattern(
            item.get("group_label"), file=file, key=f"{where}.group_label", groups=("group", "count")
        ),
        national_pilot=compile_pattern(item.get("national_pilot"), file=file, key=f"{where}.national_pilot"),
    )


@cache
def notice_rules() -> NoticeRules:
    file = "notice.yaml"
    data = load_yaml(file)

    def pattern(key: str, *groups: str, within: dict[str, Any] = data, where: str = "") -> regex.Pattern[str]:
        label = f"{where}.{key}" if where else key
        return compile_pattern(within.get(key), file=file, key=label, groups=groups)

    rec = require(data, "recipients", dict, file=file)
    declared = require(data, "declared", dict, file=file)
    department_counts = []
    for i, item in enumerate(require(data, "department_counts", list, file=file)):
        where = f"department_counts[{i}]"
        department_counts.append(
            DepartmentCountRule(
                name=require(item, "name", str, file=file, where=where),
                pattern=pattern("pattern", "unit", "cooperation", within=item, where=where),
            )
        )
    return NoticeRules(
        issuer_line=pattern("issuer_line", "issuer"),
        doc_number=pattern("doc_number", "prefix", "year", "serial"),
        title_end=pattern("title_end"),
        recipients_line=pattern("recipients_line"),
        max_wrapped_lines=require(data, "max_wrapped_lines", int, file=file),
        recipients=RecipientRules(
            group_separators=frozenset(_string_list(rec, "group_separators", file=file, where="recipients")),
            item_separator=require(rec, "item_separator", str, file=file, where="recipients"),
            shared_suffixes=tuple(
                sorted(
                    _string_list(rec, "shared_suffixes", file=file, where="recipients"), key=len, reverse=True
                )
            ),
            place_name=pattern("place_name", within=rec, where="recipients"),
            shared_prefixes=tuple(_string_list(rec, "shared_prefixes", file=file, where="recipients")),
            trailing_group=pattern("trailing_group", "head", "tail", within=rec, where="recipients"),
        ),
        paragraph_end=pattern("paragraph_end"),
        section_styles=frozenset(_string_list(data, "section_styles", file=file, where="")),
        heading_title_end=pattern("heading_title_end"),
        reference=pattern("reference", "title", "paren"),
        attachment_line=pattern("attachment_line", "rest"),
        attachment_item=pattern("attachment_item", "no", "title"),
        date_line=pattern("date_line", "year", "month", "day"),
        date_garbled=pattern("date_garbled"),
        printed_line=pattern("printed_line", "by", "year", "month", "day"),
        note_line=pattern("note_line", "text"),
        declared=DeclaredRules(
            group_count=pattern("group_count", "group", "count", within=declared, where="declared"),
            separator=require(declared, "separator", str, file=file, where="declared"),
            total=pattern("total", "total", within=declared, where="declared"),
            sentence_end=pattern("sentence_end", within=declared, where="declared"),
        ),
        department_counts=tuple(department_counts),
        tables=tuple(
            _table_profile(item, file=file, where=f"tables[{i}]")
            for i, item in enumerate(require(data, "tables", list, file=file))
        ),
    )
