"""Web chat retries (docs/interfaces.md, "Retries: Idempotency-Key"): a message repeated
under the same Idempotency-Key, after a lost response, to another server process, or twice
at once, is applied once and answered as the first time; keys are per session and expire."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta
from typing import Any

import httpx
import pytest
from channel_world import seed_transcript_world
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlmodel import func, select
from web_app import web_app

from intake.chats import answered_messages
from intake.tickets import sweeper
from models import AnsweredMessage, DialogueSession
from models.base import utcnow

EMPLOYER = "青川市锦程物业服务有限公司"


async def _start(client: httpx.AsyncClient) -> str:
    resp = await client.post("/api/chat/sessions")
    assert resp.status_code == 201, resp.text
    session_id: str = resp.json()["session_id"]
    return session_id


async def _send(
    client: httpx.AsyncClient, session_id: str, body: dict[str, str], key: str | None = None
) -> httpx.Response:
    headers = {"Idempotency-Key": key} if key is not None else {}
    return await client.post(
        f"/api/chat/sessions/{session_id}/messages", json=body, headers=headers
    )


async def _at_employer(client: httpx.AsyncClient) -> str:
    """A new conversation whose employer buttons are showing."""
    session_id = await _start(client)
    for body in (
        {"text": "你好"},
        {"choice": "consent:yes"},
        {"text": "我叫赵秀兰"},
        {"text": "13838001234"},
        {"text": "锦程物业"},
    ):
        resp = await _send(client, session_id, body)
        assert resp.status_code == 200, resp.text
    buttons = {b["label"]: b["value"] for r in resp.json()["replies"] for b in r["buttons"]}
    assert buttons.get(EMPLOYER) == _employer_choice()["choice"], buttons
    return session_id


def _employer_choice() -> dict[str, str]:
    """The employer's button (registry id 319 in tests/dialogue/fixtures/registry.csv)."""
    return {"choice": "employer:319"}


async def _draft(factory: async_sessionmaker[AsyncSession], session_id: str) -> dict[str, Any]:
    async with factory() as session:
        row = await session.scalar(
            select(DialogueSession).where(DialogueSession.external_id == session_id)
        )
    assert row is not None
    return {"awaiting": row.awaiting, "revision": row.revision, **row.state.get("draft", {})}


@pytest.fixture
async def world(session_factory: async_sessionmaker[AsyncSession]) -> None:
    async with session_factory() as session:
        await seed_transcript_world(session)


async def test_a_retried_message_is_answered_as_before_and_applied_once(
    world: None, engine: AsyncEngine, db_url: str, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    async with web_app(engine, db_url) as client:
        session_id = await _at_employer(client)
        key = str(uuid.uuid4())
        first = await _send(client, session_id, _employer_choice(), key)
        assert first.status_code == 200, first.text
        assert first.json()["awaiting"] == "project"
        after_first = await _draft(session_factory, session_id)

        # the response was lost: the page sends the same message with the same key
        again = await _send(client, session_id, _employer_choice(), key)
        assert again.status_code == 200
        assert again.json() == first.json()
        assert await _draft(session_factory, session_id) == after_first
        assert after_first.get("project") is None  # the name did not land in the next slot

        # without the key the same text is a new message, answered at the project question
        plain = await _send(client, session_id, _employer_choice())
        assert plain.status_code == 200
        assert (await _draft(session_factory, session_id))["revision"] > after_first["revision"]


async def test_a_retry_reaching_another_server_process_gets_the_first_answer(
    world: None, engine: AsyncEngine, db_url: str, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    # two apps, each with its own conversation service (locks, recent states): two processes
    async with web_app(engine, db_url) as one, web_app(engine, db_url) as other:
        session_id = await _at_employer(one)
        key = "retry-" + uuid.uuid4().hex
        first = await _send(one, session_id, _employer_choice(), key)
        again = await _send(other, session_id, _employer_choice(), key)
        assert again.status_code == 200
        assert again.json() == first.json()
        draft = await _draft(session_factory, session_id)
        assert draft["awaiting"] == "project" and draft.get("project") is None


async def test_two_copies_sent_at_once_are_applied_once(
    world: None, engine: AsyncEngine, db_url: str, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    async with web_app(engine, db_url) as one, web_app(engine, db_url) as other:
        session_id = await _at_employer(one)
        before = await _draft(session_factory, session_id)
        key = str(uuid.uuid4())
        answers = await asyncio.gather(
            _send(one, session_id, _employer_choice(), key),
            _send(other, session_id, _employer_choice(), key),
            _send(one, session_id, _employer_choice(), key),
        )
        assert [a.status_code for a in answers] == [200, 200, 200]
        assert answers[0].json() == answers[1].json() == answers[2].json()
        after = await _draft(session_factory, session_id)
        assert after["revision"] == before["revision"] + 1
        assert after["awaiting"] == "project" and after.get("project") is None


async def test_keys_are_per_session(
    world: None, engine: AsyncEngine, db_url: str, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    async with web_app(engine, db_url) as client:
        first_session = await _at_employer(client)
        second_session = await _at_employer(client)
        key = "same-key-in-two-sessions"
        await _send(client, first_session, _employer_choice(), key)
        answer = await _send(client, second_session, _employer_choice(), key)
        assert answer.json()["awaiting"] == "project"
        assert (await _draft(session_factory, second_session))["awaiting"] == "project"


@pytest.mark.parametrize(
    ("key", "says"),
    [
        ("k" * 65, "at most 64"),
        ("", "empty"),
        ("中文键", "ASCII"),
        ("tab\there", "ASCII"),
    ],
)
async def test_a_bad_key_is_refused_with_a_clear_json_message_and_changes_nothing(
    world: None,
    engine: AsyncEngine,
    db_url: str,
    session_factory: async_sessionmaker[AsyncSession],
    key: str,
    says: str,
) -> None:
    async with web_app(engine, db_url) as client:
        session_id = await _at_employer(client)
        before = await _draft(session_factory, session_id)
        raw = key.encode("utf-8")  # httpx would refuse non-ASCII text in a header
        resp = await client.post(
            f"/api/chat/sessions/{session_id}/messages",
            json=_employer_choice(),
            headers=[(b"Idempotency-Key", raw)],
        )
        assert resp.status_code == 422
        assert resp.headers["content-type"].startswith("application/json")
        body = resp.json()
        assert body["error"] == "invalid_input"
        assert "Idempotency-Key" in body["message"] and says in body["message"]
        assert await _draft(session_factory, session_id) == before


async def test_a_key_of_64_characters_is_fine(
    world: None, engine: AsyncEngine, db_url: str
) -> None:
    async with web_app(engine, db_url) as client:
        session_id = await _at_employer(client)
        key = "k" * 64
        first = await _send(client, session_id, _employer_choice(), key)
        assert first.status_code == 200
        assert (await _send(client, session_id, _employer_choice(), key)).json() == first.json()


async def test_an_unknown_session_stores_no_answer(
    world: None, engine: AsyncEngine, db_url: str, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    async with web_app(engine, db_url) as client:
        resp = await _send(client, "no-such-session", {"text": "你好"}, "k1")
        assert resp.status_code == 404
    async with session_factory() as session:
        assert await session.scalar(select(func.count()).select_from(AnsweredMessage)) == 0


async def test_old_keys_expire_and_the_sweeper_forgets_them(
    world: None, engine: AsyncEngine, db_url: str, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    async with web_app(engine, db_url) as client:
        session_id = await _at_employer(client)
        key = str(uuid.uuid4())
        first = await _send(client, session_id, _employer_choice(), key)
        assert first.json()["awaiting"] == "project"
        async with session_factory() as session:
            await session.execute(
                update(AnsweredMessage).values(
                    answered_at=utcnow() - answered_messages.KEPT_FOR - timedelta(minutes=1)
                )
            )
            await session.commit()
        # expired: the same key is a new message now, answered at the project question
        later = await _send(client, session_id, {"choice": "skip"}, key)
        assert later.status_code == 200
        assert later.json() != first.json()
        assert (await _draft(session_factory, session_id))["awaiting"] != "project"

        async with session_factory() as session:
            await session.execute(
                update(AnsweredMessage).values(
                    answered_at=utcnow() - answered_messages.KEPT_FOR - timedelta(minutes=1)
                )
            )
            await session.commit()
        await sweeper.sweep(session_factory, now=utcnow())
        async with session_factory() as session:
            assert await session.scalar(select(func.count()).select_from(AnsweredMessage)) == 0
