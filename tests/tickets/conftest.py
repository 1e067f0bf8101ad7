"""Fixtures of the ticket-workflow tests (helpers live in ticket_fixtures)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession
from ticket_fixtures import ComplaintFactory, complaint_row, seed_world

from models import Complaint


@pytest.fixture
async def world(session: AsyncSession) -> dict[str, Any]:
    return await seed_world(session)


@pytest.fixture
def new_complaint(session: AsyncSession) -> ComplaintFactory:
    async def make(**overrides: Any) -> Complaint:
        complaint = complaint_row(**overrides)
        session.add(complaint)
        await session.flush()
        return complaint

    return make
