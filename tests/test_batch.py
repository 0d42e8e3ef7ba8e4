"""Batches: files, folders and list files in; worker processes; the same bytes as a serial run."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import ybhj_parse
from conftest import NOTICE, TASK_LIST
from ybhj_parse.cli import main
from ybhj_parse.output.writers import to_json
from ybhj_parse.run.batch import ExtractOptions, chunks, expand_inputs, extract_all


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A folder of documents: two task lists and a notice in sub-folders, a damaged file, and
    files that are not documents (a note, a hidden copy, an output file)."""
    root = tmp_path / "corpus"
    (root / "2022" / "ezhou").mkdir(parents=True)
    (root / "2023").mkdir()
    (root / ".cache").mkdir()
    shutil.copyfile(TASK_LIST, root / "2022" / "ezhou" / "list-a.txt")
    shutil.copyfile(TASK_LIST, root / "2022" / "list-b.TXT")
    shutil.copyfile(NOTICE, root / "2023" / "notice.txt")
    (root / "2023" / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    (root / "2023" / "readme.md").write_text("# notes\n", encoding="utf-8")
    shutil.copyfile(TASK_LIST, root / ".cache" / "hidden.txt")
    shutil.copyfile(TASK_LIST, root / "2023" / ".draft.txt")
    return root


def test_a_folder_is_walked_for_its_documents_in_path_order(corpus):
    assert [Path(p).relative_to(corpus).as_posix() for p in expand_inputs([str(corpus)])] == [
        "2022/ezhou/list-a.txt",
        "2022/list-b.TXT",
        "2023/broken.txt",
        "2023/notice.txt",
    ]


def test_files_from_a_list(corpus, tmp_path):
    listing = tmp_path / "files.lst"
    listing.write_text(f"{corpus / '2023' / 'notice.txt'}\n\n{corpus / '2022'}\n", encoding="utf-8")
    names = expand_inputs([str(corpus / "2023" / "broken.txt")], str(listing))
    assert [Path(p).name for p in names] == ["broken.txt", "notice.txt", "list-a.txt", "list-b.TXT"]


def test_a_missing_list_is_one_clear_error(tmp_path):
    result = CliRunner().invoke(main, ["extract", "--files-from", str(tmp_path / "none.lst")])
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"error: {tmp_path / 'none.lst'}: cannot read the list of files (No such file or directory)\n"
    )


THREE = ["-f", "json", "-f", "yaml", "-f", "csv"]


def _run(args: list[str]):
    result = CliRunner().invoke(main, ["extract", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_one_bad_file_is_reported_and_the_others_extracted(corpus, tmp_path):
    result = _run([str(corpus), "--out-dir", str(tmp_path / "out"), "--jobs", "2", *THREE])
    assert result.exit_code == 2  # the worst: an input that cannot be read
    broken = corpus / "2023" / "broken.txt"
    summary = "task list (cell-per-line), 154 tasks, 28 sections, 52 measures; 0 errors, 0 warnings"
    notice = corpus / "2023" / "notice.txt"
    assert result.stderr == (
        f"{corpus / '2022' / 'ezhou' / 'list-a.txt'}: {summary}\n"
        f"{corpus / '2022' / 'list-b.TXT'}: {summary}\n"
        f"error: {broken}: not a text file: this looks like a PNG image\n"
        f"{notice}:17: warning[items-missing]: the body declares 36 items but the table lists 17:"
        " missing 1–3、8–10、16–28\n"
        f"{notice}: notice, 17 pilot items of 36 declared; 0 errors, 1 warning\n"
    )
    assert sorted(_tree(tmp_path / "out")) == [
        "datapackage.json",
        *(f"{stem}.{ext}" for stem in ("list-a", "list-b", "notice") for ext in ("csv", "json", "yaml")),
    ]


def test_two_workers_write_and_print_what_one_process_does(corpus, tmp_path):
    serial = _run([str(corpus), "--out-dir", str(tmp_path / "one"), "--jobs", "1", "-v"])
    parallel = _run([str(corpus), "--out-dir", str(tmp_path / "two"), "--jobs", "2", "-v"])
    assert "xlsx" in {name.rsplit(".", 1)[1] for name in _tree(tmp_path / "one")}  # every format
    assert (parallel.exit_code, parallel.stderr) == (serial.exit_code, serial.stderr)
    assert _tree(tmp_path / "two") == _tree(tmp_path / "one")
    assert len(_tree(tmp_path / "one")) == 3 * 6 + 1  # three documents in six formats, a data package


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_two_workers_stream_what_one_process_does(corpus, fmt):
    folder = str(corpus / "2022")
    serial = _run([folder, str(corpus / "2023" / "notice.txt"), "-f", fmt, "-j", "1"])
    parallel = _run([folder, str(corpus / "2023" / "notice.txt"), "-f", fmt, "-j", "2"])
    assert parallel.stdout == serial.stdout
    datasets = [
        ybhj_parse.parse_file(p) for p in expand_inputs([folder, str(corpus / "2023" / "notice.txt")])
    ]
    from ybhj_parse.output.writers import render

    assert serial.stdout == render(fmt, datasets)


def test_spawned_workers_give_the_same_outcomes(corpus):
    names = expand_inputs([str(corpus)])
    options = ExtractOptions(verbose=True, keep_data=True)
    serial = list(extract_all(names, options, jobs=1))
    spawned = list(extract_all(names, options, jobs=2, context="spawn"))
    assert [(o.name, o.messages, o.code) for o in spawned] == [(o.name, o.messages, o.code) for o in serial]
    assert [o.dataset for o in spawned] == [o.dataset for o in serial]
    assert [o.code for o in serial] == [0, 0, 2, 0]


def test_a_dataset_survives_pickling():
    for path in (TASK_LIST, NOTICE):
        dataset = ybhj_parse.parse_file(path)
        copy = pickle.loads(pickle.dumps(dataset))
        assert copy == dataset
        assert to_json(copy) == to_json(dataset)


def test_parsing_is_pure():
    """The same bytes give the same dataset, whatever was parsed before (no state carried over)."""
    data = TASK_LIST.read_bytes()
    first = ybhj_parse.parse_bytes(data, path="a.txt")
    ybhj_parse.parse_file(NOTICE)
    assert ybhj_parse.parse_bytes(data, path="a.txt") == first
    assert ybhj_parse.parse_text(data.decode("utf-8"), "a.txt").tasks == first.tasks


def test_out_dir_writes_only_the_format_named(corpus, tmp_path):
    result = _run([str(corpus / "2022"), "--out-dir", str(tmp_path / "out"), "-f", "json", "-q"])
    assert result.exit_code == 0
    assert sorted(_tree(tmp_path / "out")) == ["list-a.json", "list-b.json"]


def test_chunks_keep_the_order_and_shrink_to_single_files_at_the_end():
    names = [f"f{i}" for i in range(1000)]
    cut = list(chunks(names, 2))
    assert [name for chunk in cut for name in chunk] == names
    assert max(map(len, cut)) == 16 and all(cut)
    assert [len(chunk) for chunk in cut[-8:]] == [1] * 8  # the workers finish together


class _InlinePool:
    """A worker pool that runs each chunk when it is handed out, and records the hand-outs."""

    handed: list[list[str]] = []

    def __init__(self, max_workers: int, mp_context: object) -> None:
        type(self).handed = []

    def submit(self, fn, chunk, options):
        from concurrent.futures import Future

        self.handed.append(chunk)
        future: Future = Future()
        future.set_result(fn(chunk, options))
        return future

    def shutdown(self, wait: bool, cancel_futures: bool) -> None:
        pass


def test_a_batch_hands_out_a_few_chunks_ahead_not_the_whole_batch(monkeypatch, tmp_path):
    import concurrent.futures

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", _InlinePool)
    names = [str(tmp_path / f"missing-{i}.txt") for i in range(2000)]  # each a quick failure
    outcomes = extract_all(names, ExtractOptions(quiet=True), jobs=2)
    first = next(outcomes)
    assert len(_InlinePool.handed) == 5  # the one being yielded and two per worker
    rest = list(outcomes)
    assert [o.name for o in [first, *rest]] == names
    assert [name for chunk in _InlinePool.handed for name in chunk] == names


def _batch_stderr(corpus: Path, monkeypatch, *, terminal: bool, args: list[str]) -> str:
    from ybhj_parse.run import batch

    monkeypatch.setattr(batch, "stderr_is_terminal", lambda: terminal)
    return _run([str(corpus), "--jobs", "1", "-f", "json", *args]).stderr


def test_a_batch_on_a_terminal_shows_a_progress_bar(corpus, monkeypatch):
    stderr = _batch_stderr(corpus, monkeypatch, terminal=True, args=[])
    assert "extracting" in stderr and "4/4" in stderr
    assert "notice, 17 pilot items of 36 declared" in stderr  # the messages print above it


@pytest.mark.parametrize(
    ("terminal", "args", "files"),
    [(False, [], 4), (True, ["--quiet"], 4), (True, [], 3)],
    ids=["piped", "quiet", "few-files"],
)
def test_no_progress_bar_when_piped_quiet_or_for_a_few_files(corpus, monkeypatch, terminal, args, files):
    if files < 4:
        (corpus / "2023" / "broken.txt").unlink()
    stderr = _batch_stderr(corpus, monkeypatch, terminal=terminal, args=args)
    assert "extracting" not in stderr and "\x1b[" not in stderr
    assert ("list-b.TXT: task list" in stderr) is not bool(args)
