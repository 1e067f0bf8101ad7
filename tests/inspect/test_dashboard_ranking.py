"""The counts behind the dashboard, the ranking (通报排名) and the weekly report, checked on
a case history whose every figure is known."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
from inspect_world import World, _ticket, login, seed_world
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from intake.reports.dashboard import DashboardQuery, dashboard_charts, load_dashboard
from intake.reports.ranking import NO_CASES, load_ranking, rank_units, score
from intake.reports.stats import Counts, Weeks, by_unit, count_tickets
from intake.staff.access import Viewer
from intake.tickets import service, sweeper
from intake.tickets.sla import SHANGHAI, SlaPolicy
from intake.tickets.timeline import Actor
from models import Complaint

W10_MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI)
NOW = datetime(2026, 3, 20, 10, 0, tzinfo=SHANGHAI)  # Friday of week 12
INSPECTOR = Actor(name="tester")
POLICY = SlaPolicy()
OFFICE = Viewer(0, "office", "supervisor", frozenset(), frozenset())
TF1 = Viewer(1, "tf1", "inspector", frozenset({"TF1_CONSTRUCTION"}), frozenset())


async def act(session: AsyncSession, ticket_id: int, action: str, at: datetime, **kw: Any) -> None:
    await service.apply_action(
        session, ticket_id=ticket_id, action=action, actor=INSPECTOR, now=at, policy=POLICY, **kw
    )


async def history(session: AsyncSession, factory: async_sessionmaker[AsyncSession]) -> World:
    """TF1: one case accepted on time, paid in full and closed satisfied; one accepted late;
    one merged (not counted). TF7: one never accepted; one accepted on time, no arrears
    found and reopened after an unsatisfied follow-up; one more, a week later, never
    accepted either. The sweeper then marks the two unaccepted ones overdue."""
    world = await seed_world(session, now=W10_MONDAY)
    later, _ = await _ticket(
        session,
        key="tf7_week11",
        task_force="TF7_SME",
        township="大冶镇",
        now=W10_MONDAY + timedelta(days=8),
        employer="嵩岳食品厂",
        amount_fen=500_000,
    )
    world.tickets["tf7_week11"] = later
    hour = timedelta(hours=1)
    good, slow = world.id("tf1_zhongyue"), world.id("tf1_group")
    await act(session, world.id("tf1_shaolin"), "merge", W10_MONDAY + hour, merge_into=good)
    await act(session, good, "accept", W10_MONDAY + hour)
    await act(session, good, "start_investigation", W10_MONDAY + 2 * hour)
    await act(
        session,
        good,
        "resolve",
        W10_MONDAY + 3 * hour,
        outcome="paid_in_full",
        recovered_fen=1_200_000,
    )
    await service.record_followup(
        session, ticket_id=good, paid=True, satisfied=True, now=W10_MONDAY + 4 * hour, policy=POLICY
    )
    await act(session, slow, "accept", W10_MONDAY + timedelta(days=10))
    fine = world.id("tf7_shaolin")
    await act(session, fine, "accept", W10_MONDAY + hour)
    await act(session, fine, "start_investigation", W10_MONDAY + 2 * hour)
    await act(
        session, fine, "resolve", W10_MONDAY + 3 * hour, outcome="no_arrears_found", recovered_fen=0
    )
    await service.record_followup(
        session,
        ticket_id=fine,
        paid=True,
        satisfied=False,
        now=W10_MONDAY + 4 * hour,
        policy=POLICY,
    )
    await session.commit()
    report = await sweeper.sweep(factory, now=NOW, policy=POLICY)
    assert sorted(report.overdue) == sorted([world.tickets["tf7_daye"].number, later.number])
    return world


@pytest.fixture
async def past(session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]) -> World:
    return await history(session, session_factory)


async def test_counts_per_unit(past: World, session: AsyncSession) -> None:
    weeks = Weeks.ending_with(NOW.date(), 3)
    rows = await count_tickets(session, since=weeks.since, until=weeks.until, now=NOW, weeks=weeks)
    tf = by_unit(rows, "task_force")
    assert tf["TF1_CONSTRUCTION"] == Counts(
        received=2,
        accepted=2,
        accepted_on_time=1,
        resolved=1,
        closed=1,
        open_now=1,
        claimed_fen=2_400_000,
        claimed_settled_fen=1_200_000,
        recovered_fen=1_200_000,
        followup_answered=1,
        satisfied=1,
        resolve_due=1,
        resolved_on_time=1,
        resolved_owed=1,
    )
    tf7 = tf["TF7_SME"]
    assert (tf7.received, tf7.accepted, tf7.accepted_on_time, tf7.accept_late_pending) == (
        3,
        1,
        1,
        2,
    )
    assert (tf7.went_overdue, tf7.resolved, tf7.claimed_settled_fen) == (2, 0, 0)
    assert (tf7.followup_answered, tf7.satisfied, tf7.open_now) == (1, 0, 3)
    assert (tf7.resolve_due, tf7.resolved_on_time, tf7.resolved_owed) == (0, 0, 0)
    assert tf["TF1_CONSTRUCTION"].on_time_rate == 0.5
    assert tf7.on_time_rate == pytest.approx(1 / 3) and tf7.recovery_rate is None
    weekly: dict[tuple[int, str], int] = {}
    for r in rows:  # rows are per week, task force and township
        key = (r.week, r.task_force_code)
        weekly[key] = weekly.get(key, 0) + r.counts.received
    assert weekly == {(0, "TF1_CONSTRUCTION"): 2, (0, "TF7_SME"): 2, (1, "TF7_SME"): 1}


async def test_ranking_orders_units_by_score(past: World, session: AsyncSession) -> None:
    weeks = Weeks.ending_with(NOW.date(), 3)
    ranking = await load_ranking(session, since=weeks.since, until=weeks.until, now=NOW)
    assert [(u.rank, u.code, u.score) for u in ranking.task_forces] == [
        # county rates: on time 2/5, resolved on time 1/1, recovered 1/1, satisfied 1/2;
        # TF1: 25% x (1 + 5 x .4)/(2 + 5) + 25% x 1 + 30% x 1 + 20% x (1 + 5 x .5)/(1 + 5)
        (1, "TF1_CONSTRUCTION", 77.4),
        # TF7: 25% x (1 + 2)/(3 + 5) + 25% x 1 + 30% x 1 (nothing due: the county's rate)
        #      + 20% x (0 + 2.5)/(1 + 5)
        (2, "TF7_SME", 72.7),
    ]
    assert [(u.rank, u.code, u.score) for u in ranking.townships] == [
        (1, "中岳街道", 77.4),
        (2, "少林街道", 75.8),
        (3, "大冶镇", 72.1),  # two cases, both never accepted: last
    ]
    assert score(Counts()) is None


def test_one_lucky_case_is_not_first_and_an_idle_unit_is_not_ranked() -> None:
    steady = Counts(  # ten cases, mostly handled well
        received=10,
        accepted=10,
        accepted_on_time=9,
        resolve_due=8,
        resolved_on_time=7,
        resolved=8,
        resolved_owed=8,
        claimed_settled_fen=800_000,
        recovered_fen=720_000,
        followup_answered=6,
        satisfied=5,
    )
    lucky = Counts(received=1, accepted=1, accepted_on_time=1)  # nothing resolved yet
    partial = Counts(  # resolved one case late, 57% recovered
        received=2,
        accepted=2,
        accepted_on_time=2,
        resolve_due=1,
        resolved=1,
        resolved_owed=1,
        claimed_settled_fen=100_000,
        recovered_fen=57_000,
    )
    units = {"steady": steady, "lucky": lucky, "partial": partial}
    names = {code: code for code in (*units, "idle")}
    ranked = {u.code: u for u in rank_units(units, names)}
    assert ranked["steady"].rank == 1
    assert ranked["lucky"].score is not None and ranked["lucky"].score < 100
    assert ranked["lucky"].rank == 2  # about the county's average: no data is no reward
    assert ranked["partial"].rank == 3
    assert ranked["idle"].rank is None and ranked["idle"].score is None
    assert NO_CASES == "本期无案件"


async def test_dashboard_is_scoped_and_charted(past: World, session: AsyncSession) -> None:
    query = DashboardQuery(weeks=3, by="township")
    mine = await load_dashboard(session, viewer=TF1, query=query, now=NOW)
    assert mine.totals.received == 2 and mine.overdue_now == 0 and mine.open_now == 1
    assert [c.received for c in mine.per_week] == [2, 0, 0]
    assert set(mine.per_unit) == {"中岳街道"}
    assert len(mine.ranking.task_forces) == 2  # the ranking covers every unit
    everyone = await load_dashboard(session, viewer=OFFICE, query=query, now=NOW)
    assert everyone.totals.received == 5 and everyone.overdue_now == 2
    assert [c.received for c in everyone.per_week] == [4, 1, 0]
    charts = dashboard_charts(everyone)
    assert len(charts) == 5 and all(svg.lstrip().startswith("<svg") for svg in charts)
    assert all("<script" not in svg or "src=" not in svg for svg in charts)  # no CDN


async def test_week_buckets_follow_local_midnight(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    await seed_world(session, now=W10_MONDAY)
    sunday_late = datetime(2026, 3, 8, 23, 30, tzinfo=SHANGHAI)  # 15:30 UTC, week 10
    monday_early = datetime(2026, 3, 9, 0, 10, tzinfo=SHANGHAI)  # 16:10 UTC Sunday, week 11
    for key, at in (("sun", sunday_late), ("mon", monday_early)):
        await _ticket(
            session, key=key, task_force="TF7_SME", township="大冶镇", now=at, employer=f"厂{key}"
        )
    await session.commit()
    weeks = Weeks.ending_with(NOW.date(), 3)
    rows = await count_tickets(session, since=weeks.since, until=weeks.until, now=NOW, weeks=weeks)
    per_week: dict[int, int] = {}
    for r in rows:
        per_week[r.week] = per_week.get(r.week, 0) + r.counts.received
    assert per_week == {0: 6, 1: 1}


async def test_dashboard_page_and_api(world: World, client: httpx.AsyncClient) -> None:
    await login(client, "shaolin")
    page = await client.get("/inspect/dashboard?by=township&weeks=4")
    assert page.status_code == 200
    assert page.text.count("<svg") >= 5 and "通报排名" in page.text
    assert "cdn" not in page.text.lower() and "https://" not in page.text
    assert (await client.get("/inspect/dashboard?township=大冶镇")).status_code == 403
    api = await client.get("/api/dashboard?weeks=4")  # the page session works for the API too
    assert api.status_code == 200 and api.json()["totals"]["received"] == 2


async def test_claimed_amount_of_a_complaint_filed_before_its_ticket(
    session: AsyncSession,
) -> None:
    """A ticket opened (say, by a retry) a while after its complaint was stored still
    counts its complaint's amount in the week the ticket was received."""
    await seed_world(session, now=W10_MONDAY)
    late, _ = await _ticket(
        session,
        key="late",
        task_force="TF7_SME",
        township="大冶镇",
        now=W10_MONDAY + timedelta(days=8),
        employer="迟到的厂",
        amount_fen=333_300,
    )
    complaint = await session.get(Complaint, late.complaint_id)
    assert complaint is not None
    complaint.created_at = W10_MONDAY - timedelta(days=30)  # filed long before
    await session.commit()
    weeks = Weeks.ending_with(NOW.date(), 3)
    rows = await count_tickets(session, since=weeks.since, until=weeks.until, now=NOW, weeks=weeks)
    week11 = [r.counts for r in rows if r.week == 1]
    assert len(week11) == 1 and week11[0].claimed_fen == 333_300
    assert sum(r.counts.claimed_fen for r in rows) == 5 * 1_200_000 + 333_300
