"""`anxin report weekly`: the weekly report (周报) as XLSX and an HTML page of charts."""

from __future__ import annotations

from pathlib import Path

import typer

from intake.cli.common import fail, load_settings, open_db, run_db

app = typer.Typer(help="Reports for the office (联席办).", no_args_is_help=True)


@app.command()
def weekly(
    week: str | None = typer.Option(
        None, help="ISO week like 2026-W10; default: the last complete week"
    ),
    out: Path = typer.Option(Path("."), help="folder the files are written to"),
) -> None:
    """Summary, ranking of task forces and townships (通报排名) and charts of one week."""
    from intake.localtime import local_date
    from intake.reports.weekly import WeekError, build_weekly_report, parse_week, write_report
    from models.base import utcnow

    settings = load_settings()
    now = utcnow()
    try:
        monday = parse_week(week, today=local_date(now))
    except WeekError as exc:
        fail(str(exc))
    if out.exists() and not out.is_dir():
        fail(f"--out {out} is a file, not a folder")

    async def work() -> tuple[list[Path], str]:
        async with open_db(settings) as factory, factory() as session:
            report = await build_weekly_report(session, monday=monday, now=now)
        return write_report(report, out), report.empty_note

    try:
        paths, note = run_db(settings, work)
    except OSError as exc:
        fail(f"cannot write the report into {out}: {exc}")
    for path in paths:
        typer.echo(str(path))
    if note:
        typer.echo(note, err=True)


@app.command("rebuild-weeks")
def rebuild_weeks() -> None:
    """Recount the dashboard's kept weekly figures from the tickets (after a bulk import)."""
    from intake.reports import week_stats
    from models.db import session_scope

    settings = load_settings()

    async def work() -> int:
        async with open_db(settings) as factory, session_scope(factory) as session:
            return await week_stats.rebuild(session)

    rows = run_db(settings, work)
    typer.echo(f"recounted the weekly figures: {rows} rows")


@app.command("check-weeks")
def check_weeks(
    weeks: int = typer.Option(12, min=1, max=260, help="how many weeks back, this one included"),
) -> None:
    """Compare the dashboard's kept weekly figures with a recount of the tickets; exit 1 and
    list the differences when they disagree."""
    from intake.localtime import local_date
    from intake.reports import week_stats
    from intake.reports.stats import Weeks
    from models.base import utcnow

    settings = load_settings()
    now = utcnow()
    span = Weeks.ending_with(local_date(now), weeks)

    async def work() -> list[week_stats.Drift]:
        async with open_db(settings) as factory, factory() as session:
            return await week_stats.drift(session, span, now=now)

    drifts = run_db(settings, work)
    if not drifts:
        typer.echo(f"the kept weekly figures agree with a recount over {weeks} weeks")
        return
    for d in drifts:
        apart = ", ".join(f"{name} kept {a} counted {b}" for name, a, b in d.fields_apart())
        year, week, _ = d.monday.isocalendar()
        typer.echo(f"{year}-W{week:02d} {d.task_force_code} {d.township or '-'}: {apart}")
    typer.echo(f"{len(drifts)} rows differ: `anxin report rebuild-weeks` recounts them", err=True)
    raise typer.Exit(1)
