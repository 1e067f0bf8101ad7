"""The loop closed with a worker in a real `anxin chat --id X` process (SQLite and
PostgreSQL): messages sent while the worker was away are shown when the terminal starts and
after each turn, and answered there by typing (or by a button's key)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from channel_world import seed_transcript_world
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from terminal_driver import Screen, Terminal
from worker_loop import (
    ANSWER,
    QUESTION,
    STORY,
    Desk,
    awaiting_of,
    check_the_loop_closed,
    file_until_done,
    latest_ticket,
)

from models.codes.ticket_status import Status

WHO = "loop-terminal"


@pytest.fixture
def terminals() -> Iterator[list[Terminal]]:
    started: list[Terminal] = []
    yield started
    for terminal in started:
        terminal.close()


async def test_the_loop_closes_in_the_terminal(
    db_url: str,
    session_factory: async_sessionmaker[AsyncSession],
    tmp_path: Path,
    terminals: list[Terminal],
) -> None:
    async with session_factory() as session:
        await seed_transcript_world(session)
    desk = Desk(session_factory)

    def start() -> tuple[Terminal, Screen]:
        terminal = Terminal(db_url, WHO, tmp_path)
        terminals.append(terminal)
        return terminal, terminal.start()

    terminal, screen = start()

    async def move(kind: str, value: str) -> tuple[str, list[str]]:
        shown = terminal.press(value) if kind == "press" else terminal.type(value)
        return await awaiting_of(session_factory, "terminal", WHO), shown.buttons

    first = terminal.type(STORY)
    awaiting = await awaiting_of(session_factory, "terminal", WHO)
    await file_until_done(STORY, awaiting, first.buttons, move)
    number = await latest_ticket(session_factory, "terminal", WHO)
    terminal.quit()

    # asked while the worker was away: shown when the terminal starts again
    await desk.act(number, "accept")
    await desk.ask(number)
    terminal, screen = start()
    assert QUESTION in screen.text and "【新消息】" in screen.text and number in screen.text
    answered = terminal.type(ANSWER)
    assert "已经转给办案人员" in answered.text
    assert QUESTION not in answered.text  # shown once
    assert await desk.answers(number) == [ANSWER]
    assert await desk.status(number) == Status.ACCEPTED.value

    # the follow-up arrives while the terminal is open: shown after the worker's next turn,
    # its buttons pressed by their keys
    await desk.resolve_and_follow_up(number)
    after_turn = terminal.type("/status")
    assert "回访" in after_turn.text
    assert after_turn.buttons == ["拿到了，满意", "拿到了，但不满意", "还没拿到"]
    unpaid = terminal.press("还没拿到")
    assert "继续处理" in unpaid.text
    assert await desk.status(number) == Status.INVESTIGATING.value
    terminal.quit()

    await desk.resolve_and_follow_up(number)
    terminal, screen = start()
    assert screen.buttons == ["拿到了，满意", "拿到了，但不满意", "还没拿到"]
    closed = terminal.press("拿到了，满意")
    assert "已办结销号" in closed.text
    terminal.quit()
    await check_the_loop_closed(desk, number)
