"""What the JSON API and the forms both do to change tickets: the casework call with the
app's clock and deadline policy, committed; a refused change (a TicketError, raised before
anything is written) is rolled back and raised for the caller to show."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from fastapi import Request
from sqlalchemy.ext.asyncio import AsyncSession

from intake.staff.access import Viewer
from intake.tickets import casework
from intake.tickets.actions import ActionInput
from intake.tickets.errors import TicketError
from intake.tickets.service import GroupActionReport
from intake.tickets.sla import SlaPolicy
from models import Ticket
from models.base import utcnow

_T = TypeVar("_T")


async def _committed(session: AsyncSession, change: Callable[[], Awaitable[_T]]) -> _T:
    try:
        done = await change()
        await session.commit()
    except TicketError:
        await session.rollback()
        raise
    return done


def _policy(request: Request) -> SlaPolicy:
    policy: SlaPolicy = request.app.state.settings.sla_policy()
    return policy


async def act_on_ticket(
    request: Request, session: AsyncSession, viewer: Viewer, ticket_id: int, inputs: ActionInput
) -> Ticket:
    return await _committed(
        session,
        lambda: casework.act_on_ticket(
            session,
            viewer=viewer,
            ticket_id=ticket_id,
            inputs=inputs,
            now=utcnow(),
            policy=_policy(request),
        ),
    )


async def act_on_group(
    request: Request, session: AsyncSession, viewer: Viewer, group_id: int, inputs: ActionInput
) -> GroupActionReport:
    return await _committed(
        session,
        lambda: casework.act_on_group(
            session,
            viewer=viewer,
            group_id=group_id,
            inputs=inputs,
            now=utcnow(),
            policy=_policy(request),
        ),
    )


async def record_followup(
    request: Request,
    session: AsyncSession,
    viewer: Viewer,
    ticket_id: int,
    answer: casework.FollowupRequest,
) -> Ticket:
    return await _committed(
        session,
        lambda: casework.record_followup(
            session,
            viewer=viewer,
            ticket_id=ticket_id,
            request=answer,
            now=utcnow(),
            policy=_policy(request),
        ),
    )
