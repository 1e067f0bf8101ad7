"""Demo data: the county's townships, the eight task forces, the default routing table,
a sample employer registry and one account per role."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import select

from intake.demo.reference import TASK_FORCES, township_specs
from intake.staff.accounts import create_user, generate_password
from models import TaskForce, Township, TownshipAlias, User
from routing import versions
from routing.employers.importer import parse_registry_csv
from routing.employers.service import import_records
from routing.rules import DEFAULT_TABLE_PATH

SAMPLE_REGISTRY = Path(__file__).parent / "registry_sample.csv"


@dataclass
class SeedReport:
    townships: int = 0
    task_forces: int = 0
    employers: int = 0
    routing_version: int | None = None
    passwords: dict[str, str] = field(default_factory=dict)  # printed once, never stored
    demo_accounts_present: bool = False  # a database seeded earlier (its key file may be new)


async def is_empty(session: AsyncSession) -> bool:
    return not await session.scalar(select(func.count()).select_from(Township))


async def seed_reference(session: AsyncSession, report: SeedReport) -> None:
    for town in township_specs():
        township = Township(name=town.name, division_code=town.code)
        session.add(township)
        await session.flush()
        assert township.id is not None
        for alias in town.aliases:
            session.add(TownshipAlias(township_id=township.id, alias=alias))
        report.townships += 1
    for spec in TASK_FORCES:
        session.add(
            TaskForce(
                code=spec.code,
                name=spec.name,
                lead_bureaus=spec.lead_bureaus,
                is_office=spec.is_office,
            )
        )
        report.task_forces += 1
    await session.flush()


DEMO_USERS = (
    # username, role, display name, task forces, townships
    ("admin", "admin", "系统管理员", (), ()),
    ("office", "supervisor", "联席办督办员", (), ()),
    ("zhuanban1", "inspector", "工程建设专班监察员", ("TF1_CONSTRUCTION",), ()),
    ("shaolin", "inspector", "少林街道劳动保障所", (), ("少林街道",)),
)


async def seed_users(session: AsyncSession, report: SeedReport) -> None:
    for username, role, display, tfs, towns in DEMO_USERS:
        if await session.scalar(select(User).where(User.username == username)):
            continue
        password = generate_password()
        await create_user(
            session,
            username=username,
            password=password,
            role=role,
            display_name=display,
            task_force_codes=tfs,
            township_names=towns,
        )
        report.passwords[username] = password


async def seed_routing_table(session: AsyncSession, report: SeedReport) -> None:
    """Publish the packaged default table as the first version."""
    draft = await versions.save_draft(
        session, yaml_text=DEFAULT_TABLE_PATH.read_text(encoding="utf-8"), comment="默认路由表"
    )
    published = await versions.publish(session, number=draft.version, user_id=None)
    report.routing_version = published.version


async def seed_registry(session: AsyncSession, report: SeedReport, path: Path) -> None:
    records, errors = parse_registry_csv(path)
    if errors:
        raise ValueError(f"{path}: " + "; ".join(str(e) for e in errors[:5]))
    imported = await import_records(session, records=records)
    report.employers = imported.stored


async def seed_demo(session: AsyncSession, *, registry_csv: Path | None = None) -> SeedReport:
    """Fill an empty database. Refuses to touch one that already has reference data."""
    report = SeedReport()
    if not await is_empty(session):
        demo_names = [username for username, *_ in DEMO_USERS]
        found = await session.scalar(
            select(func.count()).select_from(User).where(User.username.in_(demo_names))  # type: ignore[attr-defined]
        )
        report.demo_accounts_present = found == len(demo_names)
        return report
    await seed_reference(session, report)
    await seed_registry(session, report, registry_csv or SAMPLE_REGISTRY)
    await seed_routing_table(session, report)
    await seed_users(session, report)
    return report
