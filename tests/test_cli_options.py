"""The command line as a newcomer tries it: formats from file names, --out-dir and --format,
stdin for validate, what a command with nothing to read says, help with examples and exit
codes, counts in the right number."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from conftest import NOTICE, TASK_LIST
from ybhj_parse.cli import main


def run(*args: str, input: bytes | None = None):
    return CliRunner().invoke(main, list(args), input=input)


@pytest.mark.parametrize(
    ("name", "start"),
    [
        ("tasks.csv", b"\xef\xbb\xbfsource_path,seq"),
        ("tasks.json", b"{"),
        ("tasks.yml", b"schema_version"),
        ("tasks.jsonl", b'{"source_path"'),
        ("tasks.xlsx", b"PK"),
        ("tasks.db", b"SQLite format 3"),
    ],
)
def test_output_format_from_the_extension(tmp_path, name, start):
    path = tmp_path / name
    result = run("extract", str(TASK_LIST), "-o", str(path), "-q")
    assert result.exit_code == 0, result.output
    assert path.read_bytes().startswith(start)


def test_explicit_format_against_the_extension_is_an_error(tmp_path):
    path = tmp_path / "tasks.csv"
    result = run("extract", str(TASK_LIST), "-o", str(path), "--format", "json")
    assert result.exit_code == 2
    assert result.stderr.endswith(f"Error: --format json does not match the extension of {path} (csv)\n")
    assert not path.exists()


def test_explicit_format_names_a_file_without_a_known_extension(tmp_path):
    path = tmp_path / "tasks.txt"
    assert run("extract", str(TASK_LIST), "-o", str(path), "-f", "yaml", "-q").exit_code == 0
    assert path.read_text(encoding="utf-8").startswith("schema_version:")
    result = run("extract", str(TASK_LIST), "-o", str(tmp_path / "other.txt"))
    assert result.exit_code == 2
    assert "cannot tell the format of" in result.stderr and "give --format" in result.stderr


def test_binary_formats_need_a_file():
    result = run("extract", str(TASK_LIST), "--format", "xlsx")
    assert result.exit_code == 2
    assert result.stderr.endswith(
        "Error: xlsx is a binary format: write it to a file with -o FILE or --out-dir\n"
    )


def test_several_formats_need_out_dir():
    result = run("extract", str(TASK_LIST), "-f", "json", "-f", "csv")
    assert result.exit_code == 2
    assert "several --format options need --out-dir" in result.stderr


def test_extract_without_a_file_says_how_to_read_stdin():
    result = run("extract")
    assert result.exit_code == 2
    assert result.stderr.endswith(
        "Error: name the files or folders to read, --files-from LIST, or - to read stdin:"
        " cat list.txt | ybhj-parse extract -\n"
    )


def test_validate_reads_stdin():
    data = run("extract", str(NOTICE), "-q").stdout_bytes
    result = run("validate", "-", input=data)
    assert result.exit_code == 0
    assert "warning: <stdin>: completeness: missing_seq: 19 of the 36 declared items" in result.stdout
    assert result.stderr.startswith("1 file checked: 0 errors, 1 warning")
    broken = json.loads(data)
    broken["pilot_items"][0]["seq"] = broken["pilot_items"][1]["seq"]
    result = run("validate", "-", input=json.dumps(broken).encode())
    assert result.exit_code == 1
    assert "error: <stdin>: pilot_items[1] (seq 5): seq: duplicate of pilot_items[0]" in result.stdout


def test_validate_outside_the_project_says_what_it_needs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("validate")
    assert result.exit_code == 2
    assert result.stderr == (
        "error: no data/out/ here to check: name the dataset files or folders, or - to read one from "
        "stdin (ybhj-parse extract list.txt | ybhj-parse validate -)\n"
    )


@pytest.mark.parametrize("command", sorted(main.commands))
def test_help_shows_an_example_and_the_exit_codes(command):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert f"ybhj-parse {command}" in result.stdout.split("Examples:")[1]
    assert "Exit codes:" in result.stdout and "  2  " in result.stdout


def test_the_commands_help_shows_the_exit_codes():
    result = run("--help")
    assert "Examples:" in result.stdout
    assert "Exit codes:" in result.stdout and "  2  an input or the command line is unusable" in result.stdout


def test_counts_agree_in_number(tmp_path):
    path = tmp_path / "one.txt"
    path.write_text(
        "某市2022年优化营商环境重点任务清单\n一、提升开办企业便利度\n"
        "1.压缩企业开办时间至0.5天内。（牵头单位：市市场监管局；完成时限：2022年6月底）\n",
        encoding="utf-8",
    )
    result = run("extract", str(path), "-o", str(tmp_path / "one.json"))
    assert result.stderr.endswith("1 task, 1 section, 0 measures; 0 errors, 0 warnings\n"), result.stderr
    checked = run("validate", str(tmp_path / "one.json"))
    assert checked.stderr.startswith("1 file checked: 0 errors, 0 warnings")
