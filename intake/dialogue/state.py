"""The whole conversation state: a pydantic model stored as JSON by the channel layer.

Keyed by (channel, external id) in the database; it survives restarts and days of
silence. `schema_version` lets `load_state` upgrade rows written by older versions.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any, Literal, TypeVar

from pydantic import BaseModel

from intake.dialogue.draft import Draft, OpenComplaint
from intake.dialogue.effects import SubmissionReceipt
from intake.dialogue.io import Button, UserInput
from intake.dialogue.slots import Slot

SCHEMA_VERSION: Literal[1] = 1
M = TypeVar("M", bound=BaseModel)


class Pending(BaseModel):
    """A yes/no-style side question that interrupts the slot questions."""

    kind: Literal["resume", "restart", "cancel", "duplicate"]
    open_complaint: OpenComplaint | None = None  # for "duplicate"


class Submission(BaseModel):
    idempotency_key: str
    kind: Literal["new", "attach"]
    requested_at: datetime
    status: Literal["pending", "failed", "done"] = "pending"
    receipt: SubmissionReceipt | None = None


class TicketRef(BaseModel):
    """A complaint this conversation filed (for /status and for later evidence)."""

    ticket_number: str
    complaint_id: int | None = None  # None in states saved before it was kept here
    task_force: str
    township: str | None = None
    expected_acceptance_date: date | None = None


class Answering(BaseModel):
    """The worker is answering an inspector rather than the complaint dialogue. Kept and
    read by the service's inbound router (intake/chats/inbound.py), never by the engine."""

    ticket_id: int | None = None  # the ticket the next message answers (补正)
    held: str = ""  # an answer typed before the worker said which ticket it is for
    kind: Literal["info", "followup"] = "info"


class DialogueState(BaseModel):
    schema_version: Literal[1] = SCHEMA_VERSION
    conversation_id: str = ""  # e.g. "telegram:12345"; part of the idempotency keys
    awaiting: Slot = "consent"
    revisit: Slot | None = None  # re-asking a filled slot (/back, edit button, correction)
    pending: Pending | None = None
    draft: Draft | None = None
    draft_seq: int = 0
    submission: Submission | None = None  # of the current draft
    asked: list[Slot] = []  # questions asked, for /back
    buttons: list[Button] = []  # of the last question, to validate presses and typed labels
    invalid_tries: int = 0  # consecutive answers to `awaiting` that could not be used
    duplicate_checked: list[str] = []  # phone|employer pairs already looked up
    held: UserInput | None = None  # what the worker sent while a resume offer was shown
    script: Literal["simplified", "traditional"] = "simplified"
    tickets: list[TicketRef] = []
    answering: Answering | None = None
    updated_at: datetime | None = None


def new_state(conversation_id: str) -> DialogueState:
    """A fresh conversation. The first input greets the worker and asks for consent."""
    return DialogueState(conversation_id=conversation_id)


class UnsupportedStateVersion(ValueError):
    """The stored state was written by a newer version of the engine."""


def load_state(data: str | bytes | dict[str, Any]) -> DialogueState:
    """Parse a stored state (JSON text or a dict from a JSON column), upgrading old versions.

    Raises `UnsupportedStateVersion` for a newer schema and pydantic's ValidationError for
    a corrupt row: the channel layer must not silently replace a worker's draft.
    """
    if isinstance(data, str | bytes):
        data = json.loads(data)
        if not isinstance(data, dict):
            raise ValueError("stored dialogue state is not a JSON object")
    version = data.get("schema_version", SCHEMA_VERSION)
    if not isinstance(version, int) or version > SCHEMA_VERSION:
        raise UnsupportedStateVersion(f"dialogue state schema {version!r} is newer than ours")
    return DialogueState.model_validate(data)


def copy_model(model: M) -> M:
    """A deep copy through pydantic-core, five times quicker than `model_copy(deep=True)`'s
    copy.deepcopy. Exact for these models: the state round-trips through the database as
    plain data on every turn anyway."""
    return type(model).model_validate(model.model_dump())


def dump_state(state: DialogueState) -> dict[str, Any]:
    """The JSON-compatible dict to store (dates as ISO strings)."""
    return state.model_dump(mode="json")
