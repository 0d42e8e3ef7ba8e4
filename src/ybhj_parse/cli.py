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
import sys
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, NoReturn

import click

from ybhj_parse import __version__
from ybhj_parse.source.limits import MAX_INPUT_BYTES

if TYPE_CHECKING:
    from pathlib import Path

    from ybhj_parse.model.records import Dataset

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
    from ybhj_parse.run.command import handle_signals

    ctx.call_on_close(handle_signals())


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


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _fail(message: str) -> NoReturn:
    from ybhj_parse.run.command import fail

    fail(message)


def _write_stdout(text: str) -> None:
    from ybhj_parse.run.command import write_stdout

    write_stdout(text)


@contextlib.contextmanager
def _usage() -> Iterator[None]:
    """A problem of the command line the run found, shown with the usage (exit 2)."""
    from ybhj_parse.errors import UsageProblem

    try:
        yield
    except UsageProblem as exc:
        raise click.UsageError(exc.message) from None


class _Registered(click.Choice):  # type: ignore[type-arg]
    """A choice among the names of a registry, read when the option is parsed or shown, so the
    command line names every writer (a plug-in's too) without importing one."""

    def __init__(self, names: Callable[[], tuple[str, ...]]) -> None:
        self._names = names
        super().__init__(())

    @property
    def choices(self) -> tuple[str, ...]:
        return self._names()

    @choices.setter
    def choices(self, _value: object) -> None:
        pass


def _format_names() -> tuple[str, ...]:
    from ybhj_parse.output import format_names

    return format_names()


class _PluggedCommand(click.Command):
    """A command whose help also names what the registries hold: the formats read and the table
    layouts (read when the help is shown, so a plug-in's are named too)."""

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        from ybhj_parse.blocks import layout_names
        from ybhj_parse.source import READERS

        with formatter.section("Reads (by content, not by name)"):
            formatter.write_text(", ".join(READERS))
        with formatter.section("Table layouts"):
            formatter.write_text(", ".join(layout_names()))
        super().format_epilog(ctx, formatter)


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


def _check_extract_arguments(
    files: tuple[str, ...], files_from: str | None, output: str | None, out_dir: str | None
) -> None:
    if not files and not files_from:
        raise click.UsageError(
            "name the files or folders to read, --files-from LIST, or - to read stdin:"
            " cat list.txt | ybhj-parse extract -"
        )
    if output and out_dir:
        raise click.UsageError("use either -o/--output or --out-dir, not both")


@main.command(cls=_PluggedCommand, epilog=EXTRACT_EXAMPLES)
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
    type=_Registered(_format_names),
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
    from ybhj_parse.run import command
    from ybhj_parse.run.batch import ExtractOptions, expand_inputs

    _check_extract_arguments(files, files_from, output, out_dir)
    try:
        names = tuple(expand_inputs(files, files_from))
    except YbhjError as exc:
        _fail(str(exc))
    if not names:
        _fail(f"{files_from}: the list names no file")
    dir_formats = command.folder_formats(formats)
    command.refuse_unsafe_targets(names, output, out_dir, dir_formats)
    with _usage():
        fmt = None if out_dir else command.output_format(formats, output)
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
    with command.collector_paused(len(names) == 1, whole_process=_WHOLE_PROCESS), _usage():
        code = command.extract_files(names, options, jobs=jobs, fmt=fmt, output=output)
    sys.exit(code)


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
    from ybhj_parse.run.command import read_stdin
    from ybhj_parse.source.textnorm import printable

    if not paths and not Path(DEFAULT_DATA_DIR).is_dir():
        _fail(
            f"no {DEFAULT_DATA_DIR}/ here to check: name the dataset files or folders, "
            "or - to read one from stdin (ybhj-parse extract list.txt | ybhj-parse validate -)"
        )
    try:
        report = validate_paths(paths or [DEFAULT_DATA_DIR], stdin=read_stdin if "-" in paths else None)
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
@click.option("-f", "--format", "fmt", type=_Registered(_format_names), help="The records, for scripts.")
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
        from ybhj_parse.run.command import output_format, write_output

        with _usage():
            write_output(
                output_format((fmt,) if fmt else (), output), selection(datasets, hits), output, "machine"
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
