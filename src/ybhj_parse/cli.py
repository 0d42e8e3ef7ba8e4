"""The ``ybhj-parse`` command: a thin layer over the library.

Exit codes, for scripts: 0 success; 1 the data has errors (or warnings, with
--strict) or validation failed; 2 the input or the command line is unusable.
Heavy modules (pydantic, rich, yaml) are imported inside the commands so
that ``ybhj-parse --help`` starts fast.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import stat
import sys
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, NoReturn

import click

from ybhj_parse import __version__
from ybhj_parse.source.limits import MAX_INPUT_BYTES

if TYPE_CHECKING:
    from pathlib import Path

    from ybhj_parse.model.records import Dataset
    from ybhj_parse.run.batch import ExtractOptions

FORMAT_CHOICES = ("json", "yaml", "csv", "jsonl", "xlsx", "sqlite")  # output/writers.py FORMATS
KIND_CHOICES = ("task_list", "notice")
DEFAULT_DATA_DIR = "data/out"  # a string: pathlib is imported by the commands that use it
EXIT_CODES = """
\b
Exit codes:
  0  done, no errors in the data
  1  the data has errors (with --strict: or warnings)
  2  an input or the command line is unusable
"""

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
  ybhj-parse query --unit 市税务局      # what a unit owes, by when (data/out/)
  ybhj-parse stats                    # tasks by section, lead unit, due month
  ybhj-parse units --unknown data/out/*.json
  ybhj-parse COMMAND --help           # each command's options, examples and exit codes
"""


@click.group(
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog=EXAMPLES + EXIT_CODES,
)
@click.version_option(__version__, prog_name="ybhj-parse")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Turn Chinese business-environment (营商环境) task lists and notices into validated data.

    Every task comes out with its section and measure (carried forward from
    merged cells), its lead and responsible units split into lists, its
    deadline read into a date and flags, and the source line of each value.
    """
    # pydantic looks for plugins in every installed package's metadata; the commands use none.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    ctx.call_on_close(_handle_signals())


# True while a command runs as the whole process (run()): nothing follows it but the exit.
_WHOLE_PROCESS = False


def run(*, resume_collector: bool = False) -> NoReturn:
    """The command as the whole process (see ``__main__.py``), then a quick end of the process.

    Once a command is done, what is left of a cold run is the interpreter's teardown: it
    frees the objects of the parse one by one, a tenth of the run.  When nothing can be lost
    by skipping it (see :func:`_nothing_left_to_do`), the process ends at once with the
    command's exit code; otherwise (an exception, a stream that cannot be flushed, a thread
    or an exit handler still to run) it takes Python's usual way out, as before.
    ``resume_collector``: turn the cyclic collector back on, first freezing what the imports
    made while it was off.
    """
    global _WHOLE_PROCESS
    _WHOLE_PROCESS = True
    if resume_collector:
        import gc

        gc.freeze()
        gc.enable()
    try:
        main()  # standalone mode: every ending is a SystemExit
    except SystemExit as exc:
        code = exc.code
    else:
        code = None
    code = 0 if code is None else code
    if isinstance(code, int) and _nothing_left_to_do():
        os._exit(code)
    sys.exit(code)


def _nothing_left_to_do() -> bool:
    """True when ending without the interpreter's teardown loses nothing: no other thread runs,
    no exit handler is registered, no temporary output awaits its rename, and both standard
    streams flush (a failed flush is left to Python's exit, which reports it as it always did)."""
    threading = sys.modules.get("threading")
    if threading is not None and threading.active_count() > 1:
        return False
    if atexit._ncallbacks():
        return False
    writers = sys.modules.get("ybhj_parse.output.writers")
    if writers is not None and writers.PENDING_TEMPS:
        return False
    for stream in (sys.stdout, sys.stderr):
        if stream is None or stream.closed:
            continue
        try:
            stream.flush()
        except (OSError, ValueError):
            return False
    return True


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
        if signal.getsignal(number) == signal.SIG_IGN:
            continue  # ignored by whoever started the run (nohup, a background job): stays ignored
        with contextlib.suppress(ValueError, OSError):  # not the main thread: leave the defaults
            previous[number] = signal.signal(number, _on_signal)

    def restore() -> None:
        for number, handler in previous.items():
            signal.signal(number, handler)

    return restore


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
        _silence(stream)


def _silence(stream: object) -> None:
    """Point a stream that failed at /dev/null, so Python's flush at exit fails no more."""
    fileno = getattr(stream, "fileno", None)
    with contextlib.suppress(OSError, ValueError):
        if fileno is not None:
            os.dup2(os.open(os.devnull, os.O_WRONLY), fileno())


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


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


def _refuse_unsafe_targets(
    files: tuple[str, ...], output: str | None, out_dir: str | None, suffixes: list[str]
) -> None:
    """Before reading anything: no output may replace an input (by any of its names, stdin
    included), no output may be a device or FIFO, and no two inputs may share outputs."""
    from pathlib import Path

    from ybhj_parse.errors import OutputError
    from ybhj_parse.output.writers import check_target

    inputs = {_identity(f) if f != "-" else _stdin_identity() for f in files} - {None}
    targets = [Path(output)] if output and output != "-" else []
    if out_dir:
        if Path(out_dir).exists() and not Path(out_dir).is_dir():
            _fail(f"{out_dir}: is not a directory; --out-dir names a folder")
        stems: dict[str, str] = {}
        for name in files:
            stem = "stdin" if name == "-" else Path(name).stem
            if stem in stems and stems[stem] != name:
                _fail(
                    f"{stems[stem]} and {name} would both be written as {Path(out_dir) / stem}.*; rename one"
                )
            stems[stem] = name
        targets += [Path(out_dir) / f"{stem}{suffix}" for stem in stems for suffix in suffixes]
    clash = next((t for t in targets if _identity(t) in inputs), None)
    if clash is not None:
        _fail(f"{clash}: refusing to overwrite the input file with the output")
    for target in targets:
        try:
            check_target(target)
        except OutputError as exc:
            _fail(str(exc))


def _output_format(formats: tuple[str, ...], output: str | None) -> str:
    """The one format of stdout or -o FILE: the one given, else the file's extension, else JSON."""
    from ybhj_parse.output.writers import BINARY_FORMATS, format_of

    if len(formats) > 1:
        raise click.UsageError("several --format options need --out-dir; stdout and -o take one")
    named = format_of(output) if output and output != "-" else None
    if formats and named and formats[0] != named:
        raise click.UsageError(f"--format {formats[0]} does not match the extension of {output} ({named})")
    fmt = formats[0] if formats else named
    if fmt is None and output and output != "-":
        raise click.UsageError(f"cannot tell the format of {output} from its extension; give --format")
    fmt = fmt or "json"
    if fmt in BINARY_FORMATS and not (output and output != "-"):
        raise click.UsageError(f"{fmt} is a binary format: write it to a file with -o FILE or --out-dir")
    return fmt


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


EXTRACT_EXAMPLES = (
    """
\b
Examples:
  ybhj-parse extract data/raw/ezhou-2022-key-tasks.txt > tasks.json
  ybhj-parse extract list.txt -o tasks.xlsx          # the format from the extension
  ybhj-parse extract list.txt -o tasks.csv --csv-headers zh
  ybhj-parse extract data/raw/*.txt --out-dir out -f csv -f sqlite
  ybhj-parse extract corpus/ --out-dir out -f json --jobs 4   # every document under corpus/
  cat list.txt | ybhj-parse extract - --format yaml
"""
    + EXIT_CODES
)


@main.command(epilog=EXTRACT_EXAMPLES)
@click.argument("files", nargs=-1)
@click.option(
    "--files-from",
    type=click.Path(dir_okay=False, allow_dash=True),
    metavar="LIST",
    help="Also extract the files named in LIST, one path a line (- reads the list from stdin).",
)
@click.option(
    "-f",
    "--format",
    "formats",
    type=click.Choice(FORMAT_CHOICES),
    multiple=True,
    help="Output format (repeat it with --out-dir). Default: from the -o file's extension, else json; "
    "with --out-dir, every format.",
)
@click.option(
    "-o",
    "--output",
    help="Write to this file (atomically) instead of stdout; its extension names the format.",
)
@click.option(
    "--out-dir",
    help="Write NAME.json, NAME.yaml, NAME.csv, … for each input into this folder (the --format ones), "
    "and datapackage.json describing its CSV files.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    help="Worker processes sharing the files (default: the cores); the output is the same for any N.",
)
@click.option(
    "--csv-headers",
    type=click.Choice(["machine", "zh"]),
    default="machine",
    show_default=True,
    help="Column names of CSV and Excel: machine names, or Chinese (zh) for people.",
)
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
    files_from: str | None,
    formats: tuple[str, ...],
    output: str | None,
    out_dir: str | None,
    jobs: int | None,
    csv_headers: str,
    kind: str | None,
    encoding: str | None,
    max_bytes: int,
    strict: bool,
    verbose: bool,
    quiet: bool,
    explain: bool,
) -> None:
    """Extract tasks from FILE... (- reads stdin; a folder, every document under it) as JSON, YAML,
    CSV, JSON Lines, Excel or SQLite.

    Diagnostics go to stderr as FILE:LINE: severity[code]: message; the data
    goes to stdout, to -o FILE, or to --out-dir.  A file that cannot be read
    is reported and the others are still extracted: the exit code is the
    worst of them.
    """
    from ybhj_parse.errors import YbhjError
    from ybhj_parse.output.writers import FORMATS, SUFFIXES
    from ybhj_parse.run.batch import ExtractOptions, expand_inputs

    if not files and not files_from:
        raise click.UsageError(
            "name the files or folders to read, --files-from LIST, or - to read stdin:"
            " cat list.txt | ybhj-parse extract -"
        )
    if output and out_dir:
        raise click.UsageError("use either -o/--output or --out-dir, not both")
    try:
        names = tuple(expand_inputs(files, files_from))
    except YbhjError as exc:
        _fail(str(exc))
    if not names:
        _fail(f"{files_from}: the list names no file")
    dir_formats = tuple(dict.fromkeys(formats)) if formats else FORMATS
    _refuse_unsafe_targets(names, output, out_dir, [SUFFIXES[f] for f in dir_formats])
    fmt = None if out_dir else _output_format(formats, output)
    options = ExtractOptions(
        kind=kind,
        encoding=encoding,
        strict=strict,
        verbose=verbose,
        quiet=quiet,
        out_dir=out_dir,
        formats=dir_formats if out_dir else (),
        csv_headers=csv_headers,
        keep_data=fmt is not None and not (explain and not output),  # the data goes to stdout or -o
        explain=explain,
        max_bytes=max_bytes,
    )
    with _collector_paused(len(names) == 1):
        code = _extract_files(names, options, jobs=jobs, fmt=fmt, output=output)
    sys.exit(code)


@contextlib.contextmanager
def _collector_paused(pause: bool) -> Iterator[None]:
    """Pause the cyclic garbage collector while one file is extracted (then restore it as it was).

    The process ends once that file is written: the modules, rules and records it makes live
    to that end, and the collector's passes over them (~9 ms of a cold run) would reclaim
    nothing.  Several files keep it running between their parses (each parse pauses it
    itself), which keeps the memory of a long batch flat, in this process and in the workers
    it forks.  When the command is the whole process (:func:`run`) the collector stays off to
    the end: turned on again, it would first pass over everything the command made (~4 ms).
    """
    import gc

    paused = pause and gc.isenabled()
    if paused:
        gc.disable()
    try:
        yield
    finally:
        if paused and not _WHOLE_PROCESS:
            gc.enable()


def _extract_files(
    names: tuple[str, ...], options: ExtractOptions, *, jobs: int | None, fmt: str | None, output: str | None
) -> int:
    """Extract the files, print their messages (or their explanations), write the data to stdout,
    ``output`` or the folder's data package; the exit code."""
    from ybhj_parse.errors import YbhjError
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
        if options.out_dir and "csv" in options.formats and written:
            from pathlib import Path

            _write_datapackage(Path(options.out_dir))
        if datasets and fmt is not None:
            _write_output(fmt, datasets, output, options.csv_headers)
    except YbhjError as exc:  # an output that cannot be written
        say(f"error: {exc}")
        return 2
    return code


def _write_datapackage(folder: Path) -> None:
    from ybhj_parse.output.datapackage import NAME, datapackage_json
    from ybhj_parse.output.writers import atomic_write

    atomic_write(folder / NAME, datapackage_json(folder))


def _write_output(fmt: str, datasets: list[Dataset], output: str | None, csv_headers: str) -> None:
    from ybhj_parse.output.writers import render, write_format

    chosen: Dataset | list[Dataset] = datasets[0] if len(datasets) == 1 else datasets
    try:
        if output and output != "-":
            write_format(fmt, chosen, output, csv_headers=csv_headers)
        elif fmt == "jsonl":  # streamed: a line per record as it is made
            from ybhj_parse.output.jsonl import jsonl_lines

            for line in jsonl_lines(chosen):
                _write_stdout(line)
        else:
            _write_stdout(render(fmt, chosen, csv_headers=csv_headers))
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None


VALIDATE_EXAMPLES = """
\b
Examples:
  ybhj-parse validate                      # every dataset in data/out/ of a checkout
  ybhj-parse validate out/tasks.json out/
  ybhj-parse extract list.txt | ybhj-parse validate -

\b
Exit codes:
  0  every file is clean (warnings allowed)
  1  some file has errors
  2  a path cannot be checked, or nothing to check
"""


@main.command(epilog=VALIDATE_EXAMPLES)
@click.argument("paths", nargs=-1)
@click.option("-q", "--quiet", is_flag=True, help="Print only the problems, no summary.")
def validate(paths: tuple[str, ...], quiet: bool) -> None:
    """Check datasets (.json, .yaml, .csv files or folders; - reads one from stdin).

    With no PATH it checks data/out/ (run from a ybhj-parse checkout).  Each file
    is checked against the models and the integrity rules: task numbers unique
    and contiguous, at least one lead unit per task, real dates, document counts
    equal to the records.  Problems are printed as FILE: RECORD: FIELD: message.
    """
    from pathlib import Path

    from ybhj_parse.output.validate import UsageError, validate_paths
    from ybhj_parse.source.textnorm import printable

    if not paths and not Path(DEFAULT_DATA_DIR).is_dir():
        _fail(
            f"no {DEFAULT_DATA_DIR}/ here to check: name the dataset files or folders, "
            "or - to read one from stdin (ybhj-parse extract list.txt | ybhj-parse validate -)"
        )
    try:
        report = validate_paths(paths or [DEFAULT_DATA_DIR], stdin=_read_stdin if "-" in paths else None)
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
            f"{_plural(len(report.files), 'file')} checked: {_plural(len(report.errors), 'error')}, "
            f"{_plural(len(report.warnings), 'warning')} — {status}"
        )
    sys.exit(report.return_code)


def _read_stdin() -> bytes:
    from ybhj_parse.errors import InputError
    from ybhj_parse.source.text import read_stream

    try:
        return read_stream(sys.stdin.buffer if sys.stdin is not None else None)
    except InputError as exc:
        _fail(str(exc))


SCHEMAS_EXAMPLES = """
\b
Examples:
  ybhj-parse schemas                   # write schemas/*.schema.json
  ybhj-parse schemas --check           # exit 1 when schemas/ is stale

\b
Exit codes:
  0  written, or (--check) current
  1  (--check) a file differs from the models
  2  a file cannot be written
"""


@main.command(epilog=SCHEMAS_EXAMPLES)
@click.option("--out-dir", type=click.Path(file_okay=False), default="schemas", show_default=True)
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if the files differ from the models.")
def schemas(out_dir: str, check: bool) -> None:
    """Generate the JSON Schema files of the data models."""
    from pathlib import Path

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


# ---- questions: units, query, stats --------------------------------------------------------------


def _answer_datasets(files: tuple[str, ...]) -> list[Dataset]:
    """The datasets named, or those of data/out/ in a checkout; exit 2 when none can be read."""
    from pathlib import Path

    from ybhj_parse.answers.load import default_paths, load_datasets
    from ybhj_parse.errors import YbhjError

    paths: list[str | Path] = list(files) or list(default_paths(Path(DEFAULT_DATA_DIR)))
    if not paths:
        _fail(f"no {DEFAULT_DATA_DIR}/*.json here: name the datasets (.json, .yaml) or source documents")
    try:
        return load_datasets(paths)
    except (YbhjError, OSError) as exc:
        _fail(str(exc))


def _console() -> Any:
    from rich.console import Console

    return Console(highlight=False)


UNITS_EXAMPLES = """
\b
Examples:
  ybhj-parse units                               # the registry: id, name, kind, aliases
  ybhj-parse units data/out/*.json               # every unit the datasets name, with its id
  ybhj-parse units --unknown data/raw/new.txt    # the names the registry does not know yet
  ybhj-parse units --format csv > units.csv

\b
Exit codes:
  0  done (with --unknown: every name has an id)
  1  (--unknown) some names have no id
  2  an input is unusable
"""


@main.command(epilog=UNITS_EXAMPLES)
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--unknown", is_flag=True, help="Only the names without an id (default files: data/out/*.json)."
)
@click.option("-f", "--format", "fmt", type=click.Choice(("json", "yaml", "csv")), help="Rows for scripts.")
def units(files: tuple[str, ...], unknown: bool, fmt: str | None) -> None:
    """List the unit registry, or the units FILE... name (datasets or source documents) with their ids."""
    from ybhj_parse.answers import render
    from ybhj_parse.answers.units import found_units, registry_rows

    if not files and not unknown:
        rows = registry_rows()
        if fmt:
            _write_stdout(render.rows_text(fmt, [r.to_data() for r in rows]))
        else:
            render.print_registry(_console(), rows)
        return
    found = found_units(_answer_datasets(files), unknown_only=unknown)
    if fmt:
        _write_stdout(render.rows_text(fmt, [u.to_data() for u in found]))
    elif found:
        render.print_found(_console(), found)
    if unknown:
        click.echo(f"{_plural(len(found), 'name')} without an id", err=True)
    sys.exit(1 if unknown and found else 0)


QUERY_EXAMPLES = """
\b
Examples:
  ybhj-parse query --unit 市税务局                  # what the tax bureau owes (data/out/*.json)
  ybhj-parse query --unit ezhou.tax --role lead --due 2022-06
  ybhj-parse query --unit 华容区 data/out/ezhou-2022-key-tasks.json   # 各区 tasks too
  ybhj-parse query --keyword 双随机 -o tasks.xlsx
  ybhj-parse query --section 3 --due-from 2022-01-01 --due-to 2022-09-30 --format json

\b
Exit codes:
  0  some records answer the question
  1  none does
  2  an input or the command line is unusable
"""


@main.command(epilog=QUERY_EXAMPLES)
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@click.option("-u", "--unit", help="A unit: any name or alias of the registry, its id, or a name as written.")
@click.option(
    "--role",
    type=click.Choice(("lead", "responsible", "any")),
    default="any",
    show_default=True,
    help="The part the unit plays (for pilot items: lead = creating, responsible = guiding).",
)
@click.option("--due", "due_month", metavar="YYYY-MM", help="Due within this month.")
@click.option("--due-from", metavar="DATE", help="Due on or after this date (YYYY-MM-DD or YYYY-MM).")
@click.option("--due-to", metavar="DATE", help="Due on or before this date (YYYY-MM-DD or YYYY-MM).")
@click.option("--section", help="A section: its number (3), its marker (（三）) or words of its title.")
@click.option("-k", "--keyword", help="Words the task's text holds.")
@click.option("-f", "--format", "fmt", type=click.Choice(FORMAT_CHOICES), help="The records, for scripts.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    help="Write the records to this file (format from its extension).",
)
def query(
    files: tuple[str, ...],
    unit: str | None,
    role: str,
    due_month: str | None,
    due_from: str | None,
    due_to: str | None,
    section: str | None,
    keyword: str | None,
    fmt: str | None,
    output: str | None,
) -> None:
    """Select the tasks (or pilot items) of FILE... by unit, due date, section and keyword.

    With no FILE it reads data/out/*.json.  On a terminal it prints a table (seq,
    role, task, due); --format gives the selected records in any output format.
    """
    from ybhj_parse.answers import render
    from ybhj_parse.answers.query import Question, ask, due_range, known_unit, selection

    try:
        start, end = due_range(due_month, due_from, due_to)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    datasets = _answer_datasets(files)
    question = Question(unit, role, start, end, section, keyword)
    hits = ask(datasets, question)
    if unit is not None and not known_unit(unit, datasets):
        click.echo(f"note: {unit!r} is neither a registry id nor a name these documents use", err=True)
    if fmt or output:
        _write_output(
            _output_format((fmt,) if fmt else (), output), selection(datasets, hits), output, "machine"
        )
    elif hits:
        render.print_hits(_console(), hits, documents=len(datasets) > 1)
    click.echo(_plural(len(hits), "record"), err=True)
    sys.exit(0 if hits else 1)


STATS_EXAMPLES = """
\b
Examples:
  ybhj-parse stats                                   # each dataset in data/out/
  ybhj-parse stats data/raw/ezhou-2022-key-tasks.txt --top 5
  ybhj-parse stats --format json | jq '.[0].by_due_month'

\b
Exit codes:
  0  done
  2  an input is unusable
"""


@main.command(epilog=STATS_EXAMPLES)
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@click.option("--top", default=10, show_default=True, type=click.IntRange(min=1), help="Keywords shown.")
@click.option("-f", "--format", "fmt", type=click.Choice(("json", "yaml")), help="The figures, for scripts.")
def stats(files: tuple[str, ...], top: int, fmt: str | None) -> None:
    """Figures for each document: tasks by section, lead unit and due month; immediate and
    ongoing shares; the slogans quoted most (“证照分离”)."""
    from ybhj_parse.answers import render
    from ybhj_parse.answers.stats import document_stats

    figures = [document_stats(dataset, top) for dataset in _answer_datasets(files)]
    if fmt:
        _write_stdout(render.rows_text(fmt, [f.to_data() for f in figures]))
        return
    console = _console()
    for figure in figures:
        render.print_stats(console, figure)
