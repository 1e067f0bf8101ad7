"""PostgreSQL drops the app's connections (a restart, a failover, an admin's kill): the next
message still gets its answer and nothing the worker said is lost.

Pooled connections are pinged only after sitting idle (models.db.IDLE_BEFORE_PING_S), so one
used a moment ago can be dead when a turn takes it: that turn is retried on a new connection.
A connection lost once the save or commit was sent is looked up instead: the turn is answered
if its save was stored, run again if not, and never replayed on top of itself.
"""

from __future__ import annotations

import logging
from typing import Any

import asyncpg
import httpx
import pytest
from channel_replay import observe
from channel_world import seed_transcript_world
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

import models.db
from intake.chats import conversation_rows, conversations
from intake.chats.conversations import ConversationService
from intake.dialogue import UserInput
from routing.runtime import RoutingRuntime

LOST = "database connection lost"


@pytest.fixture(autouse=True)
def _postgresql_only(db_url: str) -> None:  # autouse: runs before the world is seeded
    if not db_url.startswith("postgresql"):
        pytest.skip("SQLite has no server connection to lose")


async def drop_connections(db_url: str) -> int:
    """Terminate every server backend of the app's database, as a restart would."""
    url = make_url(db_url)
    dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
    conn = await asyncpg.connect(dsn)
    try:
        killed = await conn.fetch(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = $1 AND pid <> pg_backend_pid()",
            url.database,
        )
    finally:
        await conn.close()
    return len(killed)


async def send(client: httpx.AsyncClient, session_id: str, **body: str) -> str:
    """Send a text or a button press; what the bot asks for next."""
    resp = await client.post(f"/api/chat/sessions/{session_id}/messages", json=body)
    assert resp.status_code == 200, resp.text
    awaiting: str = resp.json()["awaiting"]
    return awaiting


async def agreed(client: httpx.AsyncClient) -> str:
    """A new conversation past the privacy notice."""
    resp = await client.post("/api/chat/sessions")
    assert resp.status_code == 201, resp.text
    session_id: str = resp.json()["session_id"]
    assert await send(client, session_id, text="你好") == "consent"
    assert await send(client, session_id, choice="consent:yes") == "name"
    return session_id


async def test_turn_after_connections_dropped_is_retried(
    client: httpx.AsyncClient, db_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    session_id = await agreed(client)
    assert await drop_connections(db_url) >= 1

    # within IDLE_BEFORE_PING_S: the pooled connection is taken unpinged and found dead
    with caplog.at_level(logging.WARNING, logger="intake.chats.conversations"):
        awaiting = await send(client, session_id, text="我叫刘满仓")

    assert awaiting == "phone"  # the consent and the name both kept
    assert any(LOST in r.getMessage() for r in caplog.records)
    state = (await client.get(f"/api/chat/sessions/{session_id}")).json()
    assert state["awaiting"] == "phone"


async def test_new_conversation_after_connections_dropped(
    client: httpx.AsyncClient, db_url: str
) -> None:
    await agreed(client)
    assert await drop_connections(db_url) >= 1

    await agreed(client)  # starting it, and its first turns, on new connections


async def test_idle_connection_is_pinged_before_use(
    client: httpx.AsyncClient,
    db_url: str,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    session_id = await agreed(client)
    assert await drop_connections(db_url) >= 1
    monkeypatch.setattr(models.db, "IDLE_BEFORE_PING_S", 0.0)  # every connection counts as idle

    with caplog.at_level(logging.WARNING, logger="intake.chats.conversations"):
        awaiting = await send(client, session_id, text="我叫刘满仓")

    assert awaiting == "phone"
    assert not any(LOST in r.getMessage() for r in caplog.records)  # the ping found it first


def lose_connection(doing: str) -> DBAPIError:
    return DBAPIError(
        "UPDATE dialogue_session ...",
        None,
        ConnectionResetError(f"connection lost {doing} (injected)"),
        connection_invalidated=True,
    )


async def test_a_save_stored_before_the_connection_was_lost_is_answered(
    client: httpx.AsyncClient,
    session_factory: async_sessionmaker[AsyncSession],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A turn that writes nothing but its conversation saves it in autocommit: that UPDATE is
    the commit. Lost once it was sent, the turn looks up what was stored: its own save (its
    revision and time stamp) means the worker gets the answer, and the input is not applied
    twice."""
    session_id = await agreed(client)
    before = await observe(session_factory, channel="web", external_id=session_id)
    real_save = conversation_rows.save_direct

    async def save_then_lose_the_connection(*args: Any, **kwargs: Any) -> bool:
        await real_save(*args, **kwargs)
        raise lose_connection("after the UPDATE was stored")

    with monkeypatch.context() as patch:
        patch.setattr(conversation_rows, "save_direct", save_then_lose_the_connection)
        assert await send(client, session_id, text="我叫刘满仓") == "phone"
    after = await observe(session_factory, channel="web", external_id=session_id)
    assert after.revision == before.revision + 1  # stored once, not replayed
    assert after.state is not None and after.state["draft"]["name"] == "刘满仓"
    assert await send(client, session_id, text="13937112345") == "employer"


async def test_a_save_lost_before_it_was_stored_is_run_again(
    client: httpx.AsyncClient,
    session_factory: async_sessionmaker[AsyncSession],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    session_id = await agreed(client)
    before = await observe(session_factory, channel="web", external_id=session_id)
    real_save = conversation_rows.save_direct
    failures = [lose_connection("before the UPDATE reached the database")]

    async def lose_the_first_save(*args: Any, **kwargs: Any) -> bool:
        if failures:
            raise failures.pop()
        return await real_save(*args, **kwargs)

    with monkeypatch.context() as patch, caplog.at_level(logging.WARNING):
        patch.setattr(conversation_rows, "save_direct", lose_the_first_save)
        assert await send(client, session_id, text="我叫刘满仓") == "phone"
    assert not failures and any(LOST in r.getMessage() for r in caplog.records)
    after = await observe(session_factory, channel="web", external_id=session_id)
    assert after.revision == before.revision + 1
    assert after.state is not None and after.state["draft"]["name"] == "刘满仓"


async def test_a_save_whose_fate_cannot_be_told_is_not_replayed(
    client: httpx.AsyncClient,
    session_factory: async_sessionmaker[AsyncSession],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Lost after the UPDATE was sent, and by the time the turn looks, another process has
    saved the conversation again (maybe on top of this turn's save): the worker gets an
    error rather than the input being applied a second time."""
    session_id = await agreed(client)
    before = await observe(session_factory, channel="web", external_id=session_id)
    real_save = conversation_rows.save_direct

    async def save_twice_then_lose_the_connection(
        driver: Any, stored: conversation_rows.Stored, *args: Any, **kwargs: Any
    ) -> bool:
        await real_save(driver, stored, *args, **kwargs)
        on_top = stored._replace(revision=stored.revision + 1)
        await real_save(driver, on_top, *args, **kwargs)  # "another process"
        raise lose_connection("after the UPDATE was sent")

    with monkeypatch.context() as patch:
        patch.setattr(conversation_rows, "save_direct", save_twice_then_lose_the_connection)
        resp = await client.post(
            f"/api/chat/sessions/{session_id}/messages", json={"text": "我叫刘满仓"}
        )
    assert resp.status_code == 500
    after = await observe(session_factory, channel="web", external_id=session_id)
    assert after.revision == before.revision + 2  # the two saves, and no replay on top
    assert await send(client, session_id, text="13937112345") == "employer"


async def test_a_lost_commit_is_looked_up_with_a_pool_of_one(
    db_url: str, session_factory: async_sessionmaker[AsyncSession], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The look-up waits for no second connection while the turn holds its first: in an
    outage every turn would be holding one, and the pool would run dry."""
    async with session_factory() as session:
        await seed_transcript_world(session)
    small = models.db.create_engine(db_url, pool_size=1, max_overflow=0, pool_timeout=3)
    factory = models.db.make_session_factory(small)
    service = ConversationService(factory, RoutingRuntime(factory))
    real_commit = conversations._commit

    async def fail_the_first_commit(session: AsyncSession, conversation: str) -> None:
        # the transaction is left open: its connection stays checked out meanwhile
        monkeypatch.setattr(conversations, "_commit", real_commit)
        raise conversations.CommitOutcomeUnknown(conversation)

    monkeypatch.setattr(conversations, "_commit", fail_the_first_commit)
    inp = UserInput.from_text("你好")
    try:
        # a new conversation's first turn stores its row in a transaction: not stored, so
        # the turn runs again
        turn = await service.handle(channel="web", external_id="p1", inp=inp)
    finally:
        await small.dispose()
    assert turn.awaiting == "consent"
