"""What the engine asks the service layer to do, and what comes back.

Effects are plain data (JSON-serialisable, e.g. for an outbox table). The engine emits
`SubmitComplaint` / `AttachToComplaint` at most once per draft; the service stores it
keyed by `idempotency_key` (so a retry after a crash is harmless) and then calls
`engine.on_submitted(state, receipt, ctx)` or `engine.on_submit_failed(...)`.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from intake.dialogue.draft import Draft, Evidence


class SubmitComplaint(BaseModel):
    """Store a new complaint (and route it). Exactly once per idempotency key."""

    type: Literal["submit_complaint"] = "submit_complaint"
    idempotency_key: str
    conversation_id: str
    draft: Draft
    # The work ended more than two years ago: take the complaint, but mark it for a
    # reasoned refusal (the limitation period of labour inspection).
    over_two_years: bool = False


class AttachToComplaint(BaseModel):
    """Add the facts and evidence of this draft to an open complaint of the same worker."""

    type: Literal["attach_to_complaint"] = "attach_to_complaint"
    idempotency_key: str
    conversation_id: str
    ticket_number: str
    draft: Draft


class FlagUnknownEmployer(BaseModel):
    """An employer the registry does not know, kept as the worker typed it, for the admins.

    Emitted together with the submission that carries it (same idempotency key).
    """

    type: Literal["flag_unknown_employer"] = "flag_unknown_employer"
    idempotency_key: str
    conversation_id: str
    name: str
    kind: Literal["org", "person", "weak", "answer"]


class AddEvidence(BaseModel):
    """A photo/document sent after submission: attach it to the submitted complaint."""

    type: Literal["add_evidence"] = "add_evidence"
    conversation_id: str
    ticket_number: str
    evidence: Evidence


Effect = Annotated[
    SubmitComplaint | AttachToComplaint | FlagUnknownEmployer | AddEvidence,
    Field(discriminator="type"),
]


class SubmissionReceipt(BaseModel):
    """What the service layer reports after storing a SubmitComplaint / AttachToComplaint."""

    idempotency_key: str
    ticket_number: str
    complaint_id: int | None = None  # the stored complaint the ticket is about
    task_force: str  # display name of the responsible task force (工作专班)
    township: str | None = None  # the responsible township/street (属地), if decided
    expected_acceptance_date: date
    attached: bool = False  # True: the facts went to an existing complaint


class ComplaintStatus(BaseModel):
    """One line of /status, as the service layer reports it."""

    ticket_number: str
    status_label: str  # e.g. 已受理 / 调查中 / 已办结 (the service's words)
    task_force: str | None = None
    township: str | None = None
    updated_on: date | None = None
