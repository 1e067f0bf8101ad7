"""The loop closed with a worker on Telegram: the real Dispatcher and handlers, the real
conversation service and outbox sender, a recording Bot session; SQLite and PostgreSQL.

file → accept → the 补正 question arrives in the private chat → the worker's reply lands on
the ticket, which resumes, and the task force's group is told → resolve → the 回访 question
with its buttons → 还没拿到 reopens → resolve → 回访 → 拿到了、满意 closes. And the question
answered in the middle of a new complaint, the draft untouched."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from aiogram import Bot
from bot_support import TEST_TOKEN
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram_worker import ChatSession, Seen, TelegramWorker

from bot.dispatcher import create_dispatcher
from intake.chats.conversations import ConversationService
from models import TaskForce
from models.codes.ticket_status import Status
from routing.runtime import RoutingRuntime

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "channels"))
from channel_world import seed_transcript_world
from worker_loop import (
    ANSWER,
    QUESTION,
    SECOND_STORY,
    STORY,
    Desk,
    awaiting_of,
    check_the_loop_closed,
    draft_of,
    file_until_done,
    latest_ticket,
)

CHAT_ID = 5550019
GROUP_ID = -1001900019  # the construction task force's group


@dataclass
class Phone:
    """A worker's Telegram chat with the bot."""

    worker: TelegramWorker
    factory: async_sessionmaker[AsyncSession]
    seen: Seen | None = None

    async def move(self, kind: str, value: str) -> tuple[str, list[str]]:
        self.seen = await (self.worker.press(value) if kind == "press" else self.worker.say(value))
        awaiting = await awaiting_of(self.factory, "telegram", str(CHAT_ID))
        return awaiting, self.seen.last_labels

    async def file(self, story: str) -> str:
        awaiting, buttons = await self.move("say", story)
        await file_until_done(story, awaiting, buttons, self.move)
        return await latest_ticket(self.factory, "telegram", str(CHAT_ID))

    async def arrived(self) -> Seen:
        """What the outbox sender delivered to this chat since the last look."""
        start = len(self.worker.session.calls)
        await self.worker.deliver()
        return self.worker.collect(start)

    def group_texts(self) -> list[str]:
        return [
            str(c.params.get("text", ""))
            for c in self.worker.session.calls
            if c.method == "sendMessage" and c.params.get("chat_id") == GROUP_ID
        ]


@pytest.fixture
async def phone(session_factory: async_sessionmaker[AsyncSession]) -> AsyncIterator[Phone]:
    async with session_factory() as session:
        await seed_transcript_world(session)
        await session.execute(
            update(TaskForce)
            .where(TaskForce.code == "TF1_CONSTRUCTION")  # type: ignore[arg-type]
            .values(telegram_chat_id=GROUP_ID)
        )
        await session.commit()
    conversations = ConversationService(session_factory, RoutingRuntime(session_factory))
    recorder = ChatSession()
    bot = Bot(token=TEST_TOKEN, session=recorder)
    dp = create_dispatcher(conversations=conversations, session_factory=session_factory)
    worker = TelegramWorker(
        dp=dp,
        bot=bot,
        session=recorder,
        factory=session_factory,
        chat_id=CHAT_ID,
        clock=conversations._clock,
    )
    yield Phone(worker, session_factory)


async def test_the_loop_closes_on_telegram(
    phone: Phone, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    desk = Desk(session_factory)
    number = await phone.file(STORY)
    assert number.startswith("AX"), number

    await desk.act(number, "accept")
    await desk.ask(number)
    question = await phone.arrived()
    assert QUESTION in question.text and number in question.text
    assert question.last_labels == ["回答这个问题"]

    # a plain reply, as the question says: it lands on the ticket (not "已经提交了")
    answered = await phone.worker.say(ANSWER)
    assert "已经转给办案人员" in answered.text and "已经提交了" not in answered.text
    assert await desk.status(number) == Status.ACCEPTED.value
    assert await desk.answers(number) == [ANSWER]
    assert any("补正已回复" in t and number in t for t in phone.group_texts())
    assert all("刘满仓" not in t and "13937112345" not in t for t in phone.group_texts())

    await desk.resolve_and_follow_up(number)
    followup = await phone.arrived()
    assert "回访" in followup.text
    assert followup.last_labels == ["拿到了，满意", "拿到了，但不满意", "还没拿到"]
    unpaid = await phone.worker.press("还没拿到")
    assert "继续处理" in unpaid.text
    assert await desk.status(number) == Status.INVESTIGATING.value
    assert any("还没拿到工资" in t for t in phone.group_texts())

    await desk.resolve_and_follow_up(number)
    await phone.arrived()
    closed = await phone.worker.press("拿到了，满意")
    assert "已办结销号" in closed.text
    await check_the_loop_closed(desk, number)


async def test_telegram_question_answered_in_the_middle_of_a_new_complaint(
    phone: Phone, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    desk = Desk(session_factory)
    number = await phone.file(STORY)
    await phone.worker.press("新的投诉")
    await phone.worker.say(SECOND_STORY)
    asking = await awaiting_of(session_factory, "telegram", str(CHAT_ID))
    before = await draft_of(session_factory, "telegram", str(CHAT_ID))

    await desk.act(number, "accept")
    await desk.ask(number)
    await phone.arrived()
    prompt = await phone.worker.press("回答这个问题")
    assert number in prompt.text
    answered = await phone.worker.say(ANSWER)
    assert "已经转给办案人员" in answered.text and "接着来" in answered.text
    assert await desk.answers(number) == [ANSWER]
    assert await awaiting_of(session_factory, "telegram", str(CHAT_ID)) == asking
    after = await draft_of(session_factory, "telegram", str(CHAT_ID))
    assert {k: v for k, v in after.items() if k != "worker_messages"} == {
        k: v for k, v in before.items() if k != "worker_messages"
    }
