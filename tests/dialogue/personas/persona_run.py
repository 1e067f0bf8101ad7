"""Run personas through the dialogue and check what was stored against their facts.

Two ways in: the engine itself (`run_engine`, with the in-memory service of the dialogue
tests) and the web chat API over a real database (`run_web`). Both see only what a worker
sees: the reply text, its buttons and the question being asked.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from persona_gen import Action, Facts, Persona, Prompt, Talker

from intake import dialogue as dl
from intake.demo.reference import TOWNSHIPS
from routing.employers.index import EmployerIndex
from routing.employers.registry import iter_registry_csv
from routing.townships import TownshipGazetteer

NOW = datetime(2025, 3, 10, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
TODAY = NOW.date()
MAX_TURNS = 40


def demo_index() -> EmployerIndex:
    from persona_gen import REGISTRY

    return EmployerIndex(iter_registry_csv(REGISTRY))


def demo_gazetteer() -> TownshipGazetteer:
    aliases = {alias: name for name, names in TOWNSHIPS.items() for alias in names}
    return TownshipGazetteer(TOWNSHIPS, aliases)


@dataclass
class Stored:
    """The complaint as stored, in the persona's terms."""

    name: str | None
    phone: str | None
    employer_id: str | None
    employer_typed: str
    employer_unmatched: bool
    project: str | None
    township: str | None
    work_type: str | None
    start: date | None
    end: date | None
    amount: int | None
    headcount: int | None


@dataclass
class Outcome:
    persona: Persona
    turns: int
    asked: Counter[str] = field(default_factory=Counter)
    stored: Stored | None = None
    mismatches: list[str] = field(default_factory=list)
    transcript: list[str] = field(default_factory=list)

    @property
    def filed(self) -> bool:
        return self.stored is not None

    @property
    def ok(self) -> bool:
        return self.filed and not self.mismatches

    @property
    def max_asked(self) -> int:
        return max(self.asked.values(), default=0)


def question_key(awaiting: str, buttons: list[tuple[str, str]]) -> str:
    """Which question the bot is asking: the slot, and for two slots a follow-up of it."""
    values = [v for _, v in buttons]
    if awaiting == "employer" and any(v.startswith("employer:") for v in values):
        return "employer:pick"
    if awaiting == "headcount" and "headcount:keep" in values:
        return "headcount:exact"
    return awaiting


def _same_month(a: date | None, b: date) -> bool:
    return a is not None and (a.year, a.month) == (b.year, b.month)


def compare(f: Facts, s: Stored, *, routed: bool = False) -> list[str]:
    """The facts the stored complaint gets wrong (empty: it matches). routed: the complaint
    as the service stores it, whose township the routing fills in when the worker did not
    know it (from the employer's registration)."""
    bad: list[str] = []
    if s.name != f.name:
        bad.append(f"name {s.name!r} != {f.name!r}")
    if s.phone != f.phone:
        bad.append(f"phone {s.phone!r} != {f.phone!r}")
    if f.employer_id is not None:
        if s.employer_id != f.employer_id:
            bad.append(f"employer {s.employer_id}/{s.employer_typed!r} != {f.employer_id}")
    elif not s.employer_unmatched or not (
        s.employer_typed in f.employer_words or f.employer_words in s.employer_typed
    ):
        kept = f"{s.employer_typed!r} (unmatched={s.employer_unmatched})"
        bad.append(f"employer {kept} != {f.employer_words!r}")
    if f.project is None:
        if s.project:
            bad.append(f"project {s.project!r} != none")
    elif (
        not s.project
        or not (s.project in f.project or f.project in s.project)
        or len(s.project) < 3
    ):
        bad.append(f"project {s.project!r} != {f.project!r}")
    if (s.township or None) != f.township and not (routed and f.township is None):
        bad.append(f"township {s.township!r} != {f.township!r}")
    if s.work_type != f.work_label:
        bad.append(f"work_type {s.work_type!r} != {f.work_label!r}")
    if not _same_month(s.start, f.start) or not _same_month(s.end, f.end):
        bad.append(f"period {s.start}..{s.end} != {f.start}..{f.end}")
    if s.amount != f.amount:
        bad.append(f"amount {s.amount} != {f.amount}")
    if s.headcount not in (f.headcount, f.headcount_stored):
        bad.append(f"headcount {s.headcount} != {f.headcount}")
    return bad


Send = Callable[[Action], Awaitable[tuple[str, str, list[tuple[str, str]]]]]


async def converse(persona: Persona, send: Send) -> Outcome:
    """Talk until the complaint is filed (or MAX_TURNS): the turn loop of both drivers."""
    talker = Talker(persona)
    out = Outcome(persona=persona, turns=0)
    action = talker.first_message()
    asked_before: Counter[str] = Counter()
    while out.turns < MAX_TURNS:
        awaiting, text, buttons = await send(action)
        out.turns += 1
        out.transcript.append(f"> {action.value}\n< [{awaiting}] {text}")
        if awaiting == "done":
            break
        key = question_key(awaiting, buttons)
        out.asked[key] += 1
        prompt = Prompt(awaiting=awaiting, text=text, buttons=buttons, repeat=asked_before[key])
        asked_before[key] += 1
        action = talker.answer(prompt)
    return out


def _stored_from_draft(draft: dl.Draft) -> Stored:
    e = draft.employer
    return Stored(
        name=draft.name,
        phone=draft.phone,
        employer_id=e.record.id if e and e.record else None,
        employer_typed=e.typed if e else "",
        employer_unmatched=bool(e and e.record is None),
        project=draft.project,
        township=draft.township,
        work_type=draft.work_type,
        start=draft.period.start if draft.period else None,
        end=draft.period.end if draft.period else None,
        amount=draft.amount_yuan,
        headcount=draft.headcount,
    )


async def run_engine(
    persona: Persona, index: EmployerIndex, gazetteer: TownshipGazetteer
) -> Outcome:
    """The persona against the engine, with the dialogue tests' in-memory service."""
    from dialogue_harness import Conversation, FakeService

    service = FakeService()
    conv = Conversation(now=NOW, index=index, gazetteer=gazetteer, service=service)

    async def send(action: Action) -> tuple[str, str, list[tuple[str, str]]]:
        inp = (
            dl.UserInput.from_choice(action.value)
            if action.kind == "press"
            else dl.UserInput.from_text(action.value)
        )
        turn = await conv.send(inp)
        return (
            turn.after.awaiting,
            turn.text,
            [(b.label, b.value) for b in turn.buttons],
        )

    out = await converse(persona, send)
    if service.complaints:
        out.stored = _stored_from_draft(service.complaints[0].draft)
        out.mismatches = compare(persona.facts, out.stored)
    return out


async def run_web(
    persona: Persona, client: Any, complaint_row: Callable[[int], Awaitable[Stored]]
) -> Outcome:
    """The persona against the web chat API (`client`: an httpx client of the app)."""
    r = await client.post("/api/chat/sessions")
    r.raise_for_status()
    sid = r.json()["session_id"]
    complaint_id: list[int] = []

    async def send(action: Action) -> tuple[str, str, list[tuple[str, str]]]:
        body = {"choice": action.value} if action.kind == "press" else {"text": action.value}
        resp = await client.post(f"/api/chat/sessions/{sid}/messages", json=body)
        resp.raise_for_status()
        data = resp.json()
        if data.get("complaint_id"):
            complaint_id.append(int(data["complaint_id"]))
        replies = data["replies"]
        text = "\n".join(x["text"] for x in replies)
        buttons = [(b["label"], b["value"]) for b in (replies[-1]["buttons"] if replies else [])]
        return data["awaiting"], text, buttons

    out = await converse(persona, send)
    if complaint_id:
        out.stored = await complaint_row(complaint_id[-1])
        out.mismatches = compare(persona.facts, out.stored, routed=True)
    return out


@dataclass
class Figures:
    personas: int
    filed_matching: float  # share
    median_turns: float
    max_asked: int
    over_twice: int  # conversations where a question was asked three times or more

    def line(self, label: str) -> str:
        return (
            f"{label}: {self.personas} workers, {self.filed_matching:.1%} filed a complaint "
            f"matching their facts, median {self.median_turns:g} turns, "
            f"most asks of one question {self.max_asked} ({self.over_twice} conversations over 2)"
        )


def figures(outcomes: list[Outcome]) -> Figures:
    return Figures(
        personas=len(outcomes),
        filed_matching=sum(o.ok for o in outcomes) / max(1, len(outcomes)),
        median_turns=statistics.median(o.turns for o in outcomes) if outcomes else 0,
        max_asked=max((o.max_asked for o in outcomes), default=0),
        over_twice=sum(o.max_asked > 2 for o in outcomes),
    )
