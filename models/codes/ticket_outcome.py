"""How an investigation ended (办结方式), stored in `ticket.outcome_code`."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum


class TicketOutcome(StrEnum):
    PAID_IN_FULL = "paid_in_full"
    PAID_IN_PART = "paid_in_part"
    NO_ARREARS = "no_arrears_found"
    EMERGENCY_FUND = "emergency_fund_advance"
    REFERRED_POLICE = "referred_police"
    REFERRED_ARBITRATION_COURT = "referred_arbitration_court"
    OUT_OF_JURISDICTION = "out_of_jurisdiction"

    @property
    def label(self) -> str:
        return OUTCOME_LABELS[self]

    @property
    def money_paid(self) -> bool:
        """Outcomes in which the worker received money, so an amount must be recorded."""
        return self in MONEY_PAID


OUTCOME_LABELS: Mapping[TicketOutcome, str] = {
    TicketOutcome.PAID_IN_FULL: "已全额支付",
    TicketOutcome.PAID_IN_PART: "已部分支付",
    TicketOutcome.NO_ARREARS: "经查不存在欠薪",
    TicketOutcome.EMERGENCY_FUND: "应急周转金垫付",
    TicketOutcome.REFERRED_POLICE: "移送公安机关",
    TicketOutcome.REFERRED_ARBITRATION_COURT: "引导劳动仲裁或诉讼",
    TicketOutcome.OUT_OF_JURISDICTION: "不属于本地管辖",
}

MONEY_PAID: frozenset[TicketOutcome] = frozenset(
    {TicketOutcome.PAID_IN_FULL, TicketOutcome.PAID_IN_PART, TicketOutcome.EMERGENCY_FUND}
)
