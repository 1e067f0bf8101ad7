"""The worker's commands: /back (返回), /restart (重新开始), /cancel (取消), /help, /status,
/start — typed as commands, in words, or pressed as buttons.

Recognising them in text is extract/commands.py's job; this is what each one does. Those
that would lose what the worker gave are confirmed first (a side question).
"""

from __future__ import annotations

from intake.dialogue.extract.commands import Command
from intake.dialogue.flow import process
from intake.dialogue.io import UserInput
from intake.dialogue.prompts import date_label
from intake.dialogue.state import DialogueState, Pending
from intake.dialogue.turn import StepResult, WorkingTurn


async def command(t: WorkingTurn, command: Command) -> StepResult | None:
    s = t.s
    if command == "help":
        return t.unchanged(t.cat.text("help"))
    if command == "status":
        return t.unchanged(await status_text(t))
    if command == "start":
        if s.draft is None:
            await process(t, UserInput.from_choice(""))
            return None
        return t.unchanged(t.cat.text("kept_going"))
    if t.submitting():
        key = "cancel.refused_in_progress" if command == "cancel" else "submit.still_in_progress"
        return t.unchanged(t.cat.text(key), ask=False)
    if command == "back":
        return back(t)
    done = s.awaiting == "done"
    has_content = s.draft is not None and s.draft.has_content()
    if command == "restart":
        if done or not has_content:
            await restart(t)
            return None
        s.pending = Pending(kind="restart")
        return None
    # cancel
    if done:
        return t.unchanged(t.cat.text("cancel.after_done"), ask=False)
    if s.draft is None:
        return t.unchanged(t.cat.text("cancel.nothing"))
    if not has_content:
        return cancel(t)
    s.pending = Pending(kind="cancel")
    return None


def back(t: WorkingTurn) -> StepResult | None:
    """The question asked before the current one, asked again."""
    s = t.s
    if s.draft is None or s.awaiting == "done" or s.pending is not None:
        return t.unchanged(t.cat.text("back.none"))
    current = t.current_question()
    history = list(s.asked)
    while history and history[-1] == current:
        history.pop()
    if not history:
        return t.unchanged(t.cat.text("back.none"))
    target = history.pop()
    s.asked = history
    s.revisit = target
    return None


async def restart(t: WorkingTurn) -> None:
    """A new draft. Consent carries over; after a submission so does who the worker is
    (a second complaint by the same person), while /restart mid-draft clears all."""
    s = t.s
    old = s.draft
    after_submission = s.awaiting == "done"
    held = s.held
    t.start_draft(consent_at=old.consent_at if old is not None else None)
    if after_submission and old is not None and s.draft is not None:
        s.draft.name, s.draft.phone, s.draft.id_number = old.name, old.phone, old.id_number
        t.say("new_complaint")
    else:
        t.say("restart.done")
    if held is not None and held.kind == "text":
        s.held = None
        await process(t, held)


def cancel(t: WorkingTurn) -> StepResult:
    """Nothing of the draft is kept; the tickets filed before are."""
    s = t.s
    t.s = DialogueState(
        conversation_id=s.conversation_id,
        draft_seq=s.draft_seq,
        script=s.script,
        tickets=s.tickets,
        updated_at=t.now,
    )
    t.say("cancel.done")
    return t.reply()


async def status_text(t: WorkingTurn) -> str:
    s = t.s
    cat = t.cat
    phone = s.draft.phone if s.draft is not None else None
    tickets = [ticket.ticket_number for ticket in s.tickets]
    if not tickets and not phone:
        return cat.text("status.none")
    try:
        statuses = await t.ctx.complaint_statuses(phone=phone, ticket_numbers=tickets)
    except Exception:  # the worker gets a clear answer even when the lookup fails
        return cat.text("status.unknown")
    if not statuses:
        return cat.text("status.none") if not tickets else cat.text("status.unknown")
    lines = [cat.text("status.header")]
    for st in statuses:
        details = ""
        if st.task_force or st.township or st.updated_on:
            details = cat.text(
                "status.details",
                task_force=st.task_force or "",
                township=st.township or "",
                date=date_label(st.updated_on) if st.updated_on else "",
            )
        lines.append(
            cat.text(
                "status.line", ticket=st.ticket_number, status=st.status_label, details=details
            )
        )
    return "\n".join(lines)
