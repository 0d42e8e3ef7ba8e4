"""The datasets a question is asked of: dataset files (JSON, YAML) read back, or source
documents parsed; unit ids resolved again with the registry as it is now, so that a unit
added to ``rules/registry.yaml`` is known without regenerating the files."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ybhj_parse.errors import InputError
from ybhj_parse.model.contract import from_data
from ybhj_parse.model.diagnostics import Diagnostics
from ybhj_parse.model.records import Dataset
from ybhj_parse.records.unitids import link_units

DATASET_SUFFIXES = (".json", ".yaml", ".yml")
DEFAULT_DATASETS = Path("data/out")


def default_paths(folder: Path = DEFAULT_DATASETS) -> list[Path]:
    """The JSON datasets of a checkout (data/out/*.json), or none."""
    return sorted(p for p in folder.glob("*.json") if p.name != "datapackage.json") if folder.is_dir() else []


def _documents(path: Path) -> list[Any]:
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix == ".json":
        data = json.loads(text)
        return data if isinstance(data, list) else [data]
    from ybhj_parse.rules.yamlio import safe_load_all

    return safe_load_all(text)


def _is_data_package(data: Any) -> bool:
    """The datapackage.json beside the datasets (``data/out/*.json`` names it too): it describes
    the CSV files and holds no records."""
    return isinstance(data, dict) and "resources" in data and "document" not in data


def read_dataset_file(path: Path) -> list[Dataset]:
    """Every dataset of a JSON or YAML file written by ``extract`` (none in a Data Package
    descriptor); InputError naming the file."""
    import yaml

    try:
        documents = _documents(path)
        return [from_data(data) for data in documents if not _is_data_package(data)]
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror or exc})", path=str(path)) from None
    except (ValueError, yaml.YAMLError) as exc:  # not JSON or YAML, or not our records (ValidationError)
        first = str(exc).splitlines()[0]
        raise InputError(
            f"not a dataset of ybhj-parse ({first}); try: ybhj-parse validate", path=str(path)
        ) from None


def load_datasets(paths: Iterable[str | Path]) -> list[Dataset]:
    """Datasets from dataset files and source documents, in the order given."""
    from ybhj_parse.api import parse_file

    datasets: list[Dataset] = []
    for name in paths:
        path = Path(name)
        if path.suffix.lower() == ".csv":
            raise InputError(
                "a CSV holds too little to answer from; give the JSON or YAML dataset", path=str(path)
            )
        is_dataset = path.suffix.lower() in DATASET_SUFFIXES
        found = read_dataset_file(path) if is_dataset else [parse_file(path)]
        datasets += [link_units(dataset, Diagnostics()) for dataset in found]
    return datasets
