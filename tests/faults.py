"""Build the bad inputs of tests/faults/*.yaml from the seeds.

A case names a seed and edits it.  Line numbers in the edits are the seed's own
(as an editor shows them), so a case reads against the seed file; all edits
refer to the unedited seed, whatever their order.  Then the text is encoded
(and its bytes possibly damaged).  The keys:

    seed: task-list | notice | prose-and-table   the file to start from (or none: see text/bytes)
    text: "…"                            the whole input, instead of a seed
    bytes: "%PDF-1.7\\n…"                the whole input as bytes (\\xNN escapes, double quotes)
    delete: [45, "48-50"]                drop seed lines
    replace: {45: "\\t（５）"}            a new text for a seed line
    insert_after: {44: ["\\t…"]}         new lines after a seed line (0: before the first)
    copy: {lines: "45-52", after: 60}    copy seed lines after another one
    move: {lines: "45-52", after: 60}    move them
    substitute: [[from, to, count]]      replace text in the whole edited text (count 0: every one);
                                         {C*N} in ``to`` stands for C repeated N times
    keep_lines: 600                      keep only the first lines of the edited text
    drop_blank_lines: true               remove every blank line (after the edits)
    strip_indent: true                   remove every line's leading white space
    encoding: gb18030                    how to write the text (default utf-8)
    bom: true                            write the encoding's byte-order mark first
    newline: "\\r\\n"                      line end to write (default \\n)
    keep_bytes: 20001                    cut the encoded bytes after this many
    flip_bytes: [5000]                   overwrite these byte offsets with 0xFF
    substitute_bytes: [[from, to]]       replace bytes after encoding (\\xNN escapes)
    path: missing | directory | unreadable | stdin | fifo | device   (stdin: the bytes are piped
                                         to `-`; fifo: a named pipe; device: /dev/zero)
    filename: "…"                        the input file's name (control characters allowed)
    args: ["--strict"]                   extra command-line arguments
"""

from __future__ import annotations

import codecs
import os
import re
from pathlib import Path
from typing import Any

import yaml

from conftest import NOTICE, PROSE_AND_TABLE, TASK_LIST

FAULTS = Path(__file__).resolve().parent / "faults"
SEEDS = {"task-list": TASK_LIST, "notice": NOTICE, "prose-and-table": PROSE_AND_TABLE}


def load_cases() -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = []
    for path in sorted(FAULTS.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            case["file"] = path.name
            cases.append(case)
    names = [c["name"] for c in cases]
    assert len(names) == len(set(names)), "fault case names must be unique"
    return cases


def _span(spec: int | str) -> list[int]:
    if isinstance(spec, int):
        return [spec]
    first, _, last = spec.partition("-")
    return list(range(int(first), int(last or first) + 1))


def _numbers(specs: list[int | str]) -> set[int]:
    return {n for spec in specs for n in _span(spec)}


def edited_lines(case: dict[str, Any]) -> list[str]:
    seed = SEEDS[case["seed"]].read_text(encoding="utf-8").split("\n")
    numbered: list[tuple[int, str]] = list(enumerate(seed, start=1))
    deleted = _numbers(case.get("delete", []))
    replaced = {int(k): v for k, v in case.get("replace", {}).items()}
    inserted: dict[int, list[str]] = {int(k): list(v) for k, v in case.get("insert_after", {}).items()}
    for key in ("copy", "move"):
        for spec in _as_list(case.get(key)):
            moved = [seed[n - 1] for n in _span(spec["lines"])]
            inserted.setdefault(int(spec["after"]), []).extend(moved)
            if key == "move":
                deleted |= set(_span(spec["lines"]))
    out = list(inserted.get(0, []))
    for number, text in numbered:
        if number not in deleted:
            out.append(replaced.get(number, text))
        out.extend(inserted.get(number, []))
    if "keep_lines" in case:
        out = out[: case["keep_lines"]]
    if case.get("drop_blank_lines"):
        out = [line for line in out if line.strip()]
    if case.get("strip_indent"):
        out = [line.lstrip() for line in out]
    return out


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


_REPEAT = re.compile(r"\{(.)\*(\d+)\}")


def expand(text: str) -> str:
    """``{a*5000}`` → 5,000 a's: a huge input written in a line of the case."""
    return _REPEAT.sub(lambda m: m.group(1) * int(m.group(2)), text)


def case_bytes(case: dict[str, Any]) -> bytes:
    if "bytes" in case:
        return case["bytes"].encode("latin-1")  # \xNN escapes of a YAML double-quoted string
    text = expand(case["text"]) if "text" in case else case.get("newline", "\n").join(edited_lines(case))
    for old, new, count in case.get("substitute", []):
        assert old in text, f"{case['name']}: {old!r} is not in the text"
        text = text.replace(old, expand(new), count or -1)
    data = text.encode(case.get("encoding", "utf-8"))
    for old, new in case.get("substitute_bytes", []):
        assert old.encode("latin-1") in data, f"{case['name']}: {old!r} is not in the bytes"
        data = data.replace(old.encode("latin-1"), new.encode("latin-1"))
    if case.get("bom"):
        data = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-8": codecs.BOM_UTF8}[
            case.get("encoding", "utf-8")
        ] + data
    if "keep_bytes" in case:
        data = data[: case["keep_bytes"]]
    damaged = bytearray(data)
    for offset in case.get("flip_bytes", []):
        damaged[offset] = 0xFF
    return bytes(damaged)


def refuse_open(monkeypatch: Any, path: Path) -> None:
    """Make opening ``path`` fail with a permission error: chmod 000 does not stop root (CI
    containers), so the open is refused as the OS would refuse it."""
    real_open = os.open

    def refuse(name: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if Path(name) == path:
            raise PermissionError(13, "Permission denied", str(name))
        return real_open(name, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
