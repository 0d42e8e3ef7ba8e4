"""Which tasks (or pilot items) does a unit owe, and by when: the records a question selects.

A question names a unit (by any name or alias the registry knows, by its id, or as written
in the document), a role (lead, responsible or either), a range of due dates, a section and
a keyword; every part left out selects everything.  A unit is matched by id, so 市供电公司
finds the tasks that write 鄂州供电公司; a district also finds the tasks that name every
district (各区, whose ``district_ids`` hold it) and those of its own departments.  For a
pilot item, lead is its creating unit and responsible its city or provincial guiding unit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from ybhj_parse.model.records import Dataset, PilotItem, Task
from ybhj_parse.rules.registry import fold_name, unit_registry
from ybhj_parse.values.registry import DocumentNames

ROLES = ("lead", "responsible", "any")
# The role a unit list plays, and whether it counts as leading (else as responsible).
TASK_ROLES = (
    ("lead", "lead_units", "lead_unit_ids"),
    ("responsible", "responsible_units", "responsible_unit_ids"),
)
PILOT_ROLES = (
    ("creating", "creating_units", "creating_unit_ids"),
    ("city-guiding", "city_guiding_units", "city_guiding_unit_ids"),
    ("provincial-guiding", "provincial_guiding_units", "provincial_guiding_unit_ids"),
)
LEADING = frozenset({"lead", "creating"})


@dataclass(frozen=True, slots=True)
class Question:
    unit: str | None = None
    role: str = "any"  # one of ROLES
    due_from: dt.date | None = None
    due_to: dt.date | None = None
    section: str | None = None
    keyword: str | None = None


@dataclass(frozen=True, slots=True)
class Hit:
    dataset: Dataset
    record: Task | PilotItem
    roles: tuple[str, ...]  # the parts the unit plays: lead, responsible, 各区, creating, …

    @property
    def due(self) -> dt.date | None:
        record = self.record
        return record.deadline.due if isinstance(record, Task) and record.deadline else None

    @property
    def due_text(self) -> str:
        """The due date, or the deadline as written when it gives none (长期坚持)."""
        record = self.record
        if not isinstance(record, Task) or record.deadline is None:
            return ""
        return record.deadline.due.isoformat() if record.deadline.due else record.deadline.raw

    @property
    def text(self) -> str:
        record = self.record
        return record.text if isinstance(record, Task) else f"{record.category}：{record.item}"


class UnitMatcher:
    """One asked-for unit, seen in one document: its id (and its departments'), or its name as written."""

    def __init__(self, asked: str, dataset: Dataset) -> None:
        registry = unit_registry()
        document = dataset.document
        self.names = DocumentNames(document.aliases, place=document.place, registry=registry)
        target = asked if asked in registry.by_id else self.names.unit_id(asked)
        self.ids = {target} | {u.id for u in registry.units if u.parent == target} if target else set()
        self.folded = fold_name(asked)

    def named(self, names: Sequence[str], ids: Sequence[str | None]) -> bool:
        return any(
            (unit_id in self.ids) if unit_id is not None else fold_name(name) == self.folded
            for name, unit_id in zip(names, ids, strict=False)
        )

    def scope(self, task: Task) -> str | None:
        """The scope word (各区) through which the task names the unit, if it does."""
        for word in task.scope_words:
            word_id = self.names.unit_id(word)
            if (word_id is not None and word_id in self.ids) or fold_name(word) == self.folded:
                return word
        return task.scope_words[0] if task.scope_words and self.ids & set(task.district_ids) else None


def _roles(record: Task | PilotItem, matcher: UnitMatcher | None) -> tuple[str, ...]:
    table = TASK_ROLES if isinstance(record, Task) else PILOT_ROLES
    if matcher is None:
        return tuple(role for role, names, _ in table if getattr(record, names))
    roles = [
        role for role, names, ids in table if matcher.named(getattr(record, names), getattr(record, ids))
    ]
    scope = matcher.scope(record) if isinstance(record, Task) else None
    return (*roles, scope) if scope else tuple(roles)


def _role_fits(roles: tuple[str, ...], wanted: str, asked: bool) -> bool:
    if not asked:
        return True
    if wanted == "lead":
        return any(r in LEADING for r in roles)
    if wanted == "responsible":
        return any(r not in LEADING for r in roles)
    return bool(roles)


def _section_fits(record: Task | PilotItem, section: str) -> bool:
    if isinstance(record, PilotItem):
        return fold_name(section) in (fold_name(record.group), fold_name(record.category))
    heading = record.headings[0] if record.headings and record.section else None
    if record.section is None:
        return False
    if section.isdigit():
        return record.section.no == int(section)
    marker = heading.marker if heading else ""
    return fold_name(section) == fold_name(marker) or fold_name(section) in fold_name(record.section.title)


def _keyword_fits(record: Task | PilotItem, keyword: str) -> bool:
    texts = [record.text] if isinstance(record, Task) else [record.category, record.item, record.note]
    return any(fold_name(keyword) in fold_name(text) for text in texts)


def _due_fits(hit: Hit, question: Question) -> bool:
    if question.due_from is None and question.due_to is None:
        return True
    due = hit.due
    if due is None:
        return False
    return (question.due_from is None or due >= question.due_from) and (
        question.due_to is None or due <= question.due_to
    )


def _fits(hit: Hit, question: Question) -> bool:
    record = hit.record
    return (
        _role_fits(hit.roles, question.role, question.unit is not None)
        and _due_fits(hit, question)
        and (question.section is None or _section_fits(record, question.section))
        and (question.keyword is None or _keyword_fits(record, question.keyword))
    )


def ask(datasets: Iterable[Dataset], question: Question) -> list[Hit]:
    """The records of ``datasets`` the question selects, in document order."""
    hits: list[Hit] = []
    for dataset in datasets:
        matcher = UnitMatcher(question.unit, dataset) if question.unit is not None else None
        records: list[Task | PilotItem] = [*dataset.tasks, *(dataset.pilot_items or [])]
        for record in records:
            hit = Hit(dataset, record, _roles(record, matcher))
            if _fits(hit, question):
                hits.append(hit)
    return hits


def known_unit(asked: str, datasets: Iterable[Dataset]) -> bool:
    """The asked-for unit is an id, a name the registry knows in one of the documents, or a name
    some record writes: else the question can only select nothing."""
    for dataset in datasets:
        matcher = UnitMatcher(asked, dataset)
        if matcher.ids:
            return True
        records: list[Task | PilotItem] = [*dataset.tasks, *(dataset.pilot_items or [])]
        if any(_roles(record, matcher) for record in records):
            return True
    return False


def selection(datasets: Sequence[Dataset], hits: Sequence[Hit]) -> list[Dataset]:
    """Each dataset with only the records selected (and the diagnostics on their lines), for the
    writers: the document stays as it is, the description of the whole source."""
    chosen = {id(hit.record) for hit in hits}
    selected: list[Dataset] = []
    for dataset in datasets:
        tasks = [t for t in dataset.tasks if id(t) in chosen]
        items = (
            [p for p in dataset.pilot_items or [] if id(p) in chosen]
            if dataset.pilot_items is not None
            else None
        )
        records: list[Task | PilotItem] = [*tasks, *(items or [])]
        spans = [(r.source.line, r.source.end_line) for r in records]
        diagnostics = [
            d for d in dataset.diagnostics if d.line is not None and any(a <= d.line <= b for a, b in spans)
        ]
        selected.append(replace(dataset, tasks=tasks, pilot_items=items, diagnostics=diagnostics))
    return selected


def date_bound(text: str, *, end: bool) -> dt.date:
    """``2022-06-30``, or a month ``2022-06``: its first day (a range's start) or last (its end).

    >>> date_bound("2022-06", end=True), date_bound("2022-06", end=False)
    (datetime.date(2022, 6, 30), datetime.date(2022, 6, 1))
    """
    try:
        if len(text) == 7:
            first = dt.date.fromisoformat(f"{text}-01")
            if not end:
                return first
            following = first.replace(year=first.year + first.month // 12, month=first.month % 12 + 1)
            return following - dt.timedelta(days=1)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a date (YYYY-MM-DD) or a month (YYYY-MM)") from None


def due_range(month: str | None, start: str | None, end: str | None) -> tuple[dt.date | None, dt.date | None]:
    """The bounds of --due MONTH, --due-from and --due-to (a bound given wins over the month's)."""
    low, high = start or month, end or month
    return (
        date_bound(low, end=False) if low else None,
        date_bound(high, end=True) if high else None,
    )
