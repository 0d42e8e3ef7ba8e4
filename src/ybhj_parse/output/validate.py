"""Check datasets on disk: the models, then the integrity rules.

Each JSON, YAML or CSV file is read back, validated against the Pydantic
models, and checked by the ordered list of integrity rules below.  Every
problem names the file, the record and the field.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ybhj_parse.model.diagnostics import Severity
from ybhj_parse.model.records import Dataset

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


def _task_label(tasks: list[Any], index: int) -> str:
    seq = tasks[index].get("seq") if index < len(tasks) and isinstance(tasks[index], dict) else None
    return f"tasks[{index}] (seq {seq})" if seq is not None else f"tasks[{index}]"


def _model_problems(path: str, data: Any) -> tuple[Dataset | None, list[Problem]]:
    from pydantic import ValidationError

    try:
        return Dataset.model_validate(data), []
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            loc = list(error["loc"])
            record, rest = "document", loc
            if loc and loc[0] in ("tasks", "pilot_items") and len(loc) > 1 and isinstance(loc[1], int):
                items = data.get(loc[0], []) if isinstance(data, dict) else []
                record = _task_label(items, loc[1]).replace("tasks", str(loc[0]), 1)
                rest = loc[2:]
            elif loc:
                record, rest = str(loc[0]), loc[1:]
            field = ".".join(str(p) for p in rest) or "-"
            problems.append(Problem(path, record, field, error["msg"]))
        return None, problems


# ---- integrity rules -------------------------------------------------------------------------
# They read the loaded data itself (not the models), so that they still run, and report, when the
# models have already found a field of the wrong type elsewhere in the file.


def _items(data: Any, key: str) -> list[dict[str, Any]]:
    items = data.get(key) if isinstance(data, dict) else None
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []


def check_unique_contiguous_seq(path: str, data: Any, key: str = "tasks") -> Iterable[Problem]:
    seen: dict[int, int] = {}
    for i, item in enumerate(_items(data, key)):
        seq = item.get("seq")
        if not isinstance(seq, int):
            continue  # the models report the type
        if seq in seen:
            yield Problem(path, f"{key}[{i}] (seq {seq})", "seq", f"duplicate of {key}[{seen[seq]}]")
        seen.setdefault(seq, i)
    if key == "tasks":
        missing = sorted(set(range(1, max(seen) + 1)) - set(seen)) if seen else []
        if missing:
            yield Problem(path, key, "seq", f"not contiguous: missing {', '.join(map(str, missing))}")


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
    return len({(t[field].get("no"), t[field].get("title")) for t in tasks if isinstance(t.get(field), dict)})


def check_counts(path: str, data: Any) -> Iterable[Problem]:
    document = data.get("document") if isinstance(data, dict) else None
    if not isinstance(document, dict) or document.get("kind") != "task_list":
        return
    counts = document.get("counts")
    stated: dict[str, Any] = counts if isinstance(counts, dict) else {}
    tasks = _items(data, "tasks")
    # the same derivation as tasklist.counts(), on the loaded data
    actual = {
        "sections": _distinct(tasks, "section"),
        "measures": _distinct(tasks, "measure"),
        "tasks": len(tasks),
    }
    for name, value in actual.items():
        if name in stated and stated[name] != value:
            yield Problem(
                path, "document", f"counts.{name}", f"says {stated[name]}, the records give {value}"
            )


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
        record = f"pilot_items[{i}] (seq {item.get('seq')})"
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
    document, completeness = parts
    if not completeness:
        yield Problem(path, "completeness", "-", "missing: a notice dataset states its completeness")
        return
    items = _items(data, "pilot_items")
    seqs = {item["seq"] for item in items if isinstance(item.get("seq"), int)}
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
    if isinstance(total, int):
        missing = sorted(set(range(1, total + 1)) - seqs)
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
    sections = document.get("sections")
    counts = _int_map(document.get("counts"))
    if isinstance(sections, list) and counts.get("sections") != len(sections):
        yield Problem(
            path,
            "document",
            "counts.sections",
            f"says {counts.get('sections')}, the records give {len(sections)}",
        )


# (records, names field, ids field): the id lists that are aligned with a list of unit names.
_ID_FIELDS = (
    ("tasks", "lead_units", "lead_unit_ids"),
    ("tasks", "responsible_units", "responsible_unit_ids"),
    ("pilot_items", "creating_units", "creating_unit_ids"),
    ("pilot_items", "city_guiding_units", "city_guiding_unit_ids"),
    ("pilot_items", "provincial_guiding_units", "provincial_guiding_unit_ids"),
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
            record = _task_label(items, i).replace("tasks", key, 1)
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


def check_csv(path: str, text: str) -> list[Problem]:
    from ybhj_parse.output.writers import LIST_JOIN, TASK_COLUMNS, unguard_formula

    problems: list[Problem] = []
    reader = csv.DictReader(text.splitlines())
    expected = ["source_path"] + [name for name, _ in TASK_COLUMNS]
    if reader.fieldnames is None:
        return [Problem(path, "header", "-", "the file is empty")]
    reader.fieldnames = _machine_names(list(reader.fieldnames))
    if reader.fieldnames[1:2] == ["seq"] and "group" in reader.fieldnames:
        return _check_pilot_csv(path, reader)
    if list(reader.fieldnames) != expected:
        return [
            Problem(
                path, "header", "-", f"columns differ from the task layout: expected {', '.join(expected)}"
            )
        ]
    seqs: dict[int, int] = {}
    for index, raw in enumerate(reader):
        row = {k: unguard_formula(v or "") for k, v in raw.items()}
        record = f"row {index + 2} (seq {row['seq']})"
        try:
            seq = int(row["seq"])
        except ValueError:
            problems.append(Problem(path, record, "seq", f"not a whole number: {row['seq']!r}"))
        else:
            if seq in seqs:
                problems.append(Problem(path, record, "seq", f"duplicate of row {seqs[seq]}"))
            seqs.setdefault(seq, index + 2)
        if not row["lead_units"].strip():
            severity, message = _no_lead(row["problems"].split(LIST_JOIN))
            problems.append(Problem(path, record, "lead_units", message, severity))
        if row["deadline_due"]:
            try:
                dt.date.fromisoformat(row["deadline_due"])
            except ValueError:
                problems.append(
                    Problem(path, record, "deadline_due", f"not a real date: {row['deadline_due']!r}")
                )
        for column in _BOOL_COLUMNS:
            if row[column] not in ("true", "false"):
                problems.append(Problem(path, record, column, f"expected true or false, got {row[column]!r}"))
    if seqs:
        missing = sorted(set(range(1, max(seqs) + 1)) - set(seqs))
        if missing:
            problems.append(
                Problem(path, "rows", "seq", f"not contiguous: missing {', '.join(map(str, missing))}")
            )
    return problems


_PILOT_BOOL_COLUMNS = ("group_inferred", "national_pilot")


def _check_pilot_csv(path: str, reader: csv.DictReader[str]) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[int, int] = {}
    for index, row in enumerate(reader):
        record = f"row {index + 2} (seq {row.get('seq')})"
        try:
            seq = int(row.get("seq") or "")
        except ValueError:
            problems.append(Problem(path, record, "seq", f"not a whole number: {row.get('seq')!r}"))
            continue
        if seq in seen:
            problems.append(Problem(path, record, "seq", f"duplicate of row {seen[seq]}"))
        seen.setdefault(seq, index + 2)
        if not (row.get("group") or "").strip():
            problems.append(Problem(path, record, "group", "empty"))
        for column in _PILOT_BOOL_COLUMNS:
            if row.get(column) not in ("true", "false"):
                problems.append(
                    Problem(path, record, column, f"expected true or false, got {row.get(column)!r}")
                )
    return problems


# ---- files --------------------------------------------------------------------------------------


def load_structured(text: str, kind: str) -> Any:
    if kind == "json":
        return json.loads(text)
    from ybhj_parse.rules.yamlio import safe_load_all

    documents = safe_load_all(text)
    if not documents:
        return None  # an empty file: the models say what is missing
    return documents[0] if len(documents) == 1 else documents


def sniff(text: str) -> str:
    """The format of a dataset read from stdin: JSON, a CSV of ours, else YAML."""
    start = text.lstrip("\ufeff \t\r\n")[:1]
    if start in ("{", "["):
        return "json"
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    return "csv" if first.startswith(("source_path,", "来源文件,")) else "yaml"


def validate_file(path: Path) -> list[Problem]:
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise UsageError(f"{path}: not a dataset (expected .json, .yaml, .yml or .csv)")
    return validate_text(str(path), kind, path.read_bytes())


def validate_text(shown: str, kind: str, raw: bytes) -> list[Problem]:
    """Check one dataset's bytes, in the format ``kind``; ``shown`` names it in the problems."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return [Problem(shown, "file", "-", f"not valid UTF-8: {exc}")]
    if kind == "csv":
        return check_csv(shown, text)
    try:
        data = load_structured(text, kind)
    except json.JSONDecodeError as exc:
        return [Problem(shown, "file", "-", f"not valid {kind.upper()}: {exc}")]
    except Exception as exc:  # yaml.YAMLError, without importing yaml here
        if type(exc).__module__.startswith("yaml"):
            return [Problem(shown, "file", "-", f"not valid YAML: {exc}")]
        raise
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
            files.extend(
                sorted(
                    p
                    for p in path.iterdir()
                    if p.suffix.lower() in SUFFIXES and p.is_file() and p.name not in NOT_DATASETS
                )
            )
        elif path.is_file():
            files.append(path)
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
