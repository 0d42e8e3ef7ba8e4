"""Unit cells (牵头单位, 责任单位, …) → a list of unit names and what the list says.

Rules: split on 、 and ， outside brackets; a trailing 等 leaves the list open
and is not part of a name; 各区 (with or without its definition
``（含葛店开发区、临空经济区，下同）``) means every district and is not a unit,
as does any listed scope phrase or token of the scope pattern (各街道（功能区）);
an alias definition ``（以下简称“X”）`` is cut from the name and recorded;
a unit marked ``（牵头）`` is listed apart, as leading; half-width brackets in a
name become full-width.  The words live in
``rules/units.yaml``.

>>> u = parse_units("市公安局、人行鄂州市中心支行等，各区（含葛店开发区、临空经济区，下同）")
>>> u.units, u.open_ended, u.all_districts
(['市公安局', '人行鄂州市中心支行'], True, True)
>>> u.scope_definitions
{'各区': ['葛店开发区', '临空经济区']}
>>> parse_units("市优化营商环境领导小组办公室（以下简称“市优化办”）").aliases
{'市优化办': '市优化营商环境领导小组办公室'}
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache, lru_cache

import regex

from ybhj_parse.rules.loader import UnitRules, cell_rules, column_rules, unit_rules
from ybhj_parse.source.textnorm import fullwidth_parens, squeeze_cjk_spaces


@dataclass(slots=True)
class UnitList:
    units: list[str] = field(default_factory=list)
    all_districts: bool = False
    open_ended: bool = False
    scope_words: list[str] = field(default_factory=list)  # 各区, 各县（市、区）… as written
    aliases: dict[str, str] = field(default_factory=dict)  # alias → full name
    scope_definitions: dict[str, list[str]] = field(default_factory=dict)  # 各区 → its members
    marked_leads: list[str] = field(default_factory=list)  # units marked （牵头） in the list
    run_together: list[str] = field(default_factory=list)  # names split apart (市行政审批局市司法局)
    people: list[str] = field(default_factory=list)  # a person's name after a unit's (市民政局 伍泽国)

    def copy(self) -> UnitList:
        """A copy whose lists and mappings are its own (a cached parse is handed out as one)."""
        definitions = self.scope_definitions
        return UnitList(
            self.units.copy(),
            self.all_districts,
            self.open_ended,
            self.scope_words.copy(),
            self.aliases.copy(),
            {scope: members.copy() for scope, members in definitions.items()} if definitions else {},
            self.marked_leads.copy(),
            self.run_together.copy(),
            self.people.copy(),
        )


def split_top_level(text: str, separators: frozenset[str], brackets: dict[str, str]) -> list[tuple[str, str]]:
    """Split at separators outside brackets; return ``(token, separator_after)`` pairs."""
    closers = {close: open_ for open_, close in brackets.items()}
    pieces: list[tuple[str, str]] = []
    depth: list[str] = []
    start = 0
    for i, char in enumerate(text):
        if char in brackets:
            depth.append(char)
        elif char in closers and depth and depth[-1] == closers[char]:
            depth.pop()
        elif char in separators and not depth:
            pieces.append((text[start:i], char))
            start = i + 1
    pieces.append((text[start:], ""))
    return pieces


_PLACE = r"(?:县级市|特区|街道|县|市|区|旗|乡|镇|州)"
_FIRST_PLACE = regex.compile(rf"各(?:相关|有关)?{_PLACE}(?:[〔（(][^〕）)]*[〕）)])?")
_NEXT_PLACE = regex.compile(
    rf"{_PLACE}(?:[〔（(][^〕）)]*[〕）)])?(?P<government>人民政府|政府|党委|管委会|办事处)?"
)
# 和, 及 or 与 between two names (省级有关单位和各市、县（市、区）政府), told from one inside a name
# (市人力资源和社会保障局) by what stands before it: the end of a unit's name.
_JOINED_NAMES = regex.compile(r"(?<=\p{Han}{2})(?:和|及|与)(?=\p{Han}{2})")


def _place_run(pieces: list[tuple[str, str]], i: int) -> int:
    """The index past a run of place words joined by 、 from ``pieces[i]`` (各县、市、区政府,
    各县、特区、区人民政府): one phrase, every district.  ``i + 1`` when there is none."""
    if pieces[i][1] != "、" or not _FIRST_PLACE.fullmatch(pieces[i][0].strip()):
        return i + 1
    j = i + 1
    while j < len(pieces) and (m := _NEXT_PLACE.fullmatch(pieces[j][0].strip())):
        j += 1
        if m.group("government") or pieces[j - 1][1] != "、":
            break
    return j if j > i + 1 else i + 1


def _merge_scope_phrases(pieces: list[tuple[str, str]], phrases: frozenset[str]) -> list[tuple[str, str]]:
    """Rejoin phrases such as 各区、县级市 (a listed phrase) or 各县、市、区政府 (a run of place
    words) that contain a separator themselves."""
    merged: list[tuple[str, str]] = []
    i = 0
    while i < len(pieces):
        token, sep = pieces[i]
        if i + 1 < len(pieces) and sep and (token.strip() + sep + pieces[i + 1][0].strip()) in phrases:
            merged.append((token.strip() + sep + pieces[i + 1][0].strip(), pieces[i + 1][1]))
            i += 2
            continue
        end = _place_run(pieces, i) if sep == "、" else i + 1
        if end > i + 1:
            text = "".join(t.strip() + s for t, s in pieces[i : end - 1]) + pieces[end - 1][0].strip()
            merged.append((text, pieces[end - 1][1]))
            i = end
            continue
        merged.append((token, sep))
        i += 1
    return merged


_SPACED = regex.compile(r"\p{Han}[ \u3000]+\p{Han}")
# A person's name a space after a unit's (市民政局 伍泽国: a column of 牵头单位及主要负责人).
_PERSON_AFTER_UNIT = regex.compile(r"(?<=\p{Han})[ \u3000]+(\p{Han}{2,3})(?=$|[、，,；;\s])")


def _person(m: regex.Match[str], result: UnitList) -> str:
    """The name kept among the list's people, cut from its units, where what stands before it ends
    as a unit's name does (cells.yaml); a unit's name after the space is left where it is."""
    name = str(m.group(1))
    endings = cell_rules().unit_endings
    after_unit = m.string[: m.start()].endswith(endings)
    if not after_unit or name.endswith(endings) or name.startswith(("各", "市", "县", "区", "省")):
        return str(m.group(0))
    result.people.append(name)
    return ""


def _split_joined(pieces: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Pieces holding two names joined by 和 / 及 / 与 (单位和各市…) split in two, where both the
    part before the word and the part after it end as a unit's name does."""
    out: list[tuple[str, str]] = []
    endings = cell_rules().unit_endings
    for token, sep in pieces:
        m = _JOINED_NAMES.search(token) if len(token) > 4 else None
        if m is not None and token[: m.start()].strip().endswith(endings) and _ends_a_name(token[m.end() :]):
            out += [(token[: m.start()], "、"), (token[m.end() :], sep)]
        else:
            out.append((token, sep))
    return out


def _ends_a_name(text: str) -> bool:
    """The words after 和 end as a unit's name does (a bracketed gloss aside): 各市、县〔市、区〕政府."""
    words = _BRACKETED_TAIL.sub("", text.strip().rstrip("。．."))
    if words in _BARE_BODIES:  # 各县（市、区）党委和人民政府: one place's two bodies, one name
        return False
    return len(words) >= 2 and words.endswith(cell_rules().unit_endings)


_BARE_BODIES = frozenset({"人民政府", "政府", "管委会", "党委", "党工委", "办事处", "人大", "政协"})


def _names_apart_by_spaces(cell: str) -> bool:
    """Unit names kept apart by spaces alone (安监站 安监所 交警六中队): every piece between spaces
    ends as a unit's name does, so the spaces separate names (a stray space inside a name,
    临空经济 区, leaves a piece that ends as none does)."""
    if not _SPACED.search(cell):
        return False
    endings = cell_rules().unit_endings
    pieces = [p for p in regex.split(r"[ \u3000、，,；;]+", cell.strip()) if p]
    return len(pieces) > 1 and all(len(p) >= 2 and p.endswith(endings) for p in pieces)


def parse_units(cell: str, *, rules: UnitRules | None = None, extra_separators: str = "") -> UnitList:
    """Split a unit cell.  ``extra_separators`` adds characters (e.g. a space) for one call."""
    if rules is None:
        return _parse_units(cell, extra_separators).copy()
    return _split_units(cell, rules, extra_separators)


def shared_unit_parse(cell: str, extra_separators: str = "") -> UnitList:
    """The cached parse of a unit cell itself, not a copy: the same object for every caller, so
    to be read and never changed (:func:`parse_units` hands out a copy one may change)."""
    return _parse_units(cell, extra_separators)


# Pure with the rule files' rules, and asked of the same cells again and again.
@lru_cache(maxsize=4096)
def _parse_units(cell: str, extra_separators: str) -> UnitList:
    return _split_units(cell, unit_rules(), extra_separators)


def _split_units(cell: str, rules: UnitRules, extra_separators: str) -> UnitList:
    separators = rules.separators | frozenset(extra_separators)
    result = UnitList()
    if " " not in extra_separators and _SPACED.search(cell):
        cell = _PERSON_AFTER_UNIT.sub(lambda m: _person(m, result), cell)
    if " " not in extra_separators and _names_apart_by_spaces(cell):
        separators = separators | {" "}  # 安监站 安监所: names a space apart, each ending like one
        text = cell
    else:
        text = cell if " " in extra_separators else squeeze_cjk_spaces(cell)
    pieces = split_top_level(text, separators, rules.brackets)
    for token, _sep in _merge_scope_phrases(_split_joined(pieces), rules.phrases):
        name = fullwidth_parens(squeeze_cjk_spaces(token)).rstrip(
            "。．."
        )  # the sentence's stop, not the name's
        if name:
            _read_name(name, rules, separators, result)
    return result


def _cut_at(name: str, pattern: regex.Pattern[str]) -> tuple[str, bool]:
    """``name`` without what ``pattern`` finds after its first character, and whether it found it."""
    m = pattern.search(name)
    if m and m.start() > 0:
        return name[: m.start()].strip(), True
    return name, False


def _read_name(name: str, rules: UnitRules, separators: frozenset[str], result: UnitList) -> None:
    """One name of a unit list into ``result``: its alias, notes and role words cut, an open tail
    (等) said, a scope word or a marked lead told apart."""
    agent = rules.agent_note.search(name)
    if agent is not None and agent.start() > 0:  # 区教体局(区国资公司代建): both do the work
        _read_name(name[: agent.start()].strip(), rules, separators, result)
        _read_name(agent.group("unit").strip(), rules, separators, result)
        return
    alias = rules.alias_definition.search(name)
    if alias:
        name = (name[: alias.start()] + name[alias.end() :]).strip()
    name = rules.leading_mark.sub("", name, count=1)
    name, _ = _cut_at(name, rules.dropped_note)
    name, _ = _cut_at(name, rules.role_tail)
    name, open_tail = _cut_at(name, rules.open_ended_tail)
    if not open_tail and name.endswith(rules.open_ended_suffix) and len(name) > len(rules.open_ended_suffix):
        open_tail, name = True, name[: -len(rules.open_ended_suffix)].strip()
    result.open_ended = result.open_ended or open_tail
    if alias:
        result.aliases[alias.group("alias").strip()] = name
    name = _scope_defined(name, rules, separators, result)
    if name in rules.phrases or rules.scope_pattern.match(name):
        result.all_districts = True
        result.scope_words.append(name)
        return
    lead, marked = _cut_at(name, rules.lead_mark)
    if marked:
        result.marked_leads.append(lead)
        return
    parts = _run_together(name, rules)
    if len(parts) > 1:
        result.run_together.append(name)
    result.units.extend(parts)


def _scope_defined(name: str, rules: UnitRules, separators: frozenset[str], result: UnitList) -> str:
    """各区（含葛店开发区、临空经济区，下同） → 各区, its members recorded."""
    scope = rules.scope_definition.match(name)
    if not scope or scope.group("scope") not in rules.phrases:
        return name
    members = split_top_level(scope.group("members"), separators, rules.brackets)
    result.scope_definitions[scope.group("scope")] = [
        squeeze_cjk_spaces(member) for member, _sep in members if member.strip()
    ]
    return str(scope.group("scope"))


def _run_together(name: str, rules: UnitRules) -> list[str]:
    """市行政审批局市司法局 → [市行政审批局, 市司法局]; any other name alone."""
    if not name or name[0] not in rules.run_together_levels or "（" in name:
        return [name]
    cuts = [
        i for i in range(3, len(name) - 2) if name[i - 1] in rules.run_together_after and name[i] == name[0]
    ]
    if not cuts:
        return [name]
    parts = [name[a:b] for a, b in zip([0, *cuts], [*cuts, len(name)], strict=True)]
    endings = cell_rules().unit_endings
    return parts if all(len(p) >= 3 and p.endswith(endings) for p in parts) else [name]


_BRACKETED_TAIL = regex.compile(r"[（(][^（()）]*[)）]$")


# A pure test of the text that the table reader asks of the same cells again and again.
@lru_cache(maxsize=4096)
def looks_like_units(cell: str) -> bool:
    """The cell names organisations and nothing else (a unit cell, not a task's text).

    >>> looks_like_units("华容区政府，市行政审批局、市市场监管局"), looks_like_units("加快推进工业用地“标准地”出让")
    (True, False)
    """
    if "。" in cell:
        return False
    units = parse_units(cell)
    if not units.units:
        return bool(units.scope_words)
    endings = cell_rules().unit_endings
    return all(_BRACKETED_TAIL.sub("", name).strip().endswith(endings) for name in units.units)


# What separates the names of people in a cell (a unit list's separators, and spaces; a slash too
# where the names are read): compiled once, when first asked (not at import, not looked up in
# regex's cache on every cell).
@cache
def _apart(pattern: str) -> regex.Pattern[str]:
    return regex.compile(pattern)


_PEOPLE_APART = r"[、，,；;\s]+"
_NAMES_APART = r"[、，,；;/\s]+"


# A pure test of the text that realign() asks of the cells of every row short of cells.
@lru_cache(maxsize=4096)
def looks_like_people(cell: str) -> bool:
    """The cell names people (a 责任领导 cell), every name short and no unit among them.

    >>> looks_like_people("张三、李四副市长"), looks_like_people("市发改委")
    (True, False)
    """
    person = column_rules().person
    names = [n for n in _apart(_PEOPLE_APART).split(cell.strip()) if n]
    endings = cell_rules().unit_endings
    return bool(names) and all(person.match(n) and not n.endswith(endings) for n in names)


def join_cell_lines(parts: tuple[str, ...]) -> str:
    """The text of a unit cell written over several lines: a line that names units and a line
    under it that names units again are two lists (one unit a line), joined with 、; a line
    that does not (a name broken in two, 市市场监督 + 管理局, or a bracket, （市知识产权局）)
    continues the line above.

    >>> join_cell_lines(("市发改委", "市财政局")), join_cell_lines(("市市场监管局", "（市知识产权局）"))
    ('市发改委、市财政局', '市市场监管局（市知识产权局）')
    """
    if all(len(part) <= _BROKEN_LINE for part in parts) and not all(map(looks_like_units, parts)):
        return "".join(parts)  # one name broken into short lines (市 / 监 / 察 / 局, 长沙 / 先导 / 区管委会)
    text = parts[0]
    for previous, part in zip(parts, parts[1:], strict=False):
        text += line_joiner(previous, part) + part
    return text


# The longest line of a name a narrow cell breaks into short lines.
_BROKEN_LINE = 4


def line_joiner(previous: str, part: str) -> str:
    """What stands between two lines of a unit cell (see :func:`join_cell_lines`): 、 between two
    unit lists, nothing where the line continues the one above.  A cell read one line at a time
    asks it of its last line and the new one only."""
    joined = (
        looks_like_units(previous)
        and looks_like_units(part)
        and not part.startswith(("（", "("))
        and not previous.endswith(tuple(unit_rules().separators))
    )
    return "、" if joined else ""


def parse_people(cell: str) -> list[str]:
    """The names in a people cell (责任领导), as written, in order.

    >>> parse_people("张三、李四副市长 王五")
    ['张三', '李四副市长', '王五']
    """
    names = []
    for chunk in _apart(_LIST_APART).split(cell.strip()):
        if _SPACED_NAME.match(chunk):  # 钱 宇: a two-character name padded to the width of three
            names.append(chunk.replace(" ", "").replace("\u3000", ""))
        else:
            names.extend(squeeze_cjk_spaces(n) for n in _apart(_NAMES_APART).split(chunk) if n)
    return names


# A name of single characters a space apart (钱 宇, 王 小 明), and the separators of a list of names
# but spaces.
_SPACED_NAME = regex.compile(r"^\p{Han}(?:[ \u3000]+\p{Han}){1,2}$")
_LIST_APART = r"[、，,；;/]+"
