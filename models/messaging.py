"""Outbound messages (delivered from an outbox so none is lost; see intake/messaging.py) and
processed Telegram updates."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, DateTime, Text, false
from sqlmodel import Field, SQLModel

from models.base import created_at_field, datetime_field, json_field, utcnow
from models.upserts import insert_on_conflict


class OutboxMessage(SQLModel, table=True):
    __tablename__ = "outbox_message"

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(default="telegram", max_length=16)
    chat_id: str = Field(max_length=64, index=True)
    text: str = Field(sa_type=Text)
    payload: dict[str, Any] = json_field()  # buttons, parse mode
    dedupe_key: str | None = Field(default=None, max_length=128, unique=True)
    status: str = Field(default="pending", max_length=16, index=True)
    attempts: int = 0
    next_attempt_at: datetime | None = datetime_field(index=True)
    locked_until: datetime | None = datetime_field()
    claim_token: str | None = Field(
        default=None, max_length=36, description="which sender holds the lease (locked_until)"
    )
    last_error: str = Field(default="", max_length=1024)
    redelivery: bool = Field(
        default=False,
        sa_column_kwargs={"server_default": false()},
        description="taken over from a sender whose lease ran out: it may have been sent",
    )
    ticket_id: int | None = Field(default=None, foreign_key="ticket.id", index=True)
    created_at: datetime = created_at_field()
    sent_at: datetime | None = datetime_field()


class ProcessedUpdate(SQLModel, table=True):
    """Telegram update ids already handled, so a redelivered update is processed once."""

    __tablename__ = "processed_update"

    bot_id: int = Field(sa_type=BigInteger, primary_key=True, default=0)
    update_id: int = Field(sa_type=BigInteger, primary_key=True)
    part: int = Field(default=0, primary_key=True, description="a photo with a caption: 2 parts")
    processed_at: datetime = created_at_field()


# Queue a message once per dedupe key: a key queued already inserts nothing and returns no row.
QUEUE_ONCE = insert_on_conflict(
    OutboxMessage.__table__,  # type: ignore[attr-defined]
    columns=[
        "channel",
        "chat_id",
        "text",
        "payload",
        "dedupe_key",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
        "redelivery",
        "ticket_id",
        "created_at",
    ],
    conflict=["dedupe_key"],
    returning=["*"],
)

# Take an update for processing: no row back means it was processed already.
MARK_PROCESSED = insert_on_conflict(
    ProcessedUpdate.__table__,  # type: ignore[attr-defined]
    columns=["bot_id", "update_id", "part", "processed_at"],
    conflict=["bot_id", "update_id", "part"],
    returning=["update_id"],
)


class AnsweredMessage(SQLModel, table=True):
    """Web chat messages answered under an Idempotency-Key: a retry after a lost response
    gets the answer stored here instead of being applied again. Keys are per session."""

    __tablename__ = "answered_message"

    session_id: str = Field(max_length=128, primary_key=True)
    idempotency_key: str = Field(max_length=64, primary_key=True)
    answer: str = Field(sa_type=Text, description="the JSON response sent the first time")
    answered_at: datetime = Field(
        default_factory=utcnow, sa_type=DateTime(timezone=True), nullable=False, index=True
    )


# Remember an answer under its key. A key answered already inserts nothing and returns no
# row, unless its answer has expired (answered before :expired_before): then it is a new key.
REMEMBER_ANSWER = insert_on_conflict(
    AnsweredMessage.__table__,  # type: ignore[attr-defined]
    columns=["session_id", "idempotency_key", "answer", "answered_at"],
    conflict=["session_id", "idempotency_key"],
    update={"answer": "excluded.answer", "answered_at": "excluded.answered_at"},
    update_where="answered_message.answered_at < :expired_before",
    where_types={"expired_before": "answered_at"},
    returning=["idempotency_key"],
)
