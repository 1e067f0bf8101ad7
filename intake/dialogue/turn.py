"""One turn in the making: a working copy of the state, the reply being written, the effects
for the service layer, and the two ways a turn ends without going on to the next question
(nothing changed, or a reply of its own).

The handlers of a turn (flow.py, worker_commands.py, side_questions.py, submission.py) take
the `WorkingTurn` and return a `StepResult` when they end the turn themselves, or None when
the turn goes on to the next question (`engine.finish`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from intake.dialogue.catalog import Catalog
from intake.dialogue.context import DialogueContext
from intake.dialogue.draft import Draft
from intake.dialogue.effects import Effect
from intake.dialogue.io import Button, Reply
from intake.dialogue.prompts import Prompts
from intake.dialogue.script import replies_in_script
from intake.dialogue.slot_editor import SlotEditor
from intake.dialogue.slots import SLOTS, Slot
from intake.dialogue.state import DialogueState, copy_model
from intake.localtime import local_date

# How the question is put at the end of the turn: in full; only its buttons (the reply has
# just said what is expected); or not at all (a submission is under way).
Ask = Literal["full", "buttons", "none"]


@dataclass
class StepResult:
    state: DialogueState
    replies: list[Reply]
    effects: list[Effect] = field(default_factory=list)

    @property
    def awaiting(self) -> Slot:
        return self.state.awaiting


def next_missing(draft: Draft | None) -> Slot:
    """The first question still open, in asking order; "confirm" when all are answered."""
    if draft is None:
        return "consent"
    for slot in SLOTS.attach_order if draft.attach_to else SLOTS.question_order:
        if slot == "employer":
            if draft.employer is None or draft.employer.status == "pending":
                return slot
        elif slot == "headcount" and draft.needs_exact_headcount():
            return slot  # the one question for the exact count
        elif slot not in draft.skipped and draft.value_of(slot) is None:
            return slot
    return "confirm"


class WorkingTurn:
    def __init__(self, state: DialogueState, ctx: DialogueContext, cat: Catalog) -> None:
        self.original = state
        self.s = copy_model(state)
        self.ctx = ctx
        self.cat = cat
        self.now: datetime = ctx.now
        self.today: date = local_date(ctx.now)
        self.parts: list[str] = []
        self.effects: list[Effect] = []
        self.ask_mode: Ask = "full"

    def say(self, key: str, **values: object) -> None:
        """Add the catalog's text `key` to the reply."""
        self.parts.append(self.cat.text(key, **values))

    @property
    def draft(self) -> Draft:
        """The draft being filled (the handlers that call this run only when there is one)."""
        assert self.s.draft is not None
        return self.s.draft

    @property
    def edit(self) -> SlotEditor:
        return SlotEditor(self.draft, self.today)

    def settle(self, slot: Slot) -> None:
        """`slot` got its answer: a question about it that was being asked again is done."""
        if self.s.revisit == slot:
            self.s.revisit = None

    def current_question(self) -> Slot:
        s = self.s
        if s.revisit is not None:
            return s.revisit
        return next_missing(s.draft)

    def submitting(self) -> bool:
        sub = self.s.submission
        return sub is not None and sub.status == "pending"

    def question(self) -> tuple[str, list[Button]]:
        """The text and buttons of what we are waiting for."""
        return Prompts(self.s, self.ctx, self.cat, self.today).question()

    def done_buttons(self) -> list[Button]:
        return Prompts(self.s, self.ctx, self.cat, self.today).done_buttons()

    def unchanged(self, message: str, *, ask: bool = True, script: str | None = None) -> StepResult:
        """A reply that changes nothing: the message, then the current question again."""
        self.s = copy_model(self.original)
        if script in ("simplified", "traditional"):
            self.s.script = script  # type: ignore[assignment]
        parts = [message]
        buttons: list[Button] = []
        if ask and not self.submitting():
            if self.s.awaiting == "done" or (self.s.draft is None and self.s.pending is None):
                buttons = list(self.s.buttons)  # the last question's buttons still apply
            else:
                text, buttons = self.question()
                parts.append(text)
        replies = replies_in_script(
            [Reply(text="\n\n".join(parts), buttons=buttons)], self.s.script
        )
        return StepResult(state=self.original, replies=replies, effects=[])

    def result(self, replies: list[Reply]) -> StepResult:
        return StepResult(
            state=self.s, replies=replies_in_script(replies, self.s.script), effects=self.effects
        )

    def reply(self, buttons: list[Button] | None = None) -> StepResult:
        """The turn's reply as written so far, as one message."""
        return self.result([Reply(text="\n\n".join(self.parts), buttons=buttons or [])])

    def start_draft(self, *, consent_at: datetime | None) -> None:
        s = self.s
        s.draft_seq += 1
        seed = f"{s.conversation_id}|{s.draft_seq}|{self.now.isoformat()}"
        draft_id = f"{s.draft_seq}-{hashlib.sha256(seed.encode()).hexdigest()[:12]}"
        s.draft = Draft(draft_id=draft_id, started_at=self.now, consent_at=consent_at)
        s.submission = None
        s.asked = []
        s.revisit = None
        s.pending = None
        s.duplicate_checked = []
        s.invalid_tries = 0
        s.awaiting = "consent"
