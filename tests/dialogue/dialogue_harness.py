"""Drive the dialogue engine like a channel would, with an in-memory service layer.

`FakeService` does what the real service layer must do with the engine's effects: store a
submission once per idempotency key, answer with a receipt via `on_submitted` (or report a
failure via `on_submit_failed`), keep flags and late evidence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from transcript import OpenComplaintFixture

from intake import dialogue as dl
from routing.employers.index import EmployerIndex
from routing.employers.registry import iter_registry_csv

FIXTURES = Path(__file__).parent / "fixtures"
NOW = datetime(2025, 3, 10, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
TRANSCRIPTS = Path(__file__).parent.parent / "transcripts"
TASK_FORCE = "建设领域欠薪治理工作专班"


def load_index() -> EmployerIndex:
    return EmployerIndex(iter_registry_csv(FIXTURES / "registry.csv"))


def load_gazetteer() -> dl.TownshipGazetteer:
    return dl.TownshipGazetteer((FIXTURES / "townships.txt").read_text("utf-8").split())


@dataclass
class FakeService:
    open_complaints: list[OpenComplaintFixture] = field(default_factory=list)
    fail_next_submit: bool = False
    stored: dict[str, dl.SubmitComplaint | dl.AttachToComplaint] = field(default_factory=dict)
    tickets: dict[str, str] = field(default_factory=dict)  # idempotency key -> ticket
    flags: list[dl.FlagUnknownEmployer] = field(default_factory=list)
    late_evidence: list[dl.AddEvidence] = field(default_factory=list)
    submit_calls: int = 0

    async def find_open_complaint(
        self, phone: str, employer_id: str | None, employer_name: str
    ) -> dl.OpenComplaint | None:
        for oc in self.open_complaints:
            if oc.phone == phone and oc.employer in (employer_id, employer_name):
                return dl.OpenComplaint(
                    ticket_number=oc.ticket_number,
                    employer_name=employer_name,
                    filed_on=oc.filed_on,
                )
        return None

    async def statuses(
        self, phone: str | None, ticket_numbers: Sequence[str]
    ) -> list[dl.ComplaintStatus]:
        return [
            dl.ComplaintStatus(ticket_number=t, status_label="已受理", task_force=TASK_FORCE)
            for t in ticket_numbers
        ]

    def carry_out(
        self,
        state: dl.DialogueState,
        effects: Sequence[dl.Effect],
        ctx: dl.DialogueContext,
        catalog: dl.Catalog | None = None,
    ) -> tuple[dl.DialogueState, list[dl.Reply]]:
        replies: list[dl.Reply] = []
        for effect in effects:
            if isinstance(effect, dl.FlagUnknownEmployer):
                if not any(f.idempotency_key == effect.idempotency_key for f in self.flags):
                    self.flags.append(effect)
            elif isinstance(effect, dl.AddEvidence):
                self.late_evidence.append(effect)
            else:
                self.submit_calls += 1
                if self.fail_next_submit:
                    self.fail_next_submit = False
                    result = dl.on_submit_failed(
                        state, effect.idempotency_key, ctx, catalog=catalog
                    )
                else:
                    receipt = self.store(effect, ctx.now)
                    result = dl.on_submitted(state, receipt, ctx, catalog=catalog)
                state = result.state
                replies += result.replies
        return state, replies

    def store(
        self, effect: dl.SubmitComplaint | dl.AttachToComplaint, now: datetime
    ) -> dl.SubmissionReceipt:
        key = effect.idempotency_key
        if key not in self.stored:  # the unique constraint of the real table
            self.stored[key] = effect
            if isinstance(effect, dl.AttachToComplaint):
                self.tickets[key] = effect.ticket_number
            else:
                self.tickets[key] = f"AX{now:%Y%m%d}-{len(self.tickets) + 1:04d}"
        draft = effect.draft
        township = draft.township or (
            draft.employer.record.township if draft.employer and draft.employer.record else None
        )
        return dl.SubmissionReceipt(
            idempotency_key=key,
            ticket_number=self.tickets[key],
            task_force=TASK_FORCE,
            township=township,
            expected_acceptance_date=_plus_days(now.date(), 5),
            attached=isinstance(effect, dl.AttachToComplaint),
        )

    @property
    def complaints(self) -> list[dl.SubmitComplaint]:
        return [e for e in self.stored.values() if isinstance(e, dl.SubmitComplaint)]


def _plus_days(d: date, n: int) -> date:
    return d + timedelta(days=n)


@dataclass
class TurnResult:
    replies: list[dl.Reply]
    effects: list[dl.Effect]
    before: dl.DialogueState
    after: dl.DialogueState

    @property
    def text(self) -> str:
        return "\n".join(r.text for r in self.replies)

    @property
    def buttons(self) -> list[dl.Button]:
        return self.replies[-1].buttons if self.replies else []

    @property
    def labels(self) -> list[str]:
        return [b.label for b in self.buttons]


class Conversation:
    """One worker talking to the engine through a channel-like loop."""

    def __init__(
        self,
        *,
        now: datetime,
        index: EmployerIndex,
        gazetteer: dl.TownshipGazetteer,
        service: FakeService | None = None,
        conversation_id: str = "test:1",
        auto_service: bool = True,
        catalog: dl.Catalog | None = None,
    ) -> None:
        self.now = now
        self.index = index
        self.gazetteer = gazetteer
        self.service = service or FakeService()
        self.state = dl.new_state(conversation_id)
        self.auto_service = auto_service  # False: effects are left for the test to carry out
        self.history: list[TurnResult] = []
        self.catalog = catalog  # None: the default texts (messages.zh-Hans.yaml)

    def ctx(self) -> dl.SimpleDialogueContext:
        return dl.SimpleDialogueContext(
            now=self.now,
            employers=self.index,
            gazetteer=self.gazetteer,
            open_complaint_lookup=self.service.find_open_complaint,
            status_lookup=self.service.statuses,
        )

    async def send(
        self, inp: dl.UserInput, *, advance: timedelta = timedelta(minutes=1)
    ) -> TurnResult:
        self.now += advance
        ctx = self.ctx()
        before = self.state
        result = await dl.step(self.state, inp, ctx, catalog=self.catalog)
        # the channel persists the state as JSON; do the same so every turn round-trips
        state = dl.load_state(dl.dump_state(result.state))
        assert state == result.state
        replies = list(result.replies)
        if self.auto_service and result.effects:
            state, more = self.service.carry_out(state, result.effects, ctx, self.catalog)
            replies += more
        self.state = state
        turn = TurnResult(replies=replies, effects=list(result.effects), before=before, after=state)
        self.history.append(turn)
        return turn

    async def say(self, text: str, **kw: timedelta) -> TurnResult:
        return await self.send(dl.UserInput.from_text(text), **kw)

    async def press(self, label: str) -> TurnResult:
        """Press a button by its label — the latest one shown with that label, so an old
        button (e.g. 确认提交 after submission) can be pressed again — or by "value:x"."""
        if label.startswith("value:"):
            return await self.send(dl.UserInput.from_choice(label.removeprefix("value:")))
        for turn in reversed(self.history):
            for reply in reversed(turn.replies):
                for b in reply.buttons:
                    if b.label == label:
                        return await self.send(dl.UserInput.from_choice(b.value))
        shown = self.history[-1].labels if self.history else []
        raise AssertionError(f"no button {label!r} was shown; last buttons: {shown}")

    async def attach(self, kind: str, file_id: str, file_name: str = "") -> TurnResult:
        return await self.send(dl.UserInput.from_attachment(kind, file_id, file_name))

    async def unsupported(self, kind: str) -> TurnResult:
        return await self.send(dl.UserInput.unsupported(kind))
