"""Side questions that interrupt the slot questions: resume a draft left for a day, confirm
/restart or /cancel, add to an open complaint against the same employer.

While one is open (`state.pending`) the worker's answer goes here first; anything else
they say is kept and applied as usual.
"""

from __future__ import annotations

from datetime import timedelta

from intake.dialogue.extract.answers import is_no, is_yes
from intake.dialogue.extract.normalize import compact
from intake.dialogue.flow import process
from intake.dialogue.io import UserInput
from intake.dialogue.state import Pending
from intake.dialogue.turn import StepResult, WorkingTurn
from intake.dialogue.worker_commands import cancel, restart

# A draft untouched for this long is offered back ("接着填 / 重新开始") before anything else.
RESUME_AFTER = timedelta(hours=24)


def resume_due(t: WorkingTurn) -> bool:
    s = t.s
    return bool(
        s.draft is not None
        and s.draft.has_content()
        and s.pending is None
        and s.updated_at is not None
        and t.now - s.updated_at >= RESUME_AFTER
    )


def offer_resume(t: WorkingTurn, inp: UserInput) -> None:
    """Ask whether to go on with the old draft; what was sent is held until answered."""
    t.s.pending = Pending(kind="resume")
    t.s.held = inp if inp.kind != "choice" else None


async def answer_pending(t: WorkingTurn, inp: UserInput) -> StepResult | None:
    s = t.s
    pending = s.pending
    assert pending is not None
    value = inp.text if inp.kind == "choice" else ""
    text = inp.text if inp.kind == "text" else ""
    if inp.kind == "choice" and value not in {b.value for b in s.buttons}:
        t.say("stale_button")
        return None
    if pending.kind == "resume":
        held, s.held, s.pending = s.held, None, None
        if value == "resume:restart" or (text and compact(text) in ("重新开始", "重新填")):
            s.held = held if held is not None and held.kind == "text" else None
            await restart(t)
            return None
        t.say("kept_going")
        for item in (held, inp if inp.kind != "choice" and not is_yes(text) else None):
            if item is not None and item.kind != "choice":
                await process(t, item)
        return None
    if pending.kind in ("restart", "cancel"):
        s.pending = None
        confirmed = value in ("restart:yes", "cancel:yes") or (text and is_yes(text))
        if confirmed and pending.kind == "restart":
            await restart(t)
            return None
        if confirmed:
            return cancel(t)
        t.say("kept_going")
        if inp.kind != "choice" and not is_no(text):
            await process(t, inp)
        return None
    # duplicate complaint offer
    d = t.draft
    assert pending.open_complaint is not None
    ticket = pending.open_complaint.ticket_number
    if value == "dup:attach" or (text and is_yes(text)):
        s.pending = None
        d.attach_to = pending.open_complaint
        t.say("duplicate.attach_chosen", ticket=ticket)
    elif value == "dup:new" or (text and is_no(text)):
        s.pending = None
        t.say("duplicate.new_chosen")
    else:
        await process(t, inp)  # keep what was said; the offer stays open
    return None


async def check_duplicate(t: WorkingTurn) -> None:
    """Offer to add to an open complaint against the same employer, once per pair."""
    s = t.s
    d = s.draft
    if d is None or d.consent_at is None or d.attach_to is not None or s.pending is not None:
        return
    if not d.phone or d.employer is None or d.employer.status == "pending":
        return
    if s.submission is not None:
        return
    employer_id = d.employer.record.id if d.employer.record else None
    key = f"{d.phone}|{employer_id or d.employer.typed}"
    if key in s.duplicate_checked:
        return
    s.duplicate_checked.append(key)
    try:
        found = await t.ctx.find_open_complaint(
            phone=d.phone, employer_id=employer_id, employer_name=d.employer.display_name
        )
    except Exception:  # a failed lookup must not block the complaint
        found = None
    if found is not None:
        s.pending = Pending(kind="duplicate", open_complaint=found)
