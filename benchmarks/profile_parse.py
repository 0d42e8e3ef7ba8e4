"""The parse's profile: the top entries of cProfile over ``parse_bytes`` of the 2022 list.

``python benchmarks/profile_parse.py [ROUNDS] [TOP]`` parses the list once to warm the
rule caches, then ``ROUNDS`` times (default 40) under the profiler, and prints the ``TOP``
entries (default 15) by their own time, per parse.  benchmarks/NOTES.md keeps the entries
of a run before and after the work on speed.
"""

from __future__ import annotations

import cProfile
import pstats
import sys
from pathlib import Path

import ybhj_parse

SEED = Path(__file__).resolve().parent.parent / "data" / "raw" / "ezhou-2022-key-tasks.txt"


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    data = SEED.read_bytes()
    ybhj_parse.parse_bytes(data, path="seed.txt")
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(rounds):
        ybhj_parse.parse_bytes(data, path="seed.txt")
    profiler.disable()
    stats = pstats.Stats(profiler)
    entries = sorted(stats.stats.items(), key=lambda item: item[1][2], reverse=True)
    total = sum(own for _, (_, _, own, _, _) in stats.stats.items())
    print(f"per parse of the 2022 list: {total / rounds * 1000:.2f} ms profiled ({rounds} rounds)")
    print(f"{'own ms':>8} {'cum ms':>8} {'calls':>8}  function")
    for (file, line, name), (_, calls, own, cumulative, _) in entries[:top]:
        where = name if file == "~" else f"{_short(file)}:{line}({name})"
        print(f"{own / rounds * 1000:8.3f} {cumulative / rounds * 1000:8.3f} {calls // rounds:8}  {where}")


def _short(file: str) -> str:
    marker = "ybhj_parse/"
    return file[file.index(marker) + len(marker) :] if marker in file else Path(file).name


if __name__ == "__main__":
    main()
