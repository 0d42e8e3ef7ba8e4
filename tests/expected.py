"""The reader of expected-record files: what a parse must give, written as data.

An expected file mirrors the record it checks.  Its mappings are read against the
record's attributes, in part: only the fields given are compared (a dotted key such as
``source.line`` reaches into a field).  Beyond that, the expected value decides the test:

- a scalar (text, number, date, true/false, null) must equal the record's value;
- a list must match the record's list item by item, each item by these same rules,
  and ``A..B`` stands for the numbers A to B;
- a mapping against a mapping field (``cells``, ``declared_by_group``) must equal it,
  its keys in the same order;
- a mapping against a text holds tests of the text: ``startswith``, ``endswith``,
  ``contains`` and ``lacks`` (one text or a list), ``length``;
- a mapping against a list holds tests of the list:
    ``length``            its length;
    ``nonempty: true``    it holds something;
    ``each``              what every item must match;
    ``by_FIELD``          items picked by the value of FIELD (``by_seq: {5: {…}}``),
                          each matched in part;
    ``column``            ``{FIELD: [value, …]}``: the field of every item, in order;
    ``distinct``          ``{FIELD: [value, …]}``: its distinct values in order of first use;
    ``tally``             ``{FIELD: {value: count}}``: how many items have each value,
                          exactly; FIELD may be ``A, B`` for pairs (``"2022, true"``);
    ``count``             ``[{where: {…}, is: N}]``: how many items match a mapping.

The checks return every mismatch, each naming where it was found, so a failing case
says all that is wrong with it at once.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

_RANGE = re.compile(r"^(\d+)\.\.(\d+)$")
_TEXT_TESTS = {"startswith", "endswith", "contains", "lacks", "length"}


def field(record: Any, path: str) -> Any:
    """The value at a dotted path; ``None`` once a step is ``None``."""
    value = record
    for step in path.split("."):
        if value is None:
            return None
        value = value[step] if isinstance(value, dict) else getattr(value, step)
    return value


def shown(value: Any) -> str:
    """A value as an expected file writes a tally key: ``true``, ``null``, ``2022-05-31``."""
    if value is None or isinstance(value, bool):
        return {None: "null", True: "true", False: "false"}[value]
    return str(value)


def mismatches(actual: Any, expected: Any, where: str = "") -> Iterator[str]:
    numbers = _RANGE.match(expected) if isinstance(expected, str) and isinstance(actual, list) else None
    if numbers:
        expected = list(range(int(numbers[1]), int(numbers[2]) + 1))
    if isinstance(expected, dict):
        yield from _mapping(actual, expected, where)
    elif isinstance(expected, list):
        yield from _items(actual, expected, where)
    elif type(actual) is not type(expected) and not _same_number(actual, expected) or actual != expected:
        yield f"{where}: expected {expected!r}, got {actual!r}"


def _same_number(a: Any, b: Any) -> bool:
    return {type(a), type(b)} <= {int, float}


def _mapping(actual: Any, expected: dict[Any, Any], where: str) -> Iterator[str]:
    if isinstance(actual, str):
        yield from _text(actual, expected, where)
    elif isinstance(actual, list):
        yield from _list(actual, expected, where)
    elif isinstance(actual, dict):
        if list(actual.items()) != list(expected.items()):
            yield f"{where}: expected {expected!r}, got {actual!r}"
    elif actual is None:
        yield f"{where}: expected {expected!r}, got None"
    else:
        for key, value in expected.items():
            yield from mismatches(field(actual, str(key)), value, f"{where}.{key}".lstrip("."))


def _items(actual: Any, expected: list[Any], where: str) -> Iterator[str]:
    if not isinstance(actual, list | tuple | set | frozenset):
        yield f"{where}: expected a list, got {actual!r}"
        return
    actual = list(actual)
    if len(actual) != len(expected):
        yield f"{where}: expected {len(expected)} items, got {len(actual)}: {actual!r}"
        return
    for i, (a, e) in enumerate(zip(actual, expected, strict=True)):
        yield from mismatches(a, e, f"{where}[{i}]")


def _text(actual: str, tests: dict[str, Any], where: str) -> Iterator[str]:
    unknown = set(tests) - _TEXT_TESTS
    if unknown:
        yield f"{where}: unknown text test(s) {sorted(unknown)}"
    if "startswith" in tests and not actual.startswith(tests["startswith"]):
        yield f"{where}: {actual!r} does not start with {tests['startswith']!r}"
    if "endswith" in tests and not actual.endswith(tests["endswith"]):
        yield f"{where}: {actual!r} does not end with {tests['endswith']!r}"
    wanted = tests.get("contains", [])
    for part in [wanted] if isinstance(wanted, str) else wanted:
        if part not in actual:
            yield f"{where}: {actual!r} does not contain {part!r}"
    unwanted = tests.get("lacks", [])
    for part in [unwanted] if isinstance(unwanted, str) else unwanted:
        if part in actual:
            yield f"{where}: {actual!r} contains {part!r}"
    if "length" in tests and len(actual) != tests["length"]:
        yield f"{where}: length {len(actual)}, expected {tests['length']}"


def _list(actual: list[Any], tests: dict[str, Any], where: str) -> Iterator[str]:
    for name, wanted in tests.items():
        if name == "length":
            yield from mismatches(len(actual), wanted, f"{where}.length")
        elif name == "nonempty":
            if bool(actual) != wanted:
                yield f"{where}: expected nonempty={wanted}, got {actual!r}"
        elif name == "each":
            for i, item in enumerate(actual):
                yield from mismatches(item, wanted, f"{where}[{i}]")
        elif name.startswith("by_"):
            yield from _picked(actual, name[3:], wanted, where)
        elif name in ("column", "distinct"):
            for path, values in wanted.items():
                got = [field(item, path) for item in actual]
                got = list(dict.fromkeys(got)) if name == "distinct" else got
                yield from mismatches(got, values, f"{where}.{name}.{path}")
        elif name == "tally":
            yield from _tally(actual, wanted, where)
        elif name == "count":
            for rule in wanted:
                n = sum(not any(mismatches(item, rule["where"])) for item in actual)
                yield from mismatches(n, rule["is"], f"{where}.count{rule['where']}")
        else:
            yield f"{where}: unknown list test {name!r}"


def _picked(actual: list[Any], key: str, wanted: dict[Any, Any], where: str) -> Iterator[str]:
    index = {}
    for item in actual:
        index.setdefault(field(item, key), item)
    for value, expected in wanted.items():
        if value not in index:
            yield f"{where}: no item with {key} {value!r}"
        else:
            yield from mismatches(index[value], expected, f"{where}[{key}={value}]")


def _tally(actual: list[Any], wanted: dict[str, dict[Any, int]], where: str) -> Iterator[str]:
    for paths, counts in wanted.items():
        steps = [p.strip() for p in paths.split(",")]
        got = Counter(", ".join(shown(field(item, p)) for p in steps) for item in actual)
        expected = {shown(k): v for k, v in counts.items()}
        if dict(got) != expected:
            yield f"{where}.tally.{paths}: expected {expected}, got {dict(got)}"
