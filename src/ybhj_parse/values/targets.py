"""Quantified targets and quoted keywords in a task's text.

A target is a number with its unit and the words that bound it, with its place in
the text (``rules/targets.yaml`` holds the units and the words):

>>> [(t.phrase, t.value, t.unit, t.comparator) for t in find_targets("压减至5次、纳税时间压减至85小时以内")]
[('5次', 5, '次', '<='), ('85小时以内', 85, '小时', '<=')]
>>> t = find_targets("缴纳投标保证金不得超过招标项目估算价的1%")[0]
>>> t.phrase, t.value, t.unit, t.comparator, t.start, t.end
('不得超过招标项目估算价的1%', 1, '%', '<=', 7, 21)
>>> find_targets("2022年6月30日前完成") == []
True

Keywords are the slogans the text quotes, each once, in order:

>>> find_keywords("推进“证照分离”改革，实行“一业一证”，深化“证照分离”")
['证照分离', '一业一证']
"""

from __future__ import annotations

import regex

from ybhj_parse.model.records import Comparator, Target
from ybhj_parse.rules.loader import TargetRules, target_rules

# How far before a number a bound or verb (with its infix) is looked for.
_LOOK_BEHIND = 40


def _number(figure: str) -> int | float:
    return float(figure) if "." in figure else int(figure)


def _skipped(rules: TargetRules, before: str, unit: str) -> bool:
    # The unit is told apart first: a rule for other units needs no search of the words before.
    return any((not rule.units or unit in rule.units) and rule.before.search(before) for rule in rules.skip)


def _target(rules: TargetRules, text: str, m: regex.Match[str]) -> Target | None:
    unit = rules.units[m.group("unit")]
    before = text[max(0, m.start() - _LOOK_BEHIND) : m.start()]
    if _skipped(rules, before, unit):
        return None
    start = m.start()
    comparator: Comparator = "="
    lead = rules.before.search(before)
    if lead is not None and lead.group("bound"):
        start -= len(before) - lead.start()
        comparator = rules.bounds[lead.group("bound")]
    elif m.group("suffix"):
        comparator = rules.suffixes[m.group("suffix")]
    elif lead is not None:
        comparator = rules.verbs[lead.group("verb")]
    high = m.group("value_max")
    return Target(
        value=_number(m.group("value")),
        value_max=_number(high) if high else None,
        unit=unit,
        comparator=comparator,
        phrase=text[start : m.end()],
        start=start,
        end=m.end(),
    )


# What every target's number starts with (rules/loader.py reads a figure as \d+).
_FIGURE = regex.compile(r"\d")


def find_targets(text: str) -> list[Target]:
    """Every quantified target in ``text``, in order."""
    if _FIGURE.search(text) is None:
        return []  # a target is a figure and its unit: most task texts hold no figure at all
    rules = target_rules()
    found = (_target(rules, text, m) for m in rules.number.finditer(text))
    return [t for t in found if t is not None]


def find_keywords(text: str) -> list[str]:
    """The quoted slogans of ``text`` (“证照分离”), each once, in the order they first appear."""
    found = [k for m in target_rules().keywords.finditer(text) if (k := m.group("keyword").strip())]
    return list(dict.fromkeys(found)) if found else []  # most texts quote nothing
