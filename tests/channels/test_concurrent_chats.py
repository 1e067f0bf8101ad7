"""Several workers at the web chat at the same moment: every one gets answers and a ticket.

Found by bench/chat.py: on SQLite, a few simultaneous conversations made submissions fail
with `database is locked` and the turn answer HTTP 500; and with more simultaneous messages
than half the connection pool, every message request waited 30 s for a second pooled
connection (the request's own session holds the first while the conversation service asks
for another) and failed with a pool timeout. Run one after another, the same conversations
pass; at the same time they must too. On PostgreSQL, since complaints remember the spelling a
worker confirmed (`_remember_spelling`), workers who typed the same name and confirm together
race on inserting the same `employer_alias` row: the losers' submissions fail on the unique
index and they are told 提交没有成功.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from channel_replay import check_filed, observe
from channel_world import seed_transcript_world
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlmodel import select

from intake.chats.conversations import ConversationService, Turn
from intake.dialogue import UserInput
from intake.settings import Settings
from intake.web.app import create_app
from models import DialogueSession
from models.db import create_engine
from routing.runtime import RoutingRuntime

WORKERS = 8


def story(n: int) -> str:
    return (
        f"我叫刘满仓，手机1393711{n:04d}，去年10月到今年1月跟着恒跃建筑在柳河镇锦绣花园二期工地"
        "扎钢筋，俺们五个人一共被欠了三万五"
    )


async def file_one(client: httpx.AsyncClient, n: int, start: asyncio.Barrier) -> dict[str, Any]:
    try:
        return await _file_one(client, n, start)
    except BaseException:
        await start.abort()  # the others stop waiting for this worker
        raise


async def _file_one(client: httpx.AsyncClient, n: int, start: asyncio.Barrier) -> dict[str, Any]:
    session_id = (await client.post("/api/chat/sessions")).json()["session_id"]
    url = f"/api/chat/sessions/{session_id}/messages"
    last: dict[str, Any] = {}

    async def send(body: dict[str, str]) -> None:
        nonlocal last
        await start.wait()  # every worker sends its n-th message at the same moment
        resp = await client.post(url, json=body)
        assert resp.status_code == 200, f"worker {n}: HTTP {resp.status_code} {resp.text[:300]}"
        last = resp.json()

    def value(label: str) -> str:
        found = [b["value"] for r in last["replies"] for b in r["buttons"] if b["label"] == label]
        assert found, f"worker {n}: no button {label!r} in {last}"
        return str(found[0])

    await send({"text": story(n)})
    await send({"choice": value("同意")})
    await send({"choice": value("青川市恒跃建筑工程有限公司")})
    assert last["awaiting"] == "confirm", last
    await send({"choice": value("确认提交")})
    assert last["awaiting"] == "done", f"worker {n}: {last}"
    return {"session_id": session_id, **last}


async def test_simultaneous_workers_all_file(
    client: httpx.AsyncClient, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    barrier = asyncio.Barrier(WORKERS)
    results = await asyncio.gather(
        *(file_one(client, n, barrier) for n in range(WORKERS)), return_exceptions=True
    )
    failed = [r for r in results if isinstance(r, BaseException)]
    real = [r for r in failed if not isinstance(r, asyncio.BrokenBarrierError)]
    assert not failed, real[0] if real else failed[0]
    done = [r for r in results if isinstance(r, dict)]
    tickets = {d["ticket_number"] for d in done}
    assert len(tickets) == WORKERS and None not in tickets
    for d in done:
        stored = await observe(session_factory, channel="web", external_id=d["session_id"])
        assert stored.awaiting == "done"
    check_filed(stored, set(), "simultaneous workers")
    assert len(stored.complaints) == WORKERS


@pytest.fixture
async def small_pool_client(
    engine: AsyncEngine, db_url: str, session_factory: async_sessionmaker[AsyncSession]
) -> AsyncIterator[httpx.AsyncClient]:
    """The app over a pool of 2 connections (a busy server's pool, in miniature)."""
    async with session_factory() as session:
        await seed_transcript_world(session)
    small = create_engine(db_url, pool_size=2, max_overflow=0, pool_timeout=5)
    app = create_app(Settings(database_url=db_url, run_sweeper=False), engine=small)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://anxin.test") as c:
            yield c
    finally:
        await small.dispose()


async def test_more_messages_than_pooled_connections_wait_their_turn(
    small_pool_client: httpx.AsyncClient,
) -> None:
    """Four messages at once through a pool of two: they queue for a connection, none fails."""
    client = small_pool_client
    ids = [(await client.post("/api/chat/sessions")).json()["session_id"] for _ in range(4)]
    replies = await asyncio.gather(
        *(client.post(f"/api/chat/sessions/{i}/messages", json={"text": "你好"}) for i in ids)
    )
    assert [r.status_code for r in replies] == [200] * 4, [r.text[:200] for r in replies]


async def test_turns_beyond_the_limit_wait_and_all_complete(
    engine: AsyncEngine, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    """More conversations at once than the service admits: at most `max_concurrent_turns`
    turns run together (so none waits inside the connection pool, where later requests
    overtake earlier ones), and every one is answered."""
    async with session_factory() as session:
        await seed_transcript_world(session)
    service = ConversationService(
        session_factory, RoutingRuntime(session_factory), max_concurrent_turns=2
    )
    running, most = 0, 0

    async def hook(_session: AsyncSession, _turn: Turn) -> None:
        nonlocal running, most
        running += 1
        most = max(most, running)
        await asyncio.sleep(0.02)  # hold the turn open while the others arrive
        running -= 1

    turns = await asyncio.gather(
        *(
            service.handle_with(
                channel="web", external_id=f"gate-{n}", inp=UserInput.from_text("你好"), hook=hook
            )
            for n in range(6)
        )
    )
    assert most == (1 if engine.dialect.name == "sqlite" else 2)  # SQLite: one writer at a time
    assert all(t is not None and t.awaiting == "consent" for t in turns)


async def test_turn_reports_the_complaint_of_a_state_saved_before_ids_were_kept(
    client: httpx.AsyncClient, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    """Conversations stored by an older version have tickets without `complaint_id`: the
    turn still reports the complaint, looked up by ticket number."""
    filed = await file_one(client, 1, asyncio.Barrier(1))
    assert filed["complaint_id"] is not None
    async with session_factory() as session:
        row = await session.scalar(
            select(DialogueSession).where(DialogueSession.external_id == filed["session_id"])
        )
        assert row is not None
        old = dict(row.state)
        old["tickets"] = [
            {k: v for k, v in t.items() if k != "complaint_id"} for t in old["tickets"]
        ]
        row.state = old
        row.revision += 1  # as any save does (the server would use the state it kept)
        await session.commit()
    resp = await client.post(
        f"/api/chat/sessions/{filed['session_id']}/messages", json={"text": "/status"}
    )
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["ticket_number"] == filed["ticket_number"]
    assert body["complaint_id"] == filed["complaint_id"]
