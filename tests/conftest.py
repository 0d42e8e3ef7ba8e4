from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

import ybhj_parse
from ybhj_parse.model.records import Dataset

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
TASK_LIST = RAW / "ezhou-2022-key-tasks.txt"
NOTICE = RAW / "ezhou-2023-pilot-zone-notice.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# A prose plan holding a task table: the seed of tests/faults/mixed.yaml.
PROSE_AND_TABLE = FIXTURES / "family" / "prose-and-table.txt"

# The rule cache (rules/cache.py) of the tests, and of the commands they start, lives in a
# folder of this run, never in the user's own ~/.cache.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="ybhj-parse-tests-")


@pytest.fixture(scope="session")
def task_list() -> Dataset:
    return ybhj_parse.parse_file(TASK_LIST)


@pytest.fixture(scope="session")
def tasks_by_seq(task_list: Dataset) -> dict:
    return {t.seq: t for t in task_list.tasks}
