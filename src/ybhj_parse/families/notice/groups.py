"""Notice stage 3: each table row's group (市本级, 鄂城区, …), printed or inferred.

The group label is printed once, in the first row of its group (a merged
cell), so it carries forward to the rows below, as far as the count it
states (``鄂城区 (8项)`` at item 12 covers items 12–19).  A copy with rows cut
out loses labels: rows before the first label, or below a label whose reach
they are past, get their group inferred from two independent facts:

- the span of item numbers the group must occupy: the labels that survive
  fix their groups' spans, and the groups the body declares but no label
  shows fill the free numbers in the body's order and counts (市本级 11 → 1–11);
- the creating unit's name: 梁子湖区检察院 belongs to 梁子湖区 (names in
  ``rules/units.yaml``).

When both are known and disagree, a unit named after a district wins over a
span, and a span wins over a unit merely starting with 市.  Every inference
is reported (``group-inferred``) with its basis.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import permutations

from ybhj_parse.families.notice.declared import DeclaredCounts
from ybhj_parse.families.notice.groupnames import GroupRegistry
from ybhj_parse.families.notice.items import PilotFields
from ybhj_parse.families.notice.table import PilotRow
from ybhj_parse.model.diagnostics import Diagnostic, diag

# Orders of the unlabelled groups tried when the body's order contradicts the creating units;
# with more groups than this only the body's order is tried (the search grows factorially).
_MAX_REORDERED_GROUPS = 7

# A unit prefix at least this long names a district outright (梁子湖区…); 市… is weaker evidence.
_STRONG_PREFIX_CHARS = 3


@dataclass(frozen=True, slots=True)
class GroupSpan:
    group: str
    first: int
    last: int
    basis: str  # "label": a printed label with its count; "declared": the body's counts
    line: int | None
    reordered: bool = False  # "declared" spans laid out in another order than the body's

    def __contains__(self, seq: object) -> bool:
        return isinstance(seq, int) and self.first <= seq <= self.last


@dataclass(frozen=True, slots=True)
class Assignment:
    group: str
    inferred: bool


@dataclass(slots=True)
class Grouping:
    assignments: list[Assignment] = field(default_factory=list)  # one per row, in table order
    spans: list[GroupSpan] = field(default_factory=list)
    diags: list[Diagnostic] = field(default_factory=list)


def _label_group(row: PilotRow, registry: GroupRegistry) -> str:
    assert row.label is not None
    return registry.canonical(row.label.group) or row.label.group


def label_counts(rows: list[PilotRow], declared: DeclaredCounts, registry: GroupRegistry) -> list[Diagnostic]:
    """A group label whose count (鄂城区(8项)) differs from the body's count for the group."""
    found = []
    for row in rows:
        if row.label is None or row.label.count is None:
            continue
        group = _label_group(row, registry)
        stated = declared.by_group.get(group)
        if stated is not None and row.label.count != stated:
            found.append(
                diag(
                    "group-label-count",
                    row.label.line,
                    field="group",
                    group=group,
                    label=row.label.count,
                    declared=stated,
                )
            )
    return found


def group_spans(
    rows: list[PilotRow],
    declared: DeclaredCounts,
    registry: GroupRegistry,
    evidence: dict[int, str],
) -> list[GroupSpan]:
    """Spans fixed by labels, then the declared groups without a label over the free numbers.

    The groups go in the body's order unless that contradicts ``evidence`` (item number → the
    group its creating unit is named after): the body need not list the groups in the table's
    order (the 2023 notice names 葛店经开区 before 梁子湖区, its table the other way round).
    """
    spans: list[GroupSpan] = []
    for row in rows:
        if row.label is None:
            continue
        group = _label_group(row, registry)
        count = row.label.count or declared.by_group.get(group)
        if count:
            spans.append(GroupSpan(group, row.seq, row.seq + count - 1, "label", row.label.line))
    labelled = {s.group for s in spans}
    unlabelled = [(g, n) for g, n in declared.by_group.items() if g not in labelled and n > 0]
    total = declared.total or sum(declared.by_group.values())
    free = [n for n in range(1, total + 1) if not any(n in s for s in spans)]
    if not unlabelled or len(free) != sum(n for _, n in unlabelled):
        return spans  # the counts do not fit the free numbers: no span can be trusted
    orders = (
        permutations(unlabelled) if len(unlabelled) <= _MAX_REORDERED_GROUPS else iter([tuple(unlabelled)])
    )
    for order in orders:  # the body's own order comes first
        placed = _place(list(order), free, evidence, declared.line, reordered=list(order) != unlabelled)
        if placed is not None:
            spans.extend(placed)
            break
    return sorted(spans, key=lambda s: s.first)


def _place(
    groups: list[tuple[str, int]],
    free: list[int],
    evidence: dict[int, str],
    line: int | None,
    *,
    reordered: bool,
) -> list[GroupSpan] | None:
    """The groups laid over the free numbers in this order, or None if a group would not be one
    contiguous block or would take an item whose creating unit names another group."""
    spans = []
    for group, count in groups:
        taken, free = free[:count], free[count:]
        if taken[-1] - taken[0] + 1 != count or any(evidence.get(seq, group) != group for seq in taken):
            return None
        spans.append(GroupSpan(group, taken[0], taken[-1], "declared", line, reordered))
    return spans


def _unit_group(fields: PilotFields, registry: GroupRegistry) -> tuple[str, str, str] | None:
    """``(group, prefix, unit)`` from the first creating unit named after a group."""
    for unit in fields.creating_units:
        hit = registry.of_unit(unit)
        if hit is not None:
            return hit[0], hit[1], unit
    return None


def _span_phrase(span: GroupSpan) -> str:
    where = f"items {span.first}–{span.last}" if span.last > span.first else f"item {span.first}"
    if span.basis == "label":
        return f"the label at line {span.line} ({where})"
    if span.reordered:
        return f"the body's counts, in the order the creating units show ({where})"
    return f"the body's order and counts ({where})"


def assign_groups(records: list[PilotFields], declared: DeclaredCounts, registry: GroupRegistry) -> Grouping:
    grouping = Grouping()
    # Units named after a district (梁子湖区检察院) are evidence strong enough to order the spans by.
    evidence: dict[int, str] = {}
    for fields in records:
        hit = _unit_group(fields, registry)
        if hit is not None and len(hit[1]) >= _STRONG_PREFIX_CHARS:
            evidence[fields.row.seq] = hit[0]
    rows = [f.row for f in records]
    grouping.diags.extend(label_counts(rows, declared, registry))
    grouping.spans = group_spans(rows, declared, registry, evidence)
    carried: tuple[str, GroupSpan | None] | None = None
    for fields in records:
        row = fields.row
        by_unit = _unit_group(fields, registry)
        if row.label is not None:
            group = _label_group(row, registry)
            carried = (
                group,
                next((s for s in grouping.spans if s.basis == "label" and s.line == row.label.line), None),
            )
        if carried is not None and (carried[1] is None or row.seq in carried[1]):
            group = carried[0]
            if by_unit is not None and by_unit[0] != group and len(by_unit[1]) >= _STRONG_PREFIX_CHARS:
                grouping.diags.append(
                    diag(
                        "group-conflict",
                        row.line,
                        field="group",
                        seq=row.seq,
                        group=group,
                        unit=by_unit[2],
                        other=by_unit[0],
                    )
                )
            grouping.assignments.append(Assignment(group, inferred=False))
            continue
        carried = None  # past the label's reach
        grouping.assignments.append(_infer(row, by_unit, grouping))
    return grouping


def _infer(row: PilotRow, by_unit: tuple[str, str, str] | None, grouping: Grouping) -> Assignment:
    span = next((s for s in grouping.spans if row.seq in s), None)
    if by_unit is None and span is None:
        grouping.diags.append(diag("group-unknown", row.line, field="group", seq=row.seq))
        return Assignment("", inferred=True)
    if span is None:
        group, basis = by_unit[0], f"its creating unit {by_unit[2]}"  # type: ignore[index]
    elif by_unit is None:
        group, basis = span.group, _span_phrase(span)
    elif by_unit[0] == span.group:
        group, basis = span.group, f"its creating unit {by_unit[2]} and {_span_phrase(span)}"
    elif len(by_unit[1]) >= _STRONG_PREFIX_CHARS:
        group = by_unit[0]
        basis = f"its creating unit {by_unit[2]}, against {_span_phrase(span)} which give {span.group}"
    else:
        group = span.group
        basis = f"{_span_phrase(span)}, against its creating unit {by_unit[2]}"
    grouping.diags.append(
        diag("group-inferred", row.line, field="group", seq=row.seq, group=group, basis=basis)
    )
    return Assignment(group, inferred=True)
