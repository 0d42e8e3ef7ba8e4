"""Load the unit registry (``rules/registry.yaml``) once and check it.

Checked at load, failing with the file and the key: every unit has an id of the
form ``place.unit`` (lower-case ASCII words, hyphens inside) whose place is one of
``places``, a name and a known kind; ids are unique; every name and alias, once
folded (:func:`fold_name`), is unique over the whole file; a parent or a member is
an id of the file, and a place lies within a place of the file.
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any, NamedTuple

import regex

from ybhj_parse.rules.loader import Section, compile_pattern, load_yaml
from ybhj_parse.source.textnorm import fold, fullwidth_parens

FILE = "registry.yaml"
ID_PATTERN = r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*(?:\.[a-z][a-z0-9]*(?:-[a-z0-9]+)*)+$"


# Pure, and asked of the same unit names on row after row and document after document.
@lru_cache(maxsize=8192)
def fold_name(name: str) -> str:
    """The form names are compared in: digits and spaces folded, no white space, full-width brackets.

    >>> fold_name(" 市委宣传部(市版权局) ")
    '市委宣传部（市版权局）'
    """
    return "".join(fullwidth_parens(fold(name)).split())


# NamedTuples: as immutable as frozen dataclasses, and made in a fifth of the time at import.
class Unit(NamedTuple):
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


class Place(NamedTuple):
    id: str
    names: tuple[str, ...]  # a document naming one of these is of this place
    within: str | None = None


class Registry(NamedTuple):
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


def _optional_words(section: Section, key: str) -> tuple[str, ...]:
    return tuple(section.words(key)) if section.has(key) else ()


def _optional_text(section: Section, key: str) -> str | None:
    return section.text(key) if section.has(key) else None


def _unit(u: Section, kinds: dict[str, str], id_pattern: regex.Pattern[str]) -> Unit:
    unit_id = u.text("id")
    if not id_pattern.match(unit_id):
        raise u.error("id", f"{unit_id!r} is not of the form place.unit (a-z, 0-9, -)")
    kind = u.text("kind")
    if kind not in kinds:
        raise u.error("kind", f"unknown kind {kind!r} ({unit_id})")
    return Unit(
        id=unit_id,
        name=u.text("name"),
        kind=kind,
        full_name=_optional_text(u, "full_name"),
        aliases=_optional_words(u, "aliases"),
        parent=_optional_text(u, "parent"),
        members=_optional_words(u, "members"),
    )


def _places(f: Section) -> dict[str, Place]:
    table = f.section("places")
    places = {}
    for key in list(table.data):
        p = table.section(str(key))
        places[str(key)] = Place(
            id=str(key), names=tuple(p.words("names")), within=_optional_text(p, "within")
        )
    for place in places.values():
        if place.within is not None and place.within not in places:
            raise table.error(f"{place.id}.within", f"no place {place.within}")
    return places


def _index(units: list[tuple[Section, Unit]], places: dict[str, Place]) -> dict[str, str]:
    """Folded name or alias → id; every one unique over the file."""
    by_name: dict[str, str] = {}
    seen: set[str] = set()
    for u, unit in units:
        if unit.id in seen:
            raise u.error("id", f"{unit.id} is used twice")
        seen.add(unit.id)
        if place_of_id(unit.id) not in places:
            raise u.error("id", f"{unit.id}: no place {place_of_id(unit.id)}")
        for name in unit.names:
            other = by_name.get(fold_name(name))
            if other == unit.id:
                raise u.error("", f"{name!r} is written twice ({unit.id})")
            if other is not None:
                raise u.error("", f"{name!r} names both {other} and {unit.id}")
            by_name[fold_name(name)] = unit.id
    for u, unit in units:
        for key, ids in (("parent", (unit.parent,) if unit.parent else ()), ("members", unit.members)):
            missing = [i for i in ids if i not in seen]
            if missing:
                raise u.error(key, f"no unit {', '.join(missing)}")
    return by_name


def build_registry(data: dict[str, Any]) -> Registry:
    """Check the loaded file and index it; raises :class:`RuleError` naming the key at fault."""
    with Section(data, file=FILE) as f:
        places = _places(f)
        kinds = {str(k): str(v) for k, v in f.value("kinds", dict).items()}
        id_pattern = compile_pattern(ID_PATTERN, file=FILE, key="units.id")
        units = [(u, _unit(u, kinds, id_pattern)) for u in f.items("units")]
        by_name = _index(units, places)
    plain = tuple(unit for _, unit in units)
    return Registry(places=places, kinds=kinds, units=plain, by_id={u.id: u for u in plain}, by_name=by_name)


@cache
def unit_registry() -> Registry:
    return build_registry(load_yaml(FILE))
