"""Every copy a user may be given of a seed gives the seed's records (tests/variants.py).

Only ``document.source`` may differ (the encoding used and the digest of the bytes).
"""

from __future__ import annotations

import pytest

import ybhj_parse
from conftest import NOTICE, TASK_LIST
from test_layouts import comparable, render_row_per_line
from variants import VARIANTS, spaced_numbering
from ybhj_parse.model.contract import to_data

SEEDS = {
    "task-list": TASK_LIST,
    "notice": NOTICE,
}
ENCODING_OF = {
    "gb18030": "gb18030",
    "gbk": "gb18030",
    "utf-8-bom": "utf-8-sig",
    "utf-16-le-bom": "utf-16-le",
    "utf-16-be-bom": "utf-16-be",
    "all-at-once": "gb18030",
}


def needs_parser(seed: str) -> None:
    if seed == "notice":
        pytest.importorskip("ybhj_parse.families.notice.parse", reason="the notice parser has not landed yet")


def records(dataset: ybhj_parse.model.records.Dataset) -> dict:
    """Everything but the source description: records, counts, coverage, diagnostics."""
    data = to_data(dataset)
    del data["document"]["source"]
    return data


@pytest.fixture(scope="module", params=sorted(SEEDS))
def seed(request: pytest.FixtureRequest) -> tuple[str, str, dict]:
    needs_parser(request.param)
    path = SEEDS[request.param]
    return request.param, path.read_text(encoding="utf-8"), records(ybhj_parse.parse_file(path))


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_variant_gives_the_seed_records(seed, variant):
    name, text, expected = seed
    data = VARIANTS[variant](text)
    assert data != text.encode("utf-8")
    dataset = ybhj_parse.parse_bytes(data, path=f"{name}-{variant}.txt")
    assert records(dataset) == expected
    assert dataset.document.source.encoding == ENCODING_OF.get(variant, "utf-8")


def test_spaced_numbering_really_spaces_the_markers():
    text = TASK_LIST.read_text(encoding="utf-8")
    spaced = spaced_numbering(text).split("\n")
    assert spaced[10] == "\t（ 一 ）推 进企业登记注销便利化"
    assert spaced[11] == "\t1 .持续提升企业开办便利化水平"
    assert spaced[12] == "\t（ 1 ）"


@pytest.mark.parametrize("variant", ["space-indent", "crlf", "gb18030", "fullwidth-numbering", "all-at-once"])
def test_row_per_line_task_list_variants(variant):
    text = render_row_per_line(["policy", "seq", "text", "lead", "responsible", "deadline"])
    clean = ybhj_parse.parse_text(text)
    dataset = ybhj_parse.parse_bytes(VARIANTS[variant](text))
    assert dataset.diagnostics == []
    assert comparable(dataset) == comparable(clean)


def test_encoding_option_overrides_detection():
    data = VARIANTS["gb18030"](TASK_LIST.read_text(encoding="utf-8"))
    dataset = ybhj_parse.parse_bytes(data, encoding="GBK")
    assert dataset.document.source.encoding == "gbk"
    assert len(dataset.tasks) == 154
