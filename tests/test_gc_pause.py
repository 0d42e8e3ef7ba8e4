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


def _collector_states(monkeypatch, module, name):
    """The collector's state each time ``module.name`` is called, in a list filled as it runs."""
    seen = []
    real = getattr(module, name)

    def spy(*args, **kwargs):
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, spy)
    return seen


@pytest.mark.parametrize("whole_process", [False, True])
def test_a_one_file_extract_pauses_the_collector(whole_process, restore_gc, monkeypatch):
    """Paused for the one file; turned on again after, unless the command is the whole process
    (its end follows, and a last pass over everything it made would be wasted)."""
    from click.testing import CliRunner

    from ybhj_parse import cli

    monkeypatch.setattr(cli, "_WHOLE_PROCESS", whole_process)
    seen = _collector_states(monkeypatch, api, "_parse")
    gc.enable()
    result = CliRunner().invoke(cli.main, ["extract", "-q", str(TASK_LIST)])
    assert result.exit_code == 0 and seen == [False]
    assert gc.isenabled() is not whole_process


def test_several_files_keep_the_collector_between_their_parses(tmp_path, restore_gc, monkeypatch):
    from click.testing import CliRunner

    from ybhj_parse import cli
    from ybhj_parse.run import batch

    monkeypatch.setattr(cli, "_WHOLE_PROCESS", True)
    seen = _collector_states(monkeypatch, batch, "extract_one")
    gc.enable()
    result = CliRunner().invoke(
        cli.main, ["extract", "-q", "-j", "1", str(TASK_LIST), str(TASK_LIST), "-o", str(tmp_path / "a.json")]
    )
    assert result.exit_code == 0 and seen == [True, True]
    assert gc.isenabled()
