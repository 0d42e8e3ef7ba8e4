"""The typed formats (Excel, SQLite, JSON Lines) hold the same records as the JSON dataset; the
Data Package of data/out/ validates; CSV headers in Chinese."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import NOTICE, ROOT, TASK_LIST
from ybhj_parse.cli import main
from ybhj_parse.output.tables import TASK_COLUMNS

JOIN = "、"


def run(*args: str, input: bytes | None = None):
    return CliRunner().invoke(main, list(args), input=input)


@pytest.fixture(scope="module")
def records() -> dict:
    """The JSON dataset of the 2022 list, as the command writes it."""
    return json.loads(run("extract", str(TASK_LIST), "-q").stdout)


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    import openpyxl

    path = tmp_path_factory.mktemp("xlsx") / "tasks.xlsx"
    assert run("extract", str(TASK_LIST), "--format", "xlsx", "-o", str(path), "-q").exit_code == 0
    return openpyxl.load_workbook(path)


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    path = tmp_path_factory.mktemp("sqlite") / "tasks.sqlite"
    result = run("extract", str(TASK_LIST), str(NOTICE), "--format", "sqlite", "-o", str(path), "-q")
    assert result.exit_code == 0
    connection = sqlite3.connect(path)
    yield connection
    connection.close()


def _units(task: dict) -> list[tuple[int, str, str]]:
    return [(task["seq"], role, unit) for role in ("lead", "responsible") for unit in task[f"{role}_units"]]


# ---- Excel ------------------------------------------------------------------------------------


def test_xlsx_sheets(workbook):
    assert workbook.sheetnames == ["tasks", "task_units", "targets", "diagnostics"]
    sheet = workbook["tasks"]
    assert [c.value for c in sheet[1]] == ["source_path"] + [name for name, _ in TASK_COLUMNS]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}155"


def test_xlsx_tasks_are_the_json_records(workbook, records):
    sheet = workbook["tasks"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert len(rows) == len(records["tasks"]) == 154
    for row, task in zip(rows, records["tasks"], strict=True):
        due = task["deadline"]["due"] if task["deadline"] else None
        assert row["seq"] == task["seq"]
        assert row["text"] == task["text"]
        assert row["lead_units"] == (JOIN.join(task["lead_units"]) or None)
        assert row["responsible_units"] == (JOIN.join(task["responsible_units"]) or None)
        assert row["all_districts"] is task["all_districts"]
        assert row["deadline_due"] == (dt.datetime.fromisoformat(due) if due else None)
        assert row["targets"] == ("；".join(t["phrase"] for t in task["targets"]) or None)
        assert row["source_line"] == task["source"]["line"]
    assert rows[23]["deadline_due"] == dt.datetime(2022, 12, 31)
    assert sheet.cell(2, header.index("deadline_due") + 1).number_format == "yyyy-mm-dd"


def test_xlsx_long_sheets(workbook, records):
    rows = list(workbook["task_units"].iter_rows(min_row=2, values_only=True))
    units = [(seq, role, unit) for _path, seq, role, _pos, unit, _id in rows]
    assert rows[0][4:] == ("市市场监管局", "ezhou.market-regulation")
    assert units == [pair for task in records["tasks"] for pair in _units(task)]
    assert len(units) == 565
    targets = list(workbook["targets"].iter_rows(min_row=2, values_only=True))
    assert len(targets) == 55
    assert targets[0][1:] == (1, 1, "2个", 2, None, "个", "=", 15, 17)
    seq20 = [row[3] for row in targets if row[1] == 20]
    assert seq20 == ["不得超过招标项目估算价的1%", "最高不超过50万元", "不得高于工程价款结算总额的1.5%"]


def test_xlsx_never_holds_a_formula(tmp_path):
    import openpyxl

    text = TASK_LIST.read_text(encoding="utf-8").replace(
        "加快推进工业用地“标准地”出让。", '=HYPERLINK("http://x")'
    )
    path = tmp_path / "t.xlsx"
    assert run("extract", "-", "-o", str(path), "-q", input=text.encode()).exit_code == 0
    cell = openpyxl.load_workbook(path)["tasks"]["H67"]
    assert (cell.value, cell.data_type) == ('=HYPERLINK("http://x")', "s")


def test_xlsx_bytes_are_reproducible(tmp_path):
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    for path in (first, second):
        assert run("extract", str(TASK_LIST), "-o", str(path), "-q").exit_code == 0
    assert first.read_bytes() == second.read_bytes()


def test_xlsx_in_chinese(tmp_path):
    import openpyxl

    path = tmp_path / "t.xlsx"
    assert run("extract", str(NOTICE), "-o", str(path), "--csv-headers", "zh", "-q").exit_code == 0
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [
        "tasks",
        "task_units",
        "targets",
        "pilot_items",
        "pilot_item_units",
        "diagnostics",
    ]
    assert [c.value for c in book["pilot_items"][1]][:6] == [
        "来源文件",
        "序号",
        "分组",
        "分组系推断",
        "类别",
        "试点事项",
    ]
    assert book["pilot_items"].max_row == 18  # 17 items


# ---- SQLite -----------------------------------------------------------------------------------


def test_sqlite_tables_keys_and_indexes(database):
    tables = [
        r[0] for r in database.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY rowid")
    ]
    assert tables == [
        "documents",
        "tasks",
        "task_units",
        "targets",
        "pilot_items",
        "pilot_item_units",
        "diagnostics",
    ]
    indexes = {
        r[0]
        for r in database.execute("SELECT name FROM sqlite_master WHERE type='index' AND sql IS NOT NULL")
    }
    assert {"task_units_unit_id", "task_units_unit", "tasks_deadline_due"} <= indexes
    key = [r[2] for r in database.execute("PRAGMA index_info(task_units_key)")]
    assert key == ["document", "seq", "role", "position"]
    unique = [r[1] for r in database.execute("PRAGMA table_info(diagnostics)") if r[5]]
    assert unique == ["document", "position"]  # keys without a record's number stay primary keys
    assert database.execute("PRAGMA foreign_key_check").fetchall() == []
    documents = database.execute(
        "SELECT document, source_path, kind, tasks, pilot_items FROM documents"
    ).fetchall()
    assert documents == [
        (1, str(TASK_LIST), "task_list", 154, None),
        (2, str(NOTICE), "notice", 0, 17),
    ]


def test_sqlite_tasks_are_the_json_records(database, records):
    rows = database.execute(
        "SELECT seq, text, lead_units, all_districts, deadline_due, keywords FROM tasks WHERE document = 1 ORDER BY seq"
    ).fetchall()
    expected = [
        (
            t["seq"],
            t["text"],
            JOIN.join(t["lead_units"]),
            int(t["all_districts"]),
            t["deadline"]["due"] if t["deadline"] else None,
            "；".join(t["keywords"]),
        )
        for t in records["tasks"]
    ]
    assert rows == expected
    units = database.execute("SELECT seq, role, unit FROM task_units WHERE document = 1").fetchall()
    assert units == [pair for task in records["tasks"] for pair in _units(task)]


def test_sqlite_answers_what_an_office_owes(database, records):
    seqs = [
        r[0]
        for r in database.execute(
            "SELECT DISTINCT seq FROM task_units WHERE unit = '市税务局' AND document = 1 ORDER BY seq"
        )
    ]
    tax = [1, 10, 32, 33, 34, 43, 44, 45, 63, 64, 65, 71, 77, 78, 79, 80, 81, 82, 83, 86, 87, 88, 89, 90]
    assert (
        seqs
        == [*tax, 100, 101, 102, 105, 108, 109, 110, 113, 118]
        == [t["seq"] for t in records["tasks"] if "市税务局" in t["lead_units"] + t["responsible_units"]]
    )
    by_id = database.execute(
        "SELECT DISTINCT seq FROM task_units WHERE unit_id = 'ezhou.tax' AND document = 1 ORDER BY seq"
    )
    assert [r[0] for r in by_id] == seqs
    due_in_june = database.execute(
        "SELECT count(*) FROM tasks WHERE deadline_due BETWEEN '2022-06-01' AND '2022-06-30'"
    ).fetchone()[0]
    assert (
        due_in_june
        == 27
        == sum(
            1
            for t in records["tasks"]
            if t["deadline"] and (t["deadline"]["due"] or "").startswith("2022-06")
        )
    )
    assert database.execute(
        "SELECT count(*) FROM targets WHERE comparator = '<=' AND unit = '个工作日'"
    ).fetchone() == (10,)


def test_sqlite_keeps_two_tasks_numbered_alike_as_json_does(tmp_path):
    """A number used twice is a seq-duplicate warning, both records kept: in SQLite too, where it
    was a UNIQUE constraint failure and a traceback."""
    source = tmp_path / "dup.txt"
    source.write_text(
        "序号\t重点任务\t牵头单位\n1\t推进。\t市发改委\n1\t优化。\t市财政局\n", encoding="utf-8"
    )
    path = tmp_path / "dup.sqlite"
    result = run("extract", str(source), "-o", str(path))
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr.splitlines()[0] == (
        f"{source}:3: warning[seq-duplicate]: task number 1 is used twice (also on line 2)"
    )
    with sqlite3.connect(path) as connection:
        rows = connection.execute("SELECT seq, text FROM tasks ORDER BY rowid").fetchall()
        units = connection.execute("SELECT seq, unit FROM task_units ORDER BY rowid").fetchall()
    assert rows == [(1, "推进。"), (1, "优化。")]
    assert units == [(1, "市发改委"), (1, "市财政局")]


def test_sqlite_replaces_a_previous_file_whole(tmp_path):
    path = tmp_path / "t.db"
    path.write_text("not a database", encoding="utf-8")
    assert run("extract", str(NOTICE), "-o", str(path), "-q").exit_code == 0
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT count(*) FROM pilot_items").fetchone() == (17,)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.db"]


# ---- JSON Lines -------------------------------------------------------------------------------


def test_jsonl_one_task_per_line(records, tmp_path):
    path = tmp_path / "tasks.jsonl"
    assert run("extract", str(TASK_LIST), "-o", str(path), "-q").exit_code == 0
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 154
    for line, task in zip(lines, records["tasks"], strict=True):
        assert json.loads(line) == {"source_path": str(TASK_LIST), "record": "task", **task}


# ---- CSV headers and the Data Package --------------------------------------------------------


def test_csv_headers_in_chinese():
    result = run("extract", str(TASK_LIST), "-f", "csv", "--csv-headers", "zh", "-q")
    header = next(csv.reader(io.StringIO(result.stdout_bytes.decode("utf-8-sig"))))
    assert header[:10] == [
        "来源文件",
        "序号",
        "编号",
        "部分序号",
        "部分",
        "措施序号",
        "措施",
        "任务内容",
        "牵头单位",
        "责任单位",
    ]
    checked = run("validate", "-", input=result.stdout_bytes)
    assert checked.exit_code == 0, checked.output


def test_every_column_has_a_chinese_name():
    from ybhj_parse.output.headers import ZH_HEADERS
    from ybhj_parse.output.tables import record_tables

    columns = {c for table in record_tables([], every=True) for c in table.columns}
    assert sorted(columns - set(ZH_HEADERS)) == []
    assert len(set(ZH_HEADERS.values())) == len(ZH_HEADERS)  # no two columns share a name


def test_data_package_of_data_out_validates():
    from frictionless import Package

    package = Package(ROOT / "data" / "out" / "datapackage.json")
    assert [r.name for r in package.resources] == [
        "ezhou-2022-key-tasks-docx",  # the task list's Word file (data/raw/*.docx)
        "ezhou-2022-key-tasks",
        "ezhou-2023-pilot-zone-notice",
    ]
    tasks = package.get_resource("ezhou-2022-key-tasks")
    assert tasks.schema.primary_key == ["seq"]
    fields = {f.name: f for f in tasks.schema.fields}
    assert (fields["deadline_due"].type, fields["lead_units"].type, fields["lead_units"].delimiter) == (
        "date",
        "list",
        "、",
    )
    assert fields["keywords"].delimiter == "；"
    report = package.validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    rows = tasks.read_rows()
    assert len(rows) == 154
    assert rows[23]["deadline_due"] == dt.date(2022, 12, 31)
    assert rows[0]["responsible_units"][:2] == ["市公安局", "市人社局"]


def test_data_package_catches_a_bad_date(tmp_path):
    from frictionless import validate

    out = tmp_path / "out"
    assert run("extract", str(TASK_LIST), "--out-dir", str(out), "-f", "csv", "-q").exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == ["datapackage.json", "ezhou-2022-key-tasks.csv"]
    csv_path = out / "ezhou-2022-key-tasks.csv"
    csv_path.write_text(
        csv_path.read_text(encoding="utf-8-sig").replace("2022-12-31", "2022-02-30", 1), encoding="utf-8-sig"
    )
    report = validate(out / "datapackage.json")
    assert not report.valid
    assert report.flatten(["rowNumber", "fieldName", "type"]) == [[25, "deadline_due", "type-error"]]


def test_data_package_skips_other_csv_files(tmp_path):
    from ybhj_parse.output.datapackage import describe

    (tmp_path / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    assert run("extract", str(NOTICE), "--out-dir", str(tmp_path), "-f", "csv", "-q").exit_code == 0
    names = [r["path"] for r in describe(Path(tmp_path))["resources"]]
    assert names == ["ezhou-2023-pilot-zone-notice.csv"]


# ---- every document of the test suite ------------------------------------------------------

DOCUMENTS = sorted(p for p in (ROOT / "tests" / "fixtures").rglob("*.txt"))


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.stem)
def test_every_fixture_in_excel_and_sqlite(path, tmp_path):
    import openpyxl

    import ybhj_parse
    from ybhj_parse.errors import YbhjError
    from ybhj_parse.output.writers import write_format

    try:
        dataset = ybhj_parse.parse_file(path)
    except YbhjError:
        pytest.skip("a document the fault suite refuses")
    write_format("xlsx", dataset, tmp_path / "d.xlsx")
    write_format("sqlite", dataset, tmp_path / "d.sqlite")
    book = openpyxl.load_workbook(tmp_path / "d.xlsx")
    assert book["tasks"].max_row == len(dataset.tasks) + 1
    assert book["diagnostics"].max_row == len(dataset.diagnostics) + 1
    with sqlite3.connect(tmp_path / "d.sqlite") as connection:
        counted = connection.execute("SELECT count(*) FROM tasks").fetchone()[0]
        items = connection.execute("SELECT count(*) FROM pilot_items").fetchone()[0]
        units = connection.execute("SELECT count(*) FROM task_units").fetchone()[0]
    assert (counted, items) == (len(dataset.tasks), len(dataset.pilot_items or []))
    assert units == sum(len(t.lead_units) + len(t.responsible_units) for t in dataset.tasks)
