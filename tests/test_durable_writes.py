"""The files of one document are written atomically and made durable together: each file's data
is flushed (fsync) before it is renamed over its path, the flushes of the document's files
before the first rename."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import ybhj_parse
from conftest import TASK_LIST
from ybhj_parse.errors import OutputError
from ybhj_parse.output import WRITERS, writers

FORMATS = ("json", "yaml", "csv", "jsonl")


def _targets(folder: Path) -> list[tuple[str, Path]]:
    return [(fmt, folder / f"tasks{WRITERS[fmt].suffix}") for fmt in FORMATS]


def test_every_file_is_flushed_before_any_rename(tmp_path, monkeypatch):
    events: list[tuple[str, str]] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd):
        events.append(("fsync", os.path.basename(os.readlink(f"/proc/self/fd/{fd}"))))
        real_fsync(fd)

    def replace(src, dst):
        events.append(("rename", os.path.basename(src)))
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    dataset = ybhj_parse.parse_file(TASK_LIST)
    writers.write_formats(_targets(tmp_path), dataset)
    flushed = [name for kind, name in events if kind == "fsync"]
    renamed = [name for kind, name in events if kind == "rename"]
    assert [kind for kind, _ in events] == ["fsync"] * 4 + ["rename"] * 4
    assert sorted(flushed) == sorted(renamed)
    assert [name.split(".")[1] for name in renamed] == ["tasks", "tasks", "tasks", "tasks"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "tasks.csv",
        "tasks.json",
        "tasks.jsonl",
        "tasks.yaml",
    ]
    assert (tmp_path / "tasks.json").read_text(encoding="utf-8") == writers.render("json", dataset)


def test_a_failed_flush_names_its_file_and_renames_none(tmp_path, monkeypatch):
    for _fmt, path in _targets(tmp_path):
        path.write_text("old\n", encoding="utf-8")
    real_fsync = os.fsync

    def fsync(fd):
        if ".tasks.yaml." in os.readlink(f"/proc/self/fd/{fd}"):  # the temporary file of tasks.yaml
            raise OSError(5, "Input/output error")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    dataset = ybhj_parse.parse_file(TASK_LIST)
    with pytest.raises(OutputError) as info:
        writers.write_formats(_targets(tmp_path), dataset)
    assert str(info.value) == f"{tmp_path / 'tasks.yaml'}: cannot be written (Input/output error)"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "tasks.csv",
        "tasks.json",
        "tasks.jsonl",
        "tasks.yaml",
    ]
    assert all(path.read_text(encoding="utf-8") == "old\n" for _fmt, path in _targets(tmp_path))
