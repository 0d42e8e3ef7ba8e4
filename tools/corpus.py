"""Score the parser on the real corpus of tests/corpus/ (see tests/corpus/README.md).

    python tools/corpus.py score [NAME ...] [--json]   fields right per document and in total
    python tools/corpus.py first-sight NAME ...        score new documents with the committed code
                                                       (a clean checkout of HEAD), append their rows
    python tools/corpus.py record                      refresh the `now` column of FIRST_SIGHT.csv

A document's score is fields right / fields: each expected task is matched, in order, to the
next parsed task whose text starts with its `text`; a matched task scores four fields (text,
lead, responsible, due); an expected task left unmatched between two matches is paired with
a parsed task left unmatched there (its text wrong, its other fields scored), else it scores
0 of 4; every parsed task paired with none counts four wrong fields.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import os
import subprocess
import sys
import tempfile
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
FIRST_SIGHT = CORPUS / "FIRST_SIGHT.csv"
FIRST_SIGHT_COLUMNS = ("document", "added", "commit", "first_sight", "now")
FIELDS = ("text", "lead", "responsible", "due")
DOCUMENT_NAMES = ("document.txt", "document.html", "document.docx", "document.xlsx", "document.pdf")
# Punctuation a copy may give in either form; dropped before names and prefixes are compared.
IGNORED = frozenset(" \t\u3000\u00a0\"'“”‘’「」『』《》<>·•")


@cache
def _to_simplified() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def fold(text: str) -> str:
    """The comparison key of a value: NFKC, simplified characters (a traditional copy is read in
    simplified ones, and its expected records are written as published), no spaces, no quotes."""
    folded = "".join(ch for ch in unicodedata.normalize("NFKC", text) if ch not in IGNORED)
    return str(_to_simplified().convert(folded))


@dataclass(frozen=True)
class Expected:
    text: str
    lead: frozenset[str]
    responsible: frozenset[str]
    due: str | None


@dataclass(frozen=True)
class Parsed:
    text: str
    lead: frozenset[str]
    responsible: frozenset[str]
    due: str | None


@dataclass
class Score:
    document: str
    right: int = 0
    total: int = 0
    expected_tasks: int = 0
    parsed_tasks: int = 0
    missing: int = 0
    extra: int = 0
    wrong: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    error: str | None = None

    @property
    def ratio(self) -> float:
        return self.right / self.total if self.total else 0.0


def documents(names: Sequence[str] = ()) -> list[Path]:
    """The corpus folders, by name (all when none is given)."""
    folders = (
        [CORPUS / name for name in names] if names else sorted(p for p in CORPUS.iterdir() if p.is_dir())
    )
    for folder in folders:
        if not (folder / "expected.yaml").is_file():
            raise SystemExit(f"{folder}: no expected.yaml")
    return folders


def document_file(folder: Path) -> Path:
    for name in DOCUMENT_NAMES:
        if (folder / name).is_file():
            return folder / name
    raise SystemExit(f"{folder}: no document file ({', '.join(DOCUMENT_NAMES)})")


def _units(value: Any, where: str) -> frozenset[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise SystemExit(f"{where}: a unit list must be a list of names")
    return frozenset(fold(v) for v in value)


def _due(value: Any, where: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    raise SystemExit(f"{where}: due must be a date (YYYY-MM-DD) or null")


def load_expected(folder: Path) -> list[Expected]:
    path = folder / "expected.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("tasks"), list) or not data["tasks"]:
        raise SystemExit(f"{path}: a mapping with a non-empty list `tasks`")
    tasks = []
    for index, task in enumerate(data["tasks"]):
        where = f"{path}: tasks[{index}]"
        if not isinstance(task, dict) or set(task) != set(FIELDS):
            raise SystemExit(f"{where}: exactly the keys {', '.join(FIELDS)}")
        if not isinstance(task["text"], str) or not fold(task["text"]):
            raise SystemExit(f"{where}: text must be the first words of the task")
        tasks.append(
            Expected(
                text=fold(task["text"]),
                lead=_units(task["lead"], where),
                responsible=_units(task["responsible"], where),
                due=_due(task["due"], where),
            )
        )
    return tasks


def parse(path: Path) -> list[Parsed]:
    """The parsed tasks (and pilot items) of a document, as the scorer compares them."""
    import ybhj_parse

    dataset = ybhj_parse.parse_file(path)
    parsed = []
    for task in dataset.tasks:
        lead = frozenset(fold(u) for u in task.lead_units)
        # As the parser gives them: a unit that leads and is listed as responsible too is both.
        others = frozenset(fold(u) for u in [*task.responsible_units, *task.scope_words])
        due = task.deadline.due.isoformat() if task.deadline and task.deadline.due else None
        parsed.append(Parsed(fold(task.text), lead, others, due))
    for item in dataset.pilot_items or []:
        guides = [*item.city_guiding_units, *item.provincial_guiding_units]
        parsed.append(
            Parsed(
                fold(item.item), frozenset(map(fold, item.creating_units)), frozenset(map(fold, guides)), None
            )
        )
    return parsed


def align(
    expected: Sequence[Expected], parsed: Sequence[Parsed]
) -> list[tuple[int | None, int | None, bool]]:
    """Pairs (expected index, parsed index, text matched), in order; None on the side missing."""
    anchors: list[tuple[int, int]] = []
    cursor = 0
    for e_index, task in enumerate(expected):
        for p_index in range(cursor, len(parsed)):
            if parsed[p_index].text.startswith(task.text):
                anchors.append((e_index, p_index))
                cursor = p_index + 1
                break
    pairs: list[tuple[int | None, int | None, bool]] = []
    previous = (-1, -1)
    for anchor in [*anchors, (len(expected), len(parsed))]:
        gap_e = range(previous[0] + 1, anchor[0])
        gap_p = range(previous[1] + 1, anchor[1])
        for offset in range(max(len(gap_e), len(gap_p))):
            e = gap_e[offset] if offset < len(gap_e) else None
            p = gap_p[offset] if offset < len(gap_p) else None
            pairs.append((e, p, False))
        if anchor[0] < len(expected):
            pairs.append((anchor[0], anchor[1], True))
        previous = anchor
    return pairs


def score_pairs(name: str, expected: Sequence[Expected], parsed: Sequence[Parsed]) -> Score:
    score = Score(name, expected_tasks=len(expected), parsed_tasks=len(parsed))
    for e_index, p_index, text_matched in align(expected, parsed):
        score.total += len(FIELDS)
        if e_index is None:
            score.extra += 1
            continue
        if p_index is None:
            score.missing += 1
            for name_ in FIELDS:
                score.wrong[name_] += 1
            continue
        want, got = expected[e_index], parsed[p_index]
        checks = {
            "text": text_matched,
            "lead": want.lead == got.lead,
            "responsible": want.responsible == got.responsible,
            "due": want.due == got.due,
        }
        score.right += sum(checks.values())
        for name_, ok in checks.items():
            score.wrong[name_] += not ok
    return score


def score_document(folder: Path) -> Score:
    expected = load_expected(folder)
    try:
        parsed = parse(document_file(folder))
    except Exception as error:  # a refusal or a crash scores nothing, and says why
        score = Score(folder.name, total=len(FIELDS) * len(expected), expected_tasks=len(expected))
        score.missing = len(expected)
        score.error = f"{type(error).__name__}: {error}".splitlines()[0][:200]
        return score
    return score_pairs(folder.name, expected, parsed)


def read_first_sight() -> list[dict[str, str]]:
    if not FIRST_SIGHT.is_file():
        return []
    with FIRST_SIGHT.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_first_sight(rows: Iterable[dict[str, str]]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, FIRST_SIGHT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    temporary = FIRST_SIGHT.with_suffix(".csv.tmp")
    temporary.write_text(buffer.getvalue(), encoding="utf-8")
    os.replace(temporary, FIRST_SIGHT)


def total_ratio(scores: Sequence[Score]) -> float:
    total = sum(s.total for s in scores)
    return sum(s.right for s in scores) / total if total else 0.0


def last_added_average(rows: Sequence[dict[str, str]], count: int = 10) -> tuple[float, list[dict[str, str]]]:
    last = list(rows)[-count:]
    return (sum(float(r["first_sight"]) for r in last) / len(last) if last else 0.0), last


def report(scores: Sequence[Score], out: Any = sys.stdout) -> None:
    rows = {r["document"]: r for r in read_first_sight()}
    print(
        f"{'document':36} {'tasks':>9} {'fields':>9} {'now':>7} {'first':>7}  wrong (text lead resp due)",
        file=out,
    )
    for s in scores:
        first = rows.get(s.document, {}).get("first_sight", "-")
        wrong = " ".join(str(s.wrong[f]) for f in FIELDS)
        tasks = f"{s.parsed_tasks}/{s.expected_tasks}"
        line = f"{s.document:36} {tasks:>9} {s.right:>4}/{s.total:<4} {s.ratio:7.1%} {first:>7}  {wrong}"
        if s.error:
            line += f"  [{s.error}]"
        print(line, file=out)
    issuers = {_issuer(CORPUS / s.document) for s in scores}
    print(
        f"total: {sum(s.right for s in scores)}/{sum(s.total for s in scores)} fields right = "
        f"{total_ratio(scores):.1%} over {len(scores)} documents from {len(issuers)} issuers",
        file=out,
    )
    average, last = last_added_average(list(rows.values()))
    if last:
        commits = ", ".join(sorted({r["commit"] for r in last}))
        print(
            f"first sight, the last {len(last)} documents added: {average:.1%} (scored at {commits})",
            file=out,
        )


def _issuer(folder: Path) -> str:
    source = yaml.safe_load((folder / "source.yaml").read_text(encoding="utf-8"))
    return str(source.get("issuer", folder.name)) if isinstance(source, dict) else folder.name


def command_score(names: Sequence[str], as_json: bool) -> int:
    scores = [score_document(folder) for folder in documents(names)]
    if as_json:
        json.dump([{**asdict(s), "ratio": s.ratio} for s in scores], sys.stdout, ensure_ascii=False)
    else:
        report(scores)
    return 0


def command_first_sight(names: Sequence[str]) -> int:
    """Score new documents with HEAD's code in a clean checkout, so no uncommitted change counts."""
    if not names:
        raise SystemExit("first-sight: name the new documents")
    rows = read_first_sight()
    known = {r["document"] for r in rows}
    if again := sorted(set(names) & known):
        raise SystemExit(f"first-sight: already scored, never again: {', '.join(again)}")
    documents(names)
    commit = subprocess.run(
        ["git", "rev-parse", "--short=12", "HEAD"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()
    with tempfile.TemporaryDirectory(prefix="first-sight-") as tree:
        subprocess.run(["git", "worktree", "add", "--detach", "--quiet", tree, commit], cwd=ROOT, check=True)
        try:
            env = {**os.environ, "PYTHONPATH": str(Path(tree) / "src")}
            result = subprocess.run(
                [sys.executable, __file__, "score", "--json", *names],
                env=env,
                check=True,
                capture_output=True,
                text=True,
            )
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", tree], cwd=ROOT, check=True)
    scores = json.loads(result.stdout)
    today = dt.date.today().isoformat()
    for s in scores:
        rows.append(
            {
                "document": s["document"],
                "added": today,
                "commit": commit,
                "first_sight": f"{s['ratio']:.4f}",
                "now": f"{s['ratio']:.4f}",
            }
        )
        print(f"{s['document']}: first sight {s['right']}/{s['total']} = {s['ratio']:.1%} at {commit}")
    write_first_sight(rows)
    return 0


def command_record() -> int:
    rows = read_first_sight()
    scores = {s.document: s for s in (score_document(CORPUS / r["document"]) for r in rows)}
    for row in rows:
        row["now"] = f"{scores[row['document']].ratio:.4f}"
    write_first_sight(rows)
    report(list(scores.values()))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    score = commands.add_parser("score")
    score.add_argument("names", nargs="*")
    score.add_argument("--json", action="store_true")
    first = commands.add_parser("first-sight")
    first.add_argument("names", nargs="+")
    commands.add_parser("record")
    args = parser.parse_args(argv)
    if args.command == "score":
        return command_score(args.names, args.json)
    if args.command == "first-sight":
        return command_first_sight(args.names)
    return command_record()


if __name__ == "__main__":
    sys.exit(main())
