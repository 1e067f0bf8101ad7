"""Every transcript through the web chat JSON API of the real app, on SQLite and PostgreSQL.

The app is `create_app(...)` over the test's database (httpx ASGITransport), seeded with the
transcripts' world (channel_world.py). Its conversation service runs on the transcript's clock
(each turn one minute later, `wait` moves it on) — the only thing replaced — so that 去年/上个月
and a draft left for three days mean what the transcript says.

Turns the web chat cannot send are skipped: `attach` (the web chat has no upload) and `send`
(stickers, voice, polls exist only on Telegram). What the engine-only expectations check is
checked on the database instead (see channel_replay.py).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from channel_replay import Checker, DbView, Seen, check_filed, observe, turn_label
from channel_world import TRANSCRIPTS, add_open_complaints, seed_transcript_world
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlmodel import select
from transcript import Transcript, load_transcripts
from web_app import web_app

from intake.chats import complaints
from models import DialogueSession

ALL = load_transcripts(TRANSCRIPTS)


@dataclass
class Clock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now


@dataclass
class WebChat:
    """A worker at the web chat: JSON in, JSON out, buttons pressed by their value."""

    client: httpx.AsyncClient
    session_id: str = ""
    history: list[dict[str, Any]] = field(default_factory=list)  # every reply shown

    async def start(self) -> None:
        resp = await self.client.post("/api/chat/sessions")
        assert resp.status_code == 201, resp.text
        self.session_id = resp.json()["session_id"]

    async def post(self, body: dict[str, str]) -> dict[str, Any]:
        resp = await self.client.post(f"/api/chat/sessions/{self.session_id}/messages", json=body)
        assert resp.status_code == 200, resp.text
        data: dict[str, Any] = resp.json()
        assert set(data) == {"replies", "awaiting", "complaint_id", "ticket_number"}, data
        self.history.extend(data["replies"])
        return data

    def value_of(self, label: str) -> str:
        """The latest button shown with this label (old buttons can be pressed again)."""
        if label.startswith("value:"):
            return label.removeprefix("value:")
        for reply in reversed(self.history):
            for button in reply["buttons"]:
                if button["label"] == label:
                    return str(button["value"])
        raise AssertionError(f"no button {label!r} was shown")


def seen(data: dict[str, Any]) -> Seen:
    replies = data["replies"]
    return Seen(
        text="\n".join(r["text"] for r in replies),
        last_buttons=[b["label"] for b in replies[-1]["buttons"]] if replies else [],
        any_buttons=any(r["buttons"] for r in replies),
        awaiting=data["awaiting"],
    )


@pytest.fixture
async def world(session_factory: async_sessionmaker[AsyncSession]) -> None:
    async with session_factory() as session:
        await seed_transcript_world(session)


@pytest.fixture
def fail_first_submit(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """Make the next complaint submission fail inside the service (a database hiccup)."""

    def arm() -> None:
        real = complaints.submit
        calls = {"n": 0}

        async def flaky(session: AsyncSession, **kw: Any) -> Any:
            calls["n"] += 1
            if calls["n"] == 1:
                raise ConnectionError("database went away (injected by the test)")
            return await real(session, **kw)

        monkeypatch.setattr(complaints, "submit", flaky)

    return arm


def test_every_transcript_is_replayed() -> None:
    assert len(ALL) >= 13


@pytest.mark.parametrize("transcript", ALL, ids=[Path(t.path).stem for t in ALL])
async def test_web_transcript(
    transcript: Transcript,
    world: None,
    db_url: str,
    engine: AsyncEngine,
    session_factory: async_sessionmaker[AsyncSession],
    fail_first_submit: Callable[[], None],
) -> None:
    async with session_factory() as session:
        await add_open_complaints(session, transcript)
    if transcript.submit == "fail_first":
        fail_first_submit()
    clock = Clock(transcript.now - timedelta(minutes=1))
    checker = Checker(transcript)
    async with web_app(engine, db_url, clock=clock) as client:
        chat = WebChat(client)
        await chat.start()

        async def view(chat: WebChat = chat) -> DbView:
            return await observe(session_factory, channel="web", external_id=chat.session_id)

        after = await view()
        for number, turn in enumerate(transcript.turns, start=1):
            where = turn_label(transcript, number, turn)
            if turn.wait is not None:
                clock.now += turn.wait_delta()
                continue
            if turn.attach is not None or turn.send is not None:
                checker.skip(where, "the whole turn", "the web chat sends only text and buttons")
                continue
            clock.now += timedelta(minutes=1)
            before = after
            if turn.say is not None:
                data = await chat.post({"text": turn.text()})
            else:
                assert turn.press is not None
                data = await chat.post({"choice": chat.value_of(turn.press)})
            after = await view()
            if turn.expect is not None:
                checker.check(
                    turn.expect, seen(data), before, after, turn_day=clock.now.date(), where=where
                )
            check_turn_out(data, after, checker.fixture_keys, where)
        check_filed(after, checker.fixture_keys, checker.name)
        if transcript.turns[-1].expect and transcript.turns[-1].expect.complaints_stored:
            assert after.new(checker.fixture_keys), "a complaint was filed"
    print(*checker.skipped, sep="\n")  # pytest -s shows what this channel could not check
    for line in checker.skipped:  # nothing else is skipped on the web
        assert "the web chat sends only" in line, line


def check_turn_out(data: dict[str, Any], after: DbView, fixture_keys: set[str], where: str) -> None:
    """`complaint_id` / `ticket_number` in the API answer are the stored ones."""
    if data["ticket_number"] is None:
        assert data["complaint_id"] is None, where
        return
    by_ticket = {c.ticket: c for c in after.complaints}
    assert data["ticket_number"] in by_ticket, f"{where}: unknown ticket {data['ticket_number']}"
    assert by_ticket[data["ticket_number"]].id == data["complaint_id"], where


# --- API errors: JSON, the right status, and nothing stored is lost ---------------------------


@pytest.fixture
async def client(world: None, engine: AsyncEngine, db_url: str) -> AsyncIterator[httpx.AsyncClient]:
    async with web_app(engine, db_url, clock=Clock(datetime.now().astimezone())) as c:
        yield c


async def stored(factory: async_sessionmaker[AsyncSession], session_id: str) -> DialogueSession:
    async with factory() as session:
        row = await session.scalar(
            select(DialogueSession).where(
                DialogueSession.channel == "web", DialogueSession.external_id == session_id
            )
        )
        assert row is not None
        return row


async def test_unknown_session_is_404_json(client: httpx.AsyncClient) -> None:
    for resp in (
        await client.post("/api/chat/sessions/no-such-session/messages", json={"text": "你好"}),
        await client.get("/api/chat/sessions/no-such-session"),
    ):
        assert resp.status_code == 404
        assert resp.headers["content-type"].startswith("application/json")
        body = resp.json()
        assert body["error"] == "not_found"
        assert body["message"]


@pytest.mark.parametrize(
    "body",
    [
        {"text": "你好", "choice": "consent:yes"},
        {},
        {"text": None, "choice": None},
        {"text": "x" * 20_001},
        {"choice": "c" * 201},
        {"text": 123},
        ["你好"],
    ],
    ids=["both", "neither", "both-null", "text-20001", "choice-201", "text-number", "not-object"],
)
async def test_bad_message_is_422_json_and_loses_nothing(
    client: httpx.AsyncClient,
    session_factory: async_sessionmaker[AsyncSession],
    body: Any,
) -> None:
    session_id = (await client.post("/api/chat/sessions")).json()["session_id"]
    url = f"/api/chat/sessions/{session_id}/messages"
    for text in ("你好", "同意", "我叫赵秀兰", "13838001234"):
        assert (await client.post(url, json={"text": text})).status_code == 200
    kept = await stored(session_factory, session_id)
    assert kept.state["draft"]["name"] == "赵秀兰" and kept.awaiting == "employer"

    resp = await client.post(url, json=body)
    assert resp.status_code == 422, resp.text
    assert resp.headers["content-type"].startswith("application/json")
    error = resp.json()
    assert error["error"] == "invalid_input" and error["message"], error

    after = await stored(session_factory, session_id)
    assert (after.state, after.revision, after.awaiting) == (kept.state, kept.revision, "employer")
    # and the conversation goes on where it was
    resp = await client.post(url, json={"text": "锦程物业"})
    assert resp.status_code == 200 and resp.json()["awaiting"] == "employer"
    assert "青川市锦程物业服务有限公司" in [
        b["label"] for b in resp.json()["replies"][-1]["buttons"]
    ]


async def test_longest_accepted_text_gets_a_kind_answer(
    client: httpx.AsyncClient, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    """20,000 characters pass the API; the engine answers that it is too long, stores nothing."""
    session_id = (await client.post("/api/chat/sessions")).json()["session_id"]
    url = f"/api/chat/sessions/{session_id}/messages"
    await client.post(url, json={"text": "你好"})
    kept = await stored(session_factory, session_id)
    resp = await client.post(url, json={"text": "欠" * 20_000})
    assert resp.status_code == 200
    assert "太长了" in resp.json()["replies"][0]["text"]
    assert (await stored(session_factory, session_id)).state == kept.state


async def test_a_complaint_survives_errors_in_between(
    client: httpx.AsyncClient, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    """Errors between turns do not disturb a conversation: it still files exactly once."""
    session_id = (await client.post("/api/chat/sessions")).json()["session_id"]
    url = f"/api/chat/sessions/{session_id}/messages"
    story = (
        "我叫孙大勇，电话13700002222。在柳河镇给宏运物流装卸货，从去年十一月干到今年二月，"
        "俺们三个人一共欠了三万"
    )
    steps: list[dict[str, Any]] = [
        {"text": story},
        {"text": "x" * 20_001},
        {"text": "同意"},
        {"text": "a", "choice": "b"},
        {"text": "青川市宏运物流有限公司"},
        {"text": "没有"},
        {},
        {"text": "确认提交"},
    ]
    last: dict[str, Any] = {}
    for body in steps:
        resp = await client.post(url, json=body)
        if resp.status_code == 200:
            last = resp.json()
        else:
            assert resp.status_code == 422
    assert last["awaiting"] == "done", last
    assert last["ticket_number"] and last["complaint_id"]
    resp = await client.post(url, json={"text": "确认提交"})
    assert resp.json()["ticket_number"] == last["ticket_number"]
    after = await observe(session_factory, channel="web", external_id=session_id)
    assert len(after.complaints) == 1
    check_filed(after, set(), "errors in between")


async def test_a_sentence_ending_with_a_full_stop_is_not_echoed_with_two(
    client: httpx.AsyncClient,
) -> None:
    """Seen on the phone: "情况说明 …不给。。" — the engine's `noted` text ("好的，记下了：
    {items}。") adds its full stop after a description that already ends with one."""
    session_id = (await client.post("/api/chat/sessions")).json()["session_id"]
    url = f"/api/chat/sessions/{session_id}/messages"
    for text in ("你好", "同意"):
        await client.post(url, json={"text": text})
    reply = (await client.post(url, json={"text": "我叫王小二，老板欠我三万块钱不给。"})).json()
    text = "\n".join(r["text"] for r in reply["replies"])
    assert "老板欠我三万块钱不给" in text
    assert "。。" not in text, text
