"""Who is pressing or writing, on the staff side: the Telegram user's linked account (see
intake/staff/telegram_links.py) and what that account may see, as the web pages load it."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col, select

from intake import messaging
from intake.staff import telegram_links
from intake.staff.access import Viewer, load_viewer
from models import User

STAFF_ROLES = frozenset({"inspector", "supervisor", "admin"})

# Short: an answer to a button press shows at most 200 characters.
HOW_TO_LINK = (
    "您的 Telegram 尚未绑定安薪账号，不能办理工单。请登录网页 /inspect，"
    "在「绑定 Telegram」处生成绑定码，再私聊本机器人发送 /link 绑定码。"
)


@dataclass(frozen=True)
class Staff:
    """A linked staff member: the name the timeline shows and what they may see."""

    user_id: int
    name: str
    viewer: Viewer


class LinkedIds:
    """The Telegram users linked to an enabled account, as read at most `max_age_s` ago.

    Every private message to the bot asks whether its sender is staff; nearly all are
    workers, and this answers them without a query. A link made by this process is seen at
    once (`forget`); one made elsewhere (another replica, the web page) within `max_age_s`.
    A "yes" is confirmed by `linked_staff` before anything is done in the person's name."""

    def __init__(
        self,
        factory: async_sessionmaker[AsyncSession],
        max_age_s: float = 2.0,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._factory = factory
        self._max_age_s = max_age_s
        self._clock = clock
        self._loaded: tuple[float, frozenset[int]] | None = None

    def forget(self) -> None:
        self._loaded = None

    async def contains(self, telegram_user_id: int) -> bool:
        now = self._clock()
        if self._loaded is None or now - self._loaded[0] >= self._max_age_s:
            async with self._factory() as session:
                ids = await session.scalars(
                    select(User.telegram_user_id).where(
                        col(User.telegram_user_id).is_not(None), col(User.disabled).is_(False)
                    )
                )
                self._loaded = (now, frozenset(i for i in ids if i is not None))
        return telegram_user_id in self._loaded[1]


async def linked_staff(session: AsyncSession, telegram_user_id: int) -> Staff | None:
    user: User | None = await telegram_links.linked_user(session, telegram_user_id)
    if user is None or user.role not in STAFF_ROLES:
        return None
    assert user.id is not None
    viewer = await load_viewer(session, user)
    return Staff(user_id=user.id, name=user.display_name or user.username, viewer=viewer)


async def tell_staff(session: AsyncSession, *, chat_id: int, text: str, dedupe_key: str) -> None:
    """A message to a staff member's private chat, through the outbox (in the caller's
    transaction). No ticket on it: a staff chat that cannot be reached says nothing about
    whether the worker can be."""
    await messaging.enqueue(
        session, chat_id=chat_id, text=text, kind="staff", dedupe_key=dedupe_key
    )
