"""Group cases: complaints against the same employer (and project) are linked, the group
keeps the total headcount and amount, and it turns urgent at the 10-worker red line.

The key is the registry employer when the complaint was matched; otherwise the name as
typed, normalised (simplified, half-width, no punctuation or legal form) and scoped to the
township, so that two different "老王"s in two townships are not one group. The project
name, normalised the same way, narrows the group; an empty project is a group of its own.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import bindparam, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import col, select

from intake import messaging
from intake.tickets import notices
from intake.tickets.errors import TicketConflict
from intake.tickets.sla import SlaPolicy, as_utc
from intake.tickets.store import aware, change_ticket, get_ticket
from intake.tickets.timeline import Actor
from models import CaseGroup, Complaint, Employer, Ticket
from models.base import utcnow
from models.codes.ticket_status import UNRESOLVED
from models.upserts import insert_returning_objects
from routing.simplify import t2s

log = logging.getLogger(__name__)
_GROUPS = CaseGroup.__table__  # type: ignore[attr-defined]
_COMPLAINTS = Complaint.__table__  # type: ignore[attr-defined]
# Create the group or add to its totals, in one statement that hands back the row.
_ADD_TO_GROUP = insert_returning_objects(
    CaseGroup,
    columns=[
        "group_key",
        "employer_id",
        "project_name",
        "headcount_total",
        "amount_total_fen",
        "urgent",
        "created_at",
    ],
    conflict=["group_key"],
    update={
        "headcount_total": "case_group.headcount_total + excluded.headcount_total",
        "amount_total_fen": "case_group.amount_total_fen + excluded.amount_total_fen",
    },
)
# Claim the complaint for the group, unless it is linked already (built once: every
# submission runs it)
_CLAIM = (
    update(_COMPLAINTS)
    .where(_COMPLAINTS.c.id == bindparam("complaint_id"), _COMPLAINTS.c.group_id.is_(None))
    .values(group_id=bindparam("group_id"))
)

# Longest first, so 股份有限公司 is not cut down to 股份.
_LEGAL_FORMS = ("股份有限公司", "有限责任公司", "集团有限公司", "有限公司", "集团", "公司")
_PROJECT_WORDS = ("建设项目", "项目部", "项目", "工地", "工程")
_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)
_PART_MAX = 120  # keeps the key under the column's 320 characters


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "")
    return _NOT_WORD.sub("", t2s().convert(text)).lower()


def _strip_suffix(text: str, suffixes: tuple[str, ...]) -> str:
    for suffix in suffixes:
        if text.endswith(suffix) and len(text) > len(suffix):
            return text[: -len(suffix)]
    return text


def normalize_employer_name(text: str) -> str:
    return _strip_suffix(_plain(text), _LEGAL_FORMS)


def normalize_project_name(text: str) -> str:
    return _strip_suffix(_plain(text), _PROJECT_WORDS)


def group_key(
    *, employer_id: int | None, employer_name_typed: str, project_name: str, township: str = ""
) -> str | None:
    """The key complaints of one group share, or None when the employer is unknown."""
    project = normalize_project_name(project_name)[:_PART_MAX]
    if employer_id is not None:
        return f"e:{employer_id}|p:{project}"
    name = normalize_employer_name(employer_name_typed)[:_PART_MAX]
    if not name:
        return None
    return f"n:{name}@{_plain(township)[:40]}|p:{project}"


async def link_to_group(
    session: AsyncSession,
    *,
    complaint: Complaint,
    now: datetime | None = None,
    policy: SlaPolicy | None = None,
    recipients: notices.Recipients | None = None,
) -> CaseGroup | None:
    """Put the complaint into its group (once) and add it to the group's totals.
    `recipients`: the task forces, when the caller has loaded them already.

    Safe when replicas link complaints of the same group at once: one upsert creates the
    group or adds to its totals in SQL (holding the group's row until commit), the complaint
    is then claimed with a conditional UPDATE, and only the linker whose claim holds and
    whose totals cross the red line raises the tickets and tells the office.
    """
    policy = policy or SlaPolicy()
    when = as_utc(now or utcnow())
    if complaint.id is None:
        session.add(complaint)
        await session.flush()
    assert complaint.id is not None
    if complaint.group_id is not None:
        return await session.get(CaseGroup, complaint.group_id, populate_existing=True)
    key = group_key(
        employer_id=complaint.employer_id,
        employer_name_typed=complaint.employer_name_typed,
        project_name=complaint.project_name,
        township=complaint.township,
    )
    if key is None:
        return None

    # Two statements on the common path (every submission links its complaint): the upsert
    # hands back the group row, so nothing is read again before the red-line check
    headcount, amount = headcount_of(complaint), complaint.amount_fen or 0
    group = await session.scalar(
        _ADD_TO_GROUP,
        {
            "group_key": key,
            "employer_id": complaint.employer_id,
            "project_name": (complaint.project_name or "")[:256],
            "headcount_total": headcount,
            "amount_total_fen": amount,
            "urgent": False,
            "created_at": when,
        },
    )
    assert group is not None and group.id is not None

    claimed = await (await session.connection()).execute(
        _CLAIM, {"complaint_id": complaint.id, "group_id": group.id}
    )
    if getattr(claimed, "rowcount", 0) != 1:
        # Linked by someone else meanwhile: take back what the upsert added. Nobody saw it:
        # the upsert holds the group's row until this transaction ends.
        await session.execute(
            update(_GROUPS)
            .where(_GROUPS.c.id == group.id)
            .values(
                headcount_total=_GROUPS.c.headcount_total - headcount,
                amount_total_fen=_GROUPS.c.amount_total_fen - amount,
            )
        )
        await session.refresh(complaint)
        return await session.get(CaseGroup, complaint.group_id, populate_existing=True)
    set_committed_value(complaint, "group_id", group.id)

    if group.urgent or group.headcount_total < policy.group_urgent_headcount:
        return group
    crossed = await session.execute(
        update(_GROUPS)
        .where(
            _GROUPS.c.id == group.id,
            _GROUPS.c.urgent.is_(False),
            _GROUPS.c.headcount_total >= policy.group_urgent_headcount,
        )
        .values(urgent=True)
        .returning(_GROUPS.c.id)
    )
    if crossed.scalar_one_or_none() is not None:
        set_committed_value(group, "urgent", True)
        await _raise_to_urgent(session, group=group, now=when, policy=policy, recipients=recipients)
    return group


def headcount_of(complaint: Complaint) -> int:
    """A complaint speaks for at least its author."""
    return max(complaint.headcount or 1, 1)


async def tickets_in_group(session: AsyncSession, group_id: int) -> list[Ticket]:
    rows = await session.scalars(
        select(Ticket)
        .join(Complaint, col(Complaint.id) == col(Ticket.complaint_id))
        .where(Complaint.group_id == group_id)
        .order_by(col(Ticket.id))
        .execution_options(populate_existing=True)
    )
    return aware(list(rows))


async def _raise_to_urgent(
    session: AsyncSession,
    *,
    group: CaseGroup,
    now: datetime,
    policy: SlaPolicy,
    recipients: notices.Recipients | None = None,
) -> None:
    assert group.id is not None
    for ticket in await tickets_in_group(session, group.id):
        await _raise_ticket(session, ticket, group=group, now=now, policy=policy)
    recipients = recipients or await notices.load_recipients(session)
    if recipients.office_chat is None:
        log.warning("group #%s turned urgent but the office has no Telegram chat", group.id)
        return
    await messaging.enqueue(
        session,
        chat_id=recipients.office_chat,
        text=notices.group_urgent_text(
            group_id=group.id,
            label=await group_label(session, group),
            headcount=group.headcount_total,
            amount_fen=group.amount_total_fen,
            threshold=policy.group_urgent_headcount,
        ),
        dedupe_key=f"group-urgent:{group.id}",
        now=now,
        kind="group_urgent",
        extra={"group_id": group.id},
    )


async def _raise_ticket(
    session: AsyncSession, ticket: Ticket, *, group: CaseGroup, now: datetime, policy: SlaPolicy
) -> None:
    urgent = policy.urgent_priority
    for _attempt in range(3):
        if ticket.status not in UNRESOLVED or ticket.priority == urgent:
            return
        values: dict[str, object] = {"priority": urgent}
        # Tighten, never loosen: the urgent clock starts now, when the red line is known.
        if ticket.accepted_at is None and ticket.accept_due_at is not None:
            values["accept_due_at"] = min(
                as_utc(ticket.accept_due_at), policy.accept_due(now, urgent)
            )
        if ticket.accepted_at is not None and ticket.resolve_due_at is not None:
            values["resolve_due_at"] = min(
                as_utc(ticket.resolve_due_at), policy.resolve_due(now, urgent)
            )
        try:
            await change_ticket(
                session,
                ticket,
                seen_version=ticket.version,
                values=values,
                now=now,
                kind="priority_raised",
                actor=Actor.system(),
                body={
                    "from_priority": ticket.priority,
                    "to_priority": urgent,
                    "reason": f"group #{group.id} reached {group.headcount_total} workers",
                    "accept_due_at": values.get("accept_due_at"),
                    "resolve_due_at": values.get("resolve_due_at"),
                },
            )
        except TicketConflict:
            # An inspector changed it meanwhile; nothing was written: look again.
            assert ticket.id is not None
            ticket = await get_ticket(session, ticket.id)
            continue
        return
    log.warning("ticket %s kept changing: priority not raised", ticket.number)


async def group_label(session: AsyncSession, group: CaseGroup) -> str:
    """The employer's registered name (or as typed) and the project, for people."""
    name = ""
    if group.employer_id is not None:
        employer = await session.get(Employer, group.employer_id)
        name = employer.name if employer else ""
    if not name:
        assert group.id is not None
        name = (
            await session.scalar(
                select(Complaint.employer_name_typed)
                .where(Complaint.group_id == group.id)
                .order_by(col(Complaint.id))
                .limit(1)
            )
            or "未知用人单位"
        )
    return f"{name}（{group.project_name}）" if group.project_name else name


@dataclass
class GroupSummary:
    group_id: int
    label: str
    headcount_total: int
    amount_total_fen: int
    urgent: bool
    complaint_count: int
    tickets: list[Ticket] = field(default_factory=list)


async def group_summary(session: AsyncSession, *, group_id: int) -> GroupSummary | None:
    group = await session.get(CaseGroup, group_id, populate_existing=True)
    if group is None:
        return None
    complaint_ids = list(
        await session.scalars(select(Complaint.id).where(Complaint.group_id == group_id))
    )
    return GroupSummary(
        group_id=group_id,
        label=await group_label(session, group),
        headcount_total=group.headcount_total,
        amount_total_fen=group.amount_total_fen,
        urgent=group.urgent,
        complaint_count=len(complaint_ids),
        tickets=await tickets_in_group(session, group_id),
    )
