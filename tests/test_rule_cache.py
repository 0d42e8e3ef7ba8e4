"""The JSON cache of the rule files: a hit gives the data the YAML parser gave for the same
bytes, changed bytes miss, and a folder others could write to is never read."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest

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
