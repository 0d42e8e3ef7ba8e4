"""Attributions: who does a task (and sometimes by when), read from words.

Two forms, both kept as data:

- labelled fields, on lines of their own or inside a bracket
  (``牵头单位：市政务服务数据管理局；配合单位：市公安局、市税务局，各区``), the
  markers in ``rules/labels.yaml``;
- national-style clauses (``市发展改革委牵头，市财政局、市商务局等按职责分工负责``),
  the clause patterns in ``rules/attribution.yaml``.

:func:`find_attributions` finds the brackets of a text that hold one, by
their content: ``（含葛店开发区）`` or ``（以下简称“市优化办”）`` are not
attributions and stay in the text.

>>> a = read_attribution("牵头单位:市政务服务数据管理局;配合单位:市公安局、市税务局,各区")
>>> a.form, a.value("lead"), a.value("responsible")
('labelled', '市政务服务数据管理局', '市公安局、市税务局,各区')
>>> a = read_attribution("市发展改革委牵头，市财政局、市商务局等按职责分工负责")
>>> a.form, a.value("lead"), a.value("responsible")
('national', '市发展改革委', '市财政局、市商务局等')
>>> read_attribution("由企业自主负责") is None
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import regex

from ybhj_parse.rules.loader import AttributionRules, LabelRules, attribution_rules, label_rules, unit_rules
from ybhj_parse.values.deadlines import find_deadline, read_deadline
from ybhj_parse.values.units import looks_like_units, parse_units, split_top_level

UNIT_ROLES = ("lead", "responsible")


@dataclass(slots=True)
class AttributionField:
    role: str  # lead | responsible | deadline | text | ignore | remark | standing
    value: str
    rule: str  # the marker word, or the clause rule's name
    offset: int  # where the value starts in the text read


@dataclass(slots=True)
class Attribution:
    form: str  # "labelled" or "national"
    fields: list[AttributionField] = field(default_factory=list)
    truncated: bool = False  # the text ends inside it (a file cut off)

    def value(self, role: str) -> str:
        """The values of one role, joined with ， (the unit splitter splits at it)."""
        return "，".join(f.value for f in self.fields if f.role == role and f.value)

    def first(self, role: str) -> AttributionField | None:
        return next((f for f in self.fields if f.role == role and f.value), None)

    @property
    def names_units(self) -> bool:
        return any(f.role in UNIT_ROLES and f.value for f in self.fields)


def read_labelled(text: str, rules: LabelRules | None = None) -> list[AttributionField]:
    """``牵头单位：A；责任单位：B`` → its fields; [] when the text does not start with a marker.

    A 责任单位 value written in the national style (``市住建局牵头，市自然资源局配合``)
    is read as its clauses, so the unit that leads is a lead unit.
    """
    rules = rules or label_rules()
    if not rules.line.match(text):
        return []
    marks = list(rules.marker.finditer(text))
    fields: list[AttributionField] = []
    for i, mark in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        raw = text[mark.end() : end]
        value = raw.strip().rstrip(rules.value_trim).strip()
        offset = mark.end() + (len(raw) - len(raw.lstrip()))
        role = rules.roles[mark.group("word")]
        clauses = read_national(value) if role == "responsible" else []
        # Read as clauses when they say who leads, or say a part in so many words (…按职责分工
        # 负责, …配合): the role words are not part of the names.
        if any(c.role == "lead" for c in clauses) or any(c.rule in _SAYS_ITS_PART for c in clauses):
            fields.extend(AttributionField(c.role, c.value, c.rule, offset + c.offset) for c in clauses)
            continue
        deadline = _trailing_deadline(value) if role in UNIT_ROLES else None
        if deadline is not None:
            value, at = value[: deadline[1]].rstrip(rules.value_trim), deadline[1]
            fields.append(AttributionField(role, value, mark.group("word"), offset))
            fields.append(AttributionField("deadline", deadline[0], "trailing-deadline", offset + at))
        else:
            fields.append(AttributionField(role, value, mark.group("word"), offset))
    return fields


def _trailing_deadline(value: str) -> tuple[str, int] | None:
    """A deadline written as the last clause of a unit list (责任单位：州司法局，6月底完成): it and
    where it starts."""
    rules = attribution_rules()
    pieces = split_top_level(value, rules.clause_separators, unit_rules().brackets)
    if len(pieces) < 2:
        return None
    last = pieces[-1][0].strip()
    found = read_deadline(last)
    if found.unrecognised or not (found.due or found.needs_year or found.immediate or found.ongoing):
        return None
    return last, len(value) - len(pieces[-1][0]) + pieces[-1][0].index(last)


def _clause_field(clause: str, offset: int, rules: AttributionRules) -> AttributionField | None:
    for rule in rules.clauses:
        m = rule.pattern.match(clause)
        if m is None:
            continue
        if rule.role == "deadline":
            raw = m.group("raw")
            value = read_deadline(raw)
            if not value.unrecognised and (value.due or value.needs_year or value.immediate or value.ongoing):
                return AttributionField("deadline", raw, rule.name, offset + m.start("raw"))
            found = find_deadline(raw)
            if found is not None:
                return AttributionField(
                    "deadline", found.raw, rule.name, offset + m.start("raw") + found.start
                )
            continue
        if rule.role == "remark":  # says how the list reads (first-listed rules read it), names no one
            return AttributionField("remark", clause, rule.name, offset)
        units = m.group("units").strip()
        if rule.role == "scope":
            parsed = parse_units(units)
            if not parsed.units and parsed.all_districts:
                return AttributionField("responsible", units, rule.name, offset + m.start("units"))
            continue
        if looks_like_units(units) and units not in rules.role_names:
            return AttributionField(rule.role, units, rule.name, offset + m.start("units"))
    return None


# 、 after a role word ends a clause (局防控办主办、各工作组协办; 市发改委牵头、市财政局配合): it is
# read as ， (one character for one, so the fields' offsets hold).
_ROLE_THEN_LIST_COMMA = regex.compile(r"(?<=牵头|主办|负责|配合|协办|参与)、")


def read_national(text: str, rules: AttributionRules | None = None) -> list[AttributionField]:
    """``X牵头，Y等按职责分工负责`` → its fields; [] unless every clause is understood."""
    rules = rules or attribution_rules()
    if "、" in text:
        text = _ROLE_THEN_LIST_COMMA.sub("，", text)
    fields: list[AttributionField] = []
    waiting: list[AttributionField] = []  # bare unit lists, waiting for the role of the next clause
    offset = 0
    for piece, sep in split_top_level(text, rules.clause_separators, unit_rules().brackets):
        clause = piece.strip()
        if clause:
            found = _clause_field(clause, offset + piece.index(clause), rules)
            if found is None:
                return []
            if found.role == "remark":
                pass
            elif found.role == "next":
                waiting.append(found)
            elif found.role in UNIT_ROLES:
                for bare in waiting:
                    bare.role = found.role
                waiting = []
            elif waiting:
                return []  # a bare list followed by a date or a scope: not understood
            fields.append(found)
        offset += len(piece) + len(sep)
    if waiting:
        return []
    if not any(f.role in UNIT_ROLES and f.rule != "scope" for f in fields):
        return []  # a list of scope words or a date alone names no one
    return fields


def read_attribution(text: str) -> Attribution | None:
    """The attribution a bracket's content (or a labelled line) holds, or None; a remark naming
    units for every later task (以下…均需A落实，不再列出) is cut off and kept as its ``standing``
    field."""
    text = text.strip()
    standing = label_rules().standing_units.search(text)
    if standing is not None:
        text = text[: standing.start()]
    fields = read_labelled(text)
    attribution = Attribution("labelled", fields) if fields else Attribution("national", read_national(text))
    if standing is not None:
        units = standing.group("units").strip()
        attribution.fields.append(
            AttributionField("standing", units, "standing-units", standing.start("units"))
        )
        if not attribution.names_units and text.strip():
            return None
    return attribution if attribution.names_units or standing is not None else None


@dataclass(slots=True)
class Span:
    """An attribution found in a text, with the offsets of its brackets."""

    start: int  # the opening bracket (or the first marker, when there is no bracket)
    end: int  # just past the closing bracket (or the end of the text, when it is cut off)
    attribution: Attribution
    bracketed: bool = True

    @property
    def inner(self) -> int:
        """Where the text the fields' offsets count from begins."""
        return self.start + 1 if self.bracketed else self.start


def bracket_spans(
    text: str, rules: AttributionRules | None = None
) -> tuple[list[tuple[int, int]], int | None]:
    """Top-level bracket pairs ``(start, end)`` of a text, and where an unclosed one opens (or None)."""
    rules = rules or attribution_rules()
    spans: list[tuple[int, int]] = []
    stack: list[tuple[int, str]] = []
    for i, char in enumerate(text):
        kind = rules.openers.get(char)
        if kind is not None:
            stack.append((i, kind))
            continue
        kind = rules.closers.get(char)
        if kind is not None and stack and stack[-1][1] == kind:
            start, _ = stack.pop()
            if not stack:
                spans.append((start, i + 1))
    return spans, (stack[0][0] if stack else None)


def find_attributions(text: str, *, at_end_of_input: bool = False) -> list[Span]:
    """Brackets in ``text`` whose content is an attribution, in order.

    With ``at_end_of_input``, a bracket left open at the end of the text (a
    file cut off inside it) is read too, when it is labelled: its fields are
    kept but for the last unit name written (it may be cut short), and the
    span is marked truncated.
    """
    rules = attribution_rules()
    spans, unclosed = bracket_spans(text, rules)
    found = []
    for start, end in spans:
        attribution = read_attribution(text[start + 1 : end - 1])
        if attribution is not None:
            found.append(Span(start, end, attribution))
    bare = _bare_units(text, spans[-1] if spans else None, found)
    if bare is not None:
        found.append(bare)
    if (
        not found
        and unclosed is None
        and (subject := _subject_units(text) or _clause_units(text)) is not None
    ):
        found.append(subject)
    tail = _labelled_tail(text, spans, unclosed)
    if tail is not None and not (found and found[-1].end > tail.start):
        found.append(tail)
    if at_end_of_input and unclosed is not None and (cut := _cut_off_bracket(text, unclosed)) is not None:
        found.append(cut)
    return found


def _cut_off_bracket(text: str, unclosed: int) -> Span | None:
    """A labelled bracket the end of the input cut off: its fields but for the last name written."""
    fields = [f for f in read_labelled(text[unclosed + 1 :].strip()) if f.value]
    if fields:
        fields[-1].value = _drop_last_name(fields[-1])
        fields = [f for f in fields if f.value]
    if not any(f.role in UNIT_ROLES for f in fields):
        return None
    return Span(unclosed, len(text), Attribution("labelled", fields, truncated=True))


def _bare_units(text: str, last: tuple[int, int] | None, found: list[Span]) -> Span | None:
    """A bracket that ends the text after its sentence's full stop (or stands alone on its line,
    under the task) and holds nothing but unit names (……及时更新。（办公室、档案中心）): the units
    who do the task, their part unsaid, so responsible.  A bracket inside the sentence (（上班的路）) or after a name (报市政府办公厅
    （市职转办）) is the text's own."""
    if last is None or (found and found[-1].start == last[0]):
        return None
    start, end = last
    before = text[:start].rstrip()
    if before and not before.endswith(_SENTENCE_STOPS):
        return None
    if not before and not any(sep in text for sep in "、，,"):
        return None  # alone on its line, a list under a task; one name is a cell's second line
    if text[end:].strip(attribution_rules().trailing):
        return None
    content = text[start + 1 : end - 1].strip()
    if not content or not looks_like_units(content):
        return None
    field_ = AttributionField("responsible", content, "bare-list", text.index(content, start + 1) - start - 1)
    return Span(start, end, Attribution("national", [field_]))


_SENTENCE_STOPS = ("。", "；", ";", "！", "？", "!", "?")

# A task whose sentence opens with the units that do it (1.县应急管理局负责尾矿库…的隐患排查).
_SUBJECT = regex.compile(
    r"^(?:\d{1,3}\s*[.．、。]|[（(][一二三四五六七八九十\d]{1,3}[）)])?\s*"
    r"(?P<units>[^，。；,;：:（()）\s]{2,40}?)(?:牵头)?负责(?![人的])"
)


# A heading that names the units of the tasks under it (一、县示范区管委会牵头工作（8项）), and the
# rule its attribution field is read by (the tree keeps such a heading open for the lines under it).
UNITS_HEADING_RULE = "units-heading"
_UNITS_HEADING = regex.compile(
    r"^(?:[一二三四五六七八九十]{1,3}[、.]|[（(][一二三四五六七八九十]{1,3}[）)])?\s*"
    r"(?P<units>[^，。；,;：:（()）\s]{2,40}?)(?P<role>牵头|负责)的?(?:重点)?(?:工作|任务|事项)"
    r"(?:[（(]\d{1,3}项[）)])?$"
)


def _subject_units(text: str) -> Span | None:
    """The units a task's sentence opens with, as its responsible units (their part is 负责), or
    those a heading names for the tasks under it (…牵头工作: they lead them).  The span is empty
    and at the end of the text: the sentence is the task's (or the heading's), kept whole."""
    role, rule = "responsible", "subject"
    m = _SUBJECT.match(text)
    if m is None and (m := _UNITS_HEADING.match(text)) is not None and m.group("role") == "牵头":
        role, rule = "lead", UNITS_HEADING_RULE
    if m is None:
        return None
    units, start = m.group("units"), m.start("units")
    if (agent := units.rfind("由")) >= 0:  # 燃煤散烧由规财科负责: the units come after 由
        units, start = units[agent + 1 :], start + agent + 1
    if not looks_like_units(units):
        return None
    field_ = AttributionField(role, units, rule, start - len(text))
    return Span(len(text), len(text), Attribution("national", [field_]), bracketed=False)


# The clause rules that say a unit's part in so many words (not a bare list, a scope or a date).
_ROLE_CLAUSES = frozenset({"leads", "shares-duties", "hosts", "supports", "responsible"})


def _clause_units(text: str) -> Span | None:
    """Units named in the task's sentences, without brackets (……一同进行，由二污普领导小组办公室和
    环境监察局一同负责。 由污控科牵头，环监局、监测站配合。): a sentence that is an attribution
    whole (由A,B,C负责落实, on a line under the task), else each clause that says a part (…牵头,
    由…负责, …配合) of names that all end like units.  The span is empty and at the end of the
    text: the sentences are the task's, kept whole."""
    if "牵头" not in text and "负责" not in text:
        return None  # a part said only as 配合 names helpers of a task led by no one said
    rules = attribution_rules()
    fields: list[AttributionField] = []
    start = 0
    for sentence, sep in split_top_level(text, _SENTENCE_STOP_SET, unit_rules().brackets):
        fields.extend(_sentence_fields(sentence, start - len(text), rules))
        start += len(sentence) + len(sep)
    if not fields:
        return None
    return Span(len(text), len(text), Attribution("national", fields), bracketed=False)


_SENTENCE_STOP_SET = frozenset("。；;")


def _sentence_fields(sentence: str, base: int, rules: AttributionRules) -> list[AttributionField]:
    """The unit fields of one sentence (see :func:`_clause_units`); offsets from ``base``."""
    lead = len(sentence) - len(sentence.lstrip())
    whole = read_national(sentence.strip(), rules) if "由" in sentence[: 2 + lead] else []
    if whole and all(f.role in UNIT_ROLES for f in whole):
        return [AttributionField(f.role, f.value, f.rule, base + lead + f.offset) for f in whole]
    fields = []
    offset = 0
    for piece, sep in split_top_level(sentence, rules.clause_separators, unit_rules().brackets):
        clause = piece.strip()
        at = offset + piece.find(clause)
        agent = clause.rfind("由")  # 环境治理水质公开由监测站负责: the units come after 由
        if agent > 0:
            clause, at = clause[agent:], at + agent
        found = _clause_field(clause, at, rules) if 3 < len(clause) <= 60 else None
        if found is not None and found.rule in _ROLE_CLAUSES:
            found.offset += base
            fields.append(found)
        offset += len(piece) + len(sep)
    return fields


# A marker that follows one of these (or starts the text) may begin labelled fields run into a sentence.
_SENTENCE_ENDS = "。；;！？!? "


def _labelled_tail(text: str, spans: list[tuple[int, int]], unclosed: int | None) -> Span | None:
    """Labelled fields closing a text without brackets: ……全程网办。责任单位：A。完成时限：B。"""
    rules = label_rules()
    for mark in rules.marker.finditer(text):
        start = mark.start()
        if start and text[start - 1] not in _SENTENCE_ENDS:
            continue
        if any(a < start < b for a, b in spans) or (unclosed is not None and start > unclosed):
            continue
        fields = read_labelled(text[start:], rules)
        attribution = Attribution("labelled", fields)
        return Span(start, len(text), attribution, bracketed=False) if attribution.names_units else None
    return None


def _drop_last_name(cut: AttributionField) -> str:
    """A field the file ends inside: its unit names but the last, which may be cut short."""
    if cut.role not in UNIT_ROLES:
        return ""
    rules = unit_rules()
    pieces = split_top_level(cut.value, rules.separators, rules.brackets)
    return "".join(token + sep for token, sep in pieces[:-1]).rstrip("".join(rules.separators))


def trailing(span: Span, text: str) -> bool:
    """Nothing but closing punctuation follows the span: it ends the sentence."""
    return not text[span.end :].strip(attribution_rules().trailing)


# Clause rules (rules/attribution.yaml) that say a unit's part in so many words: a cell
# read with one of them is an attribution, not a plain list of units.
_SAYS_ITS_PART = {"leads": "lead", "hosts": "lead", "shares-duties": "responsible", "supports": "responsible"}


def read_cell_attribution(text: str, role: str) -> dict[str, str] | None:
    """A unit cell (of the column ``role``) that says who leads and who helps: the units of
    each part, or None for a plain list of units.

    >>> read_cell_attribution("市发改委牵头，市财政局、市商务局配合", "responsible")
    {'lead': '市发改委', 'responsible': '市财政局、市商务局'}
    >>> read_cell_attribution("市发改委、市财政局分别牵头", "responsible")
    {'lead': '市发改委、市财政局'}
    >>> read_cell_attribution("由市发改委负责", "lead")
    {'lead': '市发改委'}
    >>> read_cell_attribution("市发改委、市财政局", "responsible") is None
    True
    """
    found = _cell_attribution(text, role)
    return None if found is None else dict(found)


# Pure, and asked of every unit cell of every row (the same cells again and again).
@lru_cache(maxsize=4096)
def _cell_attribution(text: str, role: str) -> dict[str, str] | None:
    attribution = read_attribution(text)
    if attribution is None:
        return None
    parts: dict[str, list[str]] = {}
    said = attribution.form == "labelled"
    for f in attribution.fields:
        if f.role not in UNIT_ROLES or not f.value:
            continue
        said = said or f.rule in _SAYS_ITS_PART or f.rule == "responsible"  # 由A负责
        part = _SAYS_ITS_PART.get(f.rule, f.role if attribution.form == "labelled" else role)
        parts.setdefault(part, []).append(f.value)
    if not said or not parts:
        return None
    return {part: "，".join(values) for part, values in parts.items()}
