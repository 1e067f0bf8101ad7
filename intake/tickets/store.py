"""Reading tickets fresh and changing them under optimistic concurrency.

`change_ticket` is the one way a ticket changes, whoever changes it (an inspector, the
worker's answer, the sweeper, a message that could not be delivered): one conditional
UPDATE `... WHERE id = :id AND version = :seen` that bumps the version, then the timeline
event and its audit row. Of two inspectors acting on the same ticket at once, the first wins
and the second matches no row and gets TicketConflict. The UPDATE runs before anything else
is written, so a refused change leaves nothing behind and the caller's transaction stays
usable.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import inspect, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import col, select

from intake.reports import week_stats
from intake.reports.week_stats import TicketState
from intake.tickets import timeline
from intake.tickets.errors import TicketConflict, TicketNotFound
from intake.tickets.sla import as_utc
from intake.tickets.timeline import Actor
from models import Complaint, Ticket

_DATETIME_COLUMNS = tuple(
    c.key for c in inspect(Ticket).columns if getattr(c.type, "timezone", False)
)
T = TypeVar("T", bound=Iterable[Ticket])


def aware(tickets: T) -> T:
    """Give loaded tickets aware UTC datetimes on every backend (SQLite hands back naive
    ones), so callers can compare and format them without caring which database it was."""
    for ticket in tickets:
        for key in _DATETIME_COLUMNS:
            value = ticket.__dict__.get(key)
            if isinstance(value, datetime) and value.tzinfo is None:
                set_committed_value(ticket, key, as_utc(value))
    return tickets


async def get_ticket(session: AsyncSession, ticket_id: int, *, lock: bool = False) -> Ticket:
    """The ticket as committed now (not a stale copy from the session's identity map).
    `lock`: hold its row until the transaction ends (PostgreSQL; SQLite serialises writers),
    for a background change that must not lose to a concurrent one."""
    ticket = await session.get(Ticket, ticket_id, populate_existing=True, with_for_update=lock)
    if ticket is None:
        raise TicketNotFound(f"工单 {ticket_id} 不存在", f"ticket {ticket_id} does not exist")
    aware([ticket])
    return ticket


async def get_complaint(session: AsyncSession, complaint_id: int) -> Complaint:
    complaint = await session.get(Complaint, complaint_id)
    if complaint is None:
        raise TicketNotFound(
            f"投诉 {complaint_id} 不存在", f"complaint {complaint_id} does not exist"
        )
    return complaint


async def ticket_for_complaint(session: AsyncSession, complaint_id: int) -> Ticket | None:
    ticket = await session.scalar(
        select(Ticket)
        .where(Ticket.complaint_id == complaint_id)
        .execution_options(populate_existing=True)
    )
    if ticket is not None:
        aware([ticket])
    return ticket


async def change_ticket(
    session: AsyncSession,
    ticket: Ticket,
    *,
    seen_version: int,
    values: dict[str, Any],
    now: datetime,
    kind: str,
    actor: Actor,
    from_status: str | None = None,
    to_status: str | None = None,
    body: dict[str, Any] | None = None,
) -> None:
    """Apply `values` if the ticket is still at `seen_version` (else TicketConflict, nothing
    written), bump the version, and record the change as a `kind` event on the timeline
    with its audit row."""
    assert ticket.id is not None
    full = {**values, "version": seen_version + 1, "updated_at": as_utc(now)}
    result = await session.execute(
        update(Ticket)
        .where(col(Ticket.id) == ticket.id, col(Ticket.version) == seen_version)
        .values(**full)
        .execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 0) != 1:
        raise TicketConflict(
            f"工单 {ticket.number} 已被他人更新，请刷新后重试",
            f"ticket {ticket.number} was changed by someone else meanwhile; reload and retry",
        )
    # the dashboard's weekly figures move with the ticket, in the same transaction
    claimed = (await week_stats.claimed_amounts(session, [ticket.complaint_id])).get(
        ticket.complaint_id
    )
    before = TicketState.of(ticket, claimed)
    await week_stats.record(session, [(before, TicketState.of(ticket, claimed, **full))])
    # Keep the loaded object in step without making the session flush it again.
    for key, value in full.items():
        set_committed_value(ticket, key, value)
    await timeline.record(
        session,
        ticket=ticket,
        kind=kind,
        actor=actor,
        now=now,
        from_status=from_status,
        to_status=to_status,
        body=body,
    )
