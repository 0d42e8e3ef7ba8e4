"""Streams, signals and output files: every case of tests/faults/streams/shell.yaml, run as a process.

What a shell does to a command (closing or filling its streams, feeding it its own
output file, stopping it) cannot happen inside the test process, so each case is a
bash script run in a fresh folder:

    shell: "{ybhj} extract {seed} >&-"   the script; {ybhj} runs the command, {seed} is the
                                         task list seed, {tmp} the case's folder
    signal: TERM | INT                   instead of a script: run ``command`` with its stdin held
    command: [extract, "-"]              open, send the signal once it waits, and check the exit
    expect:
      exit: 2                            the script's (or the command's) exit code
      stderr: |                          exactly, with {tmp} and {seed} for the paths
      stdout: ""                         exactly (when given)
      files: {out.json: {tasks: 154, mode: "640"}, in.txt: {same_as_seed: true}, x: {exists: false}}
      only_files: [in.txt]               the folder holds exactly these afterwards (no temp file left)
"""

from __future__ import annotations

import io
import json
import os
import re
import shlex
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import TASK_LIST

CASES_FILE = Path(__file__).resolve().parent / "faults" / "streams" / "shell.yaml"
CASES: list[dict[str, Any]] = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))
YBHJ = f"{shlex.quote(sys.executable)} -m ybhj_parse"
# Long enough for the interpreter to import the command and wait on its stdin.
SETTLE_SECONDS = 2.5


def _fill(text: str, tmp: Path) -> str:
    """The placeholders filled; ``{C*N}`` is C repeated N times (a long file name)."""
    text = text.replace("{ybhj}", YBHJ).replace("{seed}", str(TASK_LIST)).replace("{tmp}", str(tmp))
    return re.sub(r"\{(.)\*(\d+)\}", lambda m: m.group(1) * int(m.group(2)), text)


def _run_script(case: dict[str, Any], tmp: Path) -> subprocess.CompletedProcess[str]:
    script = _fill(case["shell"], tmp)
    return subprocess.run(["bash", "-c", script], cwd=tmp, capture_output=True, text=True, timeout=60)


def _run_signalled(case: dict[str, Any], tmp: Path) -> subprocess.CompletedProcess[str]:
    number = getattr(signal, f"SIG{case['signal']}")
    with subprocess.Popen(
        [sys.executable, "-m", "ybhj_parse", *case["command"]],
        cwd=tmp,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as process:
        time.sleep(SETTLE_SECONDS)
        process.send_signal(number)
        out, err = process.communicate(timeout=30)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def _check_file(path: Path, want: dict[str, Any]) -> None:
    if not want.get("exists", True):
        assert not path.exists(), f"{path.name} should not exist"
        return
    assert path.is_file(), f"{path.name} is missing"
    if "tasks" in want:
        assert len(json.loads(path.read_text(encoding="utf-8"))["tasks"]) == want["tasks"]
    if "mode" in want:
        assert f"{stat.S_IMODE(path.stat().st_mode):o}" == want["mode"]
    if want.get("same_as_seed"):
        assert path.read_bytes() == TASK_LIST.read_bytes()


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_stream_case(case: dict[str, Any], tmp_path: Path) -> None:
    result = _run_signalled(case, tmp_path) if "signal" in case else _run_script(case, tmp_path)
    expect = case["expect"]
    assert "Traceback" not in result.stderr, result.stderr
    assert result.stderr == _fill(expect.get("stderr", ""), tmp_path)
    if "stdout" in expect:
        assert result.stdout == _fill(expect["stdout"], tmp_path)
    assert result.returncode == expect["exit"]
    for name, want in expect.get("files", {}).items():
        _check_file(tmp_path / _fill(name, tmp_path), want)
    if "only_files" in expect:
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(expect["only_files"])


# ---- what no shell can time: a signal while a temporary file is being written ---------------


def test_a_signal_during_a_write_removes_the_temporary_file(tmp_path: Path) -> None:
    from ybhj_parse.output.writers import PENDING_TEMPS, build_temp
    from ybhj_parse.run.command import handle_signals as _handle_signals

    def interrupted(tmp: Path) -> None:
        tmp.write_text("half of the output", encoding="utf-8")
        os.kill(os.getpid(), signal.SIGTERM)  # the handler raises SystemExit(143) here

    restore = _handle_signals()
    try:
        with pytest.raises(SystemExit) as stopped:
            build_temp(tmp_path / "tasks.json", interrupted)
    finally:
        restore()
    assert stopped.value.code == 143
    assert list(tmp_path.iterdir()) == []
    assert set() == PENDING_TEMPS


def test_out_dir_writes_all_files_of_an_input_or_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from ybhj_parse.cli import main
    from ybhj_parse.errors import OutputError
    from ybhj_parse.output import writers

    real = writers.format_temp

    def disk_full_on_csv(fmt: str, *args: Any, **kwargs: Any) -> str:
        if fmt == "csv":
            raise OutputError("cannot be written (No space left on device)", path=str(args[1]))
        return real(fmt, *args, **kwargs)

    monkeypatch.setattr(writers, "format_temp", disk_full_on_csv)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main,
        ["extract", "-q", str(TASK_LIST), "--out-dir", str(out), "-f", "json", "-f", "csv", "-f", "yaml"],
    )
    assert result.exit_code == 2
    assert (
        result.stderr == f"error: {out / TASK_LIST.stem}.csv: cannot be written (No space left on device)\n"
    )
    # Not the JSON file alone, and no temporary file (the folder's datapackage.json names no CSV).
    assert sorted(p.name for p in out.iterdir() if p.name != "datapackage.json") == []


def test_a_permission_error_is_one_line_not_usage_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As a user who may not read the files (root reads anything, so the OS's refusal is simulated:
    os.access says no, as click's path check asked, and opening fails)."""
    from click.testing import CliRunner

    from ybhj_parse.cli import main

    text, data = tmp_path / "locked.txt", tmp_path / "locked.json"
    text.write_bytes(TASK_LIST.read_bytes())
    data.write_text("{}", encoding="utf-8")
    real_open = os.open

    def refuse(name: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if Path(name) in (text, data):
            raise PermissionError(13, "Permission denied", str(name))
        return real_open(name, flags, *args, **kwargs)

    monkeypatch.setattr(os, "access", lambda *args, **kwargs: False)
    monkeypatch.setattr(os, "open", refuse)
    extracted = CliRunner().invoke(main, ["extract", str(text)])
    assert (extracted.exit_code, extracted.stderr) == (2, f"error: {text}: permission denied\n")
    validated = CliRunner().invoke(main, ["validate", "-q", str(data)])
    assert (validated.exit_code, validated.stdout) == (
        1,
        f"error: {data}: file: -: cannot be read (Permission denied)\n",
    )


# ---- the quick end of the process ------------------------------------------------------------


def test_the_quick_end_waits_for_nothing_left_undone(monkeypatch: pytest.MonkeyPatch) -> None:
    import atexit
    import threading

    from ybhj_parse import cli
    from ybhj_parse.output import writers

    monkeypatch.setattr(atexit, "_ncallbacks", lambda: 0)  # the test runner registers its own
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    assert cli._nothing_left_to_do()
    monkeypatch.setattr(threading, "active_count", lambda: 2)
    assert not cli._nothing_left_to_do()  # a thread still running
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    monkeypatch.setattr(atexit, "_ncallbacks", lambda: 1)
    assert not cli._nothing_left_to_do()  # an exit handler to run
    monkeypatch.setattr(atexit, "_ncallbacks", lambda: 0)
    monkeypatch.setattr(writers, "PENDING_TEMPS", {"tasks.json.tmp"})
    assert not cli._nothing_left_to_do()  # a temporary file not yet renamed into place
    monkeypatch.setattr(writers, "PENDING_TEMPS", set())

    class Full(io.StringIO):
        def flush(self) -> None:
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(sys, "stdout", Full())
    assert not cli._nothing_left_to_do()  # a flush that fails is reported by Python's own exit


def test_an_exit_handler_still_runs_and_the_exit_code_stays() -> None:
    script = (
        "import atexit, sys; atexit.register(lambda: print('handler ran'));"
        f" sys.argv = ['ybhj-parse', 'extract', '-q', {str(TASK_LIST)!r}, '--kind', 'notice'];"
        " from ybhj_parse.cli import run; run()"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.stdout.endswith("handler ran\n")
    assert (done.returncode, done.stderr[:7]) == (2, "error: ")


def test_the_entry_point_turns_the_collector_back_on_after_the_imports() -> None:
    script = (
        "import atexit, gc, sys;"
        " atexit.register(lambda: print('collector', gc.isenabled(), gc.get_freeze_count() > 0));"
        " sys.argv = ['ybhj-parse', '--version']; from ybhj_parse.__main__ import run; run()"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout) == (0, "ybhj-parse, version 0.1.0\ncollector True True\n")
