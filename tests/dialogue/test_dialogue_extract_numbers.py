"""Phones, id numbers and periods as workers type them."""

from __future__ import annotations

from datetime import date

import pytest

from intake.dialogue.extract.id_number import (
    check_char,
    is_valid_id_number,
    mask_id_number,
    scan_id_numbers,
)
from intake.dialogue.extract.normalize import normalize
from intake.dialogue.extract.period import parse_period, years_before
from intake.dialogue.extract.phone import find_mobiles, find_phone_like, mask_phone

TODAY = date(2025, 3, 10)


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("13812345678", "13812345678"),
        ("我电话13812345678，随时打", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("+86 138-1234-5678", "13812345678"),
        ("+8613812345678", "13812345678"),
        ("008613812345678", "13812345678"),
        ("手机：19912345678", "19912345678"),
        ("１３８１２３４５６７８", "13812345678"),  # full-width digits
        ("電話13700001111", "13700001111"),
    ],
)
def test_mobile_numbers(text: str, number: str) -> None:
    hits = find_mobiles(normalize(text))
    assert [h.number for h in hits] == [number]


@pytest.mark.parametrize(
    "text",
    ["1381234567", "23812345678", "12812345678", "138123456789", "0371-62345678", "欠了35000"],
)
def test_not_mobile_numbers(text: str) -> None:
    assert find_mobiles(normalize(text)) == []


def test_phone_like_runs_are_reported_for_a_kind_reprompt() -> None:
    assert find_phone_like("1381234567")  # one digit short
    assert find_phone_like("138 1234 567")
    assert not find_phone_like("13812345678")  # a valid mobile is not "phone-like but wrong"
    assert not find_phone_like("欠了3万5")


def test_mobile_inside_an_id_number_is_not_a_phone() -> None:
    assert find_mobiles("410199199001011233") == []


def test_mask_phone() -> None:
    assert mask_phone("13812345678") == "138****5678"


# -- id numbers (GB 11643) ------------------------------------------------------------


def test_check_character_of_the_standard_example() -> None:
    # the worked example of GB 11643-1999: 11010519491231002X
    assert check_char("11010519491231002") == "X"
    assert is_valid_id_number("11010519491231002X")
    assert is_valid_id_number("11010519491231002x")


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("410199199001011233", True),
        ("410199198506120043", True),
        ("410199199001011234", False),  # wrong check digit
        ("410199199013011233", False),  # month 13
        ("410199190001011233", False),  # born in 1900-01-01 is allowed, but check differs
        ("010199199001011233", False),  # no region starts with 0
        ("41019919900101123", False),  # 17 characters
    ],
)
def test_id_number_validity(value: str, valid: bool) -> None:
    assert is_valid_id_number(value) is valid


def test_scan_finds_valid_and_invalid_numbers() -> None:
    scan = scan_id_numbers("身份证410199199001011233，我老婆的410199199001011234")
    assert [v for v, _ in scan.valid] == ["410199199001011233"]
    assert [v for v, _ in scan.invalid] == ["410199199001011234"]


def test_scan_reports_old_and_near_miss_numbers() -> None:
    assert scan_id_numbers("410199900101123").invalid  # 15-digit first-generation card
    assert scan_id_numbers("身份证号41019919900101123").invalid  # 17 digits after 身份证
    assert not scan_id_numbers("欠了35000元").invalid


def test_id_born_in_the_future_is_invalid() -> None:
    body = "41019920300101123"
    value = body + check_char(body)
    assert is_valid_id_number(value)
    assert scan_id_numbers(value, today=TODAY).invalid


def test_mask_id_number() -> None:
    assert mask_id_number("410199199001011233") == "4101**********1233"


# -- periods ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("去年10月到今年1月", date(2024, 10, 1), date(2025, 1, 31)),
        ("去年十月到今年一月份", date(2024, 10, 1), date(2025, 1, 31)),
        ("去年10月—今年1月", date(2024, 10, 1), date(2025, 1, 31)),
        ("去年十月到一月", date(2024, 10, 1), date(2025, 1, 31)),
        ("从三月份干到七月份", date(2024, 3, 1), date(2024, 7, 31)),  # July 2025 is ahead
        ("从去年八月干到年底", date(2024, 8, 1), date(2024, 12, 31)),
        ("去年一整年", date(2024, 1, 1), date(2024, 12, 31)),
        ("前年下半年", date(2023, 7, 1), date(2023, 12, 31)),
        ("2023年5月至今", date(2023, 5, 1), TODAY),
        ("今年1月开始干的", date(2025, 1, 1), TODAY),
        ("上个月", date(2025, 2, 1), date(2025, 2, 28)),
        ("23年5月到8月", date(2023, 5, 1), date(2023, 8, 31)),
        ("二零二二年三月", date(2022, 3, 1), date(2022, 3, 31)),
        ("2022.3-2022.9", date(2022, 3, 1), date(2022, 9, 30)),
        ("2024.10~2025.1", date(2024, 10, 1), date(2025, 1, 31)),
        ("3月5号到4月20号", date(2024, 3, 5), date(2024, 4, 20)),
        ("从去年10月开始干，干了三个月", date(2024, 10, 1), date(2024, 12, 31)),
        ("干了三个月了到现在还没给", date(2025, 1, 1), TODAY),
        ("2021年5月到2022年8月", date(2021, 5, 1), date(2022, 8, 31)),
        ("從去年十一月幹到今年二月", date(2024, 11, 1), date(2025, 2, 28)),
    ],
)
def test_periods(text: str, start: date, end: date) -> None:
    period = parse_period(normalize(text), TODAY)
    assert period is not None, text
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize(
    "text", ["干了三个多月", "活早干完了", "一个月3000", "明年3月", "到现在", "十来号人", "张三"]
)
def test_no_period(text: str) -> None:
    assert parse_period(normalize(text), TODAY) is None


def test_period_label() -> None:
    period = parse_period("去年10月到今年1月", TODAY)
    assert period is not None and period.label() == "2024年10月–2025年1月"
    single = parse_period("上个月", TODAY)
    assert single is not None and single.label() == "2025年2月"


def test_years_before_handles_leap_day() -> None:
    assert years_before(date(2024, 2, 29), 2) == date(2022, 2, 28)
    assert years_before(TODAY, 2) == date(2023, 3, 10)
