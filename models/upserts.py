"""INSERT ... ON CONFLICT statements that SQLAlchemy compiles once, for PostgreSQL and SQLite.

SQLAlchemy's own upserts (`postgresql.insert`, `sqlite.insert`) opt out of its statement cache
(`inherit_cache = False`), so each execution compiles the statement afresh: measured here at
1.5 ms of CPU for an upsert returning its row, against 0.23 ms for the same statement as
cached text. Every complaint runs several of them. Both databases share the syntax
(PostgreSQL 9.5+, SQLite 3.35+ for RETURNING), so the statement is written once, as text
whose parameters and result columns carry the table's types (JSON, timestamps, booleans are
converted as for any other statement), and built once at import.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy import Table, TextClause, bindparam, select, text
from sqlalchemy.engine.default import DefaultDialect
from sqlalchemy.sql.base import Executable
from sqlalchemy.sql.selectable import TextualSelect
from sqlmodel import SQLModel

# Quotes only the names that need it, with the double quotes both databases read.
_quoted = DefaultDialect().identifier_preparer.quote


def insert_on_conflict(
    table: Table,
    *,
    columns: Sequence[str],
    conflict: Sequence[str],
    update: Mapping[str, str] | None = None,
    returning: Sequence[str] = (),
    values: Mapping[str, str] | None = None,
    update_where: str | None = None,
    where_types: Mapping[str, str] | None = None,
) -> TextClause | TextualSelect:
    """INSERT INTO table (columns) VALUES (:column, ...) ON CONFLICT (conflict) DO NOTHING,
    or DO UPDATE SET column = expression for each of `update` (SQL in which `excluded.x` is
    the value offered and the table's name the row kept), RETURNING `returning` (all columns
    when it is ("*",)). Execute it with one parameter per column, except the columns whose
    value is SQL given in `values` (a subquery, say): they take the parameters it names.
    `update_where` limits the update to the rows it holds for (SQL); a parameter it names
    takes the type of the column `where_types` gives for it."""
    values = values or {}
    for name in [*columns, *conflict, *(update or {}), *values, *returning]:
        if name != "*" and name not in table.c:
            raise ValueError(f"{table.name} has no column {name!r}")
    # text applies no Python-side defaults: a column that needs one must be given
    for column in table.c:
        needs_value = column.default is not None or (
            not column.nullable and column.server_default is None
        )
        if needs_value and column.name not in columns and column is not table.autoincrement_column:
            raise ValueError(f"{table.name}.{column.name} has a default: give it a value")
    if not set(values) <= set(columns):
        raise ValueError(f"values for columns not inserted: {sorted(set(values) - set(columns))}")
    names = ", ".join(_quoted(c) for c in columns)
    row = ", ".join(values.get(c, f":{c}") for c in columns)
    sql = f"INSERT INTO {_quoted(table.name)} ({names}) VALUES ({row}) "
    sql += f"ON CONFLICT ({', '.join(_quoted(c) for c in conflict)}) "
    if update:
        sets = ", ".join(f"{_quoted(c)} = {expr}" for c, expr in update.items())
        sql += f"DO UPDATE SET {sets}"
        if update_where:
            sql += f" WHERE {update_where}"
    else:
        sql += "DO NOTHING"
    result = [c.name for c in table.c] if tuple(returning) == ("*",) else list(returning)
    if result:
        sql += " RETURNING " + ", ".join(_quoted(c) for c in result)
    stmt = text(sql).bindparams(
        *(bindparam(c, type_=table.c[c].type) for c in columns if c not in values),
        *(bindparam(p, type_=table.c[c].type) for p, c in (where_types or {}).items()),
    )
    return stmt.columns(*(table.c[c] for c in result)) if result else stmt


def insert_returning_objects(
    model: type[SQLModel],
    *,
    columns: Sequence[str],
    conflict: Sequence[str],
    update: Mapping[str, str] | None = None,
    values: Mapping[str, str] | None = None,
) -> Executable:
    """insert_on_conflict returning whole rows as `model` objects in the session (refreshed
    when already there); no row, and so None from `session.scalar`, when nothing was written."""
    table: Table = model.__table__  # type: ignore[attr-defined]
    statement = insert_on_conflict(
        table, columns=columns, conflict=conflict, update=update, returning=["*"], values=values
    )
    return select(model).from_statement(statement).execution_options(populate_existing=True)
