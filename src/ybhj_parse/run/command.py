"""What a command does around the library: signals, streams, safe targets, the output's format.

The command line (``cli.py``) parses the arguments and shows the help; everything it then
does to the process and its files is here: the signal handlers that remove temporary files,
the lines on stderr and the data on stdout (a reader that went away is no error), the
refusal of an output that would replace an input or a device, the one format of stdout or
``-o FILE`` (from :data:`ybhj_parse.output.WRITERS`), and the writing of the data once every
file is extracted.  A problem of the command line is a :class:`UsageProblem`.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from ybhj_parse.errors import OutputError, UsageProblem, YbhjError
from ybhj_parse.output import WRITERS, folder_writers, format_names

if TYPE_CHECKING:
    from ybhj_parse.model.records import Dataset
    from ybhj_parse.run.batch import ExtractOptions

# SIGINT and SIGTERM end a run with 128 + the signal's number (130, 143), as a shell reports
# them, after removing the temporary files not yet renamed into place.
SIGNALS = ("SIGINT", "SIGTERM", "SIGHUP")


def _on_signal(signum: int, _frame: object) -> None:
    from ybhj_parse.output.writers import remove_pending_temps

    remove_pending_temps()
    raise SystemExit(128 + signum)


def handle_signals() -> Callable[[], None]:
    """Install the handlers; return what puts the previous ones back (tests run in-process)."""
    import signal

    previous: dict[int, Any] = {}
    for name in SIGNALS:
        number = getattr(signal, name, None)
        if number is None:
            continue
        if signal.getsignal(number) == signal.SIG_IGN:
            continue  # ignored by whoever started the run (nohup, a background job): stays ignored
        with contextlib.suppress(ValueError, OSError):  # not the main thread: leave the defaults
            previous[number] = signal.signal(number, _on_signal)

    def restore() -> None:
        for number, handler in previous.items():
            signal.signal(number, handler)

    return restore


# ---- streams ---------------------------------------------------------------------------------


def say(line: str) -> None:
    """One line on stderr, escaped; a closed or broken stderr loses the line, never the run."""
    stream = sys.stderr
    if stream is None:
        return
    from ybhj_parse.source.textnorm import printable

    try:
        stream.write(printable(line) + "\n")
        stream.flush()
    except (OSError, ValueError):
        silence(stream)


def silence(stream: object) -> None:
    """Point a stream that failed at /dev/null, so Python's flush at exit fails no more."""
    fileno = getattr(stream, "fileno", None)
    with contextlib.suppress(OSError, ValueError):
        if fileno is not None:
            os.dup2(os.open(os.devnull, os.O_WRONLY), fileno())


def fail(message: str) -> NoReturn:
    """Say ``error: message`` and exit 2 (an input or the command line is unusable)."""
    say(f"error: {message}")
    sys.exit(2)


def write_stdout(text: str) -> None:
    """Write the data to stdout; a reader that went away is no error, a full or closed stdout is."""
    stream = sys.stdout
    if stream is None:
        fail("<stdout>: standard output is closed; use -o FILE")
    try:
        stream.buffer.write(text.encode("utf-8", errors="backslashreplace"))
        stream.flush()
    except BrokenPipeError:
        # The reader went away (ybhj-parse extract … | head): not an error.
        silence(stream)
    except (OSError, ValueError) as exc:
        silence(stream)
        fail(f"<stdout>: cannot be written ({getattr(exc, 'strerror', None) or exc})")


def read_stdin() -> bytes:
    """Standard input, within the input limit; exit 2 when it cannot be read."""
    from ybhj_parse.errors import InputError
    from ybhj_parse.source.text import read_stream

    try:
        return read_stream(sys.stdin.buffer if sys.stdin is not None else None)
    except InputError as exc:
        fail(str(exc))


# ---- safe targets ----------------------------------------------------------------------------


def _identity(path: str | Path) -> tuple[int, int] | None:
    """(device, inode) of an existing file, or None: two names of one file have the same."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino


def _stdin_identity() -> tuple[int, int] | None:
    try:
        info = os.fstat(sys.stdin.fileno()) if sys.stdin is not None else None
    except (OSError, ValueError):
        return None
    return (info.st_dev, info.st_ino) if info is not None and stat.S_ISREG(info.st_mode) else None


def folder_targets(files: Sequence[str], out_dir: str, formats: Sequence[str]) -> list[Path]:
    """The files ``--out-dir`` writes for ``files``; exit 2 when two inputs would share them."""
    if Path(out_dir).exists() and not Path(out_dir).is_dir():
        fail(f"{out_dir}: is not a directory; --out-dir names a folder")
    stems: dict[str, str] = {}
    for name in files:
        stem = "stdin" if name == "-" else Path(name).stem
        if stem in stems and stems[stem] != name:
            fail(f"{stems[stem]} and {name} would both be written as {Path(out_dir) / stem}.*; rename one")
        stems[stem] = name
    return [Path(out_dir) / f"{stem}{WRITERS[fmt].suffix}" for stem in stems for fmt in formats]


def refuse_unsafe_targets(
    files: Sequence[str], output: str | None, out_dir: str | None, formats: Sequence[str]
) -> None:
    """Before reading anything: no output may replace an input (by any of its names, stdin
    included), no output may be a device or FIFO, and no two inputs may share outputs."""
    from ybhj_parse.output.writers import check_target

    inputs = {_identity(f) if f != "-" else _stdin_identity() for f in files} - {None}
    targets = [Path(output)] if output and output != "-" else []
    if out_dir:
        targets += folder_targets(files, out_dir, formats)
    clash = next((t for t in targets if _identity(t) in inputs), None)
    if clash is not None:
        fail(f"{clash}: refusing to overwrite the input file with the output")
    for target in targets:
        try:
            check_target(target)
        except OutputError as exc:
            fail(str(exc))


# ---- the output ------------------------------------------------------------------------------


def folder_formats(formats: Sequence[str]) -> tuple[str, ...]:
    """The formats --out-dir writes: those named (once each), else every one."""
    return tuple(dict.fromkeys(formats)) if formats else format_names()


def output_format(formats: Sequence[str], output: str | None) -> str:
    """The one format of stdout or -o FILE: the one given, else the file's extension, else JSON."""
    from ybhj_parse.output.writers import format_of

    to_file = bool(output and output != "-")
    if len(formats) > 1:
        raise UsageProblem("several --format options need --out-dir; stdout and -o take one")
    named = format_of(output) if output and to_file else None
    if formats and named and formats[0] != named:
        raise UsageProblem(f"--format {formats[0]} does not match the extension of {output} ({named})")
    fmt = formats[0] if formats else named
    if fmt is None and to_file:
        raise UsageProblem(f"cannot tell the format of {output} from its extension; give --format")
    fmt = fmt or "json"
    if WRITERS[fmt].binary and not to_file:
        raise UsageProblem(f"{fmt} is a binary format: write it to a file with -o FILE or --out-dir")
    return fmt


def write_output(fmt: str, datasets: list[Dataset], output: str | None, csv_headers: str) -> None:
    """The data in ``fmt`` to ``output`` (atomically) or to stdout (a streamed format line by line)."""
    from ybhj_parse.output.writers import stdout_pieces, write_format

    chosen: Dataset | list[Dataset] = datasets[0] if len(datasets) == 1 else datasets
    try:
        if output and output != "-":
            write_format(fmt, chosen, output, csv_headers=csv_headers)
        else:
            for piece in stdout_pieces(fmt, chosen, csv_headers=csv_headers):
                write_stdout(piece)
    except ValueError as exc:
        raise UsageProblem(str(exc)) from None


def write_folder(folder: Path, written: Sequence[str]) -> None:
    """What describes the folder as a whole (its Data Package), when the formats it needs were written."""
    from ybhj_parse import resolve

    for writer in folder_writers():
        if any(fmt in written for fmt in writer.needs):
            resolve(writer.file or writer.text or "")(folder)


@contextlib.contextmanager
def collector_paused(pause: bool, *, whole_process: bool = False) -> Iterator[None]:
    """Pause the cyclic garbage collector while one file is extracted (then restore it as it was).

    The process ends once that file is written: the modules, rules and records it makes live
    to that end, and the collector's passes over them (~9 ms of a cold run) would reclaim
    nothing.  Several files keep it running between their parses (each parse pauses it
    itself), which keeps the memory of a long batch flat, in this process and in the workers
    it forks.  When the command is the whole process (``whole_process``) the collector stays
    off to the end: turned on again, it would first pass over everything the command made (~4 ms).
    """
    import gc

    paused = pause and gc.isenabled()
    if paused:
        gc.disable()
    try:
        yield
    finally:
        if paused and not whole_process:
            gc.enable()


def extract_files(
    names: tuple[str, ...], options: ExtractOptions, *, jobs: int | None, fmt: str | None, output: str | None
) -> int:
    """Extract the files, print their messages (or their explanations), write the data to stdout,
    ``output`` or the folder's data package; the exit code."""
    from ybhj_parse.run.batch import Progress, default_jobs, extract_all

    datasets: list[Dataset] = []
    code, written = 0, False
    with Progress(len(names), quiet=options.quiet) as progress:
        for outcome in extract_all(names, options, jobs=jobs or default_jobs()):
            progress.echo(outcome.messages)
            progress.advance()
            code, written = max(code, outcome.code), written or outcome.parsed
            if outcome.trace is not None and outcome.dataset is not None:
                from ybhj_parse.output.explain import explain as print_explanation

                print_explanation(outcome.dataset, outcome.trace, outcome.shown)
            if options.keep_data and outcome.dataset is not None:
                datasets.append(outcome.dataset)
    try:
        if options.out_dir and written:
            write_folder(Path(options.out_dir), options.formats)
        if datasets and fmt is not None:
            write_output(fmt, datasets, output, options.csv_headers)
    except UsageProblem:
        raise
    except YbhjError as exc:  # an output that cannot be written
        say(f"error: {exc}")
        return 2
    return code
