"""Async engine and session factory for SQLite (default) and PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

SUPPORTED_DRIVERS = ("sqlite+aiosqlite", "postgresql+asyncpg")
# Driver messages that mean "the schema is older than the code", not "cannot connect".
SCHEMA_HINTS = ("no such table", "no such column", "UndefinedTable", "UndefinedColumn")


class DatabaseConfigError(ValueError):
    """The database URL cannot be used; the message is one line meant for a person."""


def check_url(url: str) -> str:
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseConfigError(f"ANXIN_DATABASE_URL is not a database URL: {url!r}") from exc
    if parsed.drivername not in SUPPORTED_DRIVERS:
        raise DatabaseConfigError(
            f"ANXIN_DATABASE_URL uses driver {parsed.drivername!r}; "
            f"use one of {', '.join(SUPPORTED_DRIVERS)}"
        )
    database = parsed.database or ""
    if parsed.drivername.startswith("sqlite") and database and database != ":memory:":
        # aiosqlite reports a missing directory from its thread after the loop closed:
        # say it plainly before connecting instead
        folder = Path(database).expanduser().resolve().parent
        if not folder.is_dir():
            raise DatabaseConfigError(
                f"ANXIN_DATABASE_URL points into {folder}, which does not exist"
            )
    return url


def create_engine(url: str, **kwargs: Any) -> AsyncEngine:
    check_url(url)
    if url.startswith("sqlite"):
        engine = create_async_engine(url, connect_args={"timeout": 30}, **kwargs)
        _tune_sqlite(engine)
    else:
        kwargs.setdefault("pool_size", 10)
        kwargs.setdefault("max_overflow", 20)
        engine = create_async_engine(url, pool_pre_ping=True, **kwargs)
    return engine


def _tune_sqlite(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # pysqlite's legacy transaction handling begins late and lets a SAVEPOINT's RELEASE
        # commit the outer work; take transactions over ourselves (the SQLAlchemy recipe)
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        # WAL lets readers run beside the writer; foreign keys are off by default in SQLite.
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql(f"BEGIN {conn.get_execution_options().get(SQLITE_BEGIN, '')}")


# Execution option: how a SQLite transaction begins. DEFERRED (the default) lets readers run
# beside the writer. IMMEDIATE takes the write lock up front, so concurrent read-then-write
# transactions queue on the busy timeout instead of failing at once with "database is
# locked" when another writer committed between their read and their write.
SQLITE_BEGIN = "anxin_sqlite_begin"


def make_writer_factory(
    factory: async_sessionmaker[AsyncSession],
) -> async_sessionmaker[AsyncSession]:
    """Sessions for units of work that read and then write (a conversation turn)."""
    bind = factory.kw.get("bind")
    if bind is None or bind.dialect.name != "sqlite":
        return factory
    return async_sessionmaker(
        bind.execution_options(**{SQLITE_BEGIN: "IMMEDIATE"}),
        expire_on_commit=factory.kw.get("expire_on_commit", True),
    )


def make_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


@asynccontextmanager
async def session_scope(factory: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """A session that commits on success and rolls back on error."""
    async with factory() as session:
        try:
            yield session
            await session.commit()
        except BaseException:
            await session.rollback()
            raise


async def ping(engine: AsyncEngine) -> None:
    async with engine.connect() as conn:
        await conn.execute(text("SELECT 1"))


def describe_connect_error(url: str, exc: BaseException) -> str:
    """One line that says which database could not be reached and why, without the password."""
    safe = make_url(url).render_as_string(hide_password=True)
    reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if any(hint in reason for hint in SCHEMA_HINTS):
        return f"the database {safe} is not migrated ({reason}): run `anxin db upgrade`"
    return f"cannot use the database {safe}: {reason}"
