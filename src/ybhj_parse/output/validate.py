"""Check datasets on disk: the models, then the integrity rules.

Each JSON, YAML or CSV file is read back, validated against the data contract
(model/contract.py), and checked by the ordered list of integrity rules below.  Every
problem names the file, the record and the field.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeGuard

import regex

from ybhj_parse.model.contract import from_json
from ybhj_parse.model.diagnostics import Severity
from ybhj_parse.model.records import UNIT_ID_FIELDS, Dataset
from ybhj_parse.source.limits import MAX_INPUT_BYTES, MAX_LISTED_NUMBERS, MAX_NUMBER_DIGITS

SUFFIXES = {".json": "json", ".yaml": "yaml", ".yml": "yaml", ".csv": "csv"}


@dataclass(frozen=True, slots=True)
class Problem:
    path: str
    record: str  # e.g. "tasks[38] (seq 39)", or "document"
    field: str
    message: str
    severity: Severity = "error"  # error or warning: the one severity scale of the diagnostics

    def __str__(self) -> str:
        return f"{self.path}: {self.record}: {self.field}: {self.message}"


@dataclass(slots=True)
class ValidationReport:
    problems: list[Problem]
    files: list[str]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def return_code(self) -> int:
        return 1 if self.errors else 0

    def flatten(self) -> list[tuple[str, str, str]]:
        return [(p.record, p.field, p.severity) for p in self.problems]


class UsageError(Exception):
    """A path that cannot be validated at all (missing, unknown type)."""


def _task_label(items: list[Any], index: int, key: str = "tasks") -> str:
    """``tasks[38] (seq 39)``: a record by its place in the file, and by its number when it has one."""
    from ybhj_parse.output.readback import Refused

    item = items[index] if index < len(items) else None
    seq = item.get("seq") if isinstance(item, dict) else None
    if seq is None or isinstance(seq, Refused | dict | list):
        return f"{key}[{index}]"
    shown = json.dumps(seq) if isinstance(seq, bool) else str(seq)[:40]
    return f"{key}[{index}] (seq {shown})"


# pydantic-core words an unknown key of a dataclass as a function's argument; a file has keys.
_WORDING = {"unexpected_keyword_argument": "Extra inputs are not permitted"}


def _place(data: Any, loc: list[Any], root: str = "document") -> tuple[str, str]:
    """(record, field) of a place in the loaded data: ``tasks[3] (seq 4)`` and ``deadline.due``;
    a place outside the records is named by its first key (the whole file is ``root``)."""
    record, rest = root, loc
    if loc and loc[0] in ("tasks", "pilot_items") and len(loc) > 1 and isinstance(loc[1], int):
        items = data.get(loc[0], []) if isinstance(data, dict) else []
        record, rest = _task_label(items if isinstance(items, list) else [], loc[1], str(loc[0])), loc[2:]
    elif len(loc) > 1 or (loc and root != "file"):
        record, rest = str(loc[0]), loc[1:]
    return record, ".".join(str(p) for p in rest) or "-"


def _model_problems(path: str, data: Any) -> tuple[Dataset | None, list[Problem]]:
    from pydantic_core import ValidationError

    from ybhj_parse.output.readback import ReadError, refusals, to_json_text

    refused = [Problem(path, *_place(data, list(loc), "file"), message) for loc, message in refusals(data)]
    if refused:  # values the reader could not take, each named where it stands
        return None, refused
    try:
        text = to_json_text(data)
    except ReadError as exc:
        return None, [Problem(path, "file", exc.field, exc.message)]
    try:
        # Strict mode: true is no number, "5" no seq, 1 no flag; JSON mode: dates are ISO strings.
        return from_json(text, strict=True), []
    except ValidationError as exc:
        problems = [
            Problem(path, *_place(data, list(e["loc"])), _WORDING.get(e["type"], e["msg"]))
            for e in exc.errors()
        ]
        return None, problems


# ---- integrity rules -------------------------------------------------------------------------
# They read the loaded data itself (not the models), so that they still run, and report, when the
# models have already found a field of the wrong type elsewhere in the file.


def _items(data: Any, key: str) -> list[dict[str, Any]]:
    items = data.get(key) if isinstance(data, dict) else None
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def describe_missing(numbers: Iterable[int]) -> str | None:
    """``missing 3, 7–9`` for the numbers absent from 1…max, or None when none is.

    Linear in the records (n·log n for the sort), whatever the numbers: the gaps are read
    between neighbours, never by listing every number up to the largest.
    """
    present = sorted({n for n in numbers if n >= 1})
    runs: list[tuple[int, int]] = []
    previous = 0
    for n in present:
        if n > previous + 1:
            runs.append((previous + 1, n - 1))
        previous = n
    if not runs:
        return None
    shown = [str(a) if a == b else f"{a}, {b}" if b == a + 1 else f"{a}–{b}" for a, b in runs]
    count = sum(b - a + 1 for a, b in runs)
    if len(shown) > MAX_LISTED_NUMBERS:
        rest = len(shown) - MAX_LISTED_NUMBERS
        shown = [*shown[:MAX_LISTED_NUMBERS], f"… ({rest} more gaps, {count} numbers in all)"]
    return "missing " + ", ".join(shown)


def check_unique_contiguous_seq(path: str, data: Any, key: str = "tasks") -> Iterable[Problem]:
    seen: dict[int, int] = {}
    for i, item in enumerate(_items(data, key)):
        seq = item.get("seq")
        if not _is_int(seq):
            continue  # the models report the type
        if seq in seen:
            yield Problem(path, f"{key}[{i}] (seq {seq})", "seq", f"duplicate of {key}[{seen[seq]}]")
        seen.setdefault(seq, i)
    if key == "tasks":
        missing = describe_missing(seen)
        if missing:
            yield Problem(path, key, "seq", f"not contiguous: {missing}")


# A record whose problems include one of these says why it has no lead unit: the document names
# responsible units only, or no attribution (a prose document); then it is a warning, not an error.
EXPLAINED_NO_LEAD = frozenset({"lead-not-named", "no-attribution", "truncated-task"})


def _no_lead(problems: Iterable[str]) -> tuple[Severity, str]:
    """(severity, message) for a record without a lead unit."""
    explained = sorted(EXPLAINED_NO_LEAD.intersection(problems))
    if explained:
        return "warning", f"no lead unit ({explained[0]})"
    return "error", "no lead unit (at least one is required)"


def check_lead_units(path: str, data: Any) -> Iterable[Problem]:
    for i, task in enumerate(_items(data, "tasks")):
        units = task.get("lead_units")
        if isinstance(units, list) and not [u for u in units if isinstance(u, str) and u.strip()]:
            problems = task.get("problems")
            severity, message = _no_lead(problems if isinstance(problems, list) else [])
            yield Problem(path, _task_label(_items(data, "tasks"), i), "lead_units", message, severity)


def _distinct(tasks: list[dict[str, Any]], field: str) -> int:
    keys = set()
    for task in tasks:
        ref = task.get(field)
        if isinstance(ref, dict) and (ref.get("no") is None or _is_int(ref.get("no"))):
            keys.add((ref.get("no"), ref.get("title") if isinstance(ref.get("title"), str) else None))
    return len(keys)


def check_counts(path: str, data: Any) -> Iterable[Problem]:
    """document.counts equal to the records, for every kind: a notice has no tasks, its
    sections are the body's; a task list's sections and measures are its records' headings."""
    document = data.get("document") if isinstance(data, dict) else None
    if not isinstance(document, dict):
        return
    counts = document.get("counts")
    stated: dict[str, Any] = counts if isinstance(counts, dict) else {}
    tasks = _items(data, "tasks")
    actual: dict[str, int] = {"tasks": len(tasks)}
    if document.get("kind") == "notice":
        sections = document.get("sections")
        actual["sections"] = len(sections) if isinstance(sections, list) else 0
    else:
        # the same derivation as the task-list counts, on the loaded data
        actual["sections"] = _distinct(tasks, "section")
        actual["measures"] = _distinct(tasks, "measure")
    for name, value in actual.items():
        if name in stated and _is_int(stated[name]) and stated[name] != value:
            yield Problem(
                path, "document", f"counts.{name}", f"says {stated[name]}, the records give {value}"
            )


# Fields holding a line of the source file, wherever they stand in a record.
_LINE_KEYS = frozenset({"line", "end_line"})


def _line_fields(value: Any, where: str) -> Iterable[tuple[str, Any]]:
    """(field path, value) of every line number inside ``value`` (depth is bounded on reading)."""
    if isinstance(value, dict):
        for key, item in value.items():
            place = f"{where}.{key}" if where else str(key)
            if key in _LINE_KEYS or where.endswith("cells") or where.endswith("unconsumed"):
                yield place, item
            if isinstance(item, dict | list):
                yield from _line_fields(item, place)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            place = f"{where}[{index}]"
            if where.endswith("unconsumed"):
                yield place, item
            elif isinstance(item, dict | list):
                yield from _line_fields(item, place)


def check_lines(path: str, data: Any) -> Iterable[Problem]:
    """Every line number cited lies in the source file: 1 ≤ line ≤ document.source.lines."""
    document = data.get("document") if isinstance(data, dict) else None
    source = document.get("source") if isinstance(document, dict) else None
    total = source.get("lines") if isinstance(source, dict) else None
    last = total if _is_int(total) else None
    for key in ("tasks", "pilot_items", "diagnostics"):
        items = _items(data, key)
        for i, item in enumerate(items):
            yield from _line_problems(path, _task_label(items, i, key), _line_fields(item, ""), last)
    if isinstance(document, dict):
        fields = ((f, v) for f, v in _line_fields(document, "") if not f.startswith("source."))
        yield from _line_problems(path, "document", fields, last)


def _line_problems(
    path: str, record: str, fields: Iterable[tuple[str, Any]], last: int | None
) -> Iterable[Problem]:
    for field, value in fields:
        if not _is_int(value):
            continue  # null where no line applies; the models report a wrong type
        if value < 1:
            yield Problem(path, record, field, f"line {value}: lines are numbered from 1")
        elif last is not None and value > last:
            yield Problem(path, record, field, f"line {value}: the source has {last} lines")


# ---- notices: the pilot items against the counts the body declares ----------------------------


def _notice_parts(data: Any) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """``(document, completeness)`` of a notice dataset, else None."""
    document = data.get("document") if isinstance(data, dict) else None
    if not isinstance(document, dict) or document.get("kind") != "notice":
        return None
    completeness = data.get("completeness")
    return document, completeness if isinstance(completeness, dict) else {}


def _int_map(value: Any) -> dict[str, int]:
    return {k: v for k, v in value.items() if isinstance(v, int)} if isinstance(value, dict) else {}


def check_pilot_seq(path: str, data: Any) -> Iterable[Problem]:
    """Item numbers unique; gaps are allowed (a copy may lack rows: check_completeness reports them)."""
    return check_unique_contiguous_seq(path, data, "pilot_items")


def check_pilot_groups(path: str, data: Any) -> Iterable[Problem]:
    """Each item has a group the body declares, and no group holds more items than declared."""
    parts = _notice_parts(data)
    if parts is None:
        return
    _document, completeness = parts
    declared = _int_map(completeness.get("declared_by_group"))
    total = completeness.get("declared_total")
    items = _items(data, "pilot_items")
    members: dict[str, list[int]] = {}
    for i, item in enumerate(items):
        record = _task_label(items, i, "pilot_items")
        group, seq = item.get("group"), item.get("seq")
        if not isinstance(group, str) or not group.strip():
            yield Problem(path, record, "group", "empty")
            continue
        members.setdefault(group, []).append(i)
        if declared and group not in declared:
            yield Problem(
                path, record, "group", f"{group} is not among the declared groups ({'、'.join(declared)})"
            )
        if isinstance(total, int) and isinstance(seq, int) and not 1 <= seq <= total:
            yield Problem(path, record, "seq", f"outside 1–{total}, the items the body declares")
    for group, indexes in members.items():
        if group in declared and len(indexes) > declared[group]:
            yield Problem(
                path,
                "pilot_items",
                "group",
                f"{group}: {len(indexes)} items, but the body declares {declared[group]}",
            )


def check_completeness(path: str, data: Any) -> Iterable[Problem]:
    """The completeness figures agree with the records; items missing from the table are a warning."""
    parts = _notice_parts(data)
    if parts is None:
        return
    _document, completeness = parts
    if not completeness:
        yield Problem(path, "completeness", "-", "missing: a notice dataset states its completeness")
        return
    items = _items(data, "pilot_items")
    seqs = {item["seq"] for item in items if _is_int(item.get("seq"))}
    groups: dict[str, int] = {}
    for item in items:
        if isinstance(item.get("group"), str):
            groups[item["group"]] = groups.get(item["group"], 0) + 1
    if completeness.get("extracted") != len(items):
        yield Problem(
            path,
            "completeness",
            "extracted",
            f"says {completeness.get('extracted')}, the records give {len(items)}",
        )
    stated = {g: n for g, n in _int_map(completeness.get("extracted_by_group")).items() if n}
    if stated != groups:
        yield Problem(path, "completeness", "extracted_by_group", f"says {stated}, the records give {groups}")
    total = completeness.get("declared_total")
    if _is_int(total):
        yield from _check_missing(path, completeness, seqs, total)


# A notice declares tens of items: a declared total leaving more numbers than this missing is
# reported as such, never listed (a total of 10**12 would build a list of that length).
_MAX_MISSING = 10_000


def _missing_upto(seqs: set[int], total: int, cap: int) -> list[int] | None:
    """The numbers 1…total absent from ``seqs``, in order, or None when there are more than ``cap``."""
    present = sorted(n for n in seqs if 1 <= n <= total)
    if total - len(present) > cap:
        return None
    missing: list[int] = []
    previous = 0
    for n in [*present, total + 1]:
        missing.extend(range(previous + 1, n))
        previous = n
    return missing


def _check_missing(path: str, completeness: dict[str, Any], seqs: set[int], total: int) -> Iterable[Problem]:
    missing = _missing_upto(seqs, total, _MAX_MISSING)
    if missing is None:
        yield Problem(
            path,
            "completeness",
            "declared_total",
            f"{total} declared items leave more than {_MAX_MISSING} numbers without a record",
        )
        return
    if completeness.get("missing_seq") != missing:
        yield Problem(
            path,
            "completeness",
            "missing_seq",
            f"says {completeness.get('missing_seq')}, the records give {missing}",
        )
    if missing:
        yield Problem(
            path,
            "completeness",
            "missing_seq",
            f"{len(missing)} of the {total} declared items are not in the table: "
            f"{', '.join(map(str, missing))}",
            severity="warning",
        )


# (records, names field, ids field): the id lists that are aligned with a list of unit names.
_ID_FIELDS = tuple(
    (key, names, ids) for key, fields in UNIT_ID_FIELDS.items() for names, ids in fields.items()
)


def check_unit_ids(path: str, data: Any) -> Iterable[Problem]:
    """Every unit id is one of the registry's, and each id list is as long as its list of names."""
    from ybhj_parse.rules.registry import unit_registry

    known = unit_registry().by_id
    for key, names_field, ids_field in (*_ID_FIELDS, ("tasks", None, "district_ids")):
        items = _items(data, key)
        for i, item in enumerate(items):
            ids, names = item.get(ids_field), item.get(names_field) if names_field else None
            if not isinstance(ids, list):
                continue  # absent (an older dataset) or of the wrong type (the models report it)
            record = _task_label(items, i, key)
            if isinstance(names, list) and len(ids) != len(names):
                message = f"{len(ids)} id(s) for {len(names)} name(s) in {names_field}"
                yield Problem(path, record, ids_field, message)
            for unit_id in ids:
                if isinstance(unit_id, str) and unit_id not in known:
                    yield Problem(path, record, ids_field, f"{unit_id!r} is not an id of the unit registry")


INTEGRITY_RULES: list[Callable[[str, Any], Iterable[Problem]]] = [
    check_unique_contiguous_seq,
    check_lead_units,
    check_counts,
    check_lines,
    check_pilot_seq,
    check_pilot_groups,
    check_completeness,
    check_unit_ids,
]


def check_data(path: str, data: Any) -> list[Problem]:
    return [p for rule in INTEGRITY_RULES for p in rule(path, data)]


# ---- CSV: the rows are checked column by column against the writer's layout -----------------------

_BOOL_COLUMNS = (
    "all_districts",
    "units_open_ended",
    "deadline_immediate",
    "deadline_ongoing",
    "deadline_recurring",
)


def _machine_names(header: list[str]) -> list[str]:
    """The header of a CSV written with --csv-headers zh, in machine names."""
    from ybhj_parse.output.headers import ZH_HEADERS

    if not header or header[0] != ZH_HEADERS["source_path"]:
        return header
    machine = {zh: name for name, zh in ZH_HEADERS.items()}
    return [machine.get(name, name) for name in header]


def csv_records(
    path: str, text: str
) -> tuple[list[str] | None, list[tuple[int, dict[str, str]]], list[Problem]]:
    """(header, [(row number, {column: cell})], problems) of a CSV text, read by the csv module.

    Rows are split only where the csv module splits them (a form feed, vertical tab, NEL or
    U+2028 inside a cell stays in the cell, as extract wrote it); a row with more or fewer
    cells than the header is a problem on that row, not a row misread.
    """
    _raise_field_limit()
    problems: list[Problem] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        header = _machine_names(header) if header is not None else None
        rows: list[tuple[int, dict[str, str]]] = []
        for cells in reader:
            number = reader.line_num
            if not cells:
                continue  # a blank line between rows
            if header is not None and len(cells) != len(header):
                problems.append(
                    Problem(path, f"row {number}", "-", f"{len(cells)} cells, the header has {len(header)}")
                )
                continue
            rows.append((number, dict(zip(header or [], cells, strict=False))))
    except csv.Error as exc:
        problems.append(Problem(path, f"row {reader.line_num}", "-", f"not valid CSV: {exc}"))
        return None, [], problems
    return header, rows, problems


def _raise_field_limit() -> None:
    """A cell may be as long as a whole input (the csv module's default is 131,072 characters)."""
    csv.field_size_limit(max(csv.field_size_limit(), MAX_INPUT_BYTES))


def check_csv(path: str, text: str) -> list[Problem]:
    from ybhj_parse.output.tables import TASK_COLUMNS

    header, rows, problems = csv_records(path, text)
    expected = ["source_path"] + [name for name, _ in TASK_COLUMNS]
    if header is None:
        return problems or [Problem(path, "header", "-", "the file is empty")]
    if header[1:2] == ["seq"] and "group" in header:
        return problems + _check_pilot_csv(path, header, rows)
    if header != expected:
        return [
            Problem(
                path, "header", "-", f"columns differ from the task layout: expected {', '.join(expected)}"
            )
        ]
    seqs: dict[int, int] = {}
    for number, raw in rows:
        problems.extend(_check_task_row(path, number, raw, seqs))
    missing = describe_missing(seqs)
    if missing:
        problems.append(Problem(path, "rows", "seq", f"not contiguous: {missing}"))
    return problems


_CSV_INT = regex.compile(rf"-?[0-9]{{1,{MAX_NUMBER_DIGITS}}}")


def _csv_int(path: str, record: str, field: str, value: str) -> tuple[int | None, list[Problem]]:
    text = value.strip()
    digits = len(text.lstrip("-"))
    if text.lstrip("-").isdigit() and digits > MAX_NUMBER_DIGITS:
        message = f"a number of {digits} digits (at most {MAX_NUMBER_DIGITS} are read)"
        return None, [Problem(path, record, field, message)]
    if not _CSV_INT.fullmatch(text):
        return None, [Problem(path, record, field, f"not a whole number: {_excerpt(value)}")]
    return int(text), []


def _excerpt(value: str) -> str:
    return repr(value if len(value) <= 40 else value[:40] + "…")


def _check_task_row(path: str, number: int, raw: dict[str, str], seqs: dict[int, int]) -> list[Problem]:
    from ybhj_parse.output.tables import LIST_JOIN
    from ybhj_parse.output.writers import unguard_formula

    row = {k: unguard_formula(v) for k, v in raw.items()}
    record = f"row {number} (seq {_excerpt(row['seq'])[1:-1]})"
    problems: list[Problem] = []
    seq, bad = _csv_int(path, record, "seq", row["seq"])
    problems += bad
    if seq is not None:
        if seq in seqs:
            problems.append(Problem(path, record, "seq", f"duplicate of row {seqs[seq]}"))
        seqs.setdefault(seq, number)
    for column in ("source_line", "source_end_line"):
        line, bad = _csv_int(path, record, column, row[column])
        problems += bad
        if line is not None and line < 1:
            problems.append(Problem(path, record, column, f"line {line}: lines are numbered from 1"))
    if not row["lead_units"].strip():
        severity, message = _no_lead(row["problems"].split(LIST_JOIN))
        problems.append(Problem(path, record, "lead_units", message, severity))
    if row["deadline_due"]:
        try:
            dt.date.fromisoformat(row["deadline_due"])
        except ValueError:
            problems.append(
                Problem(path, record, "deadline_due", f"not a real date: {_excerpt(row['deadline_due'])}")
            )
    for column in _BOOL_COLUMNS:
        if row[column] not in ("true", "false"):
            problems.append(
                Problem(path, record, column, f"expected true or false, got {_excerpt(row[column])}")
            )
    return problems


_PILOT_BOOL_COLUMNS = ("group_inferred", "national_pilot")


def _check_pilot_csv(path: str, header: list[str], rows: list[tuple[int, dict[str, str]]]) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[int, int] = {}
    for number, row in rows:
        record = f"row {number} (seq {_excerpt(row.get('seq', ''))[1:-1]})"
        seq, bad = _csv_int(path, record, "seq", row.get("seq", ""))
        problems += bad
        if seq is None:
            continue
        if seq in seen:
            problems.append(Problem(path, record, "seq", f"duplicate of row {seen[seq]}"))
        seen.setdefault(seq, number)
        if not (row.get("group") or "").strip():
            problems.append(Problem(path, record, "group", "empty"))
        for column in _PILOT_BOOL_COLUMNS:
            if row.get(column) not in ("true", "false"):
                problems.append(
                    Problem(
                        path, record, column, f"expected true or false, got {_excerpt(row.get(column, ''))}"
                    )
                )
    return problems


# ---- files --------------------------------------------------------------------------------------


def load_structured(text: str, kind: str) -> Any:
    """The data of a JSON or YAML dataset's text; raises :class:`ReadError`."""
    from ybhj_parse.output.readback import ReadError, load_json, load_yaml

    if kind == "json":
        return load_json(text)
    documents = load_yaml(text)
    if not documents:
        raise ReadError("the file holds no dataset")
    return documents[0] if len(documents) == 1 else documents


def sniff(text: str) -> str:
    """The format of a dataset read from stdin: JSON, a CSV of ours, else YAML."""
    start = text.lstrip("\ufeff \t\r\n")[:1]
    if start in ("{", "["):
        return "json"
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    return "csv" if first.startswith(("source_path,", "来源文件,")) else "yaml"


def validate_file(path: Path) -> list[Problem]:
    from ybhj_parse.output.readback import ReadError, read_bytes

    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise UsageError(f"{path}: not a dataset (expected .json, .yaml, .yml or .csv)")
    try:
        raw = read_bytes(path)
    except ReadError as exc:
        return [Problem(str(path), "file", exc.field, exc.message)]
    return validate_text(str(path), kind, raw)


def validate_text(shown: str, kind: str, raw: bytes) -> list[Problem]:
    """Check one dataset's bytes, in the format ``kind``; ``shown`` names it in the problems."""
    from ybhj_parse.output.readback import ReadError, decode

    try:
        text = decode(raw)
        if kind == "csv":
            return check_csv(shown, text)
        data = load_structured(text, kind)
    except ReadError as exc:
        return [Problem(shown, "file", exc.field, exc.message)]
    if isinstance(data, list):  # several datasets in one file (extract with several inputs)
        return [p for i, item in enumerate(data) for p in _validate_data(f"{shown}[{i}]", item)]
    return _validate_data(shown, data)


def _validate_data(shown: str, data: Any) -> list[Problem]:
    _dataset, problems = _model_problems(shown, data)
    return problems + check_data(shown, data)


# In a folder of outputs, the files that describe the datasets rather than hold one.
NOT_DATASETS = frozenset({"datapackage.json"})


def collect(paths: Iterable[str | Path]) -> list[Path]:
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            try:
                found = sorted(
                    p
                    for p in path.iterdir()
                    if p.suffix.lower() in SUFFIXES and p.is_file() and p.name not in NOT_DATASETS
                )
            except OSError as exc:
                raise UsageError(f"{raw}: cannot be read ({exc.strerror or exc})") from None
            files.extend(found)
        elif path.exists():
            files.append(path)  # a special file is reported by validate_file, not skipped
        else:
            raise UsageError(f"{raw}: no such file or directory")
    return files


STDIN = "<stdin>"


def validate_paths(
    paths: Iterable[str | Path], *, stdin: Callable[[], bytes] | None = None
) -> ValidationReport:
    """Check files and folders; ``-`` is the dataset ``stdin()`` returns (its format sniffed)."""
    names = [str(p) for p in paths]
    files = collect(n for n in names if n != "-")
    problems = [p for f in files for p in validate_file(f)]
    shown = [str(f) for f in files]
    if "-" in names and stdin is not None:
        raw = stdin()
        problems += validate_text(STDIN, sniff(raw.decode("utf-8-sig", errors="replace")), raw)
        shown.append(STDIN)
    return ValidationReport(problems=problems, files=shown)
