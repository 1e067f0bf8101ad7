"""The ticket state machine: the transitions allowed between statuses (models/codes).

Pure: no database, no clock. The service decides *whether* the inputs of an action are
complete; this module decides whether the action is allowed in the ticket's status.

    new ──accept──> accepted ──start_investigation──> investigating ──resolve──> resolved
     │                                                   │  ↺ extend                │
     ├─refuse──> refused ──reopen──> new                 │                 start_followup
     │                                                   │                          v
     └─request_info──> needs_info ──answer_info──> (back where it was)          followup
                                                                                    │
    closed <──close (paid and satisfied) / close_unanswered (no answer in time)─────┘
    closed / resolved / followup ──reopen──> investigating
    new / needs_info / accepted / investigating ──transfer──> new (the receiver accepts anew)
    new / needs_info / accepted / investigating ──merge──> merged (final)
    every status but the final ones ──add_note──> the same status (a note on the timeline)
"""

from __future__ import annotations

from collections.abc import Mapping

from intake.tickets.errors import TicketError
from models.codes.ticket_action import Action
from models.codes.ticket_status import Status

# Where answering a 补正 question leads: back to the status the ticket was paused in.
RESUME = None

TRANSITIONS: Mapping[tuple[Status, Action], Status | None] = {
    (Status.NEW, Action.ACCEPT): Status.ACCEPTED,
    (Status.NEW, Action.REFUSE): Status.REFUSED,
    (Status.NEW, Action.REQUEST_INFO): Status.NEEDS_INFO,
    (Status.NEW, Action.TRANSFER): Status.NEW,
    (Status.NEW, Action.MERGE): Status.MERGED,
    (Status.NEEDS_INFO, Action.ANSWER_INFO): RESUME,
    (Status.NEEDS_INFO, Action.REFUSE): Status.REFUSED,  # only when paused before acceptance
    (Status.NEEDS_INFO, Action.TRANSFER): Status.NEW,
    (Status.NEEDS_INFO, Action.MERGE): Status.MERGED,
    (Status.ACCEPTED, Action.START_INVESTIGATION): Status.INVESTIGATING,
    (Status.ACCEPTED, Action.REQUEST_INFO): Status.NEEDS_INFO,
    (Status.ACCEPTED, Action.TRANSFER): Status.NEW,
    (Status.ACCEPTED, Action.MERGE): Status.MERGED,
    (Status.INVESTIGATING, Action.RESOLVE): Status.RESOLVED,
    (Status.INVESTIGATING, Action.EXTEND): Status.INVESTIGATING,
    (Status.INVESTIGATING, Action.REQUEST_INFO): Status.NEEDS_INFO,
    (Status.INVESTIGATING, Action.TRANSFER): Status.NEW,
    (Status.INVESTIGATING, Action.MERGE): Status.MERGED,
    (Status.RESOLVED, Action.START_FOLLOWUP): Status.FOLLOWUP,
    (Status.RESOLVED, Action.CLOSE): Status.CLOSED,  # the inspector phoned before we asked
    (Status.RESOLVED, Action.REOPEN): Status.INVESTIGATING,
    (Status.FOLLOWUP, Action.CLOSE): Status.CLOSED,
    (Status.FOLLOWUP, Action.CLOSE_UNANSWERED): Status.CLOSED,
    (Status.FOLLOWUP, Action.REOPEN): Status.INVESTIGATING,
    # a note (备注: a call made, a promise given) changes nothing but the timeline
    **{
        (s, Action.ADD_NOTE): s
        for s in (
            Status.NEW,
            Status.NEEDS_INFO,
            Status.ACCEPTED,
            Status.INVESTIGATING,
            Status.RESOLVED,
            Status.FOLLOWUP,
        )
    },
    (Status.CLOSED, Action.REOPEN): Status.INVESTIGATING,
    (Status.REFUSED, Action.REOPEN): Status.NEW,
}

# A 补正 question can pause these; the answer resumes them.
PAUSABLE: frozenset[Status] = frozenset({Status.NEW, Status.ACCEPTED, Status.INVESTIGATING})


def all_actions() -> tuple[Action, ...]:
    """Every action, in the enum's order."""
    return tuple(Action)


def _target(current: Status, action: Action) -> Status | None:
    return TRANSITIONS[(current, action)]


def _has_transition(current: Status, action: Action) -> bool:
    return (current, action) in TRANSITIONS


class TransitionError(TicketError):
    """The action is not allowed in the ticket's current status."""

    code = "illegal_transition"

    def __init__(
        self,
        zh: str,
        en: str,
        *,
        status: str = "",
        action: str = "",
        allowed: tuple[Action, ...] = (),
    ) -> None:
        super().__init__(zh, en)
        self.status = status
        self.action = action
        self.allowed = allowed


def parse_status(value: str | Status) -> Status:
    try:
        return Status(value)
    except ValueError:
        raise TransitionError(
            f"未知的工单状态「{value}」",
            f"unknown ticket status {value!r}",
            status=str(value),
        ) from None


def parse_action(value: str) -> Action:
    try:
        return Action(value)
    except ValueError:
        known = ", ".join(a.value for a in all_actions())
        raise TransitionError(
            f"未知的操作「{value}」",
            f"unknown action {value!r}; known actions: {known}",
            action=str(value),
        ) from None


def allowed_actions(
    status: str | Status, *, paused_from: Status | None = None
) -> tuple[Action, ...]:
    """What may be done next, in the order of the Action enum."""
    current = parse_status(status)
    found: list[Action] = []
    for action in all_actions():
        if not _has_transition(current, action):
            continue
        if _refusal_after_acceptance(current, action, paused_from):
            continue
        found.append(action)
    return tuple(found)


def next_status(status: str | Status, action: str, *, paused_from: Status | None = None) -> Status:
    """The status after `action`, or TransitionError saying what is allowed instead.

    `paused_from` is the status a needs_info ticket was in when the question was asked.
    """
    current = parse_status(status)
    act = parse_action(action)
    allowed = allowed_actions(current, paused_from=paused_from)
    if act not in allowed:
        raise _refused(current, act, allowed, paused_from)
    target = _target(current, act)
    if target is RESUME:
        if paused_from not in PAUSABLE:
            raise TransitionError(
                "找不到补正前的工单状态，无法恢复办理",
                "cannot tell which status the ticket was in before the question; "
                f"got {paused_from!r}",
                status=current,
                action=act,
                allowed=allowed,
            )
        assert paused_from is not None
        return paused_from
    return target


def _refusal_after_acceptance(current: Status, action: Action, paused_from: Status | None) -> bool:
    # 不予受理 is a decision about acceptance; once accepted, a case is resolved instead.
    return (
        current is Status.NEEDS_INFO and action is Action.REFUSE and paused_from is not Status.NEW
    )


def _refused(
    current: Status, act: Action, allowed: tuple[Action, ...], paused_from: Status | None
) -> TransitionError:
    zh_allowed = "、".join(a.label for a in allowed) or "无（工单已结束）"
    en_allowed = ", ".join(a.value for a in allowed) or "none (the ticket is finished)"
    if _refusal_after_acceptance(current, act, paused_from):
        zh = "工单已受理，不能再不予受理；请办结或转办"
        en = "the ticket was already accepted: it cannot be refused, resolve or transfer it"
    else:
        zh = f"工单状态为「{current.label}」，不能执行「{act.label}」；可执行：{zh_allowed}"
        en = f"ticket is {current.value!r}: {act.value!r} is not allowed; allowed: {en_allowed}"
    return TransitionError(zh, en, status=current, action=act, allowed=allowed)
