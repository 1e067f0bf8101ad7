"""`anxin routing ...` (table versions) and `anxin route` (route JSON lines)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import select

from intake.cli.common import fail, load_settings, open_db, run_db
from models import User
from models.db import session_scope

if TYPE_CHECKING:
    from routing.rules import RuleFileError
    from routing.simulate import Case, SimulationReport

# The routing package loads dictionaries on import: each command imports it when it runs.

app = typer.Typer(help="Routing tables: export, import, simulate, publish, roll back.")


def _issues(exc: RuleFileError) -> str:
    return "; ".join(str(issue) for issue in exc.issues)


def _read_lexicons(directory: Path | None) -> dict[str, str]:
    if directory is None:
        return {}
    if not directory.is_dir():
        fail(f"{directory} is not a directory")
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(directory.glob("*.yaml"))}


async def _user_id(session: AsyncSession, username: str | None) -> int | None:
    if not username:
        return None
    user = await session.scalar(select(User).where(User.username == username))
    if user is None:
        fail(f"no user named {username!r}")
    return user.id


def print_report(report: SimulationReport) -> None:
    typer.echo(
        f"{report.old_version} -> {report.new_version}: {report.total} complaints, "
        f"{report.changed_task_force} change task force, {report.changed_priority} change priority"
    )
    for old, new, count in report.changes():
        typer.echo(f"  {old:>18} -> {new:<18} {count}")
        for ex in report.examples.get((old, new), []):
            typer.echo(f"      {ex.ref}: {ex.text[:60]}  ({ex.old_rule} -> {ex.new_rule})")


@app.command("list")
def list_versions() -> None:
    """List table versions, newest first."""
    from routing import versions

    settings = load_settings()

    async def work() -> list[tuple[int, str, str, str]]:
        async with open_db(settings) as factory, factory() as session:
            return [
                (r.version, r.status, str(r.published_at or r.created_at)[:19], r.comment)
                for r in await versions.list_versions(session)
            ]

    for number, status, when, comment in run_db(settings, work):
        typer.echo(f"v{number:<4} {status:<10} {when}  {comment}")


@app.command("export")
def export(
    version: int | None = typer.Option(None, help="default: the published version"),
    lexicons_dir: Path | None = typer.Option(None, help="also write the lexicons here"),
) -> None:
    """Print a table version as YAML."""
    from routing import versions
    from routing.rules import default_table, dump_table_yaml

    settings = load_settings()

    async def work() -> tuple[str, dict[str, str]]:
        async with open_db(settings) as factory, factory() as session:
            if version is None:
                row = await versions.published_row(session)
                if row is None:
                    return dump_table_yaml(default_table()), {}
            else:
                row = await versions.get_version(session, version)
            return row.source_yaml, row.lexicons_yaml

    try:
        text, lexicons = run_db(settings, work)
    except versions.VersionError as exc:
        fail(str(exc))
    if lexicons_dir is not None:
        lexicons_dir.mkdir(parents=True, exist_ok=True)
        for group, body in lexicons.items():
            (lexicons_dir / f"{group}.yaml").write_text(body, encoding="utf-8")
    sys.stdout.write(text)


@app.command("import")
def import_(
    file: Path = typer.Argument(..., exists=True, dir_okay=False),
    lexicons_dir: Path | None = typer.Option(None, help="lexicon YAML files (group.yaml)"),
    comment: str = typer.Option("", help="what changed and why"),
    user: str | None = typer.Option(None, "--as", help="the admin making the change"),
) -> None:
    """Store FILE as a new draft version (validated; nothing is published)."""
    from routing import versions
    from routing.rules import RuleFileError

    settings = load_settings()
    text = file.read_text(encoding="utf-8")
    lexicons = _read_lexicons(lexicons_dir)

    async def work() -> int:
        async with open_db(settings) as factory, session_scope(factory) as session:
            row = await versions.save_draft(
                session,
                yaml_text=text,
                lexicons_yaml=lexicons,
                user_id=await _user_id(session, user),
                comment=comment,
            )
            return row.version

    try:
        number = run_db(settings, work)
    except RuleFileError as exc:
        fail(f"{file} rejected, the published table is unchanged: {_issues(exc)}", code=1)
    typer.echo(f"saved draft v{number}; simulate with: anxin routing simulate {number}")


def _read_cases(path: Path) -> list[Case]:
    from routing.simulate import parse_jsonl_cases

    cases, errors = parse_jsonl_cases(path.read_text(encoding="utf-8").splitlines())
    for error in errors:
        typer.echo(error, err=True)
    return cases


async def _simulate(
    session: AsyncSession, number: int, cases: list[Case] | None
) -> SimulationReport:
    from routing import versions
    from routing.runtime import router_from_db

    router = await router_from_db(session)
    return await versions.simulate_version(session, number=number, router=router, cases=cases)


@app.command("simulate")
def simulate_cmd(
    version: int,
    cases: Path | None = typer.Option(None, exists=True, help="JSONL of {text, fields}"),
) -> None:
    """Replay VERSION against the published table over stored complaints (or --cases)."""
    from routing import versions
    from routing.rules import RuleFileError

    settings = load_settings()
    case_list = _read_cases(cases) if cases else None

    async def work() -> SimulationReport:
        async with open_db(settings) as factory, factory() as session:
            return await _simulate(session, version, case_list)

    try:
        print_report(run_db(settings, work))
    except (versions.VersionError, RuleFileError) as exc:
        fail(str(exc))


@app.command("publish")
def publish(
    version: int,
    user: str | None = typer.Option(None, "--as", help="the admin publishing"),
) -> None:
    """Publish VERSION (its simulation over stored complaints is recorded with it)."""
    from routing import versions
    from routing.rules import RuleFileError

    settings = load_settings()

    async def work() -> SimulationReport:
        async with open_db(settings) as factory, session_scope(factory) as session:
            report = await _simulate(session, version, None)
            await versions.publish(
                session, number=version, user_id=await _user_id(session, user), simulation=report
            )
            return report

    try:
        report = run_db(settings, work)
    except (versions.VersionError, RuleFileError) as exc:
        fail(str(exc))
    print_report(report)
    typer.echo(f"published v{version}")


@app.command("rollback")
def rollback(
    version: int,
    user: str | None = typer.Option(None, "--as", help="the admin rolling back"),
    reason: str = typer.Option("", help="why (kept in the version's note and the audit trail)"),
) -> None:
    """Publish a copy of an earlier VERSION as a new version (audited)."""
    from routing import versions
    from routing.rules import RuleFileError

    settings = load_settings()

    async def work() -> int:
        async with open_db(settings) as factory, session_scope(factory) as session:
            row = await versions.rollback(
                session,
                to_number=version,
                user_id=await _user_id(session, user),
                reason=reason.strip(),
            )
            return row.version

    try:
        number = run_db(settings, work)
    except (versions.VersionError, RuleFileError) as exc:
        fail(str(exc))
    typer.echo(f"published v{number} (a copy of v{version})")


def route(
    registry: Path = typer.Option(..., exists=True, dir_okay=False, help="registry CSV"),
    table: Path | None = typer.Option(None, exists=True, help="routing table YAML"),
) -> None:
    """Route JSON lines {text, fields} from stdin; one decision per line on stdout."""
    from routing.route_stream import run_route
    from routing.router import Router
    from routing.rules import RuleFileError, load_table_file

    try:
        routing_table = load_table_file(table) if table else None
    except RuleFileError as exc:
        fail(f"{table} rejected: {_issues(exc)}")
    router = Router.from_registry_csv(registry, routing_table)
    run_route(router, sys.stdin, sys.stdout)
