"""`anxin demo seed`: reference and demo data for a new database."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from intake.cli.common import load_settings, open_db, run_db
from intake.settings import Settings
from intake.staff.secret_key import HOW_TO_SET, ensure_demo_key
from models.db import session_scope

if TYPE_CHECKING:
    from intake.demo.seed import SeedReport

app = typer.Typer(help="Demo data.", no_args_is_help=True)


@app.command()
def seed(
    registry: Path | None = typer.Option(
        None, exists=True, dir_okay=False, help="registry CSV instead of the bundled sample"
    ),
) -> None:
    """Seed townships, task forces, routing table, employers and demo users (empty DB only)."""
    from intake.demo.seed import seed_demo

    settings = load_settings()

    async def work() -> SeedReport:
        async with open_db(settings) as factory, session_scope(factory) as session:
            return await seed_demo(session, registry_csv=registry or settings.registry_path)

    report = run_db(settings, work)
    _demo_key(settings, demo_database=bool(report.townships) or report.demo_accounts_present)
    if not report.townships:
        typer.echo("database already has data: nothing seeded")
        return
    typer.echo(
        f"seeded {report.townships} townships, {report.task_forces} task forces, "
        f"{report.employers} employers, routing table v{report.routing_version}"
    )
    if report.passwords:
        typer.echo("demo accounts (passwords are shown only this once):")
        for username, password in report.passwords.items():
            typer.echo(f"  {username:<12} {password}")
        typer.echo("missed one? `anxin users reset-password NAME` prints a new one")


def _demo_key(settings: Settings, *, demo_database: bool) -> None:
    """The demo's signing key, kept beside its SQLite file, unless the operator set one."""
    if settings.secret_key is not None or not demo_database:
        return
    path = ensure_demo_key(settings.database_url)
    if path is None:
        typer.echo(f"note: this database needs ANXIN_SECRET_KEY before `anxin serve`: {HOW_TO_SET}")
