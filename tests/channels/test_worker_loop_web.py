"""The loop closed with a worker on the web chat, through the HTTP API (docs/interfaces.md,
"Inbox polling"), on SQLite and PostgreSQL: file → accept → 补正 question in the inbox → the answer
lands on the ticket, which resumes → resolve → 回访 in the inbox → 没拿到 reopens → resolve →
回访 → 拿到了、满意 closes. And the same question answered in the middle of a new complaint."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from worker_loop import (
    ANSWER,
    QUESTION,
    SECOND_STORY,
    STORY,
    Desk,
    check_the_loop_closed,
    draft_of,
    file_until_done,
)

from intake import messaging
from intake.tickets import sweeper
from intake.tickets.sla import SlaPolicy
from models.base import utcnow
from models.codes.ticket_status import Status


@dataclass
class WebWorker:
    client: httpx.AsyncClient
    session_id: str = ""
    seen: int = 0  # the id of the last inbox message shown (the page keeps it too)
    buttons: dict[str, str] = field(default_factory=dict)
    awaiting: str = "consent"
    ticket: str | None = None
    last: str = ""

    async def start(self) -> None:
        resp = await self.client.post("/api/chat/sessions")
        assert resp.status_code == 201
        self.session_id = resp.json()["session_id"]

    async def send(self, body: dict[str, str]) -> dict[str, Any]:
        resp = await self.client.post(f"/api/chat/sessions/{self.session_id}/messages", json=body)
        assert resp.status_code == 200, resp.text
        data: dict[str, Any] = resp.json()
        self.awaiting = data["awaiting"]
        self.ticket = data["ticket_number"] or self.ticket
        self.last = "\n".join(r["text"] for r in data["replies"])
        with_buttons = [r for r in data["replies"] if r["buttons"]]
        self.buttons = (
            {b["label"]: b["value"] for b in with_buttons[-1]["buttons"]} if with_buttons else {}
        )
        return data

    async def move(self, kind: str, value: str) -> tuple[str, list[str]]:
        await self.send({"choice": self.buttons[value]} if kind == "press" else {"text": value})
        return self.awaiting, list(self.buttons)

    async def file(self, story: str) -> str:
        await self.send({"text": story})
        await file_until_done(story, self.awaiting, list(self.buttons), self.move)
        assert self.ticket is not None
        return self.ticket

    async def inbox(self) -> list[dict[str, Any]]:
        resp = await self.client.get(
            f"/api/chat/sessions/{self.session_id}/inbox", params={"after": self.seen}
        )
        assert resp.status_code == 200, resp.text
        messages: list[dict[str, Any]] = resp.json()["messages"]
        if messages:
            self.seen = messages[-1]["id"]
        return messages


async def test_the_loop_closes_on_the_web_chat(
    client: httpx.AsyncClient, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    desk = Desk(session_factory)
    worker = WebWorker(client)
    await worker.start()
    number = await worker.file(STORY)
    assert await worker.inbox() == []

    await desk.act(number, "accept")
    await desk.ask(number)
    [question] = await worker.inbox()
    assert QUESTION in question["text"] and question["ticket_number"] == number
    assert [b["label"] for b in question["buttons"]] == ["回答这个问题"]
    assert await worker.inbox() == []  # shown once; a reload asks with the same cursor

    # the worker, done filing, just types the answer
    await worker.send({"text": ANSWER})
    assert "已经转给办案人员" in worker.last and number in worker.last
    assert await desk.status(number) == Status.ACCEPTED.value  # resumed where it was paused
    assert await desk.answers(number) == [ANSWER]

    await desk.resolve_and_follow_up(number)
    [followup] = await worker.inbox()
    assert "回访" in followup["text"]
    labels = {b["label"]: b["value"] for b in followup["buttons"]}
    assert list(labels) == ["拿到了，满意", "拿到了，但不满意", "还没拿到"]
    await worker.send({"choice": labels["还没拿到"]})
    assert "继续处理" in worker.last
    assert await desk.status(number) == Status.INVESTIGATING.value

    await desk.resolve_and_follow_up(number)
    [again] = await worker.inbox()
    labels = {b["label"]: b["value"] for b in again["buttons"]}
    await worker.send({"choice": labels["拿到了，满意"]})
    assert "已办结销号" in worker.last
    await check_the_loop_closed(desk, number)

    # a session the server does not know has no inbox
    missing = await client.get(f"/api/chat/sessions/{'x' * 24}/inbox")
    assert missing.status_code == 404


async def test_a_question_answered_in_the_middle_of_a_new_complaint(
    client: httpx.AsyncClient, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    desk = Desk(session_factory)
    worker = WebWorker(client)
    await worker.start()
    number = await worker.file(STORY)
    await worker.send({"choice": worker.buttons["新的投诉"]})
    await worker.send({"text": SECOND_STORY})
    asking = worker.awaiting
    assert asking not in ("done", "consent")
    before = await draft_of(session_factory, "web", worker.session_id)

    await desk.act(number, "accept")
    await desk.ask(number)
    [question] = await worker.inbox()
    # typed text is the new complaint's; the question's button says the next one answers it
    await worker.send({"choice": question["buttons"][0]["value"]})
    assert number in worker.last and "回答" in worker.last
    await worker.send({"text": ANSWER})
    assert "已经转给办案人员" in worker.last
    assert "接着来" in worker.last  # and the new complaint's question again
    assert worker.awaiting == asking
    assert await desk.answers(number) == [ANSWER]
    assert await desk.status(number) == Status.ACCEPTED.value
    after = await draft_of(session_factory, "web", worker.session_id)
    assert {k: v for k, v in after.items() if k != "worker_messages"} == {
        k: v for k, v in before.items() if k != "worker_messages"
    }

    # "/reply …" works as well, for a second question
    await desk.ask(number, "工地负责人叫什么名字？")
    await worker.inbox()
    await worker.send({"text": "/reply 姓王，大家叫他王工"})
    assert await desk.answers(number) == [ANSWER, "姓王，大家叫他王工"]
    assert worker.awaiting == asking

    # the button pressed by mistake: "取消" goes back to the new complaint, nothing sent
    await desk.ask(number, "还有别的工友吗？")
    [third] = await worker.inbox()
    await worker.send({"choice": third["buttons"][0]["value"]})
    await worker.send({"text": "取消"})
    assert "先不回答" in worker.last and "接着来" in worker.last
    assert worker.awaiting == asking
    assert len(await desk.answers(number)) == 2

    second = await worker.file(SECOND_STORY)
    assert second != number


async def test_two_tickets_waiting_the_worker_is_asked_which_one(
    client: httpx.AsyncClient, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    desk = Desk(session_factory)
    worker = WebWorker(client)
    await worker.start()
    first = await worker.file(STORY)
    await worker.send({"choice": worker.buttons["新的投诉"]})
    second = await worker.file(SECOND_STORY)
    for number in (first, second):
        await desk.act(number, "accept")
        await desk.ask(number)
    assert len(await worker.inbox()) == 2

    await worker.send({"text": ANSWER})
    assert "哪一件" in worker.last and list(worker.buttons) == [first, second]
    assert await desk.answers(first) == [] and await desk.answers(second) == []
    await worker.send({"choice": worker.buttons[second]})  # the answer typed is kept meanwhile
    assert await desk.answers(second) == [ANSWER] and await desk.answers(first) == []
    assert await desk.status(first) == Status.NEEDS_INFO.value

    # the follow-up answered in words
    await worker.send({"text": "/reply 工地在柳河镇"})
    await desk.resolve_and_follow_up(first)
    await worker.inbox()
    await worker.send({"text": "钱还没拿到"})
    assert "继续处理" in worker.last
    assert await desk.status(first) == Status.INVESTIGATING.value


async def test_a_worker_who_does_not_come_back_is_shown_as_unreachable(
    client: httpx.AsyncClient, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    desk = Desk(session_factory)
    worker = WebWorker(client)
    await worker.start()
    number = await worker.file(STORY)
    await desk.act(number, "accept")
    await desk.ask(number)
    later = utcnow() + timedelta(days=SlaPolicy().followup_timeout_days, hours=1)
    report = await sweeper.sweep(session_factory, now=later)
    assert report.unreached == 1
    ticket = await desk.ticket(number)
    assert ticket.delivery_failed
    assert [e.kind for e in await desk.timeline(number)][-1] == "worker_unreachable"
    async with session_factory() as session:
        [failed] = await messaging.failed_messages(session)
    assert (failed.ticket_number, failed.phone, failed.channel) == (number, "13937112345", "web")

    # the worker comes back after all: the question is there, and the ticket reachable again
    [question] = await worker.inbox()
    assert QUESTION in question["text"]
    assert not (await desk.ticket(number)).delivery_failed
    await worker.send({"text": ANSWER})
    assert await desk.answers(number) == [ANSWER]

    # delivered messages are deleted after the retention period, and only those
    report = await sweeper.sweep(session_factory, now=later + timedelta(days=91))
    assert report.purged >= 1
    assert await worker.inbox() == []
