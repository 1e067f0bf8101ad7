"""Service settings, read from `ANXIN_*` environment variables and a `.env` file.

There is deliberately no module-level instance: callers build `Settings()` and pass it on.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Literal

import yaml
from pydantic import Field, PrivateAttr, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.ext.asyncio import AsyncEngine

from intake.localtime import DEFAULT_ZONE, use_zone, zone_named
from intake.staff.secret_key import resolve as resolve_signing_key
from intake.staff.sign_in import SignInLimit
from intake.tickets.sla import SlaPolicy, use_holiday_file
from models.db import DEFAULT_MAX_OVERFLOW, DEFAULT_POOL_SIZE, create_engine

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./anxin.db"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="ANXIN_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    database_url: str = Field(
        DEFAULT_DATABASE_URL,
        description="SQLAlchemy async URL: sqlite+aiosqlite:///path or postgresql+asyncpg://...",
    )
    db_pool_size: int = Field(
        DEFAULT_POOL_SIZE, ge=1, le=1000, description="PostgreSQL connections each process keeps"
    )
    db_max_overflow: int = Field(
        DEFAULT_MAX_OVERFLOW, ge=0, le=1000, description="extra connections a burst may open"
    )
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)
    workers: int = Field(
        1, ge=1, le=64, description="`anxin serve` processes sharing the port (one per core)"
    )
    public_url: str = Field("", description="Base URL users reach the web pages at")

    telegram_token: SecretStr | None = None
    telegram_api_url: str = Field(
        "https://api.telegram.org", description="Bot API server base URL (official or self-hosted)"
    )
    telegram_timeout_s: float = Field(
        30.0, gt=0, le=600, description="how long one Bot API request may take"
    )
    webhook_url: str = Field("", description="Public HTTPS URL Telegram posts updates to")
    webhook_secret: SecretStr | None = None

    secret_key: SecretStr | None = Field(
        None,
        description="Signs session cookies and tokens; required, except on the demo's SQLite "
        "database, whose key `anxin demo seed` keeps beside it",
    )
    login_max_failures: int = Field(
        10, ge=1, le=10_000, description="wrong passwords per account or address in the window"
    )
    login_window_s: int = Field(
        900, ge=1, le=86_400, description="the window wrong passwords are counted in (seconds)"
    )
    timezone: str = Field(
        DEFAULT_ZONE,
        description="the zone of every date and time people see (IANA name); stored times stay UTC",
    )
    registry_path: Path | None = Field(
        None, description="Employer registry CSV seeded instead of the bundled sample"
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        "INFO", description="what the server logs (`anxin serve`, each of its processes)"
    )
    access_log: bool = Field(
        False,
        description="a line per HTTP request from the server, chat session ids masked "
        "(a reverse proxy usually keeps these already)",
    )

    recent_conversations: int = Field(
        2048,
        ge=0,
        le=1_000_000,
        description="conversations each process keeps as it saved them (about 20 kB each): "
        "their next message reads the row without its state, or within 5 s not at all; "
        "0 turns this off",
    )

    sla_policy_file: Path | None = Field(
        None, description="YAML/JSON deadlines per priority (default: the law's, urgent 4 h)"
    )
    holidays_file: Path | None = Field(
        None,
        description="YAML holidays and 调休 working days per year, merged over chinese-calendar "
        "(a year in the file replaces the package's data for it)",
    )
    sweep_interval_s: float = Field(300.0, gt=0, description="how often the server sweeps")
    run_sweeper: bool = Field(True, description="sweep deadlines inside `anxin serve`")
    outbox_retention_days: int = Field(
        90, ge=1, description="delivered outbox messages are deleted after this many days"
    )

    _signing_key: str | None = PrivateAttr(None)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        zone_named(value)  # UnknownZone (a ValueError) names the problem
        return value

    def use_timezone(self) -> None:
        """Show times in this deployment's zone (done at start-up by the app and commands)."""
        use_zone(self.timezone)

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_case_level(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    def engine(self) -> AsyncEngine:
        """A new engine for `database_url`, with this process's pool settings."""
        return create_engine(
            self.database_url, pool_size=self.db_pool_size, max_overflow=self.db_max_overflow
        )

    def signing_key(self) -> str:
        """The key for sessions and tokens (SecretKeyError, saying how to set one, if none)."""
        if self._signing_key is None:
            configured = self.secret_key.get_secret_value() if self.secret_key else None
            self._signing_key = resolve_signing_key(configured, self.database_url)
        return self._signing_key

    def sign_in_limit(self) -> SignInLimit:
        return SignInLimit(
            max_failures=self.login_max_failures, window=timedelta(seconds=self.login_window_s)
        )

    def sla_policy(self) -> SlaPolicy:
        """The deadlines' policy; also merges the holiday file into the working-day calendar
        (HolidayFileError when it is unusable)."""
        use_holiday_file(self.holidays_file)
        if self.sla_policy_file is None:
            return SlaPolicy(timezone=self.timezone)
        data = yaml.safe_load(self.sla_policy_file.read_text(encoding="utf-8")) or {}
        data.setdefault("timezone", self.timezone)  # a file may count days in another zone
        return SlaPolicy.model_validate(data)
