"""A company named by its 字号 and what it does, in a worker's words: 拉货的金锦, 俺在金锦拣耐火砖,
金锦那帮炒菜卖饭的 — the line of business said picks the namesake, and rules out the others."""

from __future__ import annotations

import pytest
from employer_registry_sample import make_uscc, records

from routing.employers.index import EmployerIndex
from routing.employers.query import without_complaint
from routing.employers.registry import EmployerRecord

# namesakes of 金锦 (6, 金锦耐火材料) in other lines of business, two of them in one sector
NAMESAKES = [
    ("101", "金锦物流有限公司", "services"),
    ("102", "金锦餐饮管理有限公司", "services"),
    ("103", "金锦物业服务有限公司", "services"),
    ("104", "柳河县金锦建设工程有限公司", "construction"),
]


@pytest.fixture(scope="module")
def index() -> EmployerIndex:
    extra = [
        EmployerRecord(rid, name, make_uscc(int(rid), "91"), sector, "private", "城关镇")
        for rid, name, sector in NAMESAKES
    ]
    return EmployerIndex.from_records([*records(), *extra])


def matched(index: EmployerIndex, query: str) -> str | None:
    m = index.match(query).match
    return m.record.id if m else None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("拉货的金锦", "101"),  # 拉货 is 物流, not the 保洁 or 餐饮 of the same sector
        ("金锦，开饭店的那家", "102"),
        ("金锦那帮炒菜卖饭的，欠俺四个月工资", "102"),  # the complaint around it is no name
        ("搞保洁那个……金锦，对，就他们家", "103"),
        ("俺在金锦拣耐火砖，两个月没发钱", "6"),  # the trade said in passing
        ("俺们给金锦装卸货，就那个搞物流的", "101"),  # two clauses, one line
        ("咱柳河开饭店的那个金锦", "102"),  # a clause right after a region
        ("金锦，盖楼的那家", "104"),
    ],
)
def test_the_line_said_picks_the_namesake(index: EmployerIndex, query: str, expected: str) -> None:
    assert matched(index, query) == expected


@pytest.mark.parametrize(
    "query",
    [
        "搞道路养护的金锦",  # no 金锦 works on roads: offered, never chosen
        "金锦服饰",  # nor makes clothes (服饰 in passing)
        "做铝材的金锦",
    ],
)
def test_a_line_no_namesake_is_in_is_offered_not_chosen(index: EmployerIndex, query: str) -> None:
    result = index.match(query)
    assert result.match is None
    assert any(c.record.name.find("金锦") >= 0 for c in result.candidates)


def test_a_public_unit_employs_every_trade(index: EmployerIndex) -> None:
    # a guard or a cook at a school says their own job, not the school's line of business
    assert matched(index, "在柳河县第三中学当门卫，工资没发") == "36"


def test_what_a_complaint_says_around_a_name_is_blanked() -> None:
    assert without_complaint("俺在宏美井下干活，四个月没发钱").strip(" ，") == "俺在宏美井下干活"
    assert "工资" not in without_complaint("永森那帮做辣条的，欠俺五个月工资。")
    assert without_complaint("搞市政那个信博老板跑了").strip() == "搞市政那个信博"
    assert without_complaint("三月建筑公司") == "三月建筑公司"  # a 字号 that reads as a month


def test_the_boss_named_beside_the_company_is_no_part_of_it(index: EmployerIndex) -> None:
    assert without_complaint("老板是罗三旺的那个艺乾建筑").strip() == "的那个艺乾建筑"
    assert without_complaint("老板是高远的") == "老板是高远的"  # 高远 may be the company itself
    assert matched(index, "老板是罗三旺的那个金锦物流") == "101"
    assert matched(index, "金锦物流，老板老郑") == "101"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("金锦 俺在那掌勺炒菜 欠着俺半年工资了 恁给俺问问", "102"),
        ("俺在金锦开叉车装车卸货，老板不接电话", "101"),
        ("金锦那个小区，俺在里头收物业费看门岗", "103"),
    ],
)
def test_a_sentence_names_the_company_by_its_zihao_and_what_was_done(
    index: EmployerIndex, query: str, expected: str
) -> None:
    assert matched(index, query) == expected


@pytest.mark.parametrize(
    "query",
    [
        "就是那个金锦华劳务分包的老板",  # 金锦华, a longer 字号 nobody registered
        "俺在金锦缝衣服，欠俺两个月",  # no 金锦 makes clothes
        "金锦 俺在那干活 欠俺钱",  # nothing tells which 金锦
    ],
)
def test_a_sentence_that_does_not_tell_chooses_none(index: EmployerIndex, query: str) -> None:
    assert matched(index, query) is None
