"""What a notice says about its own attachment: the item counts stated in the body and in the note.

- The body's breakdown by group: ``全市36项省定改革事项中，市本级11项、鄂城区8项、…``
  gives the total (36), and each group's count in the order printed.
- The note below the table: ``市税务局9项(含部门合作1项)、…、市财政局部门合作3项`` gives
  each department's count; ``declared`` counts every item naming the unit,
  cooperation ones included (so 市财政局部门合作3项 is declared 3, cooperation 3).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from ybhj_parse.families.notice.groupnames import GroupRegistry
from ybhj_parse.front.body import Paragraph
from ybhj_parse.front.parts import key
from ybhj_parse.model.diagnostics import Diagnostic, diag
from ybhj_parse.rules.loader import NoticeRules, notice_rules, unit_rules
from ybhj_parse.source.document import Line
from ybhj_parse.source.textnorm import fullwidth_parens, squeeze_cjk_spaces
from ybhj_parse.values.units import split_top_level


@dataclass(slots=True)
class DeclaredCounts:
    total: int | None = None
    by_group: dict[str, int] = field(default_factory=dict)  # in the order the body gives them
    line: int | None = None  # where the breakdown is printed
    diags: list[Diagnostic] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class DeclaredDepartment:
    unit: str
    declared: int
    cooperation: int
    line: int


def _runs(matches: list[regex.Match[str]], text: str, separator: str) -> list[list[regex.Match[str]]]:
    """Group count matches that follow each other joined only by the separator."""
    runs: list[list[regex.Match[str]]] = []
    for m in matches:
        if runs and text[runs[-1][-1].end() : m.start()].strip() == separator:
            runs[-1].append(m)
        else:
            runs.append([m])
    return runs


def read_declared(
    paragraphs: list[Paragraph], registry: GroupRegistry, rules: NoticeRules | None = None
) -> DeclaredCounts:
    """The first run of two or more group counts in the body, and the total stated before it."""
    rules = rules or notice_rules()
    d = rules.declared
    for paragraph in paragraphs:
        if paragraph.heading is not None:
            continue
        text = paragraph.text
        start = 0
        for end_mark in [*d.sentence_end.finditer(text), None]:
            end = end_mark.end() if end_mark else len(text)
            sentence = text[start:end]
            offset, start = start, end
            matches = list(d.group_count.finditer(sentence))
            for run in _runs(matches, sentence, d.separator):
                groups = [
                    registry.canonical(m.group("group")) if registry.place else m.group("group") for m in run
                ]
                if len(run) < 2 or any(g is None for g in groups):
                    continue
                counts = DeclaredCounts(line=paragraph.line_at(offset + run[0].start()))
                for group, m in zip(groups, run, strict=True):
                    assert group is not None
                    counts.by_group[group] = counts.by_group.get(group, 0) + int(m.group("count"))
                stated = list(d.total.finditer(sentence[: run[0].start()]))
                total = sum(counts.by_group.values())
                counts.total = int(stated[-1].group("total")) if stated else total
                if counts.total != total:
                    counts.diags.append(
                        diag(
                            "declared-total-mismatch",
                            counts.line,
                            field="completeness",
                            total=counts.total,
                            sum=total,
                        )
                    )
                return counts
    return DeclaredCounts()


def read_departments(notes: list[Line], rules: NoticeRules | None = None) -> list[DeclaredDepartment]:
    """Each department's count in the note under the table, in the order printed."""
    if not notes:
        return []
    rules = rules or notice_rules()
    units = unit_rules()
    note = Paragraph()
    for note_line in notes:
        text = key(note_line)
        m = rules.note_line.match(text)
        note.add(m.group("text") if m else text, note_line.number)  # a note broken by a page end is one text
    found: list[DeclaredDepartment] = []
    offset = 0
    for piece, sep in split_top_level(note.text, units.separators, units.brackets):
        where = note.line_at(offset)
        offset += len(piece) + len(sep)
        piece = squeeze_cjk_spaces(piece).rstrip("。.")  # the last count ends the sentence
        for rule in rules.department_counts:
            hit = rule.pattern.match(piece)
            if hit is None:
                continue
            cooperation = int(hit.group("cooperation") or 0)
            declared = hit.groupdict().get("declared")
            found.append(
                DeclaredDepartment(
                    unit=fullwidth_parens(hit.group("unit").strip()),
                    declared=int(declared) if declared else cooperation,
                    cooperation=cooperation,
                    line=where,
                )
            )
            break
    return found
