"""What staff (or the system, for 补正 answers and follow-ups) do to a ticket, and the
labels of the buttons, forms and timeline entries."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum


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
    ADD_NOTE = "add_note"

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
    Action.ADD_NOTE: "备注",
}
