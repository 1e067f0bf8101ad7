"""Conversation state of the complaint dialogue, one row per (channel, external id)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.base import created_at_field, json_field, utcnow


class DialogueSession(SQLModel, table=True):
    __tablename__ = "dialogue_session"
    __table_args__ = (UniqueConstraint("channel", "external_id"),)

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=16, description="telegram | web | terminal")
    external_id: str = Field(max_length=128)
    state: dict[str, Any] = json_field()
    awaiting: str = Field(default="consent", max_length=32)
    revision: int = Field(default=0, description="optimistic lock: bumped on every save")
    created_at: datetime = created_at_field()
    updated_at: datetime = Field(
        default_factory=utcnow, sa_type=DateTime(timezone=True), nullable=False, index=True
    )
