"""绑定 Telegram on the inspector pages: the one-time code, what `/link CODE` then does with
it, and unlinking."""

from __future__ import annotations

import hashlib
import re

import httpx
from inspect_world import World, csrf_of, login
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import select

from intake.demo.seed import seed_demo
from intake.staff import telegram_links
from models import TelegramLinkCode, User
from models.base import utcnow

TG_USER = 5550001
CODE = re.compile(r'data-testid="link-code">([A-Z0-9]{4}-[A-Z0-9]{4})<')


async def user_named(factory: async_sessionmaker[AsyncSession], username: str) -> User:
    async with factory() as session:
        user = await session.scalar(select(User).where(User.username == username))
        assert user is not None
        return user


async def test_the_code_on_the_page_links_the_account_once(
    world: World, client: httpx.AsyncClient, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    await login(client, "tf1")
    queue = await client.get("/inspect")
    assert 'href="/inspect/telegram"' in queue.text and "绑定 Telegram" in queue.text
    page = await client.get("/inspect/telegram")
    assert page.status_code == 200 and "尚未绑定 Telegram" in page.text

    made = await client.post("/inspect/telegram/code", data={"csrf": csrf_of(page.text)})
    assert made.status_code == 200
    found = CODE.search(made.text)
    assert found, made.text
    code = found.group(1)
    assert f"/link {code}" in made.text and "15 分钟内有效" in made.text

    # only the hash is stored; the page shows the code once (a reload offers a new one)
    async with session_factory() as session:
        stored = list(await session.scalars(select(TelegramLinkCode)))
    assert [r.code_hash for r in stored] == [
        hashlib.sha256(code.replace("-", "").encode()).hexdigest()
    ]
    assert code not in (await client.get("/inspect/telegram")).text

    async with session_factory() as session:
        user = await telegram_links.redeem_code(
            session, code=code, telegram_user_id=TG_USER, now=utcnow()
        )
        await session.commit()
    assert user.username == "tf1"
    assert (await user_named(session_factory, "tf1")).telegram_user_id == TG_USER

    linked = await client.get("/inspect/telegram")
    assert f"已绑定 Telegram 用户（ID {TG_USER}）" in linked.text
    gone = await client.post(
        "/inspect/telegram/unlink", data={"csrf": csrf_of(linked.text)}, follow_redirects=True
    )
    assert "已解除 Telegram 绑定" in gone.text and "尚未绑定 Telegram" in gone.text
    assert (await user_named(session_factory, "tf1")).telegram_user_id is None


async def test_a_stale_form_makes_no_code_and_strangers_get_the_login(
    world: World, client: httpx.AsyncClient, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    anonymous = await client.get("/inspect/telegram", follow_redirects=False)
    assert anonymous.status_code in (302, 303) and "/login" in anonymous.headers["location"]
    await login(client, "tf7")
    stale = await client.post("/inspect/telegram/code", data={"csrf": "forged"})
    assert stale.status_code == 400 and "页面已过期" in stale.text
    async with session_factory() as session:
        assert list(await session.scalars(select(TelegramLinkCode))) == []


async def test_the_demo_seed_links_nobody(session: AsyncSession) -> None:
    report = await seed_demo(session)
    await session.commit()
    assert report.passwords  # accounts were made
    users = list(await session.scalars(select(User)))
    assert users and all(u.telegram_user_id is None for u in users)
