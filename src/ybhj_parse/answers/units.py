"""The units of the registry, and the units some documents name, each with its id.

``found_units`` lists every distinct name as written (with the id it resolves to in its
document, or none), the roles it plays and how many records name it, so that the names
still without an id can be added to ``rules/registry.yaml``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from ybhj_parse.model.records import UNIT_ID_FIELDS, Dataset, PilotItem, Task
from ybhj_parse.rules.registry import unit_registry

# (role shown, names field, ids field), for tasks and for pilot items: lead_units is the role
# lead, city_guiding_units city-guiding.
UNIT_FIELDS = tuple(
    (names.removesuffix("_units").replace("_", "-"), names, ids)
    for fields in UNIT_ID_FIELDS.values()
    for names, ids in fields.items()
)


@dataclass(frozen=True, slots=True)
class RegistryRow:
    id: str
    name: str
    kind: str
    full_name: str | None
    aliases: list[str]
    parent: str | None

    def to_data(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class FoundUnit:
    name: str  # as written
    id: str | None
    roles: list[str] = field(default_factory=list)
    records: int = 0
    documents: list[str] = field(default_factory=list)

    def to_data(self) -> dict[str, Any]:
        return asdict(self)


def registry_rows() -> list[RegistryRow]:
    return [
        RegistryRow(u.id, u.name, u.kind, u.full_name, list(u.aliases), u.parent)
        for u in unit_registry().units
    ]


def _names(record: Task | PilotItem) -> Iterable[tuple[str, str, str | None]]:
    """(role, name, id) for every unit the record names."""
    for role, names_field, ids_field in UNIT_FIELDS:
        names = getattr(record, names_field, None)
        if names is None:
            continue
        yield from (
            (role, name, unit_id) for name, unit_id in zip(names, getattr(record, ids_field), strict=False)
        )


def found_units(datasets: Iterable[Dataset], *, unknown_only: bool = False) -> list[FoundUnit]:
    """Every (name as written, id) the datasets hold: by id, then by name; those without an id last."""
    found: dict[tuple[str, str | None], FoundUnit] = {}
    for dataset in datasets:
        shown = dataset.document.source.path or "<stdin>"
        records: list[Task | PilotItem] = [*dataset.tasks, *(dataset.pilot_items or [])]
        for record in records:
            named = list(dict.fromkeys(_names(record)))
            for name, unit_id in dict.fromkeys((name, unit_id) for _, name, unit_id in named):
                found.setdefault((name, unit_id), FoundUnit(name, unit_id)).records += 1
            for role, name, unit_id in named:
                unit = found[(name, unit_id)]
                if role not in unit.roles:
                    unit.roles.append(role)
                if shown not in unit.documents:
                    unit.documents.append(shown)
    order = [role for role, _, _ in UNIT_FIELDS]
    for unit in found.values():
        unit.roles.sort(key=order.index)
    units = sorted(found.values(), key=lambda u: (u.id is None, u.id or "", u.name))
    return [u for u in units if u.id is None] if unknown_only else units
