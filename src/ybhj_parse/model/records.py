"""The data contract: Pydantic models of everything ybhj-parse emits.

JSON names here are fixed (tools downstream read them); new fields may be
added.  ``schemas/`` holds the JSON Schema generated from these models by
``ybhj-parse schemas`` and is never edited by hand.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_serializer

from ybhj_parse.model.diagnostics import Diagnostic

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


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False, defer_build=True)


class Source(Model):
    path: str | None = Field(
        description="The path as given on the command line; null for text passed in memory."
    )
    sha256: str
    encoding: str
    lines: int = Field(
        description="Number of lines in the source file; for an original file, of the text it was "
        "rendered to (a paragraph a line, a table row a line)."
    )
    format: str | None = Field(
        default=None,
        description="What an original file was read as: docx, html, xlsx, ods, xls or pdf; absent for text.",
    )

    @model_serializer(mode="wrap")
    def _drop_text_format(self, handler: Any) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)
        if data.get("format") is None:
            data.pop("format", None)  # a text export: nothing to say
        return data


class Counts(Model):
    sections: int
    measures: int
    tasks: int


class Coverage(Model):
    """How much of the source was accounted for by records, headings and metadata."""

    nonblank_lines: int
    consumed_lines: int
    unconsumed: list[int] = Field(default_factory=list, description="Non-blank lines no stage used.")


class Heading(Model):
    marker: str = Field(description="The number as printed, e.g. （一） or 1.")
    no: int | None = Field(description="The number as an int (Chinese numerals read).")
    title: str
    line: int
    style: str = Field(description="The heading rule that matched, e.g. chinese-paren.")


class HeadingRef(Model):
    no: int | None
    title: str
    line: int = Field(description="Line of the heading this value was carried forward from.")


class Deadline(Model):
    raw: str
    due: dt.date | None = Field(description="Last day allowed, ISO date; null when the text gives no date.")
    immediate: bool = False
    ongoing: bool = False
    recurring: bool = False
    source: DeadlineSource = Field(
        default="column",
        description="Where it was read: a table column, a labelled field (完成时限：…), or the task's text.",
    )
    line: int | None = None


Comparator = Literal["<=", ">=", "<", ">", "="]


class Target(Model):
    """A measurable commitment in a task's text: 0.5天内, 不得超过招标项目估算价的1%, 90%以上."""

    value: int | float
    value_max: int | float | None = Field(
        default=None, description="The upper end of a range (1-2项); null for a single number."
    )
    unit: str = Field(description="The canonical unit: 天, 个工作日, 小时, 次, 项, %, 万元, …")
    comparator: Comparator = Field(
        description="<= for 以内, 不超过, 压减至…; >= for 以上, 不低于, 达到…; < and > for 低于, 超过; "
        "= otherwise (and for a range)."
    )
    phrase: str = Field(description="The words of the target as written, a slice of the task's text.")
    start: int = Field(description="Offset of the phrase in text (characters, from 0).")
    end: int = Field(description="Offset just past the phrase: text[start:end] == phrase.")


# The id lists are aligned with the names as written: one id per name, null for a name the
# unit registry (rules/registry.yaml) does not know.
_IDS = "Registry id of each of {}, in the same order; null for a name the registry does not know."


class TaskSource(Model):
    line: int = Field(description="First line of the task's row.")
    end_line: int = Field(description="Last line of the task's row.")
    cells: dict[str, int] = Field(default_factory=dict, description="Field → the line its value came from.")
    # Where the row stands in an original file's table; absent for a text export.
    table: int | None = Field(default=None, description="The table of an original file (1-based).")
    row: int | None = Field(default=None, description="The row in that table (1-based, header rows counted).")
    columns: dict[str, int] | None = Field(
        default=None, description="Field → the table column (1-based) its value came from."
    )
    page: int | None = Field(default=None, description="The page of a PDF the row stands on.")

    @model_serializer(mode="wrap")
    def _drop_absent_origin(self, handler: Any) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)
        for key in ("table", "row", "columns", "page"):
            if data.get(key) is None:
                data.pop(key, None)
        return data


class Task(Model):
    seq: int = Field(description="Task number as printed, e.g. 39 for （39）.")
    label: str = Field(default="", description="The number as written in the source.")
    section: HeadingRef | None
    measure: HeadingRef | None
    headings: list[Heading] = Field(
        default_factory=list, description="The whole heading path, outermost first."
    )
    text: str
    lead_units: list[str]
    responsible_units: list[str]
    lead_unit_ids: list[str | None] = Field(default_factory=list, description=_IDS.format("lead_units"))
    responsible_unit_ids: list[str | None] = Field(
        default_factory=list, description=_IDS.format("responsible_units")
    )
    leaders: list[str] = Field(
        default_factory=list,
        description="People named in a people column (责任领导, 分管领导, 责任人), never read as units.",
    )
    all_districts: bool = Field(description="The unit cells name every district (各区).")
    units_open_ended: bool = Field(description="A unit list ends in 等 (the list is not exhaustive).")
    scope_words: list[str] = Field(
        default_factory=list, description="The words that set all_districts, as written."
    )
    district_ids: list[str] = Field(
        default_factory=list,
        description="Registry ids of the units the scope words stand for (各区: the districts and zones).",
    )
    deadline: Deadline | None
    extra: dict[str, str] = Field(
        default_factory=dict,
        description="Cells of the columns kept as written (完成进展, 备注, 目标, or a column no rule "
        "names), keyed by the header as written.",
    )
    targets: list[Target] = Field(
        default_factory=list, description="The quantified targets in text (rules/targets.yaml)."
    )
    keywords: list[str] = Field(
        default_factory=list, description="The slogans text quotes (“证照分离”), each once, in order."
    )
    problems: list[str] = Field(
        default_factory=list, description="Codes of diagnostics that damage this record."
    )
    source: TaskSource


class DocNumber(Model):
    raw: str
    prefix: str
    year: int
    serial: int


class Reference(Model):
    title: str
    doc_number: DocNumber | None = None
    note: str | None = None
    line: int


class Section(Model):
    no: int
    title: str
    text: str
    line: int
    end_line: int


class Document(Model):
    kind: Literal["task_list", "notice"]
    layout: Layout = Field(
        description="How the records are written: cell-per-line or row-per-line (a task table, or a "
        "notice's attachment table); labelled-lines, inline-attribution or group-attribution (tasks in "
        "prose); mixed (more than one of those in one plan, a task table among them); prose (a plan in "
        "which no task was read); text (a notice with no attachment table)."
    )
    script: Literal["simplified", "traditional"] = Field(
        default="simplified",
        description="The script the source is written in; values are given in simplified characters "
        "either way (a traditional copy is read through a traditional-to-simplified mapping).",
    )
    title: str
    columns: list[str] = Field(
        default_factory=list,
        description="Header cells as written; for a notice table without a header row, the names of "
        "the known profile its columns were read by (see table_profile).",
    )
    source: Source
    aliases: dict[str, str] = Field(
        default_factory=dict, description="Alias → full name, as defined in the text."
    )
    scope_definitions: dict[str, list[str]] = Field(
        default_factory=dict, description="Scope words defined in the text, e.g. 各区 → its members."
    )
    place: str | None = Field(
        default=None,
        description="The unit registry's place the document is of (from its title or issuer), e.g. "
        "ezhou; unit names that do not name their place (市税务局) get ids only in a document of theirs.",
    )
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
    table_profile: str | None = Field(
        default=None,
        description="The known table profile the attachment table was read by, when it has no header.",
    )
    web_meta: dict[str, str] | None = Field(
        default=None,
        description="The web page's metadata lines above the document (索引号, 发布时间, 来源, 点击数, …): "
        "key as written → value; absent when there are none.",
    )

    @model_serializer(mode="wrap")
    def _drop_absent_notice_fields(self, handler: Any) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)
        for key in _NOTICE_FIELDS:
            if data.get(key) is None:
                data.pop(key, None)
        if data.get("coverage") is None:
            data.pop("coverage", None)
        return data


_NOTICE_FIELDS = (
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


class PilotItem(Model):
    seq: int
    group: str
    group_inferred: bool = Field(
        default=False, description="The group was not printed above the row but inferred."
    )
    category: str
    item: str
    pilot_regions: list[str]
    creating_units: list[str]
    city_guiding_units: list[str]
    provincial_guiding_units: list[str]
    creating_unit_ids: list[str | None] = Field(
        default_factory=list, description=_IDS.format("creating_units")
    )
    city_guiding_unit_ids: list[str | None] = Field(
        default_factory=list, description=_IDS.format("city_guiding_units")
    )
    provincial_guiding_unit_ids: list[str | None] = Field(
        default_factory=list, description=_IDS.format("provincial_guiding_units")
    )
    national_pilot: bool
    note: str
    problems: list[str] = Field(
        default_factory=list, description="Codes of the warnings and errors reported on this item's row."
    )
    source: TaskSource


class DepartmentCount(Model):
    unit: str
    declared: int = Field(description="Items the note counts for the unit, cooperation ones included.")
    declared_cooperation: int = Field(default=0, description="Of those, items in cooperation (部门合作).")
    extracted: int = Field(description="Extracted items naming the unit as creating or city guiding unit.")
    line: int | None = Field(default=None, description="Line of the note that gives the count.")


class GroupCompleteness(Model):
    """One group's share of the items: what the body declares, the numbers it spans, what is missing."""

    group: str
    declared: int | None
    extracted: int
    first_seq: int | None = Field(description="First item number of the group's span; null when unknown.")
    last_seq: int | None
    span_basis: Literal["label", "declared"] | None = Field(
        description="label: a printed group label and its count; declared: the body's order and counts."
    )
    missing_seq: list[int] = Field(description="Item numbers in the span with no row in the table.")


class Completeness(Model):
    declared_total: int | None
    declared_by_group: dict[str, int]
    declared_line: int | None = Field(default=None, description="Line of the body that declares the counts.")
    extracted: int
    extracted_by_group: dict[str, int]
    missing_seq: list[int]
    groups: list[GroupCompleteness] = Field(default_factory=list)
    by_department: list[DepartmentCount] = Field(default_factory=list)


class Dataset(Model):
    """What ``extract`` produces for one document."""

    schema_version: str = SCHEMA_VERSION
    document: Document
    tasks: list[Task] = Field(default_factory=list)
    pilot_items: list[PilotItem] | None = None
    completeness: Completeness | None = None
    diagnostics: list[Diagnostic] = Field(default_factory=list)

    @model_serializer(mode="wrap")
    def _drop_absent_sections(self, handler: Any) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)
        for key in ("pilot_items", "completeness"):
            if data.get(key) is None:
                data.pop(key, None)
        return data

    @property
    def valid(self) -> bool:
        return not any(d.severity == "error" for d in self.diagnostics)

    def flatten(self) -> list[tuple[int | None, str | None, str]]:
        """``[(line, field, code), …]`` of the diagnostics: what tests assert on."""
        return [(d.line, d.field, d.code) for d in self.diagnostics]
