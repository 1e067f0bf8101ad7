"""The outbox loses nothing: every Telegram failure mode, on SQLite and on PostgreSQL.

Each test enqueues real rows, delivers them through a real aiogram Bot over HTTP to the
fake Bot API, and checks both what Telegram received and what the rows say.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from aiogram import Bot
from bot_support import settings_for
from fake_bot_api import Failure, FakeBotAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col

from bot import sender
from bot.client import make_bot
from bot.keyboard_fallback import FALLBACK_HEADER, Button, parse_choice
from bot.sender import RetryPolicy, deliver_due, run_outbox_worker
from intake import messaging
from intake.messaging import enqueue
from models import AuditLog, Complaint, OutboxMessage, TaskForce, Ticket, TicketEvent

Factory = async_sessionmaker[AsyncSession]
T0 = datetime(2025, 1, 20, 2, 0, tzinfo=UTC)
WORKER = 7001  # private chats have positive ids
GROUP = -1001234567  # task-force supergroup
QUICK = RetryPolicy(base_delay=2.0, max_delay=60.0, max_attempts=4)


def _aware(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


async def _add(factory: Factory, **kwargs: Any) -> int:
    async with factory() as session:
        row = await enqueue(session, **kwargs)
        await session.commit()
        assert row.id is not None
        return row.id


async def _row(factory: Factory, row_id: int) -> OutboxMessage:
    async with factory() as session:
        row = await session.get(OutboxMessage, row_id)
        assert row is not None
        return row


async def _rows(factory: Factory) -> list[OutboxMessage]:
    async with factory() as session:
        query = select(OutboxMessage).order_by(col(OutboxMessage.id))
        return list((await session.execute(query)).scalars())


async def _ticket(factory: Factory, number: str = "AX-2025-0001") -> int:
    async with factory() as session:
        complaint = Complaint(
            idempotency_key=f"k-{number}",
            channel="telegram",
            external_id=str(WORKER),
            complainant_name="王五",
            phone="13800000000",
        )
        session.add(complaint)
        await session.flush()
        assert complaint.id is not None
        ticket = Ticket(number=number, complaint_id=complaint.id, task_force_code="HOUSING")
        session.add(ticket)
        await session.commit()
        assert ticket.id is not None
        return ticket.id


async def _get_ticket(factory: Factory, ticket_id: int) -> Ticket:
    async with factory() as session:
        ticket = await session.get(Ticket, ticket_id)
        assert ticket is not None
        return ticket


@pytest.fixture
async def slow_bot(fake_api: FakeBotAPI) -> AsyncIterator[Bot]:
    """A bot that gives up on a request after 0.3 s, for timeout tests."""
    bot = make_bot(settings_for(fake_api.base_url), timeout=0.3)
    try:
        yield bot
    finally:
        await bot.session.close()


# --- the plain path --------------------------------------------------------------------------


async def test_message_is_sent_and_kept_for_the_audit(
    session_factory: Factory, fake_api: FakeBotAPI, fake_bot: Bot
) -> None:
    row_id = await _add(session_factory, chat_id=WORKER, text="您的投诉已受理，编号 AX-1。")
    report = await deliver_due(session_factory, fake_bot, now=T0)
    assert (report.claimed, report.sent, report.parts) == (1, 1, 1)
    assert fake_api.texts_to(WORKER) == ["您的投诉已受理，编号 AX-1。"]
    row = await _row(session_factory, row_id)
    assert row.status == "sent" and _aware(row.sent_at) == T0
    assert row.payload["message_ids"] == [fake_api.messages_to(WORKER)[0]["message_id"]]
    assert row.locked_until is None and row.claim_token is None
    # Nothing left to do: a second round sends nothing again.
    assert (await deliver_due(session_factory, fake_bot, now=T0)).claimed == 0
    assert len(fake_api.calls_to("sendMessage")) == 1


async def test_nothing_is_sent_before_the_transaction_commits(
    session_factory: Factory, fake_api: FakeBotAPI, fake_bot: Bot
) -> None:
    async with session_factory() as session:
        await enqueue(session, chat_id=WORKER, text="回滚的消息")
        await session.rollback()
    assert (await deliver_due(session_factory, fake_bot, now=T0)).claimed == 0
    assert fake_api.calls_to("sendMessage") == []


async def test_dedupe_key_enqueues_once(session_factory: Factory, fake_bot: Bot) -> None:
    first = await _add(session_factory, chat_id=GROUP, text="新工单", dedupe_key="tf-notify:1")
    second = await _add(session_factory, chat_id=GROUP, text="新工单", dedupe_key="tf-notify:1")
    long_key = "x" * 300  # longer than the column: hashed, still deduplicated
    third = await _add(session_factory, chat_id=GROUP, text="另一条", dedupe_key=long_key)
    fourth = await _add(session_factory, chat_id=GROUP, text="另一条", dedupe_key=long_key)
    assert first == second and third == fourth and first != third
    assert len(await _rows(session_factory)) == 2


async def test_not_before_delays_a_message(
    session_factory: Factory, fake_api: FakeBotAPI, fake_bot: Bot
) -> None:
    await _add(
        session_factory,
        chat_id=WORKER,
        text="回访：钱拿到了吗？",
        not_before=T0 + timedelta(days=7),
    )
    assert (await deliver_due(session_factory, fake_bot, now=T0)).claimed == 0
    assert (await deliver_due(session_factory, fake_bot, now=T0 + timedelta(days=7))).sent == 1
    assert fake_api.texts_to(WORKER) == ["回访：钱拿到了吗？"]


async def test_a_scheduled_message_does_not_hold_up_later_ones(
    session_factory: Factory, fake_api: FakeBotAPI, fake_bot: Bot
) -> None:
    week = T0 + timedelta(days=7)
    await _add(session_factory, chat_id=WORKER, text="回访：钱拿到了吗？", not_before=week)
    await _add(session_factory, chat_id=WORKER, text="您的工单已受理。")
    assert (await deliver_due(session_factory, fake_bot, now=T0)).sent == 1
    assert (await deliver_due(session_factory, fake_bot, now=week)).sent == 1
    assert fake_api.texts_to(WORKER) == ["您的工单已受理。", "回访：钱拿到了吗？"]


# --- 429, 5xx, timeouts, network errors ------------------------------------------------------


async def test_rate_limit_waits_retry_after_and_loses_nothing(
    session_factory: Factory, fake_api: FakeBotAPI, fake_bot: Bot
) -> None:
    fake_api.rate_limit("sendMessage", retry_after=30)
    row_id = await _add(session_factory, chat_id=WORKER, text="请补充欠薪金额。")
    report = await deliver_due(session_factory, fake_bot, now=T0)
    assert (report.rate_limited, report.sent) == (1, 0)
    row = await _row(session_factory, row_id)
    assert row.status == "pending" and row.attempts == 0  # flood control is no failure
    retry_at = _aware(row.next_attempt_at)
    assert retry_at is not None
    assert T0 + timedelta(seconds=30) <= retry_at <= T0 + timedelta(seconds=33)

    early = await deliver_due(session_factory, fake_bot, now=T0 + timedelta(seconds=29))
    assert early.claimed == 0
    late = await deliver_due(session_factory, fake_bot, now=retry_at)
    assert late.sent == 1
    assert fake_api.texts_to(WORKER) == ["请补充欠薪金额。"]
    assert [c.status for c in fake_api.calls_to("sendMessage")] == [429, 200]


async def test_server_errors_back_off_with_jitter_then_deliver(
    session_factory: Factory, fake_api: FakeBotAPI, fake_bot: Bot
) -> None:
    fake_api.server_error("sendMessage", times=2)
    fake_api.server_error("sendMessage", status=502)
    row_id = await _add(session_factory, chat_id=WORKER, text="工单已转交住建专班。")
    now = T0
    delays = []
    for failures in (1, 2, 3):
        report = await deliver_due(
            session_factory, fake_bot, now=now, policy=QUICK, rng=random.Random(failures)
        )
        assert report.retrying == 1
        row = await _row(session_factory, row_id)
        assert row.status == "pending" and row.attempts == failures
        assert "Server Error" in row.last_error or "Bad Gateway" in row.last_error
        next_at = _aware(row.next_attempt_at)
        assert next_at is not None
        delay = (next_at - now).total_seconds()
        ceiling = 2.0 * 2 ** (failures - 1)
        assert ceiling / 2 <= delay <= ceiling  # exponential, with jitter in the upper half
        delays.append(delay)
        assert (await deliver_due(session_factory, fake_bot, now=now, policy=QUICK)).claimed == 0
        now = next_at
    assert delays[0] < delays[2]
    assert (await deliver_due(session_factory, fake_bot, now=now, policy=QUICK)).sent == 1
    assert fake_api.texts_to(WORKER) == ["工单已转交住建专班。"]


async def test_jitter_spreads_retries() -> None:
    policy = RetryPolicy(base_delay=2.0, max_delay=900.0)
    rng = random.Random(3)
    samples = {round(policy.backoff(5, rng), 3) for _ in range(50)}
    assert len(samples) > 40 and min(samples) >= 16 and max(samples) <= 32
    assert policy.backoff(30, rng) <= 900


async def test_timeout_is_retried_and_delivered(
    session_factory: Factory, fake_api: FakeBotAPI, slow_bot: Bot
) -> None:
    fake_api.hang("sendMessage", seconds=5)
    row_id = await _add(session_factory, chat_id=WORKER, text="我们已联系用人单位。")
    report = await deliver_due(session_factory, slow_bot, now=T0, policy=QUICK)
    assert report.retrying == 1
    row = await _row(session_factory, row_id)
    assert row.status == "pending" and "timeout" in row.last_error.lower()
    report = await deliver_due(
        session_factory, slow_bot, now=T0 + timedelta(minutes=1), policy=QUICK
    )
    assert report.sent == 1
    assert fake_api.texts_to(WORKER) == ["我们已联系用人单位。"]


async def test_network_error_is_retried_and_delivered(
    session_factory: Factory, fake_api: FakeBotAPI, fake_bot: Bot
) -> None:
    async with FakeBotAPI() as gone:
        dead_url = gone.base_url  # nothing listens here once closed
    unreachable = make_bot(settings_for(dead_url), timeout=1.0)
    row_id = await _add(session_factory, chat_id=GROUP, text="新工单 AX-7：城关镇，欠薪 3 人。")
    try:
        report = await deliver_due(session_factory, unreachable, now=T0, policy=QUICK)
    finally:
        await unreachable.session.close()
    assert report.retrying == 1
    assert "TelegramNetworkError" in (await _row(session_factory, row_id)).last_error
    report = await deliver_due(
        session_factory, fake_bot, now=T0 + timedelta(minutes=1), policy=QUICK
    )
    assert report.sent == 1
    assert fake_api.texts_to(GROUP) == ["新工单 AX-7：城关镇，欠薪 3 人。"]


async def test_retries_used_up_make_the_row_dead_not_deleted(
    session_factory: Factory, fake_api: FakeBotAPI, fake_bot: Bot
) -> None:
    fake_api.server_error("sendMessage", times=QUICK.max_attempts)
    row_id = await _add(session_factory, chat_id=WORKER, text="请回复是否已拿到工资。")
    now = T0
    for _ in range(QUICK.max_attempts):
        await deliver_due(session_factory, fake_bot, now=now, policy=QUICK)
        now += timedelta(minutes=5)
    row = await _row(session_factory, row_id)
    assert row.status == "dead" and row.attempts == QUICK.max_attempts
    assert "Internal Server Error" in row.last_error
    assert (await deliver_due(session_factory, fake_bot, now=now, policy=QUICK)).claimed == 0

    # An admin requeues it once Telegram is back: it goes out.
    async with session_factory() as session:
        assert await messaging.retry_dead(session, ids=[row_id]) == 1
        await session.commit()
    assert (await deliver_due(session_factory, fake_bot, now=now, policy=QUICK)).sent == 1
    assert fake_api.texts_to(WORKER) == ["请回复是否已拿到工资。"]


# --- 403 and unreachable chats -----------------------------------------------------------------


async def test_blocked_worker_is_flagged_on_the_ticket(
    session_factory: Factory, fake_api: FakeBotAPI, fake_bot: Bot
) -> None:
    ticket_id = await _ticket(session_factory)
    fake_api.block(WORKER)
    row_id = await _add(session_factory, chat_id=WORKER, text="请补充材料。", ticket_id=ticket_id)
    report = await deliver_due(session_factory, fake_bot, now=T0)
    assert report.blocked == 1
    row = await _row(session_factory, row_id)
    assert row.status == "blocked" and "blocked by the user" in row.last_error
    flagged = await _get_ticket(session_factory, ticket_id)
    assert flagged.delivery_failed is True and flagged.version == 1
    async with session_factory() as session:
        query = select(col(TicketEvent.kind)).where(col(TicketEvent.ticket_id) == ticket_id)
        events = (await session.execute(query)).scalars().all()
        audit = (
            await session.scalars(select(AuditLog).where(AuditLog.object_id == str(ticket_id)))
        ).all()
    assert events == ["worker_unreachable"]
    assert [(a.action, a.detail["actor"]) for a in audit] == [
        ("ticket.worker_unreachable", "system")
    ]

    # The worker unblocks the bot; the next message reaches them and clears the flag.
    fake_api.unblock(WORKER)
    await _add(session_factory, chat_id=WORKER, text="您的工单已办结。", ticket_id=ticket_id)
    assert (await deliver_due(session_factory, fake_bot, now=T0 + timedelta(hours=1))).sent == 1
    cleared = await _get_ticket(session_factory, ticket_id)
    assert cleared.delivery_failed is False and cleared.version == 2
    # The blocked row is kept, not retried: inspectors phone instead.
    assert (await _row(session_factory, row_id)).status == "blocked"
    assert fake_api.texts_to(WORKER) == ["您的工单已办结。"]


async def test_scripted_403_also_blocks(
    session_factory: Factory, fake_api: FakeBotAPI, fake_bot: Bot
) -> None:
    ticket_id = await _ticket(session_factory)
    fake_api.forbid("sendMessage")
    await _add(session_factory, chat_id=WORKER, text="请补充材料。", ticket_id=ticket_id)
    assert (await deliver_due(session_factory, fake_bot, now=T0)).blocked == 1
    assert (await _get_ticket(session_factory, ticket_id)).delivery_failed is True


async def test_an_inspector_who_blocked_the_bot_does_not_flag_the_worker(
    session_factory: Factory, fake_api: FakeBotAPI, fake_bot: Bot
) -> None:
    """A private chat that is not the worker's (a linked inspector's) says nothing about
    reaching the worker."""
    ticket_id = await _ticket(session_factory)
    inspector = WORKER + 1
    fake_api.block(inspector)
    await _add(session_factory, chat_id=inspector, text="工单摘要", ticket_id=ticket_id)
    assert (await deliver_due(session_factory, fake_bot, now=T0)).blocked == 1
    ticket = await _get_ticket(session_factory, ticket_id)
    assert ticket.delivery_failed is False and ticket.version == 0


async def test_group_that_removed_the_bot_does_not_flag_the_worker(
    session_factory: Factory, fake_api: FakeBotAPI, fake_bot: Bot
) -> None:
    ticket_id = await _ticket(session_factory)
    fake_api.block(GROUP)
    row_id = await _add(session_factory, chat_id=GROUP, text="新工单", ticket_id=ticket_id)
    assert (await deliver_due(session_factory, fake_bot, now=T0)).blocked == 1
    assert (await _row(session_factory, row_id)).status == "blocked"
    assert (await _get_ticket(session_factory, ticket_id)).delivery_failed is False


async def test_group_upgraded_to_supergroup_is_followed(
    session_factory: Factory, fake_api: FakeBotAPI, fake_bot: Bot
) -> None:
    old_group, new_group = -4001, -1004001
    async with session_factory() as session:
        session.add(
            TaskForce(
                code="HOUSING", name="住建专班", lead_bureaus="住建局", telegram_chat_id=old_group
            )
        )
        await session.commit()
    fake_api.fail(
        "sendMessage",
        Failure(
            400,
            "Bad Request: group chat was upgraded to a supergroup chat",
            migrate_to_chat_id=new_group,
        ),
    )
    first = await _add(session_factory, chat_id=old_group, text="新工单 1")
    second = await _add(session_factory, chat_id=old_group, text="新工单 2")
    report = await deliver_due(session_factory, fake_bot, now=T0)
    assert report.migrated == 1
    for _ in range(3):
        await deliver_due(session_factory, fake_bot, now=T0)
    assert fake_api.texts_to(new_group) == ["新工单 1", "新工单 2"]
    assert {(await _row(session_factory, i)).chat_id for i in (first, second)} == {str(new_group)}
    async with session_factory() as session:
        tf = (await session.execute(select(TaskForce))).scalar_one()
    assert tf.telegram_chat_id == new_group


# --- keyboards and long texts -------------------------------------------------------------------


OPTIONS = [("城关镇", "tw:1"), ("开发区街道", "tw:2"), ("不清楚", "tw:none")]


async def test_rejected_keyboard_falls_back_to_numbered_text(
    session_factory: Factory, fake_api: FakeBotAPI, fake_bot: Bot
) -> None:
    fake_api.bad_request("sendMessage", "BUTTON_DATA_INVALID", with_markup_only=True)
    row_id = await _add(
        session_factory, chat_id=WORKER, text="您在哪个乡镇/街道干活？", buttons=OPTIONS
    )
    report = await deliver_due(session_factory, fake_bot, now=T0)
    assert (report.sent, report.fallbacks) == (1, 1)
    calls = fake_api.calls_to("sendMessage")
    assert [c.status for c in calls] == [400, 200]
    assert "reply_markup" in calls[0].params and "reply_markup" not in calls[1].params
    [text] = fake_api.texts_to(WORKER)
    assert text.startswith("您在哪个乡镇/街道干活？")
    assert f"{FALLBACK_HEADER}\n1. 城关镇\n2. 开发区街道\n3. 不清楚" in text
    row = await _row(session_factory, row_id)
    assert row.status == "sent" and row.payload["fallback"] is True
    # What the adapter does with the worker's typed answer:
    offered = [Button(**b) for b in row.payload["buttons"]]
    assert parse_choice("2", offered) == "tw:2"


async def test_keyboard_telegram_would_refuse_is_sent_as_text_at_once(
    session_factory: Factory, fake_api: FakeBotAPI, fake_bot: Bot
) -> None:
    employers = [(f"某某建筑工程有限公司第{i}项目部", f"employer:{'长' * 30}{i}") for i in range(2)]
    await _add(session_factory, chat_id=WORKER, text="是哪一家？", buttons=employers)
    assert (await deliver_due(session_factory, fake_bot, now=T0)).sent == 1
    [call] = fake_api.calls_to("sendMessage")
    assert call.status == 200 and "reply_markup" not in call.params
    assert "1. 某某建筑工程有限公司第0项目部" in call.params["text"]


async def test_keyboard_is_sent_when_telegram_takes_it(
    session_factory: Factory, fake_api: FakeBotAPI, fake_bot: Bot
) -> None:
    await _add(session_factory, chat_id=WORKER, text="您在哪个乡镇/街道干活？", buttons=OPTIONS)
    assert (await deliver_due(session_factory, fake_bot, now=T0)).sent == 1
    [message] = fake_api.messages_to(WORKER)
    keyboard = message["reply_markup"]["inline_keyboard"]
    assert [b["callback_data"] for row in keyboard for b in row] == ["tw:1", "tw:2", "tw:none"]
    assert FALLBACK_HEADER not in message["text"]


def _long_story() -> str:
    """Eight paragraphs of about 1,300 characters: three messages, cut between paragraphs."""
    sentence = "老板一直拖欠我们的工资，说等项目款下来再给。"
    return "\n\n".join(f"第{i}段：" + sentence * 60 for i in range(1, 9))


async def test_long_text_is_split_with_the_keyboard_on_the_last_part(
    session_factory: Factory, fake_api: FakeBotAPI, fake_bot: Bot
) -> None:
    text = _long_story()
    assert len(text) > 4096
    row_id = await _add(
        session_factory, chat_id=WORKER, text=text, buttons=[("确认", "ok"), ("修改", "edit")]
    )
    report = await deliver_due(session_factory, fake_bot, now=T0)
    messages = fake_api.messages_to(WORKER)
    assert report.sent == 1 and report.parts == len(messages) == 3
    assert all(len(m["text"]) <= 4096 for m in messages)
    assert "\n\n".join(m["text"] for m in messages) == text  # cut at paragraph breaks only
    assert [("reply_markup" in m) for m in messages] == [False] * (len(messages) - 1) + [True]
    row = await _row(session_factory, row_id)
    assert row.payload["parts_sent"] == len(messages) == len(row.payload["message_ids"])


async def test_failure_mid_way_resumes_without_repeating_parts(
    session_factory: Factory, fake_api: FakeBotAPI, fake_bot: Bot
) -> None:
    text = _long_story()
    fake_api.fail(
        "sendMessage",
        Failure(500, "Internal Server Error", when=lambda p: p["text"].startswith("第4段")),
    )
    await _add(session_factory, chat_id=WORKER, text=text)
    first = await deliver_due(session_factory, fake_bot, now=T0, policy=QUICK)
    assert (first.retrying, first.parts) == (1, 1)  # part 1 went out, part 2 failed
    sent_before = fake_api.texts_to(WORKER)
    second = await deliver_due(
        session_factory, fake_bot, now=T0 + timedelta(minutes=1), policy=QUICK
    )
    assert second.sent == 1
    texts = fake_api.texts_to(WORKER)
    assert texts[: len(sent_before)] == sent_before
    assert "\n\n".join(texts) == text  # every part exactly once, in order


# --- order, concurrency, leases ------------------------------------------------------------------


async def test_messages_to_one_chat_keep_their_order(
    session_factory: Factory, fake_api: FakeBotAPI, fake_bot: Bot
) -> None:
    fake_api.rate_limit("sendMessage", retry_after=10)
    await _add(session_factory, chat_id=WORKER, text="A 已收到您的投诉。")
    await _add(session_factory, chat_id=WORKER, text="B 请问您叫什么名字？")
    await _add(session_factory, chat_id=GROUP, text="C 新工单")
    report = await deliver_due(session_factory, fake_bot, now=T0)
    # A is rate limited; B must not overtake it; the group is not held up.
    assert (report.claimed, report.rate_limited, report.sent) == (2, 1, 1)
    assert fake_api.texts_to(GROUP) == ["C 新工单"]
    assert fake_api.texts_to(WORKER) == []
    assert (
        await deliver_due(session_factory, fake_bot, now=T0 + timedelta(seconds=5))
    ).claimed == 0
    later = T0 + timedelta(seconds=12)
    assert (await deliver_due(session_factory, fake_bot, now=later)).sent == 1
    assert (await deliver_due(session_factory, fake_bot, now=later)).sent == 1
    assert fake_api.texts_to(WORKER) == ["A 已收到您的投诉。", "B 请问您叫什么名字？"]


async def test_concurrent_senders_send_each_message_once(
    session_factory: Factory, fake_api: FakeBotAPI, fake_bot: Bot
) -> None:
    expected: dict[int, list[str]] = {}
    for chat in range(1, 9):
        for n in range(4):
            text = f"给{chat}的第{n}条"
            expected.setdefault(chat, []).append(text)
            await _add(session_factory, chat_id=chat, text=text)
    fake_api.server_error("sendMessage", times=3)  # a few failures mixed in
    now = T0
    for _ in range(40):
        reports = await asyncio.gather(
            *(
                deliver_due(session_factory, fake_bot, now=now, batch=5, policy=QUICK)
                for _ in range(3)
            )
        )
        assert all(r.claimed <= 5 for r in reports)  # the batch size holds
        if all(r.claimed == 0 for r in reports) and all(
            row.status == "sent" for row in await _rows(session_factory)
        ):
            break
        now += timedelta(seconds=10)
    for chat, texts in expected.items():
        assert fake_api.texts_to(chat) == texts  # each once, in order
    assert all(row.status == "sent" for row in await _rows(session_factory))


async def test_concurrent_claims_are_disjoint(session_factory: Factory) -> None:
    ids = [await _add(session_factory, chat_id=chat, text="x") for chat in range(1, 21)]
    lease = timedelta(minutes=5)
    claims = await asyncio.gather(
        *(sender._claim(session_factory, now=T0, batch=6, lease=lease) for _ in range(4))
    )
    claimed = [item.id for claim in claims for item in claim]
    assert all(len(claim) <= 6 for claim in claims)
    assert len(claimed) == len(set(claimed))  # no row claimed twice
    assert set(claimed) <= set(ids) and len(claimed) == 20


async def test_a_crashed_senders_rows_come_back_after_the_lease(
    session_factory: Factory, fake_api: FakeBotAPI, fake_bot: Bot
) -> None:
    row_id = await _add(session_factory, chat_id=WORKER, text="您好")
    later = await _add(session_factory, chat_id=WORKER, text="第二条")
    claimed = await sender._claim(session_factory, now=T0, batch=10, lease=sender.LEASE)
    assert [c.id for c in claimed] == [row_id]  # then "crash"
    # the chat's next message waits for the lease, which is seconds, not minutes
    assert timedelta(seconds=30) >= sender.LEASE
    almost = T0 + sender.LEASE - timedelta(seconds=1)
    assert (await deliver_due(session_factory, fake_bot, now=almost)).claimed == 0
    after = await deliver_due(session_factory, fake_bot, now=T0 + sender.LEASE)
    assert after.sent == 1
    assert (await deliver_due(session_factory, fake_bot, now=T0 + sender.LEASE)).sent == 1
    # the crashed sender may have sent it: the copy says it may be a repeat
    assert fake_api.texts_to(WORKER) == ["【重发】您好", "第二条"]
    assert (await _row(session_factory, row_id)).redelivery
    assert not (await _row(session_factory, later)).redelivery


async def test_a_sender_whose_lease_ran_out_does_not_overwrite(
    session_factory: Factory, fake_api: FakeBotAPI, fake_bot: Bot
) -> None:
    """Delivery is at least once: both senders reach Telegram, one result is recorded."""
    fake_api.hang("sendMessage", seconds=1.2, process=True)
    row_id = await _add(session_factory, chat_id=WORKER, text="您好")
    slow = asyncio.create_task(deliver_due(session_factory, fake_bot, now=T0))
    await fake_api.wait_for(lambda: len(fake_api.calls_to("sendMessage")) == 1)
    fast = await deliver_due(session_factory, fake_bot, now=T0 + timedelta(minutes=6))
    late = await slow
    assert (fast.sent, late.lease_lost, late.sent) == (1, 1, 0)
    row = await _row(session_factory, row_id)
    assert row.status == "sent" and _aware(row.sent_at) == T0 + timedelta(minutes=6)
    # the copy sent by the sender that took over says it may be a repeat
    assert sorted(fake_api.texts_to(WORKER)) == sorted(["您好", "【重发】您好"])
    assert row.redelivery


async def test_wrong_token_releases_rows_untouched(
    session_factory: Factory, fake_api: FakeBotAPI
) -> None:
    wrong = make_bot(settings_for(fake_api.base_url, token="42:not-the-token-of-this-bot"))
    ids = [await _add(session_factory, chat_id=chat, text="x") for chat in (1, 2, 3)]
    try:
        report = await deliver_due(session_factory, wrong, now=T0)
    finally:
        await wrong.session.close()
    assert report.config_error and "Unauthorized" in report.config_error
    assert report.released == 3 and report.retrying == 0
    assert len(fake_api.calls_to("sendMessage")) == 1  # stopped after the first refusal
    for row_id in ids:
        row = await _row(session_factory, row_id)
        assert (row.status, row.attempts, row.claim_token) == ("pending", 0, None)


async def test_empty_message_is_dead_with_a_reason(
    session_factory: Factory, fake_api: FakeBotAPI, fake_bot: Bot
) -> None:
    row_id = await _add(session_factory, chat_id=WORKER, text="  \n ")
    assert (await deliver_due(session_factory, fake_bot, now=T0)).dead == 1
    row = await _row(session_factory, row_id)
    assert row.status == "dead" and "empty" in row.last_error
    assert fake_api.calls_to("sendMessage") == []


async def test_purge_sent_removes_only_old_sent_rows(
    session_factory: Factory, fake_api: FakeBotAPI, fake_bot: Bot
) -> None:
    fake_api.block(WORKER)
    await _add(session_factory, chat_id=WORKER, text="blocked")
    await _add(session_factory, chat_id=GROUP, text="sent")
    await deliver_due(session_factory, fake_bot, now=T0)
    async with session_factory() as session:
        assert await messaging.purge_sent(session, older_than=T0) == 0
        assert await messaging.purge_sent(session, older_than=T0 + timedelta(days=1)) == 1
        await session.commit()
    assert [row.status for row in await _rows(session_factory)] == ["blocked"]


# --- the worker loop --------------------------------------------------------------------------


async def test_worker_loop_delivers_on_wake_and_stops(
    session_factory: Factory, fake_api: FakeBotAPI, fake_bot: Bot
) -> None:
    stop, wake = asyncio.Event(), asyncio.Event()
    worker = asyncio.create_task(
        run_outbox_worker(session_factory, fake_bot, stop, poll_interval=30, wake=wake)
    )
    try:
        await asyncio.sleep(0.1)  # first round finds nothing; the loop now waits 30 s
        for text in ("第一条", "第二条", "第三条"):
            await _add(session_factory, chat_id=WORKER, text=text)
        wake.set()
        texts = await fake_api.wait_for_messages(WORKER, 3, within=5)
        assert texts == ["第一条", "第二条", "第三条"]
    finally:
        stop.set()
        await asyncio.wait_for(worker, 5)


async def test_worker_loop_survives_database_errors(
    session_factory: Factory, fake_api: FakeBotAPI, fake_bot: Bot
) -> None:
    await _add(session_factory, chat_id=WORKER, text="数据库恢复后送达")
    failures = {"left": 2}

    def flaky() -> AsyncSession:
        if failures["left"]:
            failures["left"] -= 1
            raise ConnectionRefusedError("database is down")
        return session_factory()

    stop = asyncio.Event()
    worker = asyncio.create_task(
        run_outbox_worker(flaky, fake_bot, stop, poll_interval=0.05)  # type: ignore[arg-type]
    )
    try:
        assert await fake_api.wait_for_messages(WORKER, 1, within=5) == ["数据库恢复后送达"]
    finally:
        stop.set()
        await asyncio.wait_for(worker, 5)
    assert failures["left"] == 0
