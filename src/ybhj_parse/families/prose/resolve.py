"""Prose stage 3: blocks → tasks and headings, each task with its attribution.

Entries.  Each text block gives one entry per attribution bracket it holds
(``一是……（A牵头）；二是……（B牵头）`` gives two): the first keeps the block's
number, the others are unnumbered.  A block without a bracket is one entry.
Unnumbered entries rank below every numbered style.

Attribution.  An entry is *attributed* when a bracket ends it (inline), or
when an attribution block on lines of its own (label lines, or a bracket line)
covers it.  Such a block covers the open entries above it: those after the
last attributed entry and after the last entry ranked above the *task rank*,
keeping the outermost-ranked of them (deeper ones are sub-points of those).
With no open entry, it covers the entry right above it (an attribution on a
heading line).

The task rank.  Each attribution votes for the rank of the entry it is
attached to (for a block: the entry right above it), or, when numbered
entries ranked below that one come right after it, for theirs (an
attribution on or under a heading heads the heading's items); the most
common rank wins, the deeper on a tie.  So a document of ``1.`` tasks under
``（一）`` headings has task rank ``1.``, whatever layout its attributions use.

Task or heading — the rule, decided per entry in document order:

1. inside a task (a descendant of one) and not attributed → a sub-point: its
   text is part of the task's text;
2. attributed, and nothing under it is attributed, and it is at or below the
   task rank or has no numbered entry under it → a **task**;
3. attributed otherwise → a heading whose attribution the unattributed
   entries under it at or below the task rank inherit (they are tasks);
4. not attributed, with an attribution to inherit and at or below the task
   rank → a **task**;
5. not attributed, with entries under it → a heading;
6. otherwise it is text that is no task (总体要求, 保障措施 …), except at the
   task rank beside attributed siblings (a task whose attribution is
   missing: warning), or at the task rank after the last attribution of a
   file that stops mid-sentence (tasks whose attribution was cut off:
   warning) — unless it sits at the top level and is titled like a section
   that holds no task (rules/labels.yaml `section_titles`: 总体要求, 保障措施 …).
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass, field
from typing import Final, Literal

import regex

from ybhj_parse.blocks.blockrules import AttributionBlock, AttributionKind, Block, TextBlock
from ybhj_parse.model.diagnostics import Diagnostic, diag, excerpt
from ybhj_parse.rules.loader import label_rules, notice_rules
from ybhj_parse.source.runs import Run
from ybhj_parse.values.attribution import UNITS_HEADING_RULE, Attribution, AttributionField, Span
from ybhj_parse.values.headings import HeadingMatch, HeadingStack, match_heading

LOOSE_RANK = 100
# What a numbered entry is, once its neighbours are known.
Decision = Literal["task", "heading", "sub-point", "other", "repeat"]
TASK: Final = "task"
HEADING: Final = "heading"
SUBPOINT: Final = "sub-point"  # a numbered point inside a task: part of its text
OTHER: Final = "other"  # text that is neither (a section with no task, a remark)
REPEAT: Final = "repeat"  # a heading printed again after a page break
# Where a task's attribution was read: a bracket inside its sentence, or a block of its own.
Via = Literal["inline"] | AttributionKind
# Why a task is reported as lacking its attribution.
TaskWarning = Literal["no-attribution", "truncated-task"]
_SENTENCE_END = regex.compile(r"[。！？；;!?…”’」』）)]$")


@dataclass(slots=True)
class Attached:
    """An attribution and where it came from."""

    attribution: Attribution
    via: Via
    run: Run  # where the field offsets point
    base: int = 0  # offset of the attribution's text in run.text
    block: AttributionBlock | None = None

    def line_of(self, f: AttributionField) -> int:
        return self.run.line_at(self.base + f.offset)


@dataclass(slots=True, eq=False)
class Entry:
    block: TextBlock
    heading: HeadingMatch | None  # the number, for the first entry of a numbered block
    start: int  # the entry's text in block.run.text
    end: int
    span: Span | None  # the bracket that ends it
    rank: int
    own: Attached | None = None
    parent: Entry | None = None
    children: list[Entry] = field(default_factory=list)
    decision: Decision = OTHER
    default: Attached | None = None  # a heading's attribution, inherited below it
    inherited: Attached | None = None
    supplements: list[Attached] = field(default_factory=list)  # deadline-only label lines
    warning: TaskWarning | None = None

    @property
    def attributed(self) -> bool:
        return self.own is not None

    @property
    def heads_units(self) -> bool:
        """Its attribution is its title naming who leads the tasks under it ((一)省监察厅牵头的工作):
        the lines under it are its tasks, not closed off by the attribution."""
        own = self.own
        return own is not None and any(f.rule == UNITS_HEADING_RULE for f in own.attribution.fields)

    @property
    def line(self) -> int:
        return self.block.run.line_at(self.start) if self.heading is None else self.heading.line

    @property
    def lines(self) -> list[int]:
        run = self.block.run
        first, last = run.line_at(self.start), run.line_at(max(self.start, self.end - 1))
        return [n for n in run.lines if first <= n <= last]

    def text(self) -> str:
        """The entry's text with its attribution bracket cut out."""
        run = self.block.run.text
        if self.span is None:
            return run[self.start : self.end].strip()
        return (run[self.start : self.span.start] + run[self.span.end : self.end]).strip()

    def full_text(self) -> str:
        """As a sub-point: with its number."""
        return (self.heading.marker if self.heading else "") + self.text()

    def descendants(self) -> list[Entry]:
        out: list[Entry] = []
        for child in self.children:
            out.append(child)
            out.extend(child.descendants())
        return out


@dataclass(slots=True)
class Resolution:
    entries: list[Entry]
    blocks: list[AttributionBlock]
    covers: dict[int, list[Entry]]  # id(block) → the entries it covers
    task_rank: int
    diags: list[Diagnostic] = field(default_factory=list)
    tasks: list[Entry] = field(default_factory=list)  # the entries decided to be tasks, in order


def _entries(block: TextBlock) -> list[Entry]:
    rank = block.heading.rank if block.heading else LOOSE_RANK
    length = len(block.run.text)
    if not block.spans:
        return [Entry(block, block.heading, 0, length, None, rank)]
    entries, start = [], 0
    for i, span in enumerate(block.spans):
        end = length if i == len(block.spans) - 1 else span.end
        heading = block.heading if i == 0 else None
        entry_rank = rank if i == 0 else LOOSE_RANK
        if i > 0 and block.heading is not None:
            # (一)…(省发改委负责)(二)…: the next item of the same numbering, on the same line
            numbered = _next_number(block, start, span.start)
            if numbered is not None:
                heading, start, entry_rank = numbered[0], numbered[1], rank
        entry = Entry(block, heading, start, end, span, entry_rank)
        entry.own = Attached(span.attribution, "inline", block.run, span.inner)
        entries.append(entry)
        start = span.end
    return entries


def _next_number(block: TextBlock, start: int, stop: int) -> tuple[HeadingMatch, int] | None:
    """The number an entry after the first of a numbered block opens with, in the block's own
    style (二、 after 一、), and where its text starts; None for an unnumbered one."""
    assert block.heading is not None
    run = block.run
    lead = len(run.text[start:stop]) - len(run.text[start:stop].lstrip())
    piece = run.text[start + lead : stop]
    if not piece:
        return None
    found = match_heading(piece, line=run.line_at(start + lead))
    if found is None or found.style != block.heading.style or not piece.startswith(found.marker):
        return None
    return found, start + lead + len(found.marker)


def _task_rank(sequence: list[Entry | AttributionBlock]) -> int:
    votes: Counter[int] = Counter()
    last: Entry | None = None
    for i, item in enumerate(sequence):
        if isinstance(item, Entry):
            if item.own is not None and item.start == 0:
                votes[_voted_rank(item, sequence, i)] += 1
            last = item
        elif last is not None and item.attribution.names_units:
            votes[_voted_rank(last, sequence, i)] += 1
    if not votes:
        return LOOSE_RANK
    return max(votes.items(), key=lambda kv: (kv[1], kv[0]))[0]


def _voted_rank(anchor: Entry, sequence: list[Entry | AttributionBlock], at: int) -> int:
    """The rank an attribution at ``sequence[at]``, attached to ``anchor``, votes for: the anchor's,
    unless numbered entries ranked below it come next (the attribution heads their group)."""
    following = next((e for e in sequence[at + 1 :] if isinstance(e, Entry)), None)
    if following is not None and following.heading is not None and following.rank > anchor.rank:
        return following.rank
    return anchor.rank


def _cover(block: AttributionBlock, before: list[Entry], rank: int) -> list[Entry]:
    """The open entries an attribution block applies to (see the module docstring)."""
    candidates: list[Entry] = []
    for entry in reversed(before):
        if entry.attributed or entry.rank < rank:
            break
        candidates.append(entry)
    if candidates:
        outer = min(c.rank for c in candidates)
        return [c for c in reversed(candidates) if c.rank == outer]
    if before and not before[-1].attributed:
        return [before[-1]]
    return []


# The words after an entry's bracket that make a piece of work of their own, not a remark.
_TAIL_MIN = 6


def _work_after_bracket(before: list[Entry]) -> Entry | None:
    """The sentence after the bracket that closes the last entry, on its lines ((一)…（牵头单位：A）
    常态化推进…公开。), when an attribution block comes next with nothing open to cover: a piece of
    work of its own, which that block attributes; the entry ends at its bracket."""
    last = before[-1] if before else None
    if last is None or last.span is None or last.own is None or last.own.via != "inline":
        return None
    run = last.block.run.text
    start = last.span.end
    while start < last.end and run[start].isspace():
        start += 1
    if len(run[start : last.end].strip()) < _TAIL_MIN:
        return None
    tail = Entry(last.block, None, start, last.end, None, LOOSE_RANK)
    last.end = last.span.end
    return tail


def _build_tree(entries: list[Entry]) -> list[Diagnostic]:
    """Parents by rank (numbered entries), with numbering checks; an unnumbered entry hangs under
    the nearest open numbered entry (one its own attribution has not closed)."""
    diags: list[Diagnostic] = []
    stack = HeadingStack()
    by_heading: dict[int, Entry] = {}
    for entry in entries:
        if entry.heading is None:
            entry.parent = next(
                (
                    by_heading[id(h)]
                    for h in reversed(stack.path)
                    if not by_heading[id(h)].attributed or by_heading[id(h)].heads_units
                ),
                None,
            )
        else:
            for event in stack.push(entry.heading):
                if event.kind == "repeat":
                    entry.decision = REPEAT
                elif (
                    event.kind == "renumber" and event.previous is not None and event.heading is entry.heading
                ):
                    diags.append(
                        diag(
                            "item-renumbered",
                            entry.line,
                            marker=entry.heading.marker,
                            previous=event.previous.marker,
                        )
                    )
            if entry.decision == REPEAT:
                continue
            by_heading[id(entry.heading)] = entry
            parent = entry.heading.parent
            entry.parent = by_heading.get(id(parent)) if parent is not None else None
        if entry.parent is not None:
            entry.parent.children.append(entry)
    return diags


def _decide(entries: list[Entry], rank: int) -> None:
    attributed_below: dict[int, bool] = {}

    def has_attributed_below(entry: Entry) -> bool:
        if id(entry) not in attributed_below:
            attributed_below[id(entry)] = any(d.attributed for d in entry.descendants())
        return attributed_below[id(entry)]

    for entry in entries:
        if entry.decision == REPEAT:
            continue
        ancestors = []
        parent = entry.parent
        while parent is not None:
            ancestors.append(parent)
            parent = parent.parent
        numbered_below = any(c.heading is not None for c in entry.descendants())
        if not entry.attributed and any(a.decision == TASK for a in ancestors):
            entry.decision = SUBPOINT
        elif entry.attributed:
            if (
                has_attributed_below(entry)
                or (entry.rank < rank and numbered_below)
                or (entry.heads_units and entry.children)
            ):
                entry.decision, entry.default = HEADING, entry.own
            else:
                entry.decision = TASK
        else:
            default = next((a.default for a in ancestors if a.default is not None), None)
            if has_attributed_below(entry):
                entry.decision = HEADING
            elif default is not None and entry.rank >= rank:
                entry.decision, entry.inherited = TASK, default
            elif entry.children:
                entry.decision = HEADING
            else:
                entry.decision = OTHER


def _heading_task_bodies(entries: list[Entry], rank: int) -> None:
    """A heading-level entry that is a task because no numbered item stands under it ((二)“证照分离”
    改革。〔牵头单位：…〕): the unnumbered paragraphs after it are its body, as its items would have
    been its tasks, not text that belongs to no task."""
    owner: Entry | None = None
    for entry in entries:
        if entry.heading is not None:
            task_heading = entry.decision == TASK and entry.rank < rank and not entry.children
            owner = entry if task_heading else None
        elif owner is not None and entry.decision == OTHER and not entry.attributed:
            if entry.parent is not None:
                entry.parent.children.remove(entry)
            entry.parent, entry.decision = owner, SUBPOINT
            owner.children.append(entry)
        else:
            owner = None


def _rescue(entries: list[Entry], rank: int, cut_off: bool) -> Diagnostic | None:
    """Unattributed entries that are still tasks: beside attributed siblings, or cut off at the
    end, or the items of a numbered list that names no unit anywhere (a diagnostic says so)."""
    if not any(e.attributed or e.inherited is not None for e in entries):
        return _rescue_unattributed_list(entries)
    _rescue_beside_tasks(entries, rank)
    if cut_off:
        _rescue_cut_off(entries, rank)
    return None


# A list that names no unit is read when it numbers at least this many items at one rank.
_LIST_ITEMS = 2


def _rescue_unattributed_list(entries: list[Entry]) -> Diagnostic | None:
    """A document that names no unit for any item: the items of its deepest numbered rank (the
    tasks under its headings) are its tasks, without units."""
    ranks = Counter(e.rank for e in entries if e.heading is not None and e.decision != REPEAT)
    deep = [rank for rank, count in ranks.items() if count >= _LIST_ITEMS]
    if not deep:
        return None
    rank = max(deep)
    items = [e for e in entries if e.heading is not None and e.rank == rank and e.decision != REPEAT]
    for entry in items:
        entry.decision = TASK
        for below in entry.descendants():
            below.decision = SUBPOINT
    return diag("units-not-named", items[0].line, count=len(items))


def _rescue_beside_tasks(entries: list[Entry], rank: int) -> None:
    """An unattributed entry at the task rank beside tasks is a task whose attribution is missing."""
    roots = [e for e in entries if e.parent is None]
    for entry in entries:
        if entry.decision != OTHER or entry.rank != rank:
            continue
        if entry.parent is None and is_section_title(entry):
            continue  # 一、总体要求 beside top-level tasks: a section with text only
        siblings = entry.parent.children if entry.parent else roots
        if any(s.decision == TASK and s.rank == rank for s in siblings):
            entry.decision, entry.warning = TASK, "no-attribution"


def _rescue_cut_off(entries: list[Entry], rank: int) -> None:
    """The entries after the last attribution, at the task rank: their attribution was cut off."""
    for entry in reversed(entries):
        if entry.decision in (REPEAT, SUBPOINT):
            continue
        if entry.attributed or entry.inherited is not None or entry.rank < rank:
            break
        if entry.parent is None and is_section_title(entry):
            break  # the file was cut in a section after the tasks (保障措施), not in a task
        if entry.rank == rank or entry is entries[-1]:
            entry.decision, entry.warning = TASK, "truncated-task"


def is_section_title(entry: Entry) -> bool:
    """The entry is numbered and titled like a section that holds no task (rules/labels.yaml)."""
    if entry.heading is None:
        return False
    title = heading_title(entry).title.rstrip("。：:；;，, ")
    return title in label_rules().section_titles


def heading_title(entry: Entry) -> HeadingMatch:
    """The heading as shown in a path: its first sentence, without attribution brackets."""
    assert entry.heading is not None
    run = entry.block.run
    first_line_end = run.starts[1] if len(run.starts) > 1 else len(run.text)
    text = run.text[:first_line_end]
    if entry.span is not None and entry.span.start < first_line_end:
        text = text[: entry.span.start] + text[min(entry.span.end, first_line_end) :]
    cut = notice_rules().heading_title_end.search(text)  # as a notice's section titles end
    title = (text[: cut.start()] if cut else text).strip()
    return dataclasses.replace(entry.heading, title=title, parent=None)


def resolve(blocks: list[Block], *, cut_off: bool = False) -> Resolution:
    """Decide tasks and headings; ``cut_off`` says the input stops mid-sentence."""
    sequence: list[Entry | AttributionBlock] = []
    for block in blocks:
        if isinstance(block, TextBlock):
            sequence.extend(_entries(block))
        else:
            sequence.append(block)
    rank = _task_rank(sequence)
    resolution = Resolution([], [], {}, rank)
    for item in sequence:
        if isinstance(item, Entry):
            resolution.entries.append(item)
            continue
        resolution.blocks.append(item)
        before = resolution.entries
        if not item.attribution.names_units:
            if before:  # 完成时限：… alone: it belongs to the entry above
                before[-1].supplements.append(Attached(item.attribution, item.kind, item.run, block=item))
                resolution.covers[id(item)] = [before[-1]]
            else:
                resolution.covers[id(item)] = []
            continue
        covered = _cover(item, before, rank)
        if not covered and (tail := _work_after_bracket(before)) is not None:
            before.append(tail)
            covered = [tail]
        resolution.covers[id(item)] = covered
        if not covered:
            resolution.diags.append(
                diag(
                    "attribution-orphan",
                    item.run.line,
                    end_line=item.run.end_line,
                    text=excerpt(item.run.text),
                )
            )
        for entry in covered:
            entry.own = Attached(item.attribution, item.kind, item.run, block=item)
    resolution.diags.extend(_build_tree(resolution.entries))
    _decide(resolution.entries, rank)
    _heading_task_bodies(resolution.entries, rank)
    unnamed = _rescue(resolution.entries, rank, cut_off)
    if unnamed is not None:
        resolution.diags.append(unnamed)
    resolution.tasks = [e for e in resolution.entries if e.decision == TASK]
    return resolution


def ends_mid_sentence(text: str) -> bool:
    return bool(text) and not _SENTENCE_END.search(text)
