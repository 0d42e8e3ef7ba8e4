"""Write src/ybhj_parse/source/t2s.json, the characters OpenCC's t2s conversion can change, from
the dictionaries of the installed OpenCC (see src/ybhj_parse/source/t2stable.py); run it when
OpenCC is upgraded (a test fails while the file is not that of the installed OpenCC).

    python tools/t2s_table.py           # rewrite it when it differs
    python tools/t2s_table.py --check   # exit 1 when it differs
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from ybhj_parse.source.t2stable import TABLE_FILE, table_text


def main(argv: list[str]) -> int:
    with tempfile.TemporaryDirectory() as scratch:
        text = table_text(Path(scratch))
    current = TABLE_FILE.read_text(encoding="utf-8") if TABLE_FILE.is_file() else ""
    if current == text:
        return 0
    if "--check" in argv:
        print(
            f"{TABLE_FILE}: is not that of the installed OpenCC (run: python tools/t2s_table.py)",
            file=sys.stderr,
        )
        return 1
    TABLE_FILE.write_text(text, encoding="utf-8")
    print(f"wrote {TABLE_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
