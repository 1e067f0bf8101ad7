"""The complaint dialogue: `step(state, input, ctx) -> StepResult`.

Pure domain code: no I/O except the two lookups the context offers; deterministic given
`ctx.now`. See the package docstring for the contract with channels and the service layer.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

from intake.dialogue.absorb import Absorbed, Absorber, over_two_years
from intake.dialogue.catalog import Catalog, default_catalog
from intake.dialogue.context import DialogueContext
from intake.dialogue.draft import Draft, EmployerChoice, Evidence, TypedMessage
from intake.dialogue.effects import (
    AddEvidence,
    AttachToComplaint,
    Effect,
    FlagUnknownEmployer,
    SubmissionReceipt,
    SubmitComplaint,
)
from intake.dialogue.extract.answers import (
    button_position,
    core,
    is_no,
    is_question,
    is_unknown,
    is_yes,
    kept_words,
    split_leading_yes,
)
from intake.dialogue.extract.commands import Command, parse_command
from intake.dialogue.extract.input_checks import MAX_TEXT_CHARS, text_problem
from intake.dialogue.extract.normalize import compact
from intake.dialogue.io import Button, Reply, UserInput
from intake.dialogue.present import field_label, items_text
from intake.dialogue.prompts import Prompts, date_label
from intake.dialogue.script import detect_script, replies_in_script
from intake.dialogue.slots import ATTACH_ORDER, EDITABLE, QUESTION_ORDER, SKIPPABLE, Slot
from intake.dialogue.state import DialogueState, Pending, Submission, TicketRef, copy_model
from intake.localtime import local_date

# A draft untouched for this long is offered back ("接着填 / 重新开始") before anything else.
RESUME_AFTER = timedelta(hours=24)
MAX_WORKER_MESSAGES = 200
# The second unusable answer to a question is the last: after it the answer is kept as
# written or the slot left open, so no question is asked a third time.
_GIVE_UP_AFTER_TRIES = 2
_KEPT_MAX_CHARS = 60
# Slots kept as written (up to this many characters) when they cannot be read.
KEPT_AS_WRITTEN: dict[str, int] = {
    "project": 30,
    "township": 20,
    "work_type": 12,
    "description": 2000,
}
# Slots left open when no answer could be read twice (the case can be handled without).
LEFT_OPEN_AFTER_TRIES = frozenset(
    {"project", "township", "work_type", "period", "amount", "headcount", "description"}
)

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
    for slot in ATTACH_ORDER if draft.attach_to else QUESTION_ORDER:
        if slot == "consent":
            if draft.consent_at is None:
                return slot
        elif slot == "employer":
            if draft.employer is None or draft.employer.status == "pending":
                return slot
        elif slot == "headcount" and draft.needs_exact_headcount():
            return slot  # the one question for the exact count
        elif slot not in draft.skipped and draft.value_of(slot) is None:
            return slot
    return "confirm"


async def step(
    state: DialogueState, inp: UserInput, ctx: DialogueContext, *, catalog: Catalog | None = None
) -> StepResult:
    """One turn: the worker's input in, the new state, replies and effects out. Never raises
    on odd input; unusable input gets a clear reply and leaves the state unchanged."""
    return await _Turn(state, ctx, catalog or default_catalog()).run(inp)


def on_submitted(
    state: DialogueState,
    receipt: SubmissionReceipt,
    ctx: DialogueContext,
    *,
    catalog: Catalog | None = None,
) -> StepResult:
    """The service stored the submission: tell the worker the ticket. Idempotent: a receipt
    for another draft or a repeated receipt changes nothing and says nothing."""
    return _Turn(state, ctx, catalog or default_catalog()).submitted(receipt)


def on_submit_failed(
    state: DialogueState,
    idempotency_key: str,
    ctx: DialogueContext,
    *,
    catalog: Catalog | None = None,
) -> StepResult:
    """The service could not store the submission: back to the summary, data kept. The next
    "确认提交" re-emits the submission with the same idempotency key."""
    return _Turn(state, ctx, catalog or default_catalog()).submit_failed(idempotency_key)


class _Turn:
    def __init__(self, state: DialogueState, ctx: DialogueContext, cat: Catalog) -> None:
        self.original = state
        self.s = copy_model(state)
        self.ctx = ctx
        self.cat = cat
        self.now = ctx.now
        self.today: date = local_date(ctx.now)
        self.parts: list[str] = []
        self.effects: list[Effect] = []

    # == entry ===========================================================================
    async def run(self, inp: UserInput) -> StepResult:
        if inp.kind == "unsupported":
            return self.unchanged(self.unsupported_text(inp.attachment_kind))
        if inp.kind == "text":
            problem = text_problem(inp.text)
            if problem == "too_long":
                return self.unchanged(
                    self.cat.text(
                        "unsupported.too_long", length=len(inp.text), limit=MAX_TEXT_CHARS
                    ),
                    script=detect_script(inp.text[:MAX_TEXT_CHARS]),
                )
            if problem is not None:
                return self.unchanged(self.cat.text(f"unsupported.{problem}"))
            script = detect_script(inp.text)
            if script is not None:
                self.s.script = script
            command = parse_command(inp.text)
            if command is not None:
                return await self.command(command)
            value = self.typed_button(inp.text)
            if value is not None:
                inp = UserInput.from_choice(value)
        if inp.kind == "choice" and inp.text.startswith("/"):
            command = parse_command(inp.text)
            if command is not None:
                return await self.command(command)

        s = self.s
        if s.submission is not None and s.submission.status == "pending":
            return self.unchanged(self.cat.text("submit.still_in_progress"), ask=False)
        if s.awaiting == "done":
            return self.after_done(inp)
        if self.resume_due():
            s.pending = Pending(kind="resume")
            s.held = inp if inp.kind != "choice" else None
            return await self.finish()
        if s.pending is not None:
            return await self.answer_pending(inp)
        await self.process(inp)
        return await self.finish()

    # == the ordinary flow =================================================================
    async def process(self, inp: UserInput) -> None:
        s = self.s
        if s.draft is None:
            if inp.kind == "choice" and inp.text == "consent:yes":
                self.give_consent()  # after declining, the worker changed their mind
                return
            self.start_draft(consent_at=None)
            self.parts.append(self.cat.text("greeting"))
            if inp.kind == "text" and inp.text.strip():
                outcome = self.absorb(inp.text, asking=None)
                if outcome.absorbed or outcome.problems:
                    self.parts.append(self.cat.text("story_kept"))
                    self.report_problems(outcome)
            elif inp.kind == "attachment":
                self.add_evidence(inp)
            return
        if inp.kind == "attachment":
            self.add_evidence(inp)
            return
        if inp.kind == "choice":
            self.choose(inp.text)
            return
        await self.text(inp.text)

    async def text(self, raw: str) -> None:
        s = self.s
        assert s.draft is not None
        awaiting = self.current_question()
        if awaiting == "consent":
            agreed, rest = split_leading_yes(raw)
            if is_yes(raw) or agreed:
                self.give_consent()
                if rest:
                    self.acknowledge(self.absorb(rest, asking=None))
                return
            if is_no(raw):
                self.decline_consent()
                return
            outcome = self.absorb(raw, asking=None)
            self.acknowledge(outcome)
            self.parts.append(self.cat.text("consent_needed"))
            return
        if awaiting == "confirm":
            if is_yes(raw):
                self.submit()
                return
            outcome = self.absorb(raw, asking=None)
            if not (outcome.absorbed or outcome.need_value or outcome.problems):
                self.invalid("invalid.confirm")
                return
            self.acknowledge(outcome)
            return
        employer = s.draft.employer
        if awaiting == "employer" and employer is not None and employer.status == "pending":
            if is_yes(raw) and len(employer.candidates) <= 1:
                # "对": the one name offered (or the name as typed when none was found)
                only = employer.candidates[0].employer.id if employer.candidates else "typed"
                self.choose(f"employer:{only}")
                return
            if is_no(raw):
                self.choose("employer:retype" if not employer.candidates else "employer:none")
                return
        if awaiting == "headcount" and s.draft.needs_exact_headcount() and is_unknown(raw):
            self.choose("headcount:keep")
            return
        # a question of the worker's own ("要多久能办好？") is no answer, whatever it says
        outcome = self.absorb(raw, asking=None if is_question(raw) else awaiting)
        if is_question(raw) and not outcome.absorbed:
            outcome.invalid = f"invalid.{awaiting}"
        if outcome.answered:
            s.invalid_tries = 0
            if s.revisit == awaiting:
                s.revisit = None
        self.acknowledge(outcome)
        if outcome.answered or outcome.need_value is not None or outcome.need_id_number:
            return
        if outcome.invalid and not outcome.absorbed:
            self.unreadable(awaiting, raw, outcome)
        elif outcome.absorbed:
            self.untold(awaiting)

    def unreadable(self, slot: Slot, raw: str, outcome: Absorbed) -> None:
        """An answer to `slot` that could not be used. The first time: say what is expected
        (or, for a question of the worker's own, that staff will answer it). The second
        time the question is not asked again: the words are kept as written (flagged for
        staff) or an optional slot is left open, with one sentence saying so."""
        s = self.s
        s.invalid_tries += 1
        if s.invalid_tries >= _GIVE_UP_AFTER_TRIES and self.give_up(slot, raw):
            s.invalid_tries = 0
            return
        if is_question(raw):
            self.parts.append(self.cat.text("off_topic"))
            self.ask_mode = "full"
            return
        key = outcome.invalid or f"invalid.{slot}"
        self.parts.append(self.cat.text(key, **outcome.invalid_values))
        if s.invalid_tries >= _GIVE_UP_AFTER_TRIES:
            # required and truly missing: why it is needed, an example, and the hotline
            help_key = "invalid.phone_help" if slot == "phone" else "invalid.hotline_hint"
            self.parts.append(self.cat.text(help_key))
        self.ask_mode = "buttons"

    def untold(self, slot: Slot) -> None:
        """The message told other things but not this answer: the question stands, once more
        at most; after that an optional slot is left open."""
        s = self.s
        s.invalid_tries += 1
        if s.invalid_tries >= _GIVE_UP_AFTER_TRIES and slot in LEFT_OPEN_AFTER_TRIES:
            self.leave_open(slot)
            s.invalid_tries = 0

    def give_up(self, slot: Slot, raw: str) -> bool:
        """Keep the answer as written or leave the slot open; False when neither is possible
        (a required answer that is missing: the phone)."""
        d = self.s.draft
        assert d is not None
        words = kept_words(raw)
        usable = bool(words) and not is_question(raw) and not is_unknown(raw)
        if slot == "employer":
            if d.employer is not None and d.employer.status == "pending":
                self.choose_employer("none")  # the name first given, as typed
                return True
            typed = words if usable else kept_words(raw, keep_unknown=True)
            if not typed:
                return False
            d.employer = EmployerChoice(
                typed=typed[:_KEPT_MAX_CHARS], kind="answer", status="unmatched"
            )
            self.mark_unverified("employer")
            self.parts.append(
                self.cat.text(
                    "fallback.kept", field=field_label(self.cat, slot), value=d.employer.typed
                )
            )
            return True
        if usable and slot in KEPT_AS_WRITTEN and len(words) <= KEPT_AS_WRITTEN[slot]:
            value = raw.strip() if slot == "description" else words
            setattr(d, slot, value)
            if slot in d.skipped:
                d.skipped.remove(slot)
            if slot in ("township", "project"):
                self.mark_unverified(slot)
            if self.s.revisit == slot:
                self.s.revisit = None
            self.parts.append(
                self.cat.text("fallback.kept", field=field_label(self.cat, slot), value=value)
            )
            return True
        if slot in LEFT_OPEN_AFTER_TRIES:
            self.leave_open(slot)
            return True
        if slot == "name" and words:
            d.name = words[:_KEPT_MAX_CHARS]
            self.parts.append(
                self.cat.text("fallback.kept", field=field_label(self.cat, slot), value=d.name)
            )
            return True
        return False

    def leave_open(self, slot: Slot) -> None:
        d = self.s.draft
        assert d is not None
        if slot == "headcount" and d.headcount is not None:
            d.headcount_exact_asked = True  # the vague count stands
        elif slot not in d.skipped:
            d.skipped.append(slot)
        if self.s.revisit == slot:
            self.s.revisit = None
        self.parts.append(self.cat.text("fallback.left_open", field=field_label(self.cat, slot)))

    def mark_unverified(self, slot: str) -> None:
        d = self.s.draft
        assert d is not None
        if slot not in d.unverified:
            d.unverified.append(slot)

    def absorb(self, raw: str, *, asking: Slot | None) -> Absorbed:
        s = self.s
        assert s.draft is not None
        if len(s.draft.worker_messages) < MAX_WORKER_MESSAGES:
            s.draft.worker_messages.append(TypedMessage(text=raw, at=self.now))
        outcome = Absorber(s.draft, self.ctx, self.today).absorb(raw, asking=asking)
        if outcome.need_value is not None:
            s.revisit = outcome.need_value
        return outcome

    def acknowledge(self, outcome: Absorbed) -> None:
        d = self.s.draft
        assert d is not None
        filled = [x for x in outcome.filled if x not in outcome.changed]
        if d.employer is not None and d.employer.status == "pending":
            filled = [x for x in filled if x != "employer"]
        if outcome.changed:
            self.parts.append(
                self.cat.text("changed", items=items_text(self.cat, d, outcome.changed))
            )
        if filled:
            self.parts.append(self.cat.text("noted", items=items_text(self.cat, d, filled)))
        self.report_problems(outcome)
        if outcome.need_value is not None:
            label = field_label(self.cat, outcome.need_value)
            self.parts.append(self.cat.text("need_value", field=label))
        elif outcome.need_id_number:
            self.parts.append(self.cat.text("need_value", field=field_label(self.cat, "id_number")))

    def report_problems(self, outcome: Absorbed) -> None:
        for key, values in outcome.problems:
            self.parts.append(self.cat.text(key, **values))

    def invalid(self, key: str, values: dict[str, object] | None = None) -> None:
        """The answer could not be used: say what is expected (the question is not repeated)."""
        s = self.s
        s.invalid_tries += 1
        self.parts.append(self.cat.text(key, **(values or {})))
        if s.invalid_tries >= _GIVE_UP_AFTER_TRIES:
            self.parts.append(self.cat.text("invalid.hotline_hint"))
        self.ask_mode: Ask = "buttons"

    # == choices (button values) ===========================================================
    def choose(self, value: str) -> None:
        s = self.s
        d = s.draft
        assert d is not None
        if value not in {b.value for b in s.buttons}:
            self.parts.append(self.cat.text("stale_button"))
            return
        kind, _, arg = value.partition(":")
        if kind == "consent":
            self.give_consent() if arg == "yes" else self.decline_consent()
        elif kind == "employer":
            self.choose_employer(arg)
        elif kind == "township":
            if arg == "?":
                self.skip("township")
            else:
                self.set_value("township", arg)
        elif kind == "work_type":
            self.set_value("work_type", arg)
        elif kind == "headcount" and arg == "keep":
            d.headcount_exact_asked = True  # "说不准": the vague count stands
            self.parts.append(self.cat.text("noted", items=items_text(self.cat, d, ["headcount"])))
        elif kind == "headcount":
            d.headcount_words = None
            d.headcount_exact_asked = True
            self.set_value("headcount", int(arg))
        elif kind == "skip":
            self.skip(self.current_question())
        elif kind == "keep":
            s.revisit = None
        elif kind == "submit":
            self.submit()
        elif kind == "edit" and arg in EDITABLE:
            s.revisit = arg  # type: ignore[assignment]

    def choose_employer(self, arg: str) -> None:
        s = self.s
        assert s.draft is not None and s.draft.employer is not None
        employer = s.draft.employer
        if arg in ("none", "typed"):
            employer.status = "unmatched"
            employer.record = None
            self.parts.append(self.cat.text("employer.unmatched_kept", typed=employer.typed))
        elif arg == "retype":
            s.draft.employer = None
            s.revisit = "employer" if s.revisit == "employer" else None
            self.parts.append(self.cat.text("employer.retype"))
            return
        else:
            picked = next((c for c in employer.candidates if c.employer.id == arg), None)
            if picked is None:
                self.parts.append(self.cat.text("stale_button"))
                return
            employer.status = "matched"
            employer.record = picked.employer
            self.parts.append(self.cat.text("employer.chosen", name=picked.employer.name))
        if s.revisit == "employer":
            s.revisit = None

    def set_value(self, slot: Slot, value: object) -> None:
        s = self.s
        assert s.draft is not None
        setattr(s.draft, slot, value)
        if slot in s.draft.skipped:
            s.draft.skipped.remove(slot)
        if s.revisit == slot:
            s.revisit = None
        self.parts.append(self.cat.text("noted", items=items_text(self.cat, s.draft, [slot])))

    def skip(self, slot: Slot) -> None:
        s = self.s
        assert s.draft is not None
        if slot not in SKIPPABLE:
            return
        setattr(s.draft, slot, None)
        if slot not in s.draft.skipped:
            s.draft.skipped.append(slot)
        if slot == "period":
            s.draft.over_two_years = False
        if s.revisit == slot:
            s.revisit = None

    # == consent ==========================================================================
    def give_consent(self) -> None:
        s = self.s
        if s.draft is None:
            self.start_draft(consent_at=self.now)
        else:
            s.draft.consent_at = self.now
        self.parts.append(self.cat.text("consent_given"))

    def decline_consent(self) -> None:
        """Without consent nothing of the worker's is kept."""
        s = self.s
        s.draft = None
        s.revisit = None
        s.asked = []
        self.parts.append(self.cat.text("consent_declined"))
        self.ask_mode = "buttons"

    # == evidence =========================================================================
    def add_evidence(self, inp: UserInput) -> None:
        d = self.s.draft
        assert d is not None
        kind_label = self.cat.text(f"evidence.kinds.{inp.attachment_kind}")
        if any(e.file_id == inp.file_id for e in d.evidence):
            self.parts.append(self.cat.text("evidence.duplicate"))
            return
        d.evidence.append(
            Evidence(
                kind=inp.attachment_kind,
                file_id=inp.file_id,
                file_name=inp.file_name,
                received_at=self.now,
            )
        )
        self.parts.append(
            self.cat.text("evidence.received", kind=kind_label, count=len(d.evidence))
        )

    # == submission ======================================================================
    def submit(self) -> None:
        s = self.s
        d = s.draft
        assert d is not None
        if s.submission is not None and s.submission.status == "done":
            self.parts.append(self.already_done_text())
            self.ask_mode = "none"
            return
        if next_missing(d) != "confirm":
            self.parts.append(self.cat.text("still_missing"))
            return
        key = (
            s.submission.idempotency_key
            if s.submission is not None
            else _idempotency_key(s.conversation_id, d.draft_id)
        )
        d.over_two_years = over_two_years(d.period, self.today)
        kind: Literal["new", "attach"] = "attach" if d.attach_to else "new"
        s.submission = Submission(idempotency_key=key, kind=kind, requested_at=self.now)
        snapshot = copy_model(d)
        if d.attach_to is not None:
            self.effects.append(
                AttachToComplaint(
                    idempotency_key=key,
                    conversation_id=s.conversation_id,
                    ticket_number=d.attach_to.ticket_number,
                    draft=snapshot,
                )
            )
        else:
            self.effects.append(
                SubmitComplaint(
                    idempotency_key=key,
                    conversation_id=s.conversation_id,
                    draft=snapshot,
                    over_two_years=d.over_two_years,
                )
            )
        if d.employer is not None and d.employer.status == "unmatched":
            self.effects.append(
                FlagUnknownEmployer(
                    idempotency_key=key,
                    conversation_id=s.conversation_id,
                    name=d.employer.typed,
                    kind=d.employer.kind,
                )
            )
        self.parts.append(self.cat.text("submit.in_progress"))
        self.ask_mode = "none"

    def submitted(self, receipt: SubmissionReceipt) -> StepResult:
        s = self.s
        sub = s.submission
        if sub is None or sub.idempotency_key != receipt.idempotency_key or sub.status == "done":
            return StepResult(state=self.original, replies=[], effects=[])
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
        township = receipt.township or self.cat.text("receipt.township_pending")
        key = "receipt.attached" if receipt.attached or sub.kind == "attach" else "receipt.new"
        self.parts.append(
            self.cat.text(
                key,
                ticket=receipt.ticket_number,
                task_force=receipt.task_force,
                township=township,
                date=date_label(receipt.expected_acceptance_date),
            )
        )
        if s.draft is not None and s.draft.over_two_years:
            self.parts.append(self.cat.text("receipt.over_two_years"))
        self.parts.append(self.cat.text("receipt.footer"))
        s.awaiting = "done"
        s.revisit = None
        s.pending = None
        s.updated_at = self.now
        s.buttons = self.done_buttons()
        return self.result([Reply(text="\n\n".join(self.parts), buttons=s.buttons)])

    def submit_failed(self, idempotency_key: str) -> StepResult:
        s = self.s
        sub = s.submission
        if sub is None or sub.idempotency_key != idempotency_key or sub.status != "pending":
            return StepResult(state=self.original, replies=[], effects=[])
        sub.status = "failed"
        self.parts.append(self.cat.text("submit.failed"))
        text, buttons = self.question()
        s.buttons = buttons
        s.updated_at = self.now
        return self.result([Reply(text="\n\n".join([*self.parts, text]), buttons=buttons)])

    def already_done_text(self) -> str:
        ticket = self.s.tickets[-1].ticket_number if self.s.tickets else ""
        return self.cat.text("submit.already_done", ticket=ticket)

    def after_done(self, inp: UserInput) -> StepResult:
        s = self.s
        ticket = s.tickets[-1].ticket_number if s.tickets else ""
        if inp.kind == "attachment":
            evidence = Evidence(
                kind=inp.attachment_kind,
                file_id=inp.file_id,
                file_name=inp.file_name,
                received_at=self.now,
            )
            self.effects.append(
                AddEvidence(
                    conversation_id=s.conversation_id, ticket_number=ticket, evidence=evidence
                )
            )
            kind_label = self.cat.text(f"evidence.kinds.{inp.attachment_kind}")
            self.parts.append(self.cat.text("evidence.after_done", kind=kind_label, ticket=ticket))
        elif inp.kind == "choice" and inp.text == "submit":
            self.parts.append(self.already_done_text())
        else:
            if inp.kind == "text":
                s.held = inp  # kept for "新的投诉", so a new story typed here is not lost
            self.parts.append(self.cat.text("done.reminder", ticket=ticket))
        s.buttons = self.done_buttons()
        s.updated_at = self.now
        return self.result([Reply(text="\n\n".join(self.parts), buttons=s.buttons)])

    # == commands =========================================================================
    async def command(self, command: Command) -> StepResult:
        s = self.s
        submitting = s.submission is not None and s.submission.status == "pending"
        if command == "help":
            return self.unchanged(self.cat.text("help"))
        if command == "status":
            return self.unchanged(await self.status_text())
        if command == "start":
            if s.draft is None:
                await self.process(UserInput.from_choice(""))
                return await self.finish()
            return self.unchanged(self.cat.text("kept_going"))
        if submitting:
            key = (
                "cancel.refused_in_progress" if command == "cancel" else "submit.still_in_progress"
            )
            return self.unchanged(self.cat.text(key), ask=False)
        if command == "back":
            return await self.back()
        done = s.awaiting == "done"
        has_content = s.draft is not None and s.draft.has_content()
        if command == "restart":
            if done or not has_content:
                await self.restart()
                return await self.finish()
            s.pending = Pending(kind="restart")
            return await self.finish()
        # cancel
        if done:
            return self.unchanged(self.cat.text("cancel.after_done"), ask=False)
        if s.draft is None:
            return self.unchanged(self.cat.text("cancel.nothing"))
        if not has_content:
            return self.cancel()
        s.pending = Pending(kind="cancel")
        return await self.finish()

    async def back(self) -> StepResult:
        s = self.s
        if s.draft is None or s.awaiting == "done" or s.pending is not None:
            return self.unchanged(self.cat.text("back.none"))
        current = self.current_question()
        history = list(s.asked)
        while history and history[-1] == current:
            history.pop()
        if not history:
            return self.unchanged(self.cat.text("back.none"))
        target = history.pop()
        s.asked = history
        s.revisit = target
        return await self.finish()

    async def restart(self) -> None:
        """A new draft. Consent carries over; after a submission so does who the worker is
        (a second complaint by the same person), while /restart mid-draft clears all."""
        s = self.s
        old = s.draft
        after_submission = s.awaiting == "done"
        held = s.held
        self.start_draft(consent_at=old.consent_at if old is not None else None)
        if after_submission and old is not None and s.draft is not None:
            s.draft.name, s.draft.phone, s.draft.id_number = old.name, old.phone, old.id_number
            self.parts.append(self.cat.text("new_complaint"))
        else:
            self.parts.append(self.cat.text("restart.done"))
        if held is not None and held.kind == "text":
            s.held = None
            await self.process(held)

    def cancel(self) -> StepResult:
        s = self.s
        fresh = DialogueState(
            conversation_id=s.conversation_id,
            draft_seq=s.draft_seq,
            script=s.script,
            tickets=s.tickets,
            updated_at=self.now,
        )
        self.s = fresh
        self.parts.append(self.cat.text("cancel.done"))
        return self.result([Reply(text="\n\n".join(self.parts))])

    async def status_text(self) -> str:
        s = self.s
        phone = s.draft.phone if s.draft is not None else None
        tickets = [t.ticket_number for t in s.tickets]
        if not tickets and not phone:
            return self.cat.text("status.none")
        try:
            statuses = await self.ctx.complaint_statuses(phone=phone, ticket_numbers=tickets)
        except Exception:  # the worker gets a clear answer even when the lookup fails
            return self.cat.text("status.unknown")
        if not statuses:
            return self.cat.text("status.none") if not tickets else self.cat.text("status.unknown")
        lines = [self.cat.text("status.header")]
        for st in statuses:
            details = ""
            if st.task_force or st.township or st.updated_on:
                details = self.cat.text(
                    "status.details",
                    task_force=st.task_force or "",
                    township=st.township or "",
                    date=date_label(st.updated_on) if st.updated_on else "",
                )
            lines.append(
                self.cat.text(
                    "status.line", ticket=st.ticket_number, status=st.status_label, details=details
                )
            )
        return "\n".join(lines)

    # == side questions ===================================================================
    def resume_due(self) -> bool:
        s = self.s
        return bool(
            s.draft is not None
            and s.draft.has_content()
            and s.pending is None
            and s.updated_at is not None
            and self.now - s.updated_at >= RESUME_AFTER
        )

    async def answer_pending(self, inp: UserInput) -> StepResult:
        s = self.s
        pending = s.pending
        assert pending is not None
        value = inp.text if inp.kind == "choice" else ""
        text = inp.text if inp.kind == "text" else ""
        if inp.kind == "choice" and value not in {b.value for b in s.buttons}:
            self.parts.append(self.cat.text("stale_button"))
            return await self.finish()
        if pending.kind == "resume":
            held, s.held, s.pending = s.held, None, None
            restart = value == "resume:restart" or (
                text and compact(text) in ("重新开始", "重新填")
            )
            if restart:
                await self.restart_with(held)
                return await self.finish()
            self.parts.append(self.cat.text("kept_going"))
            for item in (held, inp if inp.kind != "choice" and not is_yes(text) else None):
                if item is not None and item.kind != "choice":
                    await self.process(item)
            return await self.finish()
        if pending.kind in ("restart", "cancel"):
            s.pending = None
            confirmed = value in ("restart:yes", "cancel:yes") or (text and is_yes(text))
            if confirmed and pending.kind == "restart":
                await self.restart()
                return await self.finish()
            if confirmed:
                return self.cancel()
            self.parts.append(self.cat.text("kept_going"))
            if inp.kind != "choice" and not is_no(text):
                await self.process(inp)
            return await self.finish()
        # duplicate complaint offer
        d = s.draft
        assert d is not None and pending.open_complaint is not None
        ticket = pending.open_complaint.ticket_number
        if value == "dup:attach" or (text and is_yes(text)):
            s.pending = None
            d.attach_to = pending.open_complaint
            self.parts.append(self.cat.text("duplicate.attach_chosen", ticket=ticket))
        elif value == "dup:new" or (text and is_no(text)):
            s.pending = None
            self.parts.append(self.cat.text("duplicate.new_chosen"))
        else:
            await self.process(inp)  # keep what was said; the offer stays open
        return await self.finish()

    async def restart_with(self, held: UserInput | None) -> None:
        s = self.s
        s.held = held if held is not None and held.kind == "text" else None
        await self.restart()

    async def check_duplicate(self) -> None:
        """Offer to add to an open complaint against the same employer, once per pair."""
        s = self.s
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
            found = await self.ctx.find_open_complaint(
                phone=d.phone, employer_id=employer_id, employer_name=d.employer.display_name
            )
        except Exception:  # a failed lookup must not block the complaint
            found = None
        if found is not None:
            s.pending = Pending(kind="duplicate", open_complaint=found)

    # == rendering ========================================================================
    ask_mode: Ask = "full"

    def current_question(self) -> Slot:
        s = self.s
        if s.revisit is not None:
            return s.revisit
        return next_missing(s.draft)

    async def finish(self) -> StepResult:
        s = self.s
        await self.check_duplicate()
        if s.submission is None or s.submission.status != "pending":
            s.awaiting = self.current_question() if s.draft is not None else "consent"
        asking_slot = s.draft is not None and s.awaiting not in ("consent", "confirm", "done")
        if asking_slot and (not s.asked or s.asked[-1] != s.awaiting):
            s.asked.append(s.awaiting)
        if s.awaiting != self.original.awaiting:
            s.invalid_tries = 0
        text, buttons = self.question()
        if self.ask_mode == "none" or (
            s.submission is not None and s.submission.status == "pending"
        ):
            buttons = []
        elif self.ask_mode == "full" or not self.parts:
            self.parts.append(text)
        s.buttons = buttons
        s.updated_at = self.now
        return self.result([Reply(text="\n\n".join(self.parts), buttons=buttons)])

    def unchanged(self, message: str, *, ask: bool = True, script: str | None = None) -> StepResult:
        """A reply that changes nothing: the message, then the current question again."""
        self.s = copy_model(self.original)
        if script in ("simplified", "traditional"):
            self.s.script = script  # type: ignore[assignment]
        parts = [message]
        buttons: list[Button] = []
        if ask and not (self.s.submission is not None and self.s.submission.status == "pending"):
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

    def typed_button(self, text: str) -> str | None:
        """A typed button label counts as pressing it (terminal users, traditional script),
        with fillers around it ("嗯，同意吧") or named by its position ("第二家", "上面那个")."""
        typed = compact(text)
        buttons = self.s.buttons
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

    def unsupported_text(self, kind: str) -> str:
        key = {
            "voice": "voice",
            "audio": "voice",
            "video_note": "voice",
            "sticker": "sticker",
            "animation": "sticker",
            "dice": "sticker",
            "location": "location",
            "venue": "location",
            "contact": "contact",
        }.get(kind, "other")
        return self.cat.text(f"unsupported.{key}")

    def question(self) -> tuple[str, list[Button]]:
        """The text and buttons of what we are waiting for."""
        return Prompts(self.s, self.ctx, self.cat, self.today).question()

    def done_buttons(self) -> list[Button]:
        return Prompts(self.s, self.ctx, self.cat, self.today).done_buttons()

    def button(self, key: str, value: str) -> Button:
        return Button(label=self.cat.text(f"buttons.{key}"), value=value)

    # == drafts ===========================================================================
    def start_draft(self, *, consent_at: object) -> None:
        s = self.s
        s.draft_seq += 1
        seed = f"{s.conversation_id}|{s.draft_seq}|{self.now.isoformat()}"
        draft_id = f"{s.draft_seq}-{hashlib.sha256(seed.encode()).hexdigest()[:12]}"
        s.draft = Draft(draft_id=draft_id, started_at=self.now, consent_at=consent_at)  # type: ignore[arg-type]
        s.submission = None
        s.asked = []
        s.revisit = None
        s.pending = None
        s.duplicate_checked = []
        s.invalid_tries = 0
        s.awaiting = "consent"


def _idempotency_key(conversation_id: str, draft_id: str) -> str:
    digest = hashlib.sha256(f"{conversation_id}|{draft_id}".encode()).hexdigest()
    return f"complaint-{digest[:32]}"
