"""A trade said as what the company does (那个做防水的大星, 大星，就是搞装修的那家): the clause is
the stated trade, not part of the name, and an everyday trade word rules out companies of another
sector."""

from __future__ import annotations

from pathlib import Path

import pytest
from employer_registry_sample import records

from routing.employers.index import EmployerIndex
from routing.employers.registry import EmployerRecord

SHARED_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
BUTTON = 0.6  # the dialogue's CANDIDATE_MIN_SCORE


def matched(index: EmployerIndex, query: str) -> str | None:
    m = index.match(query).match
    return m.record.id if m else None


@pytest.fixture(scope="module")
def sample() -> EmployerIndex:
    extra = [
        EmployerRecord(
            "90", "金锦物流有限公司", "91220524MA00000090", "services", "private", "城关镇"
        ),
        EmployerRecord(
            "91", "大开建筑工程有限公司", "91220524MA00000091", "construction", "private", "城关镇"
        ),
    ]
    return EmployerIndex.from_records([*records(), *extra])


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("那个做耐火材料的金锦", "6"),  # the registry's own trade word, said in a clause
        ("金锦，就是做物流的那家", "90"),
        ("搞物流那个金锦", "90"),  # no 的: the noun the clause describes closes it
        ("送货的金锦", "90"),  # an everyday word: the one 金锦 of its sector
    ],
)
def test_trade_said_as_a_clause(sample: EmployerIndex, query: str, expected: str) -> None:
    assert matched(sample, query) == expected


def test_everyday_trade_of_another_sector_rules_out(sample: EmployerIndex) -> None:
    got = sample.match("搞钢筋的金锦")  # 钢筋 is construction; both 金锦 are not
    assert got.match is None
    assert all(c.score < BUTTON for c in got.candidates)


@pytest.mark.parametrize("query", ["大开建筑的老板", "就是大开建筑那家", "那个干建筑的大开"])
def test_a_verb_inside_a_registered_brand_is_no_clause(sample: EmployerIndex, query: str) -> None:
    assert matched(sample, query) == "91"  # 开 of 大开 is not 开 + 建筑


@pytest.mark.skipif(not (SHARED_DATA / "registry.csv").exists(), reason="dev data not present")
def test_spoken_trades_on_the_dev_registry() -> None:
    index = EmployerIndex.from_csv(SHARED_DATA / "registry.csv")
    # 大星: 732 建筑劳务 and 3831 劳务分包 (construction), 1083 服装 (manufacturing)
    assert matched(index, "大星，就是搞建筑劳务的那家") == "732"
    for query in ("做服装的大星", "大星搞服装的", "俺给干服装的大星干活"):
        assert matched(index, query) == "1083", query
    for query in ("那个做防水的大星", "搞钢筋的大星", "大星那边干木工的老板"):
        got = index.match(query)
        assert got.match is None, query  # two construction companies: a question
        shown = {c.record.id for c in got.candidates if c.score >= BUTTON}
        assert shown == {"732", "3831"}, query  # never the 服装 company
