"""The complaint dialogue: `step(state, input, ctx) -> StepResult`.

Pure domain code: no I/O except the two lookups the context offers; deterministic given
`ctx.now`. See the package docstring for the contract with channels and the service layer.

A turn reads the input (unusable kinds, commands, typed button labels), hands it to the
one place that deals with it — a command (worker_commands.py), the answer to a side
question (side_questions.py), input after the receipt (submission.py) or the ordinary
flow (flow.py) — and ends with the next question (`finish`).
"""

from __future__ import annotations

from intake.dialogue.catalog import Catalog, default_catalog
from intake.dialogue.context import DialogueContext
from intake.dialogue.effects import SubmissionReceipt
from intake.dialogue.extract.answers import button_position, core
from intake.dialogue.extract.commands import parse_command
from intake.dialogue.extract.input_checks import MAX_TEXT_CHARS, text_problem
from intake.dialogue.extract.normalize import compact
from intake.dialogue.flow import process
from intake.dialogue.io import Button, Reply, UserInput
from intake.dialogue.script import detect_script
from intake.dialogue.side_questions import (
    RESUME_AFTER,
    answer_pending,
    check_duplicate,
    offer_resume,
    resume_due,
)
from intake.dialogue.state import DialogueState
from intake.dialogue.submission import after_done, submit_failed, submitted
from intake.dialogue.turn import StepResult, WorkingTurn, next_missing
from intake.dialogue.worker_commands import command

__all__ = ["RESUME_AFTER", "StepResult", "next_missing", "on_submit_failed", "on_submitted", "step"]

_UNSUPPORTED_KINDS = {
    "voice": "voice",
    "audio": "voice",
    "video_note": "voice",
    "sticker": "sticker",
    "animation": "sticker",
    "dice": "sticker",
    "location": "location",
    "venue": "location",
    "contact": "contact",
}


async def step(
    state: DialogueState, inp: UserInput, ctx: DialogueContext, *, catalog: Catalog | None = None
) -> StepResult:
    """One turn: the worker's input in, the new state, replies and effects out. Never raises
    on odd input; unusable input gets a clear reply and leaves the state unchanged."""
    t = WorkingTurn(state, ctx, catalog or default_catalog())
    ended = await _run(t, inp)
    return ended if ended is not None else await finish(t)


def on_submitted(
    state: DialogueState,
    receipt: SubmissionReceipt,
    ctx: DialogueContext,
    *,
    catalog: Catalog | None = None,
) -> StepResult:
    """The service stored the submission: tell the worker the ticket. Idempotent: a receipt
    for another draft or a repeated receipt changes nothing and says nothing."""
    return submitted(WorkingTurn(state, ctx, catalog or default_catalog()), receipt)


def on_submit_failed(
    state: DialogueState,
    idempotency_key: str,
    ctx: DialogueContext,
    *,
    catalog: Catalog | None = None,
) -> StepResult:
    """The service could not store the submission: back to the summary, data kept. The next
    "确认提交" re-emits the submission with the same idempotency key."""
    return submit_failed(WorkingTurn(state, ctx, catalog or default_catalog()), idempotency_key)


async def _run(t: WorkingTurn, inp: UserInput) -> StepResult | None:
    """The turn up to its last question; a StepResult when it ends otherwise."""
    cat = t.cat
    if inp.kind == "unsupported":
        kind = _UNSUPPORTED_KINDS.get(inp.attachment_kind, "other")
        return t.unchanged(cat.text(f"unsupported.{kind}"))
    if inp.kind == "text":
        problem = text_problem(inp.text)
        if problem == "too_long":
            return t.unchanged(
                cat.text("unsupported.too_long", length=len(inp.text), limit=MAX_TEXT_CHARS),
                script=detect_script(inp.text[:MAX_TEXT_CHARS]),
            )
        if problem is not None:
            return t.unchanged(cat.text(f"unsupported.{problem}"))
        script = detect_script(inp.text)
        if script is not None:
            t.s.script = script
        said = parse_command(inp.text)
        if said is not None:
            return await command(t, said)
        value = typed_button(inp.text, t.s.buttons)
        if value is not None:
            inp = UserInput.from_choice(value)
    if inp.kind == "choice" and inp.text.startswith("/"):
        pressed = parse_command(inp.text)
        if pressed is not None:
            return await command(t, pressed)

    s = t.s
    if t.submitting():
        return t.unchanged(cat.text("submit.still_in_progress"), ask=False)
    if s.awaiting == "done":
        return after_done(t, inp)
    if resume_due(t):
        offer_resume(t, inp)
        return None
    if s.pending is not None:
        return await answer_pending(t, inp)
    await process(t, inp)
    return None


async def finish(t: WorkingTurn) -> StepResult:
    """End the turn with the question it leaves open: the next one, a side question, the
    summary, or none while a submission is under way."""
    s = t.s
    await check_duplicate(t)
    if not t.submitting():
        s.awaiting = t.current_question() if s.draft is not None else "consent"
    asking_slot = s.draft is not None and s.awaiting not in ("consent", "confirm", "done")
    if asking_slot and (not s.asked or s.asked[-1] != s.awaiting):
        s.asked.append(s.awaiting)
    if s.awaiting != t.original.awaiting:
        s.invalid_tries = 0
    text, buttons = t.question()
    if t.ask_mode == "none" or t.submitting():
        buttons = []
    elif t.ask_mode == "full" or not t.parts:
        t.parts.append(text)
    s.buttons = buttons
    s.updated_at = t.now
    return t.result([Reply(text="\n\n".join(t.parts), buttons=buttons)])


def typed_button(text: str, buttons: list[Button]) -> str | None:
    """A typed button label counts as pressing it (terminal users, traditional script),
    with fillers around it ("嗯，同意吧") or named by its position ("第二家", "上面那个")."""
    typed = compact(text)
    for b in buttons:
        if compact(b.label) == typed:
            return b.value
    word = core(text)
    if word:
        for b in buttons:
            if core(b.label) == word:
                return b.value
    choices = [b for b in buttons if not b.value.startswith("/")]
    position = button_position(text, len(choices))
    if position is not None:
        return choices[position].value
    return None
