"""Check a transcript's expectations against what a channel showed and what the database holds.

A channel replay (web chat API, `anxin chat`) runs the real conversation service, so where the
pure engine's replay looks at effects and in-memory state, this one looks at the database:

* `draft` and `unchanged` are checked on the dialogue state the service stored;
* `effects` on their consequences: `submit_complaint` — one new complaint row this turn;
  `flag_unknown_employer` — the new complaint is marked `employer_unmatched`;
  `attach_to_complaint` — the open complaint gained an addendum; `[]` — no complaint row
  added or changed;
* the receipt values of the engine replay's fake service (ticket `AX<date>-<nnnn>`, task
  force `建设领域欠薪治理工作专班`, acceptance in 5 days, status `已受理`) are replaced by the
  real ones of the ticket in the database (`AX<date>-<nnnnnn>`, the routed task force, the
  working-day SLA, `待受理`) — so they are checked, not ignored.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col, select
from transcript import Expect, ScriptedTurn, Transcript, draft_value

from intake.dialogue.prompts import date_label
from intake.tickets.sla import SHANGHAI, due_day
from models import Complaint, DialogueSession, RoutingDecisionRecord, TaskForce, Ticket
from models.codes.ticket_status import Status

# the fake service of tests/dialogue/dialogue_harness.py answers with these
FAKE_TASK_FORCE = "建设领域欠薪治理工作专班"
FAKE_STATUS = "已受理"
FAKE_TICKET_RE = re.compile(r"AX\d{8}-\d{4}(?!\d)")
YEAR_MONTH_RE = re.compile(r"((?:19|20)\d{2})年\d{1,2}月")
ISO_DATE_RE = re.compile(r"^((?:19|20)\d{2})-\d{2}-\d{2}$")


@dataclass(frozen=True)
class ComplaintView:
    id: int
    idempotency_key: str
    unmatched: bool
    attachments: int
    addenda: int
    ticket: str | None
    task_force: str | None
    status: str | None  # as the worker reads it
    accept_due: datetime | None
    decisions: int


@dataclass(frozen=True)
class DbView:
    """The conversation's stored state and every complaint in the database."""

    awaiting: str | None
    state: dict[str, Any] | None
    revision: int | None
    complaints: tuple[ComplaintView, ...]

    def new(self, fixture_keys: set[str]) -> list[ComplaintView]:
        return [c for c in self.complaints if c.idempotency_key not in fixture_keys]


async def observe(
    factory: async_sessionmaker[AsyncSession], *, channel: str, external_id: str
) -> DbView:
    async with factory() as session:
        row = await session.scalar(
            select(DialogueSession).where(
                DialogueSession.channel == channel, DialogueSession.external_id == external_id
            )
        )
        names = {tf.code: tf.name for tf in await session.scalars(select(TaskForce))}
        counted = await session.execute(
            select(RoutingDecisionRecord.complaint_id, func.count()).group_by(
                col(RoutingDecisionRecord.complaint_id)
            )
        )
        decisions: dict[int, int] = {complaint_id: n for complaint_id, n in counted.all()}
        views = []
        pairs = await session.execute(
            select(Complaint, Ticket)
            .outerjoin(Ticket, col(Ticket.complaint_id) == col(Complaint.id))
            .order_by(col(Complaint.id))
        )
        for complaint, ticket in pairs.all():
            assert complaint.id is not None
            views.append(
                ComplaintView(
                    id=complaint.id,
                    idempotency_key=complaint.idempotency_key,
                    unmatched=complaint.employer_unmatched,
                    attachments=len(complaint.attachments),
                    addenda=sum(
                        1
                        for a in complaint.attachments
                        if isinstance(a, dict) and a.get("kind") == "addendum"
                    ),
                    ticket=ticket.number if ticket else None,
                    task_force=names.get(ticket.task_force_code) if ticket else None,
                    status=Status(ticket.status).label if ticket else None,
                    accept_due=ticket.accept_due_at if ticket else None,
                    decisions=decisions.get(complaint.id, 0),
                )
            )
        return DbView(
            awaiting=row.awaiting if row else None,
            state=dict(row.state) if row and row.state else None,
            revision=row.revision if row else None,
            complaints=tuple(views),
        )


@dataclass
class Seen:
    """What the channel showed for one turn."""

    text: str  # all reply texts of the turn, joined
    last_buttons: list[str]  # labels offered by the turn's last reply
    any_buttons: bool
    awaiting: str | None  # None when the channel does not tell (the terminal)
    shown_before: str = ""  # shown unasked before the turn (the terminal's greeting)


@dataclass
class Checker:
    """Checks one transcript's expectations, turn by turn.

    `wall_clock`: the channel runs on the real clock (a separate process), so relative dates
    the worker typed (去年十月, 上个月) resolve against today, not the transcript's `now`;
    expectations naming such dates are skipped and listed in `skipped`.
    """

    transcript: Transcript
    wall_clock: bool = False
    skipped: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.fixture_keys = {f"fixture:{n}" for n in range(1, len(self.open_tickets) + 1)}
        said = " ".join(t.text() for t in self.transcript.turns if t.say)
        said += " ".join(str(oc.filed_on) for oc in self.transcript.open_complaints)
        self.typed_years = set(re.findall(r"(?:19|20)\d{2}", said))

    @property
    def open_tickets(self) -> set[str]:
        return {oc.ticket_number for oc in self.transcript.open_complaints}

    @property
    def name(self) -> str:
        return Path(self.transcript.path).name

    def skip(self, where: str, what: str, why: str) -> None:
        self.skipped.append(f"{where}: {what} — {why}")

    def _relative_date(self, text: str, pattern: re.Pattern[str]) -> bool:
        """A date in `text` whose year neither the worker typed nor a fixture holds."""
        return self.wall_clock and any(
            year not in self.typed_years for year in pattern.findall(text)
        )

    def real_receipt(self, part: str, after: DbView, turn_day: date) -> str:
        """Put the real ticket number, task force and acceptance date in place of the fake's."""
        new = [c for c in after.new(self.fixture_keys) if c.ticket]

        def ticket(m: re.Match[str]) -> str:
            fake = m.group(0)
            n = int(fake[-4:])
            if fake in self.open_tickets or not 1 <= n <= len(new):
                return fake
            return new[n - 1].ticket or fake

        part = FAKE_TICKET_RE.sub(ticket, part)
        if new:
            latest = new[-1]
            part = part.replace(FAKE_TASK_FORCE, latest.task_force or FAKE_TASK_FORCE)
            if part == FAKE_STATUS and latest.status:
                part = latest.status
            if latest.accept_due and part == date_label(turn_day + timedelta(days=5)):
                part = date_label(due_day(latest.accept_due, SHANGHAI))
        return part

    def check(
        self,
        expect: Expect,
        seen: Seen,
        before: DbView,
        after: DbView,
        *,
        turn_day: date,
        where: str,
        unreachable: Callable[[str], str | None] | None = None,
    ) -> None:
        """`unreachable(part)`: why this channel cannot show the expected reply text `part` in
        this turn, or None when it can (the turn's other expectations are checked anyway)."""
        text = seen.text
        if expect.awaiting is not None:
            if seen.awaiting is not None:
                assert seen.awaiting == expect.awaiting, f"{where}: awaiting\n{text}"
            assert after.awaiting == expect.awaiting, f"{where}: stored awaiting\n{text}"
        for part in expect.replies_contain:
            why = unreachable(part) if unreachable else None
            if why:
                self.skip(where, f"replies_contain {part!r}", why)
                continue
            real = self.real_receipt(part, after, turn_day)
            if real == part and self._relative_date(part, YEAR_MONTH_RE):
                self.skip(where, f"replies_contain {part!r}", "relative date on the wall clock")
                continue
            shown = f"{seen.shown_before}\n{text}"
            assert real in shown, f"{where}: {real!r} not in replies\n{shown}"
        for part in expect.replies_not_contain:
            assert part not in text, f"{where}: {part!r} in replies\n{text}"
        for label in expect.buttons:
            assert label in seen.last_buttons, (
                f"{where}: no button {label!r} in {seen.last_buttons}"
            )
        if expect.no_buttons:
            assert not seen.any_buttons, f"{where}: buttons shown\n{text}"
        added = len(after.new(self.fixture_keys)) - len(before.new(self.fixture_keys))
        if expect.complaints_stored is not None:
            stored = len(after.new(self.fixture_keys))
            assert stored == expect.complaints_stored, f"{where}: {stored} complaints stored"
        if expect.effects is not None:
            self._check_effects(expect.effects, before, after, added, where)
        if expect.unchanged:
            assert after.state == before.state, f"{where}: stored state changed"
        if expect.draft:
            self._check_draft(expect.draft, after, where, text)

    def _check_effects(
        self, effects: list[str], before: DbView, after: DbView, added: int, where: str
    ) -> None:
        submits = effects.count("submit_complaint")
        assert added == submits, f"{where}: {added} complaints added, effects {effects}"
        newest = after.new(self.fixture_keys)[-1] if added else None
        if "flag_unknown_employer" in effects:
            assert newest is not None and newest.unmatched, f"{where}: employer not flagged"
        elif newest is not None:
            assert not newest.unmatched, f"{where}: employer flagged as unknown"
        old = {c.id: c for c in before.complaints}
        grew = [c for c in after.complaints if c.id in old and c.addenda > old[c.id].addenda]
        if "attach_to_complaint" in effects:
            assert len(grew) == 1, f"{where}: no addendum stored"
        if "add_evidence" not in effects and "attach_to_complaint" not in effects:
            changed = [
                c
                for c in after.complaints
                if c.id in old and c.attachments != old[c.id].attachments
            ]
            assert not changed, f"{where}: attachments changed: {changed}"

    def _check_draft(self, wanted: dict[str, Any], after: DbView, where: str, text: str) -> None:
        assert after.state is not None, f"{where}: no stored state"
        draft = after.state.get("draft")
        assert draft is not None, f"{where}: no draft"
        for path, want in wanted.items():
            if isinstance(want, str) and self._relative_date(want, ISO_DATE_RE):
                self.skip(where, f"draft.{path}", "relative date on the wall clock")
                continue
            got = draft_value(draft, path)
            assert got == want, f"{where}: draft.{path} = {got!r}, expected {want!r}\n{text}"


def check_filed(after: DbView, fixture_keys: set[str], where: str) -> None:
    """Every complaint the conversation filed has one ticket and its routing decision."""
    for c in after.new(fixture_keys):
        assert c.ticket, f"{where}: complaint {c.id} has no ticket"
        assert c.decisions == 1, f"{where}: complaint {c.id} has {c.decisions} routing decisions"
        assert c.task_force, f"{where}: ticket {c.ticket} has an unknown task force"


def turn_label(transcript: Transcript, number: int, turn: ScriptedTurn) -> str:
    action = turn.say or turn.press or turn.send or (turn.attach and turn.attach.kind) or turn.wait
    shown = (action or "")[:20]
    return f"{Path(transcript.path).name} turn {number} ({shown})"
