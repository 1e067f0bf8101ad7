"""Complaint submission: stored, routed, ticketed and announced exactly once."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import event, func, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from intake.chats import complaints
from intake.demo.seed import seed_demo
from intake.dialogue import (
    Draft,
    EmployerChoice,
    EmployerRef,
    SubmissionReceipt,
    SubmitComplaint,
)
from intake.tickets import notices
from intake.tickets.sla import SlaPolicy
from models import (
    Complaint,
    Employer,
    EmployerAlias,
    OutboxMessage,
    RoutingDecisionRecord,
    TaskForce,
    Ticket,
)
from routing.router import Router
from routing.runtime import router_from_db

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # a Monday, 10:00 in Shanghai


async def _world(session: AsyncSession) -> Draft:
    await seed_demo(session)
    tf = await session.scalar(select(TaskForce).where(TaskForce.code == "TF1_CONSTRUCTION"))
    assert tf is not None
    tf.telegram_chat_id = -100123
    session.add(tf)
    await session.flush()
    row = (await session.execute(select(Complaint).limit(1))).first()
    assert row is None
    builder = await session.scalar(
        select(Employer).where(Employer.sector == "construction", Employer.ownership == "private")
    )
    assert builder is not None
    return Draft(
        draft_id="d1",
        started_at=NOW,
        consent_at=NOW,
        name="王大力",
        phone="13812345678",
        employer=EmployerChoice(
            typed="那个宏达的工地",
            kind="org",
            status="matched",
            record=EmployerRef(
                id=builder.registry_id,
                name=builder.name,
                sector=builder.sector,
                ownership=builder.ownership,
                township=builder.township,
            ),
        ),
        project="锦绣花园",
        township="大冶镇",
        amount_yuan=35000,
        headcount=3,
        description="在工地干木工，老板欠我们三万五",
    )


async def _submit(
    session: AsyncSession,
    effect: SubmitComplaint,
    router: Router,
    recipients: notices.RecentRecipients | None = None,
) -> SubmissionReceipt:
    return await complaints.submit(
        session,
        effect=effect,
        channel="web",
        external_id="x",
        router=router,
        now=NOW,
        policy=SlaPolicy(),
        recipients=recipients,
    )


async def test_submit_is_idempotent_and_complete(session: AsyncSession) -> None:
    draft = await _world(session)
    router = await router_from_db(session)
    effect = SubmitComplaint(idempotency_key="k-1", conversation_id="web:x", draft=draft)
    first = await _submit(session, effect, router)
    second = await _submit(session, effect, router)
    await session.commit()
    assert first == second
    assert first.task_force == "工程建设领域工作专班" and first.township == "大冶镇"
    assert await session.scalar(select(func.count()).select_from(Complaint)) == 1
    assert await session.scalar(select(func.count()).select_from(Ticket)) == 1
    decision = await session.scalar(select(RoutingDecisionRecord))
    assert decision is not None and decision.task_force_code == "TF1_CONSTRUCTION"
    assert decision.reasons and decision.table_version == "v1"
    complaint = await session.scalar(select(Complaint))
    assert complaint is not None and complaint.amount_fen == 3_500_000
    assert not complaint.employer_unmatched
    assert draft.employer is not None and draft.employer.record is not None
    registered = await session.scalar(
        select(Employer.id).where(Employer.registry_id == draft.employer.record.id)
    )
    assert registered is not None and complaint.employer_id == registered
    # the card goes to the task force's group, without the complainant's name or phone
    card = await session.scalar(select(OutboxMessage).where(OutboxMessage.chat_id == "-100123"))
    assert card is not None and first.ticket_number in card.text
    assert "王大力" not in card.text and "13812345678" not in card.text
    # the worker's spelling is remembered for the matcher
    alias = await session.scalar(select(EmployerAlias))
    assert alias is not None and alias.source == "worker"

    found = await complaints.find_open_complaint(
        session,
        phone="13812345678",
        employer_id=draft.employer.record.id if draft.employer and draft.employer.record else None,
        employer_name="别的名字",
    )
    assert found is not None and found.ticket_number == first.ticket_number
    statuses = await complaints.complaint_statuses(session, phone="13812345678", ticket_numbers=[])
    assert [s.ticket_number for s in statuses] == [first.ticket_number]


async def test_an_employer_gone_from_the_registry_is_stored_as_typed_and_flagged(
    session: AsyncSession,
) -> None:
    """The worker confirmed a registry entry that an import has removed since: the complaint
    keeps the name as typed, with no employer row, flagged for the registry admins."""
    draft = await _world(session)
    assert draft.employer is not None and draft.employer.record is not None
    gone = draft.employer.record.model_copy(update={"id": "91000000MA00000000"})
    draft = draft.model_copy(
        update={"employer": draft.employer.model_copy(update={"record": gone})}
    )
    receipt = await complaints.submit(
        session,
        effect=SubmitComplaint(idempotency_key="k-gone", conversation_id="web:y", draft=draft),
        channel="web",
        external_id="y",
        router=await router_from_db(session),
        now=NOW,
        policy=SlaPolicy(),
    )
    await session.commit()
    complaint = await session.scalar(select(Complaint))
    assert complaint is not None and complaint.id == receipt.complaint_id
    assert complaint.employer_id is None and complaint.employer_unmatched
    assert complaint.employer_name_typed == "那个宏达的工地"
    # nothing to remember the spelling against
    assert await session.scalar(select(func.count()).select_from(EmployerAlias)) == 0


async def test_a_serving_process_reads_the_task_forces_again_after_max_age(
    session: AsyncSession,
) -> None:
    """Filing reads the task forces' chats once per `max_age_s`, not per complaint; an admin's
    change reaches the new-ticket cards once that time has passed."""
    draft = await _world(session)  # TF1's group chat: -100123
    router = await router_from_db(session)
    clock = [0.0]
    recent = notices.RecentRecipients(2.0, clock=lambda: clock[0])
    reads: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        if "FROM task_force" in statement:
            reads.append(statement)

    async def file(key: str) -> str:
        effect = SubmitComplaint(idempotency_key=key, conversation_id="web:x", draft=draft)
        receipt = await _submit(session, effect, router, recent)
        card = await session.scalar(
            select(OutboxMessage).where(col(OutboxMessage.text).contains(receipt.ticket_number))
        )
        assert card is not None and receipt.task_force == "工程建设领域工作专班"
        return card.chat_id

    sync_engine = session.bind.sync_engine  # type: ignore[union-attr]
    event.listen(sync_engine, "before_cursor_execute", count)
    try:
        assert await file("k-1") == "-100123"
        # an admin moves the task force to another group
        await session.execute(
            update(TaskForce)
            .where(col(TaskForce.code) == "TF1_CONSTRUCTION")
            .values(telegram_chat_id=-100456)
        )
        clock[0] = 1.9
        assert await file("k-2") == "-100123"  # read 1.9 s ago: not read again
        clock[0] = 2.0
        assert await file("k-3") == "-100456"
    finally:
        event.remove(sync_engine, "before_cursor_execute", count)
    assert len(reads) == 2
