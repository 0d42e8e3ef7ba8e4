"""The recipe beyond one machine (docs/REFERENCE.md): files in, JSON Lines out, failures as records, on a
local Dask scheduler (skipped unless the dask extra is installed)."""

from __future__ import annotations

import json
import shutil

import pytest

import ybhj_parse
from conftest import NOTICE, TASK_LIST
from ybhj_parse.output.writers import json_line
from ybhj_parse.run.batch import documents_in, json_record

db = pytest.importorskip("dask.bag", reason="pip install ybhj-parse[dask]")


def test_dask_bag_of_files_to_json_lines(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(6):
        shutil.copyfile(TASK_LIST if i % 2 else NOTICE, corpus / f"doc-{i}.txt")
    (corpus / "doc-6.txt").write_bytes(b"%PDF-1.7\n" + bytes(100))
    paths = documents_in(corpus)

    import dask

    with dask.config.set(scheduler="processes", num_workers=2):
        db.from_sequence(paths, npartitions=3).map(json_record).to_textfiles(
            str(tmp_path / "out" / "*.jsonl")
        )

    lines = [
        line
        for part in sorted((tmp_path / "out").iterdir(), key=lambda p: int(p.stem))
        for line in part.read_text(encoding="utf-8").rstrip("\n").split("\n")  # lines end with \n only
    ]
    assert len(lines) == 7
    assert [line + "\n" for line in lines[:6]] == [json_line(ybhj_parse.parse_file(p)) for p in paths[:6]]
    assert json.loads(lines[6]) == {
        "source": str(corpus / "doc-6.txt"),
        "error": "not a text file: this looks like a PDF document; export it to text first (e.g. pdftotext -layout)",
    }
