"""The complaint being collected: every fact the worker gave, and where it came from."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from intake.dialogue.slots import SLOTS, Slot

# Counts a vague answer may put on either side of the group threshold (10 people).
NEAR_GROUP_THRESHOLD = (7, 12)


class EmployerRef(BaseModel):
    """A registry employer (a copy of `routing.employers.registry.EmployerRecord`)."""

    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    uscc: str = ""
    sector: str = ""
    ownership: str = ""
    township: str = ""


class EmployerCandidate(BaseModel):
    model_config = ConfigDict(frozen=True)

    employer: EmployerRef
    score: float


class EmployerChoice(BaseModel):
    """The employer as the worker named it and what the registry says about it.

    status: pending = still to be confirmed by the worker; matched = the worker picked a
    registry employer; unmatched = kept as typed (flagged for the registry admins).
    """

    typed: str
    kind: Literal["org", "person", "weak", "answer"] = "answer"
    status: Literal["pending", "matched", "unmatched"] = "pending"
    record: EmployerRef | None = None
    candidates: list[EmployerCandidate] = []

    @property
    def display_name(self) -> str:
        return self.record.name if self.record else self.typed


def over_two_years(period: PeriodValue | None, today: date) -> bool:
    """True when the work ended more than two years before today."""
    from intake.dialogue.extract.period import years_before

    return period is not None and period.end < years_before(today, 2)


class PeriodValue(BaseModel):
    start: date
    end: date
    text: str  # the worker's words

    def label(self) -> str:
        from intake.dialogue.extract.period import Period

        return Period(self.start, self.end, self.text).label()


class Evidence(BaseModel):
    kind: str  # photo / document / video
    file_id: str
    file_name: str = ""
    received_at: datetime


class TypedMessage(BaseModel):
    text: str
    at: datetime


class OpenComplaint(BaseModel):
    """An open complaint of the same worker against the same employer (from the service)."""

    ticket_number: str
    employer_name: str
    filed_on: date | None = None
    status_label: str = ""


class Draft(BaseModel):
    draft_id: str
    started_at: datetime
    consent_at: datetime | None = None
    name: str | None = None
    id_number: str | None = None
    phone: str | None = None
    employer: EmployerChoice | None = None
    project: str | None = None
    township: str | None = None
    work_type: str | None = None
    period: PeriodValue | None = None
    amount_yuan: int | None = None
    headcount: int | None = None
    description: str | None = None
    evidence: list[Evidence] = []
    skipped: list[Slot] = []  # answered "不清楚" (township, project, ...)
    worker_messages: list[TypedMessage] = []  # everything typed, verbatim, in order
    attach_to: OpenComplaint | None = None  # the worker chose to add to this complaint
    over_two_years: bool = False  # the work ended more than two years before today
    # Slots kept as the worker wrote them because they could not be read (a place the
    # gazetteer does not know, a project or employer given as a phrase): for staff to check.
    unverified: list[str] = []
    amount_words: str | None = None  # an approximate amount as said ("四十来万")
    headcount_words: str | None = None  # an approximate count as said ("十几个人")
    headcount_exact_asked: bool = False  # the one question for the exact count was asked
    # Answers to slots declared without a Draft field of their own, by slot name.
    extra_answers: dict[str, str | int] = {}

    def needs_exact_headcount(self) -> bool:
        """A vague count near the group threshold (十来个, 差不多十个人), not yet asked about:
        whether it is 9 or 11 decides if the case is a group incident."""
        return (
            self.headcount is not None
            and self.headcount_words is not None
            and not self.headcount_exact_asked
            and NEAR_GROUP_THRESHOLD[0] <= self.headcount <= NEAR_GROUP_THRESHOLD[1]
        )

    def unverified_note(self) -> str:
        """One line for the staff: what was kept as typed ("" when nothing)."""
        labels = {"employer": "用人单位", "township": "乡镇/街道", "project": "项目/工地"}
        parts = []
        for slot in self.unverified:
            value = self.employer.typed if slot == "employer" and self.employer else None
            value = value or (getattr(self, slot, None) if slot != "employer" else None)
            if value:
                parts.append(f"{labels.get(slot, slot)}“{value}”")
        return ("【待核实，按工人原话记录】" + "；".join(parts)) if parts else ""

    def has_content(self) -> bool:
        return bool(
            self.worker_messages
            or self.evidence
            or self.name
            or self.phone
            or self.employer
            or self.amount_yuan
        )

    def value_of(self, slot: Slot) -> object | None:
        """The stored value of a question slot (None when empty or not a question)."""
        spec = SLOTS.spec(slot)
        if spec is None:
            return None
        if spec.draft_field is None:
            return self.extra_answers.get(slot)
        return getattr(self, spec.draft_field)

    def put_value(self, slot: Slot, value: object) -> None:
        """Store a slot's value where its declaration says. Only `SlotEditor` calls this: it
        also keeps up what depends on the value."""
        spec = SLOTS.spec(slot)
        if spec is None:
            raise KeyError(f"no question slot {slot!r}")
        if spec.draft_field is not None:
            setattr(self, spec.draft_field, value)
        elif value is None:
            self.extra_answers.pop(slot, None)
        else:
            self.extra_answers[slot] = value  # type: ignore[assignment]

    def routing_input(self) -> dict[str, Any]:
        """`{"text", "fields"}` in the format of the routing cases (`anxin route`)."""
        texts = [self.description or ""] + [
            m.text for m in self.worker_messages if m.text != self.description
        ]
        employer = self.employer
        return {
            "text": "\n".join(t for t in texts if t).strip(),
            "fields": {
                "employer_name": employer.display_name if employer else "",
                "employer_id": employer.record.id if employer and employer.record else None,
                "project_name": self.project or "",
                "township": self.township or "",
                "headcount": self.headcount or 0,
                "amount_yuan": self.amount_yuan or 0,
            },
        }
