"""Stage 4, the families: one package per kind of document, and the table that names them.

Detection (``blocks/detect.py``) ends with a :class:`~ybhj_parse.blocks.detect.Plan` naming
its family; :data:`FAMILIES` gives the function that reads the document by it,
``(source, sink, plan, *, trace) -> Dataset``, as a ``"module:function"`` string imported when
a document of that family is read (:func:`ybhj_parse.resolve`).  A family never imports
another; what they share is in ``records/``, ``front/`` and ``values/``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple


class Family(NamedTuple):
    name: str
    parse: str | Callable[..., Any]
    about: str


FAMILIES: dict[str, Family] = {
    f.name: f
    for f in (
        Family(
            "table",
            "ybhj_parse.families.table.parse:parse_task_list",
            "a task table (under a covering notice or not)",
        ),
        Family(
            "notice", "ybhj_parse.families.notice.parse:parse_plan", "an official notice with its pilot items"
        ),
        Family("prose", "ybhj_parse.families.prose.parse:parse_plan", "a plan whose tasks are sentences"),
        Family("mixed", "ybhj_parse.families.prose.parse:parse_plan", "a prose plan holding task tables"),
    )
}
