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
- 10,000 small documents (the 2022 list's first two tasks) extracted with ``--jobs 2``, in
  both modes: documents per second and the peak RSS of the process tree, which must not
  grow with the number of documents;
- the corpus: every ``tests/corpus/*/document.*`` there is at run time, each parsed through
  ``parse_file`` (the reader chosen by the content): documents and MB per second, the
  documents refused, the slowest one (none there: 0 documents);
- the writers' times.

``BENCH_QUICK=1`` (CI) takes fewer repetitions; ``BENCH_OUT`` names another JSON file,
``BENCH_CORPUS`` another corpus folder (its ``*/document.*``).
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
MANY_DOCS = 10_000
MANY_BOUND_MB = 300
CORPUS = Path(os.environ.get("BENCH_CORPUS", ROOT / "tests" / "corpus"))
REPEAT = {
    "small": 3 if QUICK else 15,
    "big": 1 if QUICK else 5,
    "cold": 3 if QUICK else 7,
    "batch": 1 if QUICK else 3,
    "corpus": 1 if QUICK else 3,
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


def _batch_run(inputs: Path, out: Path, jobs: int, *, digest: bool = True) -> tuple[float, dict[str, Any]]:
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
        "digest": _digest(out) if digest else None,
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


def small_list() -> bytes:
    """The 2022 list's head, header and first two tasks: a small document of about 1 KB."""
    text = SEED.read_text(encoding="utf-8")
    return text[: text.index("\t2.持续深化")].encode("utf-8")


def many() -> dict[str, Any]:
    """``MANY_DOCS`` small documents extracted with ``--jobs 2``: speed and peak memory."""
    data = small_list()
    with tempfile.TemporaryDirectory(dir=BATCH_TMP) as tmp:
        inputs = Path(tmp) / "in"
        inputs.mkdir()
        for i in range(MANY_DOCS):
            (inputs / f"small-{i:05d}.txt").write_bytes(data)
        elapsed, figures = _batch_run(inputs, Path(tmp) / "out", 2, digest=False)
    return {
        "documents": MANY_DOCS,
        "bytes_each": len(data),
        "s": elapsed,
        "docs_per_s": MANY_DOCS / elapsed,
        "bound_mb": MANY_BOUND_MB,
        **figures,
    }


# -- the corpus ------------------------------------------------------------------------------


def corpus_documents() -> list[Path]:
    """Every document of the corpus as it is now (others may be adding to it)."""
    return sorted(path for path in CORPUS.glob("*/document.*") if path.is_file())


def _parse_timed(path: Path) -> tuple[float, str | None, int]:
    """Seconds to parse ``path``, what stopped it (None: parsed), and its task and item count."""
    from ybhj_parse.errors import YbhjError

    start = time.perf_counter()
    try:
        dataset = ybhj_parse.parse_file(path)
    except YbhjError as exc:
        return time.perf_counter() - start, f"refused: {exc.message}", 0
    except Exception as exc:  # a crash is a bug, reported here, and the bench goes on  # noqa: BLE001
        return time.perf_counter() - start, f"CRASHED: {type(exc).__name__}: {exc}", 0
    elapsed = time.perf_counter() - start
    return elapsed, None, len(dataset.tasks) + len(dataset.pilot_items or [])


def corpus() -> dict[str, Any]:
    """Each corpus document parsed in turn, ``REPEAT["corpus"]`` rounds: the sum of the
    documents' best times.  The first document of each suffix is parsed once untimed first,
    so a reader's import is not counted in one document's time."""
    paths = corpus_documents()
    shown = CORPUS.relative_to(ROOT) if CORPUS.is_relative_to(ROOT) else CORPUS
    results: dict[str, Any] = {"folder": str(shown), "documents": len(paths)}
    if not paths:
        return results
    for first in {path.suffix.lower(): path for path in reversed(paths)}.values():
        _parse_timed(first)
    best = dict.fromkeys(paths, float("inf"))
    stopped: dict[Path, str] = {}
    records = 0
    for _ in range(REPEAT["corpus"]):
        records = 0
        for path in paths:
            elapsed, why, count = _parse_timed(path)
            best[path] = min(best[path], elapsed)
            records += count
            if why:
                stopped[path] = why
    total = sum(best.values())
    size = sum(path.stat().st_size for path in paths)
    slowest = max(paths, key=best.__getitem__)
    suffixes: dict[str, int] = {}
    for path in paths:
        suffixes[path.suffix.lower()] = suffixes.get(path.suffix.lower(), 0) + 1
    return {
        **results,
        "bytes": size,
        "records": records,
        "s": total,
        "docs_per_s": len(paths) / total,
        "mb_per_s": size / 1e6 / total,
        "suffixes": dict(sorted(suffixes.items())),
        "stopped": {str(path.relative_to(CORPUS)): why for path, why in stopped.items()},
        "slowest": str(slowest.relative_to(CORPUS)),
        "slowest_s": best[slowest],
        "slowest_bytes": slowest.stat().st_size,
    }


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
            + (" (bound 0.15)" if name == "seed" else "")
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
            + (" (bound 100 docs/s)" if jobs == 2 else "")
        )
    if "speedup" in b:
        print(
            f"batch speed-up {b['speedup']:.2f}x (bound 1.6); identical bytes: {b['identical']} (files in {b['folder']})"
        )
    m = results["many"]
    print(
        f"{m['documents']} small documents ({m['bytes_each'] / 1e3:.1f} KB each) --jobs 2: {m['s']:.2f} s,"
        f" {m['docs_per_s']:.0f} docs/s, peak RSS {m['peak_rss_mb']:.0f} MB (bound {m['bound_mb']}),"
        f" exit {m['exit']}, {m['files']} files"
    )
    c = results["corpus"]
    if not c["documents"]:
        print(f"corpus ({c['folder']}): 0 documents")
    else:
        kinds = ", ".join(f"{n} {suffix}" for suffix, n in c["suffixes"].items())
        print(
            f"corpus ({c['folder']}): {c['documents']} documents ({kinds}), {c['bytes'] / 1e6:.2f} MB,"
            f" {c['records']} records: {c['s']:.2f} s, {c['docs_per_s']:.1f} docs/s, {c['mb_per_s']:.2f} MB/s;"
            f" {len(c['stopped'])} not parsed; slowest {c['slowest']}"
            f" ({c['slowest_bytes'] / 1e3:.0f} KB, {_ms(c['slowest_s'])})"
        )
        for name, why in c["stopped"].items():
            print(f"  {name}: {why}")
    print("writers (2022 list): " + ", ".join(f"{k} {_ms(v)}" for k, v in results["writers"].items()))


def main() -> None:
    ybhj_parse.parse_bytes(SEED.read_bytes())  # warm the rule caches and compiled patterns
    results: dict[str, Any] = {"quick": QUICK, "cpus": os.cpu_count()}
    results["documents"] = documents()
    results["cold_start"] = cold_start()
    results["batch"] = batch()
    results["many"] = many()
    results["corpus"] = corpus()
    results["writers"] = writer_times()
    report(results)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT) if OUT.is_relative_to(ROOT) else OUT}")


if __name__ == "__main__":
    main()
