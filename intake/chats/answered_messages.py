"""Web chat messages sent under an Idempotency-Key (docs/interfaces.md, "Retries: Idempotency-Key").

A page that lost the response to a message sends it again under the same key. The first
answer is stored with the key in the turn's own transaction (a turn hook): either both the
turn and its answer are stored or neither is. A message whose key is stored already (a
retry, on whichever server process it lands, or a copy sent at the same moment) finds the
key taken when its turn stores the answer; that turn is rolled back whole, and the stored
answer is sent instead.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col, select

from intake.chats.conversations import AlreadyHandled, Turn, TurnHook
from models import AnsweredMessage
from models.messaging import REMEMBER_ANSWER

MAX_KEY_LENGTH = 64
# Long enough for any retry of a page (or of a client that queued its messages offline for
# a day); a key older than this is a new message.
KEPT_FOR = timedelta(days=2)


class BadKey(ValueError):
    """The key is not one the interface accepts; the message says why, for developers."""


def check_key(raw: str) -> str:
    """The key as sent, if it is 1 to 64 printable ASCII characters (HTTP headers carry no
    other characters reliably); else BadKey."""
    if not raw:
        raise BadKey("Idempotency-Key is empty; send 1 to 64 characters, e.g. a UUID")
    if len(raw) > MAX_KEY_LENGTH:
        raise BadKey(
            f"Idempotency-Key has {len(raw)} characters; at most {MAX_KEY_LENGTH} are allowed"
        )
    if not all(" " <= ch <= "~" for ch in raw):
        raise BadKey("Idempotency-Key may hold printable ASCII characters only, e.g. a UUID")
    return raw


async def answer_for(
    factory: async_sessionmaker[AsyncSession], *, session_id: str, key: str, now: datetime
) -> str | None:
    """The answer stored for this session's key, unless there is none or it expired."""
    async with factory() as session:
        answer: str | None = await session.scalar(
            select(AnsweredMessage.answer).where(
                AnsweredMessage.session_id == session_id,
                AnsweredMessage.idempotency_key == key,
                col(AnsweredMessage.answered_at) >= now - KEPT_FOR,
            )
        )
    return answer


def remember(
    *, session_id: str, key: str, now: datetime, render: Callable[[Turn], str]
) -> TurnHook:
    """A turn hook storing the turn's answer under the key; a key answered already (by a copy
    of the message that committed first) drops the turn."""

    async def hook(session: AsyncSession, turn: Turn) -> None:
        stored = await session.execute(
            REMEMBER_ANSWER,
            {
                "session_id": session_id,
                "idempotency_key": key,
                "answer": render(turn),
                "answered_at": now,
                "expired_before": now - KEPT_FOR,
            },
        )
        if stored.scalar_one_or_none() is None:
            raise AlreadyHandled

    return hook


async def forget_expired(session: AsyncSession, *, now: datetime) -> int:
    """Delete the answers kept longer than KEPT_FOR; how many."""
    result = await session.execute(
        delete(AnsweredMessage).where(col(AnsweredMessage.answered_at) < now - KEPT_FOR)
    )
    return int(getattr(result, "rowcount", 0) or 0)
