"""Load ``rules/targets.yaml``: the units, comparator words and skip rules of quantified targets.

The word lists are compiled into alternations longest first, so that 不超过 wins over
超过 and 个工作日 over 个 whatever order the file lists them in.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any, cast

import regex

from ybhj_parse.errors import RuleError
from ybhj_parse.model.records import Comparator
from ybhj_parse.rules.loader import compile_pattern, load_yaml, require

FILE = "targets.yaml"
COMPARATORS = ("<=", ">=", "<", ">", "=")


@dataclass(frozen=True, slots=True)
class SkipRule:
    name: str
    before: regex.Pattern[str]
    units: frozenset[str]  # empty: every unit


@dataclass(frozen=True, slots=True)
class TargetRules:
    units: dict[str, str]  # as written → canonical unit
    bounds: dict[str, Comparator]  # word → comparator
    verbs: dict[str, Comparator]
    suffixes: dict[str, Comparator]
    number: regex.Pattern[str]  # number, optional range, unit, optional suffix
    before: regex.Pattern[str]  # a bound or verb (and infix) at the end of the text before a number
    skip: tuple[SkipRule, ...]
    keywords: regex.Pattern[str]


def _alternation(words: Any) -> str:
    return "|".join(regex.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


def _words(data: dict[str, Any], key: str) -> dict[str, Comparator]:
    """``{comparator: [word, …]}`` → ``{word: comparator}``."""
    table = require(data, key, dict, file=FILE)
    words: dict[str, Comparator] = {}
    for comparator, listed in table.items():
        if comparator not in COMPARATORS:
            raise RuleError(f"{key}.{comparator}: not one of {', '.join(COMPARATORS)}", path=f"rules/{FILE}")
        if not isinstance(listed, list) or not all(isinstance(w, str) and w for w in listed):
            raise RuleError(f"{key}.{comparator}: expected a list of words", path=f"rules/{FILE}")
        words.update(dict.fromkeys(listed, cast(Comparator, comparator)))
    return words


def _units(data: dict[str, Any]) -> dict[str, str]:
    units: dict[str, str] = {}
    for canonical, written in require(data, "units", dict, file=FILE).items():
        if not isinstance(written, list) or not all(isinstance(w, str) and w for w in written):
            raise RuleError(f"units.{canonical}: expected a list of spellings", path=f"rules/{FILE}")
        units.update(dict.fromkeys(written, str(canonical)))
    return units


def _skip_rules(data: dict[str, Any]) -> tuple[SkipRule, ...]:
    rules = []
    for i, item in enumerate(require(data, "skip", list, file=FILE)):
        where = f"skip[{i}]"
        units = item.get("units", [])
        if not isinstance(units, list):
            raise RuleError(f"{where}.units: expected a list", path=f"rules/{FILE}")
        rules.append(
            SkipRule(
                name=require(item, "name", str, file=FILE, where=where),
                before=compile_pattern(item.get("before"), file=FILE, key=f"{where}.before"),
                units=frozenset(str(u) for u in units),
            )
        )
    return tuple(rules)


@cache
def target_rules() -> TargetRules:
    data = load_yaml(FILE)
    units, suffixes = _units(data), _words(data, "suffixes")
    bounds, verbs = _words(data, "bounds"), _words(data, "verbs")
    figure = r"\d+(?:\.\d+)?"
    marks = require(data, "range_marks", str, file=FILE)
    number = (
        rf"(?<![\d.A-Za-z])(?P<value>{figure})(?:\s*{marks}\s*(?P<value_max>{figure}))?"
        rf"\s*(?P<unit>{_alternation(units)})(?P<suffix>{_alternation(suffixes)})?"
    )
    infix = require(data, "infix", str, file=FILE)
    before = rf"(?:(?P<bound>{_alternation(bounds)})|(?P<verb>{_alternation(verbs)}))(?:{infix})?$"
    return TargetRules(
        units=units,
        bounds=bounds,
        verbs=verbs,
        suffixes=suffixes,
        number=compile_pattern(number, file=FILE, key="units", groups=("value", "unit")),
        before=compile_pattern(before, file=FILE, key="infix", groups=("bound", "verb")),
        skip=_skip_rules(data),
        keywords=compile_pattern(data.get("keywords"), file=FILE, key="keywords", groups=("keyword",)),
    )
