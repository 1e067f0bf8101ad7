"""The admin home page's figures: what there is, what is open, and who changed what lately."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from models import AuditLog, Complaint, Employer, TaskForce, Ticket, Township, User
from models.cases import OPEN_TICKET_SQL
from routing import versions

RECENT = 12


async def _count(session: AsyncSession, model: Any, *where: Any) -> int:
    return int(await session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


async def summary(session: AsyncSession) -> dict[str, Any]:
    published = await versions.published_row(session)
    recent = list(
        await session.scalars(select(AuditLog).order_by(col(AuditLog.id).desc()).limit(RECENT))
    )
    actor_ids = {a.actor_user_id for a in recent if a.actor_user_id is not None}
    names = {
        u.id: u.display_name or u.username
        for u in await session.scalars(select(User).where(col(User.id).in_(actor_ids)))
    }
    return {
        "counts": [
            ("未办结工单", await _count(session, Ticket, text(OPEN_TICKET_SQL)), "/inspect"),
            (
                "已超期未办结",
                await _count(session, Ticket, text(OPEN_TICKET_SQL), col(Ticket.overdue).is_(True)),
                None,
            ),
            ("累计投诉", await _count(session, Complaint), None),
            ("工作专班", await _count(session, TaskForce), "/admin/task-force/list"),
            ("乡镇（街道）", await _count(session, Township), "/admin/township/list"),
            ("用人单位名录", await _count(session, Employer), "/admin/employer/list"),
            ("用户", await _count(session, User), "/admin/user/list"),
        ],
        "published": published,
        "recent": [(a, names.get(a.actor_user_id or -1, "系统")) for a in recent],
    }
