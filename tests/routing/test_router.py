"""End-to-end routing decisions and the JSON-lines runner (routing.router, routing.route_stream).

Phrasings are our own; they exercise the precedence of data/README.md, not the dev rows.
"""

from __future__ import annotations

import io
import json
import re
from typing import Any

import pytest

from routing.route_stream import route_line, run_route
from routing.router import Router

CASES: list[tuple[str, dict[str, Any], str]] = [
    # coal first, whatever else is true
    ("给他们盖职工食堂，工钱一直不结", {"employer_name": "北山盛泉煤业有限公司"}, "TF5_COAL"),
    (
        "俺们是劳务公司派去的，在煤矿井下打巷道",
        {"employer_name": "河南恒岳建筑工程有限公司"},
        "TF5_COAL",
    ),
    ("在厂里装车，欠俺工资", {"employer_name": "远大实业有限公司"}, "TF5_COAL"),
    # government-invested beats the builder's kind and ownership
    (
        "修乡里的路，政府投资的项目",
        {"employer_name": "河南恒岳建筑工程有限公司"},
        "TF2_GOV_PROJECT",
    ),
    (
        "承包了污水管网工程",
        {"employer_name": "国泰路桥工程有限公司", "project_funding": "government"},
        "TF2_GOV_PROJECT",
    ),
    (
        "在柳河县第二中学盖新教学楼，包工头不给钱",
        {"employer_name": "包工头老李"},
        "TF2_GOV_PROJECT",
    ),
    ("扫大街的临时工，几个月没发钱", {"employer_name": "城关镇环境卫生管理所"}, "TF2_GOV_PROJECT"),
    ("俺在学校教书，代课老师", {"employer_name": "柳河县第二中学"}, "TF2_GOV_PROJECT"),
    # SOE
    ("城投的安置房项目，跟着包工头干", {"employer_name": "包工头老周"}, "TF6_SOE"),
    (
        "修大道，城投的钱",
        {"employer_name": "河南恒岳建筑工程有限公司", "project_funding": "soe"},
        "TF6_SOE",
    ),
    ("在锅炉房干活，欠了几个月", {"employer_name": "柳河县热力有限公司"}, "TF6_SOE"),
    # education vs public school vs household
    ("俺在武校当教练，学校是私人办的", {"employer_name": "金桥武术学校"}, "TF4_EDU"),
    ("给人家孩子当家教，家长不给钱", {"employer_name": "王家", "employer_kind": "个人"}, "OFFICE"),
    # public service vs private services
    ("开垃圾车的，公司拖工资", {"employer_name": "洁城环卫服务有限公司"}, "TF3_PUBLIC_SVC"),
    (
        "物业公司在市民中心做保洁，欠俺们钱",
        {"employer_name": "佳和物业服务有限公司"},
        "TF3_PUBLIC_SVC",
    ),
    ("在锦绣花园小区当保安，物业欠薪", {"employer_name": "佳和物业服务有限公司"}, "TF7_SME"),
    (
        "中学食堂是餐饮公司承包的，学校说钱给了承包方",
        {"employer_name": "鑫和餐饮管理有限公司"},
        "TF7_SME",
    ),
    ("派到厂里流水线上干，劳务费不结", {"employer_name": "安达劳务派遣有限公司"}, "TF7_SME"),
    # construction
    ("给机械厂盖新车间，包工头包的活", {"employer_name": "包工头老杨"}, "TF1_CONSTRUCTION"),
    (
        "在小区工地干活，去镇政府反映过也没用",
        {"employer_name": "河南恒岳建筑工程有限公司"},
        "TF1_CONSTRUCTION",
    ),
    # office
    ("跑外卖的，平台扣着钱", {}, "OFFICE"),
    ("也不知道他是干啥的，就在他那干零活", {"employer_name": "刘老板"}, "OFFICE"),
    ("合作社种地的活，欠了工钱", {"employer_name": "宏源农业开发有限公司"}, "OFFICE"),
    # the kind of employer as the worker said it, when the message says nothing of the work
    ("钱一直要不来，去年秋天干的，一共一万七", {"employer_kind": "路灯维护公司"}, "TF3_PUBLIC_SVC"),
    ("在吗？钱一直要不来，工钱五万七到现在没给", {"employer_kind": "烧烤店"}, "TF7_SME"),
]


@pytest.mark.parametrize(("text", "fields", "expected"), CASES)
def test_precedence(router: Router, text: str, fields: dict[str, Any], expected: str) -> None:
    decision = router.route(text, fields)
    assert decision.task_force == expected, decision.reasons


def test_decision_carries_rule_version_and_chinese_reasons(router: Router) -> None:
    d = router.route(
        "在北山矿区的煤矿下井，俺们十二个人，老板跑路了",
        {"employer_name": "", "township": "", "headcount": 12},
    )
    assert (d.task_force, d.rule_id, d.table_version) == ("TF5_COAL", "coal", "default-1")
    assert d.flags == ["absconded", "group"]
    assert d.priority == "urgent" and d.notify == ["OFFICE"]
    assert d.township == "北山矿区"
    assert all(re.search(r"[\u4e00-\u9fff]", r) for r in d.reasons)
    assert any("井下" in r or "煤矿" in r for r in d.reasons)


def test_priority_high_for_two_zero_and_large_amounts(router: Router) -> None:
    gov = router.route("政府投资的项目", {"employer_name": "河南恒岳建筑工程有限公司"})
    assert gov.priority == "high"
    big = router.route("厂里欠了二十万", {"employer_name": "恒通机械制造有限公司"})
    assert (big.task_force, big.priority) == ("TF7_SME", "high")
    small = router.route("厂里欠了两千", {"employer_name": "恒通机械制造有限公司"})
    assert small.priority == "normal"


def test_employer_and_township_fallback_from_registry(router: Router) -> None:
    d = router.route("欠了两个月", {"employer_name": "恒通机械制造有限公司"})
    assert d.employer == {"id": "15", "name": "恒通机械制造有限公司"}
    assert d.township == "城关镇"


def test_route_json_lines(router: Router) -> None:
    lines = [
        json.dumps({"text": "跑外卖的，平台扣钱", "fields": {}}, ensure_ascii=False),
        "",
        "{not json",
        json.dumps(["a"]),
        json.dumps({"text": 5}),
        json.dumps("一个工地上干活，包工头跑了", ensure_ascii=False),
    ]
    out = io.StringIO()
    assert run_route(router, lines, out) == 5
    rows = [json.loads(x) for x in out.getvalue().splitlines()]
    assert len(rows) == 5
    assert rows[0]["task_force"] == "OFFICE"
    assert set(rows[0]) >= {"task_force", "township", "flags", "priority", "employer", "reasons"}
    assert all(rows[i]["error"] and rows[i]["task_force"] is None for i in (1, 2, 3))
    assert rows[4]["task_force"] == "TF1_CONSTRUCTION" and rows[4]["flags"] == ["absconded"]


def test_route_line_survives_a_broken_index(records: list[Any]) -> None:
    class Broken:
        def match(self, query: str, *, limit: int = 5) -> Any:
            raise RuntimeError("index down")

    r = Router.from_records(records)
    r.classifier.index = Broken()  # type: ignore[assignment]
    row = route_line(r, json.dumps({"text": "工地上干活", "fields": {"employer_name": "某公司"}}))
    assert row["task_force"] == "TF1_CONSTRUCTION" and row["employer"] is None
