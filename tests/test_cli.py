"""The command line: formats, files, exit codes; its JSON is the library's."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from dataclasses import replace

import yaml
from click.testing import CliRunner

from conftest import TASK_LIST
from ybhj_parse.cli import main
from ybhj_parse.output.writers import to_json


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input)


def test_json_equals_library(task_list):
    result = run("extract", str(TASK_LIST), "--quiet")
    assert result.exit_code == 0
    assert result.stdout == to_json(task_list)
    data = json.loads(result.stdout)
    assert list(data) == ["schema_version", "document", "tasks", "diagnostics"]
    assert data["tasks"][38]["lead_units"] == ["市市场监管局（市知识产权局）"]
    assert "\\u" not in result.stdout  # Chinese is not escaped


def test_summary_on_stderr():
    result = run("extract", str(TASK_LIST))
    assert result.stderr.strip().endswith(
        "task list (cell-per-line), 154 tasks, 28 sections, 52 measures; 0 errors, 0 warnings"
    )


def test_yaml_same_content(task_list):
    result = run("extract", str(TASK_LIST), "--format", "yaml", "-q")
    assert result.exit_code == 0
    assert yaml.safe_load(result.stdout) == json.loads(to_json(task_list))
    assert "市市场监管局（市知识产权局）" in result.stdout  # readable, not escaped


def test_csv_bom_rows_and_lists():
    result = run("extract", str(TASK_LIST), "--format", "csv", "-q")
    raw = result.stdout_bytes
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 154
    assert (
        rows[0]["responsible_units"]
        == "市公安局、市人社局、市医保局、市公积金中心、市自然资源和规划局、市税务局、人行鄂州市中心支行"
    )
    assert rows[23]["deadline_due"] == "2022-12-31"
    assert rows[38]["lead_units"] == "市市场监管局（市知识产权局）"
    assert rows[0]["all_districts"] == "true"


def test_csv_guards_formula_injection():
    text = TASK_LIST.read_text(encoding="utf-8").replace("加快推进工业用地“标准地”出让。", '=HYPERLINK("x")')
    result = run("extract", "-", "--format", "csv", "-q", input=text.encode())
    rows = list(csv.DictReader(io.StringIO(result.stdout_bytes.decode("utf-8-sig"))))
    assert rows[65]["text"] == '\'=HYPERLINK("x")'


def test_stdin_and_output_file(tmp_path):
    out = tmp_path / "tasks.json"
    result = run("extract", "-", "-o", str(out), "-q", input=TASK_LIST.read_bytes())
    assert result.exit_code == 0 and result.stdout == ""
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["document"]["source"]["path"] is None
    assert len(data["tasks"]) == 154
    assert not list(tmp_path.glob(".*.tmp"))  # no temporary file left behind


def test_out_dir_writes_every_format(tmp_path):
    result = run("extract", str(TASK_LIST), "--out-dir", str(tmp_path), "-q")
    assert result.exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "datapackage.json",
        "ezhou-2022-key-tasks.csv",
        "ezhou-2022-key-tasks.json",
        "ezhou-2022-key-tasks.jsonl",
        "ezhou-2022-key-tasks.sqlite",
        "ezhou-2022-key-tasks.xlsx",
        "ezhou-2022-key-tasks.yaml",
    ]


def test_out_dir_honours_format(tmp_path):
    result = run("extract", str(TASK_LIST), "--out-dir", str(tmp_path), "-q", "-f", "yaml", "-f", "xlsx")
    assert result.exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "ezhou-2022-key-tasks.xlsx",
        "ezhou-2022-key-tasks.yaml",
    ]


def test_output_is_deterministic(tmp_path):
    first = run("extract", str(TASK_LIST), "-q").stdout
    second = run("extract", str(TASK_LIST), "-q").stdout
    assert first == second


def test_refuses_to_overwrite_input(tmp_path):
    copy = tmp_path / "list.txt"
    copy.write_bytes(TASK_LIST.read_bytes())
    result = run("extract", str(copy), "-o", str(copy))
    assert result.exit_code == 2
    assert "refusing to overwrite the input file" in result.stderr
    assert copy.read_bytes() == TASK_LIST.read_bytes()


def test_missing_file_exit_2():
    result = run("extract", "no/such/file.txt")
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: no/such/file.txt: no such file"


def test_unknown_document_exit_2(tmp_path):
    path = tmp_path / "poem.txt"
    path.write_text("床前明月光\n疑是地上霜\n", encoding="utf-8")
    result = run("extract", str(path))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {path}: not a document ybhj-parse knows")


def test_strict_turns_warnings_into_exit_1(tmp_path):
    text = TASK_LIST.read_text(encoding="utf-8").replace("\t2022年12月底\n", "\t视情况而定\n", 1)
    path = tmp_path / "list.txt"
    path.write_text(text, encoding="utf-8")
    relaxed = run("extract", str(path), "-q")
    assert relaxed.exit_code == 0
    strict = run("extract", str(path), "--strict")
    assert strict.exit_code == 1
    assert (
        f"{path}:202: warning[deadline-unrecognised]: task 24: deadline phrase not understood: '视情况而定'"
        in strict.stderr
    )


def test_help_does_not_import_pydantic_or_rich():
    code = "import sys; from ybhj_parse.cli import main; print(sorted(m for m in ('pydantic','rich','yaml') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
    help_text = subprocess.run(
        [sys.executable, "-m", "ybhj_parse", "--help"], capture_output=True, text=True, check=True
    ).stdout
    assert "extract" in help_text and "validate" in help_text and "Examples:" in help_text


def test_format_choices_are_the_writers():
    from ybhj_parse.cli import extract
    from ybhj_parse.output import WRITERS

    choice = next(p.type for p in extract.params if p.name == "formats")
    assert tuple(choice.choices) == tuple(name for name, w in WRITERS.items() if not w.folder)


def test_report_decides_the_exit_code(task_list):
    from ybhj_parse.model.diagnostics import Diagnostic, ErrorLevel
    from ybhj_parse.output.report import ExtractReport

    warned = replace(
        task_list, diagnostics=[Diagnostic(severity="warning", code="seq-gap", message="m", line=3)]
    )
    failed = replace(
        task_list, diagnostics=[Diagnostic(severity="error", code="missing-lead-unit", message="m", line=3)]
    )
    assert ExtractReport(datasets=[task_list]).return_code == 0
    assert ExtractReport(datasets=[warned]).return_code == 0
    assert ExtractReport(datasets=[warned], level=ErrorLevel.STRICT).return_code == 1
    assert ExtractReport(datasets=[failed]).return_code == 1
    assert ExtractReport(datasets=[failed], level=ErrorLevel.IGNORE).return_code == 0
    assert ExtractReport(datasets=[failed], failures=["x.pdf: not a text file"]).return_code == 2


def test_the_registries_cost_the_cold_start_no_import():
    """The tables of readers and writers are names and import paths: ``--help`` imports no more
    of the package than the command line and the input limits."""
    code = (
        "import sys; from ybhj_parse.cli import main\n"
        "try: main(['--help'])\n"
        "except SystemExit: pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('ybhj_parse')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == str(
        ["ybhj_parse", "ybhj_parse.cli", "ybhj_parse.source", "ybhj_parse.source.limits"]
    )
