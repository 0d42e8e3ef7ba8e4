"""Notice stage 3: raw table rows → field values → :class:`~ybhj_parse.model.records.PilotItem` records.

Field rules (from the table profile in ``rules/notice.yaml``): list cells are
split on 、，； outside brackets (the provincial column also on spaces:
``省财政厅 省地方金融监管局`` is two units); a cell meaning none (``/``) is an
empty list; half-width brackets in names become full-width, as in every unit
name; 备注 ``国家试点项目`` sets ``national_pilot``.
"""

from __future__ import annotations

from dataclasses import dataclass

from ybhj_parse.families.notice.table import PilotRow
from ybhj_parse.model.records import PilotItem, TaskSource
from ybhj_parse.rules.loader import TableProfile, unit_rules
from ybhj_parse.source.textnorm import fullwidth_parens, squeeze_cjk_spaces
from ybhj_parse.values.units import split_top_level

LIST_FIELDS = ("pilot_regions", "creating_units", "city_guiding_units", "provincial_guiding_units")


@dataclass(frozen=True, slots=True)
class PilotFields:
    row: PilotRow
    category: str
    item: str
    lists: dict[str, list[str]]
    national_pilot: bool
    note: str

    @property
    def creating_units(self) -> list[str]:
        return self.lists["creating_units"]


def split_names(cell: str, extra_separators: str, none_values: frozenset[str]) -> list[str]:
    rules = unit_rules()
    separators = rules.separators | frozenset(extra_separators)
    # A space is a stray export artefact unless it separates names in this column.
    text = cell.strip() if " " in extra_separators else squeeze_cjk_spaces(cell)
    if text in none_values:
        return []
    names = (
        fullwidth_parens(squeeze_cjk_spaces(piece))
        for piece, _sep in split_top_level(text, separators, rules.brackets)
    )
    return [name for name in names if name and name not in none_values]


def read_fields(row: PilotRow, profile: TableProfile) -> PilotFields:
    def text(name: str) -> str:
        cell = row.cells.get(name)
        return squeeze_cjk_spaces(cell.text) if cell else ""

    note = text("note")
    if note in profile.none_values:
        note = ""
    lists = {
        name: split_names(row.cells[name].text, profile.list_fields.get(name, ""), profile.none_values)
        if name in row.cells
        else []
        for name in LIST_FIELDS
    }
    return PilotFields(
        row=row,
        category=text("category"),
        item=text("item"),
        lists=lists,
        national_pilot=bool(profile.national_pilot.search(note)),
        note=note,
    )


def to_item(fields: PilotFields, group: str, inferred: bool) -> PilotItem:
    row = fields.row
    return PilotItem(
        seq=row.seq,
        group=group,
        group_inferred=inferred,
        category=fields.category,
        item=fields.item,
        pilot_regions=fields.lists["pilot_regions"],
        creating_units=fields.lists["creating_units"],
        city_guiding_units=fields.lists["city_guiding_units"],
        provincial_guiding_units=fields.lists["provincial_guiding_units"],
        national_pilot=fields.national_pilot,
        note=fields.note,
        source=TaskSource(
            line=row.line,
            end_line=row.line,
            cells={name: cell.line for name, cell in row.cells.items()},
        ),
    )
