"""Township gazetteer: short forms, aliases, false hits (routing.townships)."""

from __future__ import annotations

import pytest

from routing.townships import TownshipGazetteer, short_form

NAMES = ["城关镇", "石门街道", "柳河乡", "北山矿区", "告成镇", "嵩阳街道", "大金店镇"]


@pytest.fixture(scope="module")
def gaz() -> TownshipGazetteer:
    return TownshipGazetteer(NAMES, {"老城区": "城关镇"})


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("石门街道", "石门"),
        ("大金店镇", "大金店"),
        ("柳河乡", "柳河"),
        ("北山矿区", "北山"),
        ("某镇", None),
    ],
)
def test_short_form(name: str, short: str | None) -> None:
    assert short_form(name) == short


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("石门街道", "石门街道"),
        ("石门", "石门街道"),
        ("石门办事处", "石门街道"),
        ("石门街道办", "石门街道"),
        ("大金店", "大金店镇"),
        ("登封市城关镇", "城关镇"),
        ("老城区", "城关镇"),  # explicit alias
        ("柳河鄉", "柳河乡"),  # traditional
        ("流河乡", "柳河乡"),  # homophone typo
        ("流河镇", "柳河乡"),  # homophone typo and the wrong suffix: by the short form's sound
        ("火星镇", None),
        ("", None),
    ],
)
def test_canonical_field_value(gaz: TownshipGazetteer, value: str, expected: str | None) -> None:
    assert gaz.canonical(value) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("在柳河一个工地上干活", "柳河乡"),
        ("再大金店这块的厂里", "大金店镇"),
        ("在告成干活", "告成镇"),
        ("北山矿区的一个砖厂", "北山矿区"),
        ("在城关镇卫生院", "城关镇"),
    ],
)
def test_mentions_in_text(gaz: TownshipGazetteer, text: str, expected: str) -> None:
    found = gaz.find(text)
    assert found is not None and found.township == expected


@pytest.mark.parametrize(
    "text",
    [
        "修嵩阳路的活",  # a road named after the township
        "大功告成了",  # 告成 is a common word: needs a location cue
        "石门建筑公司欠钱",  # part of a company name
        "活干完了",
    ],
)
def test_no_false_hits(gaz: TownshipGazetteer, text: str) -> None:
    assert gaz.find(text) is None


def test_full_name_beats_short_form(gaz: TownshipGazetteer) -> None:
    found = gaz.find("老板在柳河那边，俺在石门街道干活")
    assert found is not None and found.township == "石门街道"


def test_mask_keeps_length_and_hides_names(gaz: TownshipGazetteer) -> None:
    masked = gaz.mask("在北山矿区干活")
    assert len(masked) == len("在北山矿区干活")
    assert "矿区" not in masked


def test_ambiguous_short_forms_are_dropped() -> None:
    gaz = TownshipGazetteer(["石门镇", "石门乡"])
    assert gaz.canonical("石门") is None
    assert gaz.canonical("石门乡") == "石门乡"


def test_empty_gazetteer_is_harmless() -> None:
    gaz = TownshipGazetteer([])
    assert gaz.find("在石门干活") is None
    assert gaz.canonical("石门") is None
    assert gaz.mask("abc") == "abc"


def test_find_answer_takes_short_answers_by_sound_but_not_stories() -> None:
    g = TownshipGazetteer(["颍阳镇", "大冶镇", "少林街道", "告成镇"])
    assert g.find_answer("颖阳") == "颍阳镇"  # a look-alike typed from memory
    assert g.find_answer("在大冶这块") == "大冶镇"
    assert g.find_answer("少林") == "少林街道"
    assert g.find_answer("告成") == "告成镇"  # as an answer, the short form is meant
    assert g.find_answer("大功告成了") is None
    assert g.find_answer("嵩阳路") is None
    assert g.find_answer("我在颍阳镇那边干活，老板欠钱") == "颍阳镇"
    assert g.find_answer("") is None
