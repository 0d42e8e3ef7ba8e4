"""Notice stage 1: lines → the parts of an official notice (通知).

An official notice is laid out in a fixed order (GB/T 9704): letterhead
(``…文件``), document number, title, recipients ending in ``：``, the body,
an attachment line (``附件：…``), the signature, the date, the imprint
(``…印发``), then the attachments themselves.  This stage only decides which
line belongs to which part; later stages read the values.  The attachment
table is recognised by its tab-separated rows, and a note (``说明：…``) may
follow it.

Every non-blank line ends up in exactly one part, or in ``other`` when no
part claims it (the coverage report lists those).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ybhj_parse.rules.loader import NoticeRules, furniture_rules, notice_rules
from ybhj_parse.source.document import Line
from ybhj_parse.source.textnorm import squeeze_cjk_spaces
from ybhj_parse.values.headings import match_heading

# A table row has at least this many non-empty tab-separated cells: a stray tab
# in a body line does not make it a row.
_MIN_ROW_CELLS = 3
# A signature line is short and is not a sentence.
_MAX_SIGNATURE_CHARS = 40


@dataclass(slots=True)
class NoticeParts:
    issuer: Line | None = None
    doc_number: Line | None = None
    title: list[Line] = field(default_factory=list)
    recipients: list[Line] = field(default_factory=list)
    body: list[Line] = field(default_factory=list)
    attachments: list[Line] = field(default_factory=list)
    signature: list[Line] = field(default_factory=list)
    date: Line | None = None
    printed_by: list[Line] = field(default_factory=list)
    printed: Line | None = None
    captions: list[Line] = field(default_factory=list)  # 附件 / the table's title above the table
    table: list[Line] = field(default_factory=list)
    notes: list[Line] = field(default_factory=list)
    other: list[Line] = field(default_factory=list)
    web_meta: list[Line] = field(default_factory=list)  # the web page's metadata lines (索引号：…)

    def consumed(self) -> set[int]:
        lines = [
            *(x for x in (self.issuer, self.doc_number, self.date, self.printed) if x is not None),
            *self.title,
            *self.web_meta,
            *self.recipients,
            *self.body,
            *self.attachments,
            *self.signature,
            *self.printed_by,
            *self.captions,
            *self.notes,
        ]
        return {line.number for line in lines}


def key(line: Line) -> str:
    """The text patterns are matched against: stray spaces between Chinese characters removed."""
    return squeeze_cjk_spaces(line.text)


def is_table_row(line: Line) -> bool:
    return "\t" in line.raw and sum(1 for cell in line.raw.split("\t") if cell.strip()) >= _MIN_ROW_CELLS


def _is_group_label(text: str, rules: NoticeRules) -> bool:
    """鄂城区(8项) alone on a line; a bare name is not enough here, it could be any short line."""
    for profile in rules.tables:
        m = profile.group_label.match(text)
        if m and m.group("count"):
            return True
    return False


def _first(lines: list[Line], start: int, stop: int, test: Callable[[Line], object]) -> int | None:
    return next((i for i in range(start, stop) if test(lines[i])), None)


def _is_web_meta(line: Line) -> bool:
    return bool(furniture_rules().meta_line.match(key(line)))


def split_notice(lines: tuple[Line, ...], rules: NoticeRules | None = None) -> NoticeParts:
    rules = rules or notice_rules()
    parts = NoticeParts()
    nonblank = [line for line in lines if not line.blank]
    rows = [i for i, line in enumerate(nonblank) if is_table_row(line)]
    table_start = rows[0] if rows else len(nonblank)
    while table_start > 0 and rows and _is_group_label(key(nonblank[table_start - 1]), rules):
        table_start -= 1  # a group label on a line of its own above the first row
    table_end = rows[-1] + 1 if rows else len(nonblank)
    parts.table = nonblank[table_start:table_end]
    front = nonblank[:table_start]
    # The web page's metadata lines (索引号：…  发布时间：…) are metadata, never the title.
    parts.web_meta = [line for line in front if _is_web_meta(line)]
    _split_front([line for line in front if not _is_web_meta(line)], rules, parts)
    _split_back(nonblank[table_end:], rules, parts, notes_only=True)
    return parts


def _split_front(lines: list[Line], rules: NoticeRules, parts: NoticeParts) -> None:
    """Head, body and tail: everything before the attachment table, part by part in their order;
    each step claims its lines from the cursor on and returns where the next part starts."""
    i = _split_head(lines, rules, parts)
    i = _split_title(lines, i, rules, parts)
    i = _split_recipients(lines, i, rules, parts)
    date = _first(
        lines, i, len(lines), lambda x: rules.date_line.match(key(x)) or rules.date_garbled.match(key(x))
    )
    printed = _first(
        lines, date + 1 if date is not None else i, len(lines), lambda x: rules.printed_line.match(key(x))
    )
    tail = date if date is not None else (printed if printed is not None else len(lines))
    _split_body(lines, i, tail, date is not None, rules, parts)
    if date is not None:
        parts.date = lines[date]
    after = (date + 1) if date is not None else tail
    if printed is not None:
        after = _split_imprint(lines, after, printed, rules, parts)
    _split_back(lines[after:], rules, parts, notes_only=False)


def _split_head(lines: list[Line], rules: NoticeRules, parts: NoticeParts) -> int:
    """The issuer (…文件) and the document number; the lines above the number go unread."""
    number = _first(lines, 0, len(lines), lambda x: rules.doc_number.match(key(x).replace(" ", "")))
    if number is not None:
        parts.doc_number = lines[number]
        for line in lines[:number]:
            if parts.issuer is None and rules.issuer_line.match(key(line)):
                parts.issuer = line
            else:
                parts.other.append(line)  # 份号, 密级, 签发人 …: not read
        return number + 1
    if lines and rules.issuer_line.match(key(lines[0])):
        parts.issuer = lines[0]
        return 1
    return 0


def _split_title(lines: list[Line], i: int, rules: NoticeRules, parts: NoticeParts) -> int:
    """The title: up to a line ending in a document type, or up to the recipients line."""
    n = len(lines)
    title_end = i
    for j in range(i, min(i + rules.max_wrapped_lines, n)):
        if rules.recipients_line.match(key(lines[j])):
            break
        title_end = j + 1
        if rules.title_end.search("".join(key(x) for x in lines[i : j + 1])):
            break
    else:
        title_end = min(i + 1, n)  # no end found: the title is the first line alone
    parts.title = lines[i:title_end]
    return title_end


def _split_recipients(lines: list[Line], i: int, rules: NoticeRules, parts: NoticeParts) -> int:
    """The recipients: up to a line ending in a colon, none of them a sentence."""
    for j in range(i, min(i + rules.max_wrapped_lines, len(lines))):
        if "。" in key(lines[j]):
            break
        if rules.recipients_line.match(key(lines[j])):
            parts.recipients = lines[i : j + 1]
            return j + 1
    return i


def _split_body(
    lines: list[Line], i: int, tail: int, dated: bool, rules: NoticeRules, parts: NoticeParts
) -> None:
    """The body, the attachment lines and the signature, between the recipients and the date."""
    attachment = _first(lines, i, tail, lambda x: rules.attachment_line.match(key(x)))
    if attachment is not None:
        # The attachment line ends the body; the signature follows the attachment titles.
        parts.body = lines[i:attachment]
        signature_start = _split_attachments(lines, attachment, tail, rules, parts)
    else:
        # The signature: the short non-sentence lines right above the date.
        signature_start = tail
        while dated and signature_start - 1 >= i and _looks_like_signature(lines[signature_start - 1], rules):
            signature_start -= 1
        parts.body = lines[i:signature_start]
    parts.signature = lines[signature_start:tail]


def _split_imprint(
    lines: list[Line], after: int, printed: int, rules: NoticeRules, parts: NoticeParts
) -> int:
    """The imprint (…印发) and the office on the line above it when the imprint names none;
    the lines between the date and it (抄送 …) go unread."""
    parts.printed = lines[printed]
    match = rules.printed_line.match(key(lines[printed]))
    between = lines[after:printed]
    if match and not match.group("by").strip() and between:
        parts.printed_by = [between[-1]]  # the office stands alone on the line above
        between = between[:-1]
    parts.other.extend(between)  # 抄送 … and the like: not read
    return printed + 1


def _looks_like_signature(line: Line, rules: NoticeRules) -> bool:
    text = key(line)
    return (
        len(text) <= _MAX_SIGNATURE_CHARS
        and not rules.paragraph_end.search(text)
        and match_heading(text, line=line.number) is None
    )


def _split_attachments(
    lines: list[Line], start: int, stop: int, rules: NoticeRules, parts: NoticeParts
) -> int:
    """Claim the attachment lines from ``start``; return where the signature begins."""
    i = start
    parts.attachments.append(lines[i])
    i += 1
    while i < stop:
        line, previous = lines[i], lines[i - 1]
        if (
            i == stop - 1
            and not rules.attachment_item.match(key(line))
            and _looks_like_signature(line, rules)
        ):
            break  # the signature right above the date, not a title wrapped onto it
        if rules.attachment_item.match(key(line)) or line.number == previous.number + 1:
            # a numbered attachment, or a title wrapped onto the next line
            parts.attachments.append(line)
            i += 1
            continue
        break
    return i


def _split_back(lines: list[Line], rules: NoticeRules, parts: NoticeParts, *, notes_only: bool) -> None:
    """Lines outside the body: captions above the table, notes (说明：…) and their continuations."""
    in_note = False
    for line in lines:
        text = key(line)
        if rules.note_line.match(text):
            parts.notes.append(line)
            in_note = True
        elif in_note and not rules.attachment_line.match(text):
            parts.notes.append(line)
        elif not notes_only and _is_caption(text, rules, parts):
            parts.captions.append(line)
        else:
            parts.other.append(line)


def _is_caption(text: str, rules: NoticeRules, parts: NoticeParts) -> bool:
    """附件, 附件1, or an attachment's title repeated above the table."""
    if rules.attachment_caption.match(text):
        return True
    titles = "".join(key(line) for line in parts.attachments)
    return bool(text) and text in titles
