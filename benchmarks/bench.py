"""Speed and memory figures for ybhj-parse, printed and written to ``.bench/results.json``.

Machines are shared and noisy, so the figures that matter are ratios measured within
this one run, each the median over rounds in which the two things compared run in turn:

- the full pipeline (``parse_bytes``: decode, lines, detection, records, diagnostics)
  against a naive loop (decode, split, and try the heading patterns on every line) on
  the 2022 list, a 10x and a 100x list (renumbered, so the task count is known), and a
  10x list with a bad byte on every tenth line; the damaged 10x against the damaged 1x
  is the growth ratio (linear: about 10);
- cold start of ``ybhj-parse --help`` and of a whole ``extract`` against
  ``python -c "import click"``;
- a batch of documents extracted with ``--jobs 1`` and ``--jobs 2``, in turn, three rounds:
  documents per second (best), speed-up (the median of the rounds' ratios), identical bytes,
  peak RSS of the whole process tree;
- the writers' times.

``BENCH_QUICK=1`` (CI) takes fewer repetitions; ``BENCH_OUT`` names another JSON file.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import regex

import ybhj_parse
from ybhj_parse.output import writers
from ybhj_parse.rules.loader import heading_rules

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "raw" / "ezhou-2022-key-tasks.txt"
NOTICE = ROOT / "data" / "raw" / "ezhou-2023-pilot-zone-notice.txt"
SEED_TASKS = 154
QUICK = os.environ.get("BENCH_QUICK", "") not in ("", "0")
OUT = Path(os.environ.get("BENCH_OUT", ROOT / ".bench" / "results.json"))
BIN = Path(sys.executable).parent
BATCH_DOCS = 200
REPEAT = {
    "small": 3 if QUICK else 15,
    "big": 1 if QUICK else 5,
    "cold": 3 if QUICK else 7,
    "batch": 1 if QUICK else 3,
}


def paired(fns: list[Callable[[], object]], repeat: int) -> tuple[list[float], list[float]]:
    """Run ``fns`` in turn, ``repeat`` rounds: each one's best time (seconds), and the median over
    the rounds of each one's time against the first one's.  Taken in the same round, a ratio
    holds when the load of a shared machine swings between rounds."""
    rounds = []
    for _ in range(repeat):
        times = []
        for fn in fns:
            start = time.perf_counter()
            result = fn()
            times.append(time.perf_counter() - start)
            # What a call returns is freed after the clock stops: freeing a dataset is its
            # caller's, when done with it (a 10x list's took 3-5 ms, counted in its parse).
            del result
        rounds.append(times)
    best = [min(r[i] for r in rounds) for i in range(len(fns))]
    ratios = [statistics.median(r[i] / r[0] for r in rounds) for i in range(len(fns))]
    return best, ratios


def best_of(fn: Callable[[], object], repeat: int) -> float:
    """The best wall time of ``repeat`` calls, in seconds (the least disturbed by other load); as
    in :func:`paired`, what a call returns is freed after the clock stops."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
        del result
    return best


# -- inputs --------------------------------------------------------------------------------


def longer_list(times: int) -> bytes:
    """The seed's table repeated, renumbered so the tasks run 1 .. 154 * times."""
    text = SEED.read_text(encoding="utf-8")
    head, _, body = text.partition("\t完成时限\n")
    parts = [head + "\t完成时限\n"]
    number = regex.compile(r"^\t（(\d+)）$", flags=regex.M)
    for k in range(times):
        offset = SEED_TASKS * k
        parts.append(number.sub(lambda m, o=offset: f"\t（{int(m.group(1)) + o}）", body))
    return "".join(parts).encode("utf-8")


def damaged(data: bytes) -> bytes:
    """A bad byte (0xFF, never valid UTF-8) at the start of every tenth line."""
    lines = data.split(b"\n")
    return b"\n".join(b"\xff" + line if i % 10 == 9 else line for i, line in enumerate(lines))


# -- the pipeline against a naive loop ---------------------------------------------------


def naive_loop(data: bytes) -> int:
    """What any parser must at least do: decode, split into lines, try the heading patterns."""
    patterns = [rule.pattern for rule in heading_rules()]
    headings = 0
    for line in data.decode("utf-8", errors="replace").splitlines():
        stripped = line.strip()
        for pattern in patterns:
            if pattern.match(stripped):
                headings += 1
                break
    return headings


def pipeline_figures(name: str, data: bytes, repeat: int) -> dict[str, Any]:
    dataset = ybhj_parse.parse_bytes(data, path=name)
    (naive, pipeline), (_, slower) = paired(
        [lambda: naive_loop(data), lambda: ybhj_parse.parse_bytes(data, path=name)], repeat
    )
    mb = len(data) / 1e6
    return {
        "bytes": len(data),
        "tasks": len(dataset.tasks),
        "diagnostics": len(dataset.diagnostics),
        "pipeline_s": pipeline,
        "naive_s": naive,
        "mb_per_s": mb / pipeline,
        "tasks_per_s": len(dataset.tasks) / pipeline,
        "naive_mb_per_s": mb / naive,
        "ratio_to_naive": 1 / slower,  # median of the rounds' ratios
        "ratio_of_bests": naive / pipeline,
    }


def documents() -> dict[str, Any]:
    seed = SEED.read_bytes()
    ten, hundred = longer_list(10), longer_list(100)
    results = {
        "seed": pipeline_figures("seed.txt", seed, REPEAT["small"]),
        "10x": pipeline_figures("10x.txt", ten, REPEAT["big"] + 2),
        "100x": pipeline_figures("100x.txt", hundred, 1),
        "damaged_1x": pipeline_figures("damaged-1x.txt", damaged(seed), REPEAT["small"]),
        "damaged_10x": pipeline_figures("damaged-10x.txt", damaged(ten), REPEAT["big"] + 2),
    }
    results["100x"]["expected_tasks"] = SEED_TASKS * 100
    results["damaged_growth"] = results["damaged_10x"]["pipeline_s"] / results["damaged_1x"]["pipeline_s"]
    # The same growth against the naive loop's on the same inputs: what the load does to both cancels.
    results["damaged_growth_vs_naive"] = results["damaged_growth"] / (
        results["damaged_10x"]["naive_s"] / results["damaged_1x"]["naive_s"]
    )
    results["growth_10x"] = results["10x"]["pipeline_s"] / results["seed"]["pipeline_s"]
    return results


# -- start-up --------------------------------------------------------------------------------


def _run(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True)
    return time.perf_counter() - start


def cold_start() -> dict[str, Any]:
    # An installed package has its bytecode compiled (pip does it); a checkout run with
    # PYTHONDONTWRITEBYTECODE would compile every module from source on every start.
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(Path(ybhj_parse.__file__).parent)], check=True
    )
    command = str(BIN / "ybhj-parse")
    runs: list[list[str]] = [
        [sys.executable, "-c", "import click"],
        [command, "--help"],
        [command, "extract", "-q", str(SEED)],
    ]
    (click_s, help_s, extract_s), (_, help_ratio, extract_ratio) = paired(
        [lambda a=args: _run(a) for args in runs], REPEAT["cold"]
    )
    return {
        "import_click_s": click_s,
        "help_s": help_s,
        "extract_s": extract_s,
        "help_ratio": help_ratio,  # median of the rounds' ratios
        "extract_ratio": extract_ratio,
        "help_ratio_of_bests": help_s / click_s,
        "extract_ratio_of_bests": extract_s / click_s,
    }


# -- batches -------------------------------------------------------------------------------


def _tree_rss_kb(pid: int) -> int:
    """Resident memory of ``pid`` and all its descendants, from /proc (Linux)."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(next(ln.split()[1] for ln in status.splitlines() if ln.startswith("VmRSS:")))
            for task in Path(f"/proc/{current}/task").iterdir():
                todo.extend(int(c) for c in (task / "children").read_text().split())
        except (OSError, StopIteration, ValueError):
            continue
    return total


def _run_sampled(args: list[str]) -> tuple[float, int, int]:
    """Wall time, peak RSS of the process tree (KB, sampled) and the exit code of ``args``."""
    start = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _tree_rss_kb(process.pid))
            stop.wait(0.01)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = process.communicate()
    elapsed = time.perf_counter() - start
    stop.set()
    sampler.join()
    if process.returncode not in (0, 1):
        raise SystemExit(f"batch failed ({process.returncode}): {err.decode(errors='replace')[-500:]}")
    return elapsed, peak, process.returncode


def _digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            h.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


# The batch's files live in memory (tmpfs) when the machine has one: every output is synced
# to disk before its rename, and on a shared disk that sync, not the work, would be timed.
BATCH_TMP = os.environ.get("BENCH_TMP") or ("/dev/shm" if Path("/dev/shm").is_dir() else None)


def _batch_run(inputs: Path, out: Path, jobs: int) -> tuple[float, dict[str, Any]]:
    """One extract of the folder ``inputs`` into ``out`` with ``jobs`` workers: its time and figures."""
    shutil.rmtree(out, ignore_errors=True)
    args = [
        str(BIN / "ybhj-parse"),
        "extract",
        "-q",
        "-f",
        "json",
        "--out-dir",
        str(out),
        "--jobs",
        str(jobs),
    ]
    elapsed, peak_kb, code = _run_sampled([*args, str(inputs)])
    figures = {
        "peak_rss_mb": peak_kb / 1024,
        "exit": code,
        "files": len(list(out.iterdir())),
        "digest": _digest(out),
    }
    return elapsed, figures


def batch() -> dict[str, Any]:
    results: dict[str, Any] = {"documents": BATCH_DOCS, "folder": BATCH_TMP or tempfile.gettempdir()}
    usage = subprocess.run([str(BIN / "ybhj-parse"), "extract", "--help"], capture_output=True, text=True)
    if "--jobs" not in usage.stdout:
        return {**results, "unsupported": "extract has no --jobs"}
    with tempfile.TemporaryDirectory(dir=BATCH_TMP) as tmp:
        inputs = Path(tmp) / "in"
        inputs.mkdir()
        for i in range(BATCH_DOCS):
            seed = SEED if i % 2 == 0 else NOTICE
            shutil.copyfile(seed, inputs / f"doc-{i:03d}-{seed.name}")
        # As every ratio here: rounds in which the two run in turn, the median of their ratios.
        runs: dict[int, list[tuple[float, dict[str, Any]]]] = {1: [], 2: []}
        for _ in range(REPEAT["batch"]):
            for jobs in (1, 2):
                runs[jobs].append(_batch_run(inputs, Path(tmp) / f"out-{jobs}", jobs))
    for jobs, done in runs.items():
        best = min(elapsed for elapsed, _ in done)
        results[f"jobs{jobs}"] = {
            **done[0][1],
            "s": best,
            "docs_per_s": BATCH_DOCS / best,
            "peak_rss_mb": max(figures["peak_rss_mb"] for _, figures in done),
        }
    results["speedup"] = statistics.median(one[0] / two[0] for one, two in zip(runs[1], runs[2], strict=True))
    results["identical"] = len({figures["digest"] for done in runs.values() for _, figures in done}) == 1
    return results


# -- writers -------------------------------------------------------------------------------


def writer_times() -> dict[str, float]:
    dataset = ybhj_parse.parse_file(SEED)
    repeat = REPEAT["small"]
    return {
        name: best_of(lambda n=name: writers.render(n, dataset), repeat) for name in ("json", "yaml", "csv")
    }


# -- report ----------------------------------------------------------------------------------


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def report(results: dict[str, Any]) -> None:
    docs = results["documents"]
    for name in ("seed", "10x", "100x", "damaged_1x", "damaged_10x"):
        d = docs[name]
        print(
            f"{name:12} {d['bytes'] / 1e6:6.2f} MB {d['tasks']:6} tasks {d['diagnostics']:5} diags:"
            f" {_ms(d['pipeline_s']):>10}, {d['mb_per_s']:5.2f} MB/s, {d['tasks_per_s']:7.0f} tasks/s;"
            f" naive loop {_ms(d['naive_s'])} ({d['naive_mb_per_s']:.1f} MB/s); ratio {d['ratio_to_naive']:.3f}"
        )
    hundred = docs["100x"]
    print(
        f"100x task count {hundred['tasks']} (expected {hundred['expected_tasks']}:"
        f" {'right' if hundred['tasks'] == hundred['expected_tasks'] else 'WRONG'})"
    )
    print(
        f"growth 10x/1x {docs['growth_10x']:.1f}; damaged 10x/1x {docs['damaged_growth']:.1f} (bound 12;"
        f" against the naive loop's growth on the same inputs: {docs['damaged_growth_vs_naive']:.2f})"
    )
    cold = results["cold_start"]
    print(
        f"cold start: import click {_ms(cold['import_click_s'])}; --help {_ms(cold['help_s'])}"
        f" ({cold['help_ratio']:.2f}x, bound 1.5); extract {_ms(cold['extract_s'])}"
        f" ({cold['extract_ratio']:.2f}x, bound 4.5)"
    )
    b = results["batch"]
    if "unsupported" in b:
        print(f"batch: {b['unsupported']}")
    for jobs in (1, 2) if "jobs1" in b else ():
        j = b[f"jobs{jobs}"]
        print(
            f"batch of {b['documents']} --jobs {jobs}: {j['s']:.2f} s, {j['docs_per_s']:.0f} docs/s,"
            f" peak RSS {j['peak_rss_mb']:.0f} MB, exit {j['exit']}, {j['files']} files"
        )
    if "speedup" in b:
        print(
            f"batch speed-up {b['speedup']:.2f}x; identical bytes: {b['identical']} (files in {b['folder']})"
        )
    print("writers (2022 list): " + ", ".join(f"{k} {_ms(v)}" for k, v in results["writers"].items()))


def main() -> None:
    ybhj_parse.parse_bytes(SEED.read_bytes())  # warm the rule caches and compiled patterns
    results: dict[str, Any] = {"quick": QUICK, "cpus": os.cpu_count()}
    results["documents"] = documents()
    results["cold_start"] = cold_start()
    results["batch"] = batch()
    results["writers"] = writer_times()
    report(results)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT) if OUT.is_relative_to(ROOT) else OUT}")


if __name__ == "__main__":
    main()
