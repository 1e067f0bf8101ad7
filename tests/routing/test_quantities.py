"""Amounts and headcounts as workers type them (routing.quantities)."""

from __future__ import annotations

import pytest

from routing.quantities import parse_amount_yuan, parse_headcount, parse_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("一共35000元没结", 35000),
        ("算下来3.5万", 35000),
        ("欠了三万五", 35000),
        ("一万二千", 12000),
        ("工钱一万二", 12000),
        ("5千块", 5000),
        ("一天200干了40天", 8000),
        ("一天150，干了14天，一分没给", 2100),
        ("两万多块钱", 20000),
        ("二十三万四千块", 234000),
        ("1.95万块钱", 19500),
        ("一共35,000元", 35000),
        ("３５０００元", 35000),
        ("一共二十五萬九", 259000),
        ("十几万", 100000),
        ("三四万", 40000),
        ("工钱143000到现在没给", 143000),
        ("干了三个多月，20500没结，就我自己", 20500),
        ("18000", 18000),
        ("大概三万多吧", 30000),
        ("1万5", 15000),
        ("15k", 15000),
        ("工资一个月3500，干了4个月", 14000),
    ],
)
def test_amounts(text: str, expected: int) -> None:
    assert parse_amount_yuan(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "老板跑路了",
        "干了五个月，俺们十二个人",
        "从三月份干到七月份",
        "电话13812345678打不通",
        "2023年的事",
    ],
)
def test_no_amount(text: str) -> None:
    assert parse_amount_yuan(text) is None


def test_stated_total_beats_rate_times_days() -> None:
    assert parse_amount_yuan("一天200，干了40天，一共欠我9000元") == 9000


def test_monthly_rate() -> None:
    assert parse_amount_yuan("一个月四千，干了三个月") == 12000


def test_amount_is_int_not_float() -> None:
    value = parse_amount_yuan("2.35万")
    assert value == 23500
    assert isinstance(value, int)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("就我一个", 1),
        ("就俺自己", 1),
        ("我的工钱8000元到现在没给", 1),
        ("我和老乡两个人", 2),
        ("俺跟俺媳妇俩", 2),
        ("俺们俩", 2),
        ("七八个人", 8),
        ("二十多个人", 20),
        ("三十来号人", 30),
        ("俺们十几个，一共9万", 10),
        ("欠俺们9个工钱", 9),
        ("俺们12个工人", 12),
        ("整个班组20个人", 20),
        ("俺們十幾個", 10),
        ("10", 10),
        ("十来个", 10),
        ("俩人", 2),
        ("俺一个", 1),
        ("五六个", 6),
    ],
)
def test_headcounts(text: str, expected: int) -> None:
    assert parse_headcount(text) == expected


@pytest.mark.parametrize(
    "text",
    ["", "给一个姓邓的老板干了活", "干了两个月", "干了一个多月", "老板跑路了", "俺一个月挣3000"],
)
def test_no_headcount(text: str) -> None:
    assert parse_headcount(text) is None


def test_parse_number_spans() -> None:
    assert parse_number("3.5万") == 35000
    assert parse_number("七八") == 8
    assert parse_number("万一") is None
    assert parse_number("abc") is None


@pytest.mark.parametrize("junk", ["\x00\x01", "💰💰", "万万万", "." * 50, "1" * 40, None])
def test_bad_input_gives_none(junk: str | None) -> None:
    assert parse_amount_yuan(junk) is None  # type: ignore[arg-type]
    assert parse_headcount(junk) is None  # type: ignore[arg-type]
