"""Every rule file loads; a malformed one fails at load time naming its file and key."""

from __future__ import annotations

import copy

import pytest

from ybhj_parse.errors import RuleError
from ybhj_parse.rules import loader as ruleset
from ybhj_parse.rules import prose as proserules
from ybhj_parse.rules import targetrules

LOADERS = {
    "headings.yaml": ruleset.heading_rules,
    "columns.yaml": ruleset.column_rules,
    "deadlines.yaml": ruleset.deadline_rules,
    "units.yaml": ruleset.unit_rules,
    "cells.yaml": ruleset.cell_rules,
    "notice.yaml": ruleset.notice_rules,
    "labels.yaml": proserules.label_rules,
    "attribution.yaml": proserules.attribution_rules,
    "furniture.yaml": proserules.furniture_rules,
    "targets.yaml": targetrules.target_rules,
}


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_every_rule_file_loads(name):
    assert LOADERS[name].__wrapped__() is not None


def broken(monkeypatch, name, change):
    data = copy.deepcopy(ruleset.load_yaml(name))
    change(data)
    for module in (ruleset, proserules, targetrules):
        monkeypatch.setattr(module, "load_yaml", lambda _name: data)
    with pytest.raises(RuleError) as info:
        LOADERS[name].__wrapped__()
    return str(info.value)


def test_bad_pattern_names_file_and_key(monkeypatch):
    def change(data):
        data["rules"][1]["pattern"] = "^(?P<year>\\d{4}年"

    message = broken(monkeypatch, "deadlines.yaml", change)
    assert message.startswith("rules/deadlines.yaml: rules[1].pattern: bad pattern '^(?P<year>\\\\d{4}年'")


def test_pattern_without_its_groups(monkeypatch):
    def change(data):
        data["headings"][2]["pattern"] = "^(?P<no>[一二三]+)、"

    message = broken(monkeypatch, "headings.yaml", change)
    assert message == "rules/headings.yaml: headings[2].pattern: pattern lacks group(s) title"


def test_unknown_due_kind(monkeypatch):
    def change(data):
        data["rules"][0]["due"] = "fortnight"

    message = broken(monkeypatch, "deadlines.yaml", change)
    assert message.startswith("rules/deadlines.yaml: rules[0].due: 'fortnight' is not one of month_end")


def test_a_name_under_two_roles(monkeypatch):
    def change(data):
        data["columns"]["lead"].append("责任单位")

    message = broken(monkeypatch, "columns.yaml", change)
    assert message.startswith("rules/columns.yaml: columns.")
    assert "责任单位 is also under" in message


def test_missing_key(monkeypatch):
    message = broken(monkeypatch, "columns.yaml", lambda data: data.pop("min_header_cells"))
    assert message == "rules/columns.yaml: min_header_cells: missing"


def test_section_titles_must_be_words(monkeypatch):
    def change(data):
        data["section_titles"] = ["总体要求", ""]

    message = broken(monkeypatch, "labels.yaml", change)
    assert message == "rules/labels.yaml: section_titles: expected a list of non-empty strings"


def test_target_comparator_must_be_known(monkeypatch):
    def change(data):
        data["suffixes"]["about"] = ["左右"]

    message = broken(monkeypatch, "targets.yaml", change)
    assert message == "rules/targets.yaml: suffixes.about: not one of <=, >=, <, >, ="
