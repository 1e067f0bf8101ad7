"""What every command shares: settings, one-line errors, a database session."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import NoReturn, TypeVar

import typer
from pydantic import ValidationError
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from intake.settings import Settings
from models.db import (
    DatabaseConfigError,
    describe_connect_error,
    make_session_factory,
)

T = TypeVar("T")

# Errors that mean "the database is not there or not usable": reported as one line.
CONNECT_ERRORS: tuple[type[BaseException], ...] = (
    OSError,
    OperationalError,
    InterfaceError,
    DBAPIError,
    asyncio.TimeoutError,
)


def fail(message: str, code: int = 2) -> NoReturn:
    print(f"anxin: error: {message}", file=sys.stderr)
    raise typer.Exit(code)


def load_settings() -> Settings:
    try:
        settings = Settings()
    except ValidationError as exc:
        problems = "; ".join(
            f"ANXIN_{'_'.join(str(p) for p in err['loc']).upper()}: {err['msg']}"
            for err in exc.errors()
        )
        fail(f"invalid settings: {problems}")
    settings.use_timezone()
    return settings


@asynccontextmanager
async def open_db(settings: Settings) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = settings.engine()
    try:
        yield make_session_factory(engine)
    finally:
        await engine.dispose()


def run_db(settings: Settings, work: Callable[[], Awaitable[T]]) -> T:
    """Run async work that talks to the database; turn connection trouble into one line."""
    try:
        return asyncio.run(_guard(work))
    except DatabaseConfigError as exc:
        fail(str(exc))
    except CONNECT_ERRORS as exc:
        fail(describe_connect_error(settings.database_url, exc))


async def _guard(work: Callable[[], Awaitable[T]]) -> T:
    return await work()
