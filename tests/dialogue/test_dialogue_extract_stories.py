"""Whole chat messages through the absorber: what one message fills in.

Invented messages in the styles workers use: dialect (俺, 恁, 咋), typos (再 for 在),
Chinese numerals, traditional characters, no punctuation, everything at once.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from dialogue_harness import NOW
from transcript import draft_value

from intake import dialogue as dl
from intake.dialogue.absorb import Absorber
from intake.dialogue.draft import Draft
from routing.employers.index import EmployerIndex

TODAY = date(2025, 3, 10)

STORIES: list[tuple[str, dict[str, Any]]] = [
    (
        "领导好，我叫刘满仓，手机13937112345，去年10月到今年1月跟着恒跃建筑在柳河镇锦绣花园"
        "二期工地扎钢筋，俺们五个人一共被欠了三万五，老板一直拖着不给",
        {
            "name": "刘满仓",
            "phone": "13937112345",
            "employer.typed": "恒跃建筑",
            "project": "锦绣花园二期",
            "township": "柳河镇",
            "work_type": "钢筋工",
            "period.start": "2024-10-01",
            "amount_yuan": 35000,
            "headcount": 5,
        },
    ),
    (
        "俺在南湖镇瑞峰耐火材料厂上班，流水线上干了大半年，俺们十几个人的工钱一共12万到现在没给，恁给说说咋弄",
        {"township": "南湖镇", "work_type": "流水线普工", "amount_yuan": 120000, "headcount": 10},
    ),
    (
        "再宏运物流干活 干了四十来天 就我一个 算下来九千八 老板一直说下个月给",
        {"employer.typed": "宏运物流", "amount_yuan": 9800, "headcount": 1, "period": None},
    ),
    (
        "给包工头老孙干活，一天二百，干了四十五天，一分没给，老孙电话关机了",
        {"employer.typed": "包工头老孙", "employer.kind": "person", "amount_yuan": 9000},
    ),
    (
        "我們在西城街道給嘉禾園林種樹，從去年三月幹到十月，我跟我媳婦倆一共被欠了兩萬八",
        {
            "township": "西城街道",
            "work_type": "绿化工",
            "headcount": 2,
            "amount_yuan": 28000,
            "period.start": "2024-03-01",
            "period.end": "2024-10-31",
        },
    ),
    (
        "东关那个卓越装饰欠俺们七八个人工钱，一共6.3万，2023年5月到8月干的",
        {
            "employer.typed": "卓越装饰",
            "township": "东关街道",
            "headcount": 8,
            "amount_yuan": 63000,
            "period.end": "2023-08-31",
            "over_two_years": False,
        },
    ),
    (
        "2021年干的活，金沙矿区的煤矿井下，二十多个人，欠了四十万，这么久了还能管吗",
        {
            "township": "金沙矿区",
            "work_type": "矿工",
            "headcount": 20,
            "amount_yuan": 400000,
            "over_two_years": True,
        },
    ),
    (
        "老板跑路了 电话13612345678 俺叫杨二妮 在桃园乡的饭店当服务员 欠我5千块",
        {
            "phone": "13612345678",
            "name": "杨二妮",
            "township": "桃园乡",
            "work_type": "服务员",
            "amount_yuan": 5000,
            "headcount": 1,
        },
    ),
    (
        "身份证410199198506120043，姓名王秀英，是青川二中的保洁，工资3个月没发了一共7500",
        {
            "id_number": "410199198506120043",
            "name": "王秀英",
            "work_type": "保洁",
            "amount_yuan": 7500,
        },
    ),
    (
        "我叫李四 電話：138-0000-1111 工頭老趙欠我們二十三個人的錢，總共四十六萬",
        {
            "name": "李四",
            "phone": "13800001111",
            "employer.typed": "工头老赵",
            "headcount": 23,
            "amount_yuan": 460000,
        },
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"), STORIES, ids=[f"story{i}" for i in range(len(STORIES))]
)
def test_one_message_fills_many_slots(
    text: str, expected: dict[str, Any], index: EmployerIndex, gazetteer: dl.TownshipGazetteer
) -> None:
    draft = Draft(draft_id="t", started_at=NOW)
    ctx = dl.SimpleDialogueContext(now=NOW, employers=index, gazetteer=gazetteer)
    outcome = Absorber(draft, ctx, TODAY).absorb(text, asking=None)
    dumped = draft.model_dump(mode="json")

    for path, want in expected.items():
        assert draft_value(dumped, path) == want, f"{path}: {draft_value(dumped, path)!r}"
    assert outcome.absorbed
    assert draft.description == text.strip()  # a story is kept verbatim as the description


def test_short_answers_do_not_spill_into_other_slots(
    index: EmployerIndex, gazetteer: dl.TownshipGazetteer
) -> None:
    ctx = dl.SimpleDialogueContext(now=NOW, employers=index, gazetteer=gazetteer)
    draft = Draft(draft_id="t", started_at=NOW)
    absorber = Absorber(draft, ctx, TODAY)
    absorber.absorb("35000", asking="amount")
    assert draft.amount_yuan == 35000 and draft.headcount is None
    absorber.absorb("12", asking="headcount")
    assert draft.headcount == 12 and draft.amount_yuan == 35000
    absorber.absorb("张三", asking="name")
    assert draft.name == "张三" and draft.headcount == 12
    absorber.absorb("13812345678", asking="name")  # the number is a phone, not a name
    assert draft.phone == "13812345678" and draft.name == "张三"
    assert draft.description is None


@pytest.mark.parametrize(
    ("asking", "answer", "attr", "value"),
    [
        ("amount", "3.5万", "amount_yuan", 35000),
        ("amount", "三万五", "amount_yuan", 35000),
        ("amount", "一万二千", "amount_yuan", 12000),
        ("amount", "35000元", "amount_yuan", 35000),
        ("amount", "大概两万多吧", "amount_yuan", 20000),
        ("amount", "兩萬三千塊", "amount_yuan", 23000),
        ("headcount", "就我一个", "headcount", 1),
        ("headcount", "二十多个人", "headcount", 20),
        ("headcount", "七八个", "headcount", 8),
        ("headcount", "十二", "headcount", 12),
        ("township", "柳河", "township", "柳河镇"),
        ("township", "在東關這塊", "township", "东关街道"),
        ("township", "桃源", "township", "桃园乡"),  # homophone in a short answer
        ("work_type", "搬砖的", "work_type", "小工"),
        ("work_type", "我是开叉车的", "work_type", "开叉车"),  # kept as said
        ("headcount", "5", "headcount", 5),
        ("project", "锦绣花园三期", "project", "锦绣花园三期"),
    ],
)
def test_answers_to_the_question_asked(
    asking: str,
    answer: str,
    attr: str,
    value: Any,
    index: EmployerIndex,
    gazetteer: dl.TownshipGazetteer,
) -> None:
    ctx = dl.SimpleDialogueContext(now=NOW, employers=index, gazetteer=gazetteer)
    draft = Draft(draft_id="t", started_at=NOW)
    Absorber(draft, ctx, TODAY).absorb(answer, asking=asking)  # type: ignore[arg-type]
    assert getattr(draft, attr) == value


def test_out_of_range_answers_are_refused(
    index: EmployerIndex, gazetteer: dl.TownshipGazetteer
) -> None:
    ctx = dl.SimpleDialogueContext(now=NOW, employers=index, gazetteer=gazetteer)
    draft = Draft(draft_id="t", started_at=NOW)
    out = Absorber(draft, ctx, TODAY).absorb("50000个人", asking="headcount")
    assert draft.headcount is None and out.invalid == "invalid.headcount_range"
    out = Absorber(draft, ctx, TODAY).absorb("一千亿", asking="amount")
    assert draft.amount_yuan is None and out.invalid is not None


@pytest.mark.parametrize(
    ("answer", "start", "end"),
    [
        ("今年一月份到现在", date(2025, 1, 1), TODAY),
        ("去年腊月到今年二月", date(2024, 12, 1), date(2025, 2, 28)),  # lunar month, roughly
        ("前年正月到五月", date(2023, 1, 1), date(2023, 5, 31)),
    ],
)
def test_period_answers(
    answer: str, start: date, end: date, index: EmployerIndex, gazetteer: dl.TownshipGazetteer
) -> None:
    ctx = dl.SimpleDialogueContext(now=NOW, employers=index, gazetteer=gazetteer)
    draft = Draft(draft_id="t", started_at=NOW)
    Absorber(draft, ctx, TODAY).absorb(answer, asking="period")
    assert draft.period is not None
    assert (draft.period.start, draft.period.end) == (start, end)
