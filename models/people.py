"""Staff accounts, their task-force and township membership, and the audit trail."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, DateTime, Index, Text, event
from sqlalchemy.orm.attributes import get_history
from sqlmodel import Field, SQLModel

from models.base import created_at_field, datetime_field, json_field

ROLES = ("inspector", "supervisor", "admin")


class User(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=64, unique=True, index=True)
    display_name: str = Field(default="", max_length=128)
    password_hash: str = Field(max_length=256)
    role: str = Field(max_length=16, description="inspector | supervisor | admin")
    telegram_user_id: int | None = Field(default=None, sa_type=BigInteger, unique=True)
    disabled: bool = False
    # Signed sessions and tokens carry it; a change of role, password or `disabled` bumps it
    # (see `_bump_session_version`), which ends every session issued before at once.
    session_version: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    created_at: datetime = created_at_field()


SESSION_FIELDS = ("role", "password_hash", "disabled")


@event.listens_for(User, "before_update")
def _bump_session_version(_mapper: Any, _connection: Any, user: User) -> None:
    if any(get_history(user, name).has_changes() for name in SESSION_FIELDS):
        user.session_version = (user.session_version or 0) + 1


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


class LoginFailure(SQLModel, table=True):
    """A wrong password, counted per account and per address for the sign-in limit."""

    __tablename__ = "login_failure"
    __table_args__ = (Index("ix_login_failure_scope_key_at", "scope", "key", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    scope: str = Field(max_length=8, description="account | address")
    key: str = Field(max_length=64, description="the username as typed, or the client address")
    created_at: datetime = created_at_field()


class TelegramLinkCode(SQLModel, table=True):
    """A one-time code that links a staff account to the Telegram user who sends it to the
    bot (`/link CODE`). Only its hash is kept: the code is shown once, on the web page."""

    __tablename__ = "telegram_link_code"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    code_hash: str = Field(max_length=64, unique=True)
    expires_at: datetime = Field(sa_type=DateTime(timezone=True))
    used_at: datetime | None = datetime_field()
    created_at: datetime = created_at_field()


class PendingQuestion(SQLModel, table=True):
    """An inspector pressed 需补正 on a group card: their next private message to the bot is
    the question for that ticket's worker."""

    __tablename__ = "pending_question"

    telegram_user_id: int = Field(
        sa_type=BigInteger, primary_key=True, sa_column_kwargs={"autoincrement": False}
    )
    user_id: int = Field(foreign_key="user.id", ondelete="CASCADE")
    ticket_id: int = Field(foreign_key="ticket.id", ondelete="CASCADE")
    # the card pressed, so that it can show the question went out
    card_chat_id: int | None = Field(default=None, sa_type=BigInteger)
    card_message_id: int | None = None
    card_text: str = Field(default="", sa_type=Text)
    expires_at: datetime = Field(sa_type=DateTime(timezone=True))
    created_at: datetime = created_at_field()
