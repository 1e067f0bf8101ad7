"""Staff accounts, their task-force and township membership, and the audit trail."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger
from sqlmodel import Field, SQLModel

from models.base import created_at_field, json_field

ROLES = ("inspector", "supervisor", "admin")


class User(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=64, unique=True, index=True)
    display_name: str = Field(default="", max_length=128)
    password_hash: str = Field(max_length=256)
    role: str = Field(max_length=16, description="inspector | supervisor | admin")
    telegram_user_id: int | None = Field(default=None, sa_type=BigInteger, unique=True)
    disabled: bool = False
    created_at: datetime = created_at_field()


class UserTaskForce(SQLModel, table=True):
    __tablename__ = "user_task_force"

    user_id: int = Field(foreign_key="user.id", primary_key=True, ondelete="CASCADE")
    task_force_id: int = Field(foreign_key="task_force.id", primary_key=True, ondelete="CASCADE")


class UserTownship(SQLModel, table=True):
    __tablename__ = "user_township"

    user_id: int = Field(foreign_key="user.id", primary_key=True, ondelete="CASCADE")
    township_id: int = Field(foreign_key="township.id", primary_key=True, ondelete="CASCADE")


class AuditLog(SQLModel, table=True):
    """Who did or saw what: state changes and every view of a complainant's personal data."""

    __tablename__ = "audit_log"

    id: int | None = Field(default=None, primary_key=True)
    actor_user_id: int | None = Field(default=None, foreign_key="user.id", index=True)
    action: str = Field(max_length=48)
    object_type: str = Field(max_length=32)
    object_id: str = Field(max_length=64)
    detail: dict[str, Any] = json_field()
    created_at: datetime = created_at_field()
