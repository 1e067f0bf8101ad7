"""One ticket as an inspector sees it: the case facts, routing reasons, the timeline, the
group it belongs to and the actions allowed now. Personal data is masked unless the viewer
asks to see it, and that request is audited."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from intake.chats.evidence_files import EvidenceItem, evidence_of
from intake.localtime import to_local
from intake.reports.masking import mask_description, mask_id_number, mask_name, mask_phone
from intake.reports.pii import PII_FIELDS, record_pii_view
from intake.staff.access import Viewer
from intake.tickets import actions, service
from intake.tickets.errors import TicketError, TicketNotFound
from intake.tickets.store import get_complaint, get_ticket
from intake.tickets.timeline import events_of
from models import Complaint, Employer, RoutingDecisionRecord, TaskForce, Ticket
from models.codes.channel import channel_label
from models.codes.priority import priority_label
from models.codes.ticket_action import Action
from models.codes.ticket_outcome import TicketOutcome
from models.codes.ticket_status import Status

# events other than actions (an action's event is labelled as the action)
EVENT_LABELS: dict[str, str] = {
    "opened": "立案",
    "escalated": "超期督办",
    "priority_raised": "升为紧急",
    "merged_from": "并入其他工单",
    "followup_answer": "回访答复",
    "worker_added": "投诉人补充",
    "evidence_added": "投诉人补充证据",
    "employer_linked": "名录审核关联用人单位",
    "worker_unreachable": "未能送达",
    "worker_reachable": "投诉人已收到消息",
    "office_review": "转联席办复核",
}

# timeline details that people write freely (the worker's additions and answers, the
# inspectors' questions, reasons and notes of a phone call)
FREE_TEXT_KEYS = frozenset({"reason", "question", "answer", "comment", "text"})
_DETAIL_LABELS: dict[str, str] = {
    "reason": "原因",
    "question": "补正问题",
    "answer": "补正内容",
    "outcome_label": "办结方式",
    "recovered_fen": "追回金额",
    "accept_due_at": "受理期限",
    "resolve_due_at": "办结期限",
    "from_due_at": "原办结期限",
    "due_at": "期限",
    "phase": "超期环节",
    "task_force": "专班",
    "township": "属地",
    "priority": "优先级",
    "to_task_force": "转至专班",
    "to_township": "转至属地",
    "from_task_force": "原专班",
    "from_township": "原属地",
    "merge_into_number": "并入工单",
    "number": "工单",
    "paid": "已拿到工资",
    "satisfied": "满意",
    "comment": "说明",
    "text": "补充内容",
    "amount_yuan": "金额（元）",
    "headcount": "人数",
    "note": "备注",
    "from_priority": "原优先级",
    "to_priority": "新优先级",
    "over_two_years": "超过两年",
    "file_name": "文件",
    "typed": "工人填写的单位",
    "registry_id": "名录编号",
    "employer": "名录单位",
    "alias": "确认别名",
    "suggested_task_force": "建议改派专班",
    "channel": "渠道",
}
# an overdue phase is named by the action whose deadline passed
_PHASES = {a.value: a.label for a in (Action.ACCEPT, Action.RESOLVE)}


def format_deadline(moment: datetime, fmt: str = "%Y-%m-%d") -> str:
    """Local time; a deadline at local midnight reads as 24:00 of the day before, which is
    the last day on which it is met (the way people say 11月27日24时前)."""
    local = to_local(moment)
    if (local.hour, local.minute, local.second) == (0, 0, 0):
        return f"{local - timedelta(days=1):{fmt}} 24:00"
    return f"{local:{fmt} %H:%M}"


def _detail_value(key: str, value: Any) -> str:
    if key == "recovered_fen" and isinstance(value, int):
        return f"{value / 100:,.2f} 元"
    if key == "phase":
        return _PHASES.get(str(value), str(value))
    if isinstance(value, bool):
        return "是" if value else "否"
    if key.endswith("_at") and isinstance(value, str):
        try:
            return format_deadline(datetime.fromisoformat(value))
        except ValueError:
            return value
    if key in ("priority", "from_priority", "to_priority"):
        return priority_label(str(value))
    return str(value)


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    kind: str
    label: str
    actor: str
    from_status: str | None
    to_status: str | None
    details: list[tuple[str, str]]


@dataclass(frozen=True)
class GroupInfo:
    group_id: int
    label: str
    headcount_total: int
    amount_total_fen: int
    urgent: bool
    complaint_count: int
    visible: list[Ticket]
    hidden_count: int  # tickets of the group in units the viewer may not see


@dataclass(frozen=True)
class Undelivered:
    """A message to the worker did not arrive: the inspector phones instead (未能送达).

    The number is shown in full here: calling it is what the inspector must do now."""

    channel: str
    reason: str
    since: datetime | None
    phone: str


@dataclass
class TicketView:
    ticket: Ticket
    complaint: Complaint
    employer: str
    task_force_name: str
    decision: RoutingDecisionRecord | None
    timeline: list[TimelineEntry]
    actions: list[Action]
    group: GroupInfo | None
    pii_revealed: bool
    complainant: str
    phone: str
    id_number: str
    description: str
    outcomes: list[TicketOutcome] = field(default_factory=lambda: list(TicketOutcome))
    undelivered: Undelivered | None = None
    evidence: list[EvidenceItem] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return Status(self.ticket.status).label

    @property
    def may_record_followup(self) -> bool:
        return self.ticket.status in (Status.RESOLVED.value, Status.FOLLOWUP.value)


def not_visible(ref: object) -> TicketNotFound:
    """The one answer for a ticket that does not exist and for another unit's: the two must
    not be told apart, or the answer would confirm that someone else's case exists."""
    return TicketNotFound(f"工单 {ref} 不存在或无权查看", f"ticket {ref} not found or not yours")


async def visible_ticket(
    session: AsyncSession, *, viewer: Viewer, ticket_id: int, ref: object = None
) -> Ticket:
    """The ticket, fresh; TicketNotFound when it does not exist *or* is another unit's."""
    try:
        ticket = await get_ticket(session, ticket_id)
    except TicketNotFound:
        raise not_visible(ticket_id if ref is None else ref) from None
    if not viewer.can_see(ticket):
        raise not_visible(ticket_id if ref is None else ref)
    return ticket


async def ticket_by_number_or_id(session: AsyncSession, *, viewer: Viewer, ref: str) -> Ticket:
    """A ticket named by its number (AX20260302-000012) or its id, within the viewer's scope."""
    text = (ref or "").strip()
    if text.isdigit():
        return await visible_ticket(session, viewer=viewer, ticket_id=int(text))
    found = await session.scalar(select(Ticket.id).where(Ticket.number == text.upper()))
    if found is None:
        raise not_visible(text)
    return await visible_ticket(session, viewer=viewer, ticket_id=found, ref=text)


async def allowed_actions_for(
    session: AsyncSession, *, viewer: Viewer, ticket: Ticket
) -> list[Action]:
    possible = await service.available_actions(session, ticket=ticket)
    return [a for a in possible if actions.staff_may(viewer, a)]


def event_label(kind: str) -> str:
    try:
        return actions.spec_of(kind).label
    except TicketError:
        return EVENT_LABELS.get(kind, kind)


async def load_ticket_view(
    session: AsyncSession,
    *,
    viewer: Viewer,
    ticket_id: int,
    reveal_pii: bool = False,
    via: str = "web",
    now: datetime,
) -> TicketView:
    """The ticket page's content. With `reveal_pii`, an audit row is added (the caller
    commits)."""
    ticket = await visible_ticket(session, viewer=viewer, ticket_id=ticket_id)
    assert ticket.id is not None
    complaint = await get_complaint(session, ticket.complaint_id)
    employer = complaint.employer_name_typed
    if complaint.employer_id is not None:
        row = await session.get(Employer, complaint.employer_id)
        employer = row.name if row else employer
    tf_name = await session.scalar(
        select(TaskForce.name).where(TaskForce.code == ticket.task_force_code)
    )
    decision = await session.scalar(
        select(RoutingDecisionRecord)
        .where(RoutingDecisionRecord.complaint_id == complaint.id)
        .order_by(col(RoutingDecisionRecord.id).desc())
        .limit(1)
    )
    if reveal_pii:
        record_pii_view(
            session,
            viewer=viewer,
            ticket_id=ticket.id,
            number=ticket.number,
            via=via,
            now=now,
            fields=(*PII_FIELDS, "description", "timeline_text"),
        )
    events = await events_of(session, ticket.id)
    return TicketView(
        ticket=ticket,
        complaint=complaint,
        employer=employer or "（未填）",
        task_force_name=tf_name or ticket.task_force_code,
        decision=decision,
        timeline=[
            _entry(e, masked_for=None if reveal_pii else complaint.complainant_name or "")
            for e in events
        ],
        actions=await allowed_actions_for(session, viewer=viewer, ticket=ticket),
        group=await _group_info(session, viewer, complaint.group_id),
        pii_revealed=reveal_pii,
        complainant=complaint.complainant_name
        if reveal_pii
        else mask_name(complaint.complainant_name),
        phone=complaint.phone if reveal_pii else mask_phone(complaint.phone),
        id_number=(complaint.id_number or "")
        if reveal_pii
        else mask_id_number(complaint.id_number),
        description=(
            complaint.description
            if reveal_pii
            else mask_description(complaint.description, complaint.complainant_name)
        ),
        evidence=await evidence_of(session, complaint.attachments),
        undelivered=_undelivered(ticket, complaint, events),
    )


def _undelivered(ticket: Ticket, complaint: Complaint, events: list[Any]) -> Undelivered | None:
    if not ticket.delivery_failed:
        return None
    why = next((e for e in reversed(events) if e.kind == "worker_unreachable"), None)
    body = why.body if why is not None else {}
    channel = str(body.get("channel") or complaint.channel)
    return Undelivered(
        channel=channel_label(channel),
        reason=str(body.get("reason") or ""),
        since=why.created_at if why is not None else None,
        phone=complaint.phone,
    )


def _detail_label(key: str) -> tuple[str | None, bool]:
    """A detail's label, and whether it is free text. A key not listed here is shown when
    it is a field of an action's input model (an added action stores what was typed under
    the field's name), labelled with the field's title and taken for free text."""
    label = _DETAIL_LABELS.get(key)
    if label is not None:
        return label, key in FREE_TEXT_KEYS
    if key in _SHOWN_BY_LABEL:
        return None, False
    return actions.field_title(key), True


# codes and ids the timeline shows by what people read (outcome_label, merge_into_number)
_SHOWN_BY_LABEL = frozenset({"outcome", "merge_into"})


def _entry(event: Any, *, masked_for: str | None) -> TimelineEntry:
    """One timeline row. Unless revealed (`masked_for` None), free text in it is masked as
    the description is: a worker's addition or answer may carry a phone or ID number."""
    details = []
    for key, value in (event.body or {}).items():
        label, free_text = _detail_label(key)
        if label is None or value in (None, ""):
            continue
        if masked_for is not None and free_text and isinstance(value, str):
            details.append((label, mask_description(value, masked_for)))
        else:
            details.append((label, _detail_value(key, value)))
    return TimelineEntry(
        at=event.created_at,
        kind=event.kind,
        label=event_label(event.kind),
        actor={"system": "系统", "worker": "投诉人"}.get(event.actor, event.actor),
        from_status=_status_label(event.from_status),
        to_status=_status_label(event.to_status),
        details=details,
    )


def _status_label(value: str | None) -> str | None:
    try:
        return Status(value).label if value else None
    except ValueError:
        return value


async def _group_info(
    session: AsyncSession, viewer: Viewer, group_id: int | None
) -> GroupInfo | None:
    if group_id is None:
        return None
    summary = await service.group_summary(session, group_id=group_id)
    if summary is None:
        return None
    visible = [t for t in summary.tickets if viewer.can_see(t)]
    return GroupInfo(
        group_id=group_id,
        label=summary.label,
        headcount_total=summary.headcount_total,
        amount_total_fen=summary.amount_total_fen,
        urgent=summary.urgent,
        complaint_count=summary.complaint_count,
        visible=visible,
        hidden_count=len(summary.tickets) - len(visible),
    )


async def load_group(session: AsyncSession, *, viewer: Viewer, group_id: int) -> GroupInfo:
    """A group the viewer has at least one ticket in; else TicketNotFound."""
    info = await _group_info(session, viewer, group_id)
    if info is None or not info.visible:
        raise TicketNotFound(
            f"案件组 {group_id} 不存在或无权查看", f"case group {group_id} not found or not yours"
        )
    return info
