"""The two statements a message runs: load its conversation's row, and save it (the load only
when the state this process kept may be stale, see intake.chats.conversations).

They are built once, in Core, so SQLAlchemy neither rebuilds them nor recomputes their cache
key (memoized on the object) nor sets up ORM loading on each message. On PostgreSQL, where a
turn that writes nothing else reads and saves in autocommit, they go straight to asyncpg
under the pooled connection: SQLAlchemy's execution context and result wrapping cost about
as much CPU as asyncpg's own work for these two statements (README, bench/chat).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, NamedTuple

from sqlalchemy import Integer, bindparam, case, insert, update
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlmodel import select

from intake.dialogue import DialogueState
from models import DialogueSession

_SESSIONS = DialogueSession.__table__  # type: ignore[attr-defined]
# The state only when its revision is not `known` (NULL for none): a process that kept the
# state it saved last (intake.chats.recent_conversations) is spared fetching and decoding it again.
LOAD = select(
    _SESSIONS.c.id,
    _SESSIONS.c.revision,
    case(
        (_SESSIONS.c.revision == bindparam("known", type_=Integer), None),
        else_=_SESSIONS.c.state,
    ).label("state"),
).where(
    _SESSIONS.c.channel == bindparam("channel"),
    _SESSIONS.c.external_id == bindparam("external_id"),
)
SAVE = (
    update(_SESSIONS)
    .where(_SESSIONS.c.id == bindparam("row_id"), _SESSIONS.c.revision == bindparam("seen"))
    .values(
        state=bindparam("new_state"),
        awaiting=bindparam("new_awaiting"),
        revision=bindparam("seen") + 1,
        updated_at=bindparam("now"),
    )
)
CREATE = (
    insert(_SESSIONS)
    .values(
        channel=bindparam("channel"),
        external_id=bindparam("external_id"),
        state=bindparam("new_state"),
        awaiting=bindparam("new_awaiting"),
        revision=1,
        created_at=bindparam("now"),
        updated_at=bindparam("now"),
    )
    .returning(_SESSIONS.c.id)
)
SAVED = select(_SESSIONS.c.id, _SESSIONS.c.revision, _SESSIONS.c.updated_at).where(
    _SESSIONS.c.channel == bindparam("channel"),
    _SESSIONS.c.external_id == bindparam("external_id"),
)
# the same two statements for asyncpg (SQLAlchemy's JSON codec on its connections decodes
# the state into a dict, and encodes text)
_LOAD_SQL = (
    f"SELECT id, revision, CASE WHEN revision = $3 THEN NULL ELSE state END"
    f" FROM {_SESSIONS.name} WHERE channel = $1 AND external_id = $2"
)
_SAVE_SQL = (
    f"UPDATE {_SESSIONS.name} SET state = $1, awaiting = $2, revision = $3 + 1, updated_at = $4"
    " WHERE id = $5 AND revision = $3"
)


class Stored(NamedTuple):
    """A conversation as stored: its row id, revision, and state (a dict; {} before the
    first turn; None when the caller knew this revision already)."""

    id: int
    revision: int
    state: dict[str, Any] | None


async def autocommit_driver(conn: AsyncConnection) -> Any:
    """asyncpg's connection under `conn`, a PostgreSQL connection in autocommit (statements
    sent this way are each their own transaction)."""
    return (await conn.get_raw_connection()).driver_connection


async def create(
    conn: AsyncConnection,
    channel: str,
    external_id: str,
    *,
    now: datetime,
    state: DialogueState | None = None,
) -> int:
    """Store a new conversation, empty (awaiting consent) unless `state` is given; its row id."""
    result = await conn.execute(
        CREATE,
        {
            "channel": channel,
            "external_id": external_id,
            "now": now,
            "new_state": state.model_dump(mode="json") if state is not None else {},
            "new_awaiting": state.awaiting if state is not None else "consent",
        },
    )
    row_id: int = result.scalar_one()
    return row_id


async def load(
    conn: AsyncConnection,
    channel: str,
    external_id: str,
    *,
    known: int | None = None,
    driver: Any | None = None,
) -> Stored | None:
    """The stored conversation, or None; its state None if its revision is `known`. With
    `driver` (see autocommit_driver) the statement goes to asyncpg directly; if it fails
    there, SQLAlchemy runs it instead and so sees and classifies the failure (a lost
    connection invalidates the pool and is retried)."""
    if driver is not None:
        try:
            record = await driver.fetchrow(_LOAD_SQL, channel, external_id, known)
        except Exception:
            pass  # run again below
        else:
            return None if record is None else Stored(*record)
    params = {"channel": channel, "external_id": external_id, "known": known}
    row = (await conn.execute(LOAD, params)).first()
    return None if row is None else Stored(*row)


class Saved(NamedTuple):
    """Which save of a conversation is stored: its revision, and the time it was stamped."""

    id: int
    revision: int
    updated_at: datetime


async def saved(conn: AsyncConnection, channel: str, external_id: str) -> Saved | None:
    """The stored conversation's latest save, or None if it is not stored."""
    row = (await conn.execute(SAVED, {"channel": channel, "external_id": external_id})).first()
    if row is None:
        return None
    row_id, revision, updated_at = row
    if updated_at.tzinfo is None:  # SQLite keeps no time zone: it was stored in UTC
        updated_at = updated_at.replace(tzinfo=UTC)
    return Saved(row_id, revision, updated_at)


async def save(
    conn: AsyncConnection, stored: Stored, state: DialogueState, *, now: datetime
) -> bool:
    """Save `state` over `stored` if nobody saved since; False if somebody did."""
    result = await conn.execute(
        SAVE,
        {
            "row_id": stored.id,
            "seen": stored.revision,
            "now": now,
            "new_state": state.model_dump(mode="json"),
            "new_awaiting": state.awaiting,
        },
    )
    return bool(result.rowcount == 1)


async def save_direct(driver: Any, stored: Stored, state: DialogueState, *, now: datetime) -> bool:
    """`save` on asyncpg itself (see autocommit_driver)."""
    status = await driver.execute(
        _SAVE_SQL, state.model_dump_json(), state.awaiting, stored.revision, now, stored.id
    )
    return bool(status == "UPDATE 1")
