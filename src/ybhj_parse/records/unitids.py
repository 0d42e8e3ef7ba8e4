"""Registry ids for the units every record names, whatever the family.

Each list of unit names (``lead_units``, ``responsible_units``; a pilot item's
``creating_units``, ``city_guiding_units``, ``provincial_guiding_units``) gains
a list of ids aligned with it (``lead_unit_ids`` …); a name the registry does not
know keeps its place with a null id and an info ``unit-unknown`` diagnostic on
the line of its cell.  Names resolve in the document's place, read from its title
or issuer (``document.place``).  A task whose cells name every district (各区)
lists the ids of the districts in ``district_ids``.
"""

from __future__ import annotations

from ybhj_parse.model.diagnostics import Diagnostics
from ybhj_parse.model.records import UNIT_ID_FIELDS, Dataset, PilotItem, Task
from ybhj_parse.rules.registry import unit_registry
from ybhj_parse.values.registry import DocumentNames

TASK_UNIT_FIELDS = UNIT_ID_FIELDS["tasks"]
PILOT_UNIT_FIELDS = UNIT_ID_FIELDS["pilot_items"]


def _link(record: Task | PilotItem, fields: dict[str, str], names: DocumentNames, sink: Diagnostics) -> None:
    for field, id_field in fields.items():
        written: list[str] = getattr(record, field)
        ids = names.unit_ids(written)
        setattr(record, id_field, ids)
        if None not in ids:
            continue  # every name known: the usual case
        noun = "task" if isinstance(record, Task) else "item"
        line = record.source.cells.get(field, record.source.line)
        for name, unit_id in zip(written, ids, strict=True):
            if unit_id is None:
                sink.report("unit-unknown", line, field=field, noun=noun, seq=record.seq, name=name)


def link_units(dataset: Dataset, sink: Diagnostics) -> Dataset:
    """Fill the id lists of every record (in place); report the names without an id to ``sink``."""
    document = dataset.document
    registry = unit_registry()
    document.place = registry.document_place(document.title, document.issuer)
    names = DocumentNames(document.aliases, place=document.place, registry=registry)
    # Task after task names every district (各区) in the same words: each set of words is read once.
    districts: dict[tuple[str, ...], list[str]] = {}
    for task in dataset.tasks:
        _link(task, TASK_UNIT_FIELDS, names, sink)
        if task.all_districts:
            words = tuple(task.scope_words)
            if words not in districts:
                districts[words] = names.district_ids(words, document.scope_definitions)
            task.district_ids = list(districts[words])
    for item in dataset.pilot_items or []:
        _link(item, PILOT_UNIT_FIELDS, names, sink)
    return dataset
