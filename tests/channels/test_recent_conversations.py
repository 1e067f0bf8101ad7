"""A process keeps the conversations it saved last: their next turn reads the row without its
state, unless another process (or replica) saved the conversation since."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from channel_world import seed_transcript_world
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

import intake.conversations
from intake.conversations import ConversationService
from intake.dialogue import UserInput, new_state
from intake.recent_conversations import RecentConversations
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
    load = intake.conversations.rows.load

    async def counting_load(*args: Any, **kwargs: Any) -> Any:
        row = await load(*args, **kwargs)
        seen.append(row is not None and row.state is not None)
        return row

    monkeypatch.setattr(intake.conversations.rows, "load", counting_load)
    return seen


def service(factory: Factory, **kwargs: Any) -> ConversationService:
    return ConversationService(factory, RoutingRuntime(factory), **kwargs)


async def test_the_next_turn_here_uses_the_state_kept(
    session_factory: Factory, fetched: list[bool]
) -> None:
    async with session_factory() as session:
        await seed_transcript_world(session)
    one = service(session_factory)
    for inp, asks in ANSWERS:
        turn = await one.handle(channel="web", external_id="w1", inp=inp)
        assert turn.awaiting == asks
    # the first turn finds no row; every later one finds the revision it saved
    assert fetched == [False, False, False, False]
    stored = await one.current(channel="web", external_id="w1")
    assert stored is not None and stored.draft is not None
    assert (stored.draft.name, stored.draft.phone) == ("刘满仓", "13937110001")


async def test_two_processes_taking_turns_read_what_the_other_saved(
    session_factory: Factory, fetched: list[bool], caplog: pytest.LogCaptureFixture
) -> None:
    async with session_factory() as session:
        await seed_transcript_world(session)
    first, second = service(session_factory), service(session_factory)
    with caplog.at_level(logging.INFO, logger="intake.conversations"):
        for n, (inp, asks) in enumerate(ANSWERS):
            here = first if n % 2 == 0 else second
            turn = await here.handle(channel="web", external_id="w2", inp=inp)
            assert turn.awaiting == asks
    # each turn but the first finds a revision the other process saved: the state is read
    assert fetched == [False, True, True, True]
    assert "changed meanwhile" not in caplog.text  # no turn ran twice
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
        recent.keep(("web", str(n)), n + 1, new_state(str(n)))
    assert recent.get(("web", "0")) is None and len(recent) == 2
    recent.keep(("web", "1"), 5, new_state("1"))  # saved again: now the most recent
    recent.keep(("web", "3"), 1, new_state("3"))
    assert recent.get(("web", "2")) is None
    kept = recent.get(("web", "1"))
    assert kept is not None and kept.revision == 5
    nothing = RecentConversations(0)
    nothing.keep(("web", "x"), 1, new_state("x"))
    assert nothing.get(("web", "x")) is None and len(nothing) == 0
