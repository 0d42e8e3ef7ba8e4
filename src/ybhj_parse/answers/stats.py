"""Figures about one document: its tasks by section, by lead unit and by due month, the shares
of immediate and ongoing tasks, and the slogans it quotes most.

A lead unit is counted by its registry id (市供电公司 and 鄂州供电公司 are one unit) and shown
by the registry's name; a name without an id is counted as written.  A task with two lead
units counts for each.  A keyword is a phrase the task's text quotes (“证照分离”), counted
once per task.  For a notice, the pilot items are counted by group and by creating unit.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from ybhj_parse.model.records import Dataset, PilotItem, Task
from ybhj_parse.rules.registry import unit_registry

TOP_KEYWORDS = 10


@dataclass(frozen=True, slots=True)
class Count:
    key: str  # a section, a unit id (or name), a month (YYYY-MM), a keyword
    label: str  # what a reader sees: the section's title, the unit's name, …
    records: int


@dataclass(frozen=True, slots=True)
class Share:
    records: int
    share: float  # of all records, rounded to 4 places


@dataclass(slots=True)
class DocumentStats:
    source: str | None
    title: str
    kind: str
    records: int
    by_section: list[Count] = field(default_factory=list)
    by_lead_unit: list[Count] = field(default_factory=list)
    by_due_month: list[Count] = field(default_factory=list)
    immediate: Share | None = None
    ongoing: Share | None = None
    keywords: list[Count] = field(default_factory=list)

    def to_data(self) -> dict[str, Any]:
        return asdict(self)


def _share(count: int, total: int) -> Share:
    return Share(count, round(count / total, 4) if total else 0.0)


def _ranked(counter: Counter[str], labels: dict[str, str]) -> list[Count]:
    """Most records first; ties in the order first seen (a Counter keeps it)."""
    order = {key: i for i, key in enumerate(counter)}
    ranked = sorted(counter, key=lambda k: (-counter[k], order[k]))
    return [Count(key, labels.get(key, key), counter[key]) for key in ranked]


def _by_section(tasks: Sequence[Task]) -> list[Count]:
    counter: Counter[str] = Counter()
    labels: dict[str, str] = {}
    for task in tasks:
        key = str(task.section.no) if task.section else ""
        counter[key] += 1
        labels[key] = task.section.title if task.section else "(no section)"
    return [Count(key, labels[key], counter[key]) for key in counter]  # in document order


def _by_unit(records: Iterable[tuple[list[str], list[str | None]]]) -> list[Count]:
    registry = unit_registry()
    counter: Counter[str] = Counter()
    labels: dict[str, str] = {}
    for names, ids in records:
        for key in dict.fromkeys(i or n for n, i in zip(names, ids, strict=False)):
            counter[key] += 1
            labels[key] = registry.by_id[key].name if key in registry.by_id else key
    return _ranked(counter, labels)


def _by_due_month(tasks: Sequence[Task]) -> list[Count]:
    months = Counter(t.deadline.due.strftime("%Y-%m") for t in tasks if t.deadline and t.deadline.due)
    found = [Count(month, month, months[month]) for month in sorted(months)]
    undated = sum(1 for t in tasks if not (t.deadline and t.deadline.due))
    return [*found, Count("", "(no date)", undated)] if undated else found


def _keywords(tasks: Sequence[Task], top: int) -> list[Count]:
    counter: Counter[str] = Counter(k for t in tasks for k in dict.fromkeys(t.keywords))
    return _ranked(counter, {})[:top]


def task_stats(dataset: Dataset, top: int = TOP_KEYWORDS) -> DocumentStats:
    tasks = dataset.tasks
    total = len(tasks)
    return DocumentStats(
        source=dataset.document.source.path,
        title=dataset.document.title,
        kind=dataset.document.kind,
        records=total,
        by_section=_by_section(tasks),
        by_lead_unit=_by_unit((t.lead_units, t.lead_unit_ids) for t in tasks),
        by_due_month=_by_due_month(tasks),
        immediate=_share(sum(1 for t in tasks if t.deadline and t.deadline.immediate), total),
        ongoing=_share(sum(1 for t in tasks if t.deadline and t.deadline.ongoing), total),
        keywords=_keywords(tasks, top),
    )


def _pilot_stats(dataset: Dataset, items: Sequence[PilotItem]) -> DocumentStats:
    groups = Counter(item.group for item in items)
    return DocumentStats(
        source=dataset.document.source.path,
        title=dataset.document.title,
        kind=dataset.document.kind,
        records=len(items),
        by_section=[Count(group, group, groups[group]) for group in groups],
        by_lead_unit=_by_unit((p.creating_units, p.creating_unit_ids) for p in items),
    )


def document_stats(dataset: Dataset, top: int = TOP_KEYWORDS) -> DocumentStats:
    """The figures of a task list, or of a notice's pilot items."""
    if dataset.pilot_items is not None and not dataset.tasks:
        return _pilot_stats(dataset, dataset.pilot_items)
    return task_stats(dataset, top)
