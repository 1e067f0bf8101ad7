"""`anxin chat`: the complaint dialogue in a terminal (same engine as Telegram and the web)."""

from __future__ import annotations

import asyncio
import getpass
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

import typer

from intake.cli.common import load_settings, open_db, run_db

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

    from intake.chats.conversations import Turn
    from intake.dialogue import Button, UserInput

EXIT_WORDS = frozenset({"/quit", "/exit", "退出"})


LETTERS = "abcdefghijklmnopqrstuvwxyz"


def render(turn: Turn) -> dict[str, Button]:
    """Print the replies with their buttons keyed `[1]`, `[2]` (or `[a]`, `[b]`); typing a
    key presses that button of the last buttons shown."""
    return show([(r.text, r.buttons) for r in turn.replies], awaiting=turn.awaiting)


def show(messages: Sequence[tuple[str, Sequence[Button]]], *, awaiting: str) -> dict[str, Button]:
    from intake.dialogue import SLOTS

    keys: dict[str, Button] = {}
    for text, buttons in messages:
        typer.echo(text)
        if buttons:
            # while the answer is a number, a typed digit is the answer ("2" people), not a
            # button: those buttons get letters instead
            spec = SLOTS.spec(awaiting)
            names = LETTERS if spec is not None and spec.number_answer else None
            keys = {}
            for n, button in enumerate(buttons[: len(LETTERS)]):
                key = names[n] if names else str(n + 1)
                keys[key] = button
                typer.echo(f"  [{key}] {button.label}")
        typer.echo("")
    return keys


async def show_messages(
    factory: async_sessionmaker[AsyncSession], external_id: str, keys: dict[str, Button]
) -> dict[str, Button]:
    """What an inspector or the follow-up sent this worker while the terminal was not
    looking (a 补正 question, the 回访 question): printed once, its buttons pressable."""
    from intake import messaging
    from models.base import utcnow

    async with factory() as session:
        waiting = await messaging.take_pending(
            session, channel="terminal", chat_id=external_id, now=utcnow()
        )
        await session.commit()
    if not waiting:
        return keys
    shown = show([(f"【新消息】{m.text}", m.buttons) for m in waiting], awaiting="")
    return shown or keys


def to_input(line: str, keys: dict[str, Button]) -> UserInput:
    from intake.dialogue import UserInput

    button = keys.get(line.strip().lower())
    if button is not None:
        return UserInput.from_choice(button.value)
    return UserInput.from_text(line.rstrip("\n"))


def chat(
    conversation: str = typer.Option(
        None, "--id", help="conversation id (default: your user name); the same id resumes"
    ),
) -> None:
    """Talk to the complaint bot here. Type a number to press a button; /quit leaves."""
    from intake.chats.conversations import ConversationService
    from intake.dialogue import UserInput
    from routing.runtime import RoutingRuntime

    settings = load_settings()
    external_id = conversation or getpass.getuser()

    async def work() -> None:
        async with open_db(settings) as factory:
            service = ConversationService.configured(factory, RoutingRuntime(factory), settings)
            buttons = render(
                await service.handle(
                    channel="terminal", external_id=external_id, inp=UserInput.from_text("/start")
                )
            )
            buttons = await show_messages(factory, external_id, buttons)
            loop = asyncio.get_running_loop()
            while True:
                typer.echo("> ", nl=False)
                line = await loop.run_in_executor(None, sys.stdin.readline)
                if not line or line.strip() in EXIT_WORDS:
                    typer.echo("再见。您填的内容已保存，下次用同一个 --id 可以接着填。")
                    return
                if not line.strip():
                    continue
                turn = await service.handle(
                    channel="terminal", external_id=external_id, inp=to_input(line, buttons)
                )
                buttons = await show_messages(factory, external_id, render(turn))

    run_db(settings, work)
