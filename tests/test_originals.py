"""Original files: Word, web pages, workbooks and PDF read to the same records as the text export.

The files are written here from the canonical 2022 dataset and its text export (see
tools/originals.py), so each reader is checked against the text reader on all 154 tasks.
"""

from __future__ import annotations

import io
import sys
import zipfile
from typing import Any

import pytest
from click.testing import CliRunner

import ybhj_parse
from conftest import NOTICE, RAW, ROOT, TASK_LIST
from ybhj_parse.cli import main
from ybhj_parse.errors import InputError
from ybhj_parse.model.contract import to_data
from ybhj_parse.source.original import read_bytes

sys.path.insert(0, str(ROOT / "tools"))
import originals  # noqa: E402

pytest.importorskip("docx")


def records(dataset: ybhj_parse.Dataset) -> list[dict[str, Any]]:
    """The records without what cites the source (lines, table places): what must be equal."""
    out = []
    for record in [*dataset.tasks, *(dataset.pilot_items or [])]:
        data = {key: value for key, value in to_data(record).items() if key != "source"}
        for key in ("section", "measure"):
            if data.get(key):
                data[key].pop("line")
        for heading in data.get("headings", []):
            heading.pop("line")
        if data.get("deadline"):
            data["deadline"].pop("line")
        out.append(data)
    return out


@pytest.fixture(scope="module")
def text_records() -> list[dict[str, Any]]:
    return records(ybhj_parse.parse_file(TASK_LIST))


@pytest.fixture(scope="module")
def table() -> originals.TaskTable:
    return originals.task_table()


def parse(data: bytes, name: str) -> ybhj_parse.Dataset:
    return ybhj_parse.parse_bytes(data, path=name)


@pytest.mark.parametrize("section_rows", [False, True], ids=["merged-columns", "section-rows"])
def test_word_table_with_merged_cells_gives_the_text_exports_records(table, text_records, section_rows):
    dataset = parse(originals.docx_tasks(table, section_rows=section_rows), "tasks.docx")
    assert dataset.document.source.format == "docx"
    assert len(dataset.tasks) == 154
    assert records(dataset) == text_records
    assert dataset.diagnostics == []


def test_word_cells_cite_table_row_and_column(table):
    dataset = parse(originals.docx_tasks(table), "tasks.docx")
    first, second = dataset.tasks[:2]
    # Row 1 is the header; task (1) holds the section and measure cells, (2) sits under them.
    assert (first.source.table, first.source.row, first.source.page) == (1, 2, None)
    assert first.source.columns == {
        "seq": 3,
        "text": 4,
        "lead_units": 5,
        "responsible_units": 6,
        "deadline": 7,
    }
    assert (second.source.row, second.source.columns["text"]) == (3, 4)
    assert first.source.line == 4 and first.section.line == 4  # the rendered line: title, blank, header


def test_word_merges_are_read_as_spans(table):
    source = read_bytes(originals.docx_tasks(table), path="tasks.docx")
    header, first, second = source.tables[0].rows[:3]
    assert [(c.text, c.col_span) for c in header.cells[:2]] == [("政策措施", 2), ("序号", 1)]
    assert (first.cells[0].text, first.cells[0].row_span) == (
        "（一）推进企业登记注销便利化",
        10,
    )  # tasks 1-10
    assert (first.cells[1].text, first.cells[1].row_span) == ("1.持续提升企业开办便利化水平", 2)
    # Under a merged cell the row holds an empty piece, as a text export leaves it.
    assert [(c.text, c.row_span) for c in second.cells[:3]] == [("", 0), ("", 0), ("（2）", 1)]
    assert source.lines[second.line - 1].raw.startswith("\t\t（2）\t推行企业住所")


def test_text_export_records_carry_no_table_fields():
    task = ybhj_parse.parse_file(TASK_LIST).tasks[0]
    assert set(to_data(task.source)) == {"line", "end_line", "cells"}
    assert "format" not in to_data(ybhj_parse.parse_file(TASK_LIST).document.source)


def test_notice_as_word_gives_the_notice_records():
    text = ybhj_parse.parse_file(NOTICE)
    dataset = parse(originals.docx_notice(), "notice.docx")
    assert dataset.document.kind == "notice"
    assert dataset.document.doc_number == text.document.doc_number
    assert len(dataset.pilot_items or []) == 17
    assert records(dataset) == records(text)
    assert dataset.pilot_items[0].source.table == 1


def test_committed_word_file_is_the_generators_output(table):
    committed = RAW / "ezhou-2022-key-tasks-docx.docx"
    assert committed.read_bytes() == originals.docx_tasks(table)


def test_extract_a_word_file_on_the_command_line(tmp_path):
    result = CliRunner().invoke(
        main, ["extract", str(RAW / "ezhou-2022-key-tasks-docx.docx"), "--out-dir", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    assert '"format": "docx"' in (tmp_path / "ezhou-2022-key-tasks-docx.json").read_text(encoding="utf-8")


# Damaged and hostile originals: one line each, exit 2.


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_truncated_word_file_is_refused(table):
    data = originals.docx_tasks(table)
    with pytest.raises(InputError) as error:
        parse(data[: len(data) // 2], "cut.docx")
    assert (
        str(error.value)
        == "cut.docx: a damaged ZIP file (a truncated .docx or .xlsx?): its directory cannot be read"
    )


def test_zip_bomb_is_refused_before_inflating():
    bomb = _zip({"word/document.xml": b"\0" * (50 * 1024 * 1024)})
    assert len(bomb) < 100_000
    with pytest.raises(InputError) as error:
        parse(bomb, "bomb.docx")
    assert str(error.value).startswith("bomb.docx: a ZIP bomb: word/document.xml would inflate")


def test_zip_lying_about_its_sizes_fails_its_check():
    data = bytearray(_zip({"word/document.xml": b"<w:document/>" * 1000}))
    # Shrink the size the central directory declares: inflating stops there and the CRC fails.
    directory = data.rindex(b"PK\x01\x02")
    data[directory + 24 : directory + 28] = (10).to_bytes(4, "little")
    with pytest.raises(InputError) as error:
        parse(bytes(data), "liar.docx")
    assert str(error.value).startswith("liar.docx: a damaged ZIP file: word/document.xml cannot be read")


def test_zip_that_is_no_document_is_named():
    with pytest.raises(InputError) as error:
        parse(_zip({"readme.txt": b"hello"}), "x.docx")
    assert (
        str(error.value)
        == "x.docx: a ZIP archive that is neither a Word document (.docx) nor a workbook (.xlsx, .ods)"
    )


def test_old_word_file_is_refused_with_the_conversion_command(monkeypatch):
    monkeypatch.setattr("shutil.which", lambda name: None)
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100 + "WordDocument".encode("utf-16-le")
    with pytest.raises(InputError) as error:
        parse(ole, "old.doc")
    assert str(error.value) == (
        "old.doc: a Word 97-2003 or WPS document; convert it first: soffice --headless --convert-to docx FILE"
    )


def test_missing_extra_names_the_pip_command(monkeypatch, table):
    import importlib

    real = importlib.import_module

    def without_docx(name: str, *args: Any) -> Any:
        if name == "docx":
            raise ImportError(name)
        return real(name, *args)

    monkeypatch.setattr(importlib, "import_module", without_docx)
    with pytest.raises(InputError) as error:
        parse(originals.docx_tasks(table), "t.docx")
    assert (
        str(error.value)
        == "t.docx: reading a docx file needs an optional library: pip install 'ybhj-parse[docx]'"
    )


@pytest.mark.parametrize(
    ("writer", "fmt", "library"),
    [
        (originals.html_tasks, "html", "lxml"),
        (originals.xlsx_tasks, "xlsx", "python_calamine"),
        (originals.pdf_tasks, "pdf", "pdfplumber"),
    ],
    ids=["html", "xlsx", "pdf"],
)
def test_other_originals_give_the_text_exports_records(table, text_records, writer, fmt, library):
    pytest.importorskip(library)
    dataset = parse(writer(table), f"tasks.{fmt}")
    assert dataset.document.source.format == fmt
    assert len(dataset.tasks) == 154
    assert records(dataset) == text_records
    assert dataset.diagnostics == []


def test_web_page_is_read_in_its_charset_without_navigation_or_scripts(table):
    pytest.importorskip("lxml")
    page = originals.html_tasks(table)
    assert b'<meta charset="gb2312">' in page
    with pytest.raises(UnicodeDecodeError):
        page.decode("utf-8")
    source = read_bytes(page, path="tasks.html")
    assert source.encoding == "gb2312"
    texts = [line.text for line in source.lines]
    assert texts[0] == "鄂州市优化营商环境2022年重点任务清单"
    assert not [t for t in texts if "首页" in t or "menu" in t or "主办" in t]  # navigation, script, footer
    first = source.tables[0].rows[1].cells
    assert [(c.row_span, c.col_span) for c in first[:2]] == [(10, 1), (2, 1)]


def test_web_page_metadata_block_reads_as_the_text_copys_metadata():
    """A page's 索引号/发布机构/发文日期 block, one line each, is read by the metadata rules as
    a saved text copy of the page is."""
    pytest.importorskip("lxml")
    text = (ROOT / "tests" / "fixtures" / "family" / "webmeta-labelled.txt").read_text(encoding="utf-8")
    lines = text.strip("\n").split("\n")
    meta = "".join(f"<span>{line}</span><br>" for line in lines[:6])
    body = "".join(f"<p>{line}</p>" for line in lines[6:])
    page = f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=GBK"></head><body><div class="info">{meta}</div>{body}</body></html>'
    from_page = ybhj_parse.parse_bytes(page.encode("gbk"), path="page.html")
    from_text = ybhj_parse.parse_text(text, "page.txt")
    assert from_page.document.source.encoding == "gbk"
    assert from_page.document.doc_number == from_text.document.doc_number
    assert from_page.document.title == from_text.document.title
    assert records(from_page) == records(from_text)


def test_workbook_dates_are_dates():
    pytest.importorskip("python_calamine")
    import datetime as dt

    from ybhj_parse.source.workbook import value_text

    assert value_text(dt.datetime(2022, 5, 31)) == "2022年5月31日"
    assert value_text(dt.date(2022, 12, 31)) == "2022年12月31日"
    assert value_text(12.0) == "12"
    assert value_text("市市场监管局\n（市知识产权局）") == "市市场监管局（市知识产权局）"


def test_workbook_merged_ranges_are_spans(table):
    pytest.importorskip("python_calamine")
    source = read_bytes(originals.xlsx_tasks(table), path="tasks.xlsx")
    assert len(source.tables) == 1  # the empty second sheet holds no table
    title, header, first = source.tables[0].rows[:3]
    assert [(c.text, c.col_span) for c in title.cells] == [("鄂州市优化营商环境2022年重点任务清单", 7)]
    assert (header.cells[0].text, header.cells[0].col_span) == ("政策措施", 2)
    assert (first.cells[0].row_span, first.cells[1].row_span) == (10, 2)


def test_pdf_rows_cite_their_page(table):
    pytest.importorskip("pdfplumber")
    dataset = parse(originals.pdf_tasks(table), "tasks.pdf")
    assert {t.source.page for t in dataset.tasks} == {1}
    assert dataset.tasks[0].source.columns == {
        "seq": 3,
        "text": 4,
        "lead_units": 5,
        "responsible_units": 6,
        "deadline": 7,
    }


def _pdf(draw: Any, **options: Any) -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, invariant=1, **options)
    draw(page)
    page.save()
    return buffer.getvalue()


def test_encrypted_pdf_is_refused():
    pytest.importorskip("pdfplumber")
    from reportlab.lib.pdfencrypt import StandardEncryption

    data = _pdf(
        lambda c: c.drawString(100, 700, "tasks"), encrypt=StandardEncryption("secret", ownerPassword="owner")
    )
    with pytest.raises(InputError) as error:
        parse(data, "locked.pdf")
    assert (
        str(error.value)
        == "locked.pdf: an encrypted PDF (password-protected); save it without a password first"
    )


def test_scanned_pdf_is_refused():
    pytest.importorskip("pdfplumber")
    data = _pdf(lambda c: c.rect(100, 100, 300, 300, fill=1))
    with pytest.raises(InputError) as error:
        parse(data, "scan.pdf")
    assert str(error.value) == "scan.pdf: a PDF without a text layer (a scan?): run OCR on it first"


def test_workbook_without_a_table_is_refused(tmp_path):
    pytest.importorskip("python_calamine")
    import xlsxwriter

    path = tmp_path / "empty.xlsx"
    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet("Sheet1")
    book.close()
    result = CliRunner().invoke(main, ["extract", str(path)])
    assert result.exit_code == 2
    assert result.stderr == f"error: {path}: the workbook holds no table: every sheet is empty\n"


def test_zip_bomb_stays_fast_and_small():
    import time
    import tracemalloc

    bomb = _zip({"xl/workbook.xml": b"\0" * (200 * 1024 * 1024)})
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(InputError):
        parse(bomb, "bomb.xlsx")
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert elapsed < 2.0 and peak < 20 * 1024 * 1024
