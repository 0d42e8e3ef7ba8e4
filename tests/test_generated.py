"""Generated artefacts are committed and must match what the code produces now."""

from __future__ import annotations

import hashlib

import pytest

import ybhj_parse
from conftest import RAW, ROOT
from ybhj_parse.output.datapackage import datapackage_json
from ybhj_parse.output.schemas import drifted
from ybhj_parse.output.writers import render
from ybhj_parse.output.xlsx import to_xlsx

SEEDS = ROOT.parent / "shared" / "seeds"
RAW_FILES = sorted(RAW.glob("*.txt"))
# Original files made from the seeds (tools/originals.py): their datasets are canonical too.
ORIGINALS = sorted(RAW.glob("*.docx"))


def test_schemas_match_the_models():
    assert drifted(ROOT / "schemas") == []


@pytest.mark.parametrize("raw", RAW_FILES + ORIGINALS, ids=lambda p: p.name)
@pytest.mark.parametrize("fmt", ["json", "yaml", "csv", "jsonl", "xlsx"])
def test_canonical_dataset_is_current(raw, fmt, monkeypatch):
    monkeypatch.chdir(ROOT)  # data/out records the path as make data passes it: data/raw/NAME.txt
    dataset = ybhj_parse.parse_file(raw.relative_to(ROOT).as_posix())
    committed = (ROOT / "data" / "out" / f"{raw.stem}.{fmt}").read_bytes()
    current = to_xlsx(dataset) if fmt == "xlsx" else render(fmt, dataset).encode("utf-8")
    assert committed == current, f"run `make data`: data/out/{raw.stem}.{fmt} is stale"


def test_data_package_is_current():
    committed = (ROOT / "data" / "out" / "datapackage.json").read_text(encoding="utf-8")
    assert committed == datapackage_json(ROOT / "data" / "out"), "run `make data`: datapackage.json is stale"


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the shared seeds are not beside this checkout")
def test_raw_files_are_the_seeds():
    seeds = {hashlib.sha256(p.read_bytes()).hexdigest() for p in SEEDS.glob("*.txt")}
    raws = {hashlib.sha256(p.read_bytes()).hexdigest() for p in RAW_FILES}
    assert raws <= seeds
    assert len(RAW_FILES) == 2
