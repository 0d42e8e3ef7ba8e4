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

sys.path.insert(0, str(ROOT / "tools"))
import originals  # noqa: E402

pytest.importorskip("docx")


def records(dataset: ybhj_parse.Dataset) -> list[dict[str, Any]]:
    """The records without what cites the source (lines, table places): what must be equal."""
    out = []
    for record in [*dataset.tasks, *(dataset.pilot_items or [])]:
        data = record.model_dump(mode="json", exclude={"source"})
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
    source = ybhj_parse.source.text.read_bytes(originals.docx_tasks(table), path="tasks.docx")
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
    assert set(task.source.model_dump()) == {"line", "end_line", "cells"}
    assert "format" not in ybhj_parse.parse_file(TASK_LIST).document.source.model_dump()


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
