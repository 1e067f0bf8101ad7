"""通报排名: task forces and townships ranked on how they handle wage-arrears cases.

Four indicators, as the office's 通报 reports them, each a rate of the unit's own cases:
  及时受理率 accepted within the acceptance deadline, of those whose acceptance was due  25%
  按期办结率 resolved within the resolution deadline, of those whose resolution was due  25%
  追回率     wages recovered / wages claimed, over resolved cases where wages were owed  30%
  满意率     satisfied, of the workers who answered the follow-up (回访)               20%

Weighted by case volume: a unit's rate is pulled toward the county's rate (all units
together) as if it had PRIOR more cases at the county's rate (Bayesian shrinkage):

    adjusted = (unit successes + PRIOR x county rate) / (unit cases + PRIOR)

so one lucky case cannot put a unit first, one bad case cannot put it last, and an
indicator a unit has no data for yet counts at the county's rate (neither reward nor
penalty). Score = 100 x the weighted sum of the adjusted rates; an indicator the whole
county has no data for is left out and the other weights count proportionally. Ties go to
the unit with fewer overdue cases, then to the one that handled more. A unit with no cases
in the period is shown as "本期无案件", unranked. The office (triage) is not ranked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, literal, text, union_all
from sqlalchemy import select as sa_select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from intake.reports.stats import CountRow, Counts, by_unit, count_tickets
from models import TaskForce, Township

PRIOR = 5.0  # cases at the county's rate every unit starts from
NO_CASES = "本期无案件"


@dataclass(frozen=True)
class Indicator:
    name: str
    weight: float
    # (successes, cases) of a unit: for recovery, successes are cases' worth of money
    measure: Callable[[Counts], tuple[float, int]]


def _recovered(c: Counts) -> tuple[float, int]:
    rate = c.recovery_rate
    return ((rate or 0.0) * c.resolved_owed, c.resolved_owed if rate is not None else 0)


INDICATORS = (
    Indicator(
        "及时受理率",
        0.25,
        lambda c: (c.accepted_on_time, c.accepted + c.accept_late_pending),
    ),
    Indicator("按期办结率", 0.25, lambda c: (c.resolved_on_time, c.resolve_due)),
    Indicator("追回率", 0.30, _recovered),
    Indicator("满意率", 0.20, lambda c: (c.satisfied, c.followup_answered)),
)
FORMULA = (
    "得分 = 100 ×（及时受理率 25% + 按期办结率 25% + 追回率 30% + 满意率 20%）；"
    f"各项按案件量校正：（本单位达标数 + {PRIOR:g} × 全县该项比率）÷（本单位案件数 + {PRIOR:g}），"
    "案件少的单位向全县平均靠拢，某项暂无数据按全县平均计；本期无案件的单位不参与排名。"
)


def county_rates(units: Iterable[Counts]) -> dict[str, float | None]:
    """Each indicator's rate over all units together (None when no unit has data)."""
    total = Counts()
    for counts in units:
        total.add(counts)
    rates: dict[str, float | None] = {}
    for ind in INDICATORS:
        hits, cases = ind.measure(total)
        rates[ind.name] = hits / cases if cases else None
    return rates


def score(counts: Counts, county: dict[str, float | None] | None = None) -> float | None:
    """The unit's score, its rates shrunk toward `county` (default: its own rates, i.e.
    no shrinkage for a unit ranked alone). None when no indicator has data anywhere."""
    if county is None:
        county = county_rates([counts])
    total = weight_sum = 0.0
    for ind in INDICATORS:
        mean = county.get(ind.name)
        if mean is None:
            continue
        hits, cases = ind.measure(counts)
        total += ind.weight * (hits + PRIOR * mean) / (cases + PRIOR)
        weight_sum += ind.weight
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
    county = county_rates(units.get(code, Counts()) for code in names)
    scored: list[tuple[str, Counts, float | None]] = []
    for code in names:
        counts = units.get(code, Counts())
        scored.append((code, counts, score(counts, county) if counts.received else None))
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


async def unit_rows(session: AsyncSession) -> tuple[list[tuple[str, str, bool]], list[str]]:
    """([(task force code, name, is the office)] by code, township names in their order),
    in one round trip."""
    force_rows: Select[Any] = sa_select(
        literal(0).label("kind"),
        literal(0).label("pos"),
        col(TaskForce.code).label("key"),
        col(TaskForce.name).label("name"),
        col(TaskForce.is_office).label("office"),
    )
    town_rows: Select[Any] = sa_select(
        literal(1), col(Township.id), col(Township.name), col(Township.name), literal(False)
    )
    rows: Sequence[Any] = (
        await session.execute(union_all(force_rows, town_rows).order_by(text("kind, pos, key")))
    ).all()
    forces = [(key, name, bool(office)) for kind, _, key, name, office in rows if kind == 0]
    return forces, [name for kind, _, _, name, _ in rows if kind == 1]


def ranked_names(
    forces: list[tuple[str, str, bool]], towns: list[str]
) -> tuple[dict[str, str], dict[str, str]]:
    """(task force code -> name without the office, township name -> name)."""
    return {code: name for code, name, office in forces if not office}, {t: t for t in towns}


async def unit_names(session: AsyncSession) -> tuple[dict[str, str], dict[str, str]]:
    return ranked_names(*await unit_rows(session))


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
    return await rank_sums(
        session,
        since=since,
        until=until,
        task_forces=by_unit(rows, "task_force"),
        townships=by_unit(rows, "township"),
    )


async def rank_sums(
    session: AsyncSession,
    *,
    since: datetime,
    until: datetime,
    task_forces: dict[str, Counts],
    townships: dict[str, Counts],
    names: tuple[dict[str, str], dict[str, str]] | None = None,
) -> Ranking:
    """The ranking from the period's counts per task force and per township; `names` as
    unit_names gives them, when at hand."""
    forces, towns = names or await unit_names(session)
    return Ranking(
        since=since,
        until=until,
        task_forces=rank_units(task_forces, forces),
        townships=rank_units(townships, towns),
    )
