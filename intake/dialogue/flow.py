"""The ordinary flow of a turn: an answer typed, a button pressed, a file sent.

What a message says goes to the draft through the absorber; a pressed button through the
slot editor; an answer that cannot be used twice is kept as written or its slot left open,
so that no question is asked a third time.
"""

from __future__ import annotations

from intake.dialogue.absorb import Absorbed, Absorber
from intake.dialogue.draft import EmployerChoice, Evidence, TypedMessage
from intake.dialogue.extract.answers import (
    is_no,
    is_question,
    is_unknown,
    is_yes,
    kept_words,
    split_leading_yes,
)
from intake.dialogue.io import UserInput
from intake.dialogue.present import field_label, items_text
from intake.dialogue.slots import SLOTS, Slot
from intake.dialogue.submission import submit
from intake.dialogue.turn import WorkingTurn

MAX_WORKER_MESSAGES = 200
# The second unusable answer to a question is the last: after it the answer is kept as
# written or the slot left open, so no question is asked a third time.
GIVE_UP_AFTER_TRIES = 2
_KEPT_MAX_CHARS = 60
# Kept as written, these are marked for staff to check (the summary and the office's note
# say so); a work type or a story in the worker's words needs no check.
_CHECKED_WHEN_KEPT = frozenset({"township", "project"})


async def process(t: WorkingTurn, inp: UserInput) -> None:
    """An input that is neither a command nor the answer to a side question."""
    s = t.s
    if s.draft is None:
        if inp.kind == "choice" and inp.text == "consent:yes":
            give_consent(t)  # after declining, the worker changed their mind
            return
        t.start_draft(consent_at=None)
        t.say("greeting")
        if inp.kind == "text" and inp.text.strip():
            outcome = absorb(t, inp.text, asking=None)
            if outcome.absorbed or outcome.problems:
                t.say("story_kept")
                report_problems(t, outcome)
        elif inp.kind == "attachment":
            add_evidence(t, inp)
        return
    if inp.kind == "attachment":
        add_evidence(t, inp)
        return
    if inp.kind == "choice":
        choose(t, inp.text)
        return
    text(t, inp.text)


def text(t: WorkingTurn, raw: str) -> None:
    s = t.s
    d = t.draft
    awaiting = t.current_question()
    if awaiting == "consent":
        agreed, rest = split_leading_yes(raw)
        if is_yes(raw) or agreed:
            give_consent(t)
            if rest:
                acknowledge(t, absorb(t, rest, asking=None))
            return
        if is_no(raw):
            decline_consent(t)
            return
        acknowledge(t, absorb(t, raw, asking=None))
        t.say("consent_needed")
        return
    if awaiting == "confirm":
        if is_yes(raw):
            submit(t)
            return
        outcome = absorb(t, raw, asking=None)
        if not (outcome.absorbed or outcome.need_value or outcome.problems):
            invalid(t, "invalid.confirm")
            return
        acknowledge(t, outcome)
        return
    employer = d.employer
    if awaiting == "employer" and employer is not None and employer.status == "pending":
        if is_yes(raw) and len(employer.candidates) <= 1:
            # "对": the one name offered (or the name as typed when none was found)
            only = employer.candidates[0].employer.id if employer.candidates else "typed"
            choose(t, f"employer:{only}")
            return
        if is_no(raw):
            choose(t, "employer:retype" if not employer.candidates else "employer:none")
            return
    if awaiting == "headcount" and d.needs_exact_headcount() and is_unknown(raw):
        choose(t, "headcount:keep")
        return
    # a question of the worker's own ("要多久能办好？") is no answer, whatever it says
    outcome = absorb(t, raw, asking=None if is_question(raw) else awaiting)
    if is_question(raw) and not outcome.absorbed:
        outcome.invalid = f"invalid.{awaiting}"
    if outcome.answered:
        s.invalid_tries = 0
        t.settle(awaiting)
    acknowledge(t, outcome)
    if outcome.answered or outcome.need_value is not None or outcome.need_id_number:
        return
    if outcome.invalid and not outcome.absorbed:
        unreadable(t, awaiting, raw, outcome)
    elif outcome.absorbed:
        untold(t, awaiting)


def absorb(t: WorkingTurn, raw: str, *, asking: Slot | None) -> Absorbed:
    d = t.draft
    if len(d.worker_messages) < MAX_WORKER_MESSAGES:
        d.worker_messages.append(TypedMessage(text=raw, at=t.now))
    outcome = Absorber(d, t.ctx, t.today).absorb(raw, asking=asking)
    if outcome.need_value is not None:
        t.s.revisit = outcome.need_value
    return outcome


def acknowledge(t: WorkingTurn, outcome: Absorbed) -> None:
    d = t.draft
    filled = [x for x in outcome.filled if x not in outcome.changed]
    if d.employer is not None and d.employer.status == "pending":
        filled = [x for x in filled if x != "employer"]
    if outcome.changed:
        t.say("changed", items=items_text(t.cat, d, outcome.changed))
    if filled:
        t.say("noted", items=items_text(t.cat, d, filled))
    report_problems(t, outcome)
    if outcome.need_value is not None:
        t.say("need_value", field=field_label(t.cat, outcome.need_value))
    elif outcome.need_id_number:
        t.say("need_value", field=field_label(t.cat, "id_number"))


def report_problems(t: WorkingTurn, outcome: Absorbed) -> None:
    for key, values in outcome.problems:
        t.say(key, **values)


def invalid(t: WorkingTurn, key: str) -> None:
    """The answer could not be used: say what is expected (the question is not repeated)."""
    t.s.invalid_tries += 1
    t.say(key)
    if t.s.invalid_tries >= GIVE_UP_AFTER_TRIES:
        t.say("invalid.hotline_hint")
    t.ask_mode = "buttons"


# == answers that cannot be used =========================================================
def unreadable(t: WorkingTurn, slot: Slot, raw: str, outcome: Absorbed) -> None:
    """An answer to `slot` that could not be used. The first time: say what is expected
    (or, for a question of the worker's own, that staff will answer it). The second time
    the question is not asked again: the words are kept as written (flagged for staff) or
    an optional slot is left open, with one sentence saying so."""
    s = t.s
    s.invalid_tries += 1
    if s.invalid_tries >= GIVE_UP_AFTER_TRIES and give_up(t, slot, raw):
        s.invalid_tries = 0
        return
    if is_question(raw):
        t.say("off_topic")
        t.ask_mode = "full"
        return
    t.say(outcome.invalid or f"invalid.{slot}", **outcome.invalid_values)
    if s.invalid_tries >= GIVE_UP_AFTER_TRIES:
        # required and truly missing: why it is needed, an example, and the hotline
        t.say("invalid.phone_help" if slot == "phone" else "invalid.hotline_hint")
    t.ask_mode = "buttons"


def untold(t: WorkingTurn, slot: Slot) -> None:
    """The message told other things but not this answer: the question stands, once more
    at most; after that an optional slot is left open."""
    s = t.s
    s.invalid_tries += 1
    spec = SLOTS.spec(slot)
    if s.invalid_tries >= GIVE_UP_AFTER_TRIES and spec is not None and spec.left_open_after_tries:
        leave_open(t, slot)
        s.invalid_tries = 0


def give_up(t: WorkingTurn, slot: Slot, raw: str) -> bool:
    """Keep the answer as written or leave the slot open; False when neither is possible
    (a required answer that is missing: the phone)."""
    d = t.draft
    spec = SLOTS.spec(slot)
    words = kept_words(raw)
    usable = bool(words) and not is_question(raw) and not is_unknown(raw)
    if slot == "employer":
        if d.employer is not None and d.employer.status == "pending":
            choose_employer(t, "none")  # the name first given, as typed
            return True
        typed = words if usable else kept_words(raw, keep_unknown=True)
        if not typed:
            return False
        kept = EmployerChoice(typed=typed[:_KEPT_MAX_CHARS], kind="answer", status="unmatched")
        t.edit.set("employer", kept, as_written=True)
        t.say("fallback.kept", field=field_label(t.cat, slot), value=kept.typed)
        return True
    if spec is None:
        return False
    if usable and 0 < len(words) <= spec.kept_as_written:
        value = raw.strip() if slot == "description" else words
        t.edit.set(slot, value, as_written=slot in _CHECKED_WHEN_KEPT)
        t.settle(slot)
        t.say("fallback.kept", field=field_label(t.cat, slot), value=value)
        return True
    if spec.left_open_after_tries:
        leave_open(t, slot)
        return True
    if slot == "name" and words:
        name = words[:_KEPT_MAX_CHARS]
        t.edit.set("name", name)
        t.say("fallback.kept", field=field_label(t.cat, slot), value=name)
        return True
    return False


def leave_open(t: WorkingTurn, slot: Slot) -> None:
    t.edit.leave_open(slot)
    t.settle(slot)
    t.say("fallback.left_open", field=field_label(t.cat, slot))


# == choices (button values) =============================================================
def choose(t: WorkingTurn, value: str) -> None:
    s = t.s
    d = t.draft
    if value not in {b.value for b in s.buttons}:
        t.say("stale_button")
        return
    kind, _, arg = value.partition(":")
    if kind == "consent":
        give_consent(t) if arg == "yes" else decline_consent(t)
    elif kind == "employer":
        choose_employer(t, arg)
    elif kind == "township":
        if arg == "?":
            skip(t, "township")
        else:
            set_value(t, "township", arg)
    elif kind == "work_type":
        set_value(t, "work_type", arg)
    elif kind == "headcount" and arg == "keep":
        d.headcount_exact_asked = True  # "说不准": the vague count stands
        t.say("noted", items=items_text(t.cat, d, ["headcount"]))
    elif kind == "headcount":
        d.headcount_exact_asked = True
        set_value(t, "headcount", int(arg))  # an exact count: no words kept
    elif kind == "skip":
        skip(t, t.current_question())
    elif kind == "keep":
        s.revisit = None
    elif kind == "submit":
        submit(t)
    elif kind == "edit" and arg in SLOTS.editable:
        s.revisit = arg


def choose_employer(t: WorkingTurn, arg: str) -> None:
    s = t.s
    employer = t.draft.employer
    assert employer is not None
    if arg in ("none", "typed"):
        employer.status = "unmatched"
        employer.record = None
        t.say("employer.unmatched_kept", typed=employer.typed)
    elif arg == "retype":
        t.edit.clear("employer")
        s.revisit = "employer" if s.revisit == "employer" else None
        t.say("employer.retype")
        return
    else:
        picked = next((c for c in employer.candidates if c.employer.id == arg), None)
        if picked is None:
            t.say("stale_button")
            return
        employer.status = "matched"
        employer.record = picked.employer
        t.say("employer.chosen", name=picked.employer.name)
    t.settle("employer")


def set_value(t: WorkingTurn, slot: Slot, value: object) -> None:
    t.edit.set(slot, value)
    t.settle(slot)
    t.say("noted", items=items_text(t.cat, t.draft, [slot]))


def skip(t: WorkingTurn, slot: Slot) -> None:
    if t.edit.skip(slot):
        t.settle(slot)


# == consent ==============================================================================
def give_consent(t: WorkingTurn) -> None:
    if t.s.draft is None:
        t.start_draft(consent_at=t.now)
    else:
        t.edit.set("consent", t.now)
    t.say("consent_given")


def decline_consent(t: WorkingTurn) -> None:
    """Without consent nothing of the worker's is kept."""
    s = t.s
    s.draft = None
    s.revisit = None
    s.asked = []
    t.say("consent_declined")
    t.ask_mode = "buttons"


# == evidence =============================================================================
def add_evidence(t: WorkingTurn, inp: UserInput) -> None:
    d = t.draft
    if any(e.file_id == inp.file_id for e in d.evidence):
        t.say("evidence.duplicate")
        return
    d.evidence.append(
        Evidence(
            kind=inp.attachment_kind,
            file_id=inp.file_id,
            file_name=inp.file_name,
            received_at=t.now,
        )
    )
    kind_label = t.cat.text(f"evidence.kinds.{inp.attachment_kind}")
    t.say("evidence.received", kind=kind_label, count=len(d.evidence))
