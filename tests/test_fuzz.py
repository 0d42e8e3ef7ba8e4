"""Fuzzing with hypothesis: generated tables, documents and datasets, hostile characters in them.

The invariants, whatever is generated:

- ``extract`` ends with exit 0, 1 or 2 and never a traceback;
- in a generated table every task number is a record's ``seq`` or named in a diagnostic;
- what ``extract`` writes (JSON, YAML and CSV, with every Unicode line separator and
  control character in its cells) ``validate`` reads back without a reading or model error,
  and with no error at all when ``extract`` found none;
- ``validate`` ends with exit 0, 1 or 2 on any dataset, and rejects a record field given a
  value of another type.

Each test is bounded in examples (``YBHJ_FUZZ_EXAMPLES``, default 25) and runs derandomized
from the seed ``YBHJ_FUZZ_SEED`` (default 0): the same examples on every run, another seed
explores further, and a failure prints the seed and the example to replay.
"""

from __future__ import annotations

import json
import os
from typing import Any

import pytest
import regex
from click.testing import CliRunner
from hypothesis import HealthCheck, given, note, seed, settings
from hypothesis import strategies as st

import ybhj_parse
from conftest import TASK_LIST
from ybhj_parse.cli import main
from ybhj_parse.errors import YbhjError
from ybhj_parse.output.validate import validate_text
from ybhj_parse.output.writers import to_csv, to_json, to_yaml

FUZZ_SEED = int(os.environ.get("YBHJ_FUZZ_SEED", "0"))
FUZZ = settings(
    max_examples=int(os.environ.get("YBHJ_FUZZ_EXAMPLES", "25")),
    deadline=None,
    derandomize=FUZZ_SEED == 0,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Characters that have broken readers and writers: every Unicode line separator, controls,
# invisible and bidirectional characters, a BOM, compatibility numerals, CSV and formula marks.
HOSTILE = [
    "\u2028", "\u2029", "\x0c", "\x0b", "\x85", "\x1c", "\x1d", "\x1e", "\x1b", "\x7f",
    "\u200b", "\u200d", "\u00ad", "\u202e", "\u2066", "\ufeff", "\ufffd",
    "⼀", "⒈", "⑴", "①", "㈠", '"', ",", "'", "=", "+", "-", "@", "、", "，", "\\",
]  # fmt: skip
WORDS = [
    "推进",
    "改革",
    "优化",
    "营商环境",
    "市发改委",
    "市财政局",
    "各区",
    "等",
    "2022年底",
    "长期推进",
    "立即",
]
cell_text = st.lists(st.sampled_from(WORDS + HOSTILE), min_size=1, max_size=8).map("".join)

COLUMNS = {
    "seq": "序号",
    "text": "重点任务",
    "lead": "牵头单位",
    "responsible": "责任单位",
    "deadline": "完成时限",
    "note": "备注",
}
UNITS = ["市发改委", "市财政局、市商务局", "市公安局，各区", "市大数据局等"]
DEADLINES = ["2022年底", "2022年6月底", "长期推进", "立即推进", "每季度"]


def extract(data: bytes, *args: str) -> tuple[int, str, str]:
    path_args = ["-"]
    result = CliRunner().invoke(main, ["extract", "-v", *path_args, *args], input=data)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.stderr
    assert result.exit_code in (0, 1, 2)
    return result.exit_code, result.stdout, result.stderr


@st.composite
def tables(draw: st.DrawFn) -> tuple[str, list[int]]:
    """A task table: any order of columns holding at least 重点任务 and 牵头单位, row-per-line with
    tabs or | or cell-per-line, merged (empty) cells, hostile characters inside the cells."""
    roles = draw(st.permutations(list(COLUMNS)))
    roles = [r for r in roles if r in ("text", "lead") or draw(st.booleans())]
    layout = draw(st.sampled_from(["tab", "pipe", "cells"]))
    count = draw(st.integers(1, 8))
    numbers = list(range(1, count + 1))
    rows = []
    for n in numbers:
        cells = {
            "seq": f"（{n}）" if layout == "cells" else str(n),
            "text": draw(cell_text).replace("\u2028", "") + "。",
            "lead": draw(st.sampled_from(UNITS)),
            "responsible": draw(st.sampled_from(UNITS + [""])),
            "deadline": draw(st.sampled_from(DEADLINES)),
            "note": draw(cell_text | st.just("")),
        }
        rows.append([cells[r] for r in roles])
    header = [COLUMNS[r] for r in roles]
    if layout == "cells":
        lines = ["\t" + name for name in header] + [""]
        for row in rows:
            lines += ["\t" + cell for cell in row] + [""]
    else:
        join = "\t" if layout == "tab" else " | "
        end = "" if layout == "tab" else " |"
        lines = [join.join(header) + end] + [join.join(row) + end for row in rows]
    return "鄂州市重点任务清单\n\n" + "\n".join(lines) + "\n", numbers if "seq" in roles else []


@st.composite
def prose_plans(draw: st.DrawFn) -> tuple[str, list[int]]:
    """A prose plan: numbered tasks with labelled lines or an attribution bracket after each."""
    style = draw(st.sampled_from(["labelled", "inline"]))
    count = draw(st.integers(1, 6))
    lines = ["关于优化营商环境的实施方案", "", "一、重点任务"]
    for n in range(1, count + 1):
        text = draw(cell_text).replace("\u2028", "") + "。"
        lead, helper = draw(st.sampled_from(UNITS)), draw(st.sampled_from(UNITS))
        if style == "labelled":
            lines += [
                f"{n}.{text}",
                f"牵头单位：{lead}",
                f"责任单位：{helper}",
                f"完成时限：{draw(st.sampled_from(DEADLINES))}",
            ]
        else:
            lines.append(f"{n}.{text}（牵头单位：{lead}；责任单位：{helper}）")
    return "\n".join(lines) + "\n", list(range(1, count + 1))


documents = tables() | prose_plans()
NUMBER = regex.compile(r"\d+")


def _named(number: int, diagnostics: list[dict[str, Any]]) -> bool:
    """``number`` appears in a diagnostic message, alone or inside a range (3–5)."""
    for d in diagnostics:
        for m in regex.finditer(r"(\d+)(?:[–-](\d+))?", d["message"]):
            first, last = int(m.group(1)), int(m.group(2) or m.group(1))
            if first <= number <= last:
                return True
    return False


@seed(FUZZ_SEED)
@FUZZ
@given(documents, st.sampled_from(["\n", "\r\n", "\r", "\r\r\n"]))
def test_every_generated_document_is_read_or_refused(document: tuple[str, list[int]], newline: str) -> None:
    note(f"YBHJ_FUZZ_SEED={FUZZ_SEED}")
    text, numbers = document
    code, stdout, _stderr = extract(text.replace("\n", newline).encode("utf-8"))
    if code == 2:
        return
    dataset = json.loads(stdout)
    seqs = {t["seq"] for t in dataset["tasks"]}
    missing = [n for n in numbers if n not in seqs and not _named(n, dataset["diagnostics"])]
    assert missing == [], f"task numbers neither read nor reported: {missing}"


def _read_back(dataset: ybhj_parse.Dataset) -> list[str]:
    """The problems validate finds in extract's three text outputs of ``dataset``."""
    found = []
    for kind, render in (("json", to_json), ("yaml", to_yaml), ("csv", to_csv)):
        problems = validate_text(f"out.{kind}", kind, render(dataset).encode("utf-8"))
        found += [f"{p.severity}: {p}" for p in problems]
    return found


@seed(FUZZ_SEED)
@FUZZ
@given(tables())
def test_validate_reads_back_what_extract_writes(document: tuple[str, list[int]]) -> None:
    note(f"YBHJ_FUZZ_SEED={FUZZ_SEED}")
    try:
        dataset = ybhj_parse.parse_text(document[0], source="generated.txt")
    except YbhjError:
        return
    problems = _read_back(dataset)
    assert not [p for p in problems if ": file: " in p or "Input should" in p], problems
    if not any(d.severity == "error" for d in dataset.diagnostics):
        assert not [p for p in problems if p.startswith("error")], problems


def test_a_cell_longer_than_the_csv_module_allows_reads_back() -> None:
    """160,000 characters in one cell (the csv module refuses more than 131,072 by default)."""
    text = f"序号\t重点任务\t牵头单位\t完成时限\n1\t推进{'改革' * 80_000}。\t市发改委\t2022年底\n"
    dataset = ybhj_parse.parse_text(text, source="huge.txt")
    assert len(dataset.tasks[0].text) == 160_003
    assert _read_back(dataset) == []


def test_every_unicode_line_separator_inside_a_cell_reads_back() -> None:
    separators = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
    text = "".join(f"{i + 1}\t推进{sep}改革。\t市发改委\t2022年底\n" for i, sep in enumerate(separators))
    dataset = ybhj_parse.parse_text("序号\t重点任务\t牵头单位\t完成时限\n" + text, source="separators.txt")
    assert [t.text for t in dataset.tasks] == [f"推进{sep}改革。" for sep in separators]
    assert _read_back(dataset) == []


# ---- hostile datasets for validate ----------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


def _json_type(value: Any) -> str:
    return (
        "bool"
        if isinstance(value, bool)
        else "number"
        if isinstance(value, int | float)
        else type(value).__name__
    )


_clean: dict[str, Any] = {}


def clean_dataset() -> dict[str, Any]:
    if not _clean:
        _clean.update(json.loads(to_json(ybhj_parse.parse_file(TASK_LIST))))
    return json.loads(json.dumps(_clean))


@seed(FUZZ_SEED)
@FUZZ
@given(st.integers(0, 153), st.data())
def test_validate_rejects_a_field_of_another_type(index: int, data: st.DataObject) -> None:
    note(f"YBHJ_FUZZ_SEED={FUZZ_SEED}")
    dataset = clean_dataset()
    task = dataset["tasks"][index]
    field = data.draw(st.sampled_from(sorted(task)))
    old = task[field]
    new = data.draw(json_values.filter(lambda v: v is not None and _json_type(v) != _json_type(old)))
    task[field] = new
    problems = validate_text("damaged.json", "json", json.dumps(dataset, ensure_ascii=False).encode("utf-8"))
    rejected = [
        p
        for p in problems
        if p.severity == "error" and (p.record == "file" or p.record.startswith(f"tasks[{index}]"))
    ]
    assert rejected, problems


@seed(FUZZ_SEED)
@FUZZ
@given(json_values, st.sampled_from(["json", "yaml", "csv"]))
def test_validate_survives_any_data(value: Any, kind: str) -> None:
    note(f"YBHJ_FUZZ_SEED={FUZZ_SEED}")
    import yaml

    text = (
        json.dumps(value, ensure_ascii=False) if kind != "yaml" else yaml.safe_dump(value, allow_unicode=True)
    )
    if kind == "csv":
        text = "source_path,seq\n" + text.replace("\n", ",")
    problems = validate_text(f"any.{kind}", kind, text.encode("utf-8", errors="surrogatepass"))
    assert all(p.severity in ("error", "warning") for p in problems)


@pytest.mark.parametrize("size", [10, 33, 1000, 100_000])
def test_validate_survives_nesting_of_any_depth(size: int) -> None:
    for kind, text in (
        ("json", "[" * size + "]" * size),
        ("yaml", "[" * size + "]" * size),
        ("json", '{"a":' * size + "1" + "}" * size),
    ):
        problems = validate_text(f"deep.{kind}", kind, text.encode())
        assert problems, f"{kind} nested {size} deep was accepted"
