"""Normalization, USCC validation, pinyin and look-alike characters (routing.employers)."""

from __future__ import annotations

import pytest

from routing.employers import glyphs, pinyin, uscc
from routing.employers.normalize import normalize_many, normalize_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("河南宏達建築工程有限公司", "河南宏达建筑工程有限公司"),  # traditional
        ("宏达　建筑！！", "宏达建筑"),  # full-width space, punctuation
        ("Ｈｏｎｇ　Ｄａ建筑", "hongda建筑"),  # full-width Latin
        ("宏达\x00\u200b建筑\n", "宏达建筑"),  # control and zero-width characters
        ("宏达😀建筑（好像）", "宏达建筑好像"),  # emoji and brackets
        ("", ""),
        ("   ", ""),
    ],
)
def test_normalize_text(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


def test_normalize_text_odd_input() -> None:
    assert normalize_text(None) == ""
    assert normalize_text(12345) == ""
    assert len(normalize_text("宏" * 10_000)) <= 256


def test_normalize_many_equals_one_by_one() -> None:
    names = ["登封市東祥建築勞務有限責任公司", "", "a\nb", "Ｘ　Ｙ", "宏达\x07建筑"]
    assert normalize_many(names) == [normalize_text(n) for n in names]


def _code(prefix: str, region: str, body8: str) -> str:
    org = body8 + uscc._org_check(body8)
    return prefix + region + org + uscc.check_char(prefix + region + org)


def test_uscc_check_character() -> None:
    code = _code("91", "410185", "MA5KDQ5Y")
    assert uscc.is_valid(code)
    assert uscc.is_valid(" " + code.lower() + " ")  # cleaned: spaces, case
    wrong = code[:17] + ("0" if code[17] != "0" else "1")
    assert uscc.problem(wrong) is not None and "校验码" in uscc.problem(wrong)  # type: ignore[operator]


@pytest.mark.parametrize(
    ("code", "fragment"),
    [
        ("91410185MA5KDQ5Y6", "18位"),
        ("91410185MA5KDQ5YIO", "非法字符"),  # I and O are not in the charset
        ("B1410185MA5KDQ5Y6Y", "登记管理部门码"),
        ("94410185MA5KDQ5Y6Y", "机构类别码"),  # 市场监管 has no type 4
        ("9141018AMA5KDQ5Y6Y", "行政区划码"),
        (None, "18位"),
    ],
)
def test_uscc_problems_are_explained(code: str | None, fragment: str) -> None:
    problem = uscc.problem(code)
    assert problem is not None and fragment in problem


def test_uscc_found_in_text() -> None:
    code = _code("91", "410185", "12345678")
    assert uscc.find_in_text(f"公司代码是{code}，老板跑了") == [code]
    assert uscc.find_in_text("no code here 123") == []


def test_pinyin_segmentation_and_sound() -> None:
    assert pinyin.segment("hongdajianzhu") == ("hong", "da", "jian", "zhu")
    assert pinyin.segment("xyz") is None
    assert ("hong", "xin", "gang", "gou") in pinyin.segmentations("hongxinganggou")
    assert pinyin.sounds_like("鸿", "宏")
    assert pinyin.sounds_like("hong", "宏")
    assert not pinyin.sounds_like("泰", "达")
    # a rare reading of the typed character does not count (市 also reads fu)
    assert not pinyin.sounds_like("市", "福")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("锦", "绵"),
        ("恒", "垣"),
        ("天", "夭"),
        ("宇", "字"),
        ("正", "止"),
        ("土", "士"),  # built from the same parts
        ("折", "拆"),  # one part apart, and the parts 斤/斥 look alike
        ("休", "体"),  # 木/本
        ("人", "入"),  # small characters, three corners alike
        ("千", "于"),
    ],
)
def test_lookalikes_from_structure(a: str, b: str) -> None:
    assert glyphs.look_alike(a, b)


@pytest.mark.parametrize(("a", "b"), [("宏", "达"), ("泰", "达"), ("鑫", "源"), ("建", "筑")])
def test_unrelated_characters_do_not_look_alike(a: str, b: str) -> None:
    assert not glyphs.look_alike(a, b)


@pytest.mark.parametrize(("a", "b"), [("达", "这"), ("嘉", "喜"), ("隆", "降"), ("光", "先")])
def test_rendered_table_holds_known_lookalikes(a: str, b: str) -> None:
    assert b in glyphs.rendered_alike(a)
    assert a in glyphs.rendered_alike(b)


@pytest.mark.parametrize(("a", "b"), [("宏", "达"), ("鑫", "源"), ("建", "筑"), ("明", "时")])
def test_rendered_table_leaves_unrelated_characters_apart(a: str, b: str) -> None:
    assert b not in glyphs.rendered_alike(a)


def test_rendered_nearest_needs_each_the_others_nearest_picture() -> None:
    assert glyphs.rendered_nearest("光", "先") and glyphs.rendered_nearest("先", "光")
    # near neighbours that share only a radical, or are merely in the neighbourhood: not
    assert not glyphs.rendered_nearest("仍", "侣")
    assert not glyphs.rendered_nearest("远", "近")
    assert not glyphs.rendered_nearest("宏", "达")


def test_rendered_likeness_raises_loose_structure_one_grade() -> None:
    # loosely alike in structure and near when rendered: a look-alike
    assert glyphs.look_alike("嘉", "喜")
    # similar in structure and near when rendered: weaker evidence, not a look-alike
    assert glyphs.similar_and_rendered_alike("达", "这")
    assert not glyphs.look_alike("达", "这")
    # similar in structure but not near when rendered: neither
    assert not glyphs.similar_and_rendered_alike("远", "近")
