"""Async engine and session factory for SQLite (default) and PostgreSQL."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DisconnectionError
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


DEFAULT_POOL_SIZE = 20
DEFAULT_MAX_OVERFLOW = 10


def create_engine(
    url: str,
    *,
    pool_size: int = DEFAULT_POOL_SIZE,
    max_overflow: int = DEFAULT_MAX_OVERFLOW,
    **kwargs: Any,
) -> AsyncEngine:
    """The engine for `url`. For PostgreSQL, `pool_size` connections stay open and a burst may
    open `max_overflow` more, closed again when returned to a full pool: a pool too small for
    the load keeps forking new server backends, which cost more than the queries themselves."""
    check_url(url)
    # SQL parameters are the complainants' names, phones and ID numbers: they never go into
    # a log line or an exception's message
    kwargs.setdefault("hide_parameters", True)
    if url.startswith("sqlite"):
        engine = create_async_engine(url, connect_args={"timeout": 30}, **kwargs)
        _tune_sqlite(engine)
    else:
        engine = create_async_engine(url, pool_size=pool_size, max_overflow=max_overflow, **kwargs)
        _ping_when_idle(engine)
    return engine


# A pooled connection is pinged before use only when it sat idle this long. SQLAlchemy's
# pool_pre_ping pings on every checkout, and with asyncpg a ping is three round trips (BEGIN,
# an empty query, ROLLBACK) where a chat turn needs four of its own, for a connection that was
# in use a moment ago. One that died in between (a database restart under load) fails its
# statement once; SQLAlchemy then invalidates the whole pool, and the conversation service
# retries the turn (see README, "Scale-out").
IDLE_BEFORE_PING_S = 1.0


def _ping_when_idle(engine: AsyncEngine) -> None:
    sync_engine = engine.sync_engine

    @event.listens_for(sync_engine, "checkin")
    def _checked_in(_dbapi_conn: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(sync_engine, "checkout")
    def _checked_out(dbapi_conn: Any, record: Any, _proxy: Any) -> None:
        idle_since = record.info.get("idle_since")
        if idle_since is None or time.monotonic() - idle_since < IDLE_BEFORE_PING_S:
            return  # new, or in use a moment ago
        try:
            sync_engine.dialect.do_ping(dbapi_conn)
        except Exception as exc:
            # the pool discards this connection and checks out another (a new one if need be)
            raise DisconnectionError("pooled connection is gone") from exc


def _tune_sqlite(engine: AsyncEngine) -> None:
    # WAL lets readers run beside the writer; foreign keys are off by default in SQLite.
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    # pysqlite begins a transaction only right before the first write, so reads see the
    # latest commits and a write queues on the busy timeout (a transaction begun earlier would
    # fail at once with "database is locked" once another writer committed after its read).
    # It does not begin one before a SAVEPOINT, though: that SAVEPOINT would be the outermost
    # transaction and its RELEASE would commit half a unit of work. Begin it here instead.
    @event.listens_for(engine.sync_engine, "savepoint")
    def _on_savepoint(conn: Any, _name: str | None) -> None:
        if not conn.connection.dbapi_connection.driver_connection.in_transaction:
            conn.exec_driver_sql("BEGIN IMMEDIATE")


async def read_snapshot(session: AsyncSession) -> None:
    """Make the session's reads from here on see one committed state of the database, as
    each statement otherwise sees the latest commit (PostgreSQL's READ COMMITTED, and
    pysqlite, which begins no transaction before a read). Call it before the first query."""
    if session.get_bind().dialect.name == "postgresql":
        await session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    else:
        # deferred: SQLite takes its snapshot at the first read; in WAL mode writers go on
        await (await session.connection()).exec_driver_sql("BEGIN")


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
