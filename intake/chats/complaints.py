"""Complaints from the dialogue: stored, routed and ticketed in one transaction, exactly once.

The dialogue engine emits effects (`SubmitComplaint`, `AttachToComplaint`, `AddEvidence`);
this module carries them out over a session and answers the engine's look-ups (an open
complaint against the same employer, /status).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, bindparam, insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.base import Executable
from sqlmodel import col, or_, select

from intake import messaging
from intake.dialogue.draft import Draft, OpenComplaint
from intake.dialogue.effects import (
    AddEvidence,
    AttachToComplaint,
    ComplaintStatus,
    SubmissionReceipt,
    SubmitComplaint,
)
from intake.dialogue.slots import SLOTS
from intake.localtime import local_date
from intake.reports.masking import mask_in_text
from intake.tickets import notices, timeline
from intake.tickets.service import open_ticket
from intake.tickets.sla import SlaPolicy, due_day
from intake.tickets.store import ticket_for_complaint
from models import Complaint, Employer, RoutingDecisionRecord, TaskForce, Ticket
from models.codes.priority import priority_label
from models.codes.red_flag import flag_label
from models.codes.ticket_status import OPEN_STATUSES, Status
from models.upserts import insert_returning_objects
from routing.employers import service as employer_service
from routing.employers.normalize import normalize_text
from routing.router import Router
from routing.router import RoutingDecision as Decision

# The complaint's columns besides those the dialogue's slots declare (intake/dialogue/slots.py).
_COMPLAINT_COLUMNS = (
    "idempotency_key",
    "channel",
    "external_id",
    "employer_id",
    "employer_unmatched",
    "description",
    "attachments",
    "over_two_years",
    "created_at",
)
# A Core insert: a SQLModel object (pydantic validation) and a unit-of-work flush cost several
# times the statement.
_INSERT_DECISION = insert(RoutingDecisionRecord.__table__)  # type: ignore[attr-defined]
# The registry employer the worker confirmed, found by the insert itself (one round trip
# fewer than looking it up first); none when it is not in the registry (any more).
_EMPLOYER_ROW = (
    f"(SELECT id FROM {Employer.__tablename__} WHERE registry_id = :employer_registry_id)"
)


@cache
def _insert_complaint(slot_columns: tuple[str, ...]) -> Executable:
    """The complaint's insert, built once for the columns the slots declare. A key stored
    already (a retried or raced submission) inserts nothing and returns no row."""
    return insert_returning_objects(
        Complaint,
        columns=[*_COMPLAINT_COLUMNS, *slot_columns],
        conflict=["idempotency_key"],
        values={"employer_id": _EMPLOYER_ROW, "employer_unmatched": f"{_EMPLOYER_ROW} IS NULL"},
    )


_insert_complaint(SLOTS.complaint_columns)  # built, and checked against the table, at import


def _attachments(draft: Draft) -> list[dict[str, Any]]:
    return [e.model_dump(mode="json") for e in draft.evidence]


async def _task_force_name(session: AsyncSession, code: str) -> str:
    tf = await session.scalar(select(TaskForce).where(TaskForce.code == code))
    return tf.name if tf else code


async def _receipt(
    session: AsyncSession,
    ticket: Ticket,
    key: str,
    policy: SlaPolicy,
    *,
    attached: bool = False,
    names: Mapping[str, str] | None = None,
) -> SubmissionReceipt:
    """What the worker is told; `names` (task force code -> name) when already loaded."""
    assert ticket.accept_due_at is not None
    name = (names or {}).get(ticket.task_force_code)
    return SubmissionReceipt(
        idempotency_key=key,
        ticket_number=ticket.number,
        complaint_id=ticket.complaint_id,
        task_force=name or await _task_force_name(session, ticket.task_force_code),
        township=ticket.township or None,
        expected_acceptance_date=due_day(ticket.accept_due_at, policy.tz),
        attached=attached,
    )


async def submit(
    session: AsyncSession,
    *,
    effect: SubmitComplaint,
    channel: str,
    external_id: str,
    router: Router,
    now: datetime,
    policy: SlaPolicy,
    recipients: notices.RecentRecipients | None = None,
) -> SubmissionReceipt:
    """Store, route and ticket a complaint; the same idempotency key returns the same ticket.
    `recipients`: a serving process's recently read task-force chats (else they are read)."""
    draft = effect.draft
    routing_input = draft.routing_input()
    decision = router.route(routing_input["text"], routing_input["fields"])
    record = draft.employer.record if draft.employer else None
    answers = SLOTS.complaint_values(draft)
    # Insert first, no look-up: only a retried or raced submission finds its key taken,
    # and then nothing is inserted and no row comes back.
    complaint = await session.scalar(
        _insert_complaint(SLOTS.complaint_columns),
        {
            **answers,
            "idempotency_key": effect.idempotency_key,
            "channel": channel,
            "external_id": external_id,
            "employer_registry_id": record.id if record is not None else None,
            "township": answers["township"] or decision.township or "",
            # what was kept as the worker typed it (a place, a project) heads the text staff read
            "description": "\n".join(
                x for x in (draft.unverified_note(), routing_input["text"]) if x
            ),
            "attachments": _attachments(draft),
            "over_two_years": effect.over_two_years,
            "created_at": now,
        },
    )
    if complaint is None:
        complaint = await session.scalar(
            select(Complaint).where(Complaint.idempotency_key == effect.idempotency_key)
        )
        assert complaint is not None and complaint.id is not None
        ticket = await ticket_for_complaint(session, complaint.id)
        if ticket is not None:
            return await _receipt(session, ticket, effect.idempotency_key, policy)
    assert complaint.id is not None
    await _remember_spelling(session, draft, complaint.employer_id)
    await session.execute(_INSERT_DECISION, _decision_values(complaint.id, decision, now))
    chats = await (
        recipients.get(session) if recipients is not None else notices.load_recipients(session)
    )
    ticket = await open_ticket(
        session,
        complaint=complaint,
        task_force_code=decision.task_force,
        township=complaint.township,
        priority=decision.priority,
        now=now,
        policy=policy,
        recipients=chats,
    )
    await _announce(session, chats, ticket=ticket, complaint=complaint, decision=decision, now=now)
    return await _receipt(session, ticket, effect.idempotency_key, policy, names=chats.names)


async def _remember_spelling(session: AsyncSession, draft: Draft, employer_id: int | None) -> None:
    """The worker confirmed which registry employer their words mean: the matcher consults
    that spelling first from now on (admins can remove a wrong one in /admin)."""
    choice = draft.employer
    if choice is None or choice.status != "matched" or choice.record is None:
        return
    typed = choice.typed.strip()
    if choice.kind == "person" or typed == choice.record.name or len(typed) > 60:
        return
    alias = normalize_text(typed)
    if alias and employer_id is not None:
        await employer_service.remember_alias(
            session, alias=alias, employer_id=employer_id, source="worker"
        )


def _decision_values(complaint_id: int, decision: Decision, now: datetime) -> dict[str, Any]:
    return {
        "complaint_id": complaint_id,
        "table_version": decision.table_version[:32],
        "rule_key": decision.rule_id,
        "task_force_code": decision.task_force,
        "township": decision.township or "",
        "priority": decision.priority,
        "flags": list(decision.flags),
        "notify": list(decision.notify),
        "reasons": list(decision.reasons),
        "facts": decision.facts.to_dict() if decision.facts is not None else {},
        "created_at": now,
    }


def ticket_card(ticket: Ticket, complaint: Complaint, decision: Decision) -> str:
    """The card for the task force's group. No name, phone or ID: identity is confidential."""
    # names as the worker typed them: a number typed into one is masked like the description's
    employer = mask_in_text(complaint.employer_name_typed) or "（未填）"
    project = mask_in_text(complaint.project_name)
    lines = [
        f"【新工单】{ticket.number}（{priority_label(ticket.priority)}）",
        f"用人单位：{employer}" + ("（未在名录中）" if complaint.employer_unmatched else ""),
        f"属地：{ticket.township or '待定'}；项目：{project or '未填'}",
        f"人数：{complaint.headcount or '未填'}；金额："
        + (f"{complaint.amount_fen / 100:,.0f} 元" if complaint.amount_fen else "未填"),
    ]
    if decision.flags:
        lines.append("红线：" + "、".join(flag_label(f) for f in decision.flags))
    if complaint.over_two_years:
        lines.append("注意：欠薪已超过两年，需依法说明不予受理的理由。")
    lines.append("分派理由：" + "；".join(decision.reasons[:2]))
    return "\n".join(lines)


async def _announce(
    session: AsyncSession,
    recipients: notices.Recipients,
    *,
    ticket: Ticket,
    complaint: Complaint,
    decision: Decision,
    now: datetime,
) -> None:
    """Queue the ticket card for the task force and, for red-line cases, the office."""
    assert ticket.id is not None
    codes = [ticket.task_force_code, *decision.notify]
    text = ticket_card(ticket, complaint, decision)
    sent_to: set[str] = set()
    for code in codes:
        chat = recipients.by_code.get(code) or (
            recipients.office_chat if code == "OFFICE" else None
        )
        if chat is None or chat in sent_to:
            continue
        sent_to.add(chat)
        await messaging.enqueue(
            session,
            chat_id=chat,
            text=text,
            kind="ticket_card",
            buttons=notices.card_buttons(ticket.id),
            dedupe_key=f"card:{ticket.id}:{chat}",
            now=now,
            ticket_id=ticket.id,
        )


async def attach(
    session: AsyncSession,
    *,
    effect: AttachToComplaint,
    now: datetime,
    policy: SlaPolicy,
) -> SubmissionReceipt:
    """Add a worker's new facts and evidence to their open complaint (once per key)."""
    ticket = await session.scalar(select(Ticket).where(Ticket.number == effect.ticket_number))
    if ticket is None:
        raise LookupError(f"no ticket {effect.ticket_number}")
    complaint = await session.get(Complaint, ticket.complaint_id)
    assert complaint is not None
    seen = {e.get("idempotency_key") for e in complaint.attachments if isinstance(e, dict)}
    if effect.idempotency_key not in seen:
        draft = effect.draft
        complaint.attachments = [
            *complaint.attachments,
            *_attachments(draft),
            {"idempotency_key": effect.idempotency_key, "kind": "addendum"},
        ]
        session.add(complaint)
        await timeline.record(
            session,
            ticket=ticket,
            kind="worker_added",
            actor=timeline.Actor.worker(),
            now=now,
            body={
                "text": draft.routing_input()["text"][:4000],
                "amount_yuan": draft.amount_yuan,
                "headcount": draft.headcount,
                "evidence": len(draft.evidence),
            },
        )
        await session.flush()
    return await _receipt(session, ticket, effect.idempotency_key, policy, attached=True)


async def add_evidence(session: AsyncSession, *, effect: AddEvidence, now: datetime) -> None:
    ticket = await session.scalar(select(Ticket).where(Ticket.number == effect.ticket_number))
    if ticket is None:
        return
    complaint = await session.get(Complaint, ticket.complaint_id)
    assert complaint is not None
    item = effect.evidence.model_dump(mode="json")
    if item not in complaint.attachments:
        complaint.attachments = [*complaint.attachments, item]
        session.add(complaint)
        await timeline.record(
            session,
            ticket=ticket,
            kind="evidence_added",
            actor=timeline.Actor.worker(),
            now=now,
            body={"kind": effect.evidence.kind, "file_name": effect.evidence.file_name},
        )
        await session.flush()


# A worker's open complaints, newest first: only the four columns shown. Built once (the
# lookup runs in the middle of a conversation, once per phone and employer), against the
# typed name, or the typed name or the registry id (the employer's row as a subquery).
_OPEN_BY_PHONE = (
    select(
        col(Ticket.number),
        col(Ticket.status),
        col(Complaint.employer_name_typed),
        col(Complaint.created_at),
    )
    .join(Ticket, col(Ticket.complaint_id) == col(Complaint.id))
    .where(col(Complaint.phone) == bindparam("phone"), col(Ticket.status).in_(OPEN_STATUSES))
    .order_by(col(Complaint.id).desc())
    .limit(1)
)
_SAME_NAME = col(Complaint.employer_name_typed) == bindparam("employer_name")
_OPEN_SAME_NAME = _OPEN_BY_PHONE.where(_SAME_NAME)
_OPEN_SAME_EMPLOYER = _OPEN_BY_PHONE.where(
    or_(
        _SAME_NAME,
        col(Complaint.employer_id)
        == select(Employer.id)
        .where(Employer.registry_id == bindparam("employer_id"))
        .scalar_subquery(),
    )
)


async def find_open_complaint(
    session: AsyncSession, *, phone: str, employer_id: str | None, employer_name: str
) -> OpenComplaint | None:
    """The worker's open complaint against the same employer (registry id or typed name)."""
    if not phone:
        return None
    params = {"phone": phone, "employer_name": employer_name}
    query = _OPEN_SAME_NAME
    if employer_id:
        query, params["employer_id"] = _OPEN_SAME_EMPLOYER, employer_id
    conn = await session.connection()  # Core: no ORM loading for four plain columns
    row = (await conn.execute(query, params)).first()
    if row is None:
        return None
    return OpenComplaint(
        ticket_number=row.number,
        employer_name=row.employer_name_typed,
        filed_on=local_date(row.created_at) if row.created_at else None,
        status_label=Status(row.status).label,
    )


async def complaint_statuses(
    session: AsyncSession, *, phone: str | None, ticket_numbers: Sequence[str]
) -> list[ComplaintStatus]:
    conditions: list[ColumnElement[bool]] = []
    if ticket_numbers:
        conditions.append(col(Ticket.number).in_(list(ticket_numbers)))
    if phone:
        conditions.append(col(Complaint.phone) == phone)
    if not conditions:
        return []
    rows = await session.execute(
        select(Ticket)
        .join(Complaint, col(Ticket.complaint_id) == col(Complaint.id))
        .where(or_(*conditions))
        .order_by(col(Ticket.id).desc())
        .limit(10)
    )
    names = {tf.code: tf.name for tf in await session.scalars(select(TaskForce))}
    return [
        ComplaintStatus(
            ticket_number=t.number,
            status_label=Status(t.status).label,
            task_force=names.get(t.task_force_code, t.task_force_code),
            township=t.township or None,
            updated_on=local_date(t.updated_at) if t.updated_at else None,
        )
        for (t,) in rows
    ]
