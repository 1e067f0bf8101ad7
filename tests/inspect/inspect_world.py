"""A small invented county for the inspector-side tests: three task forces, three
townships, one account per kind of user, and tickets spread so that every access rule
has something to refuse."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache

import httpx
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import select

from intake.staff.accounts import hash_password
from intake.tickets import service
from intake.tickets.sla import SlaPolicy
from models import (
    Complaint,
    RoutingDecisionRecord,
    TaskForce,
    Ticket,
    Township,
    User,
    UserTaskForce,
    UserTownship,
)
from models.base import utcnow

PASSWORD = "correct-horse-9"
USERS = {
    # username: (role, task forces, townships)
    "tf1": ("inspector", ("TF1_CONSTRUCTION",), ()),
    "tf7": ("inspector", ("TF7_SME",), ()),
    "shaolin": ("inspector", (), ("少林街道",)),
    "nobody": ("inspector", (), ()),
    "office": ("supervisor", (), ()),
    "root": ("admin", (), ()),
}
PHONE = "13812345678"
ID_NUMBER = "41018519900101123X"
NAME = "王小明"


@dataclass
class World:
    now: datetime
    tickets: dict[str, Ticket] = field(default_factory=dict)
    groups: dict[str, int] = field(default_factory=dict)  # ticket key -> case group id

    def group_of(self, key: str) -> int:
        return self.groups[key]

    def id(self, key: str) -> int:
        ticket_id = self.tickets[key].id
        assert ticket_id is not None
        return ticket_id


async def _ticket(
    session: AsyncSession,
    *,
    key: str,
    task_force: str,
    township: str,
    now: datetime,
    employer: str,
    project: str = "",
    amount_fen: int = 1_200_000,
    headcount: int = 1,
    phone: str = "13900000000",
    name: str = "赵六",
    id_number: str | None = None,
) -> tuple[Ticket, int | None]:
    complaint = Complaint(
        idempotency_key=f"world-{key}",
        channel="web",
        external_id=f"chat-{key}",
        complainant_name=name,
        phone=phone,
        id_number=id_number,
        employer_name_typed=employer,
        employer_unmatched=True,
        project_name=project,
        township=township,
        work_type="钢筋工",
        amount_fen=amount_fen,
        headcount=headcount,
        description=f"我叫{name}，电话{phone}，{employer}欠我工资。",
        created_at=now,
    )
    session.add(complaint)
    await session.flush()
    assert complaint.id is not None
    session.add(
        RoutingDecisionRecord(
            complaint_id=complaint.id,
            table_version="v1",
            rule_key="construction_sector",
            task_force_code=task_force,
            township=township,
            priority="normal",
            reasons=[f"测试理由：{employer} 属于 {task_force}"],
        )
    )
    ticket = await service.open_ticket(
        session,
        complaint=complaint,
        task_force_code=task_force,
        township=township,
        priority="normal",
        now=now,
        policy=SlaPolicy(),
    )
    return ticket, complaint.group_id


@lru_cache(maxsize=1)
def _password_hash() -> str:
    return hash_password(PASSWORD)  # argon2 is slow on purpose: hash once per test run


async def add_users(session: AsyncSession) -> None:
    """The accounts of USERS (the task forces and townships must exist)."""
    forces = {tf.code: tf.id for tf in await session.scalars(select(TaskForce))}
    towns = {t.name: t.id for t in await session.scalars(select(Township))}
    for username, (role, codes, names) in USERS.items():
        user = User(
            username=username, display_name=username, password_hash=_password_hash(), role=role
        )
        session.add(user)
        await session.flush()
        assert user.id is not None
        for code in codes:
            session.add(UserTaskForce(user_id=user.id, task_force_id=forces[code]))
        for name in names:
            session.add(UserTownship(user_id=user.id, township_id=towns[name]))
    await session.flush()


async def seed_world(session: AsyncSession, *, now: datetime | None = None) -> World:
    now = now or utcnow() - timedelta(hours=2)
    session.add_all(
        [
            TaskForce(code="TF1_CONSTRUCTION", name="工程建设领域工作专班"),
            TaskForce(code="TF7_SME", name="中小企业工作专班"),
            TaskForce(code="OFFICE", name="联席会议办公室", is_office=True),
            Township(name="少林街道"),
            Township(name="中岳街道"),
            Township(name="大冶镇"),
        ]
    )
    await session.flush()
    await add_users(session)
    world = World(now=now)
    specs = {
        # key: task force, township, employer, project
        "tf1_zhongyue": ("TF1_CONSTRUCTION", "中岳街道", "青石路桥工程有限公司", "嵩山大道"),
        "tf1_group": ("TF1_CONSTRUCTION", "中岳街道", "青石路桥工程有限公司", "嵩山大道"),
        "tf7_daye": ("TF7_SME", "大冶镇", "大冶耐火材料厂", ""),
        "tf7_shaolin": ("TF7_SME", "少林街道", "少林素食餐饮店", ""),
        "tf1_shaolin": ("TF1_CONSTRUCTION", "少林街道", "塔沟劳务分包公司", ""),
    }
    for i, (key, (tf, town, employer, project)) in enumerate(specs.items()):
        first = i == 0  # the one whose personal data the tests look for
        world.tickets[key], group_id = await _ticket(
            session,
            key=key,
            task_force=tf,
            township=town,
            now=now + timedelta(minutes=i),
            employer=employer,
            project=project,
            phone=PHONE if first else "13900000000",
            name=NAME if first else "赵六",
            id_number=ID_NUMBER if first else None,
        )
        if group_id is not None:
            world.groups[key] = group_id
    await session.commit()
    return world


async def login(
    client: httpx.AsyncClient, username: str, password: str = PASSWORD
) -> httpx.Response:
    """Sign in through the login page, as a browser does (CSRF token from the form)."""
    page = await client.get("/login")
    token = csrf_of(page.text)
    return await client.post(
        "/login",
        data={"username": username, "password": password, "csrf": token, "next": "/inspect"},
        follow_redirects=False,
    )


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "no CSRF token in the page"
    return found.group(1)


async def bearer(client: httpx.AsyncClient, username: str) -> dict[str, str]:
    resp = await client.post("/api/auth/token", data={"username": username, "password": PASSWORD})
    assert resp.status_code == 200, resp.text
    return {"Authorization": f"Bearer {resp.json()['access_token']}"}
