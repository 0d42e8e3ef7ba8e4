"""Large and damaged inputs: the work grows with the input, and task numbers have no size limit."""

from __future__ import annotations

import re
import time
from types import SimpleNamespace

import pytest
import regex

import ybhj_parse
from conftest import TASK_LIST
from ybhj_parse.model.diagnostics import ProblemIndex, diag
from ybhj_parse.model.records import Task
from ybhj_parse.source.text import LineIndex, line_of

SEED_TASKS = 154
_NUMBER = regex.compile(r"^\t（(\d+)）$", flags=regex.M)


def renumbered_list(times: int, *, first: int = 1) -> bytes:
    """The 2022 list's table ``times`` times over, its tasks numbered on from ``first``."""
    text = TASK_LIST.read_text(encoding="utf-8")
    head, _, body = text.partition("\t完成时限\n")
    parts = [head + "\t完成时限\n"]
    for k in range(times):
        offset = first - 1 + SEED_TASKS * k
        parts.append(_NUMBER.sub(lambda m, o=offset: f"\t（{int(m.group(1)) + o}）", body))
    return "".join(parts).encode("utf-8")


def damaged(data: bytes) -> bytes:
    """A bad byte (0xFF) at the start of every tenth line."""
    lines = data.split(b"\n")
    return b"\n".join(b"\xff" + line if i % 10 == 9 else line for i, line in enumerate(lines))


@pytest.mark.parametrize(
    "text", ["", "a", "a\nb", "a\r\nb\rc\n", "\n\n\n", "一\r\n\r\n二\r三\n\n", "x\r\r\ny\n\rz"]
)
def test_line_index_agrees_with_counting_line_ends(text):
    # Between the two characters of a CRLF no character starts: no offset of damage falls there.
    offsets = [i for i in range(len(text) + 1) if text[i - 1 : i + 1] != "\r\n"]
    index = LineIndex(text)
    assert [index.line_of(i) for i in offsets] == [line_of(text, i) for i in offsets]
    # The CRs right before an LF end the line with it (CR CR LF is one line end); a lone CR ends one.
    joined = re.sub(r"\r+\n", "\n", text)
    assert index.line_of(len(text)) == joined.count("\n") + joined.count("\r") + 1


def _task(line: int, end_line: int) -> Task:
    # Only the lines and the problems matter here.
    return SimpleNamespace(source=SimpleNamespace(line=line, end_line=end_line), problems=[])  # type: ignore[return-value]


def test_damage_marks_exactly_the_tasks_whose_lines_hold_it():
    tasks = [_task(1, 3), _task(4, 4), _task(5, 9), _task(10, 12)]
    diags = [
        diag("undecodable-bytes", 9, count=1, encoding="utf-8"),
        diag("undecodable-bytes", 3, count=2, encoding="utf-8"),
    ]
    diags.append(diag("cut-in-character", 12, encoding="utf-8"))
    index = ProblemIndex(diags)
    assert [index.on(t.source.line, t.source.end_line) for t in tasks] == [
        ["undecodable-bytes"],
        [],
        ["undecodable-bytes"],
        ["cut-in-character"],
    ]


def test_every_tenth_line_damaged_every_damaged_line_reported():
    dataset = ybhj_parse.parse_bytes(damaged(TASK_LIST.read_bytes()), path="damaged.txt")
    damage = [d.line for d in dataset.diagnostics if d.code == "undecodable-bytes"]
    assert damage == list(range(10, 1248, 10))
    assert len(dataset.tasks) == SEED_TASKS
    marked = [t.seq for t in dataset.tasks if "undecodable-bytes" in t.problems]
    hit = {t.seq for t in dataset.tasks for n in damage if t.source.line <= n <= t.source.end_line}
    assert marked == sorted(hit)


def _cpu_best(data: bytes, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        ybhj_parse.parse_bytes(data, path="growth.txt")
        best = min(best, time.process_time() - start)
    return best


def test_damaged_input_grows_linearly():
    """Twenty times the damaged list costs about twenty times the work: a rescan of the text per
    damaged line (or a damage x tasks loop) made it hundreds of times.  Both sizes are measured
    here, in this one run, so the bound holds however loaded the machine is."""
    one = damaged(renumbered_list(1))
    twenty = damaged(renumbered_list(20))
    ybhj_parse.parse_bytes(one)  # warm the rule caches
    ratio = _cpu_best(twenty, 2) / _cpu_best(one, 3)
    assert ratio < 40, f"20x the damaged input took {ratio:.0f}x the time"


def test_task_numbers_beyond_four_digits():
    dataset = ybhj_parse.parse_bytes(renumbered_list(1, first=9998), path="long.txt")
    assert len(dataset.tasks) == SEED_TASKS
    assert [(t.seq, t.label) for t in dataset.tasks[:4]] == [
        (9998, "（9998）"),
        (9999, "（9999）"),
        (10000, "（10000）"),
        (10001, "（10001）"),
    ]
    assert dataset.tasks[-1].seq == 9997 + SEED_TASKS
    gap = [d.message for d in dataset.diagnostics if d.code == "seq-gap"]
    assert gap == ["no task numbered 1–9997 (before 9998)"]


def test_each_unit_cell_text_is_split_once_per_document(monkeypatch):
    from ybhj_parse.records import assemble

    calls: list[str] = []
    split = assemble.shared_unit_parse

    def counting(cell, extra_separators=""):
        calls.append(cell)
        return split(cell, extra_separators)

    before = ybhj_parse.parse_file(TASK_LIST)
    monkeypatch.setattr(assemble, "shared_unit_parse", counting)
    after = ybhj_parse.parse_file(TASK_LIST)
    assert len(calls) == len(set(calls)) == 116  # of 308 unit cells
    assert after == before


def test_a_datasets_unit_lists_are_its_own():
    """The assembler reads the one shared parse of each unit cell; the validated dataset copies
    every value, so changing its lists changes neither the shared parses nor another dataset."""
    pristine = ybhj_parse.parse_file(TASK_LIST)
    changed = ybhj_parse.parse_file(TASK_LIST)
    for task in changed.tasks:
        for names in (task.lead_units, task.responsible_units, task.scope_words):
            names.append("市某局")
    for members in changed.document.scope_definitions.values():
        members.append("某区")
    assert changed.document.scope_definitions  # the seed defines 各区: its members were changed too
    assert ybhj_parse.parse_file(TASK_LIST) == pristine != changed


def test_folding_never_makes_or_removes_a_line_end():
    """The reader folds the whole text at once before splitting it into lines."""
    from ybhj_parse.source.textnorm import FOLD_TABLE

    ends = {"\n", "\r"}
    assert not {chr(k) for k in FOLD_TABLE} & ends
    assert not any(isinstance(v, str) and set(v) & ends for v in FOLD_TABLE.values())


def test_folding_by_replacement_reads_as_one_translation():
    """fold() replaces each foldable character present in turn, which equals one translate only
    while no replacement holds a character that is folded itself."""
    from ybhj_parse.source.textnorm import FOLD_TABLE, fold

    folded = {chr(k) for k in FOLD_TABLE}
    assert not any(set(v) & folded for v in FOLD_TABLE.values())
    every = "".join(sorted(folded))
    assert sorted(fold(every)) == sorted(
        "0123456789.." + " " * 7
    )  # two full stops, seven spaces, NUL dropped
    text = "（１２）　推进\u00a0落实\u2002３．５\x00项" + every + "末"
    assert fold(text) == text.translate(FOLD_TABLE) == "（12） 推进 落实 3.5项" + fold(every) + "末"


def test_the_quick_search_for_suspect_characters_misses_none():
    """has_foldable() looks with the standard library for the blocks the suspect characters stand
    in, then with the full pattern from there: every code point the pattern finds lies in them."""
    from ybhj_parse.source.textnorm import _MAY_BE_SUSPECT, _SUSPECT, has_foldable

    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    suspects = [m.group() for m in _SUSPECT.finditer(every)]
    assert len(suspects) > 1000  # the format characters, the compatibility ideographs, ⑴ …
    assert [c for c in suspects if _MAY_BE_SUSPECT.fullmatch(c) is None] == []
    assert has_foldable("推进\u200b落实") and has_foldable("⼀、总体要求") and not has_foldable("推进“落实”")


def test_a_line_turned_away_by_the_header_search_names_no_column():
    """find_header() skips a line whose characters cannot begin or end a column's name: on every
    line of the documents and fixtures, such a line is no header row and no header cell."""
    from conftest import FIXTURES, RAW
    from ybhj_parse.blocks import header
    from ybhj_parse.rules.loader import column_rules
    from ybhj_parse.source.text import read_text

    _, firsts, lasts = header._names_of(column_rules())
    turned_away = kept = 0
    for path in sorted([*RAW.glob("*.txt"), *FIXTURES.rglob("*.txt")]):
        for line in read_text(path.read_text(encoding="utf-8")).lines:
            if line.blank:
                continue
            if header._names_no_cell_of(line, firsts, lasts):
                turned_away += 1
                assert header._row_header(line, 0) is None, (path.name, line.number)
                assert header._role(header.flat_text(line)) is None, (path.name, line.number)
            else:
                kept += 1
    assert turned_away > 500 and kept > 100, (turned_away, kept)


def test_a_header_repeated_at_every_page_break_is_found_in_one_pass(monkeypatch):
    """The header row again before every tenth task (a page break in an export): each one is
    furniture, and the search for the next goes on in the same lines from where the last one
    ended, never in a copy of the rest (a copy per repeat made the reading quadratic)."""
    from ybhj_parse.blocks import header

    text = TASK_LIST.read_text(encoding="utf-8")
    block = text[text.index("\t政策措施\n") : text.index("\t完成时限\n") + len("\t完成时限\n")]
    repeated = _NUMBER.sub(
        lambda m: (block if int(m.group(1)) % 10 == 1 and m.group(1) != "1" else "") + m.group(), text
    )
    seed_texts = [t.text for t in ybhj_parse.parse_file(TASK_LIST).tasks]
    searches: list[tuple[int, int]] = []
    find = header.find_header

    def spying(lines, start=0):
        searches.append((id(lines), start))
        return find(lines, start)

    monkeypatch.setattr(header, "find_header", spying)
    dataset = ybhj_parse.parse_text(repeated, "repeated.txt")
    repeats = [d.line for d in dataset.diagnostics if d.code == "header-repeated"]
    assert len(repeats) == 15  # before tasks 11, 21, … 151
    assert [t.text for t in dataset.tasks] == seed_texts
    assert len({lines for lines, _ in searches}) == 1
    starts = [start for _, start in searches if start]
    assert starts == sorted(set(starts)) and len(starts) == len(repeats) + 1  # the last finds none


def _lines_added(k: int, kind: str) -> str:
    """The 2022 list with ``k`` more lines in its first row: the task cell continued over ``k``
    unindented lines, or ``k`` more unit cells (one unit a line) after its 责任单位 cell."""
    text = TASK_LIST.read_text(encoding="utf-8")
    after = "\t实现企业开办" if kind == "task" else "\t市公安局、"
    if kind == "task":
        added = "".join(f"续写第{i}行\n" for i in range(k))
    else:
        added = "".join(f"\t第{i}区政府\n" for i in range(k))
    end = text.index("\n", text.index(after)) + 1
    return text[:end] + added + text[end:]


@pytest.mark.parametrize("kind", ["task", "units"])
def test_a_cell_over_thousands_of_lines_costs_in_proportion(kind):
    """A cell's lines are joined once, not copied again with each new line (and a unit list one
    unit a line is read line by line, not every line again): sixteen times the lines in one
    cell cost about sixteen times the work, not hundreds of times."""
    few, many = _lines_added(1000, kind), _lines_added(16000, kind)
    first = ybhj_parse.parse_text(many, "many.txt").tasks[0]
    if kind == "task":
        assert first.text.endswith("续写第15998行续写第15999行") and first.text.count("续写第") == 16000
    else:
        assert first.responsible_units[-2:] == ["第15998区政府", "第15999区政府"]
        assert len(first.responsible_units) == 7 + 16000  # 市公安局 … 人行鄂州市中心支行, then the added ones

    def cpu(text: str) -> float:
        start = time.process_time()
        ybhj_parse.parse_text(text, "growth.txt")
        return time.process_time() - start

    ratio = min(cpu(many) for _ in range(2)) / min(cpu(few) for _ in range(3))
    assert ratio < 40, f"16x the lines in one cell took {ratio:.0f}x the time"
