"""Column helpers shared by the tables."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, DateTime
from sqlmodel import Field


def utcnow() -> datetime:
    return datetime.now(UTC)


def created_at_field() -> Any:
    return Field(default_factory=utcnow, sa_type=DateTime(timezone=True), nullable=False)


def datetime_field(*, index: bool = False) -> Any:
    return Field(default=None, sa_type=DateTime(timezone=True), nullable=True, index=index)


def json_field(default_factory: Any = dict) -> Any:
    # A fresh Column per use: SQLAlchemy columns cannot be shared between tables.
    return Field(default_factory=default_factory, sa_column=Column(JSON, nullable=False))


# The ranges of the integer columns (INTEGER ids and versions, BIGINT money): a number beyond
# them is refused as invalid input instead of failing in the database.
INT_MAX = 2**31 - 1
BIGINT_MAX = 2**63 - 1


def fen_field(*, nullable: bool = True) -> Any:
    """Money in integer fen (分); never float."""
    if nullable:
        return Field(default=None, sa_type=BigInteger, nullable=True)
    return Field(default=0, sa_type=BigInteger, nullable=False)
