"""What the worker is asked: the question for each slot, side questions and the summary.

Rendering only: reads the state, changes nothing.
"""

from __future__ import annotations

from datetime import date

from intake.dialogue.catalog import Catalog
from intake.dialogue.context import DialogueContext
from intake.dialogue.draft import over_two_years
from intake.dialogue.extract.work_type import common_work_types
from intake.dialogue.io import Button
from intake.dialogue.present import field_label, format_value, items_text
from intake.dialogue.slots import SLOTS, Slot
from intake.dialogue.state import DialogueState
from intake.localtime import local_date

# Township buttons only when the list is short enough to read on a phone.
MAX_TOWNSHIP_BUTTONS = 24
_WORK_TYPE_BUTTONS = 9


def date_label(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


class Prompts:
    def __init__(
        self, state: DialogueState, ctx: DialogueContext, cat: Catalog, today: date
    ) -> None:
        self.s = state
        self.ctx = ctx
        self.cat = cat
        self.today = today

    def button(self, key: str, value: str) -> Button:
        return Button(label=self.cat.text(f"buttons.{key}"), value=value)

    def done_buttons(self) -> list[Button]:
        return [self.button("check_status", "/status"), self.button("new_complaint", "/restart")]

    def question(self) -> tuple[str, list[Button]]:
        """The text and buttons of what we are waiting for."""
        s = self.s
        cat = self.cat
        btn = self.button
        if s.pending is not None:
            return self.pending_question()
        d = s.draft
        if d is None or s.awaiting == "consent":
            return cat.text("privacy_notice"), [
                btn("agree", "consent:yes"),
                btn("disagree", "consent:no"),
            ]
        slot = s.awaiting
        if slot == "confirm":
            return self.summary()
        if slot == "done":
            ticket = s.tickets[-1].ticket_number if s.tickets else ""
            return cat.text("done.reminder", ticket=ticket), self.done_buttons()
        employer = d.employer
        if slot == "employer" and employer is not None and employer.status == "pending":
            if employer.candidates:
                buttons = [
                    Button(label=c.employer.name, value=f"employer:{c.employer.id}")
                    for c in employer.candidates
                ]
                buttons.append(btn("none_of_these", "employer:none"))
                return cat.text("ask.employer_pick", typed=employer.typed), buttons
            return cat.text("ask.employer_confirm_typed", typed=employer.typed), [
                btn("yes_that", "employer:typed"),
                btn("retype", "employer:retype"),
            ]
        if slot == "headcount" and d.needs_exact_headcount():
            return cat.text("ask.headcount_exact", words=d.headcount_words or ""), [
                btn("not_sure", "headcount:keep")
            ]
        spec = SLOTS.spec(slot)
        second = spec.paired_with if spec is not None else None
        told = second is not None and (d.value_of(second) is not None or second in d.skipped)
        text = cat.text(f"ask_alone.{slot}" if told else f"ask.{slot}")
        buttons = self.slot_buttons(slot)
        if s.revisit == slot:
            current = format_value(cat, d, slot)
            if current:
                text = f"{text}\n{cat.text('revisit', value=current)}"
                buttons = [btn("keep", "keep"), *buttons]
        return text, buttons

    def slot_buttons(self, slot: Slot) -> list[Button]:
        btn = self.button
        d = self.s.draft
        if slot == "township":
            names = list(self.ctx.townships)
            registered = (
                d.employer.record.township if d and d.employer and d.employer.record else ""
            )
            if registered in names:  # where the employer is registered: the likeliest answer
                names.remove(registered)
                names.insert(0, registered)
            buttons = [Button(label=n, value=f"township:{n}") for n in names[:MAX_TOWNSHIP_BUTTONS]]
            return [*buttons, btn("unknown_township", "township:?")]
        if slot == "work_type":
            labels = common_work_types()[:_WORK_TYPE_BUTTONS]
            return [Button(label=w, value=f"work_type:{w}") for w in labels] + [btn("skip", "skip")]
        if slot == "headcount":
            return [btn("just_me", "headcount:1")]
        spec = SLOTS.spec(slot)
        if spec is not None and spec.skippable:
            return [btn(spec.skip_button, "skip")]
        return []

    def pending_question(self) -> tuple[str, list[Button]]:
        s = self.s
        cat = self.cat
        btn = self.button
        pending = s.pending
        assert pending is not None
        if pending.kind == "resume":
            d = s.draft
            assert d is not None
            items = items_text(cat, d, ["name", "phone", "employer", "amount", "evidence"])
            started = date_label(local_date(d.started_at))
            text = cat.text(
                "resume.offer", date=started, items=items or cat.text("resume.nothing_yet")
            )
            return text, [
                btn("resume_continue", "resume:continue"),
                btn("resume_restart", "resume:restart"),
            ]
        if pending.kind == "restart":
            return cat.text("restart.confirm"), [
                btn("confirm_restart", "restart:yes"),
                btn("keep_going", "restart:no"),
            ]
        if pending.kind == "cancel":
            return cat.text("cancel.confirm"), [
                btn("confirm_cancel", "cancel:yes"),
                btn("keep_going", "cancel:no"),
            ]
        oc = pending.open_complaint
        assert oc is not None
        filed = cat.text("duplicate.filed_on", date=date_label(oc.filed_on)) if oc.filed_on else ""
        text = cat.text(
            "duplicate.offer", employer=oc.employer_name, ticket=oc.ticket_number, filed=filed
        )
        return text, [btn("dup_attach", "dup:attach"), btn("dup_new", "dup:new")]

    def summary(self) -> tuple[str, list[Button]]:
        s = self.s
        cat = self.cat
        d = s.draft
        assert d is not None
        attaching = d.attach_to is not None
        if d.attach_to is not None:
            lines = [cat.text("summary.attach_header", ticket=d.attach_to.ticket_number)]
        else:
            lines = [cat.text("summary.header")]
        # every fact but consent; one never asked for (the id number) only when given
        facts = [
            spec
            for spec in SLOTS.specs
            if spec.name != "consent" and (spec.for_attach or not attaching)
        ]
        shown_when_empty = {spec.name for spec in facts if spec.asked}
        for slot in [*(spec.name for spec in facts), "evidence"]:
            value = format_value(cat, d, slot)
            if value is None:
                if slot not in shown_when_empty:
                    continue
                value = (
                    cat.text("summary.skipped") if slot in d.skipped else cat.text("summary.none")
                )
            lines.append(cat.text("summary.line", label=field_label(cat, slot), value=value))
        parts = ["\n".join(lines)]
        if over_two_years(d.period, self.today):
            parts.append(cat.text("summary.over_two_years"))
        parts.append(cat.text("summary.evidence_hint"))
        parts.append(cat.text("summary.footer"))
        editable = SLOTS.attach_order[1:] if attaching else SLOTS.editable
        buttons = [self.button("submit", "submit")]
        buttons += [
            Button(
                label=cat.text("buttons.edit", label=field_label(cat, slot)), value=f"edit:{slot}"
            )
            for slot in editable
        ]
        buttons.append(self.button("cancel_complaint", "/cancel"))
        return "\n\n".join(parts), buttons
