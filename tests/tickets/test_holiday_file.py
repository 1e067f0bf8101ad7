"""The office's holiday file merged over chinese-calendar, and the gap made visible.

The dates below are invented for the tests (a 2027 Spring Festival break), not the State
Council's schedule."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from intake.cli.serve import warn_about_holiday_gap
from intake.settings import Settings
from intake.tickets import sla
from intake.tickets.sla import (
    HolidayFileError,
    add_working_days,
    is_working_day,
    missing_holiday_years,
    parse_holiday_file,
    use_holiday_file,
)

FILE_2027 = """
2027:
  holidays:
    - 2027-01-01
    - 2027-02-05..2027-02-11
  workdays:
    - 2027-02-14   # a Sunday worked instead
"""


@pytest.fixture(autouse=True)
def package_calendar_after() -> Iterator[None]:
    yield
    use_holiday_file(None)


def test_without_a_file_2027_counts_monday_to_friday() -> None:
    assert not sla.has_holiday_data(2027)
    assert is_working_day(date(2027, 2, 8))  # a Monday: counted, though it may be 春节
    assert 2027 in missing_holiday_years(date(2026, 12, 6))
    assert missing_holiday_years(date(2025, 6, 1)) == []  # the package knows 2025 and 2026


def test_the_file_extends_the_package_and_deadlines_use_it(tmp_path: Path) -> None:
    path = tmp_path / "holidays.yaml"
    path.write_text(FILE_2027, encoding="utf-8")
    before = add_working_days(date(2027, 2, 3), 5)
    settings = Settings(holidays_file=path)
    policy = settings.sla_policy()  # merges the file, as every process does at start
    assert not is_working_day(date(2027, 2, 8)) and not is_working_day(date(2027, 1, 1))
    assert is_working_day(date(2027, 2, 14))  # the 调休 Sunday
    assert not is_working_day(date(2027, 2, 13))  # an ordinary Saturday
    assert before == date(2027, 2, 10)
    # Wed 3 Feb: Thu 4 (1), break 5-11, Fri 12 (2), Sun 14 (3), Mon 15 (4), Tue 16 (5)
    assert add_working_days(date(2027, 2, 3), 5) == date(2027, 2, 16)
    due = policy.accept_due(datetime(2027, 2, 3, 2, 0, tzinfo=UTC), "normal")
    assert sla.due_day(due) == date(2027, 2, 16)
    assert missing_holiday_years(date(2026, 12, 6)) == []
    assert 2028 in missing_holiday_years(date(2027, 3, 1))


def test_the_file_overrides_a_year_the_package_knows(tmp_path: Path) -> None:
    assert not is_working_day(date(2026, 10, 1))  # 国庆 in the package
    path = tmp_path / "h.yaml"
    path.write_text("2026:\n  holidays: [2026-05-04]\n", encoding="utf-8")
    use_holiday_file(path)
    assert is_working_day(date(2026, 10, 1)) and not is_working_day(date(2026, 5, 4))


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("2027:\n  workdays: [2027-02-15]\n", "is a weekday"),
        ("2027:\n  holidays: [2028-01-01]\n", "listed under 2027"),
        ("2027:\n  holidays: [2027-02-30]\n", "out of range"),
        ("2027:\n  holidays: ['soon']\n", "not a date"),
        ("2027:\n  holidays: ['2027-02-11..2027-02-05']\n", "ends before"),
        ("2027:\n  holiday: [2027-01-01]\n", "needs `holidays`"),
        ("next: {}\n", "not a year"),
        ("2027:\n  holidays: [2027-02-14]\n  workdays: [2027-02-14]\n", "both"),
    ],
)
def test_a_bad_file_is_refused_with_the_reason(text: str, problem: str) -> None:
    with pytest.raises(HolidayFileError, match=problem):
        parse_holiday_file(text, "h.yaml")


def test_serve_says_which_years_have_no_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    today = datetime.now(sla.SHANGHAI).date()
    warn_about_holiday_gap()
    missing = missing_holiday_years(today)
    err = capsys.readouterr().err
    assert ("no official holiday data for" in err) == bool(missing)
    path = tmp_path / "h.yaml"
    path.write_text(
        "".join(f"{y}:\n  holidays: [{y}-01-01]\n" for y in (today.year, today.year + 1)),
        encoding="utf-8",
    )
    use_holiday_file(path)
    warn_about_holiday_gap()
    assert capsys.readouterr().err == ""
