"""Shared pieces of the ticket-workflow tests: a few task forces and townships (invented),
complaint rows, and fixed instants in 2026 (inside the holiday calendar)."""

from __future__ import annotations

import itertools
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from intake.tickets.sla import SHANGHAI
from models import Complaint, Employer, TaskForce, Township, TownshipAlias

# Monday 2 March 2026, 09:00 in Shanghai: an ordinary working week.
MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI)

CHAT_A = -1001
CHAT_B = -1002
CHAT_OFFICE = -1009

ComplaintFactory = Callable[..., Awaitable[Complaint]]


async def seed_world(session: AsyncSession) -> dict[str, Any]:
    units = [
        TaskForce(code="TF_A", name="甲专班", telegram_chat_id=CHAT_A),
        TaskForce(code="TF_B", name="乙专班", telegram_chat_id=CHAT_B),
        TaskForce(code="TF_QUIET", name="丙专班"),  # no Telegram chat configured
        TaskForce(code="OFFICE", name="联席办", telegram_chat_id=CHAT_OFFICE, is_office=True),
    ]
    session.add_all(units)
    east, west = Township(name="东坡镇"), Township(name="西山街道")
    session.add_all([east, west])
    await session.flush()
    assert west.id is not None
    session.add(TownshipAlias(township_id=west.id, alias="西山办事处"))
    employer = Employer(
        registry_id="E1", name="青石路桥工程有限公司", sector="construction", ownership="private"
    )
    session.add(employer)
    await session.commit()
    return {"employer_id": employer.id}


_serial = itertools.count(1)


def complaint_row(**overrides: Any) -> Complaint:
    n = next(_serial)
    values: dict[str, Any] = {
        "idempotency_key": f"c-{n}-{id(overrides)}",
        "channel": "telegram",
        "external_id": f"{700000 + n}",
        "complainant_name": "测试人",
        "phone": "13800000000",
        "employer_name_typed": f"某某用工单位{n}",
        "township": "东坡镇",
        "amount_fen": 1_000_000,
        "headcount": 1,
    }
    values.update(overrides)
    return Complaint(**values)
