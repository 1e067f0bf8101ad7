"""models.upserts: one text upsert that both databases run, cached by SQLAlchemy."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import select

from models import CaseGroup
from models.upserts import insert_on_conflict, insert_returning_objects

GROUPS = CaseGroup.__table__  # type: ignore[attr-defined]
COLUMNS = [c.name for c in GROUPS.c if c.name != "id"]
ADD = insert_on_conflict(
    GROUPS,
    columns=COLUMNS,
    conflict=["group_key"],
    update={"headcount_total": "case_group.headcount_total + excluded.headcount_total"},
    returning=["id", "headcount_total", "created_at"],
)
WHEN = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def values(key: str, headcount: int) -> dict[str, object]:
    return {
        "group_key": key,
        "employer_id": None,
        "project_name": "",
        "headcount_total": headcount,
        "amount_total_fen": 0,
        "urgent": False,
        "created_at": WHEN,
    }


async def test_inserts_then_updates_and_returns_typed_rows(session: AsyncSession) -> None:
    first = (await session.execute(ADD, values("k", 3))).one()
    again = (await session.execute(ADD, values("k", 4))).one()
    other = (await session.execute(ADD, values("k2", 1))).one()
    assert first.id == again.id != other.id
    assert (first.headcount_total, again.headcount_total) == (3, 7)
    # the result columns carry the table's types: a datetime on SQLite too, not a string
    assert isinstance(first.created_at, datetime)
    stored = await session.scalar(select(CaseGroup).where(CaseGroup.group_key == "k"))
    assert stored is not None and stored.headcount_total == 7


async def test_do_nothing_returns_no_row_for_a_taken_key(session: AsyncSession) -> None:
    ignore = insert_on_conflict(GROUPS, columns=COLUMNS, conflict=["group_key"], returning=["*"])
    assert (await session.execute(ignore, values("k", 3))).first() is not None
    assert (await session.execute(ignore, values("k", 5))).first() is None
    stored = await session.scalar(select(CaseGroup).where(CaseGroup.group_key == "k"))
    assert stored is not None and stored.headcount_total == 3


def test_is_cached_unlike_the_dialect_insert() -> None:
    # the reason the module exists: SQLAlchemy compiles postgresql.insert anew every time
    dialect_insert = postgresql.insert(GROUPS).values(values("k", 1))
    assert dialect_insert.on_conflict_do_nothing()._generate_cache_key() is None
    assert ADD._generate_cache_key() is not None


def test_refuses_unknown_columns_and_missing_defaults() -> None:
    with pytest.raises(ValueError, match="no column 'nope'"):
        insert_on_conflict(GROUPS, columns=[*COLUMNS, "nope"], conflict=["group_key"])
    # text applies no Python-side defaults, so leaving out `urgent` would store NULL or fail
    with pytest.raises(ValueError, match=r"case_group\.urgent has a default"):
        insert_on_conflict(
            GROUPS, columns=[c for c in COLUMNS if c != "urgent"], conflict=["group_key"]
        )


async def test_objects_come_back_in_the_session(session: AsyncSession) -> None:
    open_group = insert_returning_objects(CaseGroup, columns=COLUMNS, conflict=["group_key"])
    group = await session.scalar(open_group, values("k", 3))
    assert isinstance(group, CaseGroup) and group.id is not None and group.headcount_total == 3
    assert await session.get(CaseGroup, group.id) is group  # the session's own object
    assert await session.scalar(open_group, values("k", 5)) is None  # nothing written


async def test_a_value_given_as_sql_takes_the_parameters_it_names(session: AsyncSession) -> None:
    # the headcount of another group, looked up by the insert itself; NULL-safe arithmetic
    copy_of = insert_on_conflict(
        GROUPS,
        columns=COLUMNS,
        conflict=["group_key"],
        returning=["headcount_total", "urgent"],
        values={
            "headcount_total": "COALESCE((SELECT headcount_total FROM case_group"
            " WHERE group_key = :source), 0) + 1",
            "urgent": "(SELECT headcount_total FROM case_group WHERE group_key = :source) IS NULL",
        },
    )
    await session.execute(ADD, values("source", 9))
    params = {k: v for k, v in values("k", 0).items() if k not in ("headcount_total", "urgent")}
    found = (await session.execute(copy_of, {**params, "source": "source"})).one()
    assert (found.headcount_total, found.urgent) == (10, False)
    missing = (await session.execute(copy_of, {**params, "group_key": "k2", "source": None})).one()
    assert (missing.headcount_total, missing.urgent) == (1, True)
    with pytest.raises(ValueError, match="values for columns not inserted"):
        insert_on_conflict(
            GROUPS, columns=COLUMNS, conflict=["group_key"], values={"id": "(SELECT 1)"}
        )
