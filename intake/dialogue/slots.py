"""The questions of the complaint dialogue, in the order they are asked.

The slot names are part of the web chat API (`awaiting`), so they never change.
"""

from __future__ import annotations

from typing import Literal, get_args

Slot = Literal[
    "consent",
    "name",
    "phone",
    "employer",
    "project",
    "township",
    "work_type",
    "period",
    "amount",
    "headcount",
    "description",
    "confirm",
    "done",
]
ALL_SLOTS: tuple[Slot, ...] = get_args(Slot)

# Questions of a new complaint, in asking order.
QUESTION_ORDER: tuple[Slot, ...] = (
    "consent",
    "name",
    "phone",
    "employer",
    "project",
    "township",
    "work_type",
    "period",
    "amount",
    "headcount",
    "description",
)
# Adding facts to an open complaint needs only who is writing, about whom, and what is new.
ATTACH_ORDER: tuple[Slot, ...] = ("consent", "name", "phone", "employer", "description")
# Slots a worker may leave open ("不清楚"): the case can still be routed and handled.
SKIPPABLE: frozenset[Slot] = frozenset({"project", "township", "work_type", "period"})
# Slots that hold a value the summary shows and the worker can edit.
EDITABLE: tuple[Slot, ...] = QUESTION_ORDER[1:]
