"""通报排名: task forces and townships ranked on how they handle wage-arrears cases.

Score (0-100) = weighted mean of the rates a unit has data for:
  及时受理率 (accepted within the deadline)  40%
  追回率     (recovered / claimed, resolved cases where wages were owed)  30%
  满意率     (satisfied among follow-up answers)  30%
A rate without data (no case due yet, no follow-up answered) is left out and the other
weights count proportionally. Ties go to the unit with fewer overdue cases, then to the one
that handled more. Units without cases in the period are listed unranked. The office
(triage) is not ranked among the task forces.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from intake.reports.stats import CountRow, Counts, by_unit, count_tickets
from models import TaskForce, Township

WEIGHTS = (("on_time_rate", 0.4), ("recovery_rate", 0.3), ("satisfaction_rate", 0.3))


def score(counts: Counts) -> float | None:
    total = weight_sum = 0.0
    for name, weight in WEIGHTS:
        rate = getattr(counts, name)
        if rate is not None:
            total += weight * rate
            weight_sum += weight
    return round(100 * total / weight_sum, 1) if weight_sum else None


@dataclass(frozen=True)
class RankedUnit:
    rank: int | None
    code: str
    name: str
    counts: Counts
    score: float | None


@dataclass(frozen=True)
class Ranking:
    since: datetime
    until: datetime
    task_forces: list[RankedUnit]
    townships: list[RankedUnit]


def rank_units(units: dict[str, Counts], names: dict[str, str]) -> list[RankedUnit]:
    """Every unit in `names`, best first; units without cases at the end, unranked."""
    scored: list[tuple[str, Counts, float | None]] = []
    for code in names:
        counts = units.get(code, Counts())
        scored.append((code, counts, score(counts) if counts.received else None))
    scored.sort(
        key=lambda item: (
            item[2] is None,
            -(item[2] or 0.0),
            item[1].went_overdue,
            -item[1].received,
            item[0],
        )
    )
    ranked: list[RankedUnit] = []
    for position, (code, counts, value) in enumerate(scored, start=1):
        ranked.append(
            RankedUnit(
                rank=position if value is not None else None,
                code=code,
                name=names[code],
                counts=counts,
                score=value,
            )
        )
    return ranked


async def unit_names(session: AsyncSession) -> tuple[dict[str, str], dict[str, str]]:
    """(task force code -> name without the office, township name -> name)."""
    forces = (
        await session.execute(
            select(TaskForce.code, TaskForce.name)
            .where(col(TaskForce.is_office).is_(False))
            .order_by(col(TaskForce.code))
        )
    ).all()
    towns = await session.scalars(select(Township.name).order_by(col(Township.id)))
    return {code: name for code, name in forces}, {t: t for t in towns}


async def load_ranking(
    session: AsyncSession,
    *,
    since: datetime,
    until: datetime,
    now: datetime,
    rows: list[CountRow] | None = None,
) -> Ranking:
    """The ranking of every unit over tickets received in [since, until). Pass `rows` when
    the unscoped counts of that period are at hand already."""
    if rows is None:
        rows = await count_tickets(session, since=since, until=until, now=now)
    forces, towns = await unit_names(session)
    return Ranking(
        since=since,
        until=until,
        task_forces=rank_units(by_unit(rows, "task_force"), forces),
        townships=rank_units(by_unit(rows, "township"), towns),
    )
