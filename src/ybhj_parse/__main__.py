"""The entry point of the ``ybhj-parse`` command (its console script, and ``python -m ybhj_parse``)."""

from __future__ import annotations

import gc
from typing import NoReturn


def run() -> NoReturn:
    """Run the command as the whole process.

    The cyclic collector is off while click and the command line are imported: what they make
    lives to the end of the process, so the collector's passes over it (~3 ms of a cold start)
    would reclaim nothing.  :func:`ybhj_parse.cli.run` then freezes it (no pass looks at it
    again) and turns the collector back on.
    """
    collecting = gc.isenabled()
    gc.disable()
    from ybhj_parse.cli import run as run_command

    run_command(resume_collector=collecting)


if __name__ == "__main__":
    run()
