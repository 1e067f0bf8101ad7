"""The inspector's side of Telegram: linking with `/link CODE`, and the 受理 / 需补正 / 查看
buttons of the ticket card in the task force's group.

A worker files through the real Dispatcher, the card reaches the group through the outbox,
and inspectors press its buttons as Telegram would deliver the presses; the bot's session
records what it says. Every test runs on SQLite and, when configured, PostgreSQL.
"""

from __future__ import annotations

import itertools
import sys
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from aiogram import Bot
from bot_support import TEST_TOKEN
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlmodel import col, select
from telegram_worker import ChatSession, Sent, TelegramWorker, UpdateMaker, keyboard_of

from bot import handlers
from bot.dispatcher import create_dispatcher
from bot.staff import HOW_TO_LINK, LinkedIds
from intake.chats.conversations import ConversationService
from intake.staff import telegram_links
from intake.staff.accounts import create_user
from models import (
    AuditLog,
    DialogueSession,
    OutboxMessage,
    PendingQuestion,
    TaskForce,
    Ticket,
    TicketEvent,
    User,
)
from models.base import utcnow
from routing.runtime import RoutingRuntime

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "channels"))
from channel_world import seed_transcript_world

Factory = async_sessionmaker[AsyncSession]
WORKER = 6660001
GROUP = -1006660002
LI = 7770001  # an inspector of the task force the case goes to
WANG = 7770002  # an inspector of another task force
STRANGER = 7770003  # in the group, linked to nothing
PUBLIC_URL = "https://anxin.example.cn"
STORY = (
    "我叫孙大勇，电话13700002222。在柳河镇给宏运物流装卸货，从去年十一月干到今年二月，"
    "俺们三个人一共欠了三万"
)
EMPLOYER = "青川市宏运物流有限公司"


@dataclass
class Desk:
    """The bot, the worker's chat, the group and the inspectors' private chats."""

    bot: Bot
    recorder: ChatSession
    factory: Factory
    worker: TelegramWorker
    li: TelegramWorker
    wang: TelegramWorker
    stranger: TelegramWorker
    _update_ids: itertools.count[int]

    async def press(self, who: int, card: Sent, label: str) -> list[dict[str, Any]]:
        """`who` presses the card's button in the group: what answerCallbackQuery said."""
        value = next(v for shown, v in card.buttons if shown == label)
        n = next(self._update_ids)
        raw = {
            "update_id": n,
            "callback_query": {
                "id": f"cq-{who}-{n}",
                "from": {"id": who, "is_bot": False, "first_name": "检查员"},
                "chat_instance": f"ci-{GROUP}",
                "message": {
                    "message_id": card.message_id,
                    "date": int(utcnow().timestamp()),
                    "chat": {"id": GROUP, "type": "supergroup", "title": "专班群"},
                    "from": {"id": self.bot.id, "is_bot": True, "first_name": "安薪"},
                    "text": card.text,
                    "reply_markup": {
                        "inline_keyboard": [
                            [{"text": t, "callback_data": v} for t, v in card.buttons]
                        ]
                    },
                },
                "data": value,
            },
        }
        start = len(self.recorder.calls)
        await self.worker.feed(raw)
        return [
            c.params
            for c in self.recorder.calls[start:]
            if c.method == "answerCallbackQuery"
            and c.params["callback_query_id"] == f"cq-{who}-{n}"
        ]

    def card(self) -> Sent:
        """The latest ticket card (or its edited form) in the group."""
        for index in range(len(self.recorder.calls) - 1, -1, -1):
            call = self.recorder.calls[index]
            if call.params.get("chat_id") != GROUP:
                continue
            if call.method in ("sendMessage", "editMessageText"):
                result = self.recorder.results[index]
                return Sent(result.message_id, str(call.params["text"]), keyboard_of(call))
        raise AssertionError("no card was sent to the group")


@pytest.fixture
async def desk(session_factory: Factory) -> Desk:
    async with session_factory() as session:
        await seed_transcript_world(session)
        for tf in await session.scalars(select(TaskForce)):
            tf.telegram_chat_id = GROUP  # every card lands in the one test group
            session.add(tf)
        await session.commit()
    conversations = ConversationService(session_factory, RoutingRuntime(session_factory))
    recorder = ChatSession()
    bot = Bot(token=TEST_TOKEN, session=recorder)
    dp = create_dispatcher(
        conversations=conversations, session_factory=session_factory, public_url=PUBLIC_URL
    )

    offsets = itertools.count(10000, 10000)

    def chat(chat_id: int) -> TelegramWorker:
        person = TelegramWorker(
            dp=dp, bot=bot, session=recorder, factory=session_factory, chat_id=chat_id, clock=utcnow
        )
        # update ids are the bot's, not the chat's: each chat takes its own range
        person.updates = UpdateMaker(
            chat_id=chat_id, clock=utcnow, bot_id=bot.id, first_update_id=next(offsets)
        )
        return person

    return Desk(
        bot,
        recorder,
        session_factory,
        chat(WORKER),
        chat(LI),
        chat(WANG),
        chat(STRANGER),
        itertools.count(90000),
    )


async def file_complaint(desk: Desk) -> Ticket:
    w = desk.worker
    await w.say(STORY)
    await w.press("同意")
    await w.press(EMPLOYER)
    await w.press("不清楚/没有")
    seen = await w.press("确认提交")
    assert "投诉已经提交成功" in seen.text, seen.text
    async with desk.factory() as session:
        ticket = await session.scalar(select(Ticket))
    assert ticket is not None
    return ticket


async def make_inspector(desk: Desk, username: str, task_force: str) -> int:
    async with desk.factory() as session:
        user = await create_user(
            session,
            username=username,
            password="correct-horse-9",
            role="inspector",
            display_name={"li": "李检查", "wang": "王检查"}.get(username, username),
            task_force_codes=[task_force],
        )
        await session.commit()
        assert user.id is not None
        return user.id


async def code_for(desk: Desk, user_id: int, *, minutes_ago: int = 0) -> str:
    async with desk.factory() as session:
        issued = await telegram_links.issue_code(
            session, user_id=user_id, now=utcnow() - timedelta(minutes=minutes_ago)
        )
        await session.commit()
    return issued.code


async def link(desk: Desk, chat: TelegramWorker, user_id: int) -> None:
    seen = await chat.say(f"/link {await code_for(desk, user_id)}")
    assert "绑定成功" in seen.text, seen.text


async def rows(factory: Factory, model: Any, *where: Any) -> list[Any]:
    async with factory() as session:
        return list(await session.scalars(select(model).where(*where)))


async def ticket_now(factory: Factory, ticket_id: int | None) -> Ticket:
    async with factory() as session:
        ticket = await session.get(Ticket, ticket_id)
        assert ticket is not None
        return ticket


@pytest.fixture
async def case(desk: Desk) -> tuple[Ticket, int, int]:
    """A filed complaint, its card in the group; 李 (its task force) and 王 (another)
    linked. Returns the ticket and the two inspectors' user ids."""
    ticket = await file_complaint(desk)
    other = "TF7_SME" if ticket.task_force_code != "TF7_SME" else "TF1_CONSTRUCTION"
    li = await make_inspector(desk, "li", ticket.task_force_code)
    wang = await make_inspector(desk, "wang", other)
    await link(desk, desk.li, li)
    await link(desk, desk.wang, wang)
    return ticket, li, wang


# --- 受理 ----------------------------------------------------------------------------------


async def test_a_linked_inspector_accepts_with_one_press(
    desk: Desk, case: tuple[Ticket, int, int]
) -> None:
    ticket, li, _ = case
    card = desk.card()
    assert ticket.number in card.text
    assert [label for label, _ in card.buttons] == ["受理", "需补正", "查看"]

    answers = await desk.press(LI, card, "受理")
    assert len(answers) == 1 and f"已受理工单 {ticket.number}" in answers[0]["text"]
    assert (await ticket_now(desk.factory, ticket.id)).status == "accepted"
    events = await rows(desk.factory, TicketEvent, col(TicketEvent.ticket_id) == ticket.id)
    accept = [e for e in events if e.kind == "accept"]
    assert len(accept) == 1 and (accept[0].actor, accept[0].actor_user_id) == ("li", li)
    audit = await rows(desk.factory, AuditLog, col(AuditLog.action) == "ticket.accept")
    assert [(a.actor_user_id, a.object_id) for a in audit] == [(li, str(ticket.id))]

    # everyone in the group sees who took it; 受理 is gone from the card
    edited = desk.card()
    assert edited.message_id == card.message_id
    assert "李检查 已受理" in edited.text and ticket.number in edited.text
    assert [label for label, _ in edited.buttons] == ["需补正", "查看"]

    # a second press on the old card: a clear answer, nothing changes
    again = await desk.press(LI, card, "受理")
    assert "工单状态为「已受理」，不能执行「受理」" in again[0]["text"]
    events_after = await rows(desk.factory, TicketEvent, col(TicketEvent.ticket_id) == ticket.id)
    assert len(events_after) == len(events)


async def test_an_inspector_of_another_unit_cannot_accept(
    desk: Desk, case: tuple[Ticket, int, int]
) -> None:
    ticket, _, _ = case
    answers = await desk.press(WANG, desk.card(), "受理")
    assert "不在您负责的专班、属地范围内" in answers[0]["text"] and answers[0]["show_alert"]
    assert (await ticket_now(desk.factory, ticket.id)).status == "new"
    answers = await desk.press(WANG, desk.card(), "查看")
    assert "不在您负责的专班、属地范围内" in answers[0]["text"]
    assert not [t for t in desk.recorder.sent_texts(WANG) if ticket.number in t]


async def test_an_unlinked_press_is_told_how_to_link_and_changes_nothing(
    desk: Desk, case: tuple[Ticket, int, int]
) -> None:
    ticket, _, _ = case
    card = desk.card()
    outbox_before = len(await rows(desk.factory, OutboxMessage))
    for label in ("受理", "需补正", "查看"):
        answers = await desk.press(STRANGER, card, label)
        assert answers == [
            {
                "callback_query_id": answers[0]["callback_query_id"],
                "text": HOW_TO_LINK,
                "show_alert": True,
            }
        ]
    assert "/link" in HOW_TO_LINK and len(HOW_TO_LINK) <= 200
    assert (await ticket_now(desk.factory, ticket.id)).status == "new"
    assert [e.kind for e in await rows(desk.factory, TicketEvent)] == ["opened"]
    assert len(await rows(desk.factory, OutboxMessage)) == outbox_before
    assert await rows(desk.factory, PendingQuestion) == []
    assert desk.recorder.calls_to("editMessageText") == []


# --- 需补正 ---------------------------------------------------------------------------------


async def test_request_info_asks_in_private_and_the_worker_gets_the_question(
    desk: Desk, case: tuple[Ticket, int, int]
) -> None:
    ticket, li, _ = case
    await desk.press(LI, desk.card(), "受理")
    answers = await desk.press(LI, desk.card(), "需补正")
    assert "私聊" in answers[0]["text"]
    prompt = desk.recorder.sent_texts(LI)[-1]
    assert f"工单 {ticket.number}" in prompt and "/cancel" in prompt

    seen = await desk.li.say("请提供工地的具体名称和包工头的电话")
    assert f"已把补正问题发给投诉人（工单 {ticket.number}）" in seen.text
    after = await ticket_now(desk.factory, ticket.id)
    assert after.status == "needs_info"
    asked = [
        e
        for e in await rows(desk.factory, TicketEvent, col(TicketEvent.ticket_id) == ticket.id)
        if e.kind == "request_info"
    ]
    assert [(e.actor_user_id, e.body["question"]) for e in asked] == [
        (li, "请提供工地的具体名称和包工头的电话")
    ]
    # the worker's chat got it (through the outbox, as every message to the worker)
    assert any("请提供工地的具体名称和包工头的电话" in t for t in desk.recorder.sent_texts(WORKER))
    assert await rows(desk.factory, PendingQuestion) == []
    # the group sees the question went out; only 查看 is left on the card
    card = desk.card()
    assert "李检查 已要求补正" in card.text and "李检查 已受理" not in card.text
    assert ticket.number in card.text and [label for label, _ in card.buttons] == ["查看"]

    # 查看 now shows the question among the latest steps
    await desk.press(LI, desk.card(), "查看")
    summary = desk.recorder.sent_texts(LI)[-1]
    assert "待补正" in summary and "最近办理：" in summary
    assert "要求补正（li）：补正问题：请提供工地的具体名称和包工头的电话" in summary

    # the next private message is not another question
    seen = await desk.li.say("谢谢")
    assert "您已绑定安薪账号「李检查」" in seen.text
    assert len([e for e in await rows(desk.factory, TicketEvent) if e.kind == "request_info"]) == 1


async def test_request_info_can_be_cancelled_and_is_refused_when_not_allowed(
    desk: Desk, case: tuple[Ticket, int, int]
) -> None:
    ticket, _, _ = case
    card = desk.card()
    await desk.press(LI, card, "需补正")
    assert "已取消" in (await desk.li.say("/cancel")).text
    assert (await ticket_now(desk.factory, ticket.id)).status == "new"

    await desk.press(LI, desk.card(), "需补正")
    await desk.li.say("请补充欠薪的起止时间")
    assert (await ticket_now(desk.factory, ticket.id)).status == "needs_info"
    # asked already: the card shows only 查看; the old 需补正 explains why not
    assert [label for label, _ in desk.card().buttons] == ["查看"]
    answers = await desk.press(LI, card, "需补正")
    assert "工单状态为「待补正」，不能执行「要求补正」" in answers[0]["text"]
    assert await rows(desk.factory, PendingQuestion) == []


async def test_a_note_is_written_from_the_private_chat(
    desk: Desk, case: tuple[Ticket, int, int]
) -> None:
    ticket, li, _ = case
    usage = await desk.li.say("/note")
    assert "用法：/note 工单号 备注内容" in usage.text
    done = await desk.li.say(f"/note {ticket.number} 已电话联系老板，答应周五前结清")
    assert f"已给工单 {ticket.number} 记下备注" in done.text
    notes = [
        e
        for e in await rows(desk.factory, TicketEvent, col(TicketEvent.ticket_id) == ticket.id)
        if e.kind == "add_note"
    ]
    assert [(e.actor_user_id, e.body["remark"]) for e in notes] == [
        (li, "已电话联系老板，答应周五前结清")
    ]
    after = await ticket_now(desk.factory, ticket.id)
    assert after.status == "new" and after.version == ticket.version + 1
    assert any(
        a.action == "ticket.add_note" for a in await rows(desk.factory, AuditLog)
    )  # as the web form's note is audited

    # another unit's inspector is told nothing about the ticket; nothing is written
    refused = await desk.wang.say(f"/note {ticket.number} 看看")
    assert "备注没有记下" in refused.text and "不存在或无权查看" in refused.text
    too_long = await desk.li.say(f"/note {ticket.number} " + "长" * 501)
    assert "备注没有记下" in too_long.text and "备注" in too_long.text
    kinds = [e.kind for e in await rows(desk.factory, TicketEvent)]
    assert kinds.count("add_note") == 1


async def test_a_linked_inspectors_private_messages_are_never_a_complaint(
    desk: Desk, case: tuple[Ticket, int, int]
) -> None:
    seen = await desk.li.say(STORY)
    assert "您已绑定安薪账号「李检查」" in seen.text
    sessions = await rows(
        desk.factory, DialogueSession, col(DialogueSession.external_id) == str(LI)
    )
    assert sessions == []


# --- 查看 -----------------------------------------------------------------------------------


async def test_view_sends_a_masked_summary_with_the_link(
    desk: Desk, case: tuple[Ticket, int, int]
) -> None:
    ticket, _, _ = case
    answers = await desk.press(LI, desk.card(), "查看")
    assert f"工单 {ticket.number}（待受理）的摘要已私信发给您" in answers[0]["text"]
    summary = desk.recorder.sent_texts(LI)[-1]
    assert ticket.number in summary and "待受理" in summary
    assert f"{PUBLIC_URL}/inspect/tickets/{ticket.id}" in summary
    assert "137****2222" in summary and "13700002222" not in summary
    assert "孙**" in summary and "孙大勇" not in summary
    assert (await ticket_now(desk.factory, ticket.id)).status == "new"


# --- /link ----------------------------------------------------------------------------------


async def test_link_codes_valid_expired_reused_wrong(desk: Desk) -> None:
    li = await make_inspector(desk, "li", "TF1_CONSTRUCTION")
    wang = await make_inspector(desk, "wang", "TF7_SME")

    assert "请在 /link 后面加上" in (await desk.li.say("/link")).text
    assert "绑定码不正确" in (await desk.li.say("/link ABCD-EFGH")).text
    expired = await code_for(desk, li, minutes_ago=16)
    assert "绑定码已过期" in (await desk.li.say(f"/link {expired}")).text

    code = await code_for(desk, li)
    typed = code.lower().replace("-", " ")  # as people type it
    seen = await desk.li.say(f"/link {typed}")
    assert "绑定成功" in seen.text and "李检查" in seen.text
    assert [u.telegram_user_id for u in await rows(desk.factory, User, col(User.id) == li)] == [LI]
    assert "已经用过了" in (await desk.stranger.say(f"/link {code}")).text

    # one Telegram account stands for one staff account
    seen = await desk.li.say(f"/link {await code_for(desk, wang)}")
    assert "已绑定安薪账号「李检查」" in seen.text
    assert [u.telegram_user_id for u in await rows(desk.factory, User, col(User.id) == wang)] == [
        None
    ]
    # a newer code retires the older one
    older = await code_for(desk, wang)
    newer = await code_for(desk, wang)
    assert "已过期" in (await desk.wang.say(f"/link {older}")).text
    assert "绑定成功" in (await desk.wang.say(f"/link {newer}")).text

    assert "已解除绑定" in (await desk.li.say("/unlink")).text
    assert [u.telegram_user_id for u in await rows(desk.factory, User, col(User.id) == li)] == [
        None
    ]
    audit = await rows(desk.factory, AuditLog, col(AuditLog.object_type) == "user")
    assert sorted(a.action for a in audit) == [
        "user.telegram_link",
        "user.telegram_link",
        "user.telegram_unlink",
    ]


async def test_a_redelivered_link_update_links_once_and_answers_once(desk: Desk) -> None:
    li = await make_inspector(desk, "li", "TF1_CONSTRUCTION")
    update = desk.li.updates.text(f"/link {await code_for(desk, li)}")
    first = await desk.li.feed(update)
    again = await desk.li.feed(update)
    assert "绑定成功" in first.text and again.messages == []


async def test_a_database_hiccup_while_asking_who_writes_drops_no_worker_message(
    desk: Desk, engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every private message is first checked for a linked staff account: a lost connection
    there is retried like the worker's own turn, and the worker is answered."""
    monkeypatch.setattr(handlers, "DB_RETRY_DELAYS_S", (0.01, 0.01))
    failures = {"left": 2}

    def fail_twice(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if "telegram_user_id" in statement and "FROM" in statement.upper() and failures["left"]:
            failures["left"] -= 1
            raise ConnectionResetError("database connection lost (injected)")

    event.listen(engine.sync_engine, "before_cursor_execute", fail_twice)
    try:
        seen = await desk.worker.say("你好")
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", fail_twice)
    assert failures["left"] == 0
    assert "严格保密" in seen.text


async def test_a_code_posted_in_a_group_is_made_useless(desk: Desk) -> None:
    li = await make_inspector(desk, "li", "TF1_CONSTRUCTION")
    code = await code_for(desk, li)
    group = TelegramWorker(
        dp=desk.worker.dp,
        bot=desk.bot,
        session=desk.recorder,
        factory=desk.factory,
        chat_id=GROUP,
        clock=utcnow,
    )
    group.updates = UpdateMaker(
        chat_id=GROUP, clock=utcnow, bot_id=desk.bot.id, first_update_id=70000
    )
    seen = await group.say(f"/link {code}")
    assert "这个绑定码已作废" in seen.text
    # whoever read it in the group cannot use it, nor can the inspector
    assert "已过期" in (await desk.stranger.say(f"/link {code}")).text
    assert "已过期" in (await desk.li.say(f"/link {code}")).text
    assert [u.telegram_user_id for u in await rows(desk.factory, User)] == [None]
    # other /link texts in a group are left alone
    assert (await group.say("/link 随便说说")).messages == []


async def test_a_link_made_elsewhere_is_seen_within_the_check_interval(
    session_factory: Factory,
) -> None:
    """Workers' messages are told apart from staff's without a query each; a link made by
    another replica (or undone on the web page) counts after at most `max_age_s`."""
    now = [100.0]
    ids = LinkedIds(session_factory, 2.0, clock=lambda: now[0])
    async with session_factory() as session:
        session.add(User(username="li", password_hash="x", role="inspector"))
        await session.commit()
    assert not await ids.contains(LI)
    async with session_factory() as session:
        user = await session.scalar(select(User))
        assert user is not None
        user.telegram_user_id = LI
        await session.commit()
    now[0] += 1.9
    assert not await ids.contains(LI)  # as read 1.9 s ago
    now[0] += 0.1
    assert await ids.contains(LI)
    async with session_factory() as session:
        user = await session.scalar(select(User))
        assert user is not None
        user.disabled = True
        await session.commit()
    ids.forget()
    assert not await ids.contains(LI)
