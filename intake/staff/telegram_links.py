"""Linking a staff account to a Telegram user, so that the buttons of the ticket cards in a
task force's group act in that person's name.

The inspector asks for a code on their web page; the code is shown once and only its hash
is kept; sending `/link CODE` to the bot in a private chat sets the account's
`telegram_user_id`. A code expires after `CODE_TTL` and works once; asking for a new code
retires the older ones of that account.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from intake.tickets.sla import as_utc
from models import AuditLog, TelegramLinkCode, User

CODE_TTL = timedelta(minutes=15)
# No 0/O, 1/I/L: the code is read off a screen and typed on a phone.
_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
_CODE_LENGTH = 8
_NOT_CODE = re.compile(r"[^0-9A-Z]")


class LinkError(ValueError):
    """A code that cannot link: `zh` says why, for the person who sent it."""

    def __init__(self, zh: str) -> None:
        super().__init__(zh)
        self.zh = zh


@dataclass(frozen=True)
class IssuedCode:
    code: str  # as shown: ABCD-EFGH
    expires_at: datetime


def _hash(code: str) -> str:
    return hashlib.sha256(_normalize(code).encode()).hexdigest()


def _normalize(code: str) -> str:
    """What people type: lower case, spaces or a dash in the middle, full-width letters."""
    return _NOT_CODE.sub("", unicodedata.normalize("NFKC", code).upper())


async def issue_code(session: AsyncSession, *, user_id: int, now: datetime) -> IssuedCode:
    """A new code for this account; earlier unused codes of it stop working."""
    when = as_utc(now)
    await session.execute(
        update(TelegramLinkCode)
        .where(
            col(TelegramLinkCode.user_id) == user_id,
            col(TelegramLinkCode.used_at).is_(None),
        )
        .values(expires_at=when)
    )
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(_CODE_LENGTH))
    expires = when + CODE_TTL
    session.add(
        TelegramLinkCode(user_id=user_id, code_hash=_hash(raw), expires_at=expires, created_at=when)
    )
    await session.flush()
    return IssuedCode(code=f"{raw[:4]}-{raw[4:]}", expires_at=expires)


async def redeem_code(
    session: AsyncSession, *, code: str, telegram_user_id: int, now: datetime
) -> User:
    """Link the account the code was issued for to this Telegram user (flushes; the caller
    commits). LinkError when the code is wrong, expired, used, or the Telegram user is
    linked to another account already."""
    when = as_utc(now)
    if not _normalize(code):
        raise LinkError("请在 /link 后面加上网页上显示的绑定码，例如：/link ABCD-EFGH")
    row = await session.scalar(
        select(TelegramLinkCode).where(TelegramLinkCode.code_hash == _hash(code))
    )
    if row is None:
        raise LinkError("绑定码不正确。请核对网页上显示的绑定码，或在网页上重新生成。")
    if row.used_at is not None:
        raise LinkError("这个绑定码已经用过了。如需重新绑定，请在网页上生成新的绑定码。")
    if as_utc(row.expires_at) <= when:
        raise LinkError("绑定码已过期（有效期 15 分钟）。请在网页上重新生成。")
    user = await session.get(User, row.user_id)
    if user is None or user.disabled:
        raise LinkError("该账号已停用，不能绑定。请联系管理员。")
    holder = await session.scalar(select(User).where(User.telegram_user_id == telegram_user_id))
    if holder is not None and holder.id != user.id:
        raise LinkError(
            f"这个 Telegram 账号已绑定安薪账号「{holder.display_name or holder.username}」。"
            "请先发送 /unlink 或在该账号的网页上解除绑定。"
        )
    # Used whatever happens next: a code links once.
    used = await session.execute(
        update(TelegramLinkCode)
        .where(col(TelegramLinkCode.id) == row.id, col(TelegramLinkCode.used_at).is_(None))
        .values(used_at=when)
        .returning(col(TelegramLinkCode.id))
    )
    if used.scalar_one_or_none() is None:  # someone redeemed it a moment ago
        raise LinkError("这个绑定码已经用过了。如需重新绑定，请在网页上生成新的绑定码。")
    user.telegram_user_id = telegram_user_id
    session.add(user)
    _audit(session, user, "user.telegram_link", telegram_user_id, when)
    await session.flush()
    return user


async def retire_code(session: AsyncSession, *, code: str, now: datetime) -> bool:
    """Make an unused code useless (it was shown where others could read it); False when
    there was no such unused code."""
    if not _normalize(code):
        return False
    retired = await session.execute(
        update(TelegramLinkCode)
        .where(
            col(TelegramLinkCode.code_hash) == _hash(code),
            col(TelegramLinkCode.used_at).is_(None),
            col(TelegramLinkCode.expires_at) > as_utc(now),
        )
        .values(expires_at=as_utc(now))
        .returning(col(TelegramLinkCode.id))
    )
    return retired.first() is not None


async def unlink(session: AsyncSession, *, user: User, now: datetime) -> bool:
    """Forget the account's Telegram user; False when none was linked."""
    if user.telegram_user_id is None:
        return False
    _audit(session, user, "user.telegram_unlink", user.telegram_user_id, as_utc(now))
    user.telegram_user_id = None
    session.add(user)
    await session.flush()
    return True


async def linked_user(session: AsyncSession, telegram_user_id: int) -> User | None:
    """The enabled staff account this Telegram user is linked to, if any."""
    return await session.scalar(
        select(User).where(User.telegram_user_id == telegram_user_id, col(User.disabled).is_(False))
    )


def _audit(
    session: AsyncSession, user: User, action: str, telegram_user_id: int, now: datetime
) -> None:
    session.add(
        AuditLog(
            actor_user_id=user.id,
            action=action,
            object_type="user",
            object_id=str(user.id),
            detail={"telegram_user_id": telegram_user_id},
            created_at=now,
        )
    )
