"""What a parse did, for ``ybhj-parse extract --explain``: the layout, the rules that fired, and where.

A :class:`Trace` is optional everywhere: the parsers fill one when given it,
and the records they produce do not depend on it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from ybhj_parse.source.document import Line


@dataclass(slots=True)
class LayoutBlock:
    """A stretch of the document whose tasks share one layout."""

    layout: str
    line: int
    end_line: int
    tasks: int


@dataclass(slots=True)
class Trace:
    layout: str = ""
    rules: Counter[str] = field(default_factory=Counter)  # "group:rule" → times it fired
    blocks: list[LayoutBlock] = field(default_factory=list)
    unconsumed: list[tuple[int, str]] = field(default_factory=list)  # (line, text) no stage used

    def fire(self, group: str, rule: str, times: int = 1) -> None:
        self.rules[f"{group}:{rule}"] += times

    def note_unconsumed(self, lines: Sequence[Line], numbers: list[int]) -> None:
        self.unconsumed = [(n, lines[n - 1].text) for n in numbers]

    def add_block(self, layout: str, line: int, end_line: int) -> None:
        """Extend the current stretch, or open a new one when the layout changes."""
        if self.blocks and self.blocks[-1].layout == layout:
            block = self.blocks[-1]
            block.end_line, block.tasks = max(block.end_line, end_line), block.tasks + 1
        else:
            self.blocks.append(LayoutBlock(layout, line, end_line, 1))
