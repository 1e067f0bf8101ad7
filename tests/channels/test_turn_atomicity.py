"""One turn is one transaction: a turn that fails at its end leaves nothing behind.

Through the web chat API: the confirming turn stores the complaint, then saving the dialogue
state fails (injected). The worker got an error, so nothing of that turn may be stored — on
SQLite the complaint row outlived the failed turn, because `begin_nested()` there starts the
SQLite transaction with a SAVEPOINT whose RELEASE commits (pysqlite's legacy transaction mode).
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from channel_replay import observe
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from intake.chats import complaints, conversations
from intake.chats.conversations import ConversationService
from models import RoutingDecisionRecord

STORY = (
    "我叫刘满仓，手机13937112345，去年10月到今年1月跟着恒跃建筑在柳河镇锦绣花园二期工地扎钢筋，"
    "俺们五个人一共被欠了三万五"
)


async def at_summary(client: httpx.AsyncClient) -> tuple[str, dict[str, Any]]:
    """A new conversation told the whole story, at the summary: its id and the last reply."""
    session_id = (await client.post("/api/chat/sessions")).json()["session_id"]
    url = f"/api/chat/sessions/{session_id}/messages"
    last: dict[str, Any] = (await client.post(url, json={"text": STORY})).json()
    for label in ("同意", "青川市恒跃建筑工程有限公司"):
        last = (await client.post(url, json={"choice": button(last, label)})).json()
    assert last["awaiting"] == "confirm"
    return session_id, last


def button(reply: dict[str, Any], label: str) -> str:
    values = [b["value"] for r in reply["replies"] for b in r["buttons"] if b["label"] == label]
    assert values, f"no button {label!r}"
    return str(values[0])


async def test_a_turn_failing_at_the_end_stores_nothing(
    client: httpx.AsyncClient,
    session_factory: async_sessionmaker[AsyncSession],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    session_id, last = await at_summary(client)
    url = f"/api/chat/sessions/{session_id}/messages"

    async def press(label: str) -> httpx.Response:
        return await client.post(url, json={"choice": button(last, label)})

    before = await observe(session_factory, channel="web", external_id=session_id)

    async def failing_save(*args: Any, **kwargs: Any) -> None:
        raise ConnectionError("the database went away while saving (injected)")

    with monkeypatch.context() as patch:
        patch.setattr(ConversationService, "_save", staticmethod(failing_save))
        resp = await press("确认提交")
    assert resp.status_code == 503  # an outage answers JSON 503 with Retry-After
    after = await observe(session_factory, channel="web", external_id=session_id)
    assert after.complaints == (), "a complaint of the failed turn was left in the database"
    assert (after.state, after.revision) == (before.state, before.revision)

    # the worker confirms again once the database is back: filed exactly once
    done = (await press("确认提交")).json()
    assert done["awaiting"] == "done" and done["ticket_number"]
    stored = await observe(session_factory, channel="web", external_id=session_id)
    assert [c.ticket for c in stored.complaints] == [done["ticket_number"]]


async def test_a_submission_failing_midway_leaves_no_rows_and_keeps_the_draft(
    client: httpx.AsyncClient,
    session_factory: async_sessionmaker[AsyncSession],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The complaint and its routing decision are written before the ticket: when opening the
    ticket fails, the worker is told to try again and neither row stays behind."""
    session_id, last = await at_summary(client)
    url = f"/api/chat/sessions/{session_id}/messages"

    async def press(label: str) -> dict[str, Any]:
        resp = await client.post(url, json={"choice": button(last, label)})
        assert resp.status_code == 200
        body: dict[str, Any] = resp.json()
        return body

    async def failing_open_ticket(*args: Any, **kwargs: Any) -> None:
        raise ConnectionError("the database went away while opening the ticket (injected)")

    with monkeypatch.context() as patch:
        patch.setattr(complaints, "open_ticket", failing_open_ticket)
        last = await press("确认提交")
    assert last["awaiting"] == "confirm" and last["ticket_number"] is None
    after = await observe(session_factory, channel="web", external_id=session_id)
    assert after.complaints == (), "a complaint of the failed submission stayed in the database"
    async with session_factory() as session:
        decisions = await session.scalar(select(func.count()).select_from(RoutingDecisionRecord))
    assert decisions == 0

    last = await press("确认提交")
    assert last["awaiting"] == "done" and last["ticket_number"]
    stored = await observe(session_factory, channel="web", external_id=session_id)
    assert [c.ticket for c in stored.complaints] == [last["ticket_number"]]


@pytest.mark.parametrize("committed", [True, False], ids=["after-commit", "before-commit"])
async def test_a_submission_losing_its_connection_at_commit_is_filed_once(
    client: httpx.AsyncClient,
    session_factory: async_sessionmaker[AsyncSession],
    monkeypatch: pytest.MonkeyPatch,
    committed: bool,
) -> None:
    """The connection is lost as the confirming turn commits. The turn looks up what was
    stored: its own save of the conversation means the transaction committed, and the worker
    gets the ticket number; no save means nothing committed, and the turn is run again. Either
    way one complaint is filed, and the worker is told its number."""
    session_id, summary = await at_summary(client)
    real_commit = conversations._commit

    async def lose_the_commit(session: AsyncSession, conversation: str) -> None:
        if committed:
            await real_commit(session, conversation)
        else:
            await session.rollback()
        monkeypatch.setattr(conversations, "_commit", real_commit)  # once
        raise conversations.CommitOutcomeUnknown(conversation)

    monkeypatch.setattr(conversations, "_commit", lose_the_commit)
    url = f"/api/chat/sessions/{session_id}/messages"
    resp = await client.post(url, json={"choice": button(summary, "确认提交")})
    assert resp.status_code == 200, resp.text
    done = resp.json()
    assert done["awaiting"] == "done" and done["ticket_number"]
    stored = await observe(session_factory, channel="web", external_id=session_id)
    assert [c.ticket for c in stored.complaints] == [done["ticket_number"]]
