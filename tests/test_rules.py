"""Every rule file loads; a malformed one fails at load time naming its file and key; every
``example:`` in a rule file is matched by the pattern beside it."""

from __future__ import annotations

import copy
from importlib import resources

import pytest

from ybhj_parse.errors import RuleError
from ybhj_parse.rules import loader
from ybhj_parse.rules.registry import unit_registry

LOADERS = {
    "headings.yaml": loader.heading_rules,
    "columns.yaml": loader.column_rules,
    "deadlines.yaml": loader.deadline_rules,
    "units.yaml": loader.unit_rules,
    "cells.yaml": loader.cell_rules,
    "notice.yaml": loader.notice_rules,
    "labels.yaml": loader.label_rules,
    "attribution.yaml": loader.attribution_rules,
    "furniture.yaml": loader.furniture_rules,
    "targets.yaml": loader.target_rules,
    "separators.yaml": loader.separator_rules,
    "registry.yaml": unit_registry,
}


def test_every_rule_file_has_a_loader():
    files = sorted(p.name for p in resources.files("ybhj_parse.rules").iterdir() if p.name.endswith(".yaml"))
    assert files == sorted(LOADERS)


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_every_rule_file_loads(name):
    assert LOADERS[name].__wrapped__() is not None


def broken(monkeypatch, name, change):
    data = copy.deepcopy(loader.load_yaml(name))
    change(data)
    monkeypatch.setattr(loader, "load_yaml", lambda _name: data)
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
    assert message == "rules/columns.yaml: columns.responsible: 责任单位 is also under lead"


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


def test_a_wrong_type_names_its_key(monkeypatch):
    def change(data):
        data["title_lines"] = "3"

    message = broken(monkeypatch, "furniture.yaml", change)
    assert message == "rules/furniture.yaml: title_lines: expected int"


UNKNOWN_KEYS = [
    ("headings.yaml", lambda d: d.update(heading=[]), "heading"),
    ("headings.yaml", lambda d: d["headings"][0].update(numeral="chinese"), "headings[0].numeral"),
    ("deadlines.yaml", lambda d: d["rules"][3].update(dew="day"), "rules[3].dew"),
    ("deadlines.yaml", lambda d: d["text_rules"][0].update(flags=["recurring"]), "text_rules[0].flags"),
    ("columns.yaml", lambda d: d.update(min_header_cell=2), "min_header_cell"),
    ("units.yaml", lambda d: d.update(all_district=["各区"]), "all_district"),
    ("notice.yaml", lambda d: d["recipients"].update(item_separators="、"), "recipients.item_separators"),
    ("notice.yaml", lambda d: d["tables"][0].update(description="清单"), "tables[0].description"),
    ("notice.yaml", lambda d: d["declared"].update(example="市本级11项"), "declared.example"),
    ("labels.yaml", lambda d: d.update(colon=["："]), "colon"),
    ("attribution.yaml", lambda d: d["brackets"]["round"].update(middle="|"), "brackets.round.middle"),
    ("furniture.yaml", lambda d: d.update(page_numbers="^\\d+$"), "page_numbers"),
    ("cells.yaml", lambda d: d.update(unit_ending=["局"]), "unit_ending"),
    ("targets.yaml", lambda d: d["skip"][0].update(unit=["日"]), "skip[0].unit"),
]


@pytest.mark.parametrize(("name", "change", "key"), UNKNOWN_KEYS, ids=[k for _, _, k in UNKNOWN_KEYS])
def test_an_unknown_key_names_file_and_key(monkeypatch, name, change, key):
    assert broken(monkeypatch, name, change) == f"rules/{name}: {key}: unknown key"


def _examples(name, data, where=""):
    """(file, key, pattern, example) for every ``example:`` in the data, one per example."""
    if isinstance(data, dict):
        if "example" in data:
            examples = data["example"] if isinstance(data["example"], list) else [data["example"]]
            for example in examples:
                yield name, where or name, data.get("pattern"), example
        for key, value in data.items():
            yield from _examples(name, value, f"{where}.{key}" if where else str(key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _examples(name, value, f"{where}[{i}]")


EXAMPLES = [case for name in sorted(LOADERS) for case in _examples(name, loader.load_yaml(name))]


@pytest.mark.parametrize(
    ("name", "key"),
    [("headings.yaml", "headings"), ("deadlines.yaml", "rules"), ("deadlines.yaml", "text_rules")]
    + [("attribution.yaml", "clauses"), ("notice.yaml", "department_counts")],
)
def test_every_rule_of_an_ordered_list_has_an_example(name, key):
    """The rules tried in order each show what they read: a new one comes with its test case."""
    lacking = [r["name"] for r in loader.load_yaml(name)[key] if not r.get("example")]
    assert lacking == []


@pytest.mark.parametrize(
    ("name", "key", "pattern", "example"), EXAMPLES, ids=[f"{n}:{k}:{e}" for n, k, _, e in EXAMPLES]
)
def test_every_example_matches_its_pattern(name, key, pattern, example):
    compiled = loader.compile_pattern(pattern, file=name, key=f"{key}.pattern")
    assert compiled.search(example), f"rules/{name}: {key}: {example!r} does not match"


def _first_rule(rules, example):
    return next(rule.name for rule in rules if rule.pattern.search(example))


@pytest.mark.parametrize(
    ("rules", "name", "example"),
    [
        *(("headings", r["name"], r["example"]) for r in loader.load_yaml("headings.yaml")["headings"]),
        *(("deadlines", r["name"], r["example"]) for r in loader.load_yaml("deadlines.yaml")["rules"]),
    ],
)
def test_an_example_is_read_by_its_own_rule(rules, name, example):
    """Where the first matching rule wins, no rule above an example's own takes it."""
    loaded = loader.heading_rules() if rules == "headings" else loader.deadline_rules().rules
    assert _first_rule(loaded, example) == name


def test_the_layouts_are_the_table_not_the_rule_file(monkeypatch):
    """The layouts and their order are blocks/__init__.py's LAYOUTS; separators.yaml holds their
    thresholds, and a list of styles there is an unknown key."""

    def change(data):
        data["styles"] = ["tab", "semicolon"]

    assert broken(monkeypatch, "separators.yaml", change) == "rules/separators.yaml: styles: unknown key"
