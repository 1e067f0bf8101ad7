"""Staff sign-in: the password check, off the event loop, and the limit on wrong passwords.

An argon2 check costs tens of milliseconds of CPU by design. Run on the event loop, a few
clients posting wrong passwords stalled every worker's chat; here it runs in one thread at
the lowest CPU priority, at most `MAX_WAITING` checks queue for it (beyond that the answer is
"too many requests" at once), and an unknown or disabled account costs the same check
against a dummy hash, so the answer time does not tell whether a username exists.

Wrong passwords are counted in the database (so every process and replica shares the
count) per account and per client address: `limit.max_failures` within `limit.window`
locks that account or address out until the oldest failure leaves the window. Each lockout
is written to the audit trail.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from intake.staff.accounts import hash_password, verify_password
from models import AuditLog, LoginFailure, User
from models.base import utcnow

log = logging.getLogger(__name__)
MAX_WAITING = 16
LOWEST_PRIORITY = 19
KEY_LENGTH = 64  # the column's


@dataclass(frozen=True)
class SignInLimit:
    max_failures: int = 10
    window: timedelta = timedelta(minutes=15)


class TooManyAttempts(Exception):
    """Sign-in refused without checking the password; try again in `retry_after` seconds."""

    def __init__(self, retry_after: int, *, busy: bool = False) -> None:
        super().__init__(f"too many sign-in attempts; retry after {retry_after} s")
        self.retry_after = retry_after
        self.busy = busy


def _lower_priority() -> None:
    # Linux keeps nice values per thread; argon2's own lane threads inherit this one's.
    with contextlib.suppress(OSError, AttributeError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), LOWEST_PRIORITY)


class PasswordChecker:
    """argon2 checks in one low-priority thread, with a bounded queue."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="password-check", initializer=_lower_priority
        )
        self._waiting = 0
        self._dummy_hash: str | None = None

    async def _run(self, password: str, password_hash: str | None) -> bool:
        if self._waiting >= MAX_WAITING:
            raise TooManyAttempts(1, busy=True)
        self._waiting += 1
        try:
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(self._pool, self._check, password, password_hash)
        finally:
            self._waiting -= 1

    def _check(self, password: str, password_hash: str | None) -> bool:
        if password_hash is None:
            if self._dummy_hash is None:
                self._dummy_hash = hash_password(secrets.token_urlsafe(16))
            verify_password(password, self._dummy_hash)  # the same work as a real check
            return False
        return verify_password(password, password_hash)

    async def check(self, user: User | None, password: str) -> bool:
        usable = user is not None and not user.disabled
        ok = await self._run(password, user.password_hash if user and usable else None)
        return ok and usable


# One per process: the point is a single low-priority thread however many apps it serves.
PASSWORD_CHECKS = PasswordChecker()


def _keys(username: str, address: str) -> list[tuple[str, str]]:
    return [("account", username[:KEY_LENGTH]), ("address", address[:KEY_LENGTH])]


async def _failures(
    session: AsyncSession, scope: str, key: str, since: datetime
) -> tuple[int, datetime | None]:
    row = (
        await session.execute(
            select(func.count(), func.min(col(LoginFailure.created_at))).where(
                col(LoginFailure.scope) == scope,
                col(LoginFailure.key) == key,
                col(LoginFailure.created_at) > since,
            )
        )
    ).one()
    return int(row[0]), row[1]


def _retry_after(oldest: datetime | None, limit: SignInLimit, now: datetime) -> int:
    if oldest is None:
        return 1
    if oldest.tzinfo is None:  # SQLite hands back naive UTC
        oldest = oldest.replace(tzinfo=now.tzinfo)
    return max(1, int((oldest + limit.window - now).total_seconds()) + 1)


async def authenticate(
    session: AsyncSession,
    *,
    username: str,
    password: str,
    address: str,
    limit: SignInLimit,
    via: str,
) -> User | None:
    """The user if the password is right; None if not. Raises TooManyAttempts when the account
    or the address is locked out. Commits the failures it counts."""
    now = utcnow()
    since = now - limit.window
    for scope, key in _keys(username, address):
        count, oldest = await _failures(session, scope, key, since)
        if count >= limit.max_failures:
            raise TooManyAttempts(_retry_after(oldest, limit, now))
    user = await session.scalar(select(User).where(col(User.username) == username))
    if await PASSWORD_CHECKS.check(user, password):
        await session.execute(
            delete(LoginFailure).where(
                col(LoginFailure.scope) == "account", col(LoginFailure.key) == username[:KEY_LENGTH]
            )
        )
        await session.commit()  # the account starts again from zero
        return user
    await _record_failure(
        session, user=user, username=username, address=address, limit=limit, now=now, via=via
    )
    return None


async def _record_failure(
    session: AsyncSession,
    *,
    user: User | None,
    username: str,
    address: str,
    limit: SignInLimit,
    now: datetime,
    via: str,
) -> None:
    since = now - limit.window
    # old rows are of no further use; clearing them here keeps the table small
    await session.execute(delete(LoginFailure).where(col(LoginFailure.created_at) <= since))
    for scope, key in _keys(username, address):
        await session.execute(insert(LoginFailure).values(scope=scope, key=key, created_at=now))
        count, _ = await _failures(session, scope, key, since)
        if count == limit.max_failures:
            log.warning("sign-in locked out: %s %s after %d wrong passwords", scope, key, count)
            await session.execute(
                insert(AuditLog).values(
                    actor_user_id=user.id if user is not None else None,
                    action="auth.lockout",
                    object_type=scope,
                    object_id=key,
                    detail={
                        "failures": count,
                        "window_s": int(limit.window.total_seconds()),
                        "address": address[:KEY_LENGTH],
                        "via": via,
                    },
                    created_at=now,
                )
            )
    await session.commit()
