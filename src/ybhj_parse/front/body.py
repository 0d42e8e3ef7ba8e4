"""Notice stage 2 (body): body lines → paragraphs → preamble, sections and references.

Exports break paragraphs at page ends (``…共有28类、`` / ``36项被列入…``), so a
line that does not end in sentence-final punctuation continues on the next
non-blank line, unless that line is a heading.  Section headings (``一、``)
open sections; everything before the first one is the preamble.  Each
paragraph remembers where each of its lines starts, so a value found in the
joined text (a reference, a count) still cites its own line.
"""

from __future__ import annotations

from dataclasses import dataclass

from ybhj_parse.model.records import DocNumber, Reference, Section
from ybhj_parse.rules.loader import NoticeRules, notice_rules
from ybhj_parse.source.document import Line
from ybhj_parse.source.runs import Run
from ybhj_parse.source.textnorm import squeeze_cjk_spaces
from ybhj_parse.values.headings import HeadingMatch, match_heading


@dataclass(slots=True)
class Paragraph(Run):
    heading: HeadingMatch | None = None


@dataclass(slots=True)
class Body:
    paragraphs: list[Paragraph]
    preamble: str | None
    sections: list[Section]
    references: list[Reference]


def paragraphs(lines: list[Line], rules: NoticeRules | None = None) -> list[Paragraph]:
    """Join lines broken by page ends; a heading is always a paragraph of its own."""
    rules = rules or notice_rules()
    result: list[Paragraph] = []
    open_paragraph: Paragraph | None = None
    for line in lines:
        text = squeeze_cjk_spaces(line.text)
        if not text:
            continue
        heading = match_heading(text, line=line.number)
        if heading is not None:
            heading_paragraph = Paragraph(heading=heading)
            heading_paragraph.add(text, line.number)
            result.append(heading_paragraph)
            open_paragraph = None
            continue
        if open_paragraph is None:
            open_paragraph = Paragraph()
            result.append(open_paragraph)
        open_paragraph.add(text, line.number)
        if rules.paragraph_end.search(text):
            open_paragraph = None
    return result


def doc_number(text: str, rules: NoticeRules | None = None) -> DocNumber | None:
    """``鄂营商发〔2023〕4号`` → DocNumber; None when the text is not a document number."""
    rules = rules or notice_rules()
    raw = text.replace(" ", "").strip()
    m = rules.doc_number.match(raw)
    if m is None:
        return None
    return DocNumber(
        raw=raw, prefix=m.group("prefix"), year=int(m.group("year")), serial=int(m.group("serial"))
    )


def _split_heading(paragraph: Paragraph, rules: NoticeRules) -> tuple[str, str]:
    """A heading line may carry body text after its title: 一、总体要求。…"""
    assert paragraph.heading is not None
    title = paragraph.heading.title
    m = rules.heading_title_end.search(title)
    if m is None:
        return title, ""
    return title[: m.start()], title[m.end() :].strip()


def read_body(lines: list[Line], rules: NoticeRules | None = None) -> Body:
    rules = rules or notice_rules()
    paras = paragraphs(lines, rules)
    preamble: list[str] = []
    sections: list[Section] = []
    texts: list[list[str]] = []
    for paragraph in paras:
        heading = paragraph.heading
        if heading is not None and heading.style in rules.section_styles:
            title, rest = _split_heading(paragraph, rules)
            no = heading.no if heading.no is not None else len(sections) + 1
            sections.append(Section(no=no, title=title, text="", line=heading.line, end_line=heading.line))
            texts.append([rest] if rest else [])
            continue
        if not sections:
            preamble.append(paragraph.text)
            continue
        texts[-1].append(paragraph.text)
        sections[-1].end_line = paragraph.end_line
    for section, parts in zip(sections, texts, strict=True):
        section.text = "\n".join(parts)
    return Body(
        paragraphs=paras,
        preamble="\n".join(preamble) if preamble else None,
        sections=sections,
        references=read_references(paras, rules),
    )


def read_references(paras: list[Paragraph], rules: NoticeRules | None = None) -> list[Reference]:
    """Documents cited as 《title》, with the number or note in the brackets after them."""
    rules = rules or notice_rules()
    found: list[Reference] = []
    seen: set[tuple[str, str | None]] = set()
    for paragraph in paras:
        for m in rules.reference.finditer(paragraph.text):
            title = squeeze_cjk_spaces(m.group("title"))
            paren = squeeze_cjk_spaces(m.group("paren") or "")
            number = doc_number(paren, rules) if paren else None
            identity = (title, number.raw if number else None)
            if identity in seen:
                continue  # cited again: the first citation is the reference
            seen.add(identity)
            found.append(
                Reference(
                    title=title,
                    doc_number=number,
                    note=paren if paren and number is None else None,
                    line=paragraph.line_at(m.start()),
                )
            )
    return found
