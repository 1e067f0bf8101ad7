"""`anxin users add|list|disable|reset-password`: staff accounts."""

from __future__ import annotations

import typer
from sqlmodel import select

from intake.cli.common import fail, load_settings, open_db, run_db
from intake.staff.accounts import (
    AccountError,
    create_user,
    generate_password,
    reset_password,
    set_disabled,
)
from models import User
from models.db import session_scope

app = typer.Typer(help="Staff accounts (inspectors, supervisors, admins).", no_args_is_help=True)


@app.command("add")
def add(
    username: str,
    role: str = typer.Option(..., help="inspector | supervisor | admin"),
    name: str = typer.Option("", help="display name"),
    task_force: list[str] = typer.Option([], "--task-force", help="task force code; repeatable"),
    township: list[str] = typer.Option([], "--township", help="township name; repeatable"),
    password: str | None = typer.Option(None, help="default: generated and printed once"),
) -> None:
    """Create an account."""
    settings = load_settings()
    secret = password or generate_password()

    async def work() -> None:
        async with open_db(settings) as factory, session_scope(factory) as session:
            await create_user(
                session,
                username=username,
                password=secret,
                role=role,
                display_name=name,
                task_force_codes=task_force,
                township_names=township,
            )

    try:
        run_db(settings, work)
    except AccountError as exc:
        fail(str(exc))
    typer.echo(f"created {role} {username}" + ("" if password else f", password: {secret}"))


@app.command("list")
def list_users() -> None:
    """List accounts with role and status."""
    settings = load_settings()

    async def work() -> list[User]:
        async with open_db(settings) as factory, factory() as session:
            rows = await session.scalars(select(User).order_by(User.username))
            return list(rows)

    for user in run_db(settings, work):
        state = "disabled" if user.disabled else "active"
        typer.echo(f"{user.username:<16} {user.role:<11} {state:<9} {user.display_name}")


@app.command()
def disable(username: str) -> None:
    """Disable an account (it can no longer sign in)."""
    settings = load_settings()

    async def work() -> None:
        async with open_db(settings) as factory, session_scope(factory) as session:
            await set_disabled(session, username=username)

    try:
        run_db(settings, work)
    except AccountError as exc:
        fail(str(exc))
    typer.echo(f"disabled {username}")


@app.command("reset-password")
def reset_password_cmd(username: str) -> None:
    """Set a new generated password (printed once; the reset is audited)."""
    settings = load_settings()
    secret = generate_password()

    async def work() -> None:
        async with open_db(settings) as factory, session_scope(factory) as session:
            await reset_password(session, username=username, password=secret)

    try:
        run_db(settings, work)
    except AccountError as exc:
        fail(str(exc))
    typer.echo(f"new password for {username}: {secret}")
    typer.echo("it is shown only this once; the old password no longer works")
