"""The review queue of employer names kept as typed: registry admins link each to a registry
entry (or add it as a new employer) in one step.

A link corrects the complaint (its employer), is written on the ticket's timeline and in the
audit, and is remembered as a confirmed alias, so the next worker who writes the same form
is matched. When the registry row would send the case to another task force, the link
returns that suggestion; the admin confirms it and the ticket is transferred
(`reroute`), again on the timeline and in the audit.

Keyword-only functions over a session; they flush, the caller commits.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, func
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from intake.tickets import service as ticket_service
from intake.tickets import timeline
from intake.tickets.errors import TicketError
from intake.tickets.store import get_complaint, ticket_for_complaint
from intake.tickets.timeline import Actor
from models import Complaint, Employer, Ticket
from models.codes.ticket_action import Action
from routing.employers import service as employer_service
from routing.employers import uscc as uscc_codes
from routing.employers.index import EmployerIndex
from routing.employers.registry import OWNERSHIPS, SECTORS
from routing.facts import OWNERSHIP_LABELS, SECTOR_LABELS
from routing.router import Router

__all__ = [
    "LinkResult",
    "NewEmployer",
    "QueueItem",
    "ReviewError",
    "add_employer",
    "add_employer_and_link",
    "count_queue",
    "link_employer",
    "list_queue",
    "reroute",
]


class ReviewError(ValueError):
    """A link that cannot be made; the message is Chinese, for the admin."""


@dataclass(frozen=True)
class QueueItem:
    complaint_id: int
    typed: str
    description: str
    township: str
    work_type: str
    project_name: str
    created_at: datetime
    ticket_id: int | None
    ticket_number: str | None
    task_force: str | None


@dataclass(frozen=True)
class LinkResult:
    complaint_id: int
    ticket_id: int | None
    registry_id: str
    employer_name: str
    alias_saved: bool
    current_task_force: str | None
    suggested_task_force: str | None  # set only when it differs from the current one
    reasons: tuple[str, ...] = ()


def _unmatched() -> ColumnElement[bool]:
    return and_(
        col(Complaint.employer_unmatched).is_(True), col(Complaint.employer_name_typed) != ""
    )


async def count_queue(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count()).where(_unmatched())) or 0)


async def list_queue(session: AsyncSession, *, limit: int = 50, offset: int = 0) -> list[QueueItem]:
    """Complaints whose employer is still as typed, oldest first (they wait longest)."""
    rows = await session.execute(
        select(Complaint, Ticket)
        .join(Ticket, col(Ticket.complaint_id) == col(Complaint.id), isouter=True)
        .where(_unmatched())
        .order_by(col(Complaint.id))
        .limit(limit)
        .offset(offset)
    )
    out = []
    for complaint, ticket in rows.all():
        assert complaint.id is not None
        out.append(
            QueueItem(
                complaint_id=complaint.id,
                typed=complaint.employer_name_typed,
                description=complaint.description,
                township=complaint.township,
                work_type=complaint.work_type,
                project_name=complaint.project_name,
                created_at=complaint.created_at,
                ticket_id=ticket.id if ticket else None,
                ticket_number=ticket.number if ticket else None,
                task_force=ticket.task_force_code if ticket else None,
            )
        )
    return out


def _fields(complaint: Complaint, registry_id: str) -> dict[str, object]:
    return {
        "employer_name": complaint.employer_name_typed,
        "employer_id": registry_id,
        "project_name": complaint.project_name,
        "township": complaint.township,
        "headcount": complaint.headcount or 0,
        "amount_yuan": (complaint.amount_fen or 0) // 100,
    }


async def link_employer(
    session: AsyncSession,
    *,
    complaint_id: int,
    registry_id: str,
    actor: Actor,
    now: datetime,
    router: Router,
) -> LinkResult:
    """Set the complaint's employer to the registry row, remember the typed form as its
    confirmed alias, and say whether the ticket should move to another task force.

    `router` must know the registry row (the live router, or one built after adding it)."""
    complaint = await get_complaint(session, complaint_id)
    if not complaint.employer_unmatched:
        raise ReviewError(f"投诉 {complaint_id} 的用人单位已经关联，无需再审")
    employer = await session.scalar(select(Employer).where(Employer.registry_id == registry_id))
    if employer is None or employer.id is None:
        raise ReviewError(f"名录中没有编号为“{registry_id}”的单位")
    typed = complaint.employer_name_typed
    complaint.employer_id, complaint.employer_unmatched = employer.id, False
    session.add(complaint)
    alias = await employer_service.confirm_alias(
        session, text=typed, registry_id=registry_id, source="admin", confirmed_by=actor.user_id
    )
    ticket = await ticket_for_complaint(session, complaint_id)
    suggested: str | None = None
    reasons: tuple[str, ...] = ()
    if ticket is not None:
        decision = router.route(complaint.description, _fields(complaint, registry_id))
        if decision.employer is not None and decision.task_force != ticket.task_force_code:
            suggested, reasons = decision.task_force, tuple(decision.reasons)
        await timeline.record(
            session,
            ticket=ticket,
            kind="employer_linked",
            actor=actor,
            now=now,
            body={
                "typed": typed,
                "registry_id": registry_id,
                "employer": employer.name,
                "alias": alias.alias if alias else None,
                "suggested_task_force": suggested,
            },
        )
    await session.flush()
    return LinkResult(
        complaint_id=complaint_id,
        ticket_id=ticket.id if ticket else None,
        registry_id=registry_id,
        employer_name=employer.name,
        alias_saved=alias is not None,
        current_task_force=ticket.task_force_code if ticket else None,
        suggested_task_force=suggested,
        reasons=reasons,
    )


@dataclass(frozen=True)
class NewEmployer:
    name: str
    sector: str
    ownership: str
    township: str = ""
    uscc: str = ""

    def checked(self) -> NewEmployer:
        name = self.name.strip()
        if not 2 <= len(name) <= 256:
            raise ReviewError("单位名称须为 2 到 256 个字")
        if self.sector not in SECTORS:
            raise ReviewError("请选择行业：" + "、".join(SECTOR_LABELS.get(s, s) for s in SECTORS))
        if self.ownership not in OWNERSHIPS:
            raise ReviewError(
                "请选择性质：" + "、".join(OWNERSHIP_LABELS.get(o, o) for o in OWNERSHIPS)
            )
        code = uscc_codes.clean(self.uscc) if self.uscc.strip() else ""
        if code and (why := uscc_codes.problem(code)) is not None:
            raise ReviewError(f"统一社会信用代码有误：{why}")
        return NewEmployer(name, self.sector, self.ownership, self.township.strip()[:64], code)


async def add_employer(session: AsyncSession, *, new: NewEmployer) -> Employer:
    """A new registry row for an employer the registry did not have (its id starts with A)."""
    new = new.checked()
    if await session.scalar(select(Employer.id).where(Employer.name == new.name)):
        raise ReviewError(f"名录中已有“{new.name}”，请直接关联")
    if new.uscc and await session.scalar(select(Employer.id).where(Employer.uscc == new.uscc)):
        raise ReviewError(f"统一社会信用代码 {new.uscc} 已属于名录中的另一单位")
    row = Employer(
        registry_id=f"A{uuid.uuid4().hex[:10]}",
        name=new.name,
        uscc=new.uscc or None,
        sector=new.sector,
        ownership=new.ownership,
        township=new.township,
    )
    session.add(row)
    await session.flush()
    return row


async def add_employer_and_link(
    session: AsyncSession,
    *,
    complaint_id: int,
    new: NewEmployer,
    actor: Actor,
    now: datetime,
    router: Router,
) -> LinkResult:
    """Add the employer to the registry and link the complaint to it, in one step. The
    live router learns of the new row on its next refresh; the task-force suggestion is
    made with `router` plus this row."""
    row = await add_employer(session, new=new)
    if router.classifier.index is None or router.classifier.index.get(row.registry_id) is None:
        # the suggestion needs only this row: a one-row index, not a rebuild of the registry
        router = Router(
            router.table,
            EmployerIndex.from_records([employer_service.record_of(row)]),
            router.classifier.townships,
            router.lexicons,
        )
    return await link_employer(
        session,
        complaint_id=complaint_id,
        registry_id=row.registry_id,
        actor=actor,
        now=now,
        router=router,
    )


async def reroute(
    session: AsyncSession,
    *,
    ticket_id: int,
    task_force: str,
    actor: Actor,
    now: datetime,
    reason: str,
) -> Ticket:
    """Transfer the ticket to the task force the linked employer calls for (on confirmation)."""
    try:
        return await ticket_service.apply_action(
            session,
            ticket_id=ticket_id,
            action=Action.TRANSFER,
            actor=actor,
            now=now,
            reason=reason,
            target_task_force=task_force,
        )
    except TicketError as exc:  # not transferable in its status, unknown task force, ...
        raise ReviewError(exc.zh) from exc
