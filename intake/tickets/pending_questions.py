"""需补正 pressed on a group card: the inspector types the question in a private chat with
the bot. Between the press and that message, the ticket waits here (one per Telegram user;
a later press replaces it), for `QUESTION_TTL`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from intake.tickets.sla import as_utc
from models import PendingQuestion

QUESTION_TTL = timedelta(minutes=30)


@dataclass(frozen=True)
class Card:
    """Where the pressed card is, and what it said."""

    chat_id: int
    message_id: int
    text: str


async def start(
    session: AsyncSession,
    *,
    telegram_user_id: int,
    user_id: int,
    ticket_id: int,
    now: datetime,
    card: Card | None = None,
) -> None:
    """Wait for this person's question about this ticket (replacing any earlier wait)."""
    when = as_utc(now)
    await session.execute(
        delete(PendingQuestion).where(col(PendingQuestion.telegram_user_id) == telegram_user_id)
    )
    session.add(
        PendingQuestion(
            telegram_user_id=telegram_user_id,
            user_id=user_id,
            ticket_id=ticket_id,
            card_chat_id=card.chat_id if card else None,
            card_message_id=card.message_id if card else None,
            card_text=card.text if card else "",
            expires_at=when + QUESTION_TTL,
            created_at=when,
        )
    )
    await session.flush()


@dataclass(frozen=True)
class Waiting:
    ticket_id: int
    card: Card | None


async def waiting(session: AsyncSession, *, telegram_user_id: int, now: datetime) -> Waiting | None:
    """The ticket this person's next message is the question for (and the card pressed),
    or None (none, or the wait has expired)."""
    row = await session.scalar(
        select(PendingQuestion).where(PendingQuestion.telegram_user_id == telegram_user_id)
    )
    if row is None or as_utc(row.expires_at) <= as_utc(now):
        return None
    card = None
    if row.card_chat_id is not None and row.card_message_id is not None:
        card = Card(row.card_chat_id, row.card_message_id, row.card_text)
    return Waiting(row.ticket_id, card)


async def cancel(session: AsyncSession, *, telegram_user_id: int) -> bool:
    gone = await session.execute(
        delete(PendingQuestion)
        .where(col(PendingQuestion.telegram_user_id) == telegram_user_id)
        .returning(col(PendingQuestion.ticket_id))
    )
    return gone.first() is not None
