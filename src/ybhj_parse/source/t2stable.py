"""The characters OpenCC's ``t2s`` conversion can change, kept in ``t2s.json`` beside this module.

:func:`ybhj_parse.source.script.is_traditional` asks whether t2s changes a fair share of a
text's Han characters.  Every mapping of t2s keeps the length of what it maps and changes
only the characters of its dictionaries' keys that differ in the value, so a text holding
too few of those characters cannot be traditional: it is known to be simplified without
loading OpenCC, which costs a cold start ~4 ms.

``python tools/t2s_table.py`` takes the table from the dictionaries of the installed OpenCC
(its ``opencc_dict`` tool dumps them as text) and stores with it the OpenCC version and the
digest of each file the conversion reads; with any other OpenCC, or other files, the table
is not used and the conversion decides, as it always did.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from functools import cache
from pathlib import Path
from typing import Any

TABLE_FILE = Path(__file__).with_name("t2s.json")
CONFIG = "t2s.json"  # OpenCC's configuration of the conversion, in its share folder


def opencc_package() -> Path | None:
    """The folder of the ``opencc`` package an import would load, found without importing it."""
    spec = importlib.util.find_spec("opencc")
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    return Path(locations[0]) if locations else None


def _share(package: Path) -> Path:
    return package / "clib" / "share" / "opencc"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@cache
def changeable() -> frozenset[str] | None:
    """The characters t2s can change, or None when the table is not that of the installed OpenCC."""
    package = opencc_package()
    try:
        table = json.loads(TABLE_FILE.read_bytes())
        if package is None or not (package.parent / f"opencc-{table['opencc']}.dist-info").is_dir():
            return None
        if any(_digest(_share(package) / name) != digest for name, digest in table["files"].items()):
            return None
        return frozenset(table["changeable"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


# ---- building the table (tools/t2s_table.py) ------------------------------------------------


def _dictionary_files(config: Any) -> list[str]:
    """The dictionary files an OpenCC configuration names, in its normalisation and its chain."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("file"), str):
                found.append(node["file"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(config)
    return list(dict.fromkeys(found))


def _entries(share: Path, name: str, tool: Path, scratch: Path) -> list[tuple[str, str]]:
    """A dictionary's (key, value) pairs, its value the first of its candidates (the one used)."""
    import subprocess

    out = scratch / f"{name}.txt"
    subprocess.run(
        [str(tool), "-i", str(share / name), "-o", str(out), "-f", "ocd2", "-t", "text"], check=True
    )
    pairs = []
    for line in out.read_text(encoding="utf-8").splitlines():
        key, _, values = line.partition("\t")
        pairs.append((key, values.split(" ")[0]))
    return pairs


def build_table(scratch: Path) -> dict[str, Any]:
    """The table of the installed OpenCC; ``scratch`` is a folder for the dictionaries' dumps.

    Raises ValueError when a mapping changes a length (the table would not bound the changes).
    """
    package = opencc_package()
    if package is None:
        raise ValueError("opencc is not installed")
    share, tool = _share(package), package / "clib" / "bin" / "opencc_dict"
    names = _dictionary_files(json.loads((share / CONFIG).read_text(encoding="utf-8")))
    changing: set[str] = set()
    for name in names:
        for key, value in _entries(share, name, tool, scratch):
            if len(key) != len(value):
                raise ValueError(f"{name}: {key} → {value} changes the length")
            changing.update(k for k, v in zip(key, value, strict=True) if k != v)
    version = next(p.name for p in package.parent.glob("opencc-*.dist-info"))[
        len("opencc-") : -len(".dist-info")
    ]
    return {
        "opencc": version,
        "files": {name: _digest(share / name) for name in [CONFIG, *names]},
        "changeable": "".join(sorted(changing)),
    }


def table_text(scratch: Path) -> str:
    return json.dumps(build_table(scratch), ensure_ascii=False, indent=1) + "\n"
