"""Staff accounts: password hashing (argon2 via pwdlib) and creation with memberships."""

from __future__ import annotations

import secrets
from collections.abc import Sequence

from pwdlib import PasswordHash
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import select

from models import ROLES, AuditLog, TaskForce, Township, User, UserTaskForce, UserTownship
from models.base import utcnow

_hasher = PasswordHash.recommended()


class AccountError(ValueError):
    """A request about accounts that cannot be done; the message says why."""


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password: str, password_hash: str) -> bool:
    return _hasher.verify(password, password_hash)


def generate_password() -> str:
    return secrets.token_urlsafe(12)


async def create_user(
    session: AsyncSession,
    *,
    username: str,
    password: str,
    role: str,
    display_name: str = "",
    task_force_codes: Sequence[str] = (),
    township_names: Sequence[str] = (),
) -> User:
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r}; use one of {', '.join(ROLES)}")
    if len(password) < 8:
        raise AccountError("the password needs at least 8 characters")
    existing = await session.scalar(select(User).where(User.username == username))
    if existing is not None:
        raise AccountError(f"user {username!r} exists already")
    user = User(
        username=username,
        display_name=display_name or username,
        password_hash=hash_password(password),
        role=role,
    )
    session.add(user)
    await session.flush()
    assert user.id is not None
    for code in task_force_codes:
        tf = await session.scalar(select(TaskForce).where(TaskForce.code == code))
        if tf is None:
            raise AccountError(f"no task force with code {code!r}")
        assert tf.id is not None
        session.add(UserTaskForce(user_id=user.id, task_force_id=tf.id))
    for name in township_names:
        ts = await session.scalar(select(Township).where(Township.name == name))
        if ts is None:
            raise AccountError(f"no township named {name!r}")
        assert ts.id is not None
        session.add(UserTownship(user_id=user.id, township_id=ts.id))
    await session.flush()
    return user


async def set_disabled(session: AsyncSession, *, username: str, disabled: bool = True) -> User:
    user = await session.scalar(select(User).where(User.username == username))
    if user is None:
        raise AccountError(f"no user named {username!r}")
    user.disabled = disabled
    session.add(user)
    await session.flush()
    return user


async def reset_password(
    session: AsyncSession, *, username: str, password: str, via: str = "cli"
) -> User:
    """Give an account a new password (the old one stops working) and audit it."""
    if len(password) < 8:
        raise AccountError("the password needs at least 8 characters")
    user = await session.scalar(select(User).where(User.username == username))
    if user is None:
        raise AccountError(f"no user named {username!r}")
    user.password_hash = hash_password(password)
    session.add(user)
    session.add(
        AuditLog(
            actor_user_id=None,
            action="user.password_reset",
            object_type="user",
            object_id=str(user.id),
            detail={"via": via, "username": username},
            created_at=utcnow(),
        )
    )
    await session.flush()
    return user
