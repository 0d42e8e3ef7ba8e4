"""ybhj-parse: Chinese business-environment task lists and notices → validated, citable data.

>>> import ybhj_parse
>>> dataset = ybhj_parse.parse_file("data/raw/ezhou-2022-key-tasks.txt")  # doctest: +SKIP
>>> dataset.tasks[38].lead_units  # doctest: +SKIP
['市市场监管局（市知识产权局）']

The library API is imported lazily so that ``ybhj-parse --help`` stays fast.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["parse_file", "parse_text", "parse_bytes", "resolve", "__version__"]

if TYPE_CHECKING:
    from ybhj_parse.api import parse_bytes, parse_file, parse_text


@cache
def resolve(target: str | Callable[..., Any]) -> Callable[..., Any]:
    """The function a registry entry names: ``"package.module:function"``, imported on first use
    (so that a table of every reader, layout, family and writer costs no import), or a function
    given as is (a plug-in registered at run time)."""
    if not isinstance(target, str):
        return target
    from importlib import import_module

    module, _, name = target.partition(":")
    found: Callable[..., Any] = getattr(import_module(module), name)
    return found


def __getattr__(name: str) -> Any:
    if name in ("parse_file", "parse_text", "parse_bytes"):
        from ybhj_parse import api

        return getattr(api, name)
    raise AttributeError(f"module 'ybhj_parse' has no attribute {name!r}")
