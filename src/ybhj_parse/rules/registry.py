"""Load the unit registry (``rules/registry.yaml``) once and check it.

Checked at load, failing with the file and the key: every unit has an id of the
form ``place.unit`` (lower-case ASCII words, hyphens inside) whose place is one of
``places``, a name and a known kind; ids are unique; every name and alias, once
folded (:func:`fold_name`), is unique over the whole file; a parent or a member is
an id of the file, and a place lies within a place of the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import regex

from ybhj_parse.errors import RuleError
from ybhj_parse.rules.loader import load_yaml, require
from ybhj_parse.source.textnorm import fold, fullwidth_parens

FILE = "registry.yaml"
_WHERE = f"rules/{FILE}"
ID_PATTERN = regex.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*(?:\.[a-z][a-z0-9]*(?:-[a-z0-9]+)*)+$")


def fold_name(name: str) -> str:
    """The form names are compared in: digits and spaces folded, no white space, full-width brackets.

    >>> fold_name(" 市委宣传部(市版权局) ")
    '市委宣传部（市版权局）'
    """
    return "".join(fullwidth_parens(fold(name)).split())


@dataclass(frozen=True, slots=True)
class Unit:
    id: str
    name: str
    kind: str
    full_name: str | None = None
    aliases: tuple[str, ...] = ()
    parent: str | None = None
    members: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """The name, the full name and the aliases: every way of writing the unit."""
        full = (self.full_name,) if self.full_name else ()
        return (self.name, *full, *self.aliases)


@dataclass(frozen=True, slots=True)
class Place:
    id: str
    names: tuple[str, ...]  # a document naming one of these is of this place
    within: str | None = None


@dataclass(frozen=True, slots=True)
class Registry:
    places: dict[str, Place]  # most local first, as listed
    kinds: dict[str, str]  # kind → what it covers
    units: tuple[Unit, ...]
    by_id: dict[str, Unit]
    by_name: dict[str, str]  # folded name or alias → id

    def lookup(self, name: str, place: str | None = None) -> str | None:
        """The id of the unit written ``name`` (exactly, once folded) in a document of ``place``.

        A name that does not name its unit's place (市税务局) resolves only in a document of
        that place or of a place within it; one that does (鄂州海关) resolves anywhere.
        """
        folded = fold_name(name)
        unit_id = self.by_name.get(folded)
        if unit_id is None:
            return None
        home = self.places[place_of_id(unit_id)]
        if any(word in folded for word in home.names) or home.id in self.enclosing(place):
            return unit_id
        return None

    def enclosing(self, place: str | None) -> list[str]:
        """``place`` and the places it lies within, innermost first."""
        found: list[str] = []
        while place is not None and place not in found:
            found.append(place)
            place = self.places[place].within
        return found

    def document_place(self, *texts: str | None) -> str | None:
        """The first place (most local first) whose names occur in one of ``texts``."""
        folded = [fold_name(t) for t in texts if t]
        for place in self.places.values():
            if any(word in text for text in folded for word in place.names):
                return place.id
        return None


def place_of_id(unit_id: str) -> str:
    return unit_id.split(".", 1)[0]


def _strings(item: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = item.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise RuleError(f"{where}.{key}: expected a list of names", path=_WHERE)
    return tuple(value)


def _unit(item: Any, index: int, kinds: dict[str, str]) -> Unit:
    where = f"units[{index}]"
    if not isinstance(item, dict):
        raise RuleError(f"{where}: expected a mapping", path=_WHERE)
    unknown = sorted(set(item) - {"id", "name", "full_name", "kind", "aliases", "parent", "members"})
    if unknown:
        raise RuleError(f"{where}: unknown key(s) {', '.join(unknown)}", path=_WHERE)
    unit_id = require(item, "id", str, file=FILE, where=where)
    if not ID_PATTERN.match(unit_id):
        raise RuleError(f"{where}.id: {unit_id!r} is not of the form place.unit (a-z, 0-9, -)", path=_WHERE)
    kind = require(item, "kind", str, file=FILE, where=where)
    if kind not in kinds:
        raise RuleError(f"{where}.kind: unknown kind {kind!r} ({unit_id})", path=_WHERE)
    full_name = item.get("full_name")
    if full_name is not None and not isinstance(full_name, str):
        raise RuleError(f"{where}.full_name: expected a string", path=_WHERE)
    parent = item.get("parent")
    if parent is not None and not isinstance(parent, str):
        raise RuleError(f"{where}.parent: expected an id", path=_WHERE)
    return Unit(
        id=unit_id,
        name=require(item, "name", str, file=FILE, where=where),
        kind=kind,
        full_name=full_name,
        aliases=_strings(item, "aliases", where),
        parent=parent,
        members=_strings(item, "members", where),
    )


def _places(data: dict[str, Any]) -> dict[str, Place]:
    places: dict[str, Place] = {}
    for key, item in require(data, "places", dict, file=FILE).items():
        where = f"places.{key}"
        if not isinstance(item, dict):
            raise RuleError(f"{where}: expected a mapping", path=_WHERE)
        within = item.get("within")
        if within is not None and not isinstance(within, str):
            raise RuleError(f"{where}.within: expected a place", path=_WHERE)
        places[key] = Place(id=key, names=_strings(item, "names", where), within=within)
    for place in places.values():
        if place.within is not None and place.within not in places:
            raise RuleError(f"places.{place.id}.within: no place {place.within}", path=_WHERE)
    return places


def build_registry(data: dict[str, Any]) -> Registry:
    """Check the loaded file and index it; raises :class:`RuleError` naming the key at fault."""
    places = _places(data)
    kinds = require(data, "kinds", dict, file=FILE)
    units = tuple(_unit(item, i, kinds) for i, item in enumerate(require(data, "units", list, file=FILE)))
    by_id: dict[str, Unit] = {}
    by_name: dict[str, str] = {}
    for index, unit in enumerate(units):
        if unit.id in by_id:
            raise RuleError(f"units[{index}].id: {unit.id} is used twice", path=_WHERE)
        if place_of_id(unit.id) not in places:
            raise RuleError(f"units[{index}].id: {unit.id}: no place {place_of_id(unit.id)}", path=_WHERE)
        by_id[unit.id] = unit
        for name in unit.names:
            key = fold_name(name)
            other = by_name.get(key)
            if other == unit.id:
                raise RuleError(f"units[{index}]: {name!r} is written twice ({unit.id})", path=_WHERE)
            if other is not None:
                raise RuleError(f"units[{index}]: {name!r} names both {other} and {unit.id}", path=_WHERE)
            by_name[key] = unit.id
    for index, unit in enumerate(units):
        for key, ids in (("parent", (unit.parent,) if unit.parent else ()), ("members", unit.members)):
            missing = [i for i in ids if i not in by_id]
            if missing:
                raise RuleError(f"units[{index}].{key}: no unit {', '.join(missing)}", path=_WHERE)
    return Registry(places=places, kinds=dict(kinds), units=units, by_id=by_id, by_name=by_name)


@cache
def unit_registry() -> Registry:
    return build_registry(load_yaml(FILE))
