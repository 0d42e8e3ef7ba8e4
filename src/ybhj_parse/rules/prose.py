"""Rule files of the prose layouts: field markers, attributions, page furniture.

``rules/labels.yaml``, ``rules/attribution.yaml`` and ``rules/furniture.yaml``
are loaded once, checked, and compiled here, like the rule files of
:mod:`ybhj_parse.rules.loader` (whose helpers they use): a malformed file fails at
load time naming the file and the key.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import regex

from ybhj_parse.errors import RuleError
from ybhj_parse.rules.loader import compile_pattern, load_yaml, require

LABEL_ROLES = ("lead", "responsible", "deadline", "text", "ignore")
CLAUSE_ROLES = ("lead", "responsible", "scope", "deadline", "next")


def _strings(value: Any, *, file: str, key: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise RuleError(f"{key}: expected a list of non-empty strings", path=f"rules/{file}")
    return value


def _words_by_role(
    data: dict[str, Any], key: str, roles: tuple[str, ...] | None, *, file: str
) -> dict[str, str]:
    """``{role: [word, …]}`` → ``{word: role}``; a word under two roles is an error."""
    words: dict[str, str] = {}
    for role, synonyms in require(data, key, dict, file=file).items():
        if roles is not None and role not in roles:
            raise RuleError(f"{key}.{role}: not one of {', '.join(roles)}", path=f"rules/{file}")
        for word in _strings(synonyms, file=file, key=f"{key}.{role}"):
            if word in words:
                raise RuleError(f"{key}.{role}: {word} is also under {words[word]}", path=f"rules/{file}")
            words[word] = role
    return words


def _alternation(words: dict[str, str]) -> str:
    """The words as one regex alternation, longest first (牵头单位 before 牵头)."""
    return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))


@dataclass(frozen=True, slots=True)
class LabelRules:
    roles: dict[str, str]  # marker word → role
    marker: regex.Pattern[str]  # a marker with its colon; group `word`
    line: regex.Pattern[str]  # a line (or bracket content) that starts with a marker
    value_trim: str
    first_listed_leads: regex.Pattern[str]
    section_titles: frozenset[str]  # titles of sections that hold no task (总体要求, 保障措施)


@cache
def label_rules() -> LabelRules:
    file = "labels.yaml"
    data = load_yaml(file)
    roles = _words_by_role(data, "fields", LABEL_ROLES, file=file)
    colons = "".join(regex.escape(c) for c in _strings(data.get("colons"), file=file, key="colons"))
    words = _alternation(roles)
    return LabelRules(
        roles=roles,
        marker=compile_pattern(rf"(?P<word>{words})\s*[{colons}]", file=file, key="fields", groups=("word",)),
        line=compile_pattern(rf"^(?P<word>{words})\s*[{colons}]", file=file, key="fields"),
        value_trim=require(data, "value_trim", str, file=file),
        first_listed_leads=compile_pattern(
            data.get("first_listed_leads"), file=file, key="first_listed_leads"
        ),
        section_titles=frozenset(_strings(data.get("section_titles"), file=file, key="section_titles")),
    )


@dataclass(frozen=True, slots=True)
class ClauseRule:
    name: str
    pattern: regex.Pattern[str]
    role: str


@dataclass(frozen=True, slots=True)
class AttributionRules:
    openers: dict[str, str]  # opening bracket → its class
    closers: dict[str, str]  # closing bracket → its class
    trailing: str
    clause_separators: frozenset[str]
    clauses: tuple[ClauseRule, ...]
    unit_separators: str


@cache
def attribution_rules() -> AttributionRules:
    file = "attribution.yaml"
    data = load_yaml(file)
    openers: dict[str, str] = {}
    closers: dict[str, str] = {}
    for name, pair in require(data, "brackets", dict, file=file).items():
        where = f"brackets.{name}"
        if not isinstance(pair, dict):
            raise RuleError(f"{where}: expected open and close", path=f"rules/{file}")
        openers.update(dict.fromkeys(require(pair, "open", str, file=file, where=where), name))
        closers.update(dict.fromkeys(require(pair, "close", str, file=file, where=where), name))
    clauses = []
    for i, item in enumerate(require(data, "clauses", list, file=file)):
        where = f"clauses[{i}]"
        role = require(item, "role", str, file=file, where=where)
        if role not in CLAUSE_ROLES:
            raise RuleError(f"{where}.role: not one of {', '.join(CLAUSE_ROLES)}", path=f"rules/{file}")
        group = "raw" if role == "deadline" else "units"
        clauses.append(
            ClauseRule(
                name=require(item, "name", str, file=file, where=where),
                pattern=compile_pattern(
                    item.get("pattern"), file=file, key=f"{where}.pattern", groups=(group,)
                ),
                role=role,
            )
        )
    return AttributionRules(
        openers=openers,
        closers=closers,
        trailing=require(data, "trailing", str, file=file),
        clause_separators=frozenset(
            _strings(data.get("clause_separators"), file=file, key="clause_separators")
        ),
        clauses=tuple(clauses),
        unit_separators=require(data, "unit_separators", str, file=file),
    )


@dataclass(frozen=True, slots=True)
class FurnitureRules:
    banner: regex.Pattern[str]
    banner_keys: frozenset[str]
    meta_keys: dict[str, str]  # key word → field
    meta_key: regex.Pattern[str]  # a key with its colon; group `key`
    meta_line: regex.Pattern[str]  # a line that starts with a key and a colon
    meta_date: regex.Pattern[str]
    page_number: regex.Pattern[str]
    title_end: regex.Pattern[str]
    title_lines: int
    title_date: regex.Pattern[str]
    tail_note: regex.Pattern[str]
    contact_note: regex.Pattern[str]


@cache
def furniture_rules() -> FurnitureRules:
    file = "furniture.yaml"
    data = load_yaml(file)
    keys = _words_by_role(data, "meta_keys", None, file=file)
    colons = "".join(regex.escape(c) for c in _strings(data.get("meta_colons"), file=file, key="meta_colons"))
    words = _alternation(keys)
    return FurnitureRules(
        banner=compile_pattern(data.get("banner"), file=file, key="banner", groups=("key", "value")),
        banner_keys=frozenset(_strings(data.get("banner_keys"), file=file, key="banner_keys")),
        meta_keys=keys,
        meta_key=compile_pattern(
            rf"(?P<key>{words})\s*[{colons}]", file=file, key="meta_keys", groups=("key",)
        ),
        meta_line=compile_pattern(rf"^(?P<key>{words})\s*[{colons}]", file=file, key="meta_keys"),
        meta_date=compile_pattern(
            data.get("meta_date"), file=file, key="meta_date", groups=("year", "month", "day")
        ),
        page_number=compile_pattern(data.get("page_number"), file=file, key="page_number"),
        title_end=compile_pattern(data.get("title_end"), file=file, key="title_end"),
        title_lines=require(data, "title_lines", int, file=file),
        title_date=compile_pattern(
            data.get("title_date"), file=file, key="title_date", groups=("year", "month", "day")
        ),
        tail_note=compile_pattern(data.get("tail_note"), file=file, key="tail_note"),
        contact_note=compile_pattern(data.get("contact_note"), file=file, key="contact_note"),
    )
