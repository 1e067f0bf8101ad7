"""台账: the ledger of tickets a viewer may see, as CSV or XLSX.

Rows are read in id-ordered chunks (keyset paging), so a large export neither holds the
whole table in memory nor slows down with depth. The complainant's name, phone and ID
number are masked unless the caller asked for them and may have them (the office); the
export itself is audited by the caller (pii.record_export).
"""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from intake.localtime import to_local
from intake.reports import sheets
from intake.reports.masking import mask_id_number, mask_name, mask_phone
from intake.reports.queue import QueueFilter, check_filter_access, ticket_conditions
from intake.staff.access import AccessDenied, Viewer
from models import Complaint, Employer, TaskForce, Ticket
from models.codes.priority import priority_label
from models.codes.ticket_outcome import OUTCOME_LABELS, TicketOutcome
from models.codes.ticket_status import Status

CHUNK = 2000
XLSX_MAX_ROWS = 1_048_575  # Excel's limit, less the header

HEADER = (
    "工单编号",
    "收到时间",
    "专班",
    "属地",
    "用人单位",
    "项目",
    "工种",
    "投诉人",
    "联系电话",
    "身份证号",
    "人数",
    "欠薪金额（元）",
    "状态",
    "优先级",
    "受理期限",
    "受理时间",
    "办结期限",
    "办结时间",
    "办结方式",
    "追回金额（元）",
    "回访：拿到工资",
    "回访：满意",
    "曾超期",
    "当前超期",
    "销号时间",
    "案件组",
)


def _local(moment: datetime | None) -> datetime | None:
    """Local wall-clock time without zone (spreadsheets have no time zones)."""
    if moment is None:
        return None
    return to_local(moment).replace(tzinfo=None, microsecond=0)


def _deadline(moment: datetime | None) -> str:
    """As the pages show it: a deadline at midnight is 24:00 of the day before."""
    # the pages' one formatting function; imported here as ticket_view imports this module
    from intake.reports.ticket_view import format_deadline

    return "" if moment is None else format_deadline(moment)


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("是" if value else "否")


def _outcome(code: str | None) -> str:
    try:
        return OUTCOME_LABELS[TicketOutcome(code)] if code else ""
    except ValueError:
        return code or ""


def _yuan(fen: int | None) -> float | None:
    return None if fen is None else round(fen / 100, 2)


def check_export(viewer: Viewer, flt: QueueFilter, *, with_pii: bool) -> None:
    check_filter_access(viewer, flt)
    if with_pii and not viewer.may_export_pii:
        raise AccessDenied(
            "只有联席办可以导出未脱敏的个人信息",
            "only the office may export unmasked personal data",
        )


async def ledger_rows(
    session: AsyncSession, *, viewer: Viewer, flt: QueueFilter, with_pii: bool
) -> AsyncIterator[list[Any]]:
    """The ledger's rows (without the header), newest ticket first."""
    check_export(viewer, flt, with_pii=with_pii)
    forces = dict((await session.execute(select(TaskForce.code, TaskForce.name))).tuples().all())
    conditions = ticket_conditions(viewer, flt)
    last_id: int | None = None
    while True:
        stmt = (
            select(Ticket, Complaint, Employer.name)
            .join(Complaint, col(Complaint.id) == col(Ticket.complaint_id))
            .outerjoin(Employer, col(Employer.id) == col(Complaint.employer_id))
            .where(*conditions)
            .order_by(col(Ticket.id).desc())
            .limit(CHUNK)
        )
        if last_id is not None:
            stmt = stmt.where(col(Ticket.id) < last_id)
        chunk = (await session.execute(stmt)).all()
        for ticket, complaint, employer_name in chunk:
            yield _ledger_row(ticket, complaint, employer_name, forces, with_pii)
        if len(chunk) < CHUNK:
            return
        last_id = chunk[-1][0].id
        session.expunge_all()  # keep memory flat over a long export


def _ledger_row(
    t: Ticket, c: Complaint, employer_name: str | None, forces: dict[str, str], with_pii: bool
) -> list[Any]:
    return [
        t.number,
        _local(t.created_at),
        forces.get(t.task_force_code, t.task_force_code),
        t.township,
        employer_name or c.employer_name_typed,
        c.project_name,
        c.work_type,
        c.complainant_name if with_pii else mask_name(c.complainant_name),
        c.phone if with_pii else mask_phone(c.phone),
        (c.id_number or "") if with_pii else mask_id_number(c.id_number),
        c.headcount,
        _yuan(c.amount_fen),
        Status(t.status).label,
        priority_label(t.priority),
        _deadline(t.accept_due_at),
        _local(t.accepted_at),
        _deadline(t.resolve_due_at),
        _local(t.resolved_at),
        _outcome(t.outcome_code),
        _yuan(t.recovered_fen),
        _yes_no(t.followup_paid),
        _yes_no(t.followup_satisfied),
        _yes_no(t.escalated_at is not None or t.overdue),
        _yes_no(t.overdue),
        _local(t.closed_at),
        c.group_id or "",
    ]


# A cell a spreadsheet would read as a formula (OWASP's list), when the file is opened
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _defused(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, float):  # amounts in 元, as the pages show them
        return f"{value:,.2f}"
    if value is None:
        return ""
    if isinstance(value, str):
        return _defused(value)
    return value


async def csv_chunks(rows: AsyncIterator[list[Any]]) -> AsyncIterator[bytes]:
    """UTF-8 with a BOM, so Excel opens the Chinese text correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    yield ("\ufeff" + buffer.getvalue()).encode("utf-8")
    count = 0
    buffer.seek(0)
    buffer.truncate()
    async for row in rows:
        writer.writerow([_csv_value(v) for v in row])
        count += 1
        if count % 500 == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


# columns whose numbers get a format: amounts in 元 and local times
_NUMBER_FORMATS = {
    HEADER.index("欠薪金额（元）"): sheets.YUAN,
    HEADER.index("追回金额（元）"): sheets.YUAN,
    HEADER.index("收到时间"): sheets.DATETIME,
    HEADER.index("受理时间"): sheets.DATETIME,
    HEADER.index("办结时间"): sheets.DATETIME,
    HEADER.index("销号时间"): sheets.DATETIME,
}
WIDTH_SAMPLE = 1000  # rows the column widths are fitted to (the sheet streams the rest)


async def xlsx_bytes(rows: AsyncIterator[list[Any]], *, title: str = "台账") -> bytes:
    """The ledger as a workbook: fitted widths, a frozen header with filters, amounts and
    times as numbers with formats. Streams: only the first rows are held, to fit widths."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    first: list[list[Any]] = []
    async for row in rows:
        first.append(row)
        if len(first) >= WIDTH_SAMPLE:
            break
    sheets.set_widths(sheet, sheets.fitted_widths(HEADER, first))
    sheet.freeze_panes = "A2"
    sheet.append(sheets.header_cells(sheet, HEADER))
    count = 0

    def write(row: list[Any]) -> None:
        sheet.append(
            [
                sheets.formatted(sheet, spreadsheet_value(v), _NUMBER_FORMATS.get(i))
                for i, v in enumerate(row)
            ]
        )

    for row in first:
        write(row)
        count += 1
    if len(first) >= WIDTH_SAMPLE:
        async for row in rows:
            if count >= XLSX_MAX_ROWS:
                break
            write(row)
            count += 1
    sheets.freeze_and_filter(sheet, columns=len(HEADER), rows=count)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def spreadsheet_value(value: Any) -> Any:
    """Whatever is stored can be written: characters XML 1.0 forbids (openpyxl raises on them,
    which failed the whole download) are dropped, and no text becomes a formula."""
    if isinstance(value, str):
        return _defused(ILLEGAL_CHARACTERS_RE.sub("", value))
    return value
