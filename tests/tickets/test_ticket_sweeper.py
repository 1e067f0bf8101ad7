"""The sweeper: overdue marking and escalation (督办) exactly once, follow-up questions and
unanswered closes — also with two sweepers running at the same time on separate engines."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col, select
from ticket_fixtures import CHAT_A, CHAT_B, CHAT_OFFICE, MONDAY, ComplaintFactory, complaint_row

from intake.tickets import notices, service, sweeper
from intake.tickets.sla import SlaPolicy, as_utc
from intake.tickets.timeline import Actor, events_of
from models import OutboxMessage, Ticket, TicketEvent
from models.base import utcnow
from models.codes.ticket_action import Action
from models.codes.ticket_outcome import TicketOutcome
from models.db import create_engine, make_session_factory

pytestmark = pytest.mark.usefixtures("world")

INSPECTOR = Actor(name="inspector-wang")
POLICY = SlaPolicy()
# Mon 2 Mar 09:00 + 5 working days: due at midnight after Mon 9 Mar.
ACCEPT_DUE = as_utc(MONDAY.replace(day=10, hour=0))


async def open_ticket(
    session: AsyncSession, new_complaint: ComplaintFactory, tf: str = "TF_A", **kw: Any
) -> Ticket:
    ticket = await service.open_ticket(
        session,
        complaint=await new_complaint(**kw),
        task_force_code=tf,
        township="东坡镇",
        priority="normal",
        now=MONDAY,
    )
    await session.commit()
    return ticket


async def act(session: AsyncSession, ticket: Ticket, action: Action, **kw: Any) -> Ticket:
    kw.setdefault("now", MONDAY + timedelta(hours=1))
    done = await service.apply_action(
        session, ticket_id=ticket.id or 0, action=action, actor=INSPECTOR, **kw
    )
    await session.commit()
    return done


async def messages(session: AsyncSession) -> list[OutboxMessage]:
    found = list(await session.scalars(select(OutboxMessage).order_by(col(OutboxMessage.id))))
    # end the read: an open SQLite transaction keeps its snapshot and would not see what the
    # sweeper (another connection) writes next
    await session.commit()
    return found


async def test_overdue_acceptance_is_escalated_once(
    session: AsyncSession,
    session_factory: async_sessionmaker[AsyncSession],
    new_complaint: ComplaintFactory,
) -> None:
    ticket = await open_ticket(session, new_complaint, headcount=3, amount_fen=1_234_500)
    early = await sweeper.sweep(session_factory, now=ACCEPT_DUE - timedelta(seconds=1))
    assert early.overdue == [] and await messages(session) == []

    report = await sweeper.sweep(session_factory, now=ACCEPT_DUE)
    assert report.overdue == [ticket.number] and report.messages == 2
    fresh = await session.get(Ticket, ticket.id, populate_existing=True)
    assert fresh is not None and fresh.overdue and fresh.escalated_at is not None
    assert fresh.version == 0  # a background mark does not make inspectors' forms stale
    sent = await messages(session)
    assert sorted(m.chat_id for m in sent) == sorted([str(CHAT_A), str(CHAT_OFFICE)])
    text = sent[0].text
    assert "【督办】" in text and ticket.number in text and "未在期限内受理" in text
    assert "2026-03-09" in text and "甲专班" in text and "3 人" in text and "12,345.00 元" in text
    assert "测试人" not in text and "13800000000" not in text  # the complainant stays hidden
    event = (await events_of(session, ticket.id or 0))[-1]
    assert event.kind == "escalated" and event.body["phase"] == "accept"

    again = await sweeper.sweep(session_factory, now=ACCEPT_DUE + timedelta(days=3))
    assert again.overdue == [] and again.messages == 0
    assert len(await messages(session)) == 2


async def test_each_deadline_phase_is_escalated_on_its_own(
    session: AsyncSession,
    session_factory: async_sessionmaker[AsyncSession],
    new_complaint: ComplaintFactory,
) -> None:
    ticket = await open_ticket(session, new_complaint)
    await sweeper.sweep(session_factory, now=ACCEPT_DUE)
    accepted_at = ACCEPT_DUE + timedelta(hours=10)
    ticket = await act(session, ticket, Action.ACCEPT, now=accepted_at)
    assert ticket.overdue is False
    resolve_due = as_utc(ticket.resolve_due_at)  # type: ignore[arg-type]
    assert resolve_due == POLICY.resolve_due(accepted_at, "normal")
    assert (
        await sweeper.sweep(session_factory, now=resolve_due - timedelta(minutes=1))
    ).overdue == []
    report = await sweeper.sweep(session_factory, now=resolve_due)
    assert report.overdue == [ticket.number]
    sent = await messages(session)
    assert len(sent) == 4 and "未在期限内办结" in sent[-1].text
    assert len({m.dedupe_key for m in sent}) == 4


async def test_waiting_for_the_worker_is_not_overdue(
    session: AsyncSession,
    session_factory: async_sessionmaker[AsyncSession],
    new_complaint: ComplaintFactory,
) -> None:
    ticket = await open_ticket(session, new_complaint)
    await act(session, ticket, Action.REQUEST_INFO, question="项目在哪个村？")
    report = await sweeper.sweep(session_factory, now=ACCEPT_DUE + timedelta(days=10))
    assert report.overdue == []


async def test_units_without_a_chat_are_reported_and_the_office_told_once(
    session: AsyncSession,
    session_factory: async_sessionmaker[AsyncSession],
    new_complaint: ComplaintFactory,
) -> None:
    await open_ticket(session, new_complaint, tf="TF_QUIET")
    await open_ticket(session, new_complaint, tf="OFFICE")
    report = await sweeper.sweep(session_factory, now=ACCEPT_DUE)
    assert len(report.overdue) == 2 and report.units_without_chat == {"TF_QUIET"}
    assert [m.chat_id for m in await messages(session)] == [str(CHAT_OFFICE)] * 2
    assert "TF_QUIET" in report.summary()


async def test_followup_is_asked_then_closed_unanswered(
    session: AsyncSession,
    session_factory: async_sessionmaker[AsyncSession],
    new_complaint: ComplaintFactory,
) -> None:
    ticket = await open_ticket(session, new_complaint, channel="telegram", external_id="555")
    await act(session, ticket, Action.ACCEPT)
    await act(session, ticket, Action.START_INVESTIGATION)
    resolved_at = MONDAY + timedelta(days=4)
    await act(
        session,
        ticket,
        Action.RESOLVE,
        outcome=TicketOutcome.EMERGENCY_FUND,
        recovered_fen=800_000,
        now=resolved_at,
    )
    ask_at = resolved_at + timedelta(days=POLICY.followup_after_days)
    assert (
        await sweeper.sweep(session_factory, now=ask_at - timedelta(seconds=1))
    ).followups_started == []
    report = await sweeper.sweep(session_factory, now=ask_at)
    assert report.followups_started == [ticket.number]
    (question,) = await messages(session)
    assert (question.channel, question.chat_id) == ("telegram", "555")
    choice = question.payload["buttons"][2]["value"]
    assert notices.parse_followup_choice(choice) == notices.FollowupAnswer(
        ticket.id or 0, False, None
    )

    close_at = ask_at + timedelta(days=POLICY.followup_timeout_days)
    assert (
        await sweeper.sweep(session_factory, now=close_at - timedelta(seconds=1))
    ).closed_unanswered == []
    report = await sweeper.sweep(session_factory, now=close_at)
    assert report.closed_unanswered == [ticket.number]
    fresh = await session.get(Ticket, ticket.id, populate_existing=True)
    assert fresh is not None and fresh.status == "closed" and fresh.closed_unanswered
    kinds = [e.kind for e in await events_of(session, ticket.id or 0)]
    assert kinds[-2:] == ["start_followup", "close_unanswered"]

    # The worker answers late: "not paid" still reopens the case.
    reopened = await service.record_followup(
        session, ticket_id=ticket.id or 0, paid=False, satisfied=None, now=close_at
    )
    assert reopened.status == "investigating" and not reopened.closed_unanswered


async def test_late_paid_answer_clears_the_unanswered_mark(
    session: AsyncSession,
    session_factory: async_sessionmaker[AsyncSession],
    new_complaint: ComplaintFactory,
) -> None:
    ticket = await open_ticket(session, new_complaint)
    await act(session, ticket, Action.ACCEPT)
    await act(session, ticket, Action.START_INVESTIGATION)
    await act(session, ticket, Action.RESOLVE, outcome="paid_in_full", recovered_fen=100)
    await act(session, ticket, Action.START_FOLLOWUP)
    await sweeper.sweep(session_factory, now=MONDAY + timedelta(days=30))
    answered = await service.record_followup(
        session,
        ticket_id=ticket.id or 0,
        paid=True,
        satisfied=True,
        now=MONDAY + timedelta(days=31),
    )
    assert answered.status == "closed" and answered.closed_unanswered is False
    assert (await events_of(session, ticket.id or 0))[-1].kind == "followup_answer"


def test_followup_choices_parse_or_abstain() -> None:
    assert notices.parse_followup_choice("followup:12:paid:satisfied") == notices.FollowupAnswer(
        12, True, True
    )
    assert notices.parse_followup_choice("followup:12:paid:unsatisfied") == notices.FollowupAnswer(
        12, True, False
    )
    for junk in ("", "followup", "followup:x:unpaid", "followup:3:maybe", "other:1:unpaid"):
        assert notices.parse_followup_choice(junk) is None


def test_typed_followup_answers_parse_or_abstain() -> None:
    paid, unsatisfied, unpaid = (
        notices.FollowupAnswer(7, True, True),
        notices.FollowupAnswer(7, True, False),
        notices.FollowupAnswer(7, False, None),
    )
    said = {
        "1": paid,
        "3": unpaid,
        "拿到了，满意": paid,
        "钱已经到账了，很满意": paid,
        "没问题，拿到了，满意": paid,
        "拿到了但是不满意": unsatisfied,
        "还没拿到": unpaid,
        "钱还没有拿到": unpaid,
        "没收到": unpaid,
    }
    for text, expected in said.items():
        assert notices.parse_followup_text(text, 7) == expected, text
    # paid but not said whether satisfied, or nothing about the money: asked again
    for unclear in ("拿到了", "你好", "", "4"):
        assert notices.parse_followup_text(unclear, 7) is None, unclear


async def test_two_sweepers_at_once_escalate_each_ticket_exactly_once(
    db_url: str, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    async with session_factory() as setup:
        overdue_ids = []
        for n in range(24):
            complaint = complaint_row()
            setup.add(complaint)
            await setup.flush()
            ticket = await service.open_ticket(
                setup,
                complaint=complaint,
                task_force_code="TF_A" if n % 2 else "TF_B",
                township="东坡镇",
                priority="normal",
                now=MONDAY,
            )
            overdue_ids.append(ticket.id)
        # six resolved long ago (follow-up due) and six asked long ago (to close unanswered)
        resolved = overdue_ids[:6]
        asked = overdue_ids[6:12]
        long_ago = MONDAY - timedelta(days=30)
        await setup.execute(
            update(Ticket)
            .where(col(Ticket.id).in_(resolved))
            .values(status="resolved", resolved_at=long_ago)
        )
        await setup.execute(
            update(Ticket)
            .where(col(Ticket.id).in_(asked))
            .values(status="followup", followup_asked_at=long_ago)
        )
        await setup.commit()

    engines = [create_engine(db_url), create_engine(db_url)]
    try:
        reports = await asyncio.gather(
            *(sweeper.sweep(make_session_factory(e), now=ACCEPT_DUE, batch_size=3) for e in engines)
        )
    finally:
        for e in engines:
            await e.dispose()

    def merged(attr: str) -> Counter[str]:
        return Counter(n for r in reports for n in getattr(r, attr))

    escalated, asked_now, closed = (
        merged("overdue"),
        merged("followups_started"),
        merged("closed_unanswered"),
    )
    assert len(escalated) == 12 and set(escalated.values()) == {1}
    assert len(asked_now) == 6 and set(asked_now.values()) == {1}
    assert len(closed) == 6 and set(closed.values()) == {1}
    assert sum(r.messages for r in reports) == 24

    async with session_factory() as check:
        kinds = Counter((e.ticket_id, e.kind) for e in await check.scalars(select(TicketEvent)))
        assert sorted(n for (_, k), n in kinds.items() if k == "escalated") == [1] * 12
        assert sorted(n for (_, k), n in kinds.items() if k == "start_followup") == [1] * 6
        assert sorted(n for (_, k), n in kinds.items() if k == "close_unanswered") == [1] * 6
        per_recipient = Counter(
            (m.ticket_id, m.chat_id) for m in await check.scalars(select(OutboxMessage))
        )
        assert set(per_recipient.values()) == {1}
        office = [k for k in per_recipient if k[1] == str(CHAT_OFFICE)]
        task_forces = [k for k in per_recipient if k[1] in (str(CHAT_A), str(CHAT_B))]
        workers = [
            k for k in per_recipient if k[1] not in (str(CHAT_A), str(CHAT_B), str(CHAT_OFFICE))
        ]
        assert (len(office), len(task_forces), len(workers)) == (12, 12, 6)
        marked = await check.scalar(
            select(func.count()).select_from(Ticket).where(col(Ticket.overdue))
        )
        assert marked == 12


async def test_a_sweeper_waiting_on_another_claims_nothing_twice(
    db_url: str,
    session: AsyncSession,
    session_factory: async_sessionmaker[AsyncSession],
    new_complaint: ComplaintFactory,
) -> None:
    """Deterministic interleaving: the first sweeper has claimed the rows but not committed
    when the second one starts; the second must wait and then find nothing to do."""
    tickets = [await open_ticket(session, new_complaint) for _ in range(3)]
    async with session_factory() as first:
        recipients = await notices.load_recipients(first)
        report_first = sweeper.SweepReport()
        claimed = await sweeper._escalate_batch(
            first, 10, "accept", ACCEPT_DUE, recipients, report_first
        )
        assert claimed == 3
        other_engine = create_engine(db_url)
        try:
            second = asyncio.create_task(
                sweeper.sweep(make_session_factory(other_engine), now=ACCEPT_DUE)
            )
            await asyncio.sleep(0.3)
            assert not second.done()  # blocked behind the first sweeper's transaction
            await first.commit()
            report_second = await asyncio.wait_for(second, timeout=30)
        finally:
            await other_engine.dispose()
    assert report_second.overdue == [] and report_second.messages == 0
    assert sorted(report_first.overdue) == sorted(t.number for t in tickets)
    escalations = await session.scalar(
        select(func.count()).select_from(TicketEvent).where(TicketEvent.kind == "escalated")
    )
    assert escalations == 3 and len(await messages(session)) == 6


async def test_run_forever_sweeps_until_stopped(
    session: AsyncSession,
    session_factory: async_sessionmaker[AsyncSession],
    new_complaint: ComplaintFactory,
) -> None:
    ticket = await service.open_ticket(
        session,
        complaint=await new_complaint(),
        task_force_code="TF_A",
        township="",
        priority="normal",
        now=utcnow() - timedelta(days=30),
    )
    await session.commit()
    stop = asyncio.Event()
    task = asyncio.create_task(
        sweeper.run_forever(session_factory, stop=stop, interval_seconds=0.05)
    )
    for _ in range(200):
        fresh = await session.get(Ticket, ticket.id, populate_existing=True)
        await session.commit()
        if fresh is not None and fresh.overdue:
            break
        await asyncio.sleep(0.02)
    stop.set()
    await asyncio.wait_for(task, timeout=5)
    assert fresh is not None and fresh.overdue


async def test_sweep_database_for_the_command_line(
    db_url: str, session: AsyncSession, new_complaint: ComplaintFactory
) -> None:
    ticket = await open_ticket(session, new_complaint)
    report = await sweeper.sweep_database(db_url, now=ACCEPT_DUE)
    assert report.overdue == [ticket.number]
    assert "overdue and escalated: 1 (2 messages)" in report.summary()
