"""The data contract: the records ybhj-parse emits, as plain dataclasses.

A parse builds them without pydantic (so one document starts and runs fast); pydantic
reads them, fields, types and the docstring under each field, to generate the JSON
Schema in ``schemas/`` and the validator that ``model/contract.py`` checks a whole
dataset with in one call.  JSON names here are fixed (tools downstream read them);
new fields may be added.  Both generated files are never edited by hand.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from ybhj_parse.model.diagnostics import Diagnostic
from ybhj_parse.model.record import Record

SCHEMA_VERSION = "1.0"

DeadlineSource = Literal["column", "label", "text"]
# How a task table writes its rows: a cell a line, or a row a line (its cells separated).
TableLayout = Literal["cell-per-line", "row-per-line"]
# How a prose plan attributes its tasks to units.
ProseLayout = Literal["labelled-lines", "inline-attribution", "group-attribution"]
# document.layout: one of those; mixed (several in one plan); prose (a plan in which no task was
# read); text (a notice with no attachment table).
# (One flat list, so the schema lists the values in one enum.)
Layout = Literal[
    "cell-per-line",
    "row-per-line",
    "labelled-lines",
    "inline-attribution",
    "group-attribution",
    "mixed",
    "prose",
    "text",
]


@dataclass(kw_only=True)
class Source(Record):
    path: str | None
    """The path as given on the command line; null for text passed in memory."""
    sha256: str
    encoding: str
    lines: int
    """Number of lines in the source file; for an original file, of the text it was rendered to (a paragraph a line, a table row a line)."""
    format: str | None = None
    """What an original file was read as: docx, html, xlsx, ods, xls or pdf; absent for text."""

    OMITTED_WHEN_NONE = ("format",)  # a text export: nothing to say


@dataclass(kw_only=True)
class Counts(Record):
    sections: int
    measures: int
    tasks: int


@dataclass(kw_only=True)
class Coverage(Record):
    """How much of the source was accounted for by records, headings and metadata."""

    nonblank_lines: int
    consumed_lines: int
    unconsumed: list[int] = field(default_factory=list)
    """Non-blank lines no stage used."""


@dataclass(kw_only=True)
class Heading(Record):
    marker: str
    """The number as printed, e.g. （一） or 1."""
    no: int | None
    """The number as an int (Chinese numerals read)."""
    title: str
    line: int
    style: str
    """The heading rule that matched, e.g. chinese-paren."""


@dataclass(kw_only=True)
class HeadingRef(Record):
    no: int | None
    title: str
    line: int
    """Line of the heading this value was carried forward from."""


@dataclass(kw_only=True)
class Deadline(Record):
    raw: str
    due: dt.date | None
    """Last day allowed, ISO date; null when the text gives no date."""
    immediate: bool = False
    ongoing: bool = False
    recurring: bool = False
    source: DeadlineSource = "column"
    """Where it was read: a table column, a labelled field (完成时限：…), or the task's text."""
    line: int | None = None


Comparator = Literal["<=", ">=", "<", ">", "="]


@dataclass(kw_only=True)
class Target(Record):
    """A measurable commitment in a task's text: 0.5天内, 不得超过招标项目估算价的1%, 90%以上."""

    value: int | float
    value_max: int | float | None = None
    """The upper end of a range (1-2项); null for a single number."""
    unit: str
    """The canonical unit: 天, 个工作日, 小时, 次, 项, %, 万元, …"""
    comparator: Comparator
    """<= for 以内, 不超过, 压减至…; >= for 以上, 不低于, 达到…; < and > for 低于, 超过; = otherwise (and for a range)."""
    phrase: str
    """The words of the target as written, a slice of the task's text."""
    start: int
    """Offset of the phrase in text (characters, from 0)."""
    end: int
    """Offset just past the phrase: text[start:end] == phrase."""


# The id lists are aligned with the names as written: one id per name, null for a name the
# unit registry (rules/registry.yaml) does not know.


@dataclass(kw_only=True)
class TaskSource(Record):
    line: int
    """First line of the task's row."""
    end_line: int
    """Last line of the task's row."""
    cells: dict[str, int] = field(default_factory=dict)
    """Field → the line its value came from."""
    # Where the row stands in an original file's table; absent for a text export.
    table: int | None = None
    """The table of an original file (1-based)."""
    row: int | None = None
    """The row in that table (1-based, header rows counted)."""
    columns: dict[str, int] | None = None
    """Field → the table column (1-based) its value came from."""
    page: int | None = None
    """The page of a PDF the row stands on."""

    OMITTED_WHEN_NONE = ("table", "row", "columns", "page")


@dataclass(kw_only=True)
class Task(Record):
    seq: int
    """Task number as printed, e.g. 39 for （39）."""
    label: str = ""
    """The number as written in the source."""
    section: HeadingRef | None
    measure: HeadingRef | None
    headings: list[Heading] = field(default_factory=list)
    """The whole heading path, outermost first."""
    text: str
    lead_units: list[str]
    responsible_units: list[str]
    lead_unit_ids: list[str | None] = field(default_factory=list)
    """Registry id of each of lead_units, in the same order; null for a name the registry does not know."""
    responsible_unit_ids: list[str | None] = field(default_factory=list)
    """Registry id of each of responsible_units, in the same order; null for a name the registry does not know."""
    leaders: list[str] = field(default_factory=list)
    """People named in a people column (责任领导, 分管领导, 责任人), never read as units."""
    all_districts: bool
    """The unit cells name every district (各区)."""
    units_open_ended: bool
    """A unit list ends in 等 (the list is not exhaustive)."""
    scope_words: list[str] = field(default_factory=list)
    """The words that set all_districts, as written."""
    district_ids: list[str] = field(default_factory=list)
    """Registry ids of the units the scope words stand for (各区: the districts and zones)."""
    deadline: Deadline | None
    extra: dict[str, str] = field(default_factory=dict)
    """Cells of the columns kept as written (完成进展, 备注, 目标, or a column no rule names), keyed by the header as written."""
    targets: list[Target] = field(default_factory=list)
    """The quantified targets in text (rules/targets.yaml)."""
    keywords: list[str] = field(default_factory=list)
    """The slogans text quotes (“证照分离”), each once, in order."""
    problems: list[str] = field(default_factory=list)
    """Codes of diagnostics that damage this record."""
    source: TaskSource


@dataclass(kw_only=True)
class DocNumber(Record):
    raw: str
    prefix: str
    year: int
    serial: int


@dataclass(kw_only=True)
class Reference(Record):
    title: str
    doc_number: DocNumber | None = None
    note: str | None = None
    line: int


@dataclass(kw_only=True)
class Section(Record):
    no: int
    title: str
    text: str
    line: int
    end_line: int


# The fields of an official notice (通知): absent for a plain task list.
NOTICE_FIELDS = (
    "issuer",
    "doc_number",
    "recipients",
    "references",
    "preamble",
    "sections",
    "attachments",
    "signed_by",
    "date",
    "printed_by",
    "printed_date",
    "table_profile",
    "web_meta",
)


@dataclass(kw_only=True)
class Document(Record):
    kind: Literal["task_list", "notice"]
    layout: Layout
    """How the records are written: cell-per-line or row-per-line (a task table, or a notice's attachment table); labelled-lines, inline-attribution or group-attribution (tasks in prose); mixed (more than one of those in one plan, a task table among them); prose (a plan in which no task was read); text (a notice with no attachment table)."""
    script: Literal["simplified", "traditional"] = "simplified"
    """The script the source is written in; values are given in simplified characters either way (a traditional copy is read through a traditional-to-simplified mapping)."""
    title: str
    columns: list[str] = field(default_factory=list)
    """Header cells as written; for a notice table without a header row, the names of the known profile its columns were read by (see table_profile)."""
    source: Source
    aliases: dict[str, str] = field(default_factory=dict)
    """Alias → full name, as defined in the text."""
    scope_definitions: dict[str, list[str]] = field(default_factory=dict)
    """Scope words defined in the text, e.g. 各区 → its members."""
    place: str | None = None
    """The unit registry's place the document is of (from its title or issuer), e.g. ezhou; unit names that do not name their place (市税务局) get ids only in a document of theirs."""
    counts: Counts
    coverage: Coverage | None = None
    # Official notices (通知): absent for plain task lists.
    issuer: str | None = None
    doc_number: DocNumber | None = None
    recipients: list[str] | None = None
    references: list[Reference] | None = None
    preamble: str | None = None
    sections: list[Section] | None = None
    attachments: list[str] | None = None
    signed_by: str | None = None
    date: dt.date | None = None
    printed_by: str | None = None
    printed_date: dt.date | None = None
    table_profile: str | None = None
    """The known table profile the attachment table was read by, when it has no header."""
    web_meta: dict[str, str] | None = None
    """The web page's metadata lines above the document (索引号, 发布时间, 来源, 点击数, …): key as written → value; absent when there are none."""

    OMITTED_WHEN_NONE = (*NOTICE_FIELDS, "coverage")


@dataclass(kw_only=True)
class PilotItem(Record):
    seq: int
    group: str
    group_inferred: bool = False
    """The group was not printed above the row but inferred."""
    category: str
    item: str
    pilot_regions: list[str]
    creating_units: list[str]
    city_guiding_units: list[str]
    provincial_guiding_units: list[str]
    creating_unit_ids: list[str | None] = field(default_factory=list)
    """Registry id of each of creating_units, in the same order; null for a name the registry does not know."""
    city_guiding_unit_ids: list[str | None] = field(default_factory=list)
    """Registry id of each of city_guiding_units, in the same order; null for a name the registry does not know."""
    provincial_guiding_unit_ids: list[str | None] = field(default_factory=list)
    """Registry id of each of provincial_guiding_units, in the same order; null for a name the registry does not know."""
    national_pilot: bool
    note: str
    problems: list[str] = field(default_factory=list)
    """Codes of the warnings and errors reported on this item's row."""
    source: TaskSource


@dataclass(kw_only=True)
class DepartmentCount(Record):
    unit: str
    declared: int
    """Items the note counts for the unit, cooperation ones included."""
    declared_cooperation: int = 0
    """Of those, items in cooperation (部门合作)."""
    extracted: int
    """Extracted items naming the unit as creating or city guiding unit."""
    line: int | None = None
    """Line of the note that gives the count."""


@dataclass(kw_only=True)
class GroupCompleteness(Record):
    """One group's share of the items: what the body declares, the numbers it spans, what is missing."""

    group: str
    declared: int | None
    extracted: int
    first_seq: int | None
    """First item number of the group's span; null when unknown."""
    last_seq: int | None
    span_basis: Literal["label", "declared"] | None
    """label: a printed group label and its count; declared: the body's order and counts."""
    missing_seq: list[int]
    """Item numbers in the span with no row in the table."""


@dataclass(kw_only=True)
class Completeness(Record):
    declared_total: int | None
    declared_by_group: dict[str, int]
    declared_line: int | None = None
    """Line of the body that declares the counts."""
    extracted: int
    extracted_by_group: dict[str, int]
    missing_seq: list[int]
    groups: list[GroupCompleteness] = field(default_factory=list)
    by_department: list[DepartmentCount] = field(default_factory=list)


# The unit lists of each kind of record, each with the list of registry ids aligned with it
# (one id per name): records key → names field → ids field.  Linking, validating and the
# unit answers read the lists from here.
UNIT_ID_FIELDS: dict[str, dict[str, str]] = {
    "tasks": {"lead_units": "lead_unit_ids", "responsible_units": "responsible_unit_ids"},
    "pilot_items": {
        "creating_units": "creating_unit_ids",
        "city_guiding_units": "city_guiding_unit_ids",
        "provincial_guiding_units": "provincial_guiding_unit_ids",
    },
}


@dataclass(kw_only=True)
class Dataset(Record):
    """What ``extract`` produces for one document."""

    schema_version: str = SCHEMA_VERSION
    document: Document
    tasks: list[Task] = field(default_factory=list)
    pilot_items: list[PilotItem] | None = None
    completeness: Completeness | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    OMITTED_WHEN_NONE = ("pilot_items", "completeness")

    @property
    def valid(self) -> bool:
        return not any(d.severity == "error" for d in self.diagnostics)

    def flatten(self) -> list[tuple[int | None, str | None, str]]:
        """``[(line, field, code), …]`` of the diagnostics: what tests assert on."""
        return [(d.line, d.field, d.code) for d in self.diagnostics]
