"""The JSON cache of the rule files: a hit gives the data the YAML parser gave for the same
bytes, changed bytes miss, and a folder others could write to is never read."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import pytest
import regex

from ybhj_parse.errors import RuleError
from ybhj_parse.rules import cache, loader


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("YBHJ_RULE_CACHE", raising=False)
    return tmp_path / "ybhj-parse" / "rules"


def test_a_rule_file_read_once_is_read_from_the_cache(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed = loader.load_yaml("headings.yaml")
    assert [p.suffix for p in cache_home.iterdir()] == [".json"]

    def no_parse(name: str, raw: bytes) -> dict[str, Any]:
        raise AssertionError(f"{name} parsed again")

    monkeypatch.setattr(loader, "parse_rule_file", no_parse)
    assert loader.load_yaml("headings.yaml") == parsed
    assert loader.load_yaml("headings.yaml") is not loader.load_yaml("headings.yaml")  # fresh copies


def test_changed_bytes_miss(cache_home: Path) -> None:
    cache.store_data(b"rank: 1\n", {"rank": 1})
    assert cache.cached_data(b"rank: 1\n") == {"rank": 1}
    assert cache.cached_data(b"rank: 2\n") is None


def test_data_json_would_change_is_not_stored(cache_home: Path) -> None:
    cache.store_data(b"on: 2024-01-01\n", {"on": dt.date(2024, 1, 1)})
    cache.store_data(b"1: one\n", {1: "one"})
    cache.store_data(b"flag: true\n", {"flag": True})
    assert len(list(cache_home.iterdir())) == 1
    assert cache.cached_data(b"flag: true\n") == {"flag": True}


def test_a_folder_others_may_write_is_not_used(cache_home: Path) -> None:
    cache.store_data(b"rank: 1\n", {"rank": 1})
    os.chmod(cache_home, 0o777)
    assert cache.cache_dir() is None
    assert cache.cached_data(b"rank: 1\n") is None


def test_the_cache_can_be_turned_off(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("YBHJ_RULE_CACHE", "0")
    loader.load_yaml("headings.yaml")
    assert not cache_home.exists()


# ---- compiled patterns ---------------------------------------------------------------------


class _NoCompiling:
    """Stands for ``regex`` in the loader: any pattern compiled there fails the test."""

    error = regex.error

    @staticmethod
    def compile(pattern: str) -> regex.Pattern[str]:
        raise AssertionError(f"{pattern!r} compiled again")


def _fresh_run(monkeypatch: pytest.MonkeyPatch) -> cache.CompiledPatterns:
    """The loader as a new process finds it: no rules loaded, the cache file not yet read."""
    store = cache.CompiledPatterns()
    monkeypatch.setattr(loader, "PATTERNS", store)
    loader.heading_rules.cache_clear()
    return store


def _compiled_in_a_run(monkeypatch: pytest.MonkeyPatch, pattern: str, file: str) -> None:
    """A run that compiles ``pattern`` and, ending, saves what it compiled."""
    _fresh_run(monkeypatch)
    loader.compile_pattern(pattern, file=file, key="k")
    loader.PATTERNS.save()


def test_a_pattern_compiled_once_is_rebuilt_from_the_cache(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fresh_run(monkeypatch)
    compiled = loader.heading_rules()
    assert len([p for p in cache_home.iterdir() if p.name.startswith("patterns-")]) == 1
    _fresh_run(monkeypatch)
    monkeypatch.setattr(loader, "regex", _NoCompiling)
    rebuilt = loader.heading_rules()
    loader.heading_rules.cache_clear()  # the next test sees patterns this one compiled
    assert [r.pattern.pattern for r in rebuilt] == [r.pattern.pattern for r in compiled]
    assert [cache._reduced(r.pattern)[1] for r in rebuilt] == [cache._reduced(r.pattern)[1] for r in compiled]
    arabic = next(r.pattern for r in rebuilt if r.name == "arabic-dot")
    m = arabic.match("12. 优化审批")
    assert m is not None and (m.group("no"), m.group("title")) == ("12", "优化审批")


def test_a_rebuilt_pattern_is_checked_as_a_compiled_one(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _compiled_in_a_run(monkeypatch, r"^(?P<no>\d+)、", "headings.yaml")
    _fresh_run(monkeypatch)
    monkeypatch.setattr(loader, "regex", _NoCompiling)
    with pytest.raises(RuleError, match=r"rules/headings.yaml: k: pattern lacks group\(s\) title"):
        loader.compile_pattern(r"^(?P<no>\d+)、", file="headings.yaml", key="k", groups=("no", "title"))
    monkeypatch.undo()
    _fresh_run(monkeypatch)
    with pytest.raises(RuleError, match=r"k: bad pattern '\(\?P<no>': missing \)"):
        loader.compile_pattern("(?P<no>", file="headings.yaml", key="k")
    loader.PATTERNS.save()
    assert "(?P<no>" not in json.loads(next(cache_home.glob("patterns-*.json")).read_text(encoding="utf-8"))


def test_a_damaged_pattern_file_only_means_compiling(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _compiled_in_a_run(monkeypatch, r"(?P<year>\d{4})年", "deadlines.yaml")
    (path,) = cache_home.glob("patterns-*.json")
    path.write_text(json.dumps({r"(?P<year>\d{4})年": [1, "zz", {}, 0, [], 0, 1]}), encoding="utf-8")
    assert cache.CompiledPatterns().get(r"(?P<year>\d{4})年") is None  # bad code: not rebuilt
    path.write_bytes(b'{"(?P<year>')  # cut short
    store = _fresh_run(monkeypatch)
    assert store.get(r"(?P<year>\d{4})年") is None
    m = loader.compile_pattern(r"(?P<year>\d{4})年", file="deadlines.yaml", key="k").search("2022年底")
    assert m is not None and m.group("year") == "2022"


def test_the_pattern_cache_can_be_turned_off(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("YBHJ_RULE_CACHE", "0")
    _compiled_in_a_run(monkeypatch, r"\d+", "deadlines.yaml")
    assert not cache_home.exists()


def test_rule_files_are_read_beside_the_loader_or_as_package_resources(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    beside = loader._rule_bytes("headings.yaml")
    assert b"\nheadings:\n" in beside
    monkeypatch.setattr(loader, "__file__", "/nonexistent/ybhj_parse/rules/loader.py")  # a zipped package
    assert loader._rule_bytes("headings.yaml") == beside
