"""Unit names → registry ids: fold the name, then look it up exactly.

A name is folded (spaces removed, full-width digits and brackets: see
:func:`~ybhj_parse.rules.registry.fold_name`) and looked up among the names and
aliases of ``rules/registry.yaml``, in the document's place: 市税务局 is Ezhou's
tax bureau in a document of Ezhou only (see the registry file).  An alias the document defines itself
(``市优化营商环境领导小组办公室（以下简称“市优化办”）``) is honoured both ways: the
short form finds the unit of the full name, and the full name that of the short
form.  There is no fuzzy matching: a name not found has no id, and says so.

>>> names = DocumentNames({"优化办": "市优化营商环境领导小组办公室"}, place="ezhou")
>>> names.unit_id("市 税务局"), names.unit_id("优化办"), names.unit_id("市烟草局")
('ezhou.tax', 'ezhou.optimisation-office', None)
>>> DocumentNames().unit_id("市税务局"), DocumentNames().unit_id("鄂州海关")
(None, 'ezhou.customs')
>>> names.district_ids(["各区"], {"各区": ["葛店开发区", "临空经济区"]})
['ezhou.echeng', 'ezhou.huarong', 'ezhou.liangzihu', 'ezhou.gedian', 'ezhou.linkong']
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ybhj_parse.rules.registry import Registry, fold_name, unit_registry


class DocumentNames:
    """The registry seen through one document's own aliases (alias → full name)."""

    def __init__(
        self,
        aliases: Mapping[str, str] | None = None,
        *,
        place: str | None = None,
        registry: Registry | None = None,
    ) -> None:
        self.registry = registry or unit_registry()
        self.place = place
        self.defined: dict[str, str] = {}
        for alias, full in (aliases or {}).items():
            self.defined.setdefault(fold_name(alias), full)
            self.defined.setdefault(fold_name(full), alias)
        self._ids: dict[str, str | None] = {}  # a document names the same units again and again

    def unit_id(self, name: str) -> str | None:
        if name in self._ids:
            return self._ids[name]
        found = self._ids[name] = self._look_up(name)
        return found

    def _look_up(self, name: str) -> str | None:
        found = self.registry.lookup(name, self.place)
        if found is None and fold_name(name) in self.defined:
            found = self.registry.lookup(self.defined[fold_name(name)], self.place)
        return found

    def unit_ids(self, names: Sequence[str]) -> list[str | None]:
        return [self.unit_id(name) for name in names]

    def district_ids(self, scope_words: Sequence[str], definitions: Mapping[str, Sequence[str]]) -> list[str]:
        """The units a scope word such as 各区 stands for: the registry's members of it, and the
        members the document's own definition adds (各区（含葛店开发区、临空经济区）)."""
        found: list[str] = []
        for word in scope_words:
            scope = self.unit_id(word)
            members = list(self.registry.by_id[scope].members) if scope else []
            members += [m for m in map(self.unit_id, definitions.get(word, ())) if m is not None]
            for member in members:
                if member not in found:
                    found.append(member)
        return found
