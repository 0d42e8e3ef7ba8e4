"""Prose stage 2: tokens → blocks, over a cursor with ordered block rules.

The rules are tried in order on the token under the cursor; the first that
matches consumes its lines and emits one block:

- ``skip``: blank lines and page furniture (the document stage records them);
- ``table``: the lines of a task table inside the plan (stretches.py), read by
  the table parser; they end any block above them;
- ``labels``: a run of label lines (牵头单位：… 责任单位：… 完成时限：…), with a
  value wrapped onto the next line when it ends in a list separator;
- ``bracket``: an attribution in brackets on lines of its own
  (（责任单位：…）, 〔市发展改革委牵头，…〕), possibly wrapped;
- ``numbered``: a numbered line and the text lines under it;
- ``paragraph``: unnumbered text lines.

A text block (numbered or paragraph) continues over the following text lines
until one would start another block (asked in *silent* mode, which only
looks) or until a line ends with an attribution bracket: an attribution
closes the task it ends, so the next line of text is a new paragraph.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

import regex

from ybhj_parse.blocks.lexer import Tok
from ybhj_parse.rules.loader import attribution_rules
from ybhj_parse.source.runs import Run
from ybhj_parse.values.attribution import Attribution, AttributionField, Span, find_attributions, trailing
from ybhj_parse.values.headings import HeadingMatch

FURNITURE = frozenset({"blank", "banner", "page-number", "web-meta"})
# A label value ending in one of these continues on the next line (责任单位：市发改委、\n市财政局).
_LIST_CONTINUES = ("、", "，", ",", "；", ";")
# An attribution bracket may be wrapped onto at most this many lines.
_MAX_BRACKET_LINES = 4


@dataclass(slots=True, eq=False)
class TextBlock:
    """A numbered line (``heading`` set) or an unnumbered paragraph, with the text lines under it."""

    heading: HeadingMatch | None
    run: Run  # the text after the number, and the lines continuing it
    spans: list[Span] = field(default_factory=list)  # attributions found in the text

    @property
    def line(self) -> int:
        return self.heading.line if self.heading else self.run.line

    @property
    def lines(self) -> list[int]:
        return self.run.lines


# An attribution block is label lines (牵头单位：…) or a bracket alone on its lines.
AttributionKind = Literal["labels", "bracket"]


@dataclass(slots=True, eq=False)
class AttributionBlock:
    """An attribution on lines of its own: label lines, or a bracket."""

    kind: AttributionKind
    attribution: Attribution
    run: Run  # the lines read; field offsets point into run.text

    @property
    def lines(self) -> list[int]:
        return self.run.lines


Block = TextBlock | AttributionBlock


@dataclass(slots=True)
class BlockState:
    toks: list[Tok]
    pos: int = 0
    blocks: list[Block] = field(default_factory=list)
    rules_fired: dict[str, int] = field(default_factory=dict)

    def next_content(self, pos: int) -> int:
        """Index of the first token at or after ``pos`` that is not blank or furniture."""
        while pos < len(self.toks) and self.toks[pos].kind in FURNITURE:
            pos += 1
        return pos

    def emit(self, block: Block, rule: str) -> None:
        self.blocks.append(block)
        self.rules_fired[rule] = self.rules_fired.get(rule, 0) + 1


BlockRule = Callable[[BlockState, bool], bool]


def _skip(state: BlockState, silent: bool) -> bool:
    if state.toks[state.pos].kind not in FURNITURE:
        return False
    if not silent:
        state.pos += 1
    return True


def _table(state: BlockState, silent: bool) -> bool:
    if state.toks[state.pos].kind != "table":
        return False
    if not silent:
        state.pos += 1
    return True


def _labels(state: BlockState, silent: bool) -> bool:
    if state.toks[state.pos].kind != "label":
        return False
    if silent:
        return True
    run, fields = Run(), list[AttributionField]()
    pos = state.pos
    while pos < len(state.toks):
        tok = state.toks[pos]
        if tok.kind == "label":
            base = len(run.text)
            run.add(tok.text, tok.number)
            fields.extend(AttributionField(f.role, f.value, f.rule, f.offset + base) for f in tok.fields)
        elif (
            tok.kind == "text"
            and fields
            and (not fields[-1].value or fields[-1].value.endswith(_LIST_CONTINUES))
        ):
            run.add(tok.text, tok.number)
            fields[-1].value += tok.text.rstrip("；;，,。")
        elif tok.kind not in FURNITURE:
            break
        pos += 1
    state.pos = pos
    state.emit(AttributionBlock("labels", Attribution("labelled", fields), run), "labels")
    return True


def _bracket_lines(state: BlockState) -> tuple[Run, Span] | None:
    """Lines from the cursor that hold exactly one attribution bracket, nothing else."""
    tok = state.toks[state.pos]
    rules = attribution_rules()
    if tok.kind != "text" or tok.text[0] not in rules.openers:
        return None
    run = Run()
    pos = state.pos
    for _ in range(_MAX_BRACKET_LINES):
        run.add(state.toks[pos].text, state.toks[pos].number)
        spans = find_attributions(run.text)
        if spans:
            first = spans[0]
            return (run, first) if first.start == 0 and trailing(first, run.text) else None
        pos = state.next_content(pos + 1)
        if pos >= len(state.toks) or state.toks[pos].kind != "text":
            return None
    return None


def _bracket(state: BlockState, silent: bool) -> bool:
    found = _bracket_lines(state)
    if found is None:
        return False
    if silent:
        return True
    run, span = found
    fields = [
        AttributionField(f.role, f.value, f.rule, f.offset + span.inner) for f in span.attribution.fields
    ]
    last = run.lines[-1]
    while state.pos < len(state.toks) and state.toks[state.pos].number <= last:
        state.pos += 1
    state.emit(AttributionBlock("bracket", Attribution(span.attribution.form, fields), run), "bracket")
    return True


def _may_end_attribution(text: str) -> bool:
    """Cheap test before the search: the line ends with a bracket, or holds a marker's colon."""
    rules = attribution_rules()
    return text.rstrip(rules.trailing).endswith(tuple(rules.closers)) or any(c in text for c in "：:")


def _starts_block(state: BlockState) -> bool:
    """Silent mode: would a rule other than paragraph start a block here?"""
    return any(rule(state, True) for name, rule in BLOCK_RULES if name not in ("skip", "paragraph"))


def _text_block(state: BlockState, heading: HeadingMatch | None, first: str) -> TextBlock:
    tok = state.toks[state.pos]
    block = TextBlock(heading, Run())
    block.run.add(first, tok.number)
    pos = state.pos + 1
    spans: list[Span] | None  # the attributions of the text so far, when looked for
    while True:
        spans = None
        if _may_end_attribution(tok.text):
            spans = find_attributions(block.run.text)
            if spans and trailing(spans[-1], block.run.text):
                break  # an attribution closes the task it ends
        nxt = state.next_content(pos)
        if nxt >= len(state.toks) or state.toks[nxt].kind != "text":
            break
        state.pos = nxt
        if _starts_block(state) or (
            heading is not None and _title_over_task(block.run, state.toks[nxt].text)
        ):
            break
        tok = state.toks[nxt]
        block.run.add(tok.text, tok.number)
        pos = nxt + 1
    state.pos = pos
    at_end = state.next_content(pos) >= len(state.toks)
    if spans is None or at_end:
        spans = find_attributions(block.run.text, at_end_of_input=at_end)
    block.spans = spans
    return block


# A heading's title: short, no sentence in it (（一）约束性指标, （三）省编办牵头的工作).
_TITLE = regex.compile(r"^[^，。；,;！？!?]{2,20}$")


# Quotes and brackets a title closes: a line that leaves one open (认真贯彻执行《) is a sentence
# broken at the line's end, not a title.
_PAIRS = (("《", "》"), ("“", "”"), ("（", "）"), ("(", ")"), ("〈", "〉"))


def _opens_unclosed(text: str) -> bool:
    return any(text.count(opener) > text.count(closer) for opener, closer in _PAIRS)


def _title_over_task(run: Run, following: str) -> bool:
    """A numbered title on a line of its own, over a line that is a task of its own (its
    sentence ends in its attribution) or under a title that names its units: the next line
    starts a block, it does not continue the title.  (A sentence under a title whose clauses
    name the units, 由…负责，…牵头, is the title's task: it continues it.)"""
    if len(run.lines) != 1 or not _TITLE.match(run.text) or _opens_unclosed(run.text):
        return False
    if find_attributions(run.text):
        return True  # （三）省编办牵头的工作: the units of the tasks under it
    spans = find_attributions(following)
    return bool(spans) and spans[-1].bracketed and trailing(spans[-1], following)


def _numbered(state: BlockState, silent: bool) -> bool:
    tok = state.toks[state.pos]
    if tok.kind != "numbered" or tok.heading is None:
        return False
    if not silent:
        heading = tok.heading
        title_at = len(tok.text) - len(heading.title) if tok.text.endswith(heading.title) else 0
        state.emit(_text_block(state, heading, tok.text[title_at:]), f"numbered:{heading.style}")
    return True


def _paragraph(state: BlockState, silent: bool) -> bool:
    tok = state.toks[state.pos]
    if tok.kind != "text":
        return False
    if not silent:
        state.emit(_text_block(state, None, tok.text), "paragraph")
    return True


BLOCK_RULES: list[tuple[str, BlockRule]] = [
    ("skip", _skip),
    ("table", _table),
    ("labels", _labels),
    ("bracket", _bracket),
    ("numbered", _numbered),
    ("paragraph", _paragraph),
]


def parse_blocks(toks: list[Tok]) -> BlockState:
    state = BlockState(toks)
    while state.pos < len(toks):
        for _name, rule in BLOCK_RULES:
            if rule(state, False):
                break
        else:
            raise AssertionError("the paragraph rule claims every text line")
    return state
