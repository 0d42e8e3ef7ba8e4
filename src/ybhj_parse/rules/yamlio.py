"""YAML reading, through the safe loaders only: a dataset or rule file may come from anywhere,
and a safe loader builds nothing but plain dicts, lists and scalars.  The C loader is used
when PyYAML was built with it (it is the same safe loader, faster)."""

from __future__ import annotations

from typing import Any


def _loader() -> Any:
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str) -> Any:
    import yaml

    return yaml.load(text, Loader=_loader())  # the loader is a safe one


def safe_load_all(text: str) -> list[Any]:
    """Every document of a YAML stream (``extract`` with several inputs writes one each)."""
    import yaml

    return list(yaml.load_all(text, Loader=_loader()))
