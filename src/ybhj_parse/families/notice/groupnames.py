"""The groups a place's items are counted in (市本级 and the districts), and the names each goes by.

The registry is ``districts`` in ``rules/units.yaml``.  A notice does not say
which place it is about in a form worth trusting, so the place is chosen by
which registry's group names its text mentions most.

>>> r = GroupRegistry.for_texts(["鄂城区 (8项)", "梁子湖区检察院"])
>>> r.place, r.canonical("葛店开发区"), r.of_unit("人行鄂州市中心支行")
('ezhou', '葛店经开区', ('市本级', '人行鄂州'))
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ybhj_parse.rules.loader import unit_rules

# Names this short are unit prefixes (市…), not evidence of a place or a group name.
_MIN_NAME_CHARS = 3


@dataclass(frozen=True, slots=True)
class GroupRegistry:
    place: str | None
    names: dict[str, str]  # every name (the group's own included) → the group

    @classmethod
    def for_texts(cls, texts: Iterable[str]) -> GroupRegistry:
        """The registry whose group names occur most often in ``texts``; an empty one if none occurs."""
        districts = unit_rules().districts
        joined = "\n".join(texts)
        best, best_score = None, 0
        for place, groups in districts.items():
            score = sum(
                joined.count(name)
                for group, aliases in groups.items()
                for name in {group, *aliases}
                if len(name) >= _MIN_NAME_CHARS
            )
            if score > best_score:
                best, best_score = place, score
        if best is None:
            return cls(None, {})
        names = {name: group for group, aliases in districts[best].items() for name in (group, *aliases)}
        return cls(best, names)

    @property
    def groups(self) -> list[str]:
        return list(dict.fromkeys(self.names.values()))

    def canonical(self, name: str) -> str | None:
        """The group a printed name means: 葛店开发区 → 葛店经开区; 其中市本级 → 市本级 (words run in)."""
        if name in self.names:
            return self.names[name]
        tails = [n for n in self.names if len(n) >= _MIN_NAME_CHARS and name.endswith(n)]
        return self.names[max(tails, key=len)] if tails else None

    def of_unit(self, unit: str) -> tuple[str, str] | None:
        """``(group, prefix)`` for a unit named after its group: 梁子湖区检察院 → 梁子湖区."""
        prefixes = [n for n in self.names if unit.startswith(n) and len(unit) > len(n)]
        if not prefixes:
            return None
        prefix = max(prefixes, key=len)
        return self.names[prefix], prefix
