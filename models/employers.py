"""The employer registry and the spellings workers confirmed for its entries."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime
from sqlmodel import Field, SQLModel

from models.base import created_at_field, utcnow


class Employer(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    registry_id: str = Field(max_length=64, unique=True, index=True)
    name: str = Field(max_length=256, index=True)
    uscc: str | None = Field(default=None, max_length=18, unique=True)
    sector: str = Field(max_length=32)
    ownership: str = Field(max_length=32)
    township: str = Field(default="", max_length=64)
    created_at: datetime = created_at_field()
    # onupdate: edits from any path (admin pages, import) move the registry's signature
    updated_at: datetime = Field(
        default_factory=utcnow,
        sa_type=DateTime(timezone=True),
        nullable=False,
        index=True,
        sa_column_kwargs={"onupdate": utcnow},
    )


class EmployerAlias(SQLModel, table=True):
    __tablename__ = "employer_alias"

    id: int | None = Field(default=None, primary_key=True)
    alias: str = Field(max_length=256, unique=True, index=True, description="normalized text")
    employer_id: int = Field(foreign_key="employer.id", index=True, ondelete="CASCADE")
    source: str = Field(default="worker", max_length=16, description="worker | inspector | admin")
    confirmed_by: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = created_at_field()
