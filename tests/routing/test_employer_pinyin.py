"""Readings a slip of sound may come from (routing/employers/pinyin.py)."""

from __future__ import annotations

import pytest

from routing.employers.pinyin import common_readings, sounds_like, typed_readings


def test_a_reading_most_words_use_counts_beside_the_first() -> None:
    assert set(common_readings("长")) == {"zhang", "chang"}
    assert set(common_readings("吨")) == {"dun", "tun"}  # no word in the phrase data: two
    assert common_readings("晟") == ("sheng",)  # as names read it, not the dictionary's cheng
    assert common_readings("市") == ("shi",)  # fu is in the dictionary, in no word
    assert "xiang" in common_readings("降")  # 投降: a meant 降 may be typed xiang
    assert typed_readings("降") == ("jiang",)  # a typed 降 was picked under jiang


@pytest.mark.parametrize(
    ("typed", "meant", "alike"),
    [
        ("胜", "晟", True),
        ("晟", "盛", True),
        ("畅", "长", True),
        ("泊", "博", True),
        ("降", "翔", False),
        ("福", "市", False),
        ("sheng", "晟", True),
        ("诚", "晟", False),  # 诚通 is not 晟通
    ],
)
def test_sounds_like(typed: str, meant: str, alike: bool) -> None:
    assert sounds_like(typed, meant) is alike
