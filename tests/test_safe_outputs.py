"""Outputs: written whole or not at all, never over an input, the same bytes on every run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import ybhj_parse
from conftest import NOTICE, TASK_LIST
from variants import VARIANTS
from ybhj_parse.cli import main
from ybhj_parse.errors import OutputError
from ybhj_parse.output import writers


def run(*args: str, input: bytes | None = None):
    return CliRunner().invoke(main, list(args), input=input)


def test_interrupted_write_leaves_the_previous_file_whole(tmp_path, monkeypatch):
    target = tmp_path / "tasks.json"
    target.write_text("the previous run's output\n", encoding="utf-8")

    def interrupted(src, dst):
        raise KeyboardInterrupt  # the user pressed Ctrl-C just before the rename

    monkeypatch.setattr(os, "replace", interrupted)
    result = run("extract", str(TASK_LIST), "-o", str(target), "-q")
    assert result.exit_code != 0
    assert target.read_text(encoding="utf-8") == "the previous run's output\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tasks.json"]  # no temporary file left


def test_failed_write_is_one_line_and_keeps_the_previous_file(tmp_path, monkeypatch):
    target = tmp_path / "tasks.json"
    target.write_text("old\n", encoding="utf-8")

    def disk_full(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    result = run("extract", str(TASK_LIST), "-o", str(target), "-q")
    assert result.exit_code == 2
    assert result.stderr == f"error: {target}: cannot be written (No space left on device)\n"
    assert target.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tasks.json"]


def test_output_under_a_file_is_one_line(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    target = blocker / "tasks.json"
    result = run("extract", str(TASK_LIST), "-o", str(target), "-q")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {target}: cannot be written (")
    assert "Traceback" not in result.stderr


def test_atomic_write_refuses_a_directory(tmp_path):
    with pytest.raises(OutputError, match="is a directory"):
        writers.atomic_write(tmp_path, "x")


def test_out_dir_never_overwrites_an_input(tmp_path):
    copy = tmp_path / "list.json"  # an input that --out-dir would write as list.json
    copy.write_bytes(TASK_LIST.read_bytes())
    result = run("extract", str(copy), "--out-dir", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr == f"error: {copy}: refusing to overwrite the input file with the output\n"
    assert copy.read_bytes() == TASK_LIST.read_bytes()


def test_two_inputs_with_one_name_are_refused_before_anything_is_written(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, second = tmp_path / "a" / "list.txt", tmp_path / "b" / "list.txt"
    first.write_bytes(TASK_LIST.read_bytes())
    second.write_bytes(TASK_LIST.read_bytes())
    out = tmp_path / "out"
    result = run("extract", str(first), str(second), "--out-dir", str(out))
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"error: {first} and {second} would both be written as {out / 'list'}.*; rename one\n"
    )
    assert not out.exists()


@pytest.mark.parametrize("seed", [TASK_LIST, NOTICE], ids=["task-list", "notice"])
def test_same_input_same_bytes_in_every_format(seed, tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    for out in (first, second):
        assert run("extract", str(seed), "--out-dir", str(out), "-q").exit_code == 0
    names = sorted(p.name for p in first.iterdir())
    assert len(names) == 7  # six formats and datapackage.json
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes()


def test_an_encoding_changes_only_the_source_description():
    text = TASK_LIST.read_text(encoding="utf-8")
    clean = writers.to_json(ybhj_parse.parse_bytes(text.encode("utf-8"), path="list.txt"))
    gbk = writers.to_json(ybhj_parse.parse_bytes(VARIANTS["gb18030"](text), path="list.txt"))
    differing = [(a, b) for a, b in zip(clean.split("\n"), gbk.split("\n"), strict=True) if a != b]
    assert [a.split(":")[0].strip() for a, _ in differing] == ['"sha256"', '"encoding"']


def test_unreadable_file_for_a_real_user(tmp_path):
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        pytest.skip("root reads any file; the fault suite covers this case by refusing the read")
    path = tmp_path / "secret.txt"
    path.write_bytes(TASK_LIST.read_bytes())
    path.chmod(0)
    try:
        result = run("extract", str(path))
    finally:
        path.chmod(0o644)
    assert result.exit_code == 2
    assert result.stderr == f"error: {path}: permission denied\n"


def test_a_closed_pipe_ends_quietly(tmp_path):
    """``ybhj-parse extract … | head -c 1``: the reader goes away, no traceback."""
    process = subprocess.Popen(
        [sys.executable, "-m", "ybhj_parse", "extract", str(TASK_LIST), "-q"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.read(1) == b"{"
    process.stdout.close()
    stderr = process.stderr.read().decode("utf-8")
    process.wait(timeout=60)
    assert "Traceback" not in stderr
    assert stderr == ""


def test_gbk_on_stdin():
    data = VARIANTS["gb18030"](TASK_LIST.read_text(encoding="utf-8"))
    result = run("extract", "-", input=data)
    assert result.exit_code == 0
    assert result.stderr == (
        "<stdin>: task list (cell-per-line), 154 tasks, 28 sections, 52 measures; 0 errors, 0 warnings\n"
    )
    assert '"encoding": "gb18030"' in result.stdout


def test_no_temporary_files_after_out_dir(tmp_path):
    assert run("extract", str(TASK_LIST), str(NOTICE), "--out-dir", str(tmp_path), "-q").exit_code == 0
    suffixes = [".csv", ".json", ".jsonl", ".sqlite", ".xlsx", ".yaml"]
    assert sorted(p.suffix for p in Path(tmp_path).iterdir()) == sorted([".json", *suffixes, *suffixes])
