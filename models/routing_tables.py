"""Versioned routing tables and the decisions they made."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.base import created_at_field, datetime_field, json_field


class RoutingTableVersion(SQLModel, table=True):
    """One version of the rules. Exactly one is `published` at a time; drafts are edited,
    simulated and then published; older published versions become `archived` (rollback
    re-publishes one of them as a new version)."""

    __tablename__ = "routing_table"

    id: int | None = Field(default=None, primary_key=True)
    version: int = Field(unique=True, index=True)
    status: str = Field(default="draft", max_length=16, index=True)
    source_yaml: str = Field(sa_type=Text, description="the table as admins edit it")
    lexicons_yaml: dict[str, str] = json_field()  # lexicon group -> YAML; empty: packaged ones
    comment: str = Field(default="", max_length=512)
    created_by: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = created_at_field()
    published_by: int | None = Field(default=None, foreign_key="user.id")
    published_at: datetime | None = datetime_field()
    publish_diff: dict[str, Any] = json_field()


class RoutingRule(SQLModel, table=True):
    """A table version's rules in evaluation order (copied from the YAML for queries)."""

    __tablename__ = "routing_rule"
    __table_args__ = (UniqueConstraint("table_id", "position"),)

    id: int | None = Field(default=None, primary_key=True)
    table_id: int = Field(foreign_key="routing_table.id", index=True, ondelete="CASCADE")
    position: int
    rule_key: str = Field(max_length=64)
    description: str = Field(default="", max_length=512)
    conditions: dict[str, Any] = json_field()
    outcome: dict[str, Any] = json_field()


class RoutingDecisionRecord(SQLModel, table=True):
    __tablename__ = "routing_decision"

    id: int | None = Field(default=None, primary_key=True)
    complaint_id: int = Field(foreign_key="complaint.id", index=True, ondelete="CASCADE")
    table_version: str = Field(max_length=32, description="e.g. v3")
    rule_key: str = Field(max_length=64)
    task_force_code: str = Field(max_length=32)
    township: str = Field(default="", max_length=64)
    priority: str = Field(max_length=16)
    flags: list[str] = json_field(list)
    notify: list[str] = json_field(list)
    reasons: list[str] = json_field(list)
    facts: dict[str, Any] = json_field()
    created_at: datetime = created_at_field()
