"""Common grounds for 不予受理; a refusal may also give its own words."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum


class RefusalReason(StrEnum):
    OVER_TWO_YEARS = "over_two_years"
    NOT_WAGE_MATTER = "not_wage_matter"
    OUT_OF_JURISDICTION = "out_of_jurisdiction"
    ALREADY_IN_ARBITRATION = "already_in_arbitration_or_court"
    INFO_NOT_COMPLETED = "info_not_completed"
    DUPLICATE = "duplicate"

    @property
    def label(self) -> str:
        return REFUSAL_LABELS[self]


REFUSAL_LABELS: Mapping[RefusalReason, str] = {
    RefusalReason.OVER_TWO_YEARS: "欠薪发生已超过两年",
    RefusalReason.NOT_WAGE_MATTER: "不属于劳动报酬争议",
    RefusalReason.OUT_OF_JURISDICTION: "不属于本行政区域管辖",
    RefusalReason.ALREADY_IN_ARBITRATION: "已进入劳动仲裁或诉讼程序",
    RefusalReason.INFO_NOT_COMPLETED: "逾期未补正材料",
    RefusalReason.DUPLICATE: "重复投诉",
}
