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

from pydantic import ConfigDict, Field
from sqlalchemy.ext.asyncio import AsyncSession

from intake.chats.typed_text import TypedInput
from intake.reports.ticket_view import load_group, ticket_by_number_or_id, visible_ticket
from intake.staff.access import AccessDenied, Viewer
from intake.tickets import actions, service
from intake.tickets.actions import ActionInput, MergeInput
from intake.tickets.errors import TicketInputError, TicketNotFound
from intake.tickets.service import GroupActionReport
from intake.tickets.sla import SlaPolicy
from intake.tickets.timeline import Actor
from models import Ticket
from models.base import INT_MAX


class FollowupRequest(TypedInput):
    """The worker's follow-up (回访) answer, taken by phone and entered by the inspector."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    paid: bool
    satisfied: bool | None = None
    comment: str = Field("", max_length=actions.TEXT_MAX)
    expected_version: int | None = Field(None, ge=0, le=INT_MAX)


def actor_of(viewer: Viewer) -> Actor:
    return Actor(name=viewer.username, user_id=viewer.user_id)


def _check_action(viewer: Viewer, inputs: ActionInput) -> None:
    refusal = actions.staff_refusal(viewer, actions.action_of(inputs).value)
    if refusal is not None:
        raise refusal


async def _in_scope(session: AsyncSession, viewer: Viewer, inputs: ActionInput) -> ActionInput:
    """The inputs with a merge target the viewer can see, named by its id."""
    if not isinstance(inputs, MergeInput):
        return inputs
    ref = str(inputs.merge_into if inputs.merge_into is not None else "").strip()
    if not ref:
        raise TicketInputError("合并须指定目标工单", "a merge needs the ticket to merge into")
    try:
        target = await ticket_by_number_or_id(session, viewer=viewer, ref=ref)
    except TicketNotFound as exc:  # the target, not the ticket acted on: bad input
        raise TicketInputError(exc.zh, exc.en) from None
    return inputs.model_copy(update={"merge_into": target.id})


async def act_on_ticket(
    session: AsyncSession,
    *,
    viewer: Viewer,
    ticket_id: int,
    inputs: ActionInput,
    now: datetime,
    policy: SlaPolicy,
    expected_version: int | None = None,
) -> Ticket:
    """Do the action whose model `inputs` is (flushes; the caller commits, or rolls back on
    a TicketError). A request model's `expected_version` counts when none is given."""
    await visible_ticket(session, viewer=viewer, ticket_id=ticket_id)
    _check_action(viewer, inputs)
    if expected_version is None:
        expected_version = actions.expected_version_of(inputs)
    return await service.apply_action(
        session,
        ticket_id=ticket_id,
        inputs=await _in_scope(session, viewer, inputs),
        actor=actor_of(viewer),
        now=now,
        policy=policy,
        expected_version=expected_version,
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
    inputs: ActionInput,
    now: datetime,
    policy: SlaPolicy,
) -> GroupActionReport:
    """Do the action whose group model `inputs` is on every ticket of the group."""
    info = await load_group(session, viewer=viewer, group_id=group_id)
    if info.hidden_count and not viewer.sees_all:
        raise AccessDenied(
            f"案件组中有 {info.hidden_count} 件其他专班或属地的工单，整组操作请由联席办进行",
            "the group has tickets of other units: the office acts on the whole group",
        )
    _check_action(viewer, inputs)
    return await service.apply_group_action(
        session,
        group_id=group_id,
        inputs=await _in_scope(session, viewer, inputs),
        actor=actor_of(viewer),
        now=now,
        policy=policy,
    )
