"""Read a dataset file back for ``validate``, within the bounds of :mod:`ybhj_parse.source.limits`.

A dataset may come from anywhere (edited by hand, written by another tool), so
reading it is as guarded as reading a source document: a regular file of bounded
size, UTF-8, no key given twice, no number longer than a dozen digits, nesting
no deeper than :data:`MAX_NESTING` (checked before a parser recurses into it),
and in YAML no alias (``extract`` never writes one; an alias bomb is a few
hundred bytes that expand to gigabytes).  A file that cannot be parsed at all is a
:class:`ReadError`, one ``FILE: file: FIELD: message`` line; a value refused inside a file
that parses (a number too long, an impossible date, a key given twice or not a string, a
lone surrogate, binary data) is a :class:`Refused` left in its place, so that
:func:`refusals` names the record and field holding it, as the models name theirs.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import regex

from ybhj_parse.source.limits import (
    MAX_INPUT_BYTES,
    MAX_NESTING,
    MAX_NUMBER_DIGITS,
    special_file_kind,
    too_large,
)


@dataclass(frozen=True, slots=True)
class Refused:
    """A value the reader refused, standing where the value stood."""

    message: str


class ReadError(Exception):
    """A dataset file that cannot be read back; ``field`` names the key concerned, when known."""

    def __init__(self, message: str, field: str = "-") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def read_bytes(path: Path, limit: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, opened without ever blocking."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise ReadError(f"cannot be read ({exc.strerror or exc})") from None
    try:
        info = os.fstat(fd)
        special = special_file_kind(info.st_mode)
        if special is not None:
            raise ReadError(f"is {special}, not a regular file")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise ReadError(f"cannot be read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise ReadError(too_large(len(data), limit))
    return data


def decode(data: bytes) -> str:
    """The UTF-8 text of a dataset's bytes (a BOM is dropped)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ReadError(
            f"not UTF-8 (byte 0x{data[exc.start]:02x} on line {line}); ybhj-parse writes UTF-8: "
            "was the file saved in another encoding?"
        ) from None


# ---- JSON ----------------------------------------------------------------------------------------

# Strings are skipped whole, so a bracket inside one is not counted.
_JSON_TOKEN = regex.compile(r'"(?:[^"\\]|\\.)*+"|[\[\]{}]')


def _check_json_depth(text: str) -> None:
    """Refuse nesting deeper than MAX_NESTING before json.loads recurses into it (it would crash)."""
    depth = 0
    for token in _JSON_TOKEN.finditer(text):
        char = token.group()
        if char in "[{":
            depth += 1
            if depth > MAX_NESTING:
                line = text.count("\n", 0, token.start()) + 1
                raise ReadError(f"nested more than {MAX_NESTING} levels deep (line {line})")
        elif char in "]}":
            depth -= 1


def _too_long(digits: int) -> str:
    return f"a number of {digits} digits (at most {MAX_NUMBER_DIGITS} are read)"


def _bounded_number(text: str) -> int | float | Refused:
    digits = sum(c.isdigit() for c in text)
    if digits > MAX_NUMBER_DIGITS:
        return Refused(_too_long(digits))
    return float(text) if any(c in text for c in ".eE") else int(text)


def _refuse_constant(name: str) -> Refused:
    return Refused(f"{name} is not a JSON number")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for key, value in pairs:
        data[key] = Refused("the key is given twice in one object") if key in data else value
    return data


def load_json(text: str) -> Any:
    _check_json_depth(text)
    try:
        return json.loads(
            text,
            object_pairs_hook=_unique_keys,
            parse_int=_bounded_number,
            parse_float=_bounded_number,
            parse_constant=_refuse_constant,
        )
    except json.JSONDecodeError as exc:
        raise ReadError(f"not valid JSON: {exc}") from None


# ---- YAML ----------------------------------------------------------------------------------------


def _line(event: Any) -> int:
    mark = getattr(event, "start_mark", None)
    return mark.line + 1 if mark is not None else 0


def _check_yaml_events(text: str) -> None:
    """Walk the parser's events (libyaml's parser does not recurse): no alias, bounded nesting."""
    import yaml

    depth = 0
    for event in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        if isinstance(event, yaml.AliasEvent):
            raise ReadError(f"an alias (*{event.anchor}) on line {_line(event)}: a dataset has none")
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_NESTING:
                raise ReadError(f"nested more than {MAX_NESTING} levels deep (line {_line(event)})")
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1


def _strict_loader() -> Any:
    """The safe loader, refusing repeated and non-string keys, over-long numbers and impossible dates."""
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class StrictLoader(base):  # type: ignore[misc, valid-type]
        def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
            self.flatten_mapping(node)
            data: dict[str, Any] = {}
            for key_node, value_node in node.value:
                where = f"line {key_node.start_mark.line + 1}"
                key = key_node.value if isinstance(key_node.value, str) else f"<{key_node.id}>"
                if key_node.tag != "tag:yaml.org,2002:str":
                    data[key] = Refused(f"{where}: a key that is not a string ({key!r})")
                elif key in data:
                    data[key] = Refused(f"{where}: the key is given twice in one mapping")
                else:
                    data[key] = self.construct_object(value_node, deep=deep)
            return data

        def construct_yaml_int(self, node: Any) -> Any:
            digits = sum(c.isdigit() for c in str(node.value))
            if digits > MAX_NUMBER_DIGITS:
                return Refused(f"line {node.start_mark.line + 1}: {_too_long(digits)}")
            return super().construct_yaml_int(node)

        def construct_yaml_timestamp(self, node: Any) -> Any:
            try:
                return super().construct_yaml_timestamp(node)
            except ValueError as exc:
                return Refused(f"line {node.start_mark.line + 1}: {node.value!r} is not a real date ({exc})")

    StrictLoader.add_constructor("tag:yaml.org,2002:int", StrictLoader.construct_yaml_int)
    StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", StrictLoader.construct_yaml_timestamp)
    return StrictLoader


def load_yaml(text: str) -> list[Any]:
    """Every document of a YAML stream."""
    import yaml

    try:
        _check_yaml_events(text)
        return list(yaml.load_all(text, Loader=_strict_loader()))  # a safe loader
    except yaml.YAMLError as exc:
        raise ReadError(f"not valid YAML: {' '.join(str(exc).split())}") from None


_PLAIN = (str, int, float, bool, type(None), dt.date)


def _refusal(value: Any) -> str | None:
    """Why a loaded value that is no list or mapping cannot stand in a dataset, or None."""
    if isinstance(value, Refused):
        return value.message
    if isinstance(value, str):
        surrogate = _SURROGATE.search(value)
        if surrogate:
            return f"a lone surrogate (\\u{ord(surrogate.group()):04x}) in a string: it is no character"
        return None
    if isinstance(value, bytes):
        return "binary data (!!binary) where text belongs"
    return (
        None
        if isinstance(value, _PLAIN)
        else f"a value of type {type(value).__name__} where JSON data belongs"
    )


_SURROGATE = regex.compile(r"[\ud800-\udfff]")


def refusals(value: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """(path, message) of every refused value inside the loaded ``value``, in document order
    (nesting is bounded on reading); a key with a surrogate names the mapping holding it."""
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and _SURROGATE.search(key):
                yield path, f"a key holding a lone surrogate ({key.encode('unicode_escape').decode()})"
            else:
                yield from refusals(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from refusals(item, (*path, index))
    else:
        message = _refusal(value)
        if message is not None:
            yield path, message


def to_json_text(data: Any) -> str:
    """The loaded data as JSON, for the models' strict JSON mode (dates become ISO strings)."""

    def default(value: Any) -> Any:
        if isinstance(value, dt.date | dt.datetime):
            return value.isoformat()
        if isinstance(value, bytes):
            raise ReadError("binary data (!!binary) where text belongs")
        raise ReadError(f"a value of type {type(value).__name__} where JSON data belongs")

    return json.dumps(data, ensure_ascii=False, default=default)
