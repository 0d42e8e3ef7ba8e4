"""Text joined from several source lines that still knows the line of every character.

A paragraph broken by a page break, or a task sentence wrapped over lines, is
joined into one string; a match found at any offset in it can still cite its
source line (``line_at``).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field


@dataclass(slots=True)
class Run:
    text: str = ""
    starts: list[int] = field(default_factory=list)  # offset in text where each line begins
    lines: list[int] = field(default_factory=list)  # the line number of each piece

    def add(self, text: str, line: int) -> None:
        self.starts.append(len(self.text))
        self.lines.append(line)
        self.text += text

    def line_at(self, offset: int) -> int:
        return self.lines[max(0, bisect_right(self.starts, offset) - 1)]

    @property
    def line(self) -> int:
        return self.lines[0]

    @property
    def end_line(self) -> int:
        return self.lines[-1]
