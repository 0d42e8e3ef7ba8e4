"""Questions asked of the datasets: ``units``, ``query`` and ``stats``.

The answers of ``query`` are data (tests/fixtures/answers/queries.yaml), written by reading
the seeds; the figures of ``stats`` were counted in data/raw/ezhou-2022-key-tasks.txt.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from conftest import FIXTURES, NOTICE, RAW, TASK_LIST
from ybhj_parse.cli import main

QUERIES = yaml.safe_load((FIXTURES / "answers" / "queries.yaml").read_text(encoding="utf-8"))


def run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


@pytest.fixture(scope="module")
def datasets(tmp_path_factory) -> dict[str, Path]:
    """The seeds extracted once, as an installed user would have them."""
    folder = tmp_path_factory.mktemp("out")
    result = run(
        "extract", "--quiet", str(TASK_LIST), str(NOTICE), "--out-dir", str(folder), "--format", "json"
    )
    assert result.exit_code == 0, result.output
    return {p.stem + ".txt": p for p in folder.glob("*.json")}


@pytest.mark.parametrize("case", QUERIES, ids=[c["name"] for c in QUERIES])
def test_query(case, datasets):
    result = run("query", str(datasets[case["file"]]), *case["args"], "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    records = data["pilot_items"] if "pilot_items" in data else data["tasks"]
    assert [r["seq"] for r in records] == case["seqs"]
    assert result.stderr == f"{len(case['seqs'])} record{'s' if len(case['seqs']) > 1 else ''}\n"


def test_query_of_a_source_document_is_the_query_of_its_dataset(datasets):
    from_text = run("query", str(TASK_LIST), "--unit", "市税务局", "--format", "json")
    from_json = run(
        "query", str(datasets["ezhou-2022-key-tasks.txt"]), "--unit", "市税务局", "--format", "json"
    )
    assert json.loads(from_text.stdout)["tasks"] == json.loads(from_json.stdout)["tasks"]


def test_a_district_query_shows_the_scope_word_as_the_role(datasets):
    from ybhj_parse.answers.load import load_datasets
    from ybhj_parse.answers.query import Question, ask

    hits = ask(load_datasets([datasets["ezhou-2022-key-tasks.txt"]]), Question(unit="临空经济区"))
    assert len(hits) == 154
    assert {hit.roles for hit in hits} == {("各区",)}
    lead = ask(load_datasets([datasets["ezhou-2022-key-tasks.txt"]]), Question(unit="华容区政府"))
    assert next(h.roles for h in lead if h.record.seq == 5) == ("lead", "各区")


def test_query_table_on_a_terminal(datasets):
    result = CliRunner().invoke(
        main,
        ["query", str(datasets["ezhou-2022-key-tasks.txt"]), "--unit", "市税务局", "--role", "lead"],
        env={"COLUMNS": "100"},
    )
    assert result.exit_code == 0
    from rich.cells import cell_len

    lines = result.stdout.splitlines()
    assert [cell.strip() for cell in lines[1].split("┃")[1:5]] == ["seq", "role", "task", "due"]
    rows = [[cell.strip() for cell in line.split("│")[1:5]] for line in lines[3:-1]]
    assert [(seq, role, due) for seq, role, _, due in rows] == [
        ("71", "lead", "2022-06-30"),  # 2022年6月底，长期推进
        *((str(seq), "lead", "2022-08-31") for seq in (78, 79, 80, 81, 82, 83)),
        ("113", "lead", "立即推进， …"),  # no date: the deadline as written, cut at a wide character
    ]
    assert rows[0][2] == "探索推行“交房即办证”改革。"  # short enough to be whole
    assert rows[1][2].startswith("纳税人年纳税次数压减至5次") and rows[1][2].endswith("…")  # cut to the width
    assert {cell_len(line) for line in lines} == {100}


def test_query_selecting_nothing_exits_1(datasets):
    result = run("query", str(datasets["ezhou-2022-key-tasks.txt"]), "--unit", "市烟草专卖局")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "note: '市烟草专卖局' is neither a registry id nor a name these documents use\n0 records\n"
    )


def test_query_rejects_a_bad_date(datasets):
    result = run("query", str(datasets["ezhou-2022-key-tasks.txt"]), "--due", "2022-13")
    assert result.exit_code == 2
    assert "'2022-13' is not a date (YYYY-MM-DD) or a month (YYYY-MM)" in result.stderr


def test_query_refuses_a_csv(tmp_path):
    path = tmp_path / "tasks.csv"
    path.write_text("source_path,seq\n", encoding="utf-8")
    result = run("query", str(path), "--unit", "市税务局")
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {path}: a CSV holds too little to answer from; give the JSON or YAML dataset\n"
    )


def test_query_writes_any_format(datasets, tmp_path):
    import csv

    out = tmp_path / "tax.csv"
    result = run(
        "query",
        str(datasets["ezhou-2022-key-tasks.txt"]),
        "-u",
        "ezhou.tax",
        "--role",
        "lead",
        "--format",
        "csv",
        "-o",
        str(out),
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert [r["seq"] for r in rows] == ["71", "78", "79", "80", "81", "82", "83", "113"]
    assert rows[0]["lead_unit_ids"] == "ezhou.natural-resources、ezhou.housing、ezhou.tax"


# --- units ------------------------------------------------------------------------------------


def test_units_unknown_on_the_canonical_datasets_prints_none():
    result = run("units", "--unknown", *sorted(str(p) for p in (RAW.parent / "out").glob("*.json")))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == "0 names without an id\n"


def test_units_found_with_their_ids(datasets):
    result = run(
        "units",
        str(datasets["ezhou-2022-key-tasks.txt"]),
        str(datasets["ezhou-2023-pilot-zone-notice.txt"]),
        "--format",
        "json",
    )
    assert result.exit_code == 0
    found = {(u["name"], u["id"]): u for u in json.loads(result.stdout)}
    assert len(found) == 86  # every distinct name of the two documents, each with one id
    assert found[("市供电公司", "ezhou.power-supply")]["records"] == 11
    assert found[("鄂州供电公司", "ezhou.power-supply")]["roles"] == ["city-guiding"]  # item 12
    assert found[("市税务局", "ezhou.tax")]["roles"] == ["lead", "responsible", "city-guiding"]
    assert found[("市税务局", "ezhou.tax")]["records"] == 35


def test_units_unknown_lists_the_names_without_an_id(tmp_path):
    lines = TASK_LIST.read_text(encoding="utf-8").split("\n")
    lines[15] = "\t市公安局、市烟草专卖局、市人社局"
    path = tmp_path / "list.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    result = run("units", "--unknown", str(path), "--format", "csv")
    assert result.exit_code == 1
    expected = f"\ufeffname,id,roles,records,documents\r\n市烟草专卖局,,responsible,1,{path}\r\n"
    assert result.stdout_bytes.decode("utf-8") == expected
    assert result.stderr == "1 name without an id\n"


def test_units_lists_the_registry():
    result = run("units", "--format", "json")
    rows = json.loads(result.stdout)
    assert len(rows) == 89
    tax = next(r for r in rows if r["id"] == "ezhou.tax")
    assert tax == {
        "id": "ezhou.tax",
        "name": "市税务局",
        "kind": "vertical",
        "full_name": "国家税务总局鄂州市税务局",
        "aliases": ["鄂州市税务局"],
        "parent": None,
    }


# --- stats ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def figures(datasets) -> dict[str, Any]:
    result = run("stats", str(datasets["ezhou-2022-key-tasks.txt"]), "--format", "json", "--top", "3")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)[0]


def test_stats_by_section(figures):
    assert figures["records"] == 154
    by_section = [(c["key"], c["records"]) for c in figures["by_section"]]
    assert len(by_section) == 28 and sum(n for _, n in by_section) == 154
    assert by_section[:3] == [("1", 10), ("2", 9), ("3", 4)]
    assert figures["by_section"][13] == {"key": "14", "label": "优化纳税服务", "records": 6}
    assert by_section[23] == ("24", 19)


def test_stats_by_lead_unit_counts_each_unit_once_by_id(figures):
    top = [(c["label"], c["records"]) for c in figures["by_lead_unit"][:6]]
    # 市市场监管局 17: 13 written so and 4 as 市市场监管局（市知识产权局）; 市优化办 9: 8 + its full name once
    assert top == [
        ("市发改委", 18),
        ("市市场监管局", 17),
        ("市行政审批局", 17),
        ("市地方金融工作局", 12),
        ("市财政局", 9),
        ("市优化办", 9),
    ]
    assert figures["by_lead_unit"][1]["key"] == "ezhou.market-regulation"


def test_stats_by_due_month_and_shares(figures):
    assert [(c["key"], c["records"]) for c in figures["by_due_month"]] == [
        ("2022-05", 24),
        ("2022-06", 27),
        ("2022-07", 8),
        ("2022-08", 9),
        ("2022-12", 17),
        ("", 69),
    ]
    assert figures["immediate"] == {"records": 69, "share": 0.4481}
    assert figures["ongoing"] == {"records": 151, "share": 0.9805}


def test_stats_keywords(figures):
    assert [(c["key"], c["records"]) for c in figures["keywords"]] == [
        ("双随机", 2),
        ("2050", 1),
        ("一业一证", 1),
    ]


def test_stats_of_a_notice(datasets):
    result = run("stats", str(datasets["ezhou-2023-pilot-zone-notice.txt"]), "--format", "json")
    figures = json.loads(result.stdout)[0]
    assert figures["records"] == 17
    assert [(c["key"], c["records"]) for c in figures["by_section"]] == [
        ("市本级", 5),
        ("鄂城区", 4),
        ("梁子湖区", 1),
        ("葛店经开区", 5),
        ("临空经济区", 2),
    ]
    assert figures["by_lead_unit"][0] == {
        "key": "ezhou.gedian.tax",
        "label": "葛店经开区税务局",
        "records": 2,
    }


def test_stats_table_on_a_terminal(datasets):
    result = CliRunner().invoke(
        main, ["stats", str(datasets["ezhou-2022-key-tasks.txt"]), "--top", "2"], env={"COLUMNS": "100"}
    )
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("鄂州市优化营商环境2022年重点任务清单 (")
    assert "│ 14 优化纳税服务 " in out
    assert "│ 市优化办 ezhou.optimisation-office " in out
    assert "immediate: 69 of 154 (44.8%)\nongoing: 151 of 154 (98.1%)\n" in out


@pytest.mark.parametrize("command", ["units", "query", "stats"])
def test_help_shows_an_example_and_the_exit_codes(command):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert f"ybhj-parse {command}" in result.stdout.split("Examples:")[1]
    assert "Exit codes:" in result.stdout and "  2  " in result.stdout


def test_query_to_a_file_takes_the_format_from_its_extension(datasets, tmp_path):
    import sqlite3

    out = tmp_path / "q.sqlite"
    result = run("query", str(datasets["ezhou-2022-key-tasks.txt"]), "--keyword", "“双随机", "-o", str(out))
    assert result.exit_code == 0, result.output
    with sqlite3.connect(out) as db:
        assert db.execute("SELECT seq FROM tasks ORDER BY seq").fetchall() == [(91,), (134,)]
    refused = run("query", str(datasets["ezhou-2022-key-tasks.txt"]), "--format", "xlsx")
    assert refused.exit_code == 2
    assert "xlsx is a binary format: write it to a file with -o FILE" in refused.stderr
