"""Speed and memory figures for ybhj-parse, printed (never asserted: machines are shared and noisy).

Ratios are measured within this one run, so they hold whatever the machine's load:
- parse time of the 52 KB 2022 list, and of a 10x longer synthetic list (linearity ratio);
- parse time of a prose plan of similar size (the notice-plan fixture, its body repeated);
- peak memory of one parse against the size of the input;
- ``ybhj-parse --help`` start-up against a bare ``python -c pass``.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import ybhj_parse
from ybhj_parse.output.writers import to_csv, to_json, to_yaml

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "raw" / "ezhou-2022-key-tasks.txt"
PROSE = ROOT / "tests" / "fixtures" / "family" / "notice-plan.txt"
NOTICE = ROOT / "data" / "raw" / "ezhou-2023-pilot-zone-notice.txt"
TARGET_MS = 50.0  # "a 50 KB document parses in milliseconds"


def best_of(fn, repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times) * 1000, statistics.median(times) * 1000


def longer_list(times: int) -> str:
    """The seed's table repeated, renumbered so the tasks run 1..154*times."""
    text = SEED.read_text(encoding="utf-8")
    head, _, body = text.partition("\t完成时限\n")
    parts = [head + "\t完成时限\n"]
    for k in range(times):
        offset = 154 * k
        parts.append(_renumber(body, offset))
    return "".join(parts)


def _renumber(body: str, offset: int) -> str:
    import regex

    return regex.sub(r"^\t（(\d+)）$", lambda m: f"\t（{int(m.group(1)) + offset}）", body, flags=regex.M)


def prose_plan(times: int) -> str:
    """The notice-plan fixture with its plan body repeated: a prose document of some size."""
    text = PROSE.read_text(encoding="utf-8")
    body = text[text.index("　　一、") :]
    return text + body * (times - 1)


def long_notice(size: int) -> str:
    """The 2023 notice with its attachment table extended by made-up rows to ``size`` bytes."""
    lines = NOTICE.read_text(encoding="utf-8").split("\n")
    row = "\t{}\t促进市场主体公平竞争\t优化公平竞争审查机制\t孝感市、南漳县\t市市场监管局\t/\t省市场监管局\t"
    extra: list[str] = []
    while len("\n".join(lines + extra).encode()) < size:
        extra.append(row.format(100 + len(extra)))
    return "\n".join(lines[:61] + extra + lines[61:])


def main() -> None:
    text = SEED.read_text(encoding="utf-8")
    size_kb = len(SEED.read_bytes()) / 1024
    ybhj_parse.parse_text(text)  # warm caches (rule files, regex compilation)

    best, median = best_of(lambda: ybhj_parse.parse_file(SEED), 30)
    print(
        f"parse {SEED.name} ({size_kb:.1f} KB, 154 tasks): best {best:.1f} ms, median {median:.1f} ms"
        f" (target < {TARGET_MS:.0f} ms: {'met' if median < TARGET_MS else 'NOT met'})"
    )

    big = longer_list(10)
    dataset = ybhj_parse.parse_text(big)
    assert len(dataset.tasks) == 1540, len(dataset.tasks)
    big_best, _ = best_of(lambda: ybhj_parse.parse_text(big), 5)
    small_best, _ = best_of(lambda: ybhj_parse.parse_text(text), 10)
    print(
        f"parse 10x list ({len(big.encode()) / 1024:.0f} KB, 1540 tasks): best {big_best:.1f} ms;"
        f" ratio to 1x = {big_best / small_best:.1f} (linear would be 10)"
    )

    plan = prose_plan(40)
    tasks = len(ybhj_parse.parse_text(plan).tasks)
    prose_best, prose_median = best_of(lambda: ybhj_parse.parse_text(plan), 10)
    print(
        f"parse a prose plan ({len(plan.encode()) / 1024:.0f} KB, {tasks} tasks, inline attributions):"
        f" best {prose_best:.1f} ms, median {prose_median:.1f} ms"
    )

    notice = long_notice(50_000)
    items = len(ybhj_parse.parse_text(notice).pilot_items or [])
    n_best, n_median = best_of(lambda: ybhj_parse.parse_text(notice), 10)
    print(
        f"parse a notice ({len(notice.encode()) / 1024:.0f} KB, {items} pilot items):"
        f" best {n_best:.1f} ms, median {n_median:.1f} ms (target < {TARGET_MS:.0f} ms:"
        f" {'met' if n_median < TARGET_MS else 'NOT met'})"
    )

    tracemalloc.start()
    ybhj_parse.parse_file(SEED)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"peak memory of one parse: {peak / 1024 / 1024:.2f} MiB ({peak / 1024 / size_kb:.0f}x the input size)"
    )

    dataset = ybhj_parse.parse_file(SEED)
    for name, writer in (("json", to_json), ("yaml", to_yaml), ("csv", to_csv)):
        w_best, _ = best_of(lambda writer=writer: writer(dataset), 5)
        print(f"write {name}: best {w_best:.1f} ms")

    def run(args: list[str]) -> float:
        start = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True)
        return time.perf_counter() - start

    bare = min(run([sys.executable, "-c", "pass"]) for _ in range(5)) * 1000
    helped = min(run([sys.executable, "-m", "ybhj_parse", "--help"]) for _ in range(5)) * 1000
    full = min(run([sys.executable, "-m", "ybhj_parse", "extract", "-q", str(SEED)]) for _ in range(3)) * 1000
    print(
        f"start-up: python -c pass {bare:.0f} ms; ybhj-parse --help {helped:.0f} ms"
        f" ({helped / bare:.1f}x); extract of the 2022 list end to end {full:.0f} ms ({full / bare:.1f}x)"
    )


if __name__ == "__main__":
    main()
