"""Ticket priorities (优先级): set by the routing table's priority rules, raised to urgent
when a case group reaches the red line, and deciding the deadlines (intake/tickets/sla.py).

The labels are the office's urgency scale for work orders (一般 / 较急 / 紧急), the words
the routing table's own comments use for normal and urgent.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

Priority = Literal["urgent", "high", "normal"]
PRIORITIES: tuple[Priority, ...] = ("normal", "high", "urgent")  # ascending

PRIORITY_LABELS: Mapping[str, str] = {"normal": "一般", "high": "较急", "urgent": "紧急"}


def priority_label(code: str) -> str:
    """The label of a priority code; an unknown code (an old row) is shown as stored."""
    return PRIORITY_LABELS.get(code, code)
