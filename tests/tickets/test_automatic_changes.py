"""Changes nobody clicked take the inspectors' path too: the sweeper's follow-up question and
unanswered close, and a message that could not be delivered, each bump the version and
leave a timeline event with a Chinese label and an audit row by the system. The two flags
the old `worker_unreachable` mixed up stay apart."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col, select
from ticket_fixtures import MONDAY, ComplaintFactory

from intake import messaging
from intake.reports.ticket_view import event_label
from intake.tickets import service, sweeper
from intake.tickets.delivery import record_delivery
from intake.tickets.sla import SlaPolicy
from intake.tickets.timeline import Actor, events_of
from models import AuditLog, OutboxMessage, Ticket
from models.codes.ticket_action import Action
from models.codes.ticket_outcome import TicketOutcome

pytestmark = pytest.mark.usefixtures("world")

INSPECTOR = Actor(name="inspector-li")
POLICY = SlaPolicy()


async def _resolved(session: AsyncSession, new_complaint: ComplaintFactory) -> Ticket:
    complaint = await new_complaint(channel="web", external_id="chat-worker-1")
    ticket = await service.open_ticket(
        session,
        complaint=complaint,
        task_force_code="TF_A",
        township="东坡镇",
        priority="normal",
        now=MONDAY,
    )
    assert ticket.id is not None
    for action, extra in (
        (Action.ACCEPT, {}),
        (Action.START_INVESTIGATION, {}),
        (Action.RESOLVE, {"outcome": TicketOutcome.PAID_IN_FULL, "recovered_fen": 500_000}),
    ):
        ticket = await service.apply_action(
            session,
            ticket_id=ticket.id,
            action=action,
            actor=INSPECTOR,
            now=MONDAY + timedelta(hours=1),
            **extra,
        )
    await session.commit()
    return ticket


async def _fresh(session: AsyncSession, ticket_id: int) -> Ticket:
    ticket = await session.get(Ticket, ticket_id, populate_existing=True)
    await session.commit()  # end the read: the next sweep writes on another connection
    assert ticket is not None
    return ticket


async def _audit(session: AsyncSession, ticket_id: int) -> list[AuditLog]:
    rows = await session.scalars(
        select(AuditLog)
        .where(AuditLog.object_type == "ticket", AuditLog.object_id == str(ticket_id))
        .order_by(col(AuditLog.id))
    )
    found = list(rows)
    await session.commit()
    return found


async def _assert_changed_by_system(
    session: AsyncSession, ticket: Ticket, *, version: int, kind: str, label: str
) -> dict[str, Any]:
    """The ticket is at `version`; its last event is `kind`, shown as `label`, by the system,
    with an audit row for it. Returns the event's body."""
    assert ticket.id is not None
    fresh = await _fresh(session, ticket.id)
    assert fresh.version == version
    event = (await events_of(session, ticket.id))[-1]
    assert (event.kind, event.actor, event.actor_user_id) == (kind, "system", None)
    assert event_label(kind) == label
    audit = (await _audit(session, ticket.id))[-1]
    assert audit.action == f"ticket.{kind}" and audit.actor_user_id is None
    assert audit.detail["actor"] == "system" and audit.detail["number"] == ticket.number
    return dict(event.body)


async def test_the_sweepers_transitions_take_the_one_path(
    session: AsyncSession,
    session_factory: async_sessionmaker[AsyncSession],
    new_complaint: ComplaintFactory,
) -> None:
    ticket = await _resolved(session, new_complaint)
    assert ticket.id is not None
    resolved_version = ticket.version
    ask_at = MONDAY + timedelta(hours=1, days=POLICY.followup_after_days)

    report = await sweeper.sweep(session_factory, now=ask_at)
    assert report.followups_started == [ticket.number]
    await _assert_changed_by_system(
        session, ticket, version=resolved_version + 1, kind="start_followup", label="发起回访"
    )
    # the question is queued as an inspector's START_FOLLOWUP would queue it
    asked = await _fresh(session, ticket.id)
    assert asked.followup_asked_at is not None and asked.status == "followup"
    [question] = await session.scalars(select(OutboxMessage))
    await session.commit()
    assert (question.channel, question.chat_id) == ("web", "chat-worker-1")
    assert question.payload["kind"] == "followup" and ticket.number in question.text

    close_at = ask_at + timedelta(days=POLICY.followup_timeout_days)
    report = await sweeper.sweep(session_factory, now=close_at)
    assert report.closed_unanswered == [ticket.number]
    body = await _assert_changed_by_system(
        session,
        ticket,
        version=resolved_version + 2,
        kind="close_unanswered",
        label="回访无应答销号",
    )
    assert body["timeout_days"] == POLICY.followup_timeout_days
    closed = await _fresh(session, ticket.id)
    assert closed.status == "closed" and closed.closed_unanswered
    # no answer is not a failed delivery: the question was there to be read
    assert closed.delivery_failed is False


async def test_a_failed_delivery_takes_the_one_path(
    session: AsyncSession, new_complaint: ComplaintFactory
) -> None:
    ticket = await _resolved(session, new_complaint)
    assert ticket.id is not None
    version = ticket.version
    failed_at = MONDAY + timedelta(days=2)
    reason = "未在回访期限内打开对话"

    changed = await record_delivery(
        session,
        ticket_id=ticket.id,
        delivered=False,
        channel="web",
        chat_id="chat-worker-1",
        reason=reason,
        now=failed_at,
    )
    await session.commit()
    assert changed
    body = await _assert_changed_by_system(
        session, ticket, version=version + 1, kind="worker_unreachable", label="未能送达"
    )
    assert body == {"channel": "web", "chat_id": "chat-worker-1", "reason": reason}
    assert (await _fresh(session, ticket.id)).delivery_failed

    # a second failure changes nothing more; neither does a message to another chat
    for chat, delivered in (("chat-worker-1", False), ("some-inspector", True)):
        assert not await record_delivery(
            session,
            ticket_id=ticket.id,
            delivered=delivered,
            channel="web",
            chat_id=chat,
            now=failed_at,
        )
    await session.commit()
    assert (await _fresh(session, ticket.id)).version == version + 1

    # the next message that gets through clears it, on the same path
    assert await record_delivery(
        session,
        ticket_id=ticket.id,
        delivered=True,
        channel="web",
        chat_id="chat-worker-1",
        now=failed_at + timedelta(hours=1),
    )
    await session.commit()
    await _assert_changed_by_system(
        session, ticket, version=version + 2, kind="worker_reachable", label="投诉人已收到消息"
    )
    assert not (await _fresh(session, ticket.id)).delivery_failed


async def test_a_message_delivered_after_an_unanswered_close_keeps_the_late_answer_open(
    session: AsyncSession,
    session_factory: async_sessionmaker[AsyncSession],
    new_complaint: ComplaintFactory,
) -> None:
    """With one flag for both, a delivered message cleared the unanswered mark and the
    worker's late answer was then refused."""
    ticket = await _resolved(session, new_complaint)
    assert ticket.id is not None
    ask_at = MONDAY + timedelta(hours=1, days=POLICY.followup_after_days)
    await sweeper.sweep(session_factory, now=ask_at)
    close_at = ask_at + timedelta(days=POLICY.followup_timeout_days)
    await sweeper.sweep(session_factory, now=close_at)
    # the worker opens the chat at last: the follow-up question is delivered
    shown = await messaging.inbox(
        session, channel="web", chat_id="chat-worker-1", after=0, now=close_at
    )
    await session.commit()
    assert [m.kind for m in shown] == ["followup"]
    assert (await _fresh(session, ticket.id)).closed_unanswered

    answered = await service.record_followup(
        session, ticket_id=ticket.id, paid=True, satisfied=True, now=close_at + timedelta(hours=1)
    )
    await session.commit()
    assert answered.status == "closed" and answered.closed_unanswered is False
    assert answered.followup_paid is True
    audit = (await _audit(session, ticket.id))[-1]
    assert audit.action == "ticket.followup_answer" and audit.detail["actor"] == "worker"
