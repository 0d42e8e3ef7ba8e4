"""Deadlines written in words → a due date and flags.

The phrase table lives in ``rules/deadlines.yaml``.  A cell is cut into
clauses (``2022年5月底，长期推进`` → ``2022年5月底`` and ``长期推进``) and each
clause is matched by the first rule that knows it.  A date without a year takes
``year`` (the document's year) when one is given.

>>> d = parse_deadline("2022年5月底，长期推进")
>>> d.due.isoformat(), d.ongoing, d.immediate
('2022-05-31', True, False)
>>> parse_deadline("立即推进，长期坚持").immediate
True
>>> try_parse_deadline("看情况再说") is None
True

Inside running text, :func:`find_deadline` looks for the first deadline
phrase (``rules/deadlines.yaml``, ``text_rules``):

>>> found = find_deadline("9月底前，实现企业开办全程网办。", year=2022)
>>> found.raw, found.value.due.isoformat(), found.rule
('9月底前', '2022-09-30', 'before')
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

from ybhj_parse.rules.loader import DeadlineRule, DeadlineRules, TextDeadlineRule, deadline_rules
from ybhj_parse.values.numerals import parse_numeral


class DeadlineError(ValueError):
    """A deadline clause matches no rule, or names an impossible date."""


@dataclass(slots=True)
class DeadlineValue:
    raw: str
    due: dt.date | None = None
    immediate: bool = False
    ongoing: bool = False
    recurring: bool = False
    unrecognised: list[str] = field(default_factory=list)  # clauses no rule knows
    needs_year: list[str] = field(default_factory=list)  # dated clauses with no year to anchor them

    def copy(self) -> DeadlineValue:
        """A copy whose lists are its own (a cached reading is handed out as one)."""
        return DeadlineValue(
            self.raw,
            self.due,
            self.immediate,
            self.ongoing,
            self.recurring,
            list(self.unrecognised),
            list(self.needs_year),
        )


_PART_DAY = {"上旬": 10, "中旬": 20}


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _due(rule: DeadlineRule, groups: dict[str, str | None], year: int) -> dt.date:
    kind = rule.due
    if kind == "month_end":
        return _month_end(year, int(groups["month"] or 0))
    if kind == "day":
        return dt.date(year, int(groups["month"] or 0), int(groups["day"] or 0))
    if kind == "month_part":
        month = int(groups["month"] or 0)
        return (
            _month_end(year, month)
            if groups["part"] == "下旬"
            else dt.date(year, month, _PART_DAY[groups["part"] or ""])
        )
    if kind == "year_end":
        return dt.date(year, 12, 31)
    if kind == "half_year":
        return _month_end(year, 6 if groups["half"] == "上" else 12)
    if kind == "quarter_end":
        return _month_end(year, 3 * parse_numeral(groups["quarter"] or ""))
    raise DeadlineError(f"rule {rule.name} has no date kind")


def read_deadline(raw: str, *, year: int | None = None) -> DeadlineValue:
    """Never raises: what the rules do not know is listed in ``unrecognised``."""
    return _read_deadline(raw, year).copy()


def shared_deadline_reading(raw: str, *, year: int | None = None) -> DeadlineValue:
    """The cached reading of ``raw`` itself, not a copy: the same object for every caller, so to
    be read and never changed (:func:`read_deadline` hands out a copy one may change)."""
    return _read_deadline(raw, year)


# Pure, and asked of the same cells by the table reader, the attribution reader and the records.
@lru_cache(maxsize=4096)
def _read_deadline(raw: str, year: int | None) -> DeadlineValue:
    rules = deadline_rules()
    value = DeadlineValue(raw=raw)
    for item in rules.item_separators.split(raw):
        due = value.due
        value.due = None
        _read_clauses(item, year, rules, value)
        value.due = due or value.due
    return value


def _read_clauses(item: str, year: int | None, rules: DeadlineRules, value: DeadlineValue) -> None:
    """The clauses of one item of a deadline cell into ``value``: its due date the latest they give."""
    for clause in (c.strip() for c in rules.separators.split(item)):
        if not clause:
            continue
        compact = clause.replace(" ", "").rstrip("。")  # 年内完工。: the full stop ends no date
        for rule in rules.rules:
            match = rule.pattern.match(compact)
            if match is None:
                continue
            for flag in rule.flags:
                setattr(value, flag, True)
            if rule.due is not None:
                groups = match.groupdict()
                anchor = int(groups["year"]) if groups.get("year") else year
                if anchor is None:
                    value.needs_year.append(clause)
                else:
                    try:
                        due = _due(rule, groups, anchor)
                    except (ValueError, DeadlineError):
                        value.unrecognised.append(clause)
                    else:  # 6月开工，年内完工: the task is due when its last milestone is
                        value.due = due if value.due is None else max(value.due, due)
            break
        else:
            value.unrecognised.append(clause)


# A pure test of the text that the table reader asks of the same cells again and again.
@lru_cache(maxsize=4096)
def looks_like_deadline(raw: str) -> bool:
    """Every clause of the cell is a deadline phrase the rules know."""
    value = read_deadline(raw)
    return not value.unrecognised and bool(
        value.due or value.immediate or value.ongoing or value.recurring or value.needs_year
    )


def parse_deadline(raw: str, *, year: int | None = None) -> DeadlineValue:
    """Like :func:`read_deadline`, but raise :class:`DeadlineError` on any clause not understood."""
    value = read_deadline(raw, year=year)
    if value.unrecognised or value.needs_year:
        raise DeadlineError(f"deadline not understood: {', '.join(value.unrecognised + value.needs_year)}")
    if not raw.strip():
        raise DeadlineError("empty deadline")
    return value


def try_parse_deadline(raw: str, *, year: int | None = None) -> DeadlineValue | None:
    try:
        return parse_deadline(raw, year=year)
    except DeadlineError:
        return None


@dataclass(slots=True)
class FoundDeadline:
    raw: str  # the phrase as written
    start: int  # its offsets in the text searched
    end: int
    rule: str  # the text rule that found it
    value: DeadlineValue


def find_deadline(text: str, *, year: int | None = None) -> FoundDeadline | None:
    """The earliest deadline phrase in running text that the deadline rules can read, or None.

    A phrase counts when it gives a date (with ``year`` for one that names
    none) or says the task recurs.
    """
    best: FoundDeadline | None = None
    for rule in deadline_rules().text_rules:
        for match in rule.pattern.finditer(text):
            if best is not None and match.start("raw") >= best.start:
                break
            raw = match.group("raw")
            value = read_deadline(raw, year=year)
            if value.unrecognised or not (value.due or value.recurring or value.needs_year):
                continue
            best = FoundDeadline(raw, match.start("raw"), match.end("raw"), rule.name, value)
            if rule.latest:
                best = _latest_found(best, rule, text, year)
            break
    return best


def _latest_found(first: FoundDeadline, rule: TextDeadlineRule, text: str, year: int | None) -> FoundDeadline:
    """Of the phrases ``rule`` finds from ``first`` on, the one with the latest date (its place
    stays the first's, so that the earliest phrase of any rule still wins)."""
    best = first
    for match in rule.pattern.finditer(text, first.end):
        value = read_deadline(match.group("raw"), year=year)
        if value.due is not None and best.value.due is not None and value.due > best.value.due:
            best = FoundDeadline(match.group("raw"), first.start, first.end, rule.name, value)
    return best


def latest_due_in(text: str, *, year: int | None = None) -> dt.date | None:
    """The latest date a deadline cell's words name (1、…7月1日投入试运营 2、…计划2022年12月底完成…:
    2022-12-31), or None: a cell of numbered milestones is due at the last."""
    latest: dt.date | None = None
    for match in deadline_rules().milestone_date.finditer(text):
        due = shared_deadline_reading(match.group("raw"), year=year).due  # read only: no copy
        if due is not None and (latest is None or due > latest):
            latest = due
    return latest
