"""What a signed-in staff member may do to tickets: the access rules around the ticket
service (which itself knows nothing about users' units).

- Only tickets the viewer can see are acted on (others: TicketNotFound).
- Transfers re-route a case between units: the office's decision (AccessDenied otherwise).
- A merge target must be a ticket the viewer can see as well.
- A group action touches every ticket of the group: an inspector may do it only when the
  whole group is within their units; otherwise the office does it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import ConfigDict, Field
from sqlalchemy.ext.asyncio import AsyncSession

from intake.chats.typed_text import TypedInput
from intake.reports.ticket_view import load_group, ticket_by_number_or_id, visible_ticket
from intake.staff.access import AccessDenied, Viewer
from intake.tickets import service
from intake.tickets.errors import TicketInputError, TicketNotFound
from intake.tickets.lifecycle import parse_action
from intake.tickets.service import GroupActionReport
from intake.tickets.sla import SlaPolicy
from intake.tickets.timeline import Actor
from models import Ticket
from models.base import BIGINT_MAX, INT_MAX
from models.codes.ticket_action import Action

_TEXT = 2000


class ActionRequest(TypedInput):
    """One action on one ticket, as the web form or the JSON API sends it."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    action: str = Field(max_length=32)
    expected_version: int | None = Field(
        None, ge=0, le=INT_MAX, description="the ticket's version you saw; stale -> 409"
    )
    reason: str = Field("", max_length=_TEXT)
    outcome: str | None = Field(None, max_length=48, description="resolve: the outcome code")
    recovered_fen: int | None = Field(
        None, ge=0, le=BIGINT_MAX, description="resolve: recovered, in fen"
    )
    target_task_force: str | None = Field(None, max_length=32, description="transfer")
    target_township: str | None = Field(None, max_length=64, description="transfer")
    merge_into: str | None = Field(None, max_length=32, description="merge: number or id")
    question: str = Field("", max_length=_TEXT, description="request_info: to the worker")


class GroupActionRequest(TypedInput):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    action: str = Field(max_length=32)
    reason: str = Field("", max_length=_TEXT)
    outcome: str | None = Field(None, max_length=48)
    recovered_fen_by_ticket: (
        dict[Annotated[int, Field(ge=1, le=INT_MAX)], Annotated[int, Field(ge=0, le=BIGINT_MAX)]]
        | None
    ) = None
    target_task_force: str | None = Field(None, max_length=32)
    target_township: str | None = Field(None, max_length=64)
    merge_into: str | None = Field(None, max_length=32)
    question: str = Field("", max_length=_TEXT)


class FollowupRequest(TypedInput):
    """The worker's follow-up (回访) answer, taken by phone and entered by the inspector."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    paid: bool
    satisfied: bool | None = None
    comment: str = Field("", max_length=_TEXT)
    expected_version: int | None = Field(None, ge=0, le=INT_MAX)


def actor_of(viewer: Viewer) -> Actor:
    return Actor(name=viewer.username, user_id=viewer.user_id)


def _check_action(viewer: Viewer, act: Action) -> None:
    if act is Action.TRANSFER and not viewer.may_transfer:
        raise AccessDenied(
            "转办由联席办决定：请在工单中说明原因，由联席办转办",
            "transfers are decided by the office (supervisor)",
        )
    if act is Action.ANSWER_INFO:
        raise AccessDenied(
            "补正回复由投诉人通过对话提交", "the worker answers a 补正 question by chat"
        )


async def _merge_target(session: AsyncSession, viewer: Viewer, ref: str | None) -> int:
    if not (ref or "").strip():
        raise TicketInputError("合并须指定目标工单", "a merge needs the ticket to merge into")
    try:
        target = await ticket_by_number_or_id(session, viewer=viewer, ref=ref or "")
    except TicketNotFound as exc:  # the target, not the ticket acted on: bad input
        raise TicketInputError(exc.zh, exc.en) from None
    assert target.id is not None
    return target.id


async def act_on_ticket(
    session: AsyncSession,
    *,
    viewer: Viewer,
    ticket_id: int,
    request: ActionRequest,
    now: datetime,
    policy: SlaPolicy,
) -> Ticket:
    """Do the action (flushes; the caller commits, or rolls back on a TicketError)."""
    await visible_ticket(session, viewer=viewer, ticket_id=ticket_id)
    act = parse_action(request.action)
    _check_action(viewer, act)
    merge_into = (
        await _merge_target(session, viewer, request.merge_into) if act is Action.MERGE else None
    )
    return await service.apply_action(
        session,
        ticket_id=ticket_id,
        action=act,
        actor=actor_of(viewer),
        now=now,
        policy=policy,
        expected_version=request.expected_version,
        reason=request.reason,
        outcome=request.outcome or None,
        recovered_fen=request.recovered_fen,
        target_task_force=request.target_task_force or None,
        target_township=request.target_township or None,
        merge_into=merge_into,
        question=request.question,
    )


async def record_followup(
    session: AsyncSession,
    *,
    viewer: Viewer,
    ticket_id: int,
    request: FollowupRequest,
    now: datetime,
    policy: SlaPolicy,
) -> Ticket:
    await visible_ticket(session, viewer=viewer, ticket_id=ticket_id)
    return await service.record_followup(
        session,
        ticket_id=ticket_id,
        paid=request.paid,
        satisfied=request.satisfied,
        comment=request.comment,
        now=now,
        actor=actor_of(viewer),
        policy=policy,
        expected_version=request.expected_version,
    )


async def act_on_group(
    session: AsyncSession,
    *,
    viewer: Viewer,
    group_id: int,
    request: GroupActionRequest,
    now: datetime,
    policy: SlaPolicy,
) -> GroupActionReport:
    info = await load_group(session, viewer=viewer, group_id=group_id)
    if info.hidden_count and not viewer.sees_all:
        raise AccessDenied(
            f"案件组中有 {info.hidden_count} 件其他专班或属地的工单，整组操作请由联席办进行",
            "the group has tickets of other units: the office acts on the whole group",
        )
    act = parse_action(request.action)
    _check_action(viewer, act)
    merge_into = (
        await _merge_target(session, viewer, request.merge_into) if act is Action.MERGE else None
    )
    return await service.apply_group_action(
        session,
        group_id=group_id,
        action=act,
        actor=actor_of(viewer),
        now=now,
        policy=policy,
        reason=request.reason,
        outcome=request.outcome or None,
        recovered_fen_by_ticket=request.recovered_fen_by_ticket,
        target_task_force=request.target_task_force or None,
        target_township=request.target_township or None,
        merge_into=merge_into,
        question=request.question,
    )
