"""Who may filter by what, and the SQL behind "unfinished" (no database)."""

from __future__ import annotations

import re

import pytest

from intake.reports.queue import OPEN_STATUSES, FilterError, parse_filter
from intake.staff.access import AccessDenied, Viewer
from models.cases import OPEN_TICKET_SQL


def viewer(
    role: str = "inspector", forces: set[str] | None = None, towns: set[str] | None = None
) -> Viewer:
    return Viewer(1, "u", role, frozenset(forces or ()), frozenset(towns or ()))


def test_task_force_member_filters() -> None:
    tf1 = viewer(forces={"TF1"})
    tf1.check_task_force("TF1")
    tf1.check_township("少林街道")  # narrows TF1's own tickets
    with pytest.raises(AccessDenied):
        tf1.check_task_force("TF7")
    assert tf1.sees_unit("TF1", "") and not tf1.sees_unit("TF7", "少林街道")


def test_township_member_filters() -> None:
    town = viewer(towns={"少林街道"})
    town.check_task_force("TF7")  # narrows the township's own tickets
    with pytest.raises(AccessDenied):
        town.check_township("中岳街道")
    assert town.sees_unit("TF7", "少林街道") and not town.sees_unit("TF7", "")


def test_office_sees_everything_and_nobody_nothing() -> None:
    office = viewer("supervisor")
    office.check_task_force("TF7")
    office.check_township("中岳街道")
    assert office.ticket_clause() is None and office.may_transfer and office.may_export_pii
    nobody = viewer()
    assert nobody.ticket_clause() is not None and not nobody.sees_unit("TF1", "少林街道")
    with pytest.raises(AccessDenied):
        nobody.check_task_force("TF1")


def test_partial_index_predicate_matches_the_queue() -> None:
    in_sql = set(re.findall(r"'(\w+)'", OPEN_TICKET_SQL))
    assert in_sql == set(OPEN_STATUSES)


@pytest.mark.parametrize(
    "params",
    [{"status": "lost"}, {"page": "0"}, {"per_page": "1000"}, {"overdue": "maybe"}, {"group": "x"}],
)
def test_bad_filters_get_a_clear_message(params: dict[str, str]) -> None:
    with pytest.raises(FilterError) as caught:
        parse_filter(params)
    assert "筛选条件" in caught.value.zh


def test_blank_form_fields_mean_no_filter() -> None:
    flt = parse_filter({"status": "", "priority": "", "overdue": "", "group": "", "page": ""})
    assert flt.status == "open" and flt.priority is None and flt.overdue is None
    assert flt.query_items(page=2) == [("page", "2")]
