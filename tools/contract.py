"""Write src/ybhj_parse/model/contract.json, the stored core schema the validator is built from,
as pydantic generates it from src/ybhj_parse/model/records.py (``make schemas`` and ``make data``
run this; CI fails when the file committed differs).

    python tools/contract.py           # rewrite it when it differs
    python tools/contract.py --check   # exit 1 when it differs
"""

from __future__ import annotations

import sys

from ybhj_parse.model.contract import CONTRACT_FILE
from ybhj_parse.output.schemas import contract_text, write_contract


def main(argv: list[str]) -> int:
    if "--check" in argv:
        current = CONTRACT_FILE.read_text(encoding="utf-8") if CONTRACT_FILE.is_file() else ""
        if current != contract_text():
            print(
                f"{CONTRACT_FILE}: differs from the records (run: python tools/contract.py)", file=sys.stderr
            )
            return 1
        return 0
    if write_contract():
        print(f"wrote {CONTRACT_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
