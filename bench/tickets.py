"""Inspector-side benchmark: the work queue and the dashboard over 1,000,000 tickets in
PostgreSQL, through the real app (FastAPI in-process over ASGI, bearer tokens, templates).

    .venv/bin/python bench/tickets.py [--tickets 1000000] [--requests 200] [--keep]
        [--url postgresql+asyncpg://postgres@127.0.0.1:5432] [--database NAME]

It creates a fresh database `anxin_bench_<random>`, bulk-loads complaints and tickets with
COPY (two years of history: old cases mostly closed, recent ones open, some overdue), and
measures, in the same run:

  baseline  the schema without the supporting indexes this feature adds to the models
  indexed   the same data after CREATE INDEX of those indexes (and ANALYZE)

For each: an inspector's filtered queue (JSON API and HTML page; p50/p95 over a mix of
filters) and the dashboard (the office's and an inspector's, 12 weeks; the page both with
its charts kept from the previous view of the same figures and drawn afresh, as after a
ticket change). Targets: queue p95 <= 50 ms, dashboard <= 500 ms. The database is dropped
at the end unless --keep.

--database NAME loads into NAME once and keeps it; later runs with the same NAME and
--tickets reuse the loaded rows (the supporting indexes are dropped again for the baseline,
any other index the models define now is created). The cases' ages are those of the day it
was loaded; a change to the tables' columns wants a fresh load (drop the database).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import time
import uuid
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import asyncpg  # noqa: E402
import httpx  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlmodel import SQLModel  # noqa: E402

import models  # noqa: E402, F401  (registers the tables)
from intake.demo.reference import TASK_FORCES, TOWNSHIPS  # noqa: E402
from intake.reports import week_stats  # noqa: E402
from intake.reports.charts import forget_drawn  # noqa: E402
from intake.reports.stats import Weeks, count_tickets  # noqa: E402
from intake.settings import Settings  # noqa: E402
from intake.staff.accounts import hash_password  # noqa: E402
from intake.tickets.sla import SHANGHAI  # noqa: E402
from intake.web.app import create_app  # noqa: E402
from intake.web.auth import issue_token  # noqa: E402
from models import Complaint, Ticket, User  # noqa: E402
from models.db import create_engine, make_session_factory  # noqa: E402

DEFAULT_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432"
BATCH = 50_000
SPAN_DAYS = 730  # two years of cases

# The indexes this feature adds to the models (models/cases.py): the baseline runs
# without them, the indexed run with them.
SUPPORTING_INDEXES = (
    "ix_ticket_queue_task_force",
    "ix_ticket_queue_township",
    "ix_ticket_open_task_force",
    "ix_ticket_open_township",
    "ix_ticket_created_at",
    "ix_complaint_received",
)

# Routed share of each task force, roughly as in the dev routing cases.
FORCE_WEIGHTS = {
    "TF1_CONSTRUCTION": 30,
    "TF7_SME": 15,
    "TF2_GOV_PROJECT": 12,
    "TF6_SOE": 10,
    "OFFICE": 10,
    "TF3_PUBLIC_SVC": 8,
    "TF4_EDU": 8,
    "TF5_COAL": 7,
}
# Status mix by the age of a case (days): old cases are mostly finished.
STATUS_BY_AGE: tuple[tuple[int, dict[str, int]], ...] = (
    (
        14,
        {
            "new": 30,
            "needs_info": 8,
            "accepted": 20,
            "investigating": 27,
            "resolved": 6,
            "refused": 6,
            "merged": 3,
        },
    ),
    (
        90,
        {
            "new": 1,
            "needs_info": 2,
            "accepted": 5,
            "investigating": 30,
            "resolved": 8,
            "followup": 6,
            "closed": 41,
            "refused": 5,
            "merged": 2,
        },
    ),
    (
        10**6,
        {
            "investigating": 3,
            "resolved": 1,
            "followup": 1,
            "closed": 84,
            "refused": 8,
            "merged": 3,
        },
    ),
)
OPEN = ("new", "needs_info", "accepted", "investigating", "resolved", "followup")

TICKET_COLUMNS = (
    "id",
    "number",
    "complaint_id",
    "task_force_code",
    "township",
    "priority",
    "status",
    "accept_due_at",
    "resolve_due_at",
    "accepted_at",
    "resolved_at",
    "closed_at",
    "overdue",
    "escalated_at",
    "outcome_code",
    "refusal_reason",
    "recovered_fen",
    "delivery_failed",
    "closed_unanswered",
    "followup_paid",
    "followup_satisfied",
    "version",
    "created_at",
    "updated_at",
)
COMPLAINT_COLUMNS = (
    "id",
    "idempotency_key",
    "channel",
    "external_id",
    "complainant_name",
    "phone",
    "employer_name_typed",
    "employer_unmatched",
    "project_name",
    "township",
    "work_type",
    "amount_fen",
    "headcount",
    "description",
    "attachments",
    "over_two_years",
    "created_at",
)


# --- data ------------------------------------------------------------------------------


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _status(rng: random.Random, age_days: float) -> str:
    for limit, mix in STATUS_BY_AGE:
        if age_days < limit:
            return _pick(rng, mix)
    raise AssertionError("unreachable")


def generate(count: int, now: datetime, seed: int = 7) -> Iterator[tuple[list[Any], list[Any]]]:
    """(complaint rows, ticket rows) in batches, oldest case first (ids follow time)."""
    rng = random.Random(seed)
    towns = list(TOWNSHIPS)
    start = now - timedelta(days=SPAN_DAYS)
    step = timedelta(days=SPAN_DAYS) / count
    complaints: list[Any] = []
    tickets: list[Any] = []
    for n in range(1, count + 1):
        created = start + step * n
        age = (now - created).total_seconds() / 86400
        force = _pick(rng, FORCE_WEIGHTS)
        town = rng.choice(towns) if rng.random() > 0.03 else ""
        amount = rng.randint(20, 600) * 10_000
        status = _status(rng, age)
        priority = _pick(rng, {"normal": 90, "high": 6, "urgent": 4})
        accept_due = created + timedelta(days=7)
        accepted = resolve_due = resolved = closed = escalated = None
        outcome = recovered = paid = satisfied = None
        overdue = False
        if status not in ("new", "needs_info", "refused") and not (
            status == "merged" and rng.random() < 0.5
        ):
            accepted = created + timedelta(hours=rng.uniform(1, 24 * 8.5))  # some late
            resolve_due = accepted + timedelta(days=84)
        if status in ("resolved", "followup", "closed") and accepted is not None:
            resolved = accepted + timedelta(days=rng.uniform(2, min(80, max(age - 1, 2))))
            outcome = _pick(
                rng,
                {
                    "paid_in_full": 70,
                    "paid_in_part": 15,
                    "no_arrears_found": 8,
                    "emergency_fund_advance": 7,
                },
            )
            recovered = 0 if outcome == "no_arrears_found" else int(amount * rng.uniform(0.5, 1.0))
        if status == "closed" and resolved is not None:
            closed = resolved + timedelta(days=rng.uniform(3, 10))
            paid = True
            answer = _pick(rng, {"yes": 85, "no": 5, "none": 10})
            satisfied = {"yes": True, "no": False, "none": None}[answer]
        if status == "new" and accept_due < now:
            overdue, escalated = True, accept_due
        elif status in ("accepted", "investigating") and resolve_due and resolve_due < now:
            overdue, escalated = True, resolve_due
        elif accepted is not None and accepted > accept_due:
            escalated = accept_due  # missed the acceptance deadline once
        complaints.append(
            (
                n,
                f"bench-{n}",
                "telegram",
                str(700_000_000 + n),
                "测试工人",
                f"13{rng.randint(100_000_000, 999_999_999)}",
                f"某某建筑劳务有限公司{n % 5000}",
                True,
                "",
                town,
                "钢筋工",
                amount,
                rng.choice((1, 1, 1, 2, 3, 5, 12)),
                "老板欠了三个月工资，一直拖着不给。",
                "[]",
                False,
                created,
            )
        )
        tickets.append(
            (
                n,
                f"AX{created:%Y%m%d}-{n:07d}",
                n,
                force,
                town,
                priority,
                status,
                accept_due,
                resolve_due,
                accepted,
                resolved,
                closed,
                overdue,
                escalated,
                outcome,
                "欠薪发生已超过两年" if status == "refused" else "",
                recovered,
                False,  # delivery_failed
                False,  # closed_unanswered
                paid,
                satisfied,
                1,
                created,
                closed or resolved or accepted or created,
            )
        )
        if len(tickets) == BATCH:
            yield complaints, tickets
            complaints, tickets = [], []
    if tickets:
        yield complaints, tickets


# --- database --------------------------------------------------------------------------


def _dsn(url: str, database: str) -> str:
    return (
        make_url(url)
        .set(drivername="postgresql", database=database)
        .render_as_string(hide_password=False)
    )


async def create_database(base: str) -> tuple[str, str]:
    name = f"anxin_bench_{uuid.uuid4().hex[:10]}"
    conn = await asyncpg.connect(_dsn(base, "postgres"))
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    url = make_url(base).set(database=name).render_as_string(hide_password=False)
    return name, url


async def open_database(base: str, name: str) -> tuple[str, bool]:
    """(url, whether it is new) of the named database, created when missing."""
    conn = await asyncpg.connect(_dsn(base, "postgres"))
    try:
        found = await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
        if not found:
            await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return make_url(base).set(database=name).render_as_string(hide_password=False), not found


async def loaded_tickets(url: str) -> int:
    """Tickets in a kept database (0 when it was never fully loaded)."""
    conn = await asyncpg.connect(_dsn(url, make_url(url).database or ""))
    try:
        if not await conn.fetchval("SELECT to_regclass('bench_loaded') IS NOT NULL"):
            return 0
        return int(await conn.fetchval("SELECT tickets FROM bench_loaded") or 0)
    finally:
        await conn.close()


async def mark_loaded(url: str, count: int) -> None:
    conn = await asyncpg.connect(_dsn(url, make_url(url).database or ""))
    try:
        await conn.execute("CREATE TABLE bench_loaded (tickets integer NOT NULL)")
        await conn.execute("INSERT INTO bench_loaded VALUES ($1)", count)
    finally:
        await conn.close()


async def prepare_reused(url: str) -> None:
    """A kept database back to the baseline: without the supporting indexes, with every
    other index the models define now."""
    engine = create_engine(url)
    tables = [Complaint.__table__, Ticket.__table__]  # type: ignore[attr-defined]

    def create_missing(sync: Any, index: Any) -> None:
        index.create(sync, checkfirst=True)

    async with engine.begin() as conn:
        await conn.run_sync(SQLModel.metadata.create_all)
        for index in _indexes(tables):
            if index.name in SUPPORTING_INDEXES:
                await conn.exec_driver_sql(f'DROP INDEX IF EXISTS "{index.name}"')
            else:
                await conn.run_sync(create_missing, index)
    await engine.dispose()
    await vacuum_analyze(url)


async def drop_database(base: str, name: str) -> None:
    conn = await asyncpg.connect(_dsn(base, "postgres"))
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


def _indexes(tables: Sequence[Any]) -> list[Any]:
    return [index for table in tables for index in table.indexes]


async def load(url: str, count: int, now: datetime) -> float:
    """Schema, reference rows, users, then COPY of complaints and tickets; secondary
    indexes are built after the load (faster), the supporting ones left out."""
    engine = create_engine(url)
    tables = [Complaint.__table__, Ticket.__table__]  # type: ignore[attr-defined]
    async with engine.begin() as conn:
        await conn.run_sync(SQLModel.metadata.create_all)
        for index in _indexes(tables):
            await conn.exec_driver_sql(f'DROP INDEX "{index.name}"')
    await engine.dispose()

    conn = await asyncpg.connect(_dsn(url, make_url(url).database or ""))
    try:
        for spec in TASK_FORCES:
            await conn.execute(
                "INSERT INTO task_force (code, name, lead_bureaus, is_office, created_at) "
                "VALUES ($1, $2, $3, $4, now())",
                spec.code,
                spec.name,
                spec.lead_bureaus,
                spec.is_office,
            )
        for town in TOWNSHIPS:
            await conn.execute("INSERT INTO township (name, created_at) VALUES ($1, now())", town)
        started = time.perf_counter()
        for complaints, tickets in generate(count, now):
            await conn.copy_records_to_table(
                "complaint", records=complaints, columns=COMPLAINT_COLUMNS
            )
            await conn.copy_records_to_table("ticket", records=tickets, columns=TICKET_COLUMNS)
        for table in ("complaint", "ticket"):
            await conn.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )
        loaded = time.perf_counter() - started
    finally:
        await conn.close()

    engine = create_engine(url)
    async with engine.begin() as conn_:
        for index in _indexes(tables):
            if index.name not in SUPPORTING_INDEXES:
                await conn_.run_sync(index.create)
    await engine.dispose()
    await vacuum_analyze(url)
    return loaded


async def keep_week_figures(url: str) -> tuple[float, int]:
    """Fill ticket_week_stat from the loaded tickets (COPY bypasses the app's writes)."""
    engine = create_engine(url)
    started = time.perf_counter()
    async with make_session_factory(engine)() as session:
        rows = await week_stats.rebuild(session)
        await session.commit()
    await engine.dispose()
    return time.perf_counter() - started, rows


async def recount_12_weeks(url: str, runs: int) -> list[float]:
    """The full recount the dashboard ran before it read kept figures (the baseline)."""
    engine = create_engine(url)
    weeks = Weeks.ending_with(datetime.now(UTC).astimezone(SHANGHAI).date(), 12)
    samples: list[float] = []
    async with make_session_factory(engine)() as session:
        for _ in range(runs + 1):
            started = time.perf_counter()
            await count_tickets(
                session, since=weeks.since, until=weeks.until, now=datetime.now(UTC), weeks=weeks
            )
            samples.append(1000 * (time.perf_counter() - started))
            await session.rollback()
    await engine.dispose()
    return samples[1:]  # the first warms the caches


async def vacuum_analyze(url: str) -> None:
    conn = await asyncpg.connect(_dsn(url, make_url(url).database or ""))
    try:
        await conn.execute("VACUUM ANALYZE complaint")
        await conn.execute("VACUUM ANALYZE ticket")
    finally:
        await conn.close()


async def add_supporting_indexes(url: str) -> float:
    engine = create_engine(url)
    started = time.perf_counter()
    tables = [Complaint.__table__, Ticket.__table__]  # type: ignore[attr-defined]
    async with engine.begin() as conn:
        for index in _indexes(tables):
            if index.name in SUPPORTING_INDEXES:
                await conn.run_sync(index.create)
    await engine.dispose()
    await vacuum_analyze(url)
    return time.perf_counter() - started


async def add_users(url: str) -> dict[str, User]:
    engine = create_engine(url)
    password = hash_password("bench-password-1")
    specs = {
        "tf1": ("inspector", "TF1_CONSTRUCTION", None),
        "shaolin": ("inspector", None, "少林街道"),
        "office": ("supervisor", None, None),
    }
    users: dict[str, User] = {}
    async with engine.begin() as conn:
        for name, (role, force, town) in specs.items():
            kept = (
                await conn.exec_driver_sql('SELECT id FROM "user" WHERE username = $1', (name,))
            ).scalar()
            if kept is not None:  # a reused database
                users[name] = User(id=kept, username=name, password_hash="", role=role)
                continue
            uid = (
                await conn.exec_driver_sql(
                    'INSERT INTO "user" (username, display_name, password_hash, role, disabled, '
                    "created_at) VALUES ($1, $1, $2, $3, false, now()) RETURNING id",
                    (name, password, role),
                )
            ).scalar_one()
            if force:
                await conn.exec_driver_sql(
                    "INSERT INTO user_task_force (user_id, task_force_id) "
                    "SELECT $1, id FROM task_force WHERE code = $2",
                    (uid, force),
                )
            if town:
                await conn.exec_driver_sql(
                    "INSERT INTO user_township (user_id, township_id) "
                    "SELECT $1, id FROM township WHERE name = $2",
                    (uid, town),
                )
            users[name] = User(id=uid, username=name, password_hash="", role=role)
    await engine.dispose()
    return users


# --- measuring -------------------------------------------------------------------------

QUEUE_MIX = (
    # (user, query string): what inspectors filter by
    ("tf1", ""),
    ("tf1", "status=new"),
    ("tf1", "status=investigating&township=少林街道"),
    ("tf1", "overdue=1"),
    ("tf1", "priority=urgent"),
    ("tf1", "status=closed"),
    ("tf1", "status=closed&page=5"),
    ("tf1", "status=all&township=大冶镇"),
    ("tf1", "status=followup"),
    ("shaolin", ""),
    ("shaolin", "status=new&task_force=TF7_SME"),
    ("shaolin", "overdue=1"),
)


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(int(q * len(ordered)), len(ordered) - 1)]


async def _timed(client: httpx.AsyncClient, path: str, headers: dict[str, str]) -> float:
    started = time.perf_counter()
    resp = await client.get(path, headers=headers)
    elapsed = (time.perf_counter() - started) * 1000
    if resp.status_code != 200:
        raise RuntimeError(f"{path}: {resp.status_code} {resp.text[:300]}")
    return elapsed


async def measure(url: str, users: dict[str, User], requests: int) -> dict[str, Any]:
    settings = Settings(database_url=url, run_sweeper=False, secret_key="bench-secret-key")
    engine = create_engine(url)
    app = create_app(settings, engine=engine)
    auth = {
        name: {"Authorization": f"Bearer {issue_token(settings, u)}"} for name, u in users.items()
    }
    out: dict[str, Any] = {}
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://bench"
    ) as client:
        for user, query in QUEUE_MIX:  # warm the pool, the caches and the plans
            await _timed(client, f"/api/tickets?{query}", auth[user])
        per_filter: dict[str, list[float]] = {}
        for kind, prefix in (("api", "/api/tickets"), ("page", "/inspect")):
            samples: list[float] = []
            for n in range(requests):
                user, query = QUEUE_MIX[n % len(QUEUE_MIX)]
                took = await _timed(client, f"{prefix}?{query}", auth[user])
                samples.append(took)
                if kind == "api":
                    per_filter.setdefault(f"{user}:{query or '(default)'}", []).append(took)
            out[f"queue_{kind}"] = samples
        out["per_filter"] = per_filter
        dash_runs = max(requests // 10, 5)
        for who in ("office", "tf1"):
            await _timed(client, "/api/dashboard", auth[who])
            out[f"dashboard_api_{who}"] = [
                await _timed(client, "/api/dashboard", auth[who]) for _ in range(dash_runs)
            ]
            out[f"dashboard_page_{who}"] = [
                await _timed(client, "/inspect/dashboard", auth[who]) for _ in range(dash_runs)
            ]
            # as after a ticket change: every chart drawn again from the changed figures
            fresh: list[float] = []
            for _ in range(dash_runs):
                forget_drawn()
                fresh.append(await _timed(client, "/inspect/dashboard", auth[who]))
            out[f"dashboard_fresh_{who}"] = fresh
    await engine.dispose()
    return out


def _line(label: str, base: list[float], indexed: list[float], target: float | None) -> str:
    b50, b95 = statistics.median(base), _pct(base, 0.95)
    i50, i95 = statistics.median(indexed), _pct(indexed, 0.95)
    verdict = "" if target is None else ("  OK" if i95 <= target else f"  OVER {target:.0f} ms")
    return (
        f"{label:<34} baseline p50 {b50:7.1f}  p95 {b95:7.1f} | indexed p50 {i50:6.1f}  "
        f"p95 {i95:6.1f} ms | p95 x{b95 / i95:5.1f}{verdict}"
    )


def report(base: dict[str, Any], indexed: dict[str, Any], args: argparse.Namespace) -> None:
    print(f"\n== {args.tickets:,} tickets, {args.requests} queue requests per run ==")
    print(_line("queue, JSON API (mixed filters)", base["queue_api"], indexed["queue_api"], 50))
    print(_line("queue, HTML page (mixed filters)", base["queue_page"], indexed["queue_page"], 50))
    for who in ("office", "tf1"):
        print(
            _line(
                f"dashboard API, {who} (12 weeks)",
                base[f"dashboard_api_{who}"],
                indexed[f"dashboard_api_{who}"],
                500,
            )
        )
        print(
            _line(
                f"dashboard page, {who} (12 weeks)",
                base[f"dashboard_page_{who}"],
                indexed[f"dashboard_page_{who}"],
                500,
            )
        )
        print(
            _line(
                f"  same, charts drawn afresh ({who})",
                base[f"dashboard_fresh_{who}"],
                indexed[f"dashboard_fresh_{who}"],
                500,
            )
        )
    print("\nqueue API per filter (p95 ms, baseline -> indexed):")
    for key, samples in indexed["per_filter"].items():
        print(
            f"  {key:<45} {_pct(base['per_filter'][key], 0.95):7.1f} -> {_pct(samples, 0.95):6.1f}"
        )


async def main(args: argparse.Namespace) -> None:
    now = datetime.now(UTC)
    reuse = False
    if args.database:
        name = args.database
        url, new = await open_database(args.url, name)
        found = 0 if new else await loaded_tickets(url)
        if not new and found != args.tickets:
            raise SystemExit(
                f"database {name} holds {found:,} loaded tickets, not {args.tickets:,}: "
                "drop it or choose another name"
            )
        reuse = found == args.tickets
    else:
        name, url = await create_database(args.url)
    print(f"database {name}" + (" (reused: loaded before)" if reuse else ""))
    try:
        if reuse:
            await prepare_reused(url)
        else:
            loaded = await load(url, args.tickets, now)
            print(f"loaded {args.tickets:,} complaints + tickets with COPY in {loaded:.1f} s")
            kept, rows = await keep_week_figures(url)
            print(f"weekly figures kept: {rows:,} rows of ticket_week_stat built in {kept:.1f} s")
            if args.database:
                await mark_loaded(url, args.tickets)
        users = await add_users(url)
        base = await measure(url, users, args.requests)
        built = await add_supporting_indexes(url)
        print(f"supporting indexes built in {built:.1f} s: {', '.join(SUPPORTING_INDEXES)}")
        indexed = await measure(url, users, args.requests)
        report(base, indexed, args)
        recount = await recount_12_weeks(url, max(args.requests // 10, 5))
        print(
            f"\nbaseline for the dashboard: the full recount of 12 weeks it used to run "
            f"(stats.count_tickets, every unit): p50 {statistics.median(recount):.1f}  "
            f"p95 {_pct(recount, 0.95):.1f} ms"
        )
        if args.json:
            raw = json.dumps({"baseline": base, "indexed": indexed})
            await asyncio.to_thread(Path(args.json).write_text, raw)
    finally:
        if args.keep or args.database:
            print(f"kept database {name}: {url}")
        else:
            await drop_database(args.url, name)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=240)
    parser.add_argument("--url", default=DEFAULT_URL, help="PostgreSQL server (no database)")
    parser.add_argument("--keep", action="store_true", help="do not drop the database")
    parser.add_argument("--json", help="also write the raw timings to this file")
    parser.add_argument(
        "--database", help="load into this database once and reuse it on later runs (kept)"
    )
    asyncio.run(main(parser.parse_args()))
