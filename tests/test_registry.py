"""The unit registry (rules/registry.yaml): its checks at load, and the ids every record gains."""

from __future__ import annotations

import copy

import pytest

import ybhj_parse
from conftest import NOTICE, TASK_LIST
from ybhj_parse.errors import RuleError
from ybhj_parse.rules.loader import load_yaml
from ybhj_parse.rules.registry import build_registry, unit_registry
from ybhj_parse.values.registry import DocumentNames

EZHOU = DocumentNames(place="ezhou")


def test_names_written_differently_share_one_id():
    assert EZHOU.unit_id("市供电公司") == EZHOU.unit_id("鄂州供电公司") == "ezhou.power-supply"
    assert EZHOU.unit_id("葛店开发区") == EZHOU.unit_id("葛店经开区") == "ezhou.gedian"
    assert EZHOU.unit_id("市市场监管局（市知识产权局）") == "ezhou.market-regulation"
    assert EZHOU.unit_id("市市场监管局(市知识产权局)") == "ezhou.market-regulation"  # half-width brackets
    assert EZHOU.unit_id("市优化办") == EZHOU.unit_id("市优化营商环境领导小组办公室")
    assert EZHOU.unit_id("市 税 务 局") == "ezhou.tax"


def test_a_relative_name_resolves_only_in_a_document_of_its_place():
    elsewhere = DocumentNames()  # a document of no place the registry knows (Xiamen, Xi'an)
    assert elsewhere.unit_id("市税务局") is None
    assert elsewhere.unit_id("省财政厅") is None
    assert elsewhere.unit_id("鄂州海关") == "ezhou.customs"  # the name names its place
    assert DocumentNames(place="hubei").unit_id("省财政厅") == "hubei.finance"
    assert DocumentNames(place="hubei").unit_id("市税务局") is None
    assert EZHOU.unit_id("省财政厅") == "hubei.finance"  # Ezhou lies within Hubei


def test_document_place_is_read_from_title_or_issuer():
    registry = unit_registry()
    assert registry.document_place("鄂州市优化营商环境2022年重点任务清单") == "ezhou"
    assert (
        registry.document_place("市优化营商环境领导小组关于…的通知", "鄂州市优化营商环境领导小组") == "ezhou"
    )
    assert registry.document_place("湖北省优化营商环境办法") == "hubei"
    assert registry.document_place("厦门市2019年营商环境工作要点") is None


def test_a_document_alias_is_honoured_both_ways():
    names = DocumentNames({"数据局": "市政务服务和大数据管理局", "营商办": "市优化营商环境领导小组办公室"})
    names.place = "ezhou"
    assert names.unit_id("营商办") == "ezhou.optimisation-office"
    assert names.unit_id("数据局") is None  # neither form is in the registry


def test_task_ids_are_aligned_with_the_names(tasks_by_seq):
    t = tasks_by_seq[1]
    assert t.lead_unit_ids == ["ezhou.market-regulation"]
    assert t.responsible_unit_ids == [
        "ezhou.public-security",
        "ezhou.human-resources",
        "ezhou.medical-insurance",
        "ezhou.housing-fund",
        "ezhou.natural-resources",
        "ezhou.tax",
        "ezhou.pboc",
    ]
    # 各区（含葛店开发区、临空经济区，下同）: the three districts and the two zones
    assert t.district_ids == [
        "ezhou.echeng",
        "ezhou.huarong",
        "ezhou.liangzihu",
        "ezhou.gedian",
        "ezhou.linkong",
    ]
    assert tasks_by_seq[39].lead_unit_ids == ["ezhou.market-regulation"]
    assert tasks_by_seq[39].responsible_unit_ids[2] == "ezhou.publicity-department"  # 市委宣传部（市版权局）


def test_every_unit_of_the_seeds_has_an_id(task_list):
    notice = ybhj_parse.parse_file(NOTICE)
    ids = [i for t in task_list.tasks for i in t.lead_unit_ids + t.responsible_unit_ids]
    ids += [
        i
        for p in notice.pilot_items or []
        for i in p.creating_unit_ids + p.city_guiding_unit_ids + p.provincial_guiding_unit_ids
    ]
    assert len(ids) == 613 and None not in ids
    assert not [d for d in task_list.diagnostics + notice.diagnostics if d.code == "unit-unknown"]


def test_pilot_item_ids():
    notice = ybhj_parse.parse_file(NOTICE)
    item = next(p for p in notice.pilot_items or [] if p.seq == 34)
    assert (item.creating_unit_ids, item.city_guiding_unit_ids, item.provincial_guiding_unit_ids) == (
        ["ezhou.gedian.administrative-approval"],
        ["ezhou.administrative-approval"],
        ["hubei.government-services"],
    )


def test_an_unknown_name_keeps_a_null_id_and_says_so_on_its_line():
    lines = TASK_LIST.read_text(encoding="utf-8").split("\n")
    assert lines[15].startswith("\t市公安局、市人社局")
    lines[15] = "\t市公安局、市烟草专卖局、市人社局"
    dataset = ybhj_parse.parse_text("\n".join(lines))
    task = dataset.tasks[0]
    assert task.responsible_units == ["市公安局", "市烟草专卖局", "市人社局"]
    assert task.responsible_unit_ids == ["ezhou.public-security", None, "ezhou.human-resources"]
    unknown = [d for d in dataset.diagnostics if d.code == "unit-unknown"]
    assert [(d.severity, d.line, d.field, d.message) for d in unknown] == [
        (
            "info",
            16,
            "responsible_units",
            "task 1: '市烟草专卖局' is not in the unit registry; its id is null",
        )
    ]
    assert task.problems == []  # a remark, not damage


# --- the checks at load -----------------------------------------------------------------------


def broken(change) -> str:
    data = copy.deepcopy(load_yaml("registry.yaml"))
    change(data)
    with pytest.raises(RuleError) as info:
        build_registry(data)
    return str(info.value)


TAX = [u["id"] for u in load_yaml("registry.yaml")["units"]].index("ezhou.tax")


def _unit(data, unit_id):
    return next(u for u in data["units"] if u["id"] == unit_id)


def test_registry_loads():
    registry = unit_registry.__wrapped__()
    assert len(registry.units) == 89
    assert {u.kind for u in registry.units} == set(registry.kinds)


def test_an_alias_naming_two_units_fails():
    message = broken(lambda d: _unit(d, "ezhou.tax")["aliases"].append("市 财政局"))
    assert message == f"rules/registry.yaml: units[{TAX}]: '市 财政局' names both ezhou.finance and ezhou.tax"


def test_a_name_written_twice_fails():
    message = broken(lambda d: _unit(d, "ezhou.tax")["aliases"].append("市税务局"))
    assert message == f"rules/registry.yaml: units[{TAX}]: '市税务局' is written twice (ezhou.tax)"


def test_an_id_used_twice_fails():
    def change(data):
        data["units"].append({"id": "ezhou.tax", "name": "市烟草局", "kind": "vertical"})

    assert broken(change) == "rules/registry.yaml: units[89].id: ezhou.tax is used twice"


def test_an_unknown_kind_fails():
    message = broken(lambda d: _unit(d, "ezhou.tax").update(kind="agency"))
    assert message == f"rules/registry.yaml: units[{TAX}].kind: unknown kind 'agency' (ezhou.tax)"


def test_a_malformed_id_fails():
    message = broken(lambda d: _unit(d, "ezhou.tax").update(id="Ezhou Tax"))
    assert (
        message
        == f"rules/registry.yaml: units[{TAX}].id: 'Ezhou Tax' is not of the form place.unit (a-z, 0-9, -)"
    )


def test_an_id_of_an_unknown_place_fails():
    message = broken(lambda d: _unit(d, "ezhou.tax").update(id="wuhan.tax"))
    assert message == f"rules/registry.yaml: units[{TAX}].id: wuhan.tax: no place wuhan"


def test_a_member_that_is_no_unit_fails():
    message = broken(lambda d: _unit(d, "ezhou.all-districts")["members"].append("ezhou.gedain"))
    assert message.endswith(".members: no unit ezhou.gedain")


def test_an_unknown_key_fails():
    message = broken(lambda d: _unit(d, "ezhou.tax").update(alias=["税务局"]))
    assert message == f"rules/registry.yaml: units[{TAX}].alias: unknown key"
