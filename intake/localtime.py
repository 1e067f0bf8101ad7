"""Local time: every date and time a person sees is in one zone, ANXIN_TIMEZONE (default
Asia/Shanghai); the database keeps UTC.

The zone is the deployment's, set once at start-up from the settings (`use_zone`, called by
`create_app` and by every `anxin` command); everything that shows a time to a person goes
through `to_local` / `local_date` / `local_text`, or the `local` filter of the templates,
which calls them.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_ZONE = "Asia/Shanghai"


class UnknownZone(ValueError):
    """Not an IANA time zone name (Asia/Shanghai, Asia/Urumqi, UTC, ...)."""


@cache
def zone_named(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise UnknownZone(
            f"unknown time zone {name!r}: use an IANA name such as {DEFAULT_ZONE}"
        ) from exc


# China's one zone by name, for fixtures and for code that means China's calendar itself
SHANGHAI = zone_named(DEFAULT_ZONE)
_zone = SHANGHAI


def use_zone(name: str) -> ZoneInfo:
    """Show times in the zone `name` from now on (UnknownZone if there is none)."""
    global _zone
    _zone = zone_named(name)
    return _zone


def local_zone() -> ZoneInfo:
    return _zone


def as_utc(moment: datetime) -> datetime:
    """Aware UTC. A naive datetime is taken as UTC (that is how SQLite hands ours back)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def to_local(moment: datetime) -> datetime:
    """The same moment on the local clock."""
    return as_utc(moment).astimezone(_zone)


def local_date(moment: datetime) -> date:
    """The local day of a moment (a ticket filed at 2026-12-06 17:00 UTC: 12月7日 in Shanghai)."""
    return to_local(moment).date()


def local_text(moment: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """A moment as a person reads it; "" for none."""
    return "" if moment is None else to_local(moment).strftime(fmt)
