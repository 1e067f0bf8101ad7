"""The `anxin` command line."""

from __future__ import annotations

import typer

from intake.cli import db, demo, employers, logs, report, routing_cmd, users
from intake.cli.bot_cmd import bot
from intake.cli.chat import chat
from intake.cli.serve import serve
from intake.cli.sweep import sweep

app = typer.Typer(
    help="anxin 安薪 — wage-arrears complaint intake, routing and case tracking.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(db.app, name="db")
app.add_typer(demo.app, name="demo")
app.add_typer(users.app, name="users")
app.add_typer(routing_cmd.app, name="routing")
app.add_typer(employers.app, name="employers")
app.add_typer(report.app, name="report")
app.command()(employers.match)
app.command()(routing_cmd.route)
app.command()(serve)
app.command()(sweep)
app.command()(chat)
app.command()(bot)


def main() -> None:
    logs.configure("INFO")  # `anxin serve` applies ANXIN_LOG_LEVEL once settings are read
    app()
