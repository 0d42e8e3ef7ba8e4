"""What every record of the data contract shares (model/records.py, model/diagnostics.py)."""

from __future__ import annotations

from typing import Any, ClassVar


class Record:
    """The base of each record dataclass: how pydantic reads it, and what its data leaves out."""

    # Read by pydantic where it generates the JSON Schema and the validator (model/contract.py):
    # an unknown key is refused, the docstring under a field is its description, and an instance
    # built by a parse is checked field by field, never trusted as built.
    __pydantic_config__: ClassVar[dict[str, Any]] = {
        "extra": "forbid",
        "use_attribute_docstrings": True,
        "revalidate_instances": "always",
    }
    # Fields the record's data (JSON, YAML) leaves out when they are None: a text export says
    # nothing of tables and pages, a task list nothing of a notice's fields.
    OMITTED_WHEN_NONE: ClassVar[tuple[str, ...]] = ()
