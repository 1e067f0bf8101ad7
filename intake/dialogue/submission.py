"""Submitting the draft, the service's answer to it, and what the worker sends afterwards.

The submission is an effect for the service layer, emitted once per draft under one
idempotency key; until the service reports back (`submitted` / `submit_failed`) the worker
is told it is in progress.
"""

from __future__ import annotations

import hashlib
from typing import Literal

from intake.dialogue.draft import Evidence, over_two_years
from intake.dialogue.effects import (
    AddEvidence,
    AttachToComplaint,
    FlagUnknownEmployer,
    SubmissionReceipt,
    SubmitComplaint,
)
from intake.dialogue.io import Reply, UserInput
from intake.dialogue.prompts import date_label
from intake.dialogue.state import Submission, TicketRef, copy_model
from intake.dialogue.turn import StepResult, WorkingTurn, next_missing


def idempotency_key(conversation_id: str, draft_id: str) -> str:
    digest = hashlib.sha256(f"{conversation_id}|{draft_id}".encode()).hexdigest()
    return f"complaint-{digest[:32]}"


def submit(t: WorkingTurn) -> None:
    """The worker confirmed the summary: ask the service to store the complaint (or the
    facts added to an open one), with the same key as any earlier attempt."""
    s = t.s
    d = t.draft
    if s.submission is not None and s.submission.status == "done":
        t.parts.append(already_done_text(t))
        t.ask_mode = "none"
        return
    if next_missing(d) != "confirm":
        t.say("still_missing")
        return
    key = (
        s.submission.idempotency_key
        if s.submission is not None
        else idempotency_key(s.conversation_id, d.draft_id)
    )
    d.over_two_years = over_two_years(d.period, t.today)
    kind: Literal["new", "attach"] = "attach" if d.attach_to else "new"
    s.submission = Submission(idempotency_key=key, kind=kind, requested_at=t.now)
    snapshot = copy_model(d)
    if d.attach_to is not None:
        t.effects.append(
            AttachToComplaint(
                idempotency_key=key,
                conversation_id=s.conversation_id,
                ticket_number=d.attach_to.ticket_number,
                draft=snapshot,
            )
        )
    else:
        t.effects.append(
            SubmitComplaint(
                idempotency_key=key,
                conversation_id=s.conversation_id,
                draft=snapshot,
                over_two_years=d.over_two_years,
            )
        )
    if d.employer is not None and d.employer.status == "unmatched":
        t.effects.append(
            FlagUnknownEmployer(
                idempotency_key=key,
                conversation_id=s.conversation_id,
                name=d.employer.typed,
                kind=d.employer.kind,
            )
        )
    t.say("submit.in_progress")
    t.ask_mode = "none"


def submitted(t: WorkingTurn, receipt: SubmissionReceipt) -> StepResult:
    s = t.s
    sub = s.submission
    if sub is None or sub.idempotency_key != receipt.idempotency_key or sub.status == "done":
        return StepResult(state=t.original, replies=[], effects=[])
    sub.status = "done"
    sub.receipt = receipt
    s.tickets.append(
        TicketRef(
            ticket_number=receipt.ticket_number,
            complaint_id=receipt.complaint_id,
            task_force=receipt.task_force,
            township=receipt.township,
            expected_acceptance_date=receipt.expected_acceptance_date,
        )
    )
    township = receipt.township or t.cat.text("receipt.township_pending")
    key = "receipt.attached" if receipt.attached or sub.kind == "attach" else "receipt.new"
    t.say(
        key,
        ticket=receipt.ticket_number,
        task_force=receipt.task_force,
        township=township,
        date=date_label(receipt.expected_acceptance_date),
    )
    if s.draft is not None and s.draft.over_two_years:
        t.say("receipt.over_two_years")
    t.say("receipt.footer")
    s.awaiting = "done"
    s.revisit = None
    s.pending = None
    s.updated_at = t.now
    s.buttons = t.done_buttons()
    return t.reply(s.buttons)


def submit_failed(t: WorkingTurn, key: str) -> StepResult:
    s = t.s
    sub = s.submission
    if sub is None or sub.idempotency_key != key or sub.status != "pending":
        return StepResult(state=t.original, replies=[], effects=[])
    sub.status = "failed"
    t.say("submit.failed")
    text, buttons = t.question()
    s.buttons = buttons
    s.updated_at = t.now
    return t.result([Reply(text="\n\n".join([*t.parts, text]), buttons=buttons)])


def already_done_text(t: WorkingTurn) -> str:
    ticket = t.s.tickets[-1].ticket_number if t.s.tickets else ""
    return t.cat.text("submit.already_done", ticket=ticket)


def after_done(t: WorkingTurn, inp: UserInput) -> StepResult:
    """Input after the receipt: a file goes to the ticket; anything else gets a reminder
    (a story typed here is held for "新的投诉")."""
    s = t.s
    ticket = s.tickets[-1].ticket_number if s.tickets else ""
    if inp.kind == "attachment":
        evidence = Evidence(
            kind=inp.attachment_kind,
            file_id=inp.file_id,
            file_name=inp.file_name,
            received_at=t.now,
        )
        t.effects.append(
            AddEvidence(conversation_id=s.conversation_id, ticket_number=ticket, evidence=evidence)
        )
        kind_label = t.cat.text(f"evidence.kinds.{inp.attachment_kind}")
        t.say("evidence.after_done", kind=kind_label, ticket=ticket)
    elif inp.kind == "choice" and inp.text == "submit":
        t.parts.append(already_done_text(t))
    else:
        if inp.kind == "text":
            s.held = inp  # kept for "新的投诉", so a new story typed here is not lost
        t.say("done.reminder", ticket=ticket)
    s.buttons = t.done_buttons()
    s.updated_at = t.now
    return t.reply(s.buttons)
