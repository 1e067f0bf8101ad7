"""Whether messages reach the worker: a message to the worker that cannot be delivered
(they blocked the bot, the chat is gone, a web or terminal message was not picked up in
time) sets `Ticket.delivery_failed`, so the inspector phones them (未能送达); the next one
that gets through clears it. Both readers of the outbox report here: the Telegram sender
(bot/sender.py) and the worker's own web or terminal channel (intake/messaging.py).

The change takes the one path of every ticket change (store.change_ticket): version bump,
a `worker_unreachable` / `worker_reachable` event on the timeline, an audit row, by the
system.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from intake.tickets.store import change_ticket, get_ticket
from intake.tickets.timeline import Actor
from models import Complaint, Ticket


async def record_delivery(
    session: AsyncSession,
    *,
    ticket_id: int | None,
    delivered: bool,
    channel: str,
    chat_id: str,
    now: datetime,
    reason: str = "",
) -> bool:
    """A message of ticket `ticket_id` to (`channel`, `chat_id`) was delivered, or could not
    be (`reason`). Only the worker's own chat counts: a task force's group or an inspector
    that blocked the bot says nothing about reaching the worker. In the caller's
    transaction; returns whether the ticket changed."""
    if ticket_id is None:
        return False
    known = (
        await session.execute(
            select(col(Ticket.delivery_failed), col(Complaint.channel), col(Complaint.external_id))
            .join(Complaint, col(Complaint.id) == col(Ticket.complaint_id))
            .where(col(Ticket.id) == ticket_id)
        )
    ).first()
    if known is None or (known.channel, known.external_id) != (channel, str(chat_id)):
        return False
    if bool(known.delivery_failed) != delivered:  # already as this delivery says
        return False
    # locked, so a concurrent change (an inspector, the sweeper) cannot make this one fail
    ticket = await get_ticket(session, ticket_id, lock=True)
    if ticket.delivery_failed != delivered:
        return False
    await change_ticket(
        session,
        ticket,
        seen_version=ticket.version,
        values={"delivery_failed": not delivered},
        now=now,
        kind="worker_reachable" if delivered else "worker_unreachable",
        actor=Actor.system(),
        body={"channel": channel, "chat_id": str(chat_id), "reason": reason or None},
    )
    return True
