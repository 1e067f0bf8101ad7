"""`anxin chat`: the complaint dialogue in a terminal (same engine as Telegram and the web)."""

from __future__ import annotations

import asyncio
import getpass
import sys
from typing import TYPE_CHECKING

import typer

from intake.cli.common import load_settings, open_db, run_db

if TYPE_CHECKING:
    from intake.conversations import Turn
    from intake.dialogue import Button, UserInput

EXIT_WORDS = frozenset({"/quit", "/exit", "退出"})


def render(turn: Turn) -> list[Button]:
    """Print the replies; buttons are numbered so a typed number presses one."""
    buttons: list[Button] = []
    for reply in turn.replies:
        typer.echo(reply.text)
        if reply.buttons:
            buttons = list(reply.buttons)
            for n, button in enumerate(buttons, start=1):
                typer.echo(f"  [{n}] {button.label}")
        typer.echo("")
    return buttons


def to_input(line: str, buttons: list[Button]) -> UserInput:
    from intake.dialogue import UserInput

    text = line.strip()
    if text.isdigit() and 1 <= int(text) <= len(buttons):
        return UserInput.from_choice(buttons[int(text) - 1].value)
    return UserInput.from_text(line.rstrip("\n"))


def chat(
    conversation: str = typer.Option(
        None, "--id", help="conversation id (default: your user name); the same id resumes"
    ),
) -> None:
    """Talk to the complaint bot here. Type a number to press a button; /quit leaves."""
    from intake.conversations import ConversationService
    from intake.dialogue import UserInput
    from routing.runtime import RoutingRuntime

    settings = load_settings()
    external_id = conversation or getpass.getuser()

    async def work() -> None:
        async with open_db(settings) as factory:
            service = ConversationService(
                factory, RoutingRuntime(factory), policy=settings.sla_policy()
            )
            buttons = render(
                await service.handle(
                    channel="terminal", external_id=external_id, inp=UserInput.from_text("/start")
                )
            )
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
                buttons = render(turn)

    run_db(settings, work)
