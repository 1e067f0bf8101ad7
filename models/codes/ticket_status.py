"""Ticket statuses (工单状态), which of them are still open, and their labels.

The transitions between them are the ticket workflow's (intake/tickets/lifecycle.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum


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

# No further work happens on these until someone reopens them (merged: never).
FINISHED: frozenset[Status] = frozenset({Status.CLOSED, Status.REFUSED, Status.MERGED})

# Open: every status but the finished ones (the work queue, the worker's open complaints,
# the figures' "open now"). Declaration order, as the partial indexes spell them.
OPEN_STATUSES: tuple[str, ...] = tuple(s.value for s in Status if s not in FINISHED)

# Not yet resolved: the statuses whose acceptance and resolution deadlines still run.
UNRESOLVED: frozenset[Status] = frozenset(
    {Status.NEW, Status.NEEDS_INFO, Status.ACCEPTED, Status.INVESTIGATING}
)
