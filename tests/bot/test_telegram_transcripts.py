"""Every transcript through Telegram: the real aiogram Dispatcher, the real handlers, the
real conversation service and outbox, on SQLite and PostgreSQL; only the HTTP session of
the Bot is a recording one.

Each `say` is a message update, each `press` a callback query carrying the data of the
button with that label in the latest inline keyboard the bot sent, `attach` a photo or
document message, `send` a sticker / voice / location / poll message. After every update
the outbox is delivered, and the transcript's expectations are checked against the
messages the bot sent and against the database (see tests/channels/channel_replay.py).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from aiogram import Bot
from bot_support import TEST_TOKEN
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlmodel import col, select
from telegram_worker import ChatSession, TelegramWorker
from transcript import ScriptedTurn, Transcript, load_transcripts

from bot.dispatcher import create_dispatcher
from intake.chats.conversations import ConversationService
from intake.tickets.sla import SHANGHAI
from models import OutboxMessage
from routing.runtime import RoutingRuntime

# The transcripts' world and checker are shared with the web and terminal replays.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "channels"))
from channel_replay import Checker, DbView, Seen, check_filed, observe, turn_label
from channel_world import TRANSCRIPTS, add_open_complaints, seed_transcript_world

ALL = load_transcripts(TRANSCRIPTS)
CHAT_ID = 5550001


@dataclass
class Clock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def fail_first_ticket_insert(engine: AsyncEngine) -> Iterator[dict[str, int]]:
    """Make the database refuse the first INSERT of a ticket: the submission is half done
    (complaint row written) when it fails, so its savepoint must undo it all."""
    failures = {"armed": 0, "raised": 0}

    def refuse(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if failures["armed"] and statement.lstrip().upper().startswith("INSERT INTO TICKET "):
            failures["armed"] -= 1
            failures["raised"] += 1
            raise ConnectionResetError("connection lost while storing the ticket (injected)")

    event.listen(engine.sync_engine, "before_cursor_execute", refuse)
    try:
        yield failures
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", refuse)


def test_every_transcript_is_replayed() -> None:
    assert len(ALL) >= 13


@pytest.mark.parametrize("transcript", ALL, ids=[Path(t.path).stem for t in ALL])
async def test_telegram_transcript(
    transcript: Transcript,
    session_factory: async_sessionmaker[AsyncSession],
    fail_first_ticket_insert: dict[str, int],
) -> None:
    async with session_factory() as session:
        await seed_transcript_world(session)
        await add_open_complaints(session, transcript)
    if transcript.submit == "fail_first":
        fail_first_ticket_insert["armed"] = 1
    clock = Clock(transcript.now - timedelta(minutes=1))
    conversations = ConversationService(
        session_factory, RoutingRuntime(session_factory), clock=clock
    )
    recorder = ChatSession()
    bot = Bot(token=TEST_TOKEN, session=recorder)
    dp = create_dispatcher(conversations=conversations, session_factory=session_factory)
    worker = TelegramWorker(
        dp=dp, bot=bot, session=recorder, factory=session_factory, chat_id=CHAT_ID, clock=clock
    )
    checker = Checker(transcript)

    async def view() -> DbView:
        return await observe(session_factory, channel="telegram", external_id=str(CHAT_ID))

    after = await view()
    for number, turn in enumerate(transcript.turns, start=1):
        where = turn_label(transcript, number, turn)
        if turn.wait is not None:
            clock.now += turn.wait_delta()
            continue
        clock.now += timedelta(minutes=1)
        before = after
        seen = await play(worker, turn)
        after = await view()
        assert seen.messages, f"{where}: the bot said nothing"
        if turn.expect is not None:
            shown = Seen(
                text=seen.text,
                last_buttons=seen.last_labels,
                any_buttons=seen.any_buttons,
                awaiting=None,  # Telegram shows no slot: the stored one is checked
            )
            day = clock.now.astimezone(SHANGHAI).date()
            checker.check(turn.expect, shown, before, after, turn_day=day, where=where)
    check_filed(after, checker.fixture_keys, checker.name)
    assert not checker.skipped, checker.skipped
    if transcript.submit == "fail_first":
        assert fail_first_ticket_insert["raised"] == 1, "the injected failure never happened"
    await check_outbox_done(session_factory, recorder)


async def play(worker: TelegramWorker, turn: ScriptedTurn) -> Any:
    if turn.say is not None:
        return await worker.say(turn.text())
    if turn.press is not None:
        return await worker.press(turn.press)
    if turn.attach is not None:
        a = turn.attach
        return await worker.attach(a.kind, a.file_id, a.file_name)
    assert turn.send is not None
    return await worker.send(turn.send)


async def check_outbox_done(
    factory: async_sessionmaker[AsyncSession], recorder: ChatSession
) -> None:
    """Every queued reply was sent, once: one sendMessage per part the outbox recorded."""
    async with factory() as session:
        rows = list(await session.scalars(select(OutboxMessage).order_by(col(OutboxMessage.id))))
    assert {row.status for row in rows} <= {"sent"}, [(r.id, r.status, r.last_error) for r in rows]
    parts = sum(len(row.payload.get("message_ids", [])) for row in rows)
    assert parts == len(recorder.calls_to("sendMessage"))
