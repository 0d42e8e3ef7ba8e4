"""Each extension point is one table: a toy reader, layout and writer registered in a few lines
are used by ``extract`` and named by its ``--help`` (docs/ARCHITECTURE.md, "Where a change goes")."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from ybhj_parse import blocks, output, source
from ybhj_parse.cli import main

ROWS = [
    ["序号", "重点任务", "牵头单位", "完成时限"],
    ["1", "推行企业开办全程网办", "市市场监管局", "2022年6月底"],
    ["2", "压缩工程建设项目审批时间", "市住建局", "长期坚持"],
]


@pytest.fixture
def restored() -> Iterator[Callable[[dict[str, Any]], None]]:
    """Keeps a registry as it was: what a test registers is gone after it."""
    kept: list[tuple[dict[str, Any], dict[str, Any]]] = []
    yield lambda table: kept.append((table, dict(table)))
    for table, before in kept:
        table.clear()
        table.update(before)


def _extract(*args: str) -> list[dict[str, object]]:
    result = CliRunner().invoke(main, ["extract", "--quiet", "--jobs", "1", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["tasks"]  # type: ignore[no-any-return]


def _help() -> str:
    return CliRunner().invoke(main, ["extract", "--help"]).stdout


def _assert_read(tasks: list[dict[str, object]]) -> None:
    assert [(t["text"], t["lead_units"]) for t in tasks] == [
        ("推行企业开办全程网办", ["市市场监管局"]),
        ("压缩工程建设项目审批时间", ["市住建局"]),
    ]


def test_a_registered_writer_is_written_and_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def to_toy(datasets: object, headers: str = "machine") -> str:
        return "".join(f"{t.seq}\t{t.text}\n" for t in getattr(datasets, "tasks", []))

    monkeypatch.setitem(output.WRITERS, "toy", output.Writer("toy", ".toy", to_toy))
    table = tmp_path / "tasks.txt"
    table.write_text("\n".join("\t".join(row) for row in ROWS) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", "--quiet", str(table), "-o", str(tmp_path / "out.toy")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out.toy").read_text(
        encoding="utf-8"
    ) == "1\t推行企业开办全程网办\n2\t压缩工程建设项目审批时间\n"
    assert "toy" in _help()


def test_a_registered_reader_reads_its_format(
    restored: Callable[[dict[str, Any]], None], tmp_path: Path
) -> None:
    from ybhj_parse.source.placed import Block, Placed

    def read_toy(data: bytes, shown: str, encoding: str | None) -> tuple[list[Block], str]:
        rows = [line.split(";") for line in data.decode("utf-8").splitlines()[1:]]
        cells = [Placed(text, r, c) for r, row in enumerate(rows) for c, text in enumerate(row)]
        return [Block(cells=cells)], "utf-8"

    restored(source.READERS)
    source.register(source.Reader("toy", read_toy, (".toy",), magic=(b"TOY\n",)))
    toy = tmp_path / "tasks.toy"
    toy.write_bytes(b"TOY\n" + "\n".join(";".join(row) for row in ROWS).encode("utf-8"))
    _assert_read(_extract(str(toy)))
    assert "toy" in _help()
    assert ".toy" in source.document_suffixes()  # a folder is searched for it too


def test_a_registered_layout_splits_a_table(
    restored: Callable[[dict[str, Any]], None], tmp_path: Path
) -> None:
    from ybhj_parse.blocks.separators import Piece

    def split_slash(raw: str) -> list[Piece] | None:
        return [Piece(p.strip()) for p in raw.split(" / ")] if " / " in raw else None

    restored(blocks.LAYOUTS)
    blocks.register(
        blocks.Layout("slash", split_slash, "ybhj_parse.blocks.separators:split_rows", "cells between /"),
        before="words",
    )
    table = tmp_path / "tasks.txt"
    table.write_text("\n".join(" / ".join(row) for row in ROWS) + "\n", encoding="utf-8")
    _assert_read(_extract(str(table)))
    assert "slash" in _help()
