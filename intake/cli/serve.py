"""`anxin serve`: the web app (worker chat, inspector and admin pages, JSON API)."""

from __future__ import annotations

import typer

from intake.cli import logs
from intake.cli.common import fail, load_settings, run_db
from intake.staff.secret_key import SecretKeyError
from intake.tickets.sla import SHANGHAI, HolidayFileError, missing_holiday_years
from models.base import utcnow
from models.db import create_engine, ping


def serve(
    host: str | None = typer.Option(None, help="default: ANXIN_HOST or 127.0.0.1"),
    port: int | None = typer.Option(None, help="default: ANXIN_PORT or 8000"),
    workers: int | None = typer.Option(
        None, min=1, help="processes sharing the port, one per core (default: ANXIN_WORKERS or 1)"
    ),
) -> None:
    """Serve the web app on HOST:PORT."""
    import uvicorn  # the web stack is imported only by the commands that serve

    from bot.errors import BotConfigError
    from intake.web.app import create_app

    settings = load_settings()
    logs.configure(settings.log_level)
    if host:
        settings.host = host
    if port:
        settings.port = port
    if workers:
        settings.workers = workers

    async def _check() -> None:
        engine = create_engine(settings.database_url)
        try:
            await ping(engine)
        finally:
            await engine.dispose()

    try:
        settings.signing_key()
        settings.sla_policy()  # the deadline policy and the holiday file, checked
    except (SecretKeyError, HolidayFileError) as exc:
        fail(str(exc))
    except (OSError, ValueError) as exc:
        fail(f"ANXIN_SLA_POLICY_FILE: {exc}")
    run_db(settings, _check)  # fail with one line before uvicorn starts
    if settings.workers > 1:
        from intake.cli.serve_processes import Supervisor, reuseport_socket

        try:
            reuseport_socket(settings.host, settings.port).close()
        except OSError as exc:
            fail(f"cannot listen on {settings.host}:{settings.port}: {exc.strerror}")
    try:
        # with several processes each builds its own app; this one only checks the settings
        app = create_app(settings)
    except BotConfigError as exc:
        fail(str(exc))
    warn_about_holiday_gap()  # once, from the command (not from each process it starts)
    if settings.workers == 1:
        uvicorn.run(
            app,
            host=settings.host,
            port=settings.port,
            log_level=settings.log_level.lower(),
            access_log=settings.access_log,
        )
        return
    # Each process builds its own app from the same ANXIN_* settings. Conversations, the
    # outbox and the sweeper are safe across processes (see README, "Scale-out").
    code = Supervisor(
        host=settings.host,
        port=settings.port,
        workers=settings.workers,
        log_level=settings.log_level,
        access_log=settings.access_log,
    ).run()
    raise typer.Exit(code)


def warn_about_holiday_gap() -> None:
    missing = missing_holiday_years(utcnow().astimezone(SHANGHAI).date())
    if missing:
        years = ", ".join(str(y) for y in missing)
        typer.echo(
            f"anxin: warning: no official holiday data for {years}: deadlines in those years "
            "count Monday-Friday as working days; add the State Council's holidays and 调休 "
            "working days to the file ANXIN_HOLIDAYS_FILE names (see README, Security)",
            err=True,
        )
