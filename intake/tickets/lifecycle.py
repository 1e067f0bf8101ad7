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

An action outside the Action enum (a deployment's own, or a test's) is added at run time
with `add_action` and its own transitions; it is spelled and labelled like an Action member
(AddedAction), so every layer handles both the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeAlias

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
    (Status.CLOSED, Action.REOPEN): Status.INVESTIGATING,
    (Status.REFUSED, Action.REOPEN): Status.NEW,
}

# A 补正 question can pause these; the answer resumes them.
PAUSABLE: frozenset[Status] = frozenset({Status.NEW, Status.ACCEPTED, Status.INVESTIGATING})


class AddedAction(str):
    """An action added with `add_action`, with `.value` and `.label` like an Action member."""

    __slots__ = ()

    @property
    def value(self) -> str:
        return str(self)

    @property
    def label(self) -> str:
        return _ADDED_LABELS[self]


AnyAction: TypeAlias = Action | AddedAction
_ADDED: dict[str, AddedAction] = {}
_ADDED_LABELS: dict[str, str] = {}
_ADDED_TRANSITIONS: dict[tuple[Status, str], Status] = {}


def add_action(name: str, label: str, transitions: Mapping[Status, Status]) -> AddedAction:
    """A new action allowed in the statuses `transitions` maps from, leading where it maps
    to. Its name must be new."""
    if name in Action._value2member_map_ or name in _ADDED:
        raise ValueError(f"action {name!r} exists already")
    if not transitions:
        raise ValueError(f"action {name!r} needs at least one transition")
    action = AddedAction(name)
    _ADDED[name] = action
    _ADDED_LABELS[name] = label
    for before, after in transitions.items():
        _ADDED_TRANSITIONS[(Status(before), action)] = Status(after)
    return action


def remove_action(name: str) -> None:
    """Undo `add_action` (a test's action, once the test is done)."""
    action = _ADDED.pop(name, None)
    _ADDED_LABELS.pop(name, None)
    for key in [k for k in _ADDED_TRANSITIONS if k[1] == action]:
        del _ADDED_TRANSITIONS[key]


def all_actions() -> tuple[AnyAction, ...]:
    """Every action: the enum's, in its order, then the added ones."""
    return (*Action, *_ADDED.values())


def _target(current: Status, action: AnyAction) -> Status | None:
    if isinstance(action, Action):
        return TRANSITIONS[(current, action)]
    return _ADDED_TRANSITIONS[(current, action)]


def _has_transition(current: Status, action: AnyAction) -> bool:
    return (current, action) in TRANSITIONS or (current, action) in _ADDED_TRANSITIONS


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
        allowed: tuple[AnyAction, ...] = (),
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


def parse_action(value: str) -> AnyAction:
    try:
        return Action(value)
    except ValueError:
        if value in _ADDED:
            return _ADDED[value]
        known = ", ".join(a.value for a in all_actions())
        raise TransitionError(
            f"未知的操作「{value}」",
            f"unknown action {value!r}; known actions: {known}",
            action=str(value),
        ) from None


def allowed_actions(
    status: str | Status, *, paused_from: Status | None = None
) -> tuple[AnyAction, ...]:
    """What may be done next, in the order of the Action enum (added actions last)."""
    current = parse_status(status)
    found: list[AnyAction] = []
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


def _refusal_after_acceptance(
    current: Status, action: AnyAction, paused_from: Status | None
) -> bool:
    # 不予受理 is a decision about acceptance; once accepted, a case is resolved instead.
    return (
        current is Status.NEEDS_INFO and action is Action.REFUSE and paused_from is not Status.NEW
    )


def _refused(
    current: Status, act: AnyAction, allowed: tuple[AnyAction, ...], paused_from: Status | None
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
