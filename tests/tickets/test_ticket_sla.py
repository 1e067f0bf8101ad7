"""Working-day arithmetic on the 2026 official calendar: the Spring Festival (15-23 Feb,
with 14 and 28 Feb as 调休 working Saturdays), New Year (4 Jan a working Sunday), and the
fallback for years the calendar does not know."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, timedelta

import chinese_calendar
import pytest
from pydantic import ValidationError

from intake.tickets import sla
from intake.tickets.sla import (
    SHANGHAI,
    SlaPolicy,
    Target,
    add_working_days,
    count_working_days,
    due_day,
    end_of_working_days,
    is_working_day,
)


def local(y: int, m: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    return datetime(y, m, d, h, mi, tzinfo=SHANGHAI)


def test_spring_festival_2026_calendar_facts() -> None:
    assert is_working_day(date(2026, 2, 14))  # Saturday, 调休
    assert is_working_day(date(2026, 2, 28))  # Saturday, 调休
    assert not any(is_working_day(date(2026, 2, d)) for d in range(15, 24))
    assert is_working_day(date(2026, 1, 4))  # Sunday, 调休 for New Year
    assert not is_working_day(date(2026, 3, 7))  # an ordinary Saturday


@pytest.mark.parametrize(
    ("received", "due"),
    [
        # Thu 12 Feb: 13 (Fri), 14 (调休 Sat), then 24, 25, 26 after the holiday
        (local(2026, 2, 12, 10), local(2026, 2, 27)),
        # Fri 13 Feb: 14, 24, 25, 26, 27
        (local(2026, 2, 13, 17), local(2026, 2, 28)),
        # arriving on a holiday: 24, 25, 26, 27 and the 调休 Saturday 28 Feb
        (local(2026, 2, 20, 11), local(2026, 3, 1)),
        # New Year holiday: 4 Jan (Sunday, 调休), 5, 6, 7, 8
        (local(2026, 1, 1, 9), local(2026, 1, 9)),
        # 00:30 on the 13th in Shanghai is still the 12th in UTC: the local day counts
        (datetime(2026, 2, 12, 16, 30, tzinfo=UTC), local(2026, 2, 28)),
    ],
)
def test_acceptance_deadline_five_working_days(received: datetime, due: datetime) -> None:
    deadline = end_of_working_days(received, 5)
    assert deadline == due
    assert deadline.tzinfo is not None and deadline.utcoffset() == timedelta(0)


def test_sixty_working_days_across_the_festival_match_the_calendar() -> None:
    start = local(2026, 2, 10, 15)
    deadline = end_of_working_days(start, 60)
    last = due_day(deadline)
    # the library's own list of working days is the oracle
    assert len(chinese_calendar.get_workdays(date(2026, 2, 11), last)) == 60
    assert is_working_day(last)
    assert count_working_days(date(2026, 2, 10), last) == 60
    # the festival, 清明 (6 Apr) and Labour Day (1, 4, 5 May; 9 May worked) all skipped
    assert last == date(2026, 5, 14)


def test_extension_adds_thirty_working_days_to_the_old_deadline() -> None:
    policy = SlaPolicy()
    due = policy.resolve_due(local(2026, 2, 10, 15), "normal")
    extended = policy.extended_due(due)
    assert count_working_days(due_day(due), due_day(extended)) == 30
    # the Dragon Boat holiday (Fri 19 Jun) lies inside the extension and is skipped
    assert due_day(extended) == date(2026, 6, 26)


def test_hours_target_is_wall_clock_even_on_a_holiday() -> None:
    policy = SlaPolicy()
    received = local(2026, 2, 17, 10)  # 初一
    assert policy.accept_due(received, "urgent") == local(2026, 2, 17, 14)
    # 24, 25, 26, 27 Feb and the 调休 Saturday 28 Feb
    assert policy.accept_due(received, "normal") == local(2026, 3, 1)


def test_add_and_count_working_days_both_ways() -> None:
    assert add_working_days(date(2026, 2, 24), -1) == date(2026, 2, 14)
    assert add_working_days(date(2026, 2, 24), 0) == date(2026, 2, 24)
    assert count_working_days(date(2026, 2, 14), date(2026, 2, 24)) == 1
    assert count_working_days(date(2026, 2, 24), date(2026, 2, 14)) == -1


def test_years_outside_the_calendar_fall_back_to_weekdays_with_one_warning(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sla, "_warned_years", set())
    year = max(chinese_calendar.holidays).year + 5  # beyond the data chinese_calendar has
    start = date(year, 1, 1)
    with caplog.at_level(logging.WARNING, logger="intake.tickets.sla"):
        due = add_working_days(start, 10)
        add_working_days(start, 3)
    assert count_working_days(start, due) == 10
    counted = [
        start + timedelta(n)
        for n in range(1, (due - start).days + 1)
        if is_working_day(start + timedelta(n))
    ]
    assert len(counted) == 10 and all(d.weekday() < 5 for d in counted)
    warnings = [r for r in caplog.records if str(year) in r.getMessage()]
    assert len(warnings) == 1 and "Monday-Friday" in warnings[0].getMessage()


def test_targets_parse_from_text_and_refuse_nonsense() -> None:
    assert Target.model_validate("4h") == Target(hours=4)
    assert Target.model_validate(" 5WD ") == Target(working_days=5)
    for bad in ("5d", "", {"hours": 1, "working_days": 1}, {}):
        with pytest.raises(ValidationError):
            Target.model_validate(bad)


def test_policy_defaults_are_the_legal_limits() -> None:
    policy = SlaPolicy()
    normal = policy.targets_for("normal")
    assert (normal.accept.working_days, normal.resolve.working_days) == (5, 60)
    assert policy.extension_working_days == 30
    assert policy.targets_for("urgent").accept.hours == 4
    assert policy.group_urgent_headcount == 10


def test_every_priority_the_default_routing_table_gives_has_targets(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """high (两清零, 100,000 yuan or more) sits between normal and urgent, without a warning."""
    policy = SlaPolicy()
    with caplog.at_level(logging.WARNING, logger="intake.tickets.sla"):
        high = policy.targets_for("high")
    assert not caplog.text
    assert (high.accept.working_days, high.resolve.working_days) == (2, 30)
    # Friday 13 Feb 2026 before the Spring Festival: two working days end on Sat 14 Feb (调休)
    # and Tue 24 Feb, so the deadline is the start of Wed 25 Feb
    received = local(2026, 2, 13, 9)
    assert policy.accept_due(received, "high") == local(2026, 2, 25)
    assert policy.accept_due(received, "high") < policy.accept_due(received, "normal")


def test_policy_takes_tighter_targets_and_refuses_looser_than_the_law() -> None:
    tight = SlaPolicy.model_validate(
        {
            "targets": {
                "normal": {"accept": "1wd", "resolve": "15wd"},
                "urgent": {"accept": "2h", "resolve": "5wd"},
            }
        }
    )
    assert tight.accept_due(local(2026, 2, 13, 9), "normal") == local(2026, 2, 15)
    with pytest.raises(ValidationError, match="legal limit"):
        SlaPolicy.model_validate(
            {
                "targets": {
                    "normal": {"accept": "6wd", "resolve": "60wd"},
                    "urgent": {"accept": "4h", "resolve": "15wd"},
                }
            }
        )
    with pytest.raises(ValidationError, match="legal limit"):
        SlaPolicy.model_validate(
            {
                "targets": {
                    "normal": {"accept": "5wd", "resolve": "61wd"},
                    "urgent": {"accept": "4h", "resolve": "15wd"},
                }
            }
        )
    with pytest.raises(ValidationError, match="no targets"):
        SlaPolicy.model_validate({"targets": {"normal": {"accept": "5wd", "resolve": "60wd"}}})


def test_unknown_priority_uses_the_default_targets(caplog: pytest.LogCaptureFixture) -> None:
    policy = SlaPolicy()
    with caplog.at_level(logging.WARNING, logger="intake.tickets.sla"):
        due = policy.accept_due(local(2026, 3, 2, 9), "sky-high")
    assert due == policy.accept_due(local(2026, 3, 2, 9), "normal")
    assert "sky-high" in caplog.text
