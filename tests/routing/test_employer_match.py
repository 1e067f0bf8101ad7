"""Employer matching: the variations workers type, the abstentions, and registry changes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from employer_registry_sample import make_uscc, records

from routing.employers.index import EmployerIndex
from routing.employers.registry import EmployerRecord

SHARED_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"


@pytest.fixture(scope="module")
def index() -> EmployerIndex:
    return EmployerIndex.from_records(records())


def matched(index: EmployerIndex, query: str) -> str | None:
    m = index.match(query).match
    return m.record.id if m else None


def test_every_registered_name_finds_itself(index: EmployerIndex) -> None:
    for rec in records():
        assert matched(index, rec.name) == rec.id, rec.name


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("柳河县恒岳建筑工程", "1"),  # legal form dropped
        ("柳河恒岳建筑工程有限公司", "1"),  # short region
        ("恒岳劳务", "2"),  # 字号 + short trade word
        ("德信建筑", "16"),
        ("吉林省德信建筑工程有限公司", "16"),  # another region, one company with that name
        ("柳河县德信建築工程有限公司", "16"),  # traditional characters
        ("就是那个德信建筑的老板", "16"),  # speech around the name
        ("在 德信建筑 工地搬砖！！", "16"),
        ("德欣建筑", "16"),  # homophone slip
        ("金绵耐火", "6"),  # look-alike slip (锦/绵)
        ("jiahe物业", "15"),  # romanised brand
        ("Jia He Wu Ye", "15"),
        ("宏泰物流", "4"),  # exact characters beat the homophone neighbour 鸿泰
        ("瑞丰煤业集团有限公司", "7"),  # parent named, parent and branch registered
        ("瑞丰煤业柳河分公司", "8"),  # registered branch
        ("瑞丰煤业石门分公司", "7"),  # unregistered branch: its parent
        ("安顺建设工程有限公司", "9"),  # parent not registered, one branch is
        ("柳河二中", "10"),  # abbreviation of an institution
        ("住建局", "12"),
        ("城关镇政府", "13"),
        ("城投公司", "14"),
    ],
)
def test_variants_find_the_one_meant(index: EmployerIndex, query: str, expected: str) -> None:
    assert matched(index, query) == expected


@pytest.mark.parametrize(
    "query",
    [
        "恒岳餐饮管理有限公司",  # registered 字号, another trade
        "恒森建筑工程有限公司",  # 字号 one unrelated character away
        "天马物流有限公司",  # not registered at all
        "柳河县第九中学",  # another number is another school
        "红泰物流",  # sounds like both 宏泰 and 鸿泰: ask, do not guess
        "恒岳建筑",  # two regions register 恒岳建筑工程
    ],
)
def test_abstains_rather_than_guesses(index: EmployerIndex, query: str) -> None:
    result = index.match(query)
    assert result.match is None


def test_ambiguous_query_offers_both(index: EmployerIndex) -> None:
    ids = {c.record.id for c in index.match("红泰物流").candidates}
    assert {"4", "5"} <= ids


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "\u3000\t",
        "宏" * 10_000,
        "😀😀😀",
        "\x00\x01\x02",
        "'; DROP TABLE employer; --",
        "SELECT * FROM employer WHERE 1=1",
        "!!!???",
        "a" * 5000,
        None,
        42,
    ],
)
def test_bad_input_abstains(index: EmployerIndex, query: object) -> None:
    result = index.match(query)  # type: ignore[arg-type]
    assert result.match is None
    assert isinstance(result.candidates, list)


def test_candidates_are_ranked_scores(index: EmployerIndex) -> None:
    result = index.match("德信建筑", limit=3)
    scores = [c.score for c in result.candidates]
    assert 1 <= len(scores) <= 3
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert result.match is not None and result.match.score == scores[0]


def test_typed_uscc_matches_exactly(index: EmployerIndex) -> None:
    code = make_uscc(17, "91")
    assert matched(index, f"代码 {code}") == "17"
    wrong = code[:17] + ("0" if code[17] != "0" else "1")
    assert matched(index, wrong) is None


def test_explain_reports_the_parse(index: EmployerIndex) -> None:
    info = index.explain("就是那个德信建筑的老板")
    assert info["match"] == "16"
    assert info["content"] == "德信建筑"
    top = info["candidates"][0]["parsed"]
    assert top["brand"] == "德信" and top["industry"] == "建筑工程" and top["region"] == "柳河县"


def test_parsed_name_parts(index: EmployerIndex) -> None:
    p = index.parse_name("河南省柳河县瑞丰煤业集团有限公司第一分公司")
    assert (p.region_text, p.brand, p.industry, p.legal, p.group) == (
        "河南省柳河县",
        "瑞丰",
        "煤业",
        "集团有限公司",
        True,
    )
    assert p.branch == "第一分公司"


def test_index_follows_registry_changes() -> None:
    index = EmployerIndex.from_records(records())
    assert matched(index, "天马物流有限公司") is None
    index.upsert(
        EmployerRecord("99", "天马物流有限公司", make_uscc(99, "91"), "services", "private", "")
    )
    assert matched(index, "天马物流") == "99"
    # renamed in place: the old name no longer leads to it
    index.upsert(
        EmployerRecord("99", "天骏物流有限公司", make_uscc(99, "91"), "services", "private", "")
    )
    assert matched(index, "天马物流") is None
    assert matched(index, "天骏物流") == "99"
    assert index.remove("99") and not index.remove("99")
    assert matched(index, "天骏物流") is None
    assert len(index) == len(records())


def test_confirmed_alias_is_consulted_first() -> None:
    index = EmployerIndex.from_records(records())
    assert matched(index, "老柳河自来水厂") is None
    assert index.add_alias("老柳河自来水厂", "14")
    assert matched(index, "就是老柳河自来水厂") == "14"  # filler words do not matter
    assert not index.add_alias("   ", "14")
    assert not index.add_alias("别的名字", "no-such-id")


@pytest.mark.skipif(not (SHARED_DATA / "registry.csv").exists(), reason="dev data not present")
def test_dev_set_accuracy() -> None:
    """The dev set as a regression guard (the benchmark prints the full table)."""
    index = EmployerIndex.from_csv(SHARED_DATA / "registry.csv")
    right = total = abstained = nulls = 0
    with open(SHARED_DATA / "match_queries.jsonl", encoding="utf-8") as fh:
        for line in fh:
            q = json.loads(line)
            got = matched(index, q["query"])
            if q["expected_id"] is None:
                nulls += 1
                abstained += got is None
            else:
                total += 1
                right += got == str(q["expected_id"])
    assert right / total >= 0.99  # 1.000 measured
    assert abstained / nulls >= 0.98  # 1.00
