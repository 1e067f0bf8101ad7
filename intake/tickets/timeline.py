"""Who acts on tickets, and the two records every change leaves: the ticket's timeline
(TicketEvent, shown to inspectors) and the audit trail (AuditLog, for oversight)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from intake.tickets.sla import as_utc
from models import AuditLog, Ticket, TicketEvent, User

# Core inserts: building the two SQLModel objects (pydantic validation) and flushing them
# through the unit of work cost several times the statements themselves.
_INSERT_EVENT = insert(TicketEvent.__table__)  # type: ignore[attr-defined]
_INSERT_AUDIT = insert(AuditLog.__table__)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Actor:
    """`name` is what the timeline shows; `user_id` links staff actions to their account."""

    name: str
    user_id: int | None = None

    @classmethod
    def system(cls) -> Actor:
        return cls(name="system")

    @classmethod
    def worker(cls) -> Actor:
        return cls(name="worker")

    @classmethod
    def from_user(cls, user: User) -> Actor:
        return cls(name=user.username, user_id=user.id)


async def record(
    session: AsyncSession,
    *,
    ticket: Ticket,
    kind: str,
    actor: Actor,
    now: datetime,
    from_status: str | None = None,
    to_status: str | None = None,
    body: dict[str, Any] | None = None,
) -> None:
    """Store one timeline event and its audit row, in the caller's transaction."""
    assert ticket.id is not None
    when = as_utc(now)
    detail = {k: _jsonable(v) for k, v in (body or {}).items() if v is not None}
    await session.execute(
        _INSERT_EVENT,
        {
            "ticket_id": ticket.id,
            "kind": kind,
            "from_status": from_status,
            "to_status": to_status,
            "actor_user_id": actor.user_id,
            "actor": actor.name[:64],
            "body": detail,
            "created_at": when,
        },
    )
    audit_detail: dict[str, Any] = {"number": ticket.number, **detail}
    if from_status is not None or to_status is not None:
        audit_detail.update(from_status=from_status, to_status=to_status)
    if actor.user_id is None:
        audit_detail["actor"] = actor.name
    await session.execute(
        _INSERT_AUDIT,
        {
            "actor_user_id": actor.user_id,
            "action": f"ticket.{kind}"[:48],
            "object_type": "ticket",
            "object_id": str(ticket.id),
            "detail": audit_detail,
            "created_at": when,
        },
    )


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return as_utc(value).isoformat()
    return value


async def events_of(session: AsyncSession, ticket_id: int) -> list[TicketEvent]:
    """The timeline, oldest first."""
    rows = await session.scalars(
        select(TicketEvent).where(TicketEvent.ticket_id == ticket_id).order_by(col(TicketEvent.id))
    )
    return list(rows)
