"""The prose task-division document: tasks stated in running text, not in a table.

Pipeline: lines → tokens (proselex.py) → head and tail (prosehead.py) →
blocks (proseblocks.py) → tasks and headings (proseresolve.py) → rows →
records (assemble.py) → :class:`~ybhj_parse.model.records.Dataset`.

The layouts read, alone or mixed in one document:

- ``labelled-lines``: a numbered task, then one line per field (牵头单位：…);
- ``inline-attribution``: the units in brackets at the end of the task's
  sentence (（牵头单位：…；配合单位：…）, or national style
  （X牵头，Y等按职责分工负责））;
- ``group-attribution``: one attribution line under several tasks, or on
  their heading, applying to all of them.

``document.layout`` names the one found, or ``mixed``; a task table inside the
plan (stretches.py) is read by the table parser, and its rows are records too,
in document order, under the prose headings in force where it starts.  A
numbered top-level section holding no task (总体要求, 保障措施) is a
``document.sections`` entry, not a record.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ybhj_parse.blocks.blockrules import AttributionBlock, Block, TextBlock, parse_blocks
from ybhj_parse.blocks.lexer import Tok, tokenize
from ybhj_parse.blocks.separators import Cell
from ybhj_parse.blocks.stretches import TableStretch
from ybhj_parse.blocks.table import RawRow, parse_table
from ybhj_parse.families.prose.resolve import (
    HEADING,
    OTHER,
    REPEAT,
    SUBPOINT,
    TASK,
    Attached,
    Entry,
    Resolution,
    ends_mid_sentence,
    heading_title,
    resolve,
)
from ybhj_parse.front.body import doc_number
from ybhj_parse.front.furniture import Furniture, read_furniture
from ybhj_parse.front.head import Head, Tail, meta_date, read_head, read_tail
from ybhj_parse.model.diagnostics import Diagnostic, Diagnostics, diag, excerpt
from ybhj_parse.model.records import Dataset, DeadlineSource, Layout, ProseLayout, Section, TableLayout, Task
from ybhj_parse.records.assemble import TaskAssembler, document_year, text_year
from ybhj_parse.records.document import Body, FrontMatter, read_numbers, task_list_document
from ybhj_parse.records.trace import Trace
from ybhj_parse.rules.loader import attribution_rules, column_rules, deadline_rules, label_rules, notice_rules
from ybhj_parse.source.document import SourceText
from ybhj_parse.values.attribution import Attribution
from ybhj_parse.values.deadlines import find_deadline, read_deadline
from ybhj_parse.values.headings import HeadingMatch

if TYPE_CHECKING:
    from ybhj_parse.blocks.detect import Plan
from ybhj_parse.values.sequence import Numbered, check_sequence

LABEL_ORDER = ("lead", "responsible", "deadline")


def _furniture(toks: list[Tok], consumed: set[int], sink: Diagnostics, trace: Trace) -> Furniture:
    """Banners and page numbers are ignored (info); web metadata is kept, first value of each field."""
    found = read_furniture(toks)
    for tok in found.set_aside:
        sink.report("banner-ignored", tok.number, text=excerpt(tok.text))
    consumed.update(found.lines)
    for tok in toks:
        if tok.number in found.lines:
            for rule in tok.rule.split("、"):
                trace.fire(tok.kind, rule)
    return found


def _layout_of(entry: Entry, resolution: Resolution, group_brackets: bool) -> ProseLayout | None:
    """The layout a task's attribution shows.

    Inherited from a heading, or on lines of their own covering several tasks:
    group-attribution; label lines for one task: labelled-lines; a bracket at
    the end of the task (or on the next line, in a document whose bracket
    lines never cover several tasks): inline-attribution.
    """
    attached = entry.own or entry.inherited
    if attached is None:
        return None
    if entry.inherited is not None:
        return "group-attribution"
    if attached.block is not None and len(resolution.covers[id(attached.block)]) > 1:
        return "group-attribution"
    if attached.via == "labels":
        return "labelled-lines"
    if attached.via == "bracket" and group_brackets:
        return "group-attribution"
    return "inline-attribution"


class _RowBuilder:
    def __init__(
        self,
        resolution: Resolution,
        year: int | None,
        first_listed_from: int | None,
        period: Cell | None = None,
    ) -> None:
        self.resolution = resolution
        self.period = period  # the whole plan's time (二、时间安排), for tasks that give none
        self.year = year
        self.first_listed_from = first_listed_from  # the line saying the first unit listed leads
        self.consumed: set[int] = set()
        self.deadline_rules: Counter[str] = Counter()  # where each deadline came from
        # Units a remark named for its task and every later one (以下…均需A落实，不再列出).
        self.standing: list[tuple[str, int]] = []

    def path(self, entry: Entry) -> tuple[HeadingMatch, ...]:
        chain = []
        parent = entry.parent
        while parent is not None:
            if parent.decision == HEADING:
                chain.append(heading_title(parent))
                self.consumed.add(parent.line)
            parent = parent.parent
        return tuple(reversed(chain))

    def row(self, entry: Entry) -> tuple[RawRow, str, Attached | None]:
        attached = entry.own or entry.inherited
        subpoints = [d for d in entry.descendants() if d.decision == SUBPOINT]
        label = entry.heading.marker if entry.heading else ""
        pieces = [entry.text(), *(d.full_text() for d in subpoints)]
        attributions: list[Attached] = [a for a in (attached, *entry.supplements) if a is not None]
        for a in attributions:
            pieces.extend(f.value for f in a.attribution.fields if f.role == "text")
        text = "".join(pieces)
        lines = sorted({*entry.lines, *(n for d in subpoints for n in d.lines)})
        cells: dict[str, Cell] = {"text": Cell(text, entry.line, lines[-1])}
        if label:
            cells["seq"] = Cell(label, entry.line, entry.line)
        end = lines[-1]
        if attached is not None:
            self._units(attached, cells)
        if "lead" not in cells:
            self._heading_lead(entry, cells)
        self._standing_units(attributions, cells)
        for a in attributions:
            if a.block is not None:
                self.consumed.update(a.block.run.lines)
                if len(self.resolution.covers[id(a.block)]) == 1:  # its own lines: part of its span
                    end = max(end, a.block.run.end_line)
        source = self._deadline(entry, attributions, text, cells)
        self.consumed.update(lines)
        row = RawRow(
            cells,
            self.path(entry),
            [],
            lead_optional=True,
            deadline_source=source,
            # The remark holds from where it stands on (下同), not for the tasks above it.
            first_listed_leads=self.first_listed_from is not None,
            unit_separators=attribution_rules().unit_separators,
            bounds=(entry.line, end),
        )
        return row, label, attached

    def _standing_units(self, attributions: list[Attached], cells: dict[str, Cell]) -> None:
        """Add the units named for every task from a remark on (this task's, or one above)."""
        for a in attributions:
            found = a.attribution.first("standing")
            if found is not None:
                self.standing.append((found.value, a.line_of(found)))
        if not self.standing:
            return
        cell = cells.get("responsible")
        written = [c.text for c in cells.values() if c is not cells.get("text")]
        extra = [units for units, _ in self.standing if not any(units in w for w in written)]
        if not extra:
            return
        if cell is None:
            line = self.standing[-1][1]
            cells["responsible"] = Cell("，".join(extra), line, line)
        else:
            cell.text = "，".join([cell.text, *extra])

    @staticmethod
    def _heading_lead(entry: Entry, cells: dict[str, Cell]) -> None:
        """A task whose own attribution names no lead, under a heading that names who leads its
        tasks ((三)省编办牵头的工作 over 1.… 2.… 协同单位：…): that lead."""
        parent = entry.parent
        while parent is not None:
            default = parent.default
            found = default.attribution.first("lead") if default is not None else None
            if default is not None and found is not None:
                line = default.line_of(found)
                cells["lead"] = Cell(default.attribution.value("lead"), line, line)
                return
            parent = parent.parent

    @staticmethod
    def _units(attached: Attached, cells: dict[str, Cell]) -> None:
        for role in ("lead", "responsible"):
            first = attached.attribution.first(role)
            if first is not None:
                line = attached.line_of(first)
                cells[role] = Cell(attached.attribution.value(role), line, line)

    def _deadline(
        self, entry: Entry, attributions: list[Attached], text: str, cells: dict[str, Cell]
    ) -> DeadlineSource:
        for a in attributions:
            found = a.attribution.first("deadline")
            if found is not None:
                line = a.line_of(found)
                cells["deadline"] = Cell(found.value, line, line)
                self.deadline_rules[f"{a.attribution.form}:{found.rule}"] += 1
                return "label" if found.rule in label_rules().roles else "text"
        in_text = find_deadline(text, year=self.year)
        if in_text is not None:
            run = entry.block.run
            at = run.text.find(in_text.raw, entry.start)
            line = run.line_at(at) if at >= 0 else entry.line
            cells["deadline"] = Cell(in_text.raw, line, line)
            self.deadline_rules[f"text:{in_text.rule}"] += 1
        elif self.period is not None:
            cells["deadline"] = Cell(self.period.text, self.period.line, self.period.line)
            self.deadline_rules["plan-period"] += 1
        return "text"


def plan_period(toks: Sequence[Tok], year: int | None) -> Cell | None:
    """The time a section titled 时间安排 (rules/deadlines.yaml) gives the whole plan on its one
    line (二、时间安排 / 即日起至6月30日), as a deadline cell, or None.  Read from the tokens the
    lexer made: their headings are matched once."""
    titles = deadline_rules().plan_period_titles
    for i, tok in enumerate(toks):
        if tok.heading is None or tok.heading.title.strip("：: ") not in titles:
            continue
        below = next((after for after in toks[i + 1 : i + 3] if after.text), None)
        if below is None:
            return None
        text = below.text.rstrip("。.；;")
        value = read_deadline(text, year=year)
        return Cell(text, below.number, below.number) if value.due or value.needs_year else None
    return None


def _roles(attached: Attached) -> frozenset[str]:
    return frozenset(f.role for f in attached.attribution.fields if f.value)


def _truncation(entry: Entry, attached: Attached | None, others: list[Entry], cut_off: bool) -> str | None:
    """What is missing from the last task when the file ends inside it, or None.

    Cut off inside it: no attribution follows it, its bracket is left open, or
    (labelled lines, the file ending mid-sentence) it lacks a field every other
    labelled task has.
    """
    if attached is None:
        return None
    if attached.attribution.truncated:
        return "inside its attribution bracket"
    labelled = [e.own for e in others if e.own is not None and e.own.via == "labels"]
    if cut_off and attached.via == "labels" and labelled:
        usual = frozenset.intersection(*(_roles(a) for a in labelled))
        missing = [column_rules().labels[role] for role in LABEL_ORDER if role in usual - _roles(attached)]
        if missing:
            return "、".join(missing) + " missing, which the other tasks have"
    return None


def _task_problem(
    entry: Entry, attached: Attached | None, seq: int, label: str, tasks: list[Entry], cut_off: bool
) -> Diagnostic | None:
    """The warning a task gets for its attribution: missing beside others', or cut off by the file's end."""
    shown = label or f"line {entry.line}"
    if entry.warning == "truncated-task":
        what: str | None = "no attribution follows it"
    else:
        what = _truncation(entry, attached, tasks[:-1], cut_off) if entry is tasks[-1] else None
    if what is not None:
        return diag("truncated-task", entry.line, field="lead_units", seq=seq, label=shown, what=what)
    if entry.warning == "no-attribution":
        return diag("no-attribution", entry.line, field="lead_units", seq=seq, label=shown)
    return None


def _fire_rules(trace: Trace, toks: list[Tok], blocks: list[Block], resolution: Resolution) -> None:
    for tok in toks:
        if tok.kind == "numbered":
            trace.fire("heading-style", tok.rule)
        elif tok.kind == "label":
            for f in tok.fields:
                trace.fire("label", f.rule)
    for block in blocks:
        spans = block.spans if isinstance(block, TextBlock) else []
        attributions: list[Attribution] = [s.attribution for s in spans]
        if isinstance(block, AttributionBlock):
            attributions.append(block.attribution)
        for a in attributions:
            trace.fire("attribution", a.form)
            if a.form == "national":
                for f in a.fields:
                    trace.fire("clause", f.rule)
    for entry in resolution.entries:
        trace.fire("decision", entry.decision)
    at_rank = next(
        (e.heading.style for e in resolution.tasks if e.heading and e.rank == resolution.task_rank), None
    )
    trace.fire("task-rank", at_rank or "unnumbered")


def _entry_paragraphs(entry: Entry, skip: int = 0) -> list[str]:
    """The entry's text from offset ``skip`` on, as paragraphs: a line ending a sentence ends one."""
    run, end_rule = entry.block.run, notice_rules().paragraph_end
    paragraphs, current = [], ""
    bounds = [*run.starts[1:], len(run.text)]
    for start, stop in zip(run.starts, bounds, strict=True):
        piece = run.text[max(start, entry.start, skip) : min(stop, entry.end)].strip()
        current += piece
        if current and end_rule.search(piece):
            paragraphs.append(current)
            current = ""
    return [*paragraphs, current] if current else paragraphs


def text_sections(resolution: Resolution, consumed: set[int], table_heads: set[int]) -> list[Section]:
    """The numbered top-level sections that hold no task (总体要求, 工作目标, 保障措施 …).

    Each becomes a :class:`Section` as in a notice: its title (the heading's first
    sentence), its text (the rest of the heading line, the lines under it and its
    numbered points, one paragraph a line), and its lines, which are consumed.
    """
    sections: list[Section] = []
    for entry in resolution.entries:
        if entry.parent is not None or entry.heading is None or entry.decision not in (OTHER, HEADING):
            continue
        if id(entry) in table_heads:
            continue  # the heading of a table's rows
        below = entry.descendants()
        if any(e.decision != OTHER or e.attributed for e in below) or entry.attributed:
            continue  # a section with tasks: its heading is in the records' paths
        title = heading_title(entry).title
        run = entry.block.run.text
        skip = run.find(title) + len(title) if title and title in run else 0
        while skip < len(run) and run[skip] in "。；":
            skip += 1
        parts = _entry_paragraphs(entry, skip)
        for point in below:
            first, *rest = _entry_paragraphs(point) or [""]
            parts.extend([(point.heading.marker if point.heading else "") + first, *rest])
        lines = sorted({n for e in (entry, *below) for n in (e.line, *e.lines)})
        consumed.update(lines)
        no = entry.heading.no if entry.heading.no is not None else len(sections) + 1
        sections.append(Section(no=no, title=title, text="\n".join(parts), line=lines[0], end_line=lines[-1]))
    return sections


def first_listed_from(toks: list[Tok]) -> int | None:
    """The first line saying the first unit listed leads (第一责任单位为牵头单位，下同), or None.

    Such a remark says how the document writes its unit lists, wherever it stands (often at
    the first list of several units): it holds for every task, above it too.
    """
    rule = label_rules().first_listed_leads
    return next(
        (t.number for t in toks if t.kind in ("text", "label", "numbered") and rule.search(t.text)), None
    )


def _tables_path(entries: list[Entry], line: int) -> list[Entry]:
    """The prose headings in force where a table starts: the numbered entry right above it (unless
    it is a task) and the headings above that, outermost first."""
    above = [e for e in entries if e.line < line and e.decision != REPEAT]
    entry: Entry | None = above[-1] if above else None
    while entry is not None and (entry.heading is None or entry.decision in (TASK, SUBPOINT)):
        entry = entry.parent
    chain = []
    while entry is not None:
        chain.append(entry)
        entry = entry.parent
    return list(reversed(chain))


@dataclass(slots=True)
class TableRow:
    """A row of a table inside a prose plan."""

    row: RawRow
    label: str
    printed: bool  # the row has its number (else it is numbered by position: seq-missing)
    layout: TableLayout
    numbered: Numbered

    @property
    def line(self) -> int:
        return self.row.line


def _table_rows(
    source: SourceText,
    stretch: TableStretch,
    path: list[Entry],
    assembler: TaskAssembler,
    consumed: set[int],
    trace: Trace,
) -> list[TableRow]:
    """The rows of a table inside the plan, under the prose headings in force."""
    # A table the plan goes on after ends before the file does: its last row is not cut off by it.
    ends_file = not any(not line.blank for line in source.lines[stretch.end_index :])
    parse = parse_table(source.lines[: stretch.end_index], stretch.header, ends_file=ends_file)
    consumed.update(parse.consumed)
    assembler.sink.extend(parse.diags)
    trace.fire("header", stretch.header.layout)
    for heading in parse.headings:
        trace.fire("heading-style", heading.style)
    trace.fire("task", "table-row", len(parse.rows))
    prefix = tuple(heading_title(e) for e in path)
    for entry in path:
        consumed.update([entry.line, *entry.lines])
    numbers = read_numbers(parse, assembler)
    out = []
    for row, (numbered, label) in zip(parse.rows, numbers, strict=True):
        row.path = prefix + row.path
        out.append(TableRow(row, label, numbered.printed, stretch.header.layout, numbered))
    return out


def _number_before(items: Sequence[Entry | TableRow], line: int) -> int | None:
    """The number printed on the last task above ``line`` (a prose task or a table row), or None."""
    above = [item for item in items if item.line < line]
    if not above:
        return None
    last = above[-1]
    if isinstance(last, TableRow):
        return last.numbered.seq if last.printed else None
    return last.heading.no if last.heading is not None else None


def _check_table_numbers(rows: list[TableRow], before: int | None) -> list[Diagnostic]:
    """The numbering diagnostics of a table's rows, as in a table alone (sequence.py).

    The rows are numbered from 1, or on from the task right above the table when their
    first number is larger than its (3. … table rows 4, 5 …).
    """
    printed = [r.numbered.seq for r in rows if r.printed]
    start = before + 1 if before is not None and printed and printed[0] > before else 1
    return check_sequence([r.numbered for r in rows], start=start).diags


def _numbered_through_table(d: Diagnostic, items: Sequence[Entry | TableRow]) -> bool:
    """An item-renumbered warning on a prose task whose number follows that of the table row right
    above it: the numbering went on through the table (3. … table rows 4, 5 … 6.)."""
    if d.code != "item-renumbered":
        return False
    at = next((i for i, item in enumerate(items) if isinstance(item, Entry) and item.line == d.line), None)
    if at is None or at == 0:
        return False
    entry, before = items[at], items[at - 1]
    if not isinstance(entry, Entry) or not isinstance(before, TableRow):
        return False
    found = column_rules().seq_cell.match(before.label)
    return bool(found and entry.heading and entry.heading.no == int(found.group("no")) + 1)


def _headerless_rows(source: SourceText, tables: Sequence[TableStretch]) -> list[Diagnostic]:
    """Lines outside the tables that read as table rows (tab-separated, a task number first):
    a table whose header row was lost.  Their cells cannot be told apart without it, so each
    is left unread and reported, naming its number."""
    seq_cell = column_rules().seq_cell
    diags = []
    for line in source.lines:
        if line.blank or "\t" not in line.raw or any(t.holds(line.number, source.lines) for t in tables):
            continue
        first = line.text.split("\t", 1)[0].strip()
        found = seq_cell.match(first)
        if found is not None:
            numbers = found.group("no")
            diags.append(diag("row-without-header", line.number, numbers=numbers, text=excerpt(line.text)))
    return diags


@dataclass(slots=True)
class _Front:
    """What surrounds the plan's body: web metadata, the head (a covering notice, the title) and
    the tail (signature, date), and the body's tokens between them."""

    furniture: Furniture
    head: Head
    tail: Tail
    body: list[Tok]

    @property
    def meta(self) -> dict[str, str]:
        return self.furniture.meta

    @property
    def date(self) -> dt.date | None:
        meta = self.meta
        return self.head.date or self.tail.date or (meta_date(meta["date"]) if "date" in meta else None)

    def year(self) -> int | None:
        head, date = self.head, self.date
        return document_year(
            head.title,
            f"{head.title_year}年" if head.title_year else None,
            head.notice_title,
            self.meta.get("title"),
            f"{date.year}年" if date else None,
            f"{number.year}年" if (number := self.matter().doc_number) is not None and number.year else None,
        )

    def matter(self) -> FrontMatter:
        head, tail, meta = self.head, self.tail, self.meta
        return FrontMatter(
            issuer=head.issuer or meta.get("issuer") or head.signed_by or tail.signed_by,
            doc_number=head.doc_number or (doc_number(meta["doc_number"]) if "doc_number" in meta else None),
            recipients=head.recipients,
            signed_by=head.signed_by or tail.signed_by,
            date=self.date,
            printed_by=head.printed_by,
            printed_date=head.printed_date,
            web_meta=self.furniture.web_meta,
        )


def _tokens(source: SourceText, tables: Sequence[TableStretch], sink: Diagnostics) -> list[Tok]:
    """The lines as tokens; those of the tables, and the rows that lost their header, are left
    to the table parser (or unread)."""
    headerless = _headerless_rows(source, tables)
    sink.extend(headerless)
    unread = {d.line for d in headerless}
    toks = tokenize(source.lines)
    for i, tok in enumerate(toks):
        if tok.number in unread or any(t.holds(tok.number, source.lines) for t in tables):
            toks[i] = Tok("table", tok.line, tok.text)
    return toks


def _read_front(toks: list[Tok], consumed: set[int], sink: Diagnostics, trace: Trace) -> _Front:
    meta = _furniture(toks, consumed, sink, trace)
    head = read_head(toks)
    sink.extend(head.diags)
    tail = read_tail(toks, head.body_start)
    consumed.update(head.lines, tail.lines)
    return _Front(meta, head, tail, toks[head.body_start : tail.body_end])


def _split_preamble(blocks: list[Block]) -> tuple[list[TextBlock], list[Block]]:
    """Unnumbered paragraphs with no attribution before the first numbered line are the preamble
    (unless nothing else follows them)."""
    preamble: list[TextBlock] = []
    rest = list(blocks)
    while rest and isinstance(first := rest[0], TextBlock) and first.heading is None and not first.spans:
        preamble.append(first)
        rest.pop(0)
    if preamble and not rest:
        return [], list(preamble)
    return preamble, rest


def _labels_of(tables: Sequence[TableStretch]) -> dict[str, str]:
    """Role → the column name the first table's header uses."""
    header = tables[0].header if tables else None
    if header is None:
        return {}
    return {role: name for name, role in zip(header.columns, header.roles, strict=True) if role}


@dataclass(slots=True)
class _Items:
    """The prose tasks and the rows of the tables, in document order."""

    items: list[Entry | TableRow]
    table_heads: set[int]  # ids of the prose entries heading a table's rows


def _items_in_order(
    source: SourceText,
    tables: Sequence[TableStretch],
    resolution: Resolution,
    assembler: TaskAssembler,
    consumed: set[int],
    trace: Trace,
) -> _Items:
    items: list[Entry | TableRow] = list(resolution.tasks)
    table_heads: set[int] = set()
    for stretch in tables:
        path = _tables_path(resolution.entries, stretch.line)
        table_heads.update(id(e) for e in path)
        rows = _table_rows(source, stretch, path, assembler, consumed, trace)
        before = _number_before(sorted(items, key=lambda item: item.line), stretch.line)
        assembler.sink.extend(_check_table_numbers(rows, before))
        items.extend(rows)
    items.sort(key=lambda item: item.line)
    # Said once the tables' rows are known: a number going on through a table is in sequence.
    assembler.sink.extend(d for d in resolution.diags if not (tables and _numbered_through_table(d, items)))
    return _Items(items, table_heads)


class _TaskMaker:
    """Builds the tasks of the items in order, counting the layout each shows."""

    def __init__(
        self,
        resolution: Resolution,
        builder: _RowBuilder,
        assembler: TaskAssembler,
        cut_off: bool,
        trace: Trace,
    ) -> None:
        self.resolution, self.builder, self.assembler = resolution, builder, assembler
        self.cut_off, self.trace = cut_off, trace
        self.layouts: Counter[TableLayout | ProseLayout] = Counter()
        self.group_brackets = any(
            b.kind == "bracket" and len(resolution.covers[id(b)]) > 1 for b in resolution.blocks
        )

    def tasks(self, items: list[Entry | TableRow]) -> list[Task]:
        return [
            self._table_task(item, seq) if isinstance(item, TableRow) else self._prose_task(item, seq)
            for seq, item in enumerate(items, start=1)
        ]

    def _count(self, layout: TableLayout | ProseLayout, line: int, end_line: int) -> None:
        self.layouts[layout] += 1
        self.trace.fire("task-layout", layout)
        self.trace.add_block(layout, line, end_line)

    def _table_task(self, item: TableRow, seq: int) -> Task:
        first_listed = self.builder.first_listed_from
        item.row.first_listed_leads = first_listed is not None
        task = self.assembler.task(item.row, seq, item.label)
        self._count(item.layout, item.row.line, item.row.end_line)
        return task

    def _prose_task(self, entry: Entry, seq: int) -> Task:
        row, label, attached = self.builder.row(entry)
        task = self.assembler.task(row, seq, label)
        problem = _task_problem(entry, attached, seq, label, self.resolution.tasks, self.cut_off)
        if problem is not None:
            self.assembler.sink.add(problem)
        layout = _layout_of(entry, self.resolution, self.group_brackets)
        if layout is not None:
            self._count(layout, row.line, row.end_line)
        return task

    def layout(self) -> Layout:
        """The one layout the tasks show, or mixed; prose when no task was read."""
        layouts = self.layouts
        return next(iter(layouts)) if len(layouts) == 1 else ("mixed" if layouts else "prose")


def parse_prose(
    source: SourceText, sink: Diagnostics, *, trace: Trace | None = None, tables: Sequence[TableStretch] = ()
) -> Dataset:
    """A prose plan; ``tables`` are the stretches of task tables inside it (stretches.py), whose rows
    are records too, in document order with the prose tasks."""
    trace = trace if trace is not None else Trace()
    consumed: set[int] = set()
    toks = _tokens(source, tables, sink)
    front = _read_front(toks, consumed, sink, trace)
    state = parse_blocks(front.body)
    for rule, times in state.rules_fired.items():
        trace.fire("block", rule, times)
    preamble, blocks = _split_preamble(list(state.blocks))
    for block in preamble:
        consumed.update(block.run.lines)

    last_text = next((t.text for t in reversed(front.body) if t.kind in ("text", "numbered", "label")), "")
    cut_off = ends_mid_sentence(last_text)
    resolution = resolve(blocks, cut_off=cut_off)
    _fire_rules(trace, toks, blocks, resolution)

    year = front.year() or text_year(source.lines, sink)
    builder = _RowBuilder(resolution, year, first_listed_from(toks), plan_period(toks, year))
    assembler = TaskAssembler(year, sink, _labels_of(tables))
    found = _items_in_order(source, tables, resolution, assembler, consumed, trace)
    maker = _TaskMaker(resolution, builder, assembler, cut_off, trace)
    tasks = maker.tasks(found.items)
    consumed.update(builder.consumed)
    for rule, times in builder.deadline_rules.items():
        trace.fire("deadline", rule, times)
    consumed.update(e.line for e in resolution.entries if e.decision == REPEAT)
    sections = text_sections(resolution, consumed, found.table_heads)
    if sections:
        trace.fire("section", "no-tasks", len(sections))
    if not tasks:
        sink.report("no-tasks", front.head.lines[-1] if front.head.lines else None)
    trace.layout = maker.layout()
    header = tables[0].header if tables else None
    document = task_list_document(
        source,
        layout=maker.layout(),
        title=front.head.title or front.meta.get("title", ""),
        columns=list(header.columns) if header is not None else [],
        tasks=tasks,
        assembler=assembler,
        consumed=consumed,
        front=front.matter(),
        body=Body(preamble="\n".join(b.run.text for b in preamble) or None, sections=sections or None),
    )
    trace.note_unconsumed(source.lines, document.coverage.unconsumed if document.coverage else [])
    return Dataset(document=document, tasks=tasks)


def parse_plan(source: SourceText, sink: Diagnostics, plan: Plan, *, trace: Trace | None = None) -> Dataset:
    """The family's entry (families/__init__.py): a prose plan, with the task tables the plan found in it."""
    return parse_prose(source, sink, trace=trace, tables=plan.stretches)
