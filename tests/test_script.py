"""Traditional copies: the table of what t2s can change (source/t2s.json) is the installed
OpenCC's, bounds what the conversion changes, and spares a simplified text loading OpenCC."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import opencc
import pytest

from conftest import FIXTURES, RAW, TASK_LIST
from ybhj_parse.source import script, t2stable

TEXTS = sorted([*RAW.glob("*.txt"), *FIXTURES.rglob("*.txt")])


def _changed(han: str) -> int:
    mapped = opencc.OpenCC("t2s").convert(han)
    return sum(1 for a, b in zip(han, mapped, strict=False) if a != b)


def _han(text: str) -> str:
    return script._NOT_HAN.sub("", text)


def test_the_table_is_that_of_the_installed_opencc(tmp_path: Path) -> None:
    package = t2stable.opencc_package()
    assert package is not None
    if not (package / "clib" / "bin" / "opencc_dict").is_file():
        pytest.skip("this OpenCC has no opencc_dict tool to dump its dictionaries")
    assert t2stable.TABLE_FILE.read_text(encoding="utf-8") == t2stable.table_text(tmp_path)
    assert t2stable.changeable() is not None  # in use with the pinned OpenCC


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.name)
def test_the_table_bounds_what_t2s_changes(path: Path) -> None:
    text = path.read_text(encoding="utf-8", errors="replace")
    table = t2stable.changeable()
    assert table is not None
    for han in (_han(text), _han(opencc.OpenCC("s2t").convert(text))):
        assert sum(c in table for c in han) >= _changed(han)


def test_the_same_decision_with_and_without_the_table(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in TEXTS]
    texts += [opencc.OpenCC("s2t").convert(t) for t in texts[:3]]
    texts += ["鄂州市優化營商環境", "深沈 憑藉 毛坏 " + "优化营商环境" * 5]  # phrases change 沈 藉 坏
    with_table = [script.is_traditional(t) for t in texts]
    monkeypatch.setattr(script, "changeable", lambda: None)
    assert with_table == [script.is_traditional(t) for t in texts]
    assert True in with_table and False in with_table


def test_a_simplified_text_is_read_without_loading_opencc() -> None:
    code = (
        "import sys, ybhj_parse;"
        f" d = ybhj_parse.parse_file({str(TASK_LIST)!r});"
        " print(d.document.script, 'opencc' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out == "simplified False\n"


def test_a_table_of_other_dictionaries_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    table = json.loads(t2stable.TABLE_FILE.read_text(encoding="utf-8"))
    table["files"]["TSPhrases.ocd2"] = "0" * 64
    stale = tmp_path / "t2s.json"
    stale.write_text(json.dumps(table, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(t2stable, "TABLE_FILE", stale)
    t2stable.changeable.cache_clear()
    try:
        assert t2stable.changeable() is None
        assert script.is_traditional("鄂州市優化營商環境") is True  # the conversion decides
    finally:
        monkeypatch.undo()
        t2stable.changeable.cache_clear()


def test_a_t2s_json_in_the_working_folder_leaves_the_decision_to_opencc(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "t2s.json").write_text("{}", encoding="utf-8")
    assert script._may_be_traditional("优化营商环境") is True


def test_the_quick_test_says_simplified_only_where_the_exact_test_does() -> None:
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in TEXTS]
    texts += [opencc.OpenCC("s2t").convert(t) for t in texts]
    texts += ["鄂州市優化營商環境", "深沈 憑藉 毛坏 " + "优化营商环境" * 5, "𠀀𠀁𠀂" + "优化营商环境" * 30]
    quick = [script._surely_simplified(t) for t in texts]
    exact = [not _han(t) or not script._may_be_traditional(_han(t)) for t in texts]
    assert [q for q, e in zip(quick, exact, strict=True) if q and not e] == []
    assert script._surely_simplified(TASK_LIST.read_text(encoding="utf-8")) is True
    assert quick.count(True) >= len(TEXTS) - 3  # the usual case is settled without the Han string
