"""The ``ybhj-parse`` command: a thin layer over the library.

Exit codes, for scripts: 0 success; 1 the data has errors (or warnings, with
--strict) or validation failed; 2 the input or the command line is unusable.
Heavy modules (pydantic, rich, yaml) are imported inside the commands so
that ``ybhj-parse --help`` starts fast.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from ybhj_parse import __version__
from ybhj_parse.source.limits import MAX_INPUT_BYTES

if TYPE_CHECKING:
    from ybhj_parse.model.records import Dataset
    from ybhj_parse.records.trace import Trace

FORMAT_CHOICES = ("json", "yaml", "csv")
KIND_CHOICES = ("task_list", "notice")
DEFAULT_DATA_DIR = Path("data/out")

EXAMPLES = """
\b
Examples:
  ybhj-parse extract data/raw/ezhou-2022-key-tasks.txt
  ybhj-parse extract list.txt --format csv -o list.csv
  ybhj-parse extract data/raw/*.txt --out-dir data/out
  ybhj-parse extract plan.txt --explain     # layout, rules fired, lines not used
  cat list.txt | ybhj-parse extract - --format yaml
  ybhj-parse validate                 # every dataset in data/out/
  ybhj-parse schemas --out-dir schemas
"""


@click.group(
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100}, epilog=EXAMPLES
)
@click.version_option(__version__, prog_name="ybhj-parse")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Turn Chinese business-environment (营商环境) task lists and notices into validated data.

    Every task comes out with its section and measure (carried forward from
    merged cells), its lead and responsible units split into lists, its
    deadline read into a date and flags, and the source line of each value.
    """
    ctx.call_on_close(_handle_signals())


# SIGINT and SIGTERM end a run with 128 + the signal's number (130, 143), as a shell reports
# them, after removing the temporary files not yet renamed into place.
_SIGNALS = ("SIGINT", "SIGTERM", "SIGHUP")


def _on_signal(signum: int, _frame: object) -> None:
    from ybhj_parse.output.writers import remove_pending_temps

    remove_pending_temps()
    raise SystemExit(128 + signum)


def _handle_signals() -> Callable[[], None]:
    """Install the handlers; return what puts the previous ones back (tests run in-process)."""
    import signal

    previous: dict[int, Any] = {}
    for name in _SIGNALS:
        number = getattr(signal, name, None)
        if number is None:
            continue
        with contextlib.suppress(ValueError, OSError):  # not the main thread: leave the defaults
            previous[number] = signal.signal(number, _on_signal)

    def restore() -> None:
        for number, handler in previous.items():
            signal.signal(number, handler)

    return restore


def _stem(path: str) -> str:
    return "stdin" if path == "-" else Path(path).stem


# Characters that must not reach a terminal raw from a file name or a cell: controls (a
# newline would forge a diagnostic line, ESC would drive the terminal), format characters
# (bidirectional overrides reorder what is shown) and the Unicode line separators.
def printable(text: str) -> str:
    """``text`` with every control, format or line-separator character written as an escape."""
    import unicodedata

    out = []
    for char in text:
        if unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp", "Cs"):
            out.append(char.encode("unicode_escape", "backslashreplace").decode("ascii"))
        else:
            out.append(char)
    return "".join(out)


def say(line: str) -> None:
    """One line on stderr, escaped; a closed or broken stderr loses the line, never the run."""
    stream = sys.stderr
    if stream is None:
        return
    try:
        stream.write(printable(line) + "\n")
        stream.flush()
    except (OSError, ValueError):
        _silence(stream)


def _silence(stream: object) -> None:
    """Point a stream that failed at /dev/null, so Python's flush at exit fails no more."""
    fileno = getattr(stream, "fileno", None)
    with contextlib.suppress(OSError, ValueError):
        if fileno is not None:
            os.dup2(os.open(os.devnull, os.O_WRONLY), fileno())


def _echo_diagnostics(dataset: Dataset, shown: str, *, verbose: bool) -> None:
    for d in dataset.diagnostics:
        if d.severity == "info" and not verbose:
            continue
        where = f"{shown}:{d.line}" if d.line is not None else shown
        say(f"{where}: {d.severity}[{d.code}]: {d.message}")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _summary(dataset: Dataset, shown: str) -> str:
    doc = dataset.document
    warnings = sum(d.severity == "warning" for d in dataset.diagnostics)
    errors = sum(d.severity == "error" for d in dataset.diagnostics)
    if doc.kind == "notice":
        items = len(dataset.pilot_items or [])
        body = f"notice, {items} pilot items"
        if dataset.completeness and dataset.completeness.declared_total is not None:
            body += f" of {dataset.completeness.declared_total} declared"
    else:
        c = doc.counts
        body = f"task list ({doc.layout}), {c.tasks} tasks, {c.sections} sections, {c.measures} measures"
    return f"{shown}: {body}; {_plural(errors, 'error')}, {_plural(warnings, 'warning')}"


def _fail(message: str) -> NoReturn:
    say(f"error: {message}")
    sys.exit(2)


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


def _refuse_unsafe_targets(files: tuple[str, ...], output: str | None, out_dir: str | None) -> None:
    """Before reading anything: no output may replace an input (by any of its names, stdin
    included), no output may be a device or FIFO, and no two inputs may share outputs."""
    from ybhj_parse.errors import OutputError
    from ybhj_parse.output.writers import check_target

    inputs = {_identity(f) if f != "-" else _stdin_identity() for f in files} - {None}
    targets = [Path(output)] if output and output != "-" else []
    if out_dir:
        if Path(out_dir).exists() and not Path(out_dir).is_dir():
            _fail(f"{out_dir}: is not a directory; --out-dir names a folder")
        stems: dict[str, str] = {}
        for name in files:
            stem = _stem(name)
            if stem in stems and stems[stem] != name:
                _fail(
                    f"{stems[stem]} and {name} would both be written as {Path(out_dir) / stem}.*; rename one"
                )
            stems[stem] = name
        targets += [Path(out_dir) / f"{stem}.{ext}" for stem in stems for ext in FORMAT_CHOICES]
    clash = next((t for t in targets if _identity(t) in inputs), None)
    if clash is not None:
        _fail(f"{clash}: refusing to overwrite the input file with the output")
    for target in targets:
        try:
            check_target(target)
        except OutputError as exc:
            _fail(str(exc))


def _write_stdout(text: str) -> None:
    """Write the data to stdout; a reader that went away is no error, a full or closed stdout is."""
    stream = sys.stdout
    if stream is None:
        _fail("<stdout>: standard output is closed; use -o FILE")
    try:
        stream.buffer.write(text.encode("utf-8", errors="backslashreplace"))
        stream.flush()
    except BrokenPipeError:
        # The reader went away (ybhj-parse extract … | head): not an error.
        _silence(stream)
    except (OSError, ValueError) as exc:
        _silence(stream)
        _fail(f"<stdout>: cannot be written ({getattr(exc, 'strerror', None) or exc})")


def _read_one(name: str, options: dict[str, Any], trace: Trace | None) -> Dataset:
    from ybhj_parse.api import parse_bytes, parse_file
    from ybhj_parse.source.text import read_stream

    if name == "-":
        data = read_stream(sys.stdin.buffer if sys.stdin is not None else None, limit=options["max_bytes"])
        return parse_bytes(data, path=None, encoding=options["encoding"], kind=options["kind"], trace=trace)
    return parse_file(
        name, encoding=options["encoding"], kind=options["kind"], trace=trace, max_bytes=options["max_bytes"]
    )


@main.command()
@click.argument("files", nargs=-1, required=True)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(FORMAT_CHOICES),
    default="json",
    show_default=True,
    help="Output format for stdout or -o.",
)
@click.option("-o", "--output", help="Write to this file (atomically) instead of stdout.")
@click.option("--out-dir", help="Write NAME.json, NAME.yaml and NAME.csv for each input into this folder.")
@click.option(
    "--kind", type=click.Choice(KIND_CHOICES), help="Skip detection: parse as this kind of document."
)
@click.option("--encoding", help="Input encoding (default: a BOM decides, else UTF-8, else GB18030).")
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=MAX_INPUT_BYTES,
    show_default=True,
    help="Refuse an input larger than this.",
)
@click.option("--strict", is_flag=True, help="Exit 1 when any warning is reported, not only errors.")
@click.option("-v", "--verbose", is_flag=True, help="Also print info diagnostics.")
@click.option("-q", "--quiet", is_flag=True, help="Print no diagnostics or summary on stderr.")
@click.option(
    "--explain",
    is_flag=True,
    help="Print how each file was read (layout, rules fired, lines not consumed) instead of the data; "
    "with -o or --out-dir the data is written too.",
)
def extract(
    files: tuple[str, ...],
    fmt: str,
    output: str | None,
    out_dir: str | None,
    kind: str | None,
    encoding: str | None,
    max_bytes: int,
    strict: bool,
    verbose: bool,
    quiet: bool,
    explain: bool,
) -> None:
    """Extract tasks from FILE... (- reads stdin) as JSON, YAML or CSV.

    Diagnostics go to stderr as FILE:LINE: severity[code]: message; the data
    goes to stdout, to -o FILE, or to --out-dir (all three formats).
    """
    from ybhj_parse.errors import YbhjError
    from ybhj_parse.output.report import EXIT_INPUT, ExtractReport
    from ybhj_parse.output.writers import atomic_write, atomic_write_all, render
    from ybhj_parse.records.trace import Trace

    if output and out_dir:
        raise click.UsageError("use either -o/--output or --out-dir, not both")
    _refuse_unsafe_targets(files, output, out_dir)

    from ybhj_parse.model.diagnostics import ErrorLevel

    options = {"encoding": encoding, "kind": kind, "max_bytes": max_bytes}
    report = ExtractReport(level=ErrorLevel.STRICT if strict else ErrorLevel.ERROR)
    datasets = report.datasets
    try:
        for name in files:
            shown = "<stdin>" if name == "-" else name
            trace = Trace() if explain else None
            try:
                dataset = _read_one(name, options, trace)
            except YbhjError as exc:
                say(f"error: {exc}")
                report.failures.append(str(exc))
                continue
            if not quiet:
                _echo_diagnostics(dataset, shown, verbose=verbose)
                say(_summary(dataset, shown))
            if trace is not None:
                from ybhj_parse.output.explain import explain as print_explanation

                print_explanation(dataset, trace, shown)
            datasets.append(dataset)
            if out_dir:
                # The three files of one input are written all or none.
                atomic_write_all(
                    [(Path(out_dir) / f"{_stem(name)}.{ext}", render(ext, dataset)) for ext in FORMAT_CHOICES]
                )

        if datasets and not out_dir and not (explain and not output):
            try:
                text = render(fmt, datasets[0] if len(datasets) == 1 else datasets)
            except ValueError as exc:
                raise click.UsageError(str(exc)) from None
            if output and output != "-":
                atomic_write(output, text)
            else:
                _write_stdout(text)
    except YbhjError as exc:  # an output that cannot be written: stop, the earlier files are whole
        say(f"error: {exc}")
        sys.exit(EXIT_INPUT)
    sys.exit(report.return_code)


@main.command()
@click.argument("paths", nargs=-1)
@click.option("-q", "--quiet", is_flag=True, help="Print only the problems, no summary.")
def validate(paths: tuple[str, ...], quiet: bool) -> None:
    """Check datasets (.json, .yaml, .csv files or folders; default: data/out/).

    Each file is checked against the models and the integrity rules: task
    numbers unique and contiguous, at least one lead unit per task, real
    dates, document counts equal to the records.  Problems are printed as
    FILE: RECORD: FIELD: message.  Exit 0 when clean, 1 when not, 2 for a
    path that cannot be checked.
    """
    from ybhj_parse.output.validate import UsageError, validate_paths

    try:
        report = validate_paths(paths or [DEFAULT_DATA_DIR])
    except UsageError as exc:
        _fail(str(exc))
    if not report.files:
        _fail("no .json, .yaml or .csv file to check")
    _write_stdout("".join(f"{printable(f'{problem.severity}: {problem}')}\n" for problem in report.problems))
    if not quiet:
        from rich.console import Console

        console = Console(stderr=True, highlight=False)
        status = "[red]failed[/red]" if report.errors else "[green]ok[/green]"
        console.print(
            f"{len(report.files)} files checked: {len(report.errors)} errors, "
            f"{len(report.warnings)} warnings — {status}"
        )
    sys.exit(report.return_code)


@main.command()
@click.option("--out-dir", type=click.Path(file_okay=False), default="schemas", show_default=True)
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if the files differ from the models.")
def schemas(out_dir: str, check: bool) -> None:
    """Generate the JSON Schema files of the data models."""
    from ybhj_parse.output.schemas import drifted, write_schemas

    if check:
        stale = drifted(out_dir)
        for name in stale:
            click.echo(f"{Path(out_dir) / name}: differs from the models (run: ybhj-parse schemas)", err=True)
        sys.exit(1 if stale else 0)
    from ybhj_parse.errors import OutputError

    try:
        written = write_schemas(out_dir)
    except OutputError as exc:
        _fail(str(exc))
    for path in written:
        click.echo(f"wrote {path}", err=True)
