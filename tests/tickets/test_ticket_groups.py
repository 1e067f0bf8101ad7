"""Group cases: linking by employer (and project), totals, the 10-worker red line, and
acting on a whole group."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col, select
from ticket_fixtures import CHAT_OFFICE, MONDAY, ComplaintFactory, complaint_row

from intake.tickets import groups, service
from intake.tickets.sla import SlaPolicy, as_utc
from intake.tickets.timeline import Actor, events_of
from models import AuditLog, CaseGroup, Complaint, OutboxMessage, Ticket
from models.codes.ticket_action import Action
from models.codes.ticket_outcome import TicketOutcome

INSPECTOR = Actor(name="inspector-li")


async def open_for(session: AsyncSession, complaint: Complaint, *, at: Any = MONDAY) -> Ticket:
    ticket = await service.open_ticket(
        session,
        complaint=complaint,
        task_force_code="TF_A",
        township="东坡镇",
        priority="normal",
        now=at,
    )
    await session.commit()
    return ticket


def test_keys_normalise_typed_names_and_projects() -> None:
    def key(name: str, project: str = "", township: str = "东坡镇") -> str | None:
        return groups.group_key(
            employer_id=None, employer_name_typed=name, project_name=project, township=township
        )

    assert key("宏兴建工有限公司", "城南花园项目") == key("宏興建工", "城南花园")
    assert key("宏兴 建工！", "城南花园 ") == key("宏兴建工公司", "城南花园工地")
    assert key("宏兴建工", "城南花园") != key("宏兴建工", "城北花园")
    assert key("宏兴建工", "城南花园") != key("宏兴建工", "城南花园", township="西山街道")
    assert key("   ！！") is None and key("") is None
    by_id = groups.group_key(employer_id=7, employer_name_typed="随便", project_name="")
    assert by_id == groups.group_key(employer_id=7, employer_name_typed="别的写法", project_name="")
    assert by_id != groups.group_key(employer_id=8, employer_name_typed="随便", project_name="")


async def test_same_employer_and_project_share_a_group_with_totals(
    session: AsyncSession, world: dict[str, Any], new_complaint: ComplaintFactory
) -> None:
    employer = world["employer_id"]
    a = await new_complaint(employer_id=employer, project_name="城南花园项目", headcount=3)
    b = await new_complaint(employer_id=employer, project_name="城南花园", headcount=None)
    c = await new_complaint(employer_id=employer, project_name="城北小学", amount_fen=None)
    nobody = await new_complaint(employer_name_typed="", project_name="")
    ga = await groups.link_to_group(session, complaint=a)
    gb = await groups.link_to_group(session, complaint=b)
    gc = await groups.link_to_group(session, complaint=c)
    assert await groups.link_to_group(session, complaint=nobody) is None
    assert ga is not None and gb is not None and gc is not None
    assert ga.id == gb.id != gc.id
    assert (gb.headcount_total, gb.amount_total_fen) == (4, 2_000_000)  # no headcount: one
    assert (gc.headcount_total, gc.amount_total_fen) == (1, 0)
    assert not gb.urgent

    again = await groups.link_to_group(session, complaint=b)  # linking twice counts once
    assert again is not None and again.headcount_total == 4
    summary = await groups.group_summary(session, group_id=ga.id or 0)
    assert summary is not None and summary.complaint_count == 2
    assert summary.label == "青石路桥工程有限公司（城南花园项目）"


async def test_red_line_at_ten_workers_raises_tickets_and_tells_the_office_once(
    session: AsyncSession, world: dict[str, Any], new_complaint: ComplaintFactory
) -> None:
    policy = SlaPolicy()
    first = await open_for(
        session, await new_complaint(employer_name_typed="宏兴建工", headcount=4)
    )
    accepted = await open_for(
        session, await new_complaint(employer_name_typed="宏兴建工有限公司", headcount=5)
    )
    accepted = await service.apply_action(
        session,
        ticket_id=accepted.id or 0,
        action=Action.ACCEPT,
        actor=INSPECTOR,
        now=MONDAY + timedelta(hours=1),
    )
    await session.commit()
    assert first.priority == "normal"
    group_id = (await session.get(Complaint, first.complaint_id)).group_id  # type: ignore[union-attr]
    group = await session.get(CaseGroup, group_id)
    assert group is not None and group.headcount_total == 9 and not group.urgent

    crossing_at = MONDAY + timedelta(days=1)
    third = await open_for(
        session, await new_complaint(employer_name_typed="宏興建工", headcount=1), at=crossing_at
    )
    assert third.priority == "urgent"
    assert as_utc(third.accept_due_at) == as_utc(crossing_at) + timedelta(hours=4)  # type: ignore[arg-type]
    group = await session.get(CaseGroup, group_id, populate_existing=True)
    assert group is not None and group.urgent and group.headcount_total == 10

    first = await session.get(Ticket, first.id, populate_existing=True)  # type: ignore[assignment]
    assert first is not None and first.priority == "urgent"
    assert as_utc(first.accept_due_at) == as_utc(crossing_at) + timedelta(hours=4)  # type: ignore[arg-type]
    accepted = await session.get(Ticket, accepted.id, populate_existing=True)  # type: ignore[assignment]
    assert accepted is not None and accepted.priority == "urgent"
    assert as_utc(accepted.resolve_due_at) == policy.resolve_due(crossing_at, "urgent")  # type: ignore[arg-type]
    kinds = [e.kind for e in await events_of(session, first.id or 0)]
    assert kinds == ["opened", "priority_raised"]

    await open_for(session, await new_complaint(employer_name_typed="宏兴建工", headcount=6))
    office = list(
        await session.scalars(
            select(OutboxMessage).where(OutboxMessage.chat_id == str(CHAT_OFFICE))
        )
    )
    assert len(office) == 1 and "10 人" in office[0].text and "宏兴建工" in office[0].text


async def test_concurrent_links_keep_totals_exact(
    session_factory: async_sessionmaker[AsyncSession], world: dict[str, Any]
) -> None:
    employer = world["employer_id"]
    async with session_factory() as setup:
        rows = [complaint_row(employer_id=employer, headcount=2) for _ in range(6)]
        setup.add_all(rows)
        await setup.commit()
        ids = [r.id for r in rows]

    async def link(complaint_id: int | None) -> None:
        async with session_factory() as own:
            complaint = await own.get(Complaint, complaint_id)
            assert complaint is not None
            await groups.link_to_group(own, complaint=complaint, now=MONDAY)
            await own.commit()

    await asyncio.gather(*(link(i) for i in ids + ids))  # each complaint linked twice at once
    async with session_factory() as check:
        (group,) = list(await check.scalars(select(CaseGroup)))
        assert (group.headcount_total, group.amount_total_fen, group.urgent) == (
            12,
            6_000_000,
            True,
        )
        messages = await check.scalar(select(func.count()).select_from(OutboxMessage))
        assert messages == 1


async def test_group_action_applies_where_it_fits_and_reports_the_rest(
    session: AsyncSession, world: dict[str, Any], new_complaint: ComplaintFactory
) -> None:
    employer = world["employer_id"]
    tickets = [
        await open_for(session, await new_complaint(employer_id=employer, amount_fen=fen))
        for fen in (300_000, 450_000, None)
    ]
    group_id = (await session.get(Complaint, tickets[0].complaint_id)).group_id  # type: ignore[union-attr]
    assert group_id is not None
    await service.apply_action(
        session, ticket_id=tickets[0].id or 0, action="accept", actor=INSPECTOR, now=MONDAY
    )
    report = await service.apply_group_action(
        session, group_id=group_id, action=Action.ACCEPT, actor=INSPECTOR, now=MONDAY
    )
    await session.commit()
    assert [t.id for t in report.applied] == [tickets[1].id, tickets[2].id]
    (skipped,) = report.skipped
    assert skipped.number == tickets[0].number and "'accept' is not allowed" in skipped.en
    audit = await session.scalar(select(AuditLog).where(AuditLog.object_type == "case_group"))
    assert audit is not None and audit.detail["applied"] == [tickets[1].number, tickets[2].number]

    await service.apply_group_action(
        session, group_id=group_id, action="start_investigation", actor=INSPECTOR, now=MONDAY
    )
    report = await service.apply_group_action(
        session,
        group_id=group_id,
        action=Action.RESOLVE,
        actor=INSPECTOR,
        now=MONDAY + timedelta(days=5),
        outcome=TicketOutcome.PAID_IN_FULL,
    )
    await session.commit()
    assert [t.recovered_fen for t in report.applied] == [300_000, 450_000]
    assert [s.number for s in report.skipped] == [tickets[2].number]
    assert "no claimed amount" in report.skipped[0].en

    partial = await service.apply_group_action(
        session,
        group_id=group_id,
        action=Action.RESOLVE,
        actor=INSPECTOR,
        now=MONDAY + timedelta(days=5),
        outcome=TicketOutcome.PAID_IN_PART,
        recovered_fen_by_ticket={tickets[2].id or 0: 120_000},
    )
    assert [t.id for t in partial.applied] == [tickets[2].id]
    assert partial.applied[0].recovered_fen == 120_000


@pytest.mark.parametrize("outcome", [TicketOutcome.NO_ARREARS, TicketOutcome.REFERRED_POLICE])
async def test_group_resolution_without_payment_records_zero(
    session: AsyncSession,
    world: dict[str, Any],
    new_complaint: ComplaintFactory,
    outcome: TicketOutcome,
) -> None:
    ticket = await open_for(session, await new_complaint(employer_id=world["employer_id"]))
    group_id = (await session.get(Complaint, ticket.complaint_id)).group_id  # type: ignore[union-attr]
    for action in (Action.ACCEPT, Action.START_INVESTIGATION):
        await service.apply_group_action(
            session, group_id=group_id or 0, action=action, actor=INSPECTOR, now=MONDAY
        )
    report = await service.apply_group_action(
        session,
        group_id=group_id or 0,
        action="resolve",
        actor=INSPECTOR,
        now=MONDAY,
        outcome=outcome,
    )
    assert [(t.outcome_code, t.recovered_fen) for t in report.applied] == [(outcome.value, 0)]


async def test_raising_priority_retries_when_an_inspector_got_there_first(
    session: AsyncSession,
    world: dict[str, Any],
    new_complaint: ComplaintFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ticket = await open_for(session, await new_complaint(employer_id=world["employer_id"]))
    real_change = groups.change_ticket
    calls: list[int] = []

    async def change_after_someone_else(session: AsyncSession, ticket: Ticket, **kw: Any) -> None:
        calls.append(kw["seen_version"])
        if len(calls) == 1:  # an inspector's change lands between our read and our write
            await session.execute(
                update(Ticket).where(col(Ticket.id) == ticket.id).values(version=7)
            )
        await real_change(session, ticket, **kw)

    monkeypatch.setattr(groups, "change_ticket", change_after_someone_else)
    await open_for(session, await new_complaint(employer_id=world["employer_id"], headcount=12))
    raised = await session.get(Ticket, ticket.id, populate_existing=True)
    assert calls == [0, 7]
    assert raised is not None and raised.priority == "urgent" and raised.version == 8
