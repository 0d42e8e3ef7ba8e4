"""A parse pauses the cyclic garbage collector while it runs and leaves it as it found it."""

from __future__ import annotations

import gc

import pytest

import ybhj_parse
from conftest import TASK_LIST
from ybhj_parse import api
from ybhj_parse.errors import InputError


@pytest.fixture
def restore_gc():
    enabled = gc.isenabled()
    yield
    if enabled:
        gc.enable()
    else:
        gc.disable()


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_left_as_it_was(enabled, restore_gc):
    (gc.enable if enabled else gc.disable)()
    seen = []
    real = api._parse

    def spy(*args, **kwargs):
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    api._parse = spy
    try:
        dataset = ybhj_parse.parse_file(TASK_LIST)
    finally:
        api._parse = real
    assert len(dataset.tasks) == 154
    assert seen == [False]
    assert gc.isenabled() is enabled


def test_the_collector_is_resumed_after_a_failed_parse(tmp_path, restore_gc):
    gc.enable()
    with pytest.raises(InputError):
        ybhj_parse.parse_file(tmp_path / "missing.txt")
    assert gc.isenabled()
