"""The ticket services on a real database (SQLite, and PostgreSQL when configured): every
state change leaves a timeline event and an audit row; refused actions leave nothing."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col, select
from ticket_fixtures import MONDAY, ComplaintFactory

from intake.tickets import service
from intake.tickets.errors import TicketConflict, TicketError, TicketInputError
from intake.tickets.lifecycle import TransitionError
from intake.tickets.sla import SHANGHAI, SlaPolicy, as_utc
from intake.tickets.timeline import Actor, events_of
from models import AuditLog, OutboxMessage, Ticket, TicketEvent
from models.codes.ticket_action import Action
from models.codes.ticket_outcome import TicketOutcome
from models.codes.ticket_status import Status

pytestmark = pytest.mark.usefixtures("world")

INSPECTOR = Actor(name="inspector-zhang")
POLICY = SlaPolicy()


async def open_new(
    session: AsyncSession, new_complaint: ComplaintFactory, **complaint: Any
) -> Ticket:
    c = await new_complaint(**complaint)
    ticket = await service.open_ticket(
        session,
        complaint=c,
        task_force_code="TF_A",
        township="东坡镇",
        priority="normal",
        now=MONDAY,
        policy=POLICY,
    )
    await session.commit()
    return ticket


async def act(session: AsyncSession, ticket: Ticket, action: Action, **kw: Any) -> Ticket:
    assert ticket.id is not None
    kw.setdefault("now", MONDAY + timedelta(hours=1))
    done = await service.apply_action(
        session, ticket_id=ticket.id, action=action, actor=INSPECTOR, policy=POLICY, **kw
    )
    await session.commit()
    return done


async def count(session: AsyncSession, model: Any, **where: Any) -> int:
    stmt = select(func.count()).select_from(model)
    for key, value in where.items():
        stmt = stmt.where(getattr(model, key) == value)
    return int(await session.scalar(stmt) or 0)


async def to_investigating(session: AsyncSession, ticket: Ticket) -> Ticket:
    ticket = await act(session, ticket, Action.ACCEPT)
    return await act(session, ticket, Action.START_INVESTIGATION)


async def test_open_ticket_number_deadline_timeline_and_idempotence(
    session: AsyncSession, new_complaint: ComplaintFactory
) -> None:
    c = await new_complaint()
    ticket = await service.open_ticket(
        session,
        complaint=c,
        task_force_code="TF_A",
        township="东坡镇",
        priority="normal",
        now=MONDAY,
    )
    await session.commit()
    assert ticket.number == f"AX20260302-{c.id:06d}"
    assert ticket.status == "new" and ticket.version == 0
    # aware UTC datetimes on both backends (SQLite by itself hands back naive ones)
    assert ticket.created_at.utcoffset() == timedelta(0)
    # Mon 2 Mar: 3, 4, 5, 6, 9 March -> due at midnight after the 9th
    assert ticket.accept_due_at is not None
    assert as_utc(ticket.accept_due_at) == as_utc(MONDAY.replace(day=10, hour=0))
    events = await events_of(session, ticket.id or 0)
    assert [e.kind for e in events] == ["opened"]
    assert events[0].to_status == "new" and events[0].body["task_force"] == "TF_A"
    assert await count(session, AuditLog, action="ticket.opened") == 1

    again = await service.open_ticket(
        session,
        complaint=c,
        task_force_code="TF_B",
        township="西山街道",
        priority="urgent",
        now=MONDAY + timedelta(days=1),
    )
    assert again.id == ticket.id and again.task_force_code == "TF_A"
    assert await count(session, TicketEvent) == 1


async def test_unknown_task_force_goes_to_the_office(
    session: AsyncSession, new_complaint: ComplaintFactory
) -> None:
    c = await new_complaint()
    ticket = await service.open_ticket(
        session, complaint=c, task_force_code="TF_NOPE", township="", priority="", now=MONDAY
    )
    assert ticket.task_force_code == "OFFICE" and ticket.priority == "normal"
    (event,) = await events_of(session, ticket.id or 0)
    assert "TF_NOPE" in event.body["note"]


async def test_full_lifecycle_writes_timeline_and_audit(
    session: AsyncSession, new_complaint: ComplaintFactory
) -> None:
    ticket = await open_new(session, new_complaint)
    ticket = await act(session, ticket, Action.ACCEPT)
    assert ticket.status == "accepted" and ticket.accepted_at is not None
    assert ticket.resolve_due_at is not None
    ticket = await act(session, ticket, Action.START_INVESTIGATION)
    ticket = await act(
        session,
        ticket,
        Action.RESOLVE,
        outcome=TicketOutcome.PAID_IN_FULL,
        recovered_fen=1_000_000,
        now=MONDAY + timedelta(days=10),
    )
    assert ticket.status == "resolved" and ticket.outcome_code == "paid_in_full"
    assert ticket.recovered_fen == 1_000_000
    ticket = await act(session, ticket, Action.START_FOLLOWUP, now=MONDAY + timedelta(days=12))
    assert ticket.status == "followup"
    question = await session.scalar(
        select(OutboxMessage).where(OutboxMessage.ticket_id == ticket.id)
    )
    assert question is not None and question.channel == "telegram"
    assert ticket.number in question.text and "满意" in question.text
    assert len(question.payload["buttons"]) == 3

    ticket = await service.record_followup(
        session,
        ticket_id=ticket.id or 0,
        paid=True,
        satisfied=True,
        now=MONDAY + timedelta(days=13),
    )
    await session.commit()
    assert ticket.status == "closed" and ticket.closed_at is not None
    assert ticket.followup_paid is True and ticket.followup_satisfied is True
    assert ticket.closed_unanswered is False and ticket.delivery_failed is False

    events = await events_of(session, ticket.id or 0)
    assert [(e.kind, e.from_status, e.to_status) for e in events] == [
        ("opened", None, "new"),
        ("accept", "new", "accepted"),
        ("start_investigation", "accepted", "investigating"),
        ("resolve", "investigating", "resolved"),
        ("start_followup", "resolved", "followup"),
        ("close", "followup", "closed"),
    ]
    assert events[1].actor == "inspector-zhang" and events[5].actor == "worker"
    audit = list(
        await session.scalars(
            select(AuditLog.action)
            .where(AuditLog.object_id == str(ticket.id))
            .order_by(col(AuditLog.id))
        )
    )
    assert audit == [f"ticket.{e.kind}" for e in events]
    assert ticket.version == 5


async def test_illegal_action_is_refused_and_writes_nothing(
    session: AsyncSession, new_complaint: ComplaintFactory
) -> None:
    ticket = await open_new(session, new_complaint)
    with pytest.raises(TransitionError) as caught:
        await act(session, ticket, Action.RESOLVE, outcome="paid_in_full", recovered_fen=1)
    assert "待受理" in caught.value.zh and "办结" in caught.value.zh
    assert "'resolve' is not allowed" in caught.value.en
    with pytest.raises(TransitionError, match="record_followup"):
        await act(session, ticket, Action.CLOSE)
    with pytest.raises(TransitionError, match="unknown action"):
        await act(session, ticket, "approve")  # type: ignore[arg-type]
    fresh = await session.get(Ticket, ticket.id, populate_existing=True)
    assert fresh is not None and fresh.status == "new" and fresh.version == 0
    assert await count(session, TicketEvent) == 1 and await count(session, AuditLog) == 1


async def test_refusal_needs_a_reason_and_can_be_reconsidered(
    session: AsyncSession, new_complaint: ComplaintFactory
) -> None:
    ticket = await open_new(session, new_complaint, over_two_years=True)
    assert (await events_of(session, ticket.id or 0))[0].body["over_two_years"] is True
    with pytest.raises(TicketInputError, match="reason"):
        await act(session, ticket, Action.REFUSE, reason="   ")
    ticket = await act(session, ticket, Action.REFUSE, reason="over_two_years")
    assert ticket.status == "refused" and ticket.refusal_reason == "欠薪发生已超过两年"
    event = (await events_of(session, ticket.id or 0))[-1]
    assert event.body["reason_code"] == "over_two_years"

    later = MONDAY + timedelta(days=3)
    ticket = await act(session, ticket, Action.REOPEN, reason="工人补交了近期欠条", now=later)
    assert ticket.status == "new" and ticket.refusal_reason == ""
    assert as_utc(ticket.accept_due_at) == POLICY.accept_due(later, "normal")  # type: ignore[arg-type]


async def test_needs_info_before_acceptance_restarts_the_acceptance_clock(
    session: AsyncSession, new_complaint: ComplaintFactory
) -> None:
    ticket = await open_new(session, new_complaint, channel="web", external_id="sess-42")
    with pytest.raises(TicketInputError, match="question"):
        await act(session, ticket, Action.REQUEST_INFO)
    ticket = await act(session, ticket, Action.REQUEST_INFO, question="请提供用人单位的全称")
    assert ticket.status == "needs_info"
    message = await session.scalar(select(OutboxMessage))
    assert message is not None
    assert (message.channel, message.chat_id) == ("web", "sess-42")
    assert "请提供用人单位的全称" in message.text and "测试人" not in message.text
    assert message.payload == {
        "kind": "needs_info",
        "ticket_id": ticket.id,
        "buttons": [{"label": "回答这个问题", "value": f"reply:{ticket.id}"}],
    }
    waiting = await service.awaiting_reply(session, channel="web", external_id="sess-42")
    assert [(w.ticket_id, w.status) for w in waiting] == [(ticket.id, "needs_info")]
    assert await service.available_actions(session, ticket=ticket) == (
        Action.REFUSE,
        Action.ANSWER_INFO,
        Action.TRANSFER,
        Action.MERGE,
        Action.ADD_NOTE,
    )

    answered_at = MONDAY + timedelta(days=6)
    ticket = await service.record_worker_answer(
        session, ticket_id=ticket.id or 0, answer="青石路桥工程有限公司", now=answered_at
    )
    await session.commit()
    assert ticket.status == "new"
    assert as_utc(ticket.accept_due_at) == POLICY.accept_due(answered_at, "normal")  # type: ignore[arg-type]
    event = (await events_of(session, ticket.id or 0))[-1]
    assert (event.kind, event.actor, event.body["answer"]) == (
        "answer_info",
        "worker",
        "青石路桥工程有限公司",
    )
    assert await service.awaiting_reply(session, channel="web", external_id="sess-42") == []


async def test_needs_info_during_investigation_resumes_investigation(
    session: AsyncSession, new_complaint: ComplaintFactory
) -> None:
    ticket = await to_investigating(session, await open_new(session, new_complaint))
    due = ticket.resolve_due_at
    ticket = await act(session, ticket, Action.REQUEST_INFO, question="工资条有吗？")
    assert await service.available_actions(session, ticket=ticket) == (
        Action.ANSWER_INFO,
        Action.TRANSFER,
        Action.MERGE,
        Action.ADD_NOTE,
    )
    with pytest.raises(TransitionError, match="cannot be refused"):
        await act(session, ticket, Action.REFUSE, reason="not_wage_matter")
    ticket = await act(session, ticket, Action.ANSWER_INFO, answer="电话补正：有工资条照片")
    assert ticket.status == "investigating" and ticket.resolve_due_at == due


async def test_transfer_resets_acceptance_for_the_receiver(
    session: AsyncSession, new_complaint: ComplaintFactory
) -> None:
    ticket = await act(session, await open_new(session, new_complaint), Action.ACCEPT)
    with pytest.raises(TicketInputError, match="another task force"):
        await act(session, ticket, Action.TRANSFER, reason="x", target_task_force="TF_A")
    with pytest.raises(TicketInputError, match="no task force"):
        await act(session, ticket, Action.TRANSFER, reason="x", target_task_force="TF_Z")
    with pytest.raises(TicketInputError, match="no township"):
        await act(session, ticket, Action.TRANSFER, reason="x", target_township="北极镇")
    with pytest.raises(TicketInputError, match="reason"):
        await act(session, ticket, Action.TRANSFER, target_task_force="TF_B")

    when = MONDAY + timedelta(days=2)
    ticket = await act(
        session,
        ticket,
        Action.TRANSFER,
        reason="属于乙专班职责",
        target_task_force="TF_B",
        target_township="西山办事处",
        now=when,
    )
    assert (ticket.status, ticket.task_force_code, ticket.township) == ("new", "TF_B", "西山街道")
    assert ticket.accepted_at is None and ticket.resolve_due_at is None
    assert as_utc(ticket.accept_due_at) == POLICY.accept_due(when, "normal")  # type: ignore[arg-type]
    event = (await events_of(session, ticket.id or 0))[-1]
    assert event.body["from_task_force"] == "TF_A" and event.body["to_township"] == "西山街道"


async def test_merge_into_another_ticket(
    session: AsyncSession, new_complaint: ComplaintFactory
) -> None:
    first = await open_new(session, new_complaint)
    second = await open_new(session, new_complaint)
    with pytest.raises(TicketInputError, match="itself"):
        await act(session, second, Action.MERGE, merge_into=second.id)
    with pytest.raises(TicketInputError, match="needs the ticket"):
        await act(session, second, Action.MERGE)
    merged = await act(session, second, Action.MERGE, merge_into=first.id, reason="重复投诉")
    assert merged.status == "merged" and merged.merged_into_id == first.id
    target_events = await events_of(session, first.id or 0)
    assert target_events[-1].kind == "merged_from"
    assert target_events[-1].body["number"] == second.number
    with pytest.raises(TransitionError, match="已合并"):
        await act(session, merged, Action.ACCEPT)

    third = await open_new(session, new_complaint)
    await act(session, first, Action.REFUSE, reason="duplicate")
    with pytest.raises(TicketInputError, match="nothing can be merged"):
        await act(session, third, Action.MERGE, merge_into=first.id)


async def test_extension_once_and_only_before_the_deadline(
    session: AsyncSession, new_complaint: ComplaintFactory
) -> None:
    ticket = await to_investigating(session, await open_new(session, new_complaint))
    due = as_utc(ticket.resolve_due_at)  # type: ignore[arg-type]
    with pytest.raises(TicketInputError, match="reason"):
        await act(session, ticket, Action.EXTEND)
    ticket = await act(session, ticket, Action.EXTEND, reason="涉及多个分包，案情复杂")
    assert as_utc(ticket.resolve_due_at) == POLICY.extended_due(due)  # type: ignore[arg-type]
    with pytest.raises(TransitionError, match="extended once"):
        await act(session, ticket, Action.EXTEND, reason="再延一次")

    other = await to_investigating(session, await open_new(session, new_complaint))
    late = as_utc(other.resolve_due_at) + timedelta(minutes=1)  # type: ignore[arg-type]
    with pytest.raises(TransitionError, match="deadline has passed"):
        await act(session, other, Action.EXTEND, reason="来不及了", now=late)


@pytest.mark.parametrize(
    ("kw", "fragment"),
    [
        ({}, "outcome code"),
        ({"outcome": "paid_twice", "recovered_fen": 1}, "unknown outcome"),
        ({"outcome": "paid_in_full"}, "recovered amount"),
        ({"outcome": "paid_in_full", "recovered_fen": 0}, "above 0"),
        ({"outcome": "paid_in_part", "recovered_fen": -5}, "不能为负数"),
    ],
)
async def test_resolution_inputs_are_checked(
    session: AsyncSession, new_complaint: ComplaintFactory, kw: dict[str, Any], fragment: str
) -> None:
    ticket = await to_investigating(session, await open_new(session, new_complaint))
    with pytest.raises(TicketInputError, match=fragment):
        await act(session, ticket, Action.RESOLVE, **kw)
    done = await act(session, ticket, Action.RESOLVE, outcome="no_arrears_found", recovered_fen=0)
    assert done.status == "resolved" and done.outcome_code == "no_arrears_found"


async def resolved_ticket(session: AsyncSession, new_complaint: ComplaintFactory) -> Ticket:
    ticket = await to_investigating(session, await open_new(session, new_complaint))
    return await act(
        session, ticket, Action.RESOLVE, outcome=TicketOutcome.PAID_IN_PART, recovered_fen=500_000
    )


async def test_followup_not_paid_reopens_with_a_fresh_period(
    session: AsyncSession, new_complaint: ComplaintFactory
) -> None:
    ticket = await act(
        session, await resolved_ticket(session, new_complaint), Action.START_FOLLOWUP
    )
    when = MONDAY + timedelta(days=20)
    ticket = await service.record_followup(
        session, ticket_id=ticket.id or 0, paid=False, satisfied=None, now=when
    )
    await session.commit()
    assert ticket.status == "investigating" and ticket.outcome_code is None
    assert ticket.followup_paid is False and ticket.resolved_at is None
    assert as_utc(ticket.resolve_due_at) == POLICY.resolve_due(when, "normal")  # type: ignore[arg-type]
    event = (await events_of(session, ticket.id or 0))[-1]
    assert (event.kind, event.from_status, event.to_status) == (
        "reopen",
        "followup",
        "investigating",
    )
    assert "未拿到工资" in event.body["reason"] and event.body["paid"] is False


async def test_followup_unsatisfied_follows_the_policy(
    session: AsyncSession, new_complaint: ComplaintFactory
) -> None:
    ticket = await resolved_ticket(session, new_complaint)
    reopened = await service.record_followup(
        session, ticket_id=ticket.id or 0, paid=True, satisfied=False, now=MONDAY, comment="拖太久"
    )
    assert reopened.status == "investigating"
    ticket = await resolved_ticket(session, new_complaint)
    lenient = SlaPolicy(reopen_when_unsatisfied=False)
    closed = await service.record_followup(
        session, ticket_id=ticket.id or 0, paid=True, satisfied=False, now=MONDAY, policy=lenient
    )
    assert closed.status == "closed" and closed.followup_satisfied is False


async def test_followup_only_when_a_case_is_resolved(
    session: AsyncSession, new_complaint: ComplaintFactory
) -> None:
    ticket = await open_new(session, new_complaint)
    with pytest.raises(TransitionError, match="not waiting for a follow-up"):
        await service.record_followup(
            session, ticket_id=ticket.id or 0, paid=True, satisfied=True, now=MONDAY
        )


async def test_closed_ticket_reopens_into_investigation(
    session: AsyncSession, new_complaint: ComplaintFactory
) -> None:
    ticket = await resolved_ticket(session, new_complaint)
    ticket = await service.record_followup(
        session, ticket_id=ticket.id or 0, paid=True, satisfied=True, now=MONDAY
    )
    with pytest.raises(TicketInputError, match="reason"):
        await act(session, ticket, Action.REOPEN)
    ticket = await act(session, ticket, Action.REOPEN, reason="老板的转账被退回")
    assert ticket.status == "investigating" and ticket.closed_at is None


async def test_stale_version_is_a_conflict(
    session: AsyncSession, new_complaint: ComplaintFactory
) -> None:
    ticket = await open_new(session, new_complaint)
    await act(session, ticket, Action.ACCEPT, expected_version=0)
    with pytest.raises(TicketConflict) as caught:
        await act(session, ticket, Action.REQUEST_INFO, question="?", expected_version=0)
    assert "刷新" in caught.value.zh and "reload" in caught.value.en


async def test_two_inspectors_at_once_one_wins(
    session_factory: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    new_complaint: ComplaintFactory,
) -> None:
    ticket = await open_new(session, new_complaint)
    assert ticket.id is not None

    async def inspector(action: Action, **kw: Any) -> Ticket | TicketError:
        async with session_factory() as own:
            try:
                done = await service.apply_action(
                    own,
                    ticket_id=ticket.id or 0,
                    action=action,
                    actor=INSPECTOR,
                    now=MONDAY + timedelta(hours=2),
                    expected_version=0,
                    **kw,
                )
                await own.commit()
                return done
            except TicketError as exc:
                await own.rollback()
                return exc

    results = await asyncio.gather(
        inspector(Action.ACCEPT), inspector(Action.REFUSE, reason="not_wage_matter")
    )
    wins = [r for r in results if isinstance(r, Ticket)]
    losses = [r for r in results if isinstance(r, TicketError)]
    assert len(wins) == 1 and len(losses) == 1
    assert isinstance(losses[0], TicketConflict)
    fresh = await session.get(Ticket, ticket.id, populate_existing=True)
    assert fresh is not None and fresh.status == wins[0].status and fresh.version == 1
    assert await count(session, TicketEvent, ticket_id=ticket.id) == 2


async def test_a_workers_tickets_awaiting_reply_are_all_listed(
    session: AsyncSession, new_complaint: ComplaintFactory
) -> None:
    older = await open_new(session, new_complaint, external_id="w-1")
    newer = await open_new(session, new_complaint, external_id="w-1")
    await act(session, older, Action.REQUEST_INFO, question="一", now=MONDAY + timedelta(hours=1))
    await act(session, newer, Action.REQUEST_INFO, question="二", now=MONDAY + timedelta(hours=3))
    found = await service.awaiting_reply(session, channel="telegram", external_id="w-1")
    # both: the worker is asked which one an answer is for
    assert [(f.ticket_id, Status(f.status)) for f in found] == [
        (older.id, Status.NEEDS_INFO),
        (newer.id, Status.NEEDS_INFO),
    ]
    assert MONDAY.tzinfo is SHANGHAI
