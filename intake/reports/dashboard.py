"""The dashboard: tickets received, accepted on time, overdue, amounts claimed and
recovered and satisfaction, week by week per task force or township, within what the viewer
may see; beside it the ranking (通报排名) of all units over the same weeks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from sqlalchemy import ColumnElement
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from intake.localtime import as_utc, local_date
from intake.reports import week_stats
from intake.reports.charts import bar_chart, line_chart
from intake.reports.queue import FilterError
from intake.reports.ranking import (
    FORMULA,
    NO_CASES,
    RankedUnit,
    Ranking,
    rank_sums,
    ranked_names,
    unit_rows,
)
from intake.reports.stats import (
    Counts,
    Weeks,
)
from intake.staff.access import Viewer
from models import Ticket

UNIT_LABELS = {"task_force": "专班", "township": "属地"}


class DashboardQuery(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore", str_strip_whitespace=True)

    weeks: int = Field(12, ge=1, le=104)
    by: Literal["task_force", "township"] = "task_force"
    task_force: str | None = Field(None, max_length=32)
    township: str | None = Field(None, max_length=64)

    @field_validator("*", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: Any, info: Any) -> Any:
        if isinstance(value, str) and not value.strip():
            return cls.model_fields[info.field_name].default
        return value


def parse_dashboard_query(params: Any) -> DashboardQuery:
    try:
        return DashboardQuery.model_validate(dict(params))
    except ValidationError as exc:
        first = exc.errors()[0]
        name = str(first["loc"][0]) if first.get("loc") else ""
        raise FilterError(
            f"看板参数「{name}」的值「{params.get(name, '')}」无效",
            f"invalid dashboard parameter {name}: {first.get('msg', '')}",
        ) from None


@dataclass
class Dashboard:
    query: DashboardQuery
    weeks: Weeks
    totals: Counts
    per_week: list[Counts]
    per_unit: dict[str, list[Counts]]  # unit display name -> counts per week
    open_now: int
    overdue_now: int
    ranking: Ranking


def _scope(viewer: Viewer, query: DashboardQuery) -> tuple[ColumnElement[bool] | None, list[Any]]:
    viewer.check_task_force(query.task_force)
    viewer.check_township(query.township)
    extra: list[Any] = []
    if query.task_force:
        extra.append(col(Ticket.task_force_code) == query.task_force)
    if query.township:
        extra.append(col(Ticket.township) == query.township)
    return viewer.ticket_clause(), extra


async def load_dashboard(
    session: AsyncSession, *, viewer: Viewer, query: DashboardQuery, now: datetime
) -> Dashboard:
    now = as_utc(now)
    _scope(viewer, query)  # refuses a filter outside the viewer's units
    weeks = Weeks.ending_with(local_date(now), query.weeks)
    # Summed in the database from the weekly figures kept with every ticket change
    # (week_stats.py): a row per unit (and week), however many tickets there are. The
    # ranking needs every unit; the viewer's figures are those of their units.
    force_rows, towns = await unit_rows(session)
    per_force, per_town = await week_stats.sums_per_unit(session, weeks)
    ranking = await rank_sums(
        session,
        since=weeks.since,
        until=weeks.until,
        task_forces=per_force,
        townships=per_town,
        names=ranked_names(force_rows, towns),
    )
    where = _stat_scope(viewer, query)
    unit = "task_force_code" if query.by == "task_force" else "township"
    per_unit_week: dict[str, dict[int, Counts]] = {}
    week_totals: dict[int, Counts] = {}
    total = Counts()
    for (week, key), counts in await week_stats.sums(session, weeks, ("week", unit), where):
        per_unit_week.setdefault(key, {})[week] = counts
        week_totals.setdefault(week, Counts()).add(counts)
        total.add(counts)
    per_week = [week_totals.get(i, Counts()) for i in range(len(weeks.starts))]
    forces = {code: name for code, name, _ in force_rows}
    per_unit: dict[str, list[Counts]] = {}
    for key, weekly in sorted(per_unit_week.items()):
        name = forces.get(key, key) if query.by == "task_force" else (key or "未定属地")
        per_unit[name] = [weekly.get(i, Counts()) for i in range(len(weeks.starts))]
    open_now, overdue_now = await week_stats.open_now(session, where)
    return Dashboard(
        query=query,
        weeks=weeks,
        totals=total,
        per_week=per_week,
        per_unit=per_unit,
        open_now=open_now,
        overdue_now=overdue_now,
        ranking=ranking,
    )


def _stat_scope(viewer: Viewer, query: DashboardQuery) -> list[Any]:
    """The same rule as Viewer.ticket_clause and the filters, on the stored rows."""
    task_force, township = week_stats.unit_columns()
    where: list[Any] = []
    scope = viewer.unit_clause(task_force, township)
    if scope is not None:
        where.append(scope)
    if query.task_force:
        where.append(task_force == query.task_force)
    if query.township:
        where.append(township == query.township)
    return where


# --- presentation shared by the page, the API and the weekly report ------------------------


def pct(rate: float | None) -> float | None:
    return None if rate is None else round(100 * rate, 1)


def yuan(fen: int) -> float:
    return round(fen / 100, 2)


def counts_json(c: Counts) -> dict[str, Any]:
    return {
        "received": c.received,
        "accepted": c.accepted,
        "accepted_on_time": c.accepted_on_time,
        "on_time_rate": pct(c.on_time_rate),
        "went_overdue": c.went_overdue,
        "resolved": c.resolved,
        "closed": c.closed,
        "open": c.open_now,
        "claimed_yuan": yuan(c.claimed_fen),
        "recovered_yuan": yuan(c.recovered_fen),
        "recovery_rate": pct(c.recovery_rate),
        "followup_answered": c.followup_answered,
        "satisfied": c.satisfied,
        "satisfaction_rate": pct(c.satisfaction_rate),
        "resolve_due": c.resolve_due,
        "resolved_on_time": c.resolved_on_time,
        "resolved_on_time_rate": pct(c.resolved_on_time_rate),
    }


def ranked_json(units: list[RankedUnit]) -> list[dict[str, Any]]:
    return [
        {
            "rank": u.rank,
            "code": u.code,
            "name": u.name,
            "score": u.score,
            "note": NO_CASES if not u.counts.received else "",
            **counts_json(u.counts),
        }
        for u in units
    ]


def ranking_json(r: Ranking) -> dict[str, Any]:
    return {
        "formula": FORMULA,
        "since": r.since.isoformat(),
        "until": r.until.isoformat(),
        "task_forces": ranked_json(r.task_forces),
        "townships": ranked_json(r.townships),
    }


def dashboard_json(d: Dashboard) -> dict[str, Any]:
    return {
        "weeks": [m.isoformat() for m in d.weeks.starts],
        "by": d.query.by,
        "totals": counts_json(d.totals),
        "open_now": d.open_now,
        "overdue_now": d.overdue_now,
        "per_week": [counts_json(c) for c in d.per_week],
        "per_unit": {name: [counts_json(c) for c in weekly] for name, weekly in d.per_unit.items()},
        "ranking": ranking_json(d.ranking),
    }


def dashboard_charts(d: Dashboard) -> list[str]:
    """The SVG charts of the dashboard page, in display order."""
    labels = d.weeks.labels()
    unit = UNIT_LABELS[d.query.by]

    def per_unit(metric: Any) -> dict[str, list[float | None]]:
        return {name: [metric(c) for c in weekly] for name, weekly in d.per_unit.items()}

    return [
        line_chart(f"每周收到投诉（按{unit}）", labels, per_unit(lambda c: c.received)),
        line_chart(
            f"及时受理率 %（按{unit}）",
            labels,
            per_unit(lambda c: pct(c.on_time_rate)),
            percent=True,
        ),
        line_chart(f"超期件数（按{unit}）", labels, per_unit(lambda c: c.went_overdue)),
        bar_chart(
            "欠薪金额与追回金额（元）",
            labels,
            {
                "投诉金额": [yuan(c.claimed_fen) for c in d.per_week],
                "追回金额": [yuan(c.recovered_fen) for c in d.per_week],
            },
            money=True,
        ),
        line_chart(
            f"满意率 %（按{unit}）",
            labels,
            per_unit(lambda c: pct(c.satisfaction_rate)),
            percent=True,
        ),
    ]
