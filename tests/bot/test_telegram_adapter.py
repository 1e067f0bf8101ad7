"""The Telegram adapter around the dialogue: redelivery, order, media, long texts, commands,
group chats, the webhook endpoint of the real app and the commands menu.

Updates go into the real aiogram Dispatcher (`create_dispatcher`) with a Bot whose HTTP
session records what it sends; the webhook tests run the real FastAPI app against the fake
Bot API server. Every test runs on SQLite and, when configured, PostgreSQL.
"""

from __future__ import annotations

import asyncio
import re
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiogram import Bot
from aiogram.methods import TelegramMethod
from aiogram.methods.base import TelegramType
from bot_support import TEST_TOKEN
from fake_bot_api import FakeBotAPI
from sqlalchemy import event, func
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlmodel import select
from telegram_worker import ChatSession, TelegramWorker, UpdateMaker

from bot import handlers
from bot.client import BotConfigError
from bot.dispatcher import create_dispatcher, register_commands
from bot.text_split import utf16_len
from intake import messaging
from intake.chats.conversations import ConversationService
from intake.settings import Settings
from intake.tickets.sla import SHANGHAI
from intake.web.app import create_app
from intake.web.telegram import SECRET_HEADER, WEBHOOK_PATH
from models import Complaint, DialogueSession, OutboxMessage, ProcessedUpdate, Ticket
from routing.runtime import RoutingRuntime

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "channels"))
from channel_world import seed_transcript_world

Factory = async_sessionmaker[AsyncSession]
CHAT = 6660001
GROUP = -1006660002
STORY = (
    "我叫孙大勇，电话13700002222。在柳河镇给宏运物流装卸货，从去年十一月干到今年二月，"
    "俺们三个人一共欠了三万"
)
EMPLOYER = "青川市宏运物流有限公司"


@dataclass
class Clock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Telegram:
    """A dispatcher over a seeded database and one worker's private chat."""

    dp: Any
    bot: Bot
    recorder: ChatSession
    factory: Factory
    clock: Clock
    worker: TelegramWorker

    def other_chat(self, chat_id: int) -> TelegramWorker:
        return TelegramWorker(
            dp=self.dp,
            bot=self.bot,
            session=self.recorder,
            factory=self.factory,
            chat_id=chat_id,
            clock=self.clock,
        )


@pytest.fixture
async def world(session_factory: Factory) -> None:
    async with session_factory() as session:
        await seed_transcript_world(session)


def build(factory: Factory, recorder: ChatSession | None = None) -> Telegram:
    clock = Clock(datetime(2025, 3, 10, 9, 0, tzinfo=SHANGHAI))
    conversations = ConversationService(factory, RoutingRuntime(factory), clock=clock)
    recorder = recorder or ChatSession()
    bot = Bot(token=TEST_TOKEN, session=recorder)
    dp = create_dispatcher(conversations=conversations, session_factory=factory)
    worker = TelegramWorker(
        dp=dp, bot=bot, session=recorder, factory=factory, chat_id=CHAT, clock=clock
    )
    return Telegram(dp, bot, recorder, factory, clock, worker)


@pytest.fixture
def tg(world: None, session_factory: Factory) -> Telegram:
    return build(session_factory)


async def stored(factory: Factory, chat_id: int = CHAT) -> DialogueSession | None:
    async with factory() as session:
        return await session.scalar(
            select(DialogueSession).where(
                DialogueSession.channel == "telegram",
                DialogueSession.external_id == str(chat_id),
            )
        )


async def count(factory: Factory, model: Any) -> int:
    async with factory() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def file_complaint(worker: TelegramWorker) -> str:
    """The whole story, consent, employer, no project, confirm: returns the receipt text."""
    await worker.say(STORY)
    await worker.press("同意")
    await worker.press(EMPLOYER)
    await worker.press("不清楚/没有")
    seen = await worker.press("确认提交")
    assert "投诉已经提交成功" in seen.text, seen.text
    return seen.text


# --- redelivery ----------------------------------------------------------------------------


async def test_redelivered_message_is_processed_once(tg: Telegram) -> None:
    w = tg.worker
    await w.say("你好")
    update = w.updates.text("我叫赵秀兰")
    await w.press("同意")
    first = await w.feed(update)
    row = await stored(tg.factory)
    assert row is not None and row.awaiting == "phone"
    assert "姓名 赵秀兰" in first.text

    again = await w.feed(update)  # Telegram did not get our answer and sends it again
    assert again.messages == [], again.text
    row_after = await stored(tg.factory)
    assert row_after is not None
    assert (row_after.revision, row_after.state) == (row.revision, row.state)
    assert await count(tg.factory, ProcessedUpdate) == 3


async def test_redelivered_confirm_files_one_complaint_and_answers_once(tg: Telegram) -> None:
    w = tg.worker
    await w.say(STORY)
    await w.press("同意")
    await w.press(EMPLOYER)
    await w.press("不清楚/没有")
    confirm = w.press_update("确认提交")
    receipt = await w.feed(confirm)
    assert "投诉已经提交成功" in receipt.text
    for _ in range(2):
        assert (await w.feed(confirm)).messages == []
    assert await count(tg.factory, Complaint) == 1
    # every tap is answered (the spinner stops), the repeats included
    assert len(tg.recorder.calls_to("answerCallbackQuery")) == 3 + 3


async def test_one_update_reaching_two_bot_processes_at_once_is_handled_once(
    tg: Telegram,
) -> None:
    """Webhook replicas: the same update (Telegram retrying a slow answer) lands on two
    processes at the same moment; each has its own dispatcher, locks and remembered states.
    The update id, recorded in the turn's transaction, lets one of them through."""
    w = tg.worker
    await w.say("你好")
    await w.press("同意")
    other = build(tg.factory, tg.recorder)
    before = await stored(tg.factory)
    assert before is not None
    update = w.updates.text("我叫赵秀兰")
    start = len(tg.recorder.calls)
    await asyncio.gather(
        tg.dp.feed_update(tg.bot, w.update(update)),
        other.dp.feed_update(other.bot, w.update(update)),
    )
    await w.deliver()
    after = await stored(tg.factory)
    assert after is not None and after.awaiting == "phone"
    assert after.revision == before.revision + 1
    assert [m["text"] for m in after.state["draft"]["worker_messages"]].count("我叫赵秀兰") == 1
    replies = [m.text for m in w.collect(start).messages]
    assert sum("姓名 赵秀兰" in t for t in replies) == 1, replies


async def test_a_half_handled_photo_with_caption_is_finished_on_redelivery(
    tg: Telegram, engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Photo and caption are two turns; if the second failed, the redelivery does it."""
    monkeypatch.setattr(handlers, "DB_RETRY_DELAYS_S", ())  # the database stays down
    w = tg.worker
    await w.say("你好")
    await w.press("同意")
    await w.say("我叫周小梅")
    update = w.updates.attachment("photo", "iou-1", caption="13612345678")
    inserts = {"n": 0}

    def fail_second_part(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO PROCESSED_UPDATE"):
            inserts["n"] += 1
            if inserts["n"] == 2:
                raise ConnectionResetError("database connection lost (injected)")

    event.listen(engine.sync_engine, "before_cursor_execute", fail_second_part)
    try:
        with pytest.raises(ConnectionResetError):
            await w.feed(update)
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", fail_second_part)
    row = await stored(tg.factory)
    assert row is not None and row.awaiting == "phone"
    assert [e["file_id"] for e in row.state["draft"]["evidence"]] == ["iou-1"]

    seen = await w.feed(update)  # the webhook answered 500: Telegram sends it again
    row = await stored(tg.factory)
    assert row is not None and row.awaiting == "employer", seen.text
    assert row.state["draft"]["phone"] == "13612345678"
    assert [e["file_id"] for e in row.state["draft"]["evidence"]] == ["iou-1"]
    assert sum("收到材料" in t for t in tg.recorder.sent_texts(CHAT)) == 1


async def test_refused_receipt_flags_the_ticket_for_a_phone_call(tg: Telegram) -> None:
    """Replies after the submission carry the ticket: a 403 marks the worker unreachable."""
    w = tg.worker
    await w.say(STORY)
    await w.press("同意")
    await w.press(EMPLOYER)
    await w.press("不清楚/没有")
    tg.recorder.fail("sendMessage", 403, "Forbidden: bot was blocked by the user", times=10)
    await w.press("确认提交")
    async with tg.factory() as session:
        ticket = await session.scalar(select(Ticket))
        rows = list(
            await session.scalars(select(OutboxMessage).where(OutboxMessage.status == "blocked"))
        )
    assert ticket is not None and ticket.delivery_failed
    assert rows and {r.ticket_id for r in rows} == {ticket.id}


# --- order ---------------------------------------------------------------------------------


class SlowFirstAnswers(ChatSession):
    """Answers the first call of each named method late, as a slow network would."""

    def __init__(self, slow: dict[str, float]) -> None:
        super().__init__()
        self.slow = dict(slow)

    async def make_request(
        self,
        bot: Bot,
        method: TelegramMethod[TelegramType],
        timeout: int | None = None,  # noqa: ASYNC109  (BaseSession's signature)
    ) -> TelegramType:
        delay = self.slow.pop(method.__api_method__, 0.0)
        if delay:
            await asyncio.sleep(delay)
        return await super().make_request(bot, method, timeout)


@pytest.mark.parametrize(
    "slow",
    [{}, {"sendChatAction": 0.3}, {"answerCallbackQuery": 0.3}],
    ids=["no-delay", "slow-chat-action", "slow-callback-answer"],
)
async def test_updates_of_one_chat_fed_concurrently_are_handled_in_order(
    world: None, session_factory: Factory, slow: dict[str, float]
) -> None:
    """Telegram's answer to the first update comes late; the later updates still wait."""
    tg = build(session_factory, SlowFirstAnswers(slow))
    w = tg.worker
    await w.say("你好")
    typed = ["我叫赵秀兰", "13838001234", "锦程物业"]
    updates = [w.press_update("同意"), *(w.updates.text(t) for t in typed)]
    start = len(tg.recorder.calls)
    await asyncio.gather(*(tg.dp.feed_update(tg.bot, w.update(u)) for u in updates))
    await w.deliver()
    texts = [m.text for m in w.collect(start).messages]
    row = await stored(tg.factory)
    assert row is not None
    assert [m["text"] for m in row.state["draft"]["worker_messages"]][-3:] == typed
    assert row.awaiting == "employer", texts
    assert (row.state["draft"]["name"], row.state["draft"]["phone"]) == ("赵秀兰", "13838001234")
    # each update's replies, in the order of the updates
    marks = ["怎么称呼", "姓名 赵秀兰", "电话 13838001234", "是下面哪一家"]
    firsts = [min((i for i, t in enumerate(texts) if mark in t), default=-1) for mark in marks]
    assert -1 not in firsts and firsts == sorted(firsts), texts


async def test_a_hanging_telegram_call_holds_up_no_chat(
    world: None, session_factory: Factory
) -> None:
    """Typing indicators and button answers run beside the turn: one that never returns
    (Telegram slow or unreachable) delays no chat's answer."""
    tg = build(session_factory, SlowFirstAnswers({"sendChatAction": 3600}))
    first, second = tg.worker, tg.other_chat(CHAT + 1)
    second.updates = UpdateMaker(
        chat_id=second.chat_id, clock=tg.clock, bot_id=tg.bot.id, first_update_id=5000
    )  # update ids are unique per bot, not per chat

    async def say(w: TelegramWorker, text: str) -> None:
        await tg.dp.feed_update(tg.bot, w.update(w.updates.text(text)))

    await asyncio.wait_for(asyncio.gather(say(first, "你好"), say(second, "你好")), timeout=30)
    assert await count(tg.factory, ProcessedUpdate) == 2


async def test_a_database_hiccup_is_retried_not_dropped(
    tg: Telegram, engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(handlers, "DB_RETRY_DELAYS_S", (0.01, 0.01))
    failures = {"left": 2}

    def fail_twice(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if (
            statement.lstrip().upper().startswith("INSERT INTO PROCESSED_UPDATE")
            and failures["left"]
        ):
            failures["left"] -= 1
            raise ConnectionResetError("database connection lost (injected)")

    event.listen(engine.sync_engine, "before_cursor_execute", fail_twice)
    try:
        seen = await tg.worker.say("你好")
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", fail_twice)
    assert failures["left"] == 0
    assert "严格保密" in seen.text
    assert await count(tg.factory, ProcessedUpdate) == 1


# --- media and long texts ------------------------------------------------------------------


async def test_photo_with_caption_is_evidence_and_an_answer(tg: Telegram) -> None:
    w = tg.worker
    await w.say("你好")
    await w.press("同意")
    await w.say("我叫周小梅")
    seen = await w.attach("photo", "iou-photo-1", caption="我的手机是13612345678")
    row = await stored(tg.factory)
    assert row is not None and row.awaiting == "employer", seen.text
    draft = row.state["draft"]
    assert draft["phone"] == "13612345678"
    # the largest size of the photo is kept, not the thumbnail
    assert [e["file_id"] for e in draft["evidence"]] == ["iou-photo-1"]
    assert "收到材料（照片）" in seen.text and "哪家公司" in seen.text
    assert await count(tg.factory, ProcessedUpdate) == 3 + 2  # the photo is two turns


async def test_document_keeps_its_file_name(tg: Telegram) -> None:
    w = tg.worker
    await w.say("你好")
    await w.press("同意")
    seen = await w.attach("document", "doc-1", "工资条.pdf")
    row = await stored(tg.factory)
    assert row is not None
    assert row.state["draft"]["evidence"][0]["file_name"] == "工资条.pdf", seen.text


@pytest.mark.parametrize("kind", ["animation", "dice", "contact", "venue", "video_note", "audio"])
async def test_other_message_kinds_change_nothing(tg: Telegram, kind: str) -> None:
    w = tg.worker
    await w.say("你好")
    await w.press("同意")
    before = await stored(tg.factory)
    seen = await w.send(kind)
    after = await stored(tg.factory)
    assert before is not None and after is not None
    assert len(seen.messages) == 1 and seen.text, kind
    assert after.state == before.state, f"{kind}: {seen.text}"
    assert after.state["draft"]["evidence"] == []


async def test_5000_character_message_gets_a_kind_answer(tg: Telegram) -> None:
    w = tg.worker
    await w.say("你好")
    await w.press("同意")
    before = await stored(tg.factory)
    seen = await w.say("老板欠钱不给。" * 714 + "哎哎")  # 5,000 characters
    after = await stored(tg.factory)
    assert before is not None and after is not None
    assert "太长了（5000字）" in seen.text
    assert after.state == before.state


async def test_5000_character_reply_goes_out_in_parts_with_buttons_last(tg: Telegram) -> None:
    """A reply over Telegram's 4,096 limit is split by the outbox; its buttons still work."""
    w = tg.worker
    await w.say("你好")
    paragraph = "您的姓名、电话等信息只用于办理这件投诉，我们会严格保密。" * 20
    text = "\n\n".join([paragraph] * 9)[:5000]
    assert len(text) == 5000
    async with tg.factory() as session:
        await messaging.enqueue(
            session, chat_id=CHAT, text=text, buttons=[("同意", "consent:yes")], dedupe_key="long"
        )
        await session.commit()
    start = len(tg.recorder.calls)
    await w.deliver()
    seen = w.collect(start)
    assert len(seen.messages) >= 2
    assert all(utf16_len(m.text) <= 4096 for m in seen.messages)
    assert "".join(m.text for m in seen.messages).replace("\n", "") == text.replace("\n", "")
    assert [bool(m.buttons) for m in seen.messages] == [False] * (len(seen.messages) - 1) + [True]
    answered = await w.press("同意")
    row = await stored(tg.factory)
    assert row is not None and row.awaiting == "name", answered.text


# --- commands ------------------------------------------------------------------------------


async def test_start_help_and_status(tg: Telegram) -> None:
    w = tg.worker
    start = await w.say("/start")
    assert "严格保密" in start.text and "同意" in start.last_labels
    help_ = await w.say("/help")
    for command in ("/back", "/restart", "/cancel", "/status"):
        assert command in help_.text
    none = await w.say("/status")
    assert "还没有提交过投诉" in none.text
    receipt = await file_complaint(w)
    ticket = re.search(r"AX\d{8}-\d+", receipt)
    assert ticket is not None, receipt
    status = await w.say("/status")
    assert f"{ticket.group(0)}：" in status.text, status.text


async def test_register_commands_sends_the_menu() -> None:
    recorder = ChatSession()
    bot = Bot(token=TEST_TOKEN, session=recorder)
    await register_commands(bot)
    (call,) = recorder.calls_to("setMyCommands")
    assert [c["command"] for c in call.params["commands"]] == ["start", "status", "reply", "help"]
    assert all(c["description"] for c in call.params["commands"])


async def test_refused_command_menu_does_not_stop_the_bot() -> None:
    recorder = ChatSession()
    recorder.fail("setMyCommands", 400, "Bad Request: BOT_COMMAND_INVALID")
    bot = Bot(token=TEST_TOKEN, session=recorder)
    await register_commands(bot)  # logged, not raised
    assert len(recorder.calls_to("setMyCommands")) == 1


# --- group chats ---------------------------------------------------------------------------


async def test_group_chats_are_not_worker_dialogues(tg: Telegram) -> None:
    group = tg.other_chat(GROUP)
    for update in (
        group.updates.text("/start"),
        group.updates.text(STORY),
        group.updates.attachment("photo", "g-photo"),
        group.updates.callback("consent:yes", message_id=1),
    ):
        await group.feed(update)
    assert tg.recorder.calls == []
    assert await stored(tg.factory, GROUP) is None
    assert await count(tg.factory, ProcessedUpdate) == 0
    assert await count(tg.factory, OutboxMessage) == 0


# --- webhook mode in the real app ----------------------------------------------------------

SECRET = "s3cret-Token_for-tests"


def webhook_settings(db_url: str, api_url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "database_url": db_url,
        "telegram_token": TEST_TOKEN,
        "telegram_api_url": api_url,
        "webhook_url": "https://anxin.example.org",
        "webhook_secret": SECRET,
        "run_sweeper": False,
        "_env_file": None,
        **overrides,
    }
    return Settings(**values)


@pytest.fixture
async def webhook_app(
    world: None, db_url: str, engine: AsyncEngine, fake_api: FakeBotAPI
) -> AsyncIterator[httpx.AsyncClient]:
    """The real app in webhook mode with its lifespan running (outbox sender included)."""
    app = create_app(webhook_settings(db_url, fake_api.base_url), engine=engine)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://anxin.test") as client:
            yield client


def message_update(update_id: int, text: str, chat_id: int = CHAT) -> dict[str, Any]:
    maker = UpdateMaker(chat_id=chat_id, clock=datetime.now, bot_id=0, first_update_id=update_id)
    return maker.text(text)


async def test_webhook_is_registered_with_its_secret(
    webhook_app: httpx.AsyncClient, fake_api: FakeBotAPI
) -> None:
    assert fake_api.webhook_url == "https://anxin.example.org" + WEBHOOK_PATH
    assert fake_api.webhook_secret == SECRET
    assert [c["command"] for c in fake_api.commands] == ["start", "status", "reply", "help"]


@pytest.mark.parametrize(
    "headers",
    [{}, {SECRET_HEADER: "wrong"}, {SECRET_HEADER: SECRET + "x"}, {SECRET_HEADER: ""}],
    ids=["missing", "wrong", "longer", "empty"],
)
async def test_webhook_refuses_a_wrong_or_missing_secret(
    webhook_app: httpx.AsyncClient,
    session_factory: Factory,
    headers: dict[str, str],
) -> None:
    resp = await webhook_app.post(WEBHOOK_PATH, json=message_update(1, "你好"), headers=headers)
    assert resp.status_code == 403
    assert resp.headers["content-type"].startswith("application/json")
    assert await stored(session_factory) is None
    assert await count(session_factory, ProcessedUpdate) == 0


async def test_webhook_with_the_secret_answers_through_the_outbox(
    webhook_app: httpx.AsyncClient, session_factory: Factory, fake_api: FakeBotAPI
) -> None:
    update = message_update(1, "你好")
    resp = await webhook_app.post(WEBHOOK_PATH, json=update, headers={SECRET_HEADER: SECRET})
    assert resp.status_code == 200 and resp.json() == {"ok": True}
    texts = await fake_api.wait_for_messages(CHAT, 1, within=10)
    assert "严格保密" in "\n".join(texts)
    row = await stored(session_factory)
    assert row is not None and row.awaiting == "consent"

    # Telegram retries an update it thinks failed: handled once, answered once.
    resp = await webhook_app.post(WEBHOOK_PATH, json=update, headers={SECRET_HEADER: SECRET})
    assert resp.status_code == 200
    again = await stored(session_factory)
    assert again is not None and again.revision == row.revision
    await asyncio.sleep(0.3)
    assert fake_api.texts_to(CHAT) == texts


async def test_webhook_rejects_what_is_not_an_update(webhook_app: httpx.AsyncClient) -> None:
    for body in ({"message": "hi"}, ["not", "an", "object"]):
        resp = await webhook_app.post(WEBHOOK_PATH, json=body, headers={SECRET_HEADER: SECRET})
        assert resp.status_code == 400, resp.text


def test_webhook_url_without_secret_is_a_config_error(db_url: str, engine: AsyncEngine) -> None:
    settings = webhook_settings(db_url, "https://api.telegram.org", webhook_secret=None)
    with pytest.raises(BotConfigError, match="ANXIN_WEBHOOK_SECRET"):
        create_app(settings, engine=engine)


def test_no_token_means_no_webhook_route(db_url: str, engine: AsyncEngine) -> None:
    app = create_app(Settings(database_url=db_url, _env_file=None), engine=engine)  # type: ignore[call-arg]
    paths = {getattr(route, "path", "") for route in app.routes}
    assert WEBHOOK_PATH not in paths


async def test_nul_and_control_characters_in_telegram_messages_still_file(tg: Telegram) -> None:
    """The input boundary on Telegram: PostgreSQL refused any row with a NUL in it."""
    w = tg.worker
    await w.say(STORY.replace("，", "\x00，", 1) + "\x01\x7f")
    await w.press("同意")
    await w.press(EMPLOYER)
    await w.press("不清楚/没有")
    seen = await w.press("确认提交")
    assert "投诉已经提交成功" in seen.text, seen.text
    row = await stored(tg.factory)
    assert row is not None and "\\u0000" not in str(row.state) and "\x00" not in str(row.state)
