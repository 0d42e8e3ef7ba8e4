"""The stages that make bad input readable: decoding, numbering, damaged rows, line accounting."""

from __future__ import annotations

import codecs
import doctest

import pytest
import regex

import ybhj_parse
from conftest import TASK_LIST
from ybhj_parse.blocks.table import Cell, realign, row_pieces
from ybhj_parse.errors import InputError
from ybhj_parse.source.original import read_bytes
from ybhj_parse.source.text import Line, decode, split_lines
from ybhj_parse.values import sequence, units
from ybhj_parse.values.sequence import Numbered, check_sequence, longest_increasing


@pytest.mark.parametrize("module", [sequence, units])
def test_doctests(module):
    assert doctest.testmod(module).failed == 0


# --- decoding ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "text", "encoding"),
    [
        ("序号".encode(), "序号", "utf-8"),
        (codecs.BOM_UTF8 + "序号".encode(), "序号", "utf-8-sig"),
        ("序号".encode("gb18030"), "序号", "gb18030"),
        ("序号".encode("gbk"), "序号", "gb18030"),
        (codecs.BOM_UTF16_LE + "序号".encode("utf-16-le"), "\ufeff序号", "utf-16-le"),
        (codecs.BOM_UTF16_BE + "序号".encode("utf-16-be"), "\ufeff序号", "utf-16-be"),
        (codecs.BOM_UTF32_LE + "序号".encode("utf-32-le"), "\ufeff序号", "utf-32-le"),
    ],
)
def test_encodings_detected(data, text, encoding):
    decoded = decode(data)
    assert (decoded.text, decoded.encoding, decoded.damage) == (text, encoding, ())


def test_the_bom_never_reaches_a_line():
    lines = read_bytes(codecs.BOM_UTF16_LE + "\t序号\n".encode("utf-16-le")).lines
    assert lines[0] == Line(1, "\t序号", "序号", 1)


def test_damage_is_located_and_counted():
    data = ("第一行\n第二行\n" + "正文" * 100).encode()  # at most one bad byte per 100 non-ASCII ones
    damaged = data[:14] + b"\xff" + data[15:]  # inside 二 on line 2
    source = read_bytes(damaged, path="x.txt")
    assert source.lines[1].text == "第�行"
    assert [(d.code, d.line, d.message) for d in source.diags] == [
        ("undecodable-bytes", 2, "3 byte(s) not valid utf-8, replaced by � (the file is damaged here)")
    ]
    with pytest.raises(InputError, match="cannot be decoded"):
        decode(data[:14] + b"\xff" + data[15:30], path="x.txt")  # the same damage in a short file


def test_a_file_in_another_encoding_is_refused_not_garbled():
    with pytest.raises(InputError, match="cannot be decoded as UTF-8 or GB18030"):
        decode(b"\x80\xff" * 200, path="x.txt")


def test_a_long_mostly_ascii_utf8_file_with_one_bad_byte_is_still_utf8():
    text = TASK_LIST.read_text(encoding="utf-8")
    data = bytearray(text.encode("utf-8"))
    data[100] = 0xFF
    assert decode(bytes(data)).encoding == "utf-8"


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"%PDF-1.4", "a PDF document"),
        (b"PK\x03\x04rest", "a ZIP archive"),
        (b"\xd0\xcf\x11\xe0rest", "an old Word or Excel file"),
        (b"{\\rtf1\\ansi", "an RTF document"),
        (b"\xff\xd8\xff\xe0", "a JPEG image"),
        (b"\x1f\x8b\x08\x00", "a gzip archive"),
        (b"\x7fELF\x02\x01", "an executable program"),
        (b"\x01\x02\x03\x04\x05\x06" * 20, "a binary file (it contains control bytes)"),
        # One NUL, on the side UTF-16-BE would put it, in bytes that read as no UTF-16 text.
        (b"\x00\x01\x02garbage", "a binary file (it contains NUL bytes)"),
        (
            "\t序号\n".encode("utf-16-le"),
            "UTF-16 text without a byte-order mark; name it with --encoding utf-16-le",
        ),
        (
            "\t序号\n".encode("utf-16-be"),
            "UTF-16 text without a byte-order mark; name it with --encoding utf-16-be",
        ),
    ],
)
def test_binary_files_named(data, what):
    with pytest.raises(InputError) as error:
        decode(data, path="in.bin")
    assert str(error.value).startswith(f"in.bin: not a text file: this looks like {what}")


def test_named_encoding_is_checked():
    with pytest.raises(InputError, match=r"^x: 'hex' is not a text encoding$"):
        decode(b"abc", path="x", encoding="hex")
    assert decode("序號".encode("big5"), encoding="big5").text == "序號"


def test_line_ends_of_every_kind():
    assert [line.text for line in split_lines("a\r\nb\rc\nd\n")] == ["a", "b", "c", "d"]


# --- numbering --------------------------------------------------------------------------------


def numbered(*seqs: int) -> list[Numbered]:
    return [Numbered(seq, line) for line, seq in enumerate(seqs, start=1)]


def messages(items: list[Numbered]) -> list[tuple[int | None, str, str]]:
    return [(d.line, d.code, d.message) for d in check_sequence(items).diags]


def test_in_order_is_silent():
    assert messages(numbered(1, 2, 3)) == []


def test_gap_names_every_missing_number():
    assert messages(numbered(1, 2, 6, 7, 9)) == [
        (3, "seq-gap", "no task numbered 3–5 (between 2 and 6)"),
        (5, "seq-gap", "no task numbered 8 (between 7 and 9)"),
    ]
    assert messages(numbered(3, 4)) == [(1, "seq-gap", "no task numbered 1–2 (before 3)")]


def test_one_misplaced_number_is_one_diagnostic():
    assert messages(numbered(1, 2, 3, 9, 4, 5, 6, 7, 8, 10)) == [
        (4, "seq-out-of-order", "task number 9 is out of sequence (between 3 and 4)")
    ]
    assert messages(numbered(1, 3, 4, 5, 2, 6)) == [(5, "seq-step-back", "task number 2 comes after 5")]


def test_typo_is_a_repeat_and_a_gap():
    assert messages(numbered(1, 2, 5, 4, 5)) == [
        (3, "seq-duplicate", "task number 5 is used twice (also on line 5)"),
        (4, "seq-gap", "no task numbered 3 (between 2 and 4)"),
    ]


def test_rows_numbered_by_position_fill_their_gap():
    items = [Numbered(1, 1), Numbered(2, 2, printed=False), Numbered(3, 3)]
    assert check_sequence(items).diags == []


def test_longest_increasing_prefers_the_earliest():
    assert sorted(longest_increasing([1, 3, 2, 4])) == [0, 1, 3]
    assert longest_increasing([]) == set()


# --- damaged rows -----------------------------------------------------------------------------


SLOTS = ["policy", "seq", "text", "lead", "responsible", "deadline"]


def cells(**by_role: str) -> dict[str, Cell]:
    return {role: Cell(text, n, n) for n, (role, text) in enumerate(by_role.items(), start=1)}


def test_realign_puts_units_back_under_unit_columns():
    row = cells(
        seq="（5）",
        text="华容区政府，市行政审批局",
        lead="市各相关许可审批单位，各区",
        deadline="2022年6月底",
    )
    placed = realign(row, SLOTS)
    assert {role: cell.text for role, cell in placed.items()} == {
        "seq": "（5）",
        "lead": "华容区政府，市行政审批局",
        "responsible": "市各相关许可审批单位，各区",
        "deadline": "2022年6月底",
    }


def test_realign_keeps_a_row_that_fits():
    row = cells(seq="（5）", text="推进改革。", lead="市发改委", deadline="2022年6月底")
    assert realign(row, SLOTS) is row


def test_row_pieces_read_leading_spaces_as_the_empty_first_cell():
    line = split_lines("    （1）\t推进改革\t市发改委")[0]
    assert [piece.strip() for piece in row_pieces(line, 4)] == ["", "（1）", "推进改革", "市发改委"]
    assert row_pieces(line, 3) == ["    （1）", "推进改革", "市发改委"]


# --- every line accounted for ----------------------------------------------------------------


def test_a_row_above_the_header_names_its_number():
    text = TASK_LIST.read_text(encoding="utf-8").split("\n")
    moved = [text[0], "\t（1）", *text[1:12], *text[13:]]
    dataset = ybhj_parse.parse_text("\n".join(moved))
    assert ("warning", "row-outside-table", 2) in [(d.severity, d.code, d.line) for d in dataset.diagnostics]
    assert dataset.document.title == "鄂州市优化营商环境2022年重点任务清单"


def test_unconsumed_lines_all_have_a_diagnostic():
    lines = TASK_LIST.read_text(encoding="utf-8").split("\n")
    lines[50:50] = ["第 3 页", "\t"]
    dataset = ybhj_parse.parse_text("\n".join(lines))
    assert dataset.document.coverage.unconsumed == [51]
    assert [(d.line, d.code) for d in dataset.diagnostics] == [(51, "stray-line")]


# --- the reference's list of codes ---------------------------------------------------------------


def test_reference_lists_every_diagnostic_code_with_its_severity():
    from conftest import ROOT
    from ybhj_parse.model.diagnostics import CODES

    reference = (ROOT / "docs" / "REFERENCE.md").read_text(encoding="utf-8")
    table = reference[reference.index("### Diagnostic codes") :]
    rows = regex.findall(r"^\| `([a-z-]+)` \| (error|warning|info) \|", table, flags=regex.M)
    assert dict(rows) == {code: entry.severity for code, entry in CODES.items()}
