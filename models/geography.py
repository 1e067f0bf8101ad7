"""Townships (属地) and task forces (工作专班)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger
from sqlmodel import Field, SQLModel

from models.base import created_at_field


class Township(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=64, unique=True, index=True)
    division_code: str | None = Field(default=None, max_length=12)
    created_at: datetime = created_at_field()


class TownshipAlias(SQLModel, table=True):
    """Other ways people name a township: 少林, 少林办事处 for 少林街道."""

    __tablename__ = "township_alias"

    id: int | None = Field(default=None, primary_key=True)
    township_id: int = Field(foreign_key="township.id", index=True, ondelete="CASCADE")
    alias: str = Field(max_length=64, unique=True, index=True)


class TaskForce(SQLModel, table=True):
    __tablename__ = "task_force"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=32, unique=True, index=True)
    name: str = Field(max_length=128)
    lead_bureaus: str = Field(default="", max_length=256)
    telegram_chat_id: int | None = Field(default=None, sa_type=BigInteger)
    is_office: bool = Field(default=False, description="the joint-meeting office (triage)")
    created_at: datetime = created_at_field()
