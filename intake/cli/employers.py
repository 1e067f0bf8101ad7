"""`anxin employers import` (the registry) and `anxin match` (match names from stdin)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from intake.cli.common import fail, load_settings, open_db, run_db
from models.db import session_scope

if TYPE_CHECKING:
    from routing.employers.service import ImportReport

app = typer.Typer(help="The employer registry.", no_args_is_help=True)


@app.command("import")
def import_(
    file: Path = typer.Argument(..., help="registry CSV: id,name,uscc,sector,ownership,township"),
) -> None:
    """Validate every row, report bad ones by line, upsert the good ones by registry id."""
    from routing.employers.importer import parse_registry_csv
    from routing.employers.service import import_records

    settings = load_settings()
    records, errors = parse_registry_csv(file)
    if not records and errors:
        for error in errors:
            typer.echo(str(error), err=True)
        fail(f"{file}: nothing imported")

    async def work() -> ImportReport:
        async with open_db(settings) as factory, session_scope(factory) as session:
            return await import_records(session, records=records)

    report = run_db(settings, work)
    for error in [*errors, *report.errors]:
        typer.echo(str(error), err=True)
    typer.echo(report.summary())
    if errors or report.errors:
        raise typer.Exit(1)  # the good rows are stored; the exit code says some were not


def match(
    registry: Path = typer.Option(..., exists=True, dir_okay=False, help="registry CSV"),
    explain: bool = typer.Option(
        False, "--explain", help="add how the query was read and why each candidate scored"
    ),
) -> None:
    """Match one employer name per stdin line; one JSON object per line on stdout."""
    from routing.employers.importer import parse_registry_csv
    from routing.employers.index import EmployerIndex
    from routing.employers.match_stream import run_match

    records, errors = parse_registry_csv(registry)
    for error in errors:
        typer.echo(f"{registry}: {error}", err=True)
    if not records:
        fail(f"{registry}: no usable registry rows")
    run_match(EmployerIndex.from_records(records), sys.stdin, sys.stdout, explain=explain)
