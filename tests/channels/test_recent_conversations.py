"""A process keeps the conversations it saved last. A message that follows within a few seconds
(over the same kept-alive connection) takes the kept state without reading the row; a later
one reads the row, without its state unless another process (or replica) saved since. A kept
state that turns out stale fails the save's revision check, and the turn runs again."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from channel_world import seed_transcript_world
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

import intake.chats.conversations
from intake.chats.conversations import ConversationService
from intake.chats.recent_conversations import RecentConversations
from intake.dialogue import UserInput, new_state
from routing.runtime import RoutingRuntime

Factory = async_sessionmaker[AsyncSession]
# what a worker answers, and what the bot asks for next
ANSWERS = [
    (UserInput.from_text("你好"), "consent"),
    (UserInput.from_choice("consent:yes"), "name"),
    (UserInput.from_text("刘满仓"), "phone"),
    (UserInput.from_text("13937110001"), "employer"),
]


@pytest.fixture
def fetched(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """For each turn, whether the stored state came back with the row (and was decoded)."""
    seen: list[bool] = []
    load = intake.chats.conversations.rows.load

    async def counting_load(*args: Any, **kwargs: Any) -> Any:
        row = await load(*args, **kwargs)
        seen.append(row is not None and row.state is not None)
        return row

    monkeypatch.setattr(intake.chats.conversations.rows, "load", counting_load)
    return seen


def service(factory: Factory, **kwargs: Any) -> ConversationService:
    return ConversationService(factory, RoutingRuntime(factory), **kwargs)


@pytest.mark.parametrize(
    ("trust_recent_s", "reads"),
    [(5.0, [False]), (0.0, [False, False, False, False])],
    ids=["quick-replies-read-nothing", "later-replies-read-the-revision"],
)
async def test_the_next_turn_here_uses_the_state_kept(
    session_factory: Factory, fetched: list[bool], trust_recent_s: float, reads: list[bool]
) -> None:
    async with session_factory() as session:
        await seed_transcript_world(session)
    one = service(session_factory, trust_recent_s=trust_recent_s)
    for inp, asks in ANSWERS:
        turn = await one.handle(channel="web", external_id="w1", inp=inp)
        assert turn.awaiting == asks
    # the first turn finds no row; later ones take the state kept, or find its revision
    assert fetched == reads
    stored = await one.current(channel="web", external_id="w1")
    assert stored is not None and stored.draft is not None
    assert (stored.draft.name, stored.draft.phone) == ("刘满仓", "13937110001")


@pytest.mark.parametrize(
    ("trust_recent_s", "retries"), [(0.0, 0), (5.0, 2)], ids=["reading", "trusting"]
)
async def test_two_processes_taking_turns_read_what_the_other_saved(
    session_factory: Factory,
    fetched: list[bool],
    caplog: pytest.LogCaptureFixture,
    trust_recent_s: float,
    retries: int,
) -> None:
    async with session_factory() as session:
        await seed_transcript_world(session)
    first, second = (service(session_factory, trust_recent_s=trust_recent_s) for _ in "12")
    with caplog.at_level(logging.INFO, logger="intake.chats.conversations"):
        for n, (inp, asks) in enumerate(ANSWERS):
            here = first if n % 2 == 0 else second
            turn = await here.handle(channel="web", external_id="w2", inp=inp)
            assert turn.awaiting == asks
    # each turn but the first finds a revision the other process saved: the state is read,
    # at once, or (trusting its own) after the save found the kept state stale
    assert fetched == [False, True, True, True]
    changed = [r for r in caplog.records if "changed meanwhile" in r.getMessage()]
    assert len(changed) == retries
    stored = await second.current(channel="web", external_id="w2")
    assert stored is not None and stored.draft is not None
    assert (stored.draft.name, stored.draft.phone) == ("刘满仓", "13937110001")


async def test_keeping_none_reads_every_state(
    session_factory: Factory, fetched: list[bool]
) -> None:
    async with session_factory() as session:
        await seed_transcript_world(session)
    one = service(session_factory, keep_recent=0)
    for inp, asks in ANSWERS:
        assert (await one.handle(channel="web", external_id="w3", inp=inp)).awaiting == asks
    assert fetched == [False, True, True, True]


def test_the_least_recently_saved_are_dropped() -> None:
    recent = RecentConversations(2)
    for n in range(3):
        recent.keep(("web", str(n)), n, n + 1, new_state(str(n)))
    assert recent.get(("web", "0")) is None and len(recent) == 2
    recent.keep(("web", "1"), 1, 5, new_state("1"))  # saved again: now the most recent
    recent.keep(("web", "3"), 3, 1, new_state("3"))
    assert recent.get(("web", "2")) is None
    kept = recent.get(("web", "1"))
    assert kept is not None and kept.revision == 5
    nothing = RecentConversations(0)
    nothing.keep(("web", "x"), 9, 1, new_state("x"))
    assert nothing.get(("web", "x")) is None and len(nothing) == 0
