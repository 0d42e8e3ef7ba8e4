"""The one loader of the rule files in ``rules/``: each is read once, checked, and compiled.

The rules are data: heading styles, column names, deadline phrases, unit words, field
markers, page furniture and the parts of a notice live in YAML beside this module, so a
new variant is a new line of data.  Every file is read through a :class:`Section`, which
hands out typed values key by key and, once the file is read, refuses any key it did not
hand out: a misspelt key fails at load time naming the file and the key, as a missing
key, a value of the wrong type or a bad pattern does.  A pattern is a string, or a mapping
of ``pattern`` and ``example`` (as is each rule of an ordered list); the test suite matches
every example against its pattern.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from functools import cache
from types import TracebackType
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar, cast

import regex

from ybhj_parse.errors import RuleError
from ybhj_parse.rules.cache import CompiledPatterns, cached_data, store_data
from ybhj_parse.rules.yamlio import safe_load
from ybhj_parse.source.textnorm import fullwidth_parens

if TYPE_CHECKING:
    from ybhj_parse.model.records import Comparator

_ROOT = "rules"
_T = TypeVar("_T")


def load_yaml(name: str) -> dict[str, Any]:
    """The file's top-level mapping, as plain data (from the cache when its bytes were read before)."""
    raw = _rule_bytes(name)
    cached = cached_data(raw)
    if cached is not None:
        return cached
    data = parse_rule_file(name, raw)
    store_data(raw, data)
    return data


def _rule_bytes(name: str) -> bytes:
    """The bytes of a rule file of this package.  Installed as a folder, the package has its rule
    files beside this module; importlib.resources, whose imports (tempfile, zipfile, shutil)
    cost a cold start ~5 ms, reads them only from a package that is not a folder (a zip)."""
    try:
        with open(os.path.join(os.path.dirname(__file__), name), "rb") as handle:
            return handle.read()
    except (FileNotFoundError, NotADirectoryError):
        from importlib import resources

        return resources.files(__package__).joinpath(name).read_bytes()


def parse_rule_file(name: str, raw: bytes) -> dict[str, Any]:
    import yaml

    try:
        data = safe_load(raw.decode("utf-8"))
    except yaml.YAMLError as exc:
        raise RuleError(f"not valid YAML: {exc}", path=f"{_ROOT}/{name}") from None
    if not isinstance(data, dict):
        raise RuleError("expected a mapping at the top level", path=f"{_ROOT}/{name}")
    return data


# The patterns compiled by earlier runs (rules/cache.py): compiling one takes ~0.2 ms, rebuilding
# it from its cached matching code a few microseconds.
PATTERNS = CompiledPatterns()


def compile_pattern(pattern: Any, *, file: str, key: str, groups: tuple[str, ...] = ()) -> regex.Pattern[str]:
    where = f"{_ROOT}/{file}"
    if not isinstance(pattern, str):
        raise RuleError(f"{key}: pattern must be a string", path=where)
    compiled = PATTERNS.get(pattern)
    if compiled is None:
        try:
            compiled = regex.compile(pattern)
        except regex.error as exc:
            raise RuleError(f"{key}: bad pattern {pattern!r}: {exc}", path=where) from None
        PATTERNS.add(pattern, compiled)
    missing = [g for g in groups if g not in compiled.groupindex]
    if missing:
        raise RuleError(f"{key}: pattern lacks group(s) {', '.join(missing)}", path=where)
    return compiled


def alternation(words: Iterable[str]) -> str:
    """The words as one regex alternation, longest first (牵头单位 before 牵头), whatever
    order the file lists them in."""
    return "|".join(regex.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


class Section:
    """One mapping of a rule file, read key by key.

    Each accessor checks the value's type and marks the key as known; :meth:`close`
    (run by ``with``, for the section and every section read from it) then reports the
    first key no accessor asked for.  ``example`` is known beside a ``pattern``.
    """

    def __init__(self, data: Any, *, file: str, where: str = "") -> None:
        self.file, self.where = file, where
        if not isinstance(data, dict):
            raise self.error("", "expected a mapping")
        self.data: dict[str, Any] = data
        self.known: set[str] = set()
        self.children: list[Section] = []

    def __enter__(self) -> Section:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if kind is None:
            self.close()
            if not self.where:  # a whole rule file read: keep the patterns it compiled
                PATTERNS.save()

    def label(self, key: str) -> str:
        return ".".join(part for part in (self.where, key) if part)

    def error(self, key: str, message: str) -> RuleError:
        return RuleError(f"{self.label(key)}: {message}", path=f"{_ROOT}/{self.file}")

    def close(self) -> None:
        for key in self.data:
            if key not in self.known:
                raise self.error(str(key), "unknown key")
        for child in self.children:
            child.close()

    def has(self, key: str) -> bool:
        self.known.add(key)
        return key in self.data

    def value(self, key: str, kind: type[_T]) -> _T:
        self.known.add(key)
        if key not in self.data:
            raise self.error(key, "missing")
        value = self.data[key]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise self.error(key, f"expected {kind.__name__}")
        return value

    def text(self, key: str) -> str:
        return self.value(key, str)

    def integer(self, key: str) -> int:
        return self.value(key, int)

    def words(self, key: str) -> list[str]:
        """A list of non-empty strings."""
        values = self.value(key, list)
        if not all(isinstance(v, str) and v for v in values):
            raise self.error(key, "expected a list of non-empty strings")
        return values

    def choice(self, key: str, options: tuple[str, ...], default: str | None = None) -> str | None:
        if not self.has(key):
            return default
        value = self.data[key]
        if value not in options:
            raise self.error(key, f"{value!r} is not one of {', '.join(options)}")
        return str(value)

    def pattern(self, key: str, *groups: str) -> regex.Pattern[str]:
        """A pattern, written as a string or as a mapping of ``pattern`` and its ``example``."""
        if key == "pattern" and self.has("example"):
            example = self.data["example"]
            if not isinstance(example, str) or not example:
                raise self.error("example", "expected a non-empty string (quote a date or a number)")
        elif isinstance(self.data.get(key), dict):
            return self.section(key).pattern("pattern", *groups)
        return self.compiled(self.text(key), key, *groups)

    def compiled(self, pattern: str, key: str, *groups: str) -> regex.Pattern[str]:
        """A pattern built from this section's values (a list of words), checked as one."""
        return compile_pattern(pattern, file=self.file, key=self.label(key), groups=groups)

    def section(self, key: str) -> Section:
        child = Section(self.value(key, dict), file=self.file, where=self.label(key))
        self.children.append(child)
        return child

    def items(self, key: str) -> Iterator[Section]:
        """The mappings of a list, each a section of its own (``rules[0]``, ``rules[1]``, …)."""
        for i, item in enumerate(self.value(key, list)):
            child = Section(item, file=self.file, where=f"{self.label(key)}[{i}]")
            self.children.append(child)
            yield child

    def words_by_role(self, key: str, roles: tuple[str, ...] | None = None) -> dict[str, str]:
        """``{role: [word, …]}`` → ``{word: role}``; a word under two roles is an error."""
        found: dict[str, str] = {}
        table = self.section(key)
        for role in list(table.data):
            if roles is not None and role not in roles:
                raise table.error(str(role), f"not one of {', '.join(roles)}")
            for word in table.words(str(role)):
                if word in found:
                    raise table.error(str(role), f"{word} is also under {found[word]}")
                found[word] = str(role)
        return found


def rule_file(name: str) -> Section:
    return Section(load_yaml(name), file=name)


# --- headings.yaml -------------------------------------------------------------


# Each rule group is a NamedTuple: as immutable as a frozen dataclass, and made in a fifth of the
# time when the module is imported (as every cold start does, for all of them).
class HeadingRule(NamedTuple):
    name: str
    rank: int
    pattern: regex.Pattern[str]


@cache
def heading_rules() -> tuple[HeadingRule, ...]:
    with rule_file("headings.yaml") as f:
        return tuple(
            HeadingRule(
                name=r.text("name"), rank=r.integer("rank"), pattern=r.pattern("pattern", "no", "title")
            )
            for r in f.items("headings")
        )


# --- columns.yaml --------------------------------------------------------------


class ColumnRules(NamedTuple):
    names: dict[str, str]  # header text → role
    labels: dict[str, str]  # role → the name shown in messages (the first of its names)
    seq_cell: regex.Pattern[str]
    name_qualifier: regex.Pattern[str]
    min_header_cells: int
    person: regex.Pattern[str]  # a person's name in a people column (责任领导): 张三, 李四副市长
    group_heading: tuple[str, int]  # (style, rank) of an unnumbered group cell's heading
    outer_group_heading: tuple[str, int]  # (style, rank) of a group cell before the header's columns
    group_number: regex.Pattern[str]  # a bare numeral opening a group's first row (group `no`)
    group_number_heading: tuple[str, int]  # (style, rank) of the heading it is
    target_columns: tuple[str, ...]  # the task column of a table that names none (预期目标)
    main_unit_starts: tuple[str, ...]  # a lead column alone is a responsible one (主办单位)
    name_form_max: int  # names read by their form (below) are at most this long
    name_form_exclusions: tuple[str, ...]  # a name with one of these is not read by its form
    name_starts: dict[str, str]  # a name's first words → role (牵头… → lead)
    name_endings: tuple[tuple[str, str], ...]  # (ending, role), the longest ending first


def _group_heading(section: Section) -> tuple[str, int]:
    return section.text("style"), section.integer("rank")


@cache
def column_rules() -> ColumnRules:
    with rule_file("columns.yaml") as f:
        names = f.words_by_role("columns")
        return ColumnRules(
            names=names,
            labels={role: name for name, role in reversed(names.items())},
            seq_cell=f.pattern("seq_cell", "no"),
            name_qualifier=f.pattern("name_qualifier"),
            min_header_cells=f.integer("min_header_cells"),
            person=f.pattern("person"),
            group_heading=_group_heading(f.section("group_heading")),
            outer_group_heading=_group_heading(f.section("outer_group_heading")),
            group_number=(number := f.section("group_number")).pattern("pattern", "no"),
            group_number_heading=_group_heading(number),
            target_columns=tuple(f.words("target_columns")),
            main_unit_starts=tuple(f.words("main_unit_starts")),
            name_form_max=f.integer("name_form_max"),
            name_form_exclusions=tuple(f.words("name_form_exclusions")),
            name_starts=f.words_by_role("name_starts"),
            name_endings=tuple(
                sorted(f.words_by_role("name_endings").items(), key=lambda item: -len(item[0]))
            ),
        )


# --- separators.yaml -----------------------------------------------------------


class SeparatorRules(NamedTuple):
    space_gap: int
    header_cell_max: int
    rule_line: regex.Pattern[str]


@cache
def separator_rules() -> SeparatorRules:
    with rule_file("separators.yaml") as f:
        return SeparatorRules(
            space_gap=f.integer("space_gap"),
            header_cell_max=f.integer("header_cell_max"),
            rule_line=f.pattern("rule_line"),
        )


# --- deadlines.yaml ------------------------------------------------------------

DUE_KINDS = ("month_end", "day", "month_part", "year_end", "half_year", "quarter_end")
DEADLINE_FLAGS = ("immediate", "ongoing", "recurring")


class DeadlineRule(NamedTuple):
    name: str
    pattern: regex.Pattern[str]
    due: str | None
    flags: tuple[str, ...]


class TextDeadlineRule(NamedTuple):
    name: str
    pattern: regex.Pattern[str]  # finds a phrase (group `raw`) inside running text
    # Every phrase the rule finds counts and the latest date wins (the periods a task names:
    # it runs until the last ends); otherwise the first phrase is read.
    latest: bool = False


class DeadlineRules(NamedTuple):
    separators: regex.Pattern[str]
    item_separators: regex.Pattern[str]  # between the deadlines of parallel items (；)
    document_year: regex.Pattern[str]  # group `year`
    year_in_text: regex.Pattern[str]  # group `year`
    plan_period_titles: frozenset[str]  # a section giving the whole plan's time (时间安排)
    milestone_date: regex.Pattern[str]  # group `raw`: a date among a deadline cell's words
    milestone_cell: regex.Pattern[str]  # a short cell opening with its date: a deadline's cell
    rules: tuple[DeadlineRule, ...]
    text_rules: tuple[TextDeadlineRule, ...]


def _deadline_rule(r: Section) -> DeadlineRule:
    flags = tuple(r.words("flags")) if r.has("flags") else ()
    bad = [flag for flag in flags if flag not in DEADLINE_FLAGS]
    if bad:
        raise r.error("flags", f"unknown flag(s) {', '.join(bad)}")
    return DeadlineRule(
        name=r.text("name"), pattern=r.pattern("pattern"), due=r.choice("due", DUE_KINDS), flags=flags
    )


@cache
def deadline_rules() -> DeadlineRules:
    with rule_file("deadlines.yaml") as f:
        return DeadlineRules(
            separators=f.pattern("separators"),
            item_separators=f.pattern("item_separators"),
            document_year=f.pattern("document_year", "year"),
            year_in_text=f.pattern("year_in_text", "year"),
            plan_period_titles=frozenset(f.words("plan_period_titles")),
            milestone_date=f.pattern("milestone_date", "raw"),
            milestone_cell=f.pattern("milestone_cell"),
            rules=tuple(_deadline_rule(r) for r in f.items("rules")),
            text_rules=tuple(
                TextDeadlineRule(
                    name=r.text("name"),
                    pattern=r.pattern("pattern", "raw"),
                    latest=r.has("latest") and r.value("latest", bool),
                )
                for r in f.items("text_rules")
            ),
        )


# --- units.yaml and cells.yaml -------------------------------------------------


class UnitRules(NamedTuple):
    separators: frozenset[str]
    brackets: dict[str, str]
    open_ended_suffix: str
    open_ended_tail: regex.Pattern[str]
    dropped_note: regex.Pattern[str]
    agent_note: regex.Pattern[str]  # group `unit`: a unit doing the work for the one named
    leading_mark: regex.Pattern[str]
    role_tail: regex.Pattern[str]  # the words of a unit's part written after its name (负责落实)
    run_together_levels: str
    run_together_after: str
    lead_mark: regex.Pattern[str]
    phrases: frozenset[str]  # all_districts with full-width brackets, as names are compared
    scope_pattern: regex.Pattern[str]
    scope_definition: regex.Pattern[str]
    alias_definition: regex.Pattern[str]
    districts: dict[str, dict[str, tuple[str, ...]]]


def _districts(f: Section) -> dict[str, dict[str, tuple[str, ...]]]:
    places = f.section("districts")
    found: dict[str, dict[str, tuple[str, ...]]] = {}
    for place in list(places.data):
        groups = places.section(str(place))
        found[str(place)] = {str(group): tuple(groups.words(str(group))) for group in list(groups.data)}
    return found


def _brackets(f: Section, key: str) -> dict[str, str]:
    pairs = f.section(key)
    return {str(opener): pairs.text(str(opener)) for opener in list(pairs.data)}


@cache
def unit_rules() -> UnitRules:
    with rule_file("units.yaml") as f:
        return UnitRules(
            separators=frozenset(f.words("separators")),
            brackets=_brackets(f, "brackets"),
            open_ended_suffix=f.text("open_ended_suffix"),
            open_ended_tail=f.pattern("open_ended_tail"),
            dropped_note=f.pattern("dropped_note"),
            agent_note=f.pattern("agent_note", "unit"),
            leading_mark=f.pattern("leading_mark"),
            role_tail=f.pattern("role_tail"),
            run_together_levels=f.text("run_together_levels"),
            run_together_after=f.text("run_together_after"),
            lead_mark=f.pattern("lead_mark"),
            phrases=frozenset(fullwidth_parens(p) for p in f.words("all_districts")),
            scope_pattern=f.pattern("scope_pattern"),
            scope_definition=f.pattern("scope_definition", "scope", "members"),
            alias_definition=f.pattern("alias_definition", "alias"),
            districts=_districts(f),
        )


class GluedRules(NamedTuple):
    """How the cells of a table copied with nothing between them are told apart (cells.yaml)."""

    name_min: int
    unknown_max: int
    unit_endings: tuple[str, ...]
    unit_min: int
    unit_max: int
    inner_stops: frozenset[str]
    not_unit_starts: tuple[str, ...]
    person_lengths: tuple[int, ...]
    chunk_marker: regex.Pattern[str]


class CellRules(NamedTuple):
    unit_endings: tuple[str, ...]
    glued: GluedRules


def _glued_rules(g: Section) -> GluedRules:
    return GluedRules(
        name_min=g.integer("name_min"),
        unknown_max=g.integer("unknown_max"),
        unit_endings=tuple(g.words("unit_endings")),
        unit_min=g.integer("unit_min"),
        unit_max=g.integer("unit_max"),
        inner_stops=frozenset(g.words("inner_stops")),
        not_unit_starts=tuple(g.words("not_unit_starts")),
        person_lengths=tuple(int(n) for n in g.value("person_lengths", list)),
        chunk_marker=g.pattern("chunk_marker"),
    )


@cache
def cell_rules() -> CellRules:
    with rule_file("cells.yaml") as f:
        endings = f.words("unit_endings")
        if not endings:
            raise f.error("unit_endings", "expected a list of words")
        with f.section("glued") as glued:
            return CellRules(unit_endings=tuple(endings), glued=_glued_rules(glued))


# --- notice.yaml ---------------------------------------------------------------


class RecipientRules(NamedTuple):
    group_separators: frozenset[str]
    item_separator: str
    shared_suffixes: tuple[str, ...]  # longest first, so 街道办事处 wins over 办事处
    place_name: regex.Pattern[str]
    shared_prefixes: tuple[str, ...]
    trailing_group: regex.Pattern[str]


class DeclaredRules(NamedTuple):
    group_count: regex.Pattern[str]
    separator: str
    total: regex.Pattern[str]
    sentence_end: regex.Pattern[str]


class DepartmentCountRule(NamedTuple):
    pattern: regex.Pattern[str]


class TableProfile(NamedTuple):
    """An attachment-table family: its header names, and its column order when the header is missing."""

    name: str
    names: dict[str, str]  # header text → field
    min_header_cells: int
    unnamed_leading_column: str | None
    profile: tuple[str, ...]
    optional: frozenset[str]
    list_fields: dict[str, str]  # field → extra separators
    none_values: frozenset[str]
    group_label: regex.Pattern[str]
    national_pilot: regex.Pattern[str]


class NoticeRules(NamedTuple):
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
    attachment_caption: regex.Pattern[str]
    covering_title: regex.Pattern[str]
    date_line: regex.Pattern[str]
    date_garbled: regex.Pattern[str]
    printed_line: regex.Pattern[str]
    note_line: regex.Pattern[str]
    declared: DeclaredRules
    department_counts: tuple[DepartmentCountRule, ...]
    tables: tuple[TableProfile, ...]


def _recipients(r: Section) -> RecipientRules:
    return RecipientRules(
        group_separators=frozenset(r.words("group_separators")),
        item_separator=r.text("item_separator"),
        shared_suffixes=tuple(sorted(r.words("shared_suffixes"), key=len, reverse=True)),
        place_name=r.pattern("place_name"),
        shared_prefixes=tuple(r.words("shared_prefixes")),
        trailing_group=r.pattern("trailing_group", "head", "tail"),
    )


def _declared(d: Section) -> DeclaredRules:
    return DeclaredRules(
        group_count=d.pattern("group_count", "group", "count"),
        separator=d.text("separator"),
        total=d.pattern("total", "total"),
        sentence_end=d.pattern("sentence_end"),
    )


def _department_count(r: Section) -> DepartmentCountRule:
    r.text("name")  # names the rule for the reader of the file
    return DepartmentCountRule(pattern=r.pattern("pattern", "unit", "cooperation"))


def _list_fields(t: Section) -> dict[str, str]:
    fields = t.section("list_fields")
    found = {}
    for name in list(fields.data):
        fields.known.add(str(name))
        extra = fields.data[name]
        if extra is not None and not isinstance(extra, str):
            raise fields.error(str(name), "expected str")
        found[str(name)] = extra or ""
    return found


def _check_fields(t: Section, fields: tuple[str, ...], used: dict[str, tuple[str, ...]]) -> None:
    for key, names in used.items():
        unknown = [f for f in names if f not in fields]
        if unknown:
            raise t.error(key, f"unknown field(s) {', '.join(unknown)}")


def _table_profile(t: Section) -> TableProfile:
    names = t.words_by_role("columns")
    fields = tuple(dict.fromkeys(names.values()))
    profile = tuple(t.words("profile"))
    optional = tuple(t.words("optional"))
    list_fields = _list_fields(t)
    leading = t.text("unnamed_leading_column") if t.has("unnamed_leading_column") else None
    _check_fields(t, fields, {"profile": profile, "optional": optional, "list_fields": tuple(list_fields)})
    if leading is not None and leading not in fields:
        raise t.error("unnamed_leading_column", f"unknown field {leading}")
    if "seq" not in profile:
        raise t.error("profile", "needs a seq column")
    return TableProfile(
        name=t.text("name"),
        names=names,
        min_header_cells=t.integer("min_header_cells"),
        unnamed_leading_column=leading,
        profile=profile,
        optional=frozenset(optional),
        list_fields=list_fields,
        none_values=frozenset(t.words("none_values")),
        group_label=t.pattern("group_label", "group", "count"),
        national_pilot=t.pattern("national_pilot"),
    )


@cache
def notice_rules() -> NoticeRules:
    with rule_file("notice.yaml") as f:
        return NoticeRules(
            issuer_line=f.pattern("issuer_line", "issuer"),
            doc_number=f.pattern("doc_number", "prefix", "year", "serial"),
            title_end=f.pattern("title_end"),
            recipients_line=f.pattern("recipients_line"),
            max_wrapped_lines=f.integer("max_wrapped_lines"),
            recipients=_recipients(f.section("recipients")),
            paragraph_end=f.pattern("paragraph_end"),
            section_styles=frozenset(f.words("section_styles")),
            heading_title_end=f.pattern("heading_title_end"),
            reference=f.pattern("reference", "title", "paren"),
            attachment_line=f.pattern("attachment_line", "rest"),
            attachment_item=f.pattern("attachment_item", "no", "title"),
            attachment_caption=f.pattern("attachment_caption"),
            covering_title=f.pattern("covering_title"),
            date_line=f.pattern("date_line", "year", "month", "day"),
            date_garbled=f.pattern("date_garbled"),
            printed_line=f.pattern("printed_line", "by", "year", "month", "day"),
            note_line=f.pattern("note_line", "text"),
            declared=_declared(f.section("declared")),
            department_counts=tuple(_department_count(r) for r in f.items("department_counts")),
            tables=tuple(_table_profile(t) for t in f.items("tables")),
        )


# --- labels.yaml ---------------------------------------------------------------

LABEL_ROLES = ("lead", "responsible", "deadline", "text", "ignore")


class LabelRules(NamedTuple):
    roles: dict[str, str]  # marker word → role
    marker: regex.Pattern[str]  # a marker with its colon; group `word`
    line: regex.Pattern[str]  # a line (or bracket content) that starts with a marker
    value_trim: str
    first_listed_leads: regex.Pattern[str]
    standing_units: regex.Pattern[str]  # units named once for this task and every later one
    section_titles: frozenset[str]  # titles of sections that hold no task (总体要求, 保障措施)


def _colons(f: Section, key: str) -> str:
    return "".join(regex.escape(c) for c in f.words(key))


@cache
def label_rules() -> LabelRules:
    with rule_file("labels.yaml") as f:
        roles = f.words_by_role("fields", LABEL_ROLES)
        colons, words = _colons(f, "colons"), alternation(roles)
        return LabelRules(
            roles=roles,
            marker=f.compiled(rf"(?P<word>{words})\s*[{colons}]", "fields", "word"),
            line=f.compiled(rf"^(?P<word>{words})\s*[{colons}]", "fields"),
            value_trim=f.text("value_trim"),
            first_listed_leads=f.pattern("first_listed_leads"),
            standing_units=f.pattern("standing_units", "units"),
            section_titles=frozenset(f.words("section_titles")),
        )


# --- attribution.yaml ----------------------------------------------------------

# remark: a clause that names no unit but says how the list reads (列第一位者为牵头单位).
CLAUSE_ROLES = ("lead", "responsible", "scope", "deadline", "next", "remark")


class ClauseRule(NamedTuple):
    name: str
    pattern: regex.Pattern[str]
    role: str


class AttributionRules(NamedTuple):
    openers: dict[str, str]  # opening bracket → its class
    closers: dict[str, str]  # closing bracket → its class
    trailing: str
    clause_separators: frozenset[str]
    clauses: tuple[ClauseRule, ...]
    unit_separators: str
    role_names: frozenset[str]  # names of a role, no unit's (由责任部门分别负责落实)


def _clause(r: Section) -> ClauseRule:
    role = r.choice("role", CLAUSE_ROLES)
    if role is None:
        raise r.error("role", "missing")
    groups = {"deadline": ("raw",), "remark": ()}.get(role, ("units",))
    return ClauseRule(name=r.text("name"), pattern=r.pattern("pattern", *groups), role=role)


@cache
def attribution_rules() -> AttributionRules:
    with rule_file("attribution.yaml") as f:
        openers: dict[str, str] = {}
        closers: dict[str, str] = {}
        classes = f.section("brackets")
        for name in list(classes.data):
            pair = classes.section(str(name))
            openers.update(dict.fromkeys(pair.text("open"), str(name)))
            closers.update(dict.fromkeys(pair.text("close"), str(name)))
        return AttributionRules(
            openers=openers,
            closers=closers,
            trailing=f.text("trailing"),
            clause_separators=frozenset(f.words("clause_separators")),
            clauses=tuple(_clause(r) for r in f.items("clauses")),
            unit_separators=f.text("unit_separators"),
            role_names=frozenset(f.words("role_names")),
        )


# --- furniture.yaml ------------------------------------------------------------


class FurnitureRules(NamedTuple):
    banner: regex.Pattern[str]
    banner_keys: frozenset[str]
    meta_keys: dict[str, str]  # key word → field
    meta_key: regex.Pattern[str]  # a key with its colon; group `key`
    meta_line: regex.Pattern[str]  # a line that starts with a key and a colon
    meta_row_pairs: int  # a row of key | value cells holds at least this many pairs
    meta_row_start: regex.Pattern[str]  # a row that opens with a key and a | or tab
    meta_date: regex.Pattern[str]
    page_number: regex.Pattern[str]
    page_chrome: regex.Pattern[str]
    title_end: regex.Pattern[str]
    title_lines: int
    title_date: regex.Pattern[str]
    tail_note: regex.Pattern[str]
    contact_note: regex.Pattern[str]


@cache
def furniture_rules() -> FurnitureRules:
    with rule_file("furniture.yaml") as f:
        keys = f.words_by_role("meta_keys")
        colons, words = _colons(f, "meta_colons"), alternation(keys)
        return FurnitureRules(
            banner=f.pattern("banner", "key", "value"),
            banner_keys=frozenset(f.words("banner_keys")),
            meta_keys=keys,
            meta_key=f.compiled(rf"(?P<key>{words})\s*[{colons}]", "meta_keys", "key"),
            meta_line=f.compiled(rf"^(?P<key>{words})\s*[{colons}]", "meta_keys"),
            meta_row_pairs=f.integer("meta_row_pairs"),
            meta_row_start=f.compiled(rf"^\s*\|?\s*(?:{words})\s*[|\t]", "meta_keys"),
            meta_date=f.pattern("meta_date", "year", "month", "day"),
            page_number=f.pattern("page_number"),
            page_chrome=f.pattern("page_chrome"),
            title_end=f.pattern("title_end"),
            title_lines=f.integer("title_lines"),
            title_date=f.pattern("title_date", "year", "month", "day"),
            tail_note=f.pattern("tail_note"),
            contact_note=f.pattern("contact_note"),
        )


# --- targets.yaml --------------------------------------------------------------

COMPARATORS = ("<=", ">=", "<", ">", "=")


class SkipRule(NamedTuple):
    before: regex.Pattern[str]
    units: frozenset[str]  # empty: every unit


class TargetRules(NamedTuple):
    units: dict[str, str]  # as written → canonical unit
    bounds: dict[str, Comparator]  # word → comparator
    verbs: dict[str, Comparator]
    suffixes: dict[str, Comparator]
    number: regex.Pattern[str]  # number, optional range, unit, optional suffix
    before: regex.Pattern[str]  # a bound or verb (and infix) at the end of the text before a number
    skip: tuple[SkipRule, ...]
    keywords: regex.Pattern[str]


def _comparators(f: Section, key: str) -> dict[str, Comparator]:
    """``{comparator: [word, …]}`` → ``{word: comparator}``."""
    return {word: cast("Comparator", op) for word, op in f.words_by_role(key, COMPARATORS).items()}


def _skip_rule(r: Section) -> SkipRule:
    units = r.words("units") if r.has("units") else []
    r.text("name")  # names the rule for the reader of the file
    return SkipRule(before=r.pattern("before"), units=frozenset(units))


@cache
def target_rules() -> TargetRules:
    with rule_file("targets.yaml") as f:
        units, suffixes = f.words_by_role("units"), _comparators(f, "suffixes")
        bounds, verbs = _comparators(f, "bounds"), _comparators(f, "verbs")
        figure = r"\d+(?:\.\d+)?"
        number = (
            rf"(?<![\d.A-Za-z])(?P<value>{figure})(?:\s*{f.text('range_marks')}\s*(?P<value_max>{figure}))?"
            rf"\s*(?P<unit>{alternation(units)})(?P<suffix>{alternation(suffixes)})?"
        )
        bound_or_verb = rf"(?:(?P<bound>{alternation(bounds)})|(?P<verb>{alternation(verbs)}))"
        return TargetRules(
            units=units,
            bounds=bounds,
            verbs=verbs,
            suffixes=suffixes,
            number=f.compiled(number, "units", "value", "unit"),
            before=f.compiled(rf"{bound_or_verb}(?:{f.text('infix')})?$", "infix", "bound", "verb"),
            skip=tuple(_skip_rule(r) for r in f.items("skip")),
            keywords=f.pattern("keywords", "keyword"),
        )
