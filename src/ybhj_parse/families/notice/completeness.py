"""Notice stage 4: the extracted items against what the notice declares about them.

A copy of a notice may have lost rows of its attachment table.  The body says
how many items there are, and how many per group; the note under the table
says how many per department.  This stage sets the records beside those
statements, lists the item numbers absent from the table, and says so in a
warning, so that a user never silently gets fewer rows.
"""

from __future__ import annotations

from collections import Counter

import regex

from ybhj_parse.families.notice.declared import DeclaredCounts, DeclaredDepartment
from ybhj_parse.families.notice.groups import GroupSpan
from ybhj_parse.model.diagnostics import Diagnostic, Diagnostics
from ybhj_parse.model.records import Completeness, DepartmentCount, GroupCompleteness, PilotItem
from ybhj_parse.values import sequence
from ybhj_parse.values.sequence import Numbered, compress

_BRACKETED = regex.compile(r"（(?P<inner>[^（）]*)）")


def unit_keys(name: str) -> set[str]:
    """The names a unit answers to: 市发改委（市优化办） → {市发改委, 市优化办}."""
    keys = {_BRACKETED.sub("", name).strip()}
    keys.update(m.group("inner").strip() for m in _BRACKETED.finditer(name))
    return {k for k in keys if k}


def check_sequence(items: list[PilotItem], declared: DeclaredCounts) -> list[Diagnostic]:
    """Item numbers repeated or out of place; without a declared total, also the numbers missing.

    With a declared total the missing numbers are reported once, by items-missing.
    """
    report = sequence.check_sequence([Numbered(item.seq, item.source.line) for item in items], noun="item")
    return [d for d in report.diags if declared.total is None or d.code != "seq-gap"]


def _departments(
    items: list[PilotItem], declared: list[DeclaredDepartment], sink: Diagnostics
) -> list[DepartmentCount]:
    named = [
        set().union(*(unit_keys(u) for u in item.creating_units + item.city_guiding_units)) for item in items
    ]
    counts = []
    for d in declared:
        keys = unit_keys(d.unit)
        extracted = sum(1 for units in named if units & keys)
        if extracted > d.declared:
            sink.report(
                "department-count-mismatch",
                d.line,
                field="by_department",
                unit=d.unit,
                declared=d.declared,
                extracted=extracted,
            )
        counts.append(
            DepartmentCount(
                unit=d.unit,
                declared=d.declared,
                declared_cooperation=d.cooperation,
                extracted=extracted,
                line=d.line,
            )
        )
    return counts


def build_completeness(
    items: list[PilotItem],
    declared: DeclaredCounts,
    spans: list[GroupSpan],
    departments: list[DeclaredDepartment],
    sink: Diagnostics,
) -> Completeness:
    """The items against the body's counts (in all, by group) and the note's (by department)."""
    sink.extend(check_sequence(items, declared))
    seqs = {item.seq for item in items}
    top = declared.total if declared.total is not None else max(seqs, default=0)
    missing = sorted(set(range(1, top + 1)) - seqs)
    if declared.total is not None and missing:
        sink.report(
            "items-missing",
            declared.line,
            field="pilot_items",
            declared=declared.total,
            extracted=len(items),
            missing=compress(missing),
        )
    extracted = Counter(item.group for item in items)
    order = list(dict.fromkeys([*declared.by_group, *(item.group for item in items)]))
    groups = [_group(group, declared, spans, seqs, extracted[group], sink) for group in order]
    return Completeness(
        declared_total=declared.total,
        declared_by_group=dict(declared.by_group),
        declared_line=declared.line,
        extracted=len(items),
        extracted_by_group={group: extracted[group] for group in order},
        missing_seq=missing,
        groups=groups,
        by_department=_departments(items, departments, sink),
    )


def _group(
    group: str,
    declared: DeclaredCounts,
    spans: list[GroupSpan],
    seqs: set[int],
    extracted: int,
    sink: Diagnostics,
) -> GroupCompleteness:
    """One group's share: its span of numbers, those missing from it, and a warning when it holds
    more items than declared (or a remark when fewer)."""
    span = next((s for s in spans if s.group == group), None)
    stated = declared.by_group.get(group)
    group_missing = sorted(set(range(span.first, span.last + 1)) - seqs) if span else []
    line = span.line if span and span.basis == "label" else declared.line
    if declared.by_group and extracted > (stated or 0):
        sink.report(
            "group-count-mismatch",
            line,
            field="group",
            group=group,
            declared=stated or 0,
            extracted=extracted,
        )
    elif stated is not None and extracted < stated:
        shown = compress(group_missing) if group_missing else f"{stated - extracted} (numbers unknown)"
        sink.report(
            "group-incomplete",
            line,
            field="group",
            group=group,
            extracted=extracted,
            declared=stated,
            missing=shown,
        )
    return GroupCompleteness(
        group=group,
        declared=stated,
        extracted=extracted,
        first_seq=span.first if span else None,
        last_seq=span.last if span else None,
        span_basis=span.basis if span else None,  # type: ignore[arg-type]
        missing_seq=group_missing,
    )
