"""Deadlines: working days on the official Chinese holiday calendar, and hour targets.

Periods follow the usual rule for legal time limits: the day something arrives is not
counted, and a period of N working days ends at local midnight (ANXIN_TIMEZONE) after the N-th
working day. Holidays and the 调休 working Saturdays/Sundays come from `chinese_calendar`,
which ships the State Council's published schedule; for years it does not know yet we fall
back to Monday-Friday and log a warning once per year (upgrade the package to fix it).
Hour targets (urgent: accept within 4 hours) are wall-clock hours: red-line cases do not
wait for Monday.
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import chinese_calendar
import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

# SHANGHAI and as_utc: still imported from here by fixtures and callers
from intake.localtime import SHANGHAI as SHANGHAI
from intake.localtime import as_utc, local_zone

log = logging.getLogger(__name__)

# 《保障农民工工资支付条例》/《劳动保障监察条例》: accept within 5 working days, finish an
# investigation within 60 working days, extendable once by up to 30 working days.
LEGAL_ACCEPT_WORKING_DAYS = 5
LEGAL_INVESTIGATE_WORKING_DAYS = 60
LEGAL_EXTENSION_WORKING_DAYS = 30


def _calendar_years() -> tuple[int, int]:
    """The years chinese_calendar has data for (it refuses dates outside them)."""
    known = chinese_calendar.holidays.keys()
    if not known:
        return (1, 0)  # an empty table: every year falls back
    return min(known).year, max(known).year


_CALENDAR_YEARS = _calendar_years()
_warned_years: set[int] = set()


class HolidayFileError(ValueError):
    """The holiday file cannot be used; the message names the file and the problem."""


class OfficeYear(BaseModel):
    """One year of the office's holiday file: the days off (放假, weekend days inside a break
    may be listed too) and the 调休 working Saturdays and Sundays."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()


def _dates(value: Any, where: str) -> set[date]:
    """Dates, and ranges written "2027-02-05..2027-02-11"."""
    found: set[date] = set()
    for item in value or []:
        if isinstance(item, date):
            found.add(item)
            continue
        text = str(item).strip()
        first, _, last = text.partition("..")
        try:
            start = date.fromisoformat(first.strip())
            end = date.fromisoformat(last.strip()) if last else start
        except ValueError:
            raise HolidayFileError(
                f"{where}: {text!r} is not a date (2027-01-01) or a range (2027-02-05..2027-02-11)"
            ) from None
        if end < start:
            raise HolidayFileError(f"{where}: the range {text!r} ends before it starts")
        found.update(start + timedelta(n) for n in range((end - start).days + 1))
    return found


def parse_holiday_file(text: str, source: str = "holiday file") -> dict[int, OfficeYear]:
    """`{year: {holidays: [...], workdays: [...]}}` from YAML, checked."""
    try:
        data = yaml.safe_load(text) or {}
    except (yaml.YAMLError, ValueError) as exc:  # PyYAML's own date parsing raises ValueError
        raise HolidayFileError(f"{source}: not valid: {exc}") from None
    if not isinstance(data, dict):
        raise HolidayFileError(f"{source}: expected years as keys (2027: {{holidays: ...}})")
    years: dict[int, OfficeYear] = {}
    for key, spec in data.items():
        if not isinstance(key, int) or not 2000 <= key <= 2100:
            raise HolidayFileError(f"{source}: {key!r} is not a year")
        if not isinstance(spec, dict) or set(spec) - {"holidays", "workdays"}:
            raise HolidayFileError(f"{source}: {key} needs `holidays` and/or `workdays` lists")
        off = _dates(spec.get("holidays"), f"{source}, {key} holidays")
        on = _dates(spec.get("workdays"), f"{source}, {key} workdays")
        for day in sorted(off | on):
            if day.year != key:
                raise HolidayFileError(f"{source}: {day} is listed under {key}")
        for day in sorted(off & on):
            raise HolidayFileError(f"{source}: {day} is both a holiday and a working day")
        for day in sorted(on):
            if day.weekday() < 5:
                raise HolidayFileError(
                    f"{source}: {day} is a weekday; 调休 working days are Saturdays or Sundays"
                )
        years[key] = OfficeYear(holidays=frozenset(off), workdays=frozenset(on))
    return years


_office_years: dict[int, OfficeYear] = {}
_office_source: tuple[str, float] | None = None


def use_holiday_file(path: Path | None) -> None:
    """Merge the office's holiday file into the calendar of this process (None: the package
    alone). Read again only when the file changed. HolidayFileError when it is unusable."""
    global _office_years, _office_source
    if path is None:
        _office_years, _office_source = {}, None
        return
    try:
        stamp = (str(path), path.stat().st_mtime)
        if stamp == _office_source:
            return
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise HolidayFileError(f"ANXIN_HOLIDAYS_FILE {path}: {exc.strerror}") from None
    _office_years = parse_holiday_file(text, str(path))
    _office_source = stamp
    _warned_years.difference_update(_office_years)


def has_holiday_data(year: int) -> bool:
    first, last = _CALENDAR_YEARS
    return year in _office_years or first <= year <= last


def missing_holiday_years(today: date) -> list[int]:
    """This year and next, where neither the package nor the office's file has data."""
    return [y for y in (today.year, today.year + 1) if not has_holiday_data(y)]


def is_working_day(day: date) -> bool:
    office = _office_years.get(day.year)
    if office is not None:
        if day in office.workdays:
            return True
        return day.weekday() < 5 and day not in office.holidays
    first, last = _CALENDAR_YEARS
    if first <= day.year <= last:
        return bool(chinese_calendar.is_workday(day))
    if day.year not in _warned_years:
        _warned_years.add(day.year)
        log.warning(
            "no holiday data for %d (chinese_calendar knows %d-%d, the holiday file %s): "
            "counting Monday-Friday as working days; add the year to ANXIN_HOLIDAYS_FILE",
            day.year,
            first,
            last,
            sorted(_office_years) or "none",
        )
    return day.weekday() < 5


def add_working_days(start: date, days: int) -> date:
    """The `days`-th working day after `start` (start itself not counted); negative counts
    backwards; 0 returns `start`."""
    step = 1 if days >= 0 else -1
    remaining = abs(days)
    day = start
    while remaining:
        day += timedelta(days=step)
        if is_working_day(day):
            remaining -= 1
    return day


def count_working_days(start: date, end: date) -> int:
    """Working days d with start < d <= end (negative when end is before start)."""
    if end < start:
        return -count_working_days(end, start)
    return sum(1 for n in range(1, (end - start).days + 1) if is_working_day(start + timedelta(n)))


def end_of_working_days(start: datetime, days: int, tz: ZoneInfo | None = None) -> datetime:
    """Midnight after the `days`-th working day following the local day of `start`, in UTC
    (local: `tz`, else the local zone)."""
    tz = tz or local_zone()
    local_day = as_utc(start).astimezone(tz).date()
    last_day = add_working_days(local_day, days)
    return datetime.combine(last_day + timedelta(days=1), time(0), tz).astimezone(UTC)


def due_day(deadline: datetime, tz: ZoneInfo | None = None) -> date:
    """The last local day on which a deadline is still met (for messages: 应于X月X日前)."""
    return (as_utc(deadline) - timedelta(microseconds=1)).astimezone(tz or local_zone()).date()


_TARGET_RE = re.compile(r"^\s*(\d+)\s*(h|wd)\s*$", re.IGNORECASE)


class Target(BaseModel):
    """A time limit: working days, or wall-clock hours. Written {"hours": 4} or "4h",
    {"working_days": 5} or "5wd"."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    working_days: int | None = Field(default=None, ge=1)
    hours: int | None = Field(default=None, ge=1)

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        if isinstance(value, str):
            m = _TARGET_RE.match(value)
            if not m:
                raise ValueError(f"a target is like '4h' or '5wd', got {value!r}")
            key = "hours" if m.group(2).lower() == "h" else "working_days"
            return {key: int(m.group(1))}
        return value

    @model_validator(mode="after")
    def _exactly_one(self) -> Target:
        if (self.working_days is None) == (self.hours is None):
            raise ValueError("a target has either working_days or hours")
        return self

    def deadline(self, start: datetime, tz: ZoneInfo | None = None) -> datetime:
        if self.hours is not None:
            return as_utc(start) + timedelta(hours=self.hours)
        assert self.working_days is not None
        return end_of_working_days(start, self.working_days, tz)

    def __str__(self) -> str:
        return f"{self.hours}h" if self.hours is not None else f"{self.working_days}wd"


class PriorityTargets(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    accept: Target
    resolve: Target


_WARNED_PRIORITIES: set[str] = set()


def _law() -> PriorityTargets:
    return PriorityTargets(
        accept=Target(working_days=LEGAL_ACCEPT_WORKING_DAYS),
        resolve=Target(working_days=LEGAL_INVESTIGATE_WORKING_DAYS),
    )


def _default_targets() -> dict[str, PriorityTargets]:
    # urgent: red-line cases (10+ workers, extreme risk). Accept within 4 hours; finish
    # within 15 working days, the common local service standard ("办结15日"). high: what the
    # routing tables mark high (两清零 projects, 100,000 yuan or more) gets under half the legal
    # times; the table must have a target for every priority the routing tables can give.
    return {
        "normal": _law(),
        "high": PriorityTargets(accept=Target(working_days=2), resolve=Target(working_days=30)),
        "urgent": PriorityTargets(accept=Target(hours=4), resolve=Target(working_days=15)),
    }


class SlaPolicy(BaseModel):
    """Time limits per priority, capped by the legal limits, and the follow-up timing."""

    model_config = ConfigDict(extra="forbid")

    targets: dict[str, PriorityTargets] = Field(default_factory=_default_targets)
    default_priority: str = "normal"
    urgent_priority: str = "urgent"
    extension_working_days: int = Field(default=LEGAL_EXTENSION_WORKING_DAYS, ge=1)
    group_urgent_headcount: int = Field(default=10, ge=2)
    followup_after_days: int = Field(default=3, ge=0, description="days after resolution")
    followup_timeout_days: int = Field(default=7, ge=1, description="no answer: close")
    reopen_when_unsatisfied: bool = Field(
        default=True, description="closed only when paid AND satisfied (拿到欠薪、群众满意)"
    )
    timezone: str = Field(
        default_factory=lambda: local_zone().key, description="default: ANXIN_TIMEZONE"
    )

    @model_validator(mode="after")
    def _check(self) -> SlaPolicy:
        for name in (self.default_priority, self.urgent_priority):
            if name not in self.targets:
                raise ValueError(f"no targets for priority {name!r}")
        limits = (
            ("accept", LEGAL_ACCEPT_WORKING_DAYS),
            ("resolve", LEGAL_INVESTIGATE_WORKING_DAYS),
        )
        for priority, targets in self.targets.items():
            for phase, limit in limits:
                target: Target = getattr(targets, phase)
                if target.working_days is not None and target.working_days > limit:
                    raise ValueError(
                        f"{priority}.{phase} = {target} exceeds the legal limit of {limit} "
                        "working days"
                    )
        if self.extension_working_days > LEGAL_EXTENSION_WORKING_DAYS:
            raise ValueError(
                f"extension_working_days exceeds the legal {LEGAL_EXTENSION_WORKING_DAYS}"
            )
        ZoneInfo(self.timezone)  # fails early on a misspelt zone
        return self

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def targets_for(self, priority: str) -> PriorityTargets:
        found = self.targets.get(priority)
        if found is None:
            if priority not in _WARNED_PRIORITIES:  # once, not on every complaint
                _WARNED_PRIORITIES.add(priority)
                log.warning(
                    "no SLA targets for priority %r: using %r", priority, self.default_priority
                )
            return self.targets[self.default_priority]
        return found

    def accept_due(self, received_at: datetime, priority: str) -> datetime:
        return self.targets_for(priority).accept.deadline(received_at, self.tz)

    def resolve_due(self, accepted_at: datetime, priority: str) -> datetime:
        return self.targets_for(priority).resolve.deadline(accepted_at, self.tz)

    def extended_due(self, due: datetime) -> datetime:
        """The investigation deadline after one extension, counted on from the old one."""
        last_day = due_day(due, self.tz)
        new_last = add_working_days(last_day, self.extension_working_days)
        return datetime.combine(new_last + timedelta(days=1), time(0), self.tz).astimezone(UTC)
