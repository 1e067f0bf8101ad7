"""The ticket state machine: statuses, actions, the allowed transitions and outcome codes.

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
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from intake.tickets.errors import TicketError


class Status(StrEnum):
    NEW = "new"
    NEEDS_INFO = "needs_info"
    ACCEPTED = "accepted"
    REFUSED = "refused"
    INVESTIGATING = "investigating"
    RESOLVED = "resolved"
    FOLLOWUP = "followup"
    CLOSED = "closed"
    MERGED = "merged"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS: Mapping[Status, str] = {
    Status.NEW: "待受理",
    Status.NEEDS_INFO: "待补正",
    Status.ACCEPTED: "已受理",
    Status.REFUSED: "不予受理",
    Status.INVESTIGATING: "调查处理中",
    Status.RESOLVED: "已办结",
    Status.FOLLOWUP: "回访中",
    Status.CLOSED: "已销号",
    Status.MERGED: "已合并",
}


class Action(StrEnum):
    ACCEPT = "accept"
    REFUSE = "refuse"
    REQUEST_INFO = "request_info"
    ANSWER_INFO = "answer_info"
    START_INVESTIGATION = "start_investigation"
    EXTEND = "extend"
    RESOLVE = "resolve"
    START_FOLLOWUP = "start_followup"
    CLOSE = "close"
    CLOSE_UNANSWERED = "close_unanswered"
    TRANSFER = "transfer"
    MERGE = "merge"
    REOPEN = "reopen"

    @property
    def label(self) -> str:
        return ACTION_LABELS[self]


ACTION_LABELS: Mapping[Action, str] = {
    Action.ACCEPT: "受理",
    Action.REFUSE: "不予受理",
    Action.REQUEST_INFO: "要求补正",
    Action.ANSWER_INFO: "补正回复",
    Action.START_INVESTIGATION: "开始调查",
    Action.EXTEND: "延长办理期限",
    Action.RESOLVE: "办结",
    Action.START_FOLLOWUP: "发起回访",
    Action.CLOSE: "回访销号",
    Action.CLOSE_UNANSWERED: "回访无应答销号",
    Action.TRANSFER: "转办",
    Action.MERGE: "合并",
    Action.REOPEN: "重新办理",
}

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
# No further work happens on these until someone reopens them (merged: never).
FINISHED: frozenset[Status] = frozenset({Status.CLOSED, Status.REFUSED, Status.MERGED})


class Outcome(StrEnum):
    """How an investigation ended (办结方式)."""

    PAID_IN_FULL = "paid_in_full"
    PAID_IN_PART = "paid_in_part"
    NO_ARREARS = "no_arrears_found"
    EMERGENCY_FUND = "emergency_fund_advance"
    REFERRED_POLICE = "referred_police"
    REFERRED_ARBITRATION_COURT = "referred_arbitration_court"
    OUT_OF_JURISDICTION = "out_of_jurisdiction"

    @property
    def label(self) -> str:
        return OUTCOME_LABELS[self]

    @property
    def money_paid(self) -> bool:
        """Outcomes in which the worker received money, so an amount must be recorded."""
        return self in (Outcome.PAID_IN_FULL, Outcome.PAID_IN_PART, Outcome.EMERGENCY_FUND)


OUTCOME_LABELS: Mapping[Outcome, str] = {
    Outcome.PAID_IN_FULL: "已全额支付",
    Outcome.PAID_IN_PART: "已部分支付",
    Outcome.NO_ARREARS: "经查不存在欠薪",
    Outcome.EMERGENCY_FUND: "应急周转金垫付",
    Outcome.REFERRED_POLICE: "移送公安机关",
    Outcome.REFERRED_ARBITRATION_COURT: "引导劳动仲裁或诉讼",
    Outcome.OUT_OF_JURISDICTION: "不属于本地管辖",
}


class RefusalReason(StrEnum):
    """Common grounds for 不予受理; a refusal may also give its own words."""

    OVER_TWO_YEARS = "over_two_years"
    NOT_WAGE_MATTER = "not_wage_matter"
    OUT_OF_JURISDICTION = "out_of_jurisdiction"
    ALREADY_IN_ARBITRATION = "already_in_arbitration_or_court"
    INFO_NOT_COMPLETED = "info_not_completed"
    DUPLICATE = "duplicate"

    @property
    def label(self) -> str:
        return REFUSAL_LABELS[self]


REFUSAL_LABELS: Mapping[RefusalReason, str] = {
    RefusalReason.OVER_TWO_YEARS: "欠薪发生已超过两年",
    RefusalReason.NOT_WAGE_MATTER: "不属于劳动报酬争议",
    RefusalReason.OUT_OF_JURISDICTION: "不属于本行政区域管辖",
    RefusalReason.ALREADY_IN_ARBITRATION: "已进入劳动仲裁或诉讼程序",
    RefusalReason.INFO_NOT_COMPLETED: "逾期未补正材料",
    RefusalReason.DUPLICATE: "重复投诉",
}


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


def parse_action(value: str | Action) -> Action:
    try:
        return Action(value)
    except ValueError:
        known = ", ".join(a.value for a in Action)
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
    found = []
    for action in Action:
        if (current, action) not in TRANSITIONS:
            continue
        if _refusal_after_acceptance(current, action, paused_from):
            continue
        found.append(action)
    return tuple(found)


def next_status(
    status: str | Status, action: str | Action, *, paused_from: Status | None = None
) -> Status:
    """The status after `action`, or TransitionError saying what is allowed instead.

    `paused_from` is the status a needs_info ticket was in when the question was asked.
    """
    current = parse_status(status)
    act = parse_action(action)
    allowed = allowed_actions(current, paused_from=paused_from)
    if act not in allowed:
        raise _refused(current, act, allowed, paused_from)
    target = TRANSITIONS[(current, act)]
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
