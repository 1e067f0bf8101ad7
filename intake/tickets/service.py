"""Ticket services: open a ticket for a complaint, act on it, take the worker's answers,
act on a whole group of cases.

Keyword-only functions over an AsyncSession. They flush but never commit: the caller owns
the transaction. Every state change writes a TicketEvent and an AuditLog row; a refused
action raises a TicketError (TransitionError, TicketInputError, TicketConflict,
TicketNotFound) before anything is written, so the caller's transaction stays usable.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from intake import messaging
from intake.reports import week_stats
from intake.reports.week_stats import TicketState
from intake.tickets import actions, notices, timeline
from intake.tickets.actions import (
    ActionInput,
    Change,
    CloseInput,
    ExtendInput,
    FollowupReopenInput,
    MergeInput,
    MessageToWorker,
    Plan,
    RefuseInput,
    ReopenInput,
    RequestInfoInput,
    ResolveGroupInput,
    ResolveInput,
    TransferInput,
)
from intake.tickets.errors import TicketConflict, TicketError, TicketInputError
from intake.tickets.groups import (
    GroupSummary,
    group_key,
    group_summary,
    link_to_group,
    tickets_in_group,
)
from intake.tickets.lifecycle import (
    TransitionError,
    allowed_actions,
    next_status,
    parse_action,
    parse_status,
)
from intake.tickets.sla import SlaPolicy, as_utc
from intake.tickets.store import (
    aware,
    change_ticket,
    get_complaint,
    get_ticket,
    ticket_for_complaint,
)
from intake.tickets.timeline import Actor
from models import AuditLog, Complaint, TaskForce, Ticket, TicketEvent, Township, TownshipAlias
from models.codes.refusal_reason import REFUSAL_LABELS, RefusalReason
from models.codes.ticket_action import Action
from models.codes.ticket_outcome import TicketOutcome
from models.codes.ticket_status import Status
from models.upserts import insert_returning_objects

__all__ = [
    "Actor",
    "AwaitingReply",
    "GroupActionReport",
    "GroupSummary",
    "SkippedTicket",
    "apply_action",
    "apply_group_action",
    "apply_timed_action",
    "available_actions",
    "awaiting_reply",
    "group_key",
    "group_summary",
    "link_to_group",
    "open_ticket",
    "record_followup",
    "record_worker_answer",
    "ticket_number",
]

log = logging.getLogger(__name__)
# One ticket per complaint: a second opening inserts nothing and returns no row.
_OPEN_TICKET = insert_returning_objects(
    Ticket,
    columns=[
        "number",
        "complaint_id",
        "task_force_code",
        "township",
        "priority",
        "status",
        "accept_due_at",
        "overdue",
        "delivery_failed",
        "closed_unanswered",
        "refusal_reason",
        "version",
        "created_at",
        "updated_at",
    ],
    conflict=["complaint_id"],
)

_TEXT_MAX = actions.TEXT_MAX
_In = TypeVar("_In", bound=ActionInput)


def ticket_number(created_at: datetime, complaint_id: int, policy: SlaPolicy) -> str:
    """AX20260214-000123: the local date and the complaint id, unique because one complaint
    has one ticket, and readable over the phone."""
    day = as_utc(created_at).astimezone(policy.tz)
    return f"AX{day:%Y%m%d}-{complaint_id:06d}"


async def open_ticket(
    session: AsyncSession,
    *,
    complaint: Complaint,
    task_force_code: str,
    township: str,
    priority: str,
    now: datetime,
    policy: SlaPolicy | None = None,
    actor: Actor | None = None,
    recipients: notices.Recipients | None = None,
) -> Ticket:
    """The ticket of `complaint`, opened now with its acceptance deadline; opening the same
    complaint twice (two replicas, a retried request) returns the one ticket. `recipients`:
    the task forces, when the caller has loaded them already."""
    policy = policy or SlaPolicy()
    now = as_utc(now)
    if complaint.id is None:
        session.add(complaint)
        await session.flush()
    assert complaint.id is not None
    # No lookup first: a complaint that has its ticket already (a retried submission) is
    # linked already, and the insert below does nothing and hands back that ticket.
    recipients = recipients or await notices.load_recipients(session)
    code, note = _task_force_or_office(recipients, task_force_code)
    group = await link_to_group(
        session, complaint=complaint, now=now, policy=policy, recipients=recipients
    )
    if group is not None and group.urgent:
        priority = policy.urgent_priority
    priority = (priority or policy.default_priority)[:16]
    accept_due = policy.accept_due(now, priority)
    # the inserted row comes back whole (RETURNING): no second read of the new ticket
    ticket = await session.scalar(
        _OPEN_TICKET,
        {
            "number": ticket_number(now, complaint.id, policy),
            "complaint_id": complaint.id,
            "task_force_code": code,
            "township": (township or "")[:64],
            "priority": priority,
            "status": Status.NEW.value,
            "accept_due_at": accept_due,
            "overdue": False,
            "delivery_failed": False,
            "closed_unanswered": False,
            "refusal_reason": "",
            "version": 0,
            "created_at": now,
            "updated_at": now,
        },
    )
    created = ticket is not None
    if ticket is None:
        ticket = await ticket_for_complaint(session, complaint.id)
    else:
        aware([ticket])
    assert ticket is not None
    if created:  # the dashboard's weekly figures, in the same transaction
        await week_stats.record(session, [(None, TicketState.of(ticket, complaint.amount_fen))])
    if created:
        await timeline.record(
            session,
            ticket=ticket,
            kind="opened",
            actor=actor or Actor.system(),
            now=now,
            to_status=Status.NEW,
            body={
                "task_force": code,
                "township": ticket.township,
                "priority": priority,
                "accept_due_at": accept_due,
                "group_id": group.id if group else None,
                "note": note,
                # a hint for the inspector: such complaints are refused with a reason
                "over_two_years": True if complaint.over_two_years else None,
            },
        )
    return ticket


async def apply_action(
    session: AsyncSession,
    *,
    ticket_id: int,
    actor: Actor,
    now: datetime,
    inputs: ActionInput | None = None,
    action: Action | str | None = None,
    policy: SlaPolicy | None = None,
    expected_version: int | None = None,
    **fields: Any,
) -> Ticket:
    """Do an action on the ticket: `inputs` is the action's model (intake.tickets.actions),
    or name the `action` and give its fields. `expected_version` is the version the
    inspector saw (the web form carries it); when it is stale, or another change lands
    first, TicketConflict."""
    act, inp = _action_and_inputs(action, inputs, fields)
    if actions.spec_of(act).who is actions.Who.FOLLOWUP:
        raise actions.not_by_hand(act)
    ticket = await get_ticket(session, ticket_id)
    return await _perform(
        session,
        ticket,
        act,
        inp,
        actor=actor,
        now=as_utc(now),
        policy=policy or SlaPolicy(),
        expected_version=expected_version,
    )


async def record_worker_answer(
    session: AsyncSession,
    *,
    ticket_id: int,
    answer: str,
    now: datetime,
    policy: SlaPolicy | None = None,
) -> Ticket:
    """The worker's reply to a 补正 question lands on the ticket and resumes it."""
    ticket = await get_ticket(session, ticket_id)
    return await _perform(
        session,
        ticket,
        Action.ANSWER_INFO,
        actions.AnswerInfoInput(answer=answer),
        actor=Actor.worker(),
        now=as_utc(now),
        policy=policy or SlaPolicy(),
        expected_version=None,
    )


async def record_followup(
    session: AsyncSession,
    *,
    ticket_id: int,
    paid: bool,
    satisfied: bool | None,
    now: datetime,
    actor: Actor | None = None,
    policy: SlaPolicy | None = None,
    comment: str = "",
    expected_version: int | None = None,
) -> Ticket:
    """The worker's answer to 回访: paid (and satisfied) closes the ticket; not paid (or,
    by policy, not satisfied) reopens it. An answer arriving after the ticket was closed as
    unanswered is still taken: it clears the unanswered mark or reopens the ticket."""
    policy = policy or SlaPolicy()
    now = as_utc(now)
    actor = actor or Actor.worker()
    ticket = await get_ticket(session, ticket_id)
    status = parse_status(ticket.status)
    late = status is Status.CLOSED and ticket.closed_unanswered
    if status not in (Status.RESOLVED, Status.FOLLOWUP) and not late:
        raise TransitionError(
            f"工单状态为「{status.label}」，不在回访阶段",
            f"ticket is {status.value!r}: it is not waiting for a follow-up answer",
            status=status,
            action="record_followup",
        )
    unsatisfied = satisfied is False and policy.reopen_when_unsatisfied
    done = paid and not unsatisfied
    answers = {"paid": paid, "satisfied": satisfied, "comment": comment.strip()[:_TEXT_MAX]}
    if late and done:
        seen = _seen_version(ticket, expected_version)
        await change_ticket(
            session,
            ticket,
            seen_version=seen,
            values={
                "followup_paid": paid,
                "followup_satisfied": satisfied,
                "closed_unanswered": False,
            },
            now=now,
            kind="followup_answer",
            actor=actor,
            body=answers,
        )
        await session.flush()
        return ticket
    act: Action
    inp: ActionInput
    if done:
        act, inp = Action.CLOSE, CloseInput(followup_paid=paid, followup_satisfied=satisfied)
    else:
        why = (
            "回访：未拿到工资 / follow-up: wages not received"
            if not paid
            else "回访：对处理结果不满意 / follow-up: worker not satisfied"
        )
        act = Action.REOPEN
        inp = FollowupReopenInput(reason=why, followup_paid=paid, followup_satisfied=satisfied)
    return await _perform(
        session,
        ticket,
        act,
        inp,
        actor=actor,
        now=now,
        policy=policy,
        expected_version=expected_version,
        extra_body=answers,
    )


async def available_actions(session: AsyncSession, *, ticket: Ticket) -> tuple[Action, ...]:
    """What may be done next by hand (for the buttons of the web page and the bot)."""
    paused = await _paused_from(session, ticket)
    return tuple(
        a
        for a in allowed_actions(ticket.status, paused_from=paused)
        if actions.spec_of(a).who is not actions.Who.FOLLOWUP
    )


@dataclass(frozen=True)
class AwaitingReply:
    """A ticket of a worker that waits for their answer."""

    ticket_id: int
    number: str
    status: str  # needs_info (a 补正 question) | followup (回访)


_AWAITING_REPLY = (Status.NEEDS_INFO.value, Status.FOLLOWUP.value)


async def awaiting_reply(
    session: AsyncSession, *, channel: str, external_id: str
) -> list[AwaitingReply]:
    """The worker's tickets that wait for their answer (补正 or 回访), oldest first, so the
    channel's next message can be routed to them."""
    rows = await session.execute(
        select(col(Ticket.id), col(Ticket.number), col(Ticket.status))
        .join(Complaint, col(Complaint.id) == col(Ticket.complaint_id))
        .where(
            col(Complaint.channel) == channel,
            col(Complaint.external_id) == external_id,
            col(Ticket.status).in_(_AWAITING_REPLY),
        )
        .order_by(col(Ticket.id))
    )
    return [AwaitingReply(int(r.id), r.number, r.status) for r in rows]


@dataclass(frozen=True)
class SkippedTicket:
    ticket_id: int
    number: str
    zh: str
    en: str


@dataclass
class GroupActionReport:
    group_id: int
    action: Action
    applied: list[Ticket] = field(default_factory=list)
    skipped: list[SkippedTicket] = field(default_factory=list)


async def apply_group_action(
    session: AsyncSession,
    *,
    group_id: int,
    actor: Actor,
    now: datetime,
    inputs: ActionInput | None = None,
    action: Action | str | None = None,
    policy: SlaPolicy | None = None,
    **fields: Any,
) -> GroupActionReport:
    """Do one action on every ticket of a group (`inputs`: the action's group model, or name
    the `action` and give its fields). Tickets it does not fit (wrong status, a concurrent
    change) are skipped with the reason; the others are done.

    Resolving: each ticket's recovered amount comes from `recovered_fen_by_ticket`; without
    it, paid in full and the emergency-fund advance take the complaint's claimed amount and
    outcomes without payment take 0, while a partial payment must be given per ticket.
    """
    act, inp = _action_and_inputs(action, inputs, fields, group=True)
    now = as_utc(now)
    policy = policy or SlaPolicy()
    report = GroupActionReport(group_id=group_id, action=act)
    for ticket in await tickets_in_group(session, group_id):
        assert ticket.id is not None
        try:
            done = await apply_action(
                session,
                ticket_id=ticket.id,
                inputs=await _ticket_inputs(session, ticket, inp),
                actor=actor,
                now=now,
                policy=policy,
            )
        except TicketError as exc:
            report.skipped.append(SkippedTicket(ticket.id, ticket.number, exc.zh, exc.en))
            continue
        report.applied.append(done)
    session.add(
        AuditLog(
            actor_user_id=actor.user_id,
            action=f"case_group.{act.value}",
            object_type="case_group",
            object_id=str(group_id),
            detail={
                "applied": [t.number for t in report.applied],
                "skipped": {s.number: s.en for s in report.skipped},
                "reason": getattr(inp, "reason", ""),
                **({"actor": actor.name} if actor.user_id is None else {}),
            },
            created_at=now,
        )
    )
    await session.flush()
    return report


def _action_and_inputs(
    action: Action | str | None,
    inputs: ActionInput | None,
    fields: Mapping[str, Any],
    *,
    group: bool = False,
) -> tuple[Action, ActionInput]:
    """The action and its model, from the model or from the action's name and fields."""
    if inputs is None:
        if action is None:
            raise TypeError("give the action's inputs, or its name and fields")
        act = parse_action(action)
        return act, actions.parse_inputs(act, fields, group=group)
    if fields:
        raise TypeError(f"fields {sorted(fields)} given besides the inputs model")
    act = actions.action_of(inputs).action
    if action is not None and parse_action(action) != act:
        raise TypeError(f"inputs of {act.value!r} given for {action!r}")
    return act, inputs


async def _ticket_inputs(session: AsyncSession, ticket: Ticket, inp: ActionInput) -> ActionInput:
    """A group's inputs for one of its tickets."""
    if not isinstance(inp, ResolveGroupInput):
        return inp
    return ResolveInput(
        outcome=inp.outcome,
        recovered_fen=await _group_recovered(
            session, ticket, inp.outcome, dict(inp.recovered_fen_by_ticket or {})
        ),
    )


async def _group_recovered(
    session: AsyncSession, ticket: Ticket, outcome: str | None, amounts: dict[int, int]
) -> int:
    assert ticket.id is not None
    if ticket.id in amounts:
        return amounts[ticket.id]
    code = _outcome(outcome)
    if not code.money_paid:
        return 0
    if code is TicketOutcome.PAID_IN_PART:
        raise TicketInputError(
            "部分支付须逐个工单填写追回金额",
            "a partial payment needs the recovered amount of each ticket",
        )
    complaint = await get_complaint(session, ticket.complaint_id)
    if not complaint.amount_fen:
        raise TicketInputError(
            "投诉未填写欠薪金额，请单独办结并填写追回金额",
            "the complaint has no claimed amount: resolve this ticket on its own",
        )
    return complaint.amount_fen


# --- the one path every state change takes -------------------------------------------------

# What the clock does by itself (the sweeper): ask the follow-up question once the waiting
# period is over, close the follow-ups nobody answered.
_BY_THE_CLOCK = frozenset({Action.START_FOLLOWUP, Action.CLOSE_UNANSWERED})


async def apply_timed_action(
    session: AsyncSession,
    *,
    ticket_id: int,
    action: Action,
    now: datetime,
    policy: SlaPolicy | None = None,
    seen_version: int | None = None,
) -> Ticket:
    """The sweeper's change of one ticket, by the system, on the path an inspector's action
    takes (same columns, version bump, timeline event, audit row, message to the worker).
    `seen_version`: the version the sweeper selected the ticket at; TicketConflict when it
    changed since."""
    if action not in _BY_THE_CLOCK:
        raise ValueError(f"{action.value!r} is not done by the clock")
    ticket = await get_ticket(session, ticket_id)
    return await _perform(
        session,
        ticket,
        action,
        actions.spec_of(action).model(),  # the clock's actions take no inputs
        actor=Actor.system(),
        now=as_utc(now),
        policy=policy or SlaPolicy(),
        expected_version=seen_version,
    )


async def _perform(
    session: AsyncSession,
    ticket: Ticket,
    act: Action,
    inp: ActionInput,
    *,
    actor: Actor,
    now: datetime,
    policy: SlaPolicy,
    expected_version: int | None,
    extra_body: dict[str, Any] | None = None,
) -> Ticket:
    seen = _seen_version(ticket, expected_version)
    before = parse_status(ticket.status)
    paused = await _paused_from(session, ticket)
    after = next_status(before, act, paused_from=paused)
    plan = await _plan(
        session, ticket, act, inp, before=before, after=after, now=now, policy=policy
    )
    await change_ticket(
        session,
        ticket,
        seen_version=seen,
        values={"status": after.value, **plan.values},
        now=now,
        kind=act.value,
        actor=actor,
        from_status=before,
        to_status=after,
        body={**plan.body, **(extra_body or {})},
    )
    if plan.merged_into is not None:
        await timeline.record(
            session,
            ticket=plan.merged_into,
            kind="merged_from",
            actor=actor,
            now=now,
            body={"ticket_id": ticket.id, "number": ticket.number},
        )
    if plan.worker_message is not None:
        await _tell_worker(session, ticket, act, plan.worker_message, now)
    await session.flush()
    return ticket


def _seen_version(ticket: Ticket, expected_version: int | None) -> int:
    if expected_version is not None and expected_version != ticket.version:
        raise TicketConflict(
            f"工单 {ticket.number} 已被他人更新，请刷新后重试",
            f"ticket {ticket.number} changed since you loaded it "
            f"(version {expected_version}, now {ticket.version}); reload and retry",
        )
    return ticket.version


async def _paused_from(session: AsyncSession, ticket: Ticket) -> Status | None:
    """For a needs_info ticket: the status it was in when the question was asked."""
    if ticket.status != Status.NEEDS_INFO.value:
        return None
    before = await session.scalar(
        select(TicketEvent.from_status)
        .where(TicketEvent.ticket_id == ticket.id, TicketEvent.kind == Action.REQUEST_INFO.value)
        .order_by(col(TicketEvent.id).desc())
        .limit(1)
    )
    try:
        return Status(before) if before else None
    except ValueError:
        return None


async def _asked_at(session: AsyncSession, ticket: Ticket) -> datetime | None:
    """When the open 补正 question was asked."""
    asked = await session.scalar(
        select(TicketEvent.created_at)
        .where(TicketEvent.ticket_id == ticket.id, TicketEvent.kind == Action.REQUEST_INFO.value)
        .order_by(col(TicketEvent.id).desc())
        .limit(1)
    )
    return as_utc(asked) if asked is not None else None


async def _plan(
    session: AsyncSession,
    ticket: Ticket,
    act: Action,
    inp: ActionInput,
    *,
    before: Status,
    after: Status,
    now: datetime,
    policy: SlaPolicy,
) -> Plan:
    """Check the action's inputs and work out the columns it sets. Writes nothing."""
    own_plan = actions.spec_of(act).plan
    if own_plan is not None:  # an action that brings its plan where it is registered
        return await own_plan(Change(session, ticket, before, after, now, policy), inp)
    if act is Action.ACCEPT:
        due = policy.resolve_due(now, ticket.priority)
        return Plan(
            {"accepted_at": now, "resolve_due_at": due, "overdue": False}, {"resolve_due_at": due}
        )
    if act is Action.REFUSE:
        text, code = _reason(_typed(inp, RefuseInput).reason, act)
        return Plan(
            {"refusal_reason": text[:512], "overdue": False},
            {"reason": text, "reason_code": code},
        )
    if act is Action.REQUEST_INFO:
        question = _required_text(
            _typed(inp, RequestInfoInput).question, "补正问题", "question", act
        )
        return Plan(
            body={"question": question},
            worker_message=MessageToWorker(
                "needs_info",
                notices.info_request_text(number=ticket.number, question=question),
                notices.info_request_buttons(_id(ticket)),
            ),
        )
    if act is Action.ANSWER_INFO:
        answer = _required_text(
            _typed(inp, actions.AnswerInfoInput).answer, "补正内容", "answer", act
        )
        if after is Status.NEW:
            # 补正 restarts the acceptance period: it runs from complete materials.
            due = policy.accept_due(now, ticket.priority)
            return Plan(
                {"accept_due_at": due, "overdue": False}, {"answer": answer, "accept_due_at": due}
            )
        asked = await _asked_at(session, ticket)
        if ticket.resolve_due_at is not None and asked is not None and now > asked:
            # the time spent waiting for the worker does not count against the deadline:
            # the clock resumes where it stopped
            due = as_utc(ticket.resolve_due_at) + (now - asked)
            return Plan({"resolve_due_at": due}, {"answer": answer, "resolve_due_at": due})
        return Plan(body={"answer": answer})
    if act is Action.START_INVESTIGATION:
        return Plan()
    if act is Action.EXTEND:
        return await _plan_extension(
            session, ticket, _typed(inp, ExtendInput), now=now, policy=policy
        )
    if act is Action.RESOLVE:
        return _plan_resolution(_typed(inp, ResolveInput), now=now)
    if act is Action.START_FOLLOWUP:
        return Plan(
            {"followup_asked_at": now, "followup_paid": None, "followup_satisfied": None},
            worker_message=MessageToWorker(
                "followup",
                notices.followup_text(number=ticket.number),
                notices.followup_buttons(_id(ticket)),
            ),
        )
    if act is Action.CLOSE:
        inp = _typed(inp, CloseInput)
        return Plan(
            {
                "closed_at": now,
                "followup_paid": inp.followup_paid,
                "followup_satisfied": inp.followup_satisfied,
                "closed_unanswered": False,
                "overdue": False,
            }
        )
    if act is Action.CLOSE_UNANSWERED:
        return Plan(
            {"closed_at": now, "closed_unanswered": True, "overdue": False},
            {"timeout_days": policy.followup_timeout_days},
        )
    if act is Action.TRANSFER:
        return await _plan_transfer(
            session, ticket, _typed(inp, TransferInput), now=now, policy=policy
        )
    if act is Action.MERGE:
        return await _plan_merge(session, ticket, _typed(inp, MergeInput))
    if act is Action.REOPEN:
        return _plan_reopen(ticket, _typed(inp, ReopenInput), after=after, now=now, policy=policy)
    raise AssertionError(f"{act.value!r} has no plan: give it one where it is registered")


def _typed(inp: ActionInput, model: type[_In]) -> _In:
    if not isinstance(inp, model):
        raise TypeError(f"expected {model.__name__} inputs, got {type(inp).__name__}")
    return inp


async def _plan_extension(
    session: AsyncSession, ticket: Ticket, inp: ExtendInput, *, now: datetime, policy: SlaPolicy
) -> Plan:
    reason, _ = _reason(inp.reason, Action.EXTEND)
    if ticket.resolve_due_at is None:
        raise TicketInputError("工单没有办结期限，无法延期", "the ticket has no deadline to extend")
    due = as_utc(ticket.resolve_due_at)
    if now >= due:
        raise TransitionError(
            "办结期限已过，不能再延期（延期须在期限届满前批准）",
            "the deadline has passed: an extension must be approved before it expires",
            status=ticket.status,
            action=Action.EXTEND,
        )
    if await _extended_in_this_period(session, ticket):
        raise TransitionError(
            "本办理期限已延长过一次，不能再次延期",
            "this investigation period was extended once already",
            status=ticket.status,
            action=Action.EXTEND,
        )
    new_due = policy.extended_due(due)
    return Plan(
        {"resolve_due_at": new_due, "overdue": False},
        {"reason": reason, "from_due_at": due, "resolve_due_at": new_due},
    )


async def _extended_in_this_period(session: AsyncSession, ticket: Ticket) -> bool:
    period_start = await session.scalar(
        select(func.max(TicketEvent.id)).where(
            TicketEvent.ticket_id == ticket.id,
            col(TicketEvent.kind).in_([Action.ACCEPT.value, Action.REOPEN.value]),
        )
    )
    extensions = await session.scalar(
        select(func.count())
        .select_from(TicketEvent)
        .where(
            TicketEvent.ticket_id == ticket.id,
            TicketEvent.kind == Action.EXTEND.value,
            col(TicketEvent.id) > (period_start or 0),
        )
    )
    return bool(extensions)


def _outcome(value: TicketOutcome | str | None) -> TicketOutcome:
    if value is None or value == "":
        raise TicketInputError("办结须选择办结方式", "resolving needs an outcome code")
    try:
        return TicketOutcome(value)
    except ValueError:
        known = ", ".join(o.value for o in TicketOutcome)
        raise TicketInputError(
            f"未知的办结方式「{value}」", f"unknown outcome {value!r}; use one of {known}"
        ) from None


def _plan_resolution(inp: ResolveInput, *, now: datetime) -> Plan:
    outcome = _outcome(inp.outcome)
    recovered = inp.recovered_fen
    if recovered is None or isinstance(recovered, bool) or not isinstance(recovered, int):
        raise TicketInputError(
            "办结须填写追回金额（分，无则填 0）",
            "resolving needs the recovered amount in fen (0 when nothing was recovered)",
        )
    if recovered < 0:
        raise TicketInputError("追回金额不能为负数", "the recovered amount cannot be negative")
    if outcome.money_paid and recovered == 0:
        raise TicketInputError(
            f"办结方式为「{outcome.label}」时追回金额须大于 0",
            f"outcome {outcome.value!r} means money was paid: the amount must be above 0",
        )
    return Plan(
        {
            "resolved_at": now,
            "outcome_code": outcome.value,
            "recovered_fen": recovered,
            "overdue": False,
        },
        {"outcome": outcome.value, "outcome_label": outcome.label, "recovered_fen": recovered},
    )


async def _plan_transfer(
    session: AsyncSession, ticket: Ticket, inp: TransferInput, *, now: datetime, policy: SlaPolicy
) -> Plan:
    reason, _ = _reason(inp.reason, Action.TRANSFER)
    code = (inp.target_task_force or "").strip() or ticket.task_force_code
    town = (inp.target_township or "").strip()
    if town:
        town = await _township_name(session, town)
    else:
        town = ticket.township
    if code == ticket.task_force_code and town == ticket.township:
        raise TicketInputError(
            "转办须指定另一个专班或属地", "a transfer needs another task force or township"
        )
    if not await session.scalar(select(TaskForce.id).where(TaskForce.code == code)):
        raise TicketInputError(f"没有代码为「{code}」的专班", f"no task force with code {code!r}")
    due = policy.accept_due(now, ticket.priority)
    # The receiver accepts the case anew, on its own clock.
    return Plan(
        {
            "task_force_code": code,
            "township": town,
            "accepted_at": None,
            "resolve_due_at": None,
            "accept_due_at": due,
            "assignee_id": None,
            "overdue": False,
        },
        {
            "reason": reason,
            "from_task_force": ticket.task_force_code,
            "to_task_force": code,
            "from_township": ticket.township,
            "to_township": town,
            "accept_due_at": due,
        },
    )


async def _township_name(session: AsyncSession, name: str) -> str:
    found = await session.scalar(select(Township.name).where(Township.name == name))
    if found:
        return found
    alias = await session.scalar(
        select(Township.name)
        .join(TownshipAlias, col(TownshipAlias.township_id) == col(Township.id))
        .where(TownshipAlias.alias == name)
    )
    if alias:
        return alias
    raise TicketInputError(f"没有名为「{name}」的乡镇（街道）", f"no township named {name!r}")


async def _plan_merge(session: AsyncSession, ticket: Ticket, inp: MergeInput) -> Plan:
    target = await _merge_target(session, inp.merge_into)
    if target.id == ticket.id:
        raise TicketInputError("工单不能合并到自身", "a ticket cannot be merged into itself")
    if target.status in (Status.CLOSED, Status.REFUSED, Status.MERGED):
        raise TicketInputError(
            f"目标工单 {target.number} 已结束（{parse_status(target.status).label}），不能合并进去",
            f"ticket {target.number} is {target.status}: nothing can be merged into it",
        )
    return Plan(
        {"merged_into_id": target.id, "overdue": False},
        {
            "merge_into": target.id,
            "merge_into_number": target.number,
            "reason": inp.reason.strip()[:_TEXT_MAX] or None,
        },
        merged_into=target,
    )


async def _merge_target(session: AsyncSession, ref: str | int | None) -> Ticket:
    """The ticket named by its id or number (the caller has checked the person may see it)."""
    text = str(ref if ref is not None else "").strip()
    if not text:
        raise TicketInputError("合并须指定目标工单", "a merge needs the ticket to merge into")
    if text.isdigit():
        return await get_ticket(session, int(text))
    found = await session.scalar(select(Ticket.id).where(Ticket.number == text.upper()))
    if found is None:
        raise TicketInputError(f"找不到工单「{text}」", f"no ticket {text!r}")
    return await get_ticket(session, found)


def _plan_reopen(
    ticket: Ticket, inp: ReopenInput, *, after: Status, now: datetime, policy: SlaPolicy
) -> Plan:
    reason, _ = _reason(inp.reason, Action.REOPEN)
    body: dict[str, Any] = {"reason": reason}
    values: dict[str, Any] = {"overdue": False, "closed_at": None, "closed_unanswered": False}
    if isinstance(inp, FollowupReopenInput) and inp.followup_paid is not None:
        values.update(followup_paid=inp.followup_paid, followup_satisfied=inp.followup_satisfied)
    if after is Status.NEW:  # a refusal reconsidered: acceptance starts over
        due = policy.accept_due(now, ticket.priority)
        values.update(accept_due_at=due, refusal_reason="")
        body["accept_due_at"] = due
    else:  # handled again: a fresh investigation period from today
        due = policy.resolve_due(now, ticket.priority)
        values.update(resolve_due_at=due, outcome_code=None, resolved_at=None)
        body["resolve_due_at"] = due
    return Plan(values, body)


def _reason(text: str, act: Action) -> tuple[str, str | None]:
    """(text to store, code) — a known RefusalReason code is stored as its label."""
    raw = (text or "").strip()
    try:
        code = RefusalReason(raw)
    except ValueError:
        return _required_text(raw, "原因", "reason", act), None
    return REFUSAL_LABELS[code], code.value


def _required_text(text: str, zh_name: str, en_name: str, act: Action) -> str:
    value = (text or "").strip()
    if not value:
        raise TicketInputError(
            f"「{act.label}」须填写{zh_name}", f"{act.value!r} needs a {en_name}"
        )
    return value[:_TEXT_MAX]


def _id(ticket: Ticket) -> int:
    assert ticket.id is not None
    return ticket.id


async def _tell_worker(
    session: AsyncSession,
    ticket: Ticket,
    act: Action,
    message: MessageToWorker,
    now: datetime,
) -> None:
    """Through the channel the worker used; the adapter of that channel delivers it."""
    complaint = await get_complaint(session, ticket.complaint_id)
    await messaging.enqueue(
        session,
        channel=complaint.channel,
        chat_id=complaint.external_id,
        text=message.text,
        kind=message.kind,
        buttons=message.buttons,
        dedupe_key=f"{act.value}:{ticket.id}:v{ticket.version}",
        now=now,
        ticket_id=ticket.id,
    )


def _task_force_or_office(recipients: notices.Recipients, code: str) -> tuple[str, str | None]:
    """The routed task force, or the office (triage) when the code is unknown."""
    if code and code in recipients.names:
        return code, None
    office = recipients.office_code
    if office is None:
        raise TicketInputError(
            f"没有代码为「{code}」的专班，也没有联席办可以分流",
            f"no task force with code {code!r} and no office to triage it",
        )
    log.warning("unknown task force %r: ticket goes to the office for triage", code)
    return office, f"unknown task force {code!r}: sent to {office} for triage"
