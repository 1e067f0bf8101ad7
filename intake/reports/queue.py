"""The work queue: tickets a viewer may see, filtered and paged, newest first.

Filters arrive as strings (a query string, a form); `parse_filter` turns them into a
QueueFilter or raises FilterError with a message a person can act on. The total is counted
up to COUNT_CAP rows so that a page of a large queue stays fast; beyond it the page says
"10000+".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from sqlalchemy import ColumnElement, Select, bindparam, false, func, true
from sqlalchemy import select as sa_select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from intake.reports.masking import mask_name, mask_phone
from intake.staff.access import Viewer
from intake.tickets.sla import as_utc
from models import Complaint, Employer, Ticket
from models.codes.ticket_status import OPEN_STATUSES, Status

COUNT_CAP = 10_000
STATUS_CHOICES = ("open", "all", *(s.value for s in Status))


def open_clause() -> ColumnElement[bool]:
    """`status IN ('new', ...)` with the values written into the SQL, so that PostgreSQL
    can match it against the partial indexes of unfinished tickets (models/cases.py)."""
    values: Any = bindparam(
        "open_statuses", list(OPEN_STATUSES), expanding=True, literal_execute=True
    )
    return col(Ticket.status).in_(values)


class FilterError(ValueError):
    """A filter value that cannot be used; `zh`/`en` say which and why."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh = zh
        self.en = en


class QueueFilter(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore", str_strip_whitespace=True)

    status: str = "open"
    priority: str | None = Field(None, max_length=16, pattern=r"^[a-z_]+$")
    task_force: str | None = Field(None, max_length=32)
    township: str | None = Field(None, max_length=64)
    overdue: bool | None = None
    group: int | None = Field(None, ge=1)
    page: int = Field(1, ge=1, le=100_000)
    per_page: int = Field(50, ge=1, le=200)

    @field_validator("*", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: Any, info: Any) -> Any:
        # an HTML <select> sends "" for "全部"
        if isinstance(value, str) and not value.strip():
            return cls.model_fields[info.field_name].default
        return value

    @field_validator("status")
    @classmethod
    def _known_status(cls, value: str) -> str:
        if value not in STATUS_CHOICES:
            raise ValueError(f"unknown status {value!r}; use one of {', '.join(STATUS_CHOICES)}")
        return value

    def query_items(self, **changes: Any) -> list[tuple[str, str]]:
        """The filter as query-string pairs (for paging links and export links)."""
        data = self.model_dump() | changes
        out: list[tuple[str, str]] = []
        for key, value in data.items():
            default = type(self).model_fields[key].default
            if value is None or value == default:
                continue
            out.append((key, "1" if value is True else "0" if value is False else str(value)))
        return out


_FIELD_ZH = {
    "status": "状态",
    "priority": "优先级",
    "task_force": "专班",
    "township": "属地",
    "overdue": "是否超期",
    "group": "案件组",
    "page": "页码",
    "per_page": "每页条数",
}


def parse_filter(params: Mapping[str, Any]) -> QueueFilter:
    try:
        return QueueFilter.model_validate(dict(params))
    except ValidationError as exc:
        first = exc.errors()[0]
        name = str(first["loc"][0]) if first.get("loc") else ""
        given = params.get(name, "")
        raise FilterError(
            f"筛选条件「{_FIELD_ZH.get(name, name)}」的值「{given}」无效",
            f"invalid filter {name}={given!r}: {first.get('msg', '')}",
        ) from None


@dataclass(frozen=True)
class QueueRow:
    id: int
    number: str
    status: str
    priority: str
    task_force_code: str
    township: str
    overdue: bool
    created_at: datetime
    accept_due_at: datetime | None
    resolve_due_at: datetime | None
    employer: str
    project: str
    amount_fen: int | None
    headcount: int | None
    complainant: str  # masked
    phone: str  # masked
    group_id: int | None
    version: int

    @property
    def status_label(self) -> str:
        return Status(self.status).label


@dataclass(frozen=True)
class QueuePage:
    rows: list[QueueRow]
    filter: QueueFilter
    total: int  # capped at COUNT_CAP + 1
    capped: bool

    @property
    def pages(self) -> int:
        return max(
            (min(self.total, COUNT_CAP) + self.filter.per_page - 1) // self.filter.per_page, 1
        )

    @property
    def has_next(self) -> bool:
        return self.filter.page < self.pages or (
            self.capped and len(self.rows) == self.filter.per_page
        )


def check_filter_access(viewer: Viewer, flt: QueueFilter) -> None:
    """A filter that names another unit is refused (AccessDenied), not answered empty."""
    viewer.check_task_force(flt.task_force)
    viewer.check_township(flt.township)


def ticket_conditions(viewer: Viewer, flt: QueueFilter) -> list[ColumnElement[bool]]:
    """WHERE conditions on Ticket (and Complaint, for the group filter)."""
    where: list[ColumnElement[bool]] = []
    scope = viewer.ticket_clause()
    if scope is not None:
        where.append(scope)
    if flt.status == "open":
        where.append(open_clause())
    elif flt.status != "all":
        where.append(col(Ticket.status) == flt.status)
    if flt.priority:
        where.append(col(Ticket.priority) == flt.priority)
    if flt.task_force:
        where.append(col(Ticket.task_force_code) == flt.task_force)
    if flt.township:
        where.append(col(Ticket.township) == flt.township)
    if flt.overdue is not None:
        # `= true`, not `IS true`: only the former can use an index
        where.append(col(Ticket.overdue) == (true() if flt.overdue else false()))
    if flt.group is not None:
        where.append(col(Complaint.group_id) == flt.group)
    return where


def _filtered_ids(viewer: Viewer, flt: QueueFilter) -> Select[Any]:
    stmt = select(Ticket.id)
    if flt.group is not None:
        stmt = stmt.join(Complaint, col(Complaint.id) == col(Ticket.complaint_id))
    return stmt.where(*ticket_conditions(viewer, flt))


def _capped_count(viewer: Viewer, flt: QueueFilter) -> Select[Any]:
    return select(func.count()).select_from(
        _filtered_ids(viewer, flt).limit(COUNT_CAP + 1).subquery()
    )


async def load_queue(session: AsyncSession, *, viewer: Viewer, flt: QueueFilter) -> QueuePage:
    check_filter_access(viewer, flt)
    # The page's ids first (an index-only scan when the filters' columns are in the
    # index), then their rows: a sparse filter does not fetch every skipped row. The capped
    # count rides along as a scalar subquery (evaluated once): one round trip, not two.
    page_ids = (
        _filtered_ids(viewer, flt)
        .order_by(col(Ticket.id).desc())
        .limit(flt.per_page)
        .offset((flt.page - 1) * flt.per_page)
    )
    stmt = (
        sa_select(
            col(Ticket.id),
            col(Ticket.number),
            col(Ticket.status),
            col(Ticket.priority),
            col(Ticket.task_force_code),
            col(Ticket.township),
            col(Ticket.overdue),
            col(Ticket.created_at),
            col(Ticket.accept_due_at),
            col(Ticket.resolve_due_at),
            col(Ticket.version),
            col(Complaint.employer_name_typed),
            col(Complaint.project_name),
            col(Complaint.amount_fen),
            col(Complaint.headcount),
            col(Complaint.complainant_name),
            col(Complaint.phone),
            col(Complaint.group_id),
            col(Employer.name),
            _capped_count(viewer, flt).scalar_subquery().label("capped_total"),
        )
        .join(Complaint, col(Complaint.id) == col(Ticket.complaint_id))
        .outerjoin(Employer, col(Employer.id) == col(Complaint.employer_id))
        .where(col(Ticket.id).in_(page_ids.scalar_subquery()))
        .order_by(col(Ticket.id).desc())
    )
    found = (await session.execute(stmt)).all()
    if found:
        total = int(found[0].capped_total)
    elif flt.page == 1:
        total = 0  # nothing matches
    else:  # a page past the end: the count alone
        total = int(await session.scalar(_capped_count(viewer, flt)) or 0)
    rows = [_row(r) for r in found]
    return QueuePage(rows=rows, filter=flt, total=total, capped=total > COUNT_CAP)


def _row(r: Any) -> QueueRow:
    return QueueRow(
        id=r.id,
        number=r.number,
        status=r.status,
        priority=r.priority,
        task_force_code=r.task_force_code,
        township=r.township,
        overdue=bool(r.overdue),
        created_at=as_utc(r.created_at),
        accept_due_at=as_utc(r.accept_due_at) if r.accept_due_at else None,
        resolve_due_at=as_utc(r.resolve_due_at) if r.resolve_due_at else None,
        employer=r.name or r.employer_name_typed or "",
        project=r.project_name or "",
        amount_fen=r.amount_fen,
        headcount=r.headcount,
        complainant=mask_name(r.complainant_name),
        phone=mask_phone(r.phone),
        group_id=r.group_id,
        version=r.version,
    )
