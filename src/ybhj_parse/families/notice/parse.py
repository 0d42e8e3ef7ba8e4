"""The official notice (通知): metadata, body sections, and the attachment table of pilot items.

Pipeline (data flows one way):

    lines → parts (noticelayout) → metadata (noticemeta), body (noticebody),
    table rows (pilottable) → field values (pilotitems) → groups (pilotgroups)
    → records and completeness (completeness) → :class:`~ybhj_parse.model.records.Dataset`

The pilot items go to ``Dataset.pilot_items``; ``tasks`` stays empty, so
``document.counts.tasks`` is 0 and ``counts.sections`` is the number of body
sections (一、二、…); ``counts.measures`` is 0.  Every non-blank line is
consumed by the metadata, the body, the table or the note, or listed in
``coverage.unconsumed``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ybhj_parse.errors import InputError
from ybhj_parse.families.notice.completeness import build_completeness
from ybhj_parse.families.notice.declared import read_declared, read_departments
from ybhj_parse.families.notice.groupnames import GroupRegistry
from ybhj_parse.families.notice.groups import assign_groups
from ybhj_parse.families.notice.items import read_fields, to_item
from ybhj_parse.families.notice.table import read_table
from ybhj_parse.front.body import read_body
from ybhj_parse.front.meta import read_meta
from ybhj_parse.front.parts import split_notice
from ybhj_parse.model.diagnostics import Diagnostics
from ybhj_parse.model.records import Dataset, Document, PilotItem
from ybhj_parse.records.document import Body, FrontMatter, notice_document
from ybhj_parse.records.trace import Trace
from ybhj_parse.rules.loader import notice_rules
from ybhj_parse.source.document import SourceText

if TYPE_CHECKING:
    from ybhj_parse.blocks.detect import Plan
    from ybhj_parse.families.notice.declared import DeclaredCounts
    from ybhj_parse.families.notice.groups import Grouping
    from ybhj_parse.families.notice.items import PilotFields
    from ybhj_parse.families.notice.table import PilotTable
    from ybhj_parse.front.body import Body as NoticeBody
    from ybhj_parse.front.meta import NoticeMeta
    from ybhj_parse.front.parts import NoticeParts
    from ybhj_parse.rules.loader import NoticeRules


def parse_notice(source: SourceText, sink: Diagnostics, *, trace: Trace | None = None) -> Dataset:
    """An official notice: its parts and metadata, its body, its attachment table of pilot items
    with their groups, and the completeness of the items against the counts the body declares."""
    rules = notice_rules()
    parts = split_notice(source.lines, rules)
    meta = _read_notice_meta(parts, rules, source)
    body = read_body(parts.body, rules)
    table = read_table(parts.table) if parts.table else None
    records = [read_fields(row, table.profile) for row in table.rows] if table else []
    declared, grouping, items = _grouped_items(body, records, rules)
    for found in (meta.diags, declared.diags, grouping.diags):
        sink.extend(found)
    departments = read_departments(parts.notes, rules)
    completeness = build_completeness(items, declared, grouping.spans, departments, sink)
    consumed = parts.consumed()
    if table is not None:
        sink.extend(table.diags)
        consumed |= table.consumed
    else:
        # cite the attachment line that promises the table, when there is one
        sink.report("no-table", parts.attachments[0].number if parts.attachments else None)
    document = _document(source, meta, body, table, consumed)
    if trace is not None:
        _trace(trace, source, document, items, table is not None and table.header_line is None)
    return Dataset(document=document, pilot_items=items, completeness=completeness)


def _read_notice_meta(parts: NoticeParts, rules: NoticeRules, source: SourceText) -> NoticeMeta:
    """The notice's metadata; content with neither a document number nor a title over recipients
    is no notice."""
    meta = read_meta(parts, rules)
    if meta.doc_number is None and not (meta.title and meta.recipients):
        raise InputError(
            "not an official notice: expected a document number such as 鄂州优化发〔2023〕6号, or a title "
            "followed by a recipients line ending in ：",
            path=source.path or "<stdin>",
        )
    return meta


def _grouped_items(
    body: NoticeBody, records: list[PilotFields], rules: NoticeRules
) -> tuple[DeclaredCounts, Grouping, list[PilotItem]]:
    """The counts the body declares, the group of each row, and the pilot items."""
    registry = GroupRegistry.for_texts(
        [p.text for p in body.paragraphs]
        + [f.row.label.text for f in records if f.row.label is not None]
        + [unit for f in records for unit in f.creating_units]
    )
    declared = read_declared(body.paragraphs, registry, rules)
    grouping = assign_groups(records, declared, registry)
    items = [to_item(f, a.group, a.inferred) for f, a in zip(records, grouping.assignments, strict=True)]
    return declared, grouping, items


def _document(
    source: SourceText, meta: NoticeMeta, body: NoticeBody, table: PilotTable | None, consumed: set[int]
) -> Document:
    front = FrontMatter(
        issuer=meta.issuer,
        doc_number=meta.doc_number,
        recipients=meta.recipients,
        signed_by=meta.signed_by,
        date=meta.date,
        printed_by=meta.printed_by,
        printed_date=meta.printed_date,
        web_meta=meta.web_meta,
    )
    return notice_document(
        source,
        layout="row-per-line" if table is not None else "text",
        title=meta.title,
        columns=table.columns if table is not None else [],
        consumed=consumed,
        front=front,
        body=Body(preamble=body.preamble, sections=body.sections),
        references=body.references,
        attachments=meta.attachments,
        table_profile=table.profile.name if table is not None and table.header_line is None else None,
    )


def _trace(
    trace: Trace, source: SourceText, document: Document, items: list[PilotItem], by_profile: bool
) -> None:
    """What --explain shows of a notice: the metadata found, how the table was read, the groups."""
    trace.layout = document.layout
    for name in _TRACED_FIELDS:
        if getattr(document, name):
            trace.fire("metadata", name)
    trace.fire("body", "section", len(document.sections or []))
    if document.references:
        trace.fire("body", "reference", len(document.references))
    if items:
        trace.fire("table", f"profile:{document.table_profile}" if by_profile else "header-row")
        trace.fire("table", "row", len(items))
        trace.fire("group", "printed-label", sum(not item.group_inferred for item in items))
        trace.fire("group", "inferred", sum(item.group_inferred for item in items))
        trace.add_block(document.layout, items[0].source.line, items[-1].source.end_line)
        trace.blocks[-1].tasks = len(items)
    if document.coverage is not None:
        trace.note_unconsumed(source.lines, document.coverage.unconsumed)


_TRACED_FIELDS = (
    "issuer",
    "doc_number",
    "title",
    "recipients",
    "preamble",
    "attachments",
    "signed_by",
    "date",
    "printed_by",
    "printed_date",
)


def parse_plan(source: SourceText, sink: Diagnostics, plan: Plan, *, trace: Trace | None = None) -> Dataset:
    """The family's entry (families/__init__.py): a notice needs nothing of the plan but its family."""
    return parse_notice(source, sink, trace=trace)
