"""Every change to a slot's answer, with what depends on it, in one place.

What a message says (absorb.py), a pressed button and the fallbacks after unreadable
answers all set, skip, clear or leave open a slot through `SlotEditor`, so that whichever
way a value changes, the facts derived from it change with it: the skip and "kept as
written" marks, the worker's words for an approximate number, and whether the work ended
more than two years ago.
"""

from __future__ import annotations

from datetime import date

from intake.dialogue.draft import Draft, PeriodValue, over_two_years
from intake.dialogue.slots import SLOTS, Slot


class SlotEditor:
    def __init__(self, draft: Draft, today: date) -> None:
        self.draft = draft
        self.today = today

    def set(
        self, slot: Slot, value: object, *, words: str | None = None, as_written: bool = False
    ) -> None:
        """`value` is the slot's answer. `words`: an amount or a headcount as the worker said
        it when approximate ("四十来万"). `as_written`: kept as typed because it could not be
        read (a place the gazetteer does not know), for staff to check."""
        d = self.draft
        d.put_value(slot, value)
        if slot in d.skipped:
            d.skipped.remove(slot)
        self._mark_unverified(slot, as_written)
        if slot == "amount":
            d.amount_words = words
        elif slot == "headcount":
            d.headcount_words = words
        self._derive(slot)

    def skip(self, slot: Slot) -> bool:
        """The worker does not know ("不清楚"): the slot is emptied and not asked again.
        False for a slot that may not be skipped."""
        if slot not in SLOTS.skippable:
            return False
        d = self.draft
        d.put_value(slot, None)
        if slot not in d.skipped:
            d.skipped.append(slot)
        self._mark_unverified(slot, False)
        self._derive(slot)
        return True

    def clear(self, slot: Slot) -> None:
        """The answer is withdrawn (the employer to be typed again): the slot is asked again."""
        d = self.draft
        d.put_value(slot, None)
        self._mark_unverified(slot, False)
        self._derive(slot)

    def leave_open(self, slot: Slot) -> None:
        """No answer could be read twice: the question is not asked again. A vague headcount
        already given stands without its exact count."""
        d = self.draft
        if slot == "headcount" and d.headcount is not None:
            d.headcount_exact_asked = True
        elif slot not in d.skipped:
            d.skipped.append(slot)

    def _mark_unverified(self, slot: Slot, unverified: bool) -> None:
        marks = self.draft.unverified
        if unverified and slot not in marks:
            marks.append(slot)
        elif not unverified and slot in marks:
            marks.remove(slot)

    def _derive(self, slot: Slot) -> None:
        if slot == "period":
            period = self.draft.period
            assert period is None or isinstance(period, PeriodValue)
            self.draft.over_two_years = over_two_years(period, self.today)
