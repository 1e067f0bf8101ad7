"""Masking of the complainant's personal data (no database)."""

from __future__ import annotations

import pytest

from intake.reports.masking import (
    mask_description,
    mask_id_number,
    mask_in_text,
    mask_name,
    mask_phone,
)


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        ("13812345678", "138****5678"),
        ("+8613812345678", "+86*******5678"),
        ("12345", "***45"),
        ("7", "*"),
        ("", ""),
        (None, ""),
    ],
)
def test_phone(raw: str | None, masked: str) -> None:
    assert mask_phone(raw) == masked


def test_id_number_and_name() -> None:
    assert mask_id_number("41018519900101123X") == "4101************3X"
    assert mask_id_number("1234") == "****"
    assert mask_id_number(None) == ""
    assert mask_name("王小明") == "王**"
    assert mask_name("李") == "李*"
    assert mask_name("  ") == ""


def test_numbers_in_free_text_are_masked() -> None:
    text = "电话13812345678或138-1234-5678，身份证41018519900101123X，欠3000元，工号20240101"
    masked = mask_in_text(text)
    assert "13812345678" not in masked and "1234-5678" not in masked
    assert "41018519900101123X" not in masked
    assert "138****5678" in masked and "4101************3X" in masked
    assert "3000元" in masked and "20240101" in masked  # amounts and short numbers stay


def test_own_name_in_description_is_masked() -> None:
    masked = mask_description("我叫王小明，王小明的工资没发", "王小明")
    assert "王小明" not in masked and masked.count("王**") == 2
    assert mask_description("老王欠钱", "王") == "老王欠钱"  # one character: too common to hide
