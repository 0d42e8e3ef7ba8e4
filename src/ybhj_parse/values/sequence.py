"""Numbered items in document order → the diagnostics of their numbering.

The numbers a document prints should run 1, 2, 3 …  A damaged copy repeats
some, loses some, or has them out of place.  The items that are in order are
taken to be the longest increasing run of numbers (the earliest one when there
are several), so one misplaced or mistyped number is one diagnostic, not a
cascade; each other item is a repeat, a step back or out of sequence, and each
number missing from the run is named in a seq-gap diagnostic.  Every number
printed in the input is thus either a record's seq or in a diagnostic message.

>>> report = check_sequence([Numbered(n, line) for line, n in enumerate([1, 2, 4, 3, 5, 5], 1)])
>>> [(d.code, d.line, d.message) for d in report.diags]
[('seq-step-back', 4, 'task number 3 comes after 4'), ('seq-duplicate', 6, 'task number 5 is used twice (also on line 5)')]
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field

from ybhj_parse.model.diagnostics import Diagnostic, diag


@dataclass(frozen=True, slots=True)
class Numbered:
    seq: int
    line: int
    printed: bool = True  # False: the item had no number and was numbered by position


@dataclass(slots=True)
class SequenceReport:
    diags: list[Diagnostic] = field(default_factory=list)


def longest_increasing(values: Sequence[int]) -> set[int]:
    """Indices of the longest strictly increasing subsequence; among equals, the earliest indices.

    ``starts[i]`` is the length of the longest increasing run starting at ``i``, found
    right to left in O(n log n); a greedy left-to-right pass then takes the earliest.

    >>> sorted(longest_increasing([4, 6, 5, 7]))
    [0, 1, 3]
    """
    if all(a < b for a, b in zip(values, values[1:], strict=False)):
        return set(range(len(values)))  # in order (most documents): the run is all of them
    starts = [0] * len(values)
    best_start: list[int] = []  # negated: -(largest first value of a run of length k+1); increasing
    for i in range(len(values) - 1, -1, -1):
        longer = bisect_left(best_start, -values[i])  # runs whose first value is > values[i]
        starts[i] = longer + 1
        if longer == len(best_start):
            best_start.append(-values[i])
        else:
            best_start[longer] = min(best_start[longer], -values[i])
    need, last, kept = max(starts, default=0), None, set()
    for i, value in enumerate(values):
        if need and starts[i] == need and (last is None or value > last):
            kept.add(i)
            need, last = need - 1, value
    return kept


def compress(numbers: Sequence[int]) -> str:
    """[1, 2, 3, 8, 16, 17] → '1–3、8、16–17': how the messages print a list of numbers."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return "、".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)


def missing_between(low: int, high: int, present: Sequence[int]) -> str:
    """The numbers after ``low`` and before ``high`` absent from ``present`` (sorted), as
    :func:`compress` prints them; found from the present numbers between the two, so a number
    read as 99999999999999 costs no more than a small one."""
    runs: list[str] = []
    start = low + 1
    for n in present[bisect_left(present, low + 1) : bisect_left(present, high)]:
        if n > start:
            runs.append(str(start) if n - 1 == start else f"{start}–{n - 1}")
        start = n + 1
    if high > start:
        runs.append(str(start) if high - 1 == start else f"{start}–{high - 1}")
    return "、".join(runs)


def _where(previous: int | None, following: int | None) -> str:
    if previous is not None and following is not None:
        return f"between {previous} and {following}"
    if following is not None:
        return f"before {following}"
    return f"after {previous}" if previous is not None else "alone"


def check_sequence(items: Sequence[Numbered], *, noun: str = "task", start: int = 1) -> SequenceReport:
    """The diagnostics of the items' numbering, which should run ``start``, ``start + 1`` …

    ``start`` is above 1 when the items go on from numbers printed elsewhere (the rows of
    a table inside a prose plan, numbered on from the prose task above it).

    >>> [d.message for d in check_sequence([Numbered(5, 1), Numbered(7, 2)], start=4).diags]
    ['no task numbered 4 (before 5)', 'no task numbered 6 (between 5 and 7)']
    """
    report = SequenceReport()
    printed = [i for i, item in enumerate(items) if item.printed]
    kept = {printed[k] for k in longest_increasing([items[i].seq for i in printed])}
    present = {item.seq for item in items}
    ordered = sorted(present)
    line_of_kept = {items[i].seq: items[i].line for i in kept}
    seen_out_of_order: dict[int, int] = {}
    previous_kept: int | None = None
    for position, index in enumerate(printed):
        item = items[index]
        if index in kept:
            low = previous_kept if previous_kept is not None else start - 1
            missing = missing_between(low, item.seq, ordered)
            if missing:
                where = _where(previous_kept, item.seq)
                report.diags.append(
                    diag(
                        "seq-gap",
                        item.line,
                        field="seq",
                        noun=noun,
                        missing=missing,
                        where=where,
                    )
                )
            previous_kept = item.seq
            continue
        before = items[printed[position - 1]].seq if position > 0 else None
        after = items[printed[position + 1]].seq if position + 1 < len(printed) else None
        other = line_of_kept.get(item.seq, seen_out_of_order.get(item.seq))
        if other is not None:
            code = "seq-duplicate"
            report.diags.append(diag(code, item.line, field="seq", noun=noun, seq=item.seq, other=other))
        elif before is not None and item.seq < before:
            code = "seq-step-back"
            report.diags.append(diag(code, item.line, field="seq", noun=noun, seq=item.seq, previous=before))
        else:
            code = "seq-out-of-order"
            where = _where(before, after)
            report.diags.append(diag(code, item.line, field="seq", noun=noun, seq=item.seq, where=where))
        seen_out_of_order.setdefault(item.seq, item.line)
    return report
