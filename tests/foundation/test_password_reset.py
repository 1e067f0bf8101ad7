"""Account recovery: a reset password replaces the old one and leaves an audit row."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import select

from intake.staff.accounts import AccountError, create_user, reset_password
from intake.staff.sign_in import SignInLimit, authenticate
from models import AuditLog, User


async def _check(session: AsyncSession, password: str) -> User | None:
    return await authenticate(
        session,
        username="wang",
        password=password,
        address="127.0.0.1",
        limit=SignInLimit(),
        via="test",
    )


async def test_reset_password_replaces_the_old_one_and_is_audited(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as session:
        await create_user(session, username="wang", password="old-password-1", role="admin")
        await reset_password(session, username="wang", password="new-password-2")
        await session.commit()
    async with session_factory() as session:
        assert await _check(session, "old-password-1") is None
        assert await _check(session, "new-password-2") is not None
        audit = list(await session.scalars(select(AuditLog)))
        assert [a.action for a in audit] == ["user.password_reset"]
        assert "new-password-2" not in str(audit[0].detail)
        with pytest.raises(AccountError, match="no user named"):
            await reset_password(session, username="li", password="whatever-123")
        with pytest.raises(AccountError, match="8 characters"):
            await reset_password(session, username="wang", password="short")
