"""The weekly report (周报): the county's figures of one ISO week, the ranking (通报排名) of
task forces and townships, and an eight-week trend — as an XLSX workbook (汇总, 专班排名,
属地排名) and an HTML page of SVG charts that opens without internet."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from intake.localtime import as_utc, local_date, local_text
from intake.reports import sheets
from intake.reports.charts import bar_chart, line_chart
from intake.reports.dashboard import pct, yuan
from intake.reports.ledger import spreadsheet_value
from intake.reports.ranking import FORMULA, NO_CASES, RankedUnit, Ranking, load_ranking
from intake.reports.stats import Counts, Weeks, by_week, count_tickets, totals
from models import Ticket
from models.codes.ticket_status import Status

TREND_WEEKS = 8
_WEEK_RE = re.compile(r"^\s*(\d{4})-?W(\d{1,2})\s*$", re.IGNORECASE)


class WeekError(ValueError):
    pass


# weeks the reports can be asked about (counting weeks back or on from 9999 overflows dates)
FIRST_YEAR, LAST_YEAR = 2000, 2100


def parse_week(text: str | None, *, today: date) -> date:
    """The Monday of ISO week `YYYY-Www`; without it, of the last complete week."""
    if not text:
        return today - timedelta(days=today.weekday(), weeks=1)
    m = _WEEK_RE.match(text)
    if not m:
        raise WeekError(f"week {text!r} is not like 2026-W10")
    if not FIRST_YEAR <= int(m.group(1)) <= LAST_YEAR:
        raise WeekError(f"week {text!r} is not between {FIRST_YEAR} and {LAST_YEAR}")
    try:
        return date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
    except ValueError as exc:
        raise WeekError(f"week {text!r} does not exist: {exc}") from None


def week_label(monday: date) -> str:
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


@dataclass
class WeeklyReport:
    monday: date
    generated_at: datetime
    this_week: Counts
    last_week: Counts
    ranking: Ranking
    trend_weeks: Weeks
    trend: list[Counts]
    latest_with_data: date | None = None  # the Monday of the latest week with cases

    @property
    def empty_note(self) -> str:
        """For a week without cases: say so, and where the latest figures are."""
        if self.this_week.received:
            return ""
        if self.latest_with_data is None:
            return "本周没有收到投诉，此前也没有任何投诉记录。"
        latest = week_label(self.latest_with_data)
        return (
            f"本周没有收到投诉，下列数字均为零。最近有投诉的一周是 {latest}"
            f"（可用 anxin report weekly --week {latest} 生成）。"
        )

    @property
    def label(self) -> str:
        return week_label(self.monday)

    @property
    def period(self) -> str:
        return f"{self.monday:%Y-%m-%d} 至 {self.monday + timedelta(days=6):%Y-%m-%d}"


async def build_weekly_report(
    session: AsyncSession, *, monday: date, now: datetime
) -> WeeklyReport:
    now = as_utc(now)
    trend_weeks = Weeks.ending_with(monday, TREND_WEEKS)
    rows = await count_tickets(
        session, since=trend_weeks.since, until=trend_weeks.until, now=now, weeks=trend_weeks
    )
    weekly = by_week(rows)
    last = len(trend_weeks.starts) - 1
    this_week_rows = [r for r in rows if r.week == last]
    this_week = totals(this_week_rows)
    latest = None
    if not this_week.received:
        latest = await latest_week_with_cases(session, before=trend_weeks.until)
    return WeeklyReport(
        monday=monday,
        generated_at=now,
        this_week=this_week,
        last_week=weekly.get(last - 1, Counts()),
        ranking=await load_ranking(
            session,
            since=trend_weeks.boundary(monday),
            until=trend_weeks.until,
            now=now,
            rows=this_week_rows,
        ),
        trend_weeks=trend_weeks,
        trend=[weekly.get(i, Counts()) for i in range(len(trend_weeks.starts))],
        latest_with_data=latest,
    )


async def latest_week_with_cases(session: AsyncSession, *, before: datetime) -> date | None:
    """The Monday (local) of the latest week before `before` in which a ticket was received."""
    latest = await session.scalar(
        select(func.max(Ticket.created_at)).where(
            col(Ticket.created_at) < as_utc(before), col(Ticket.status) != Status.MERGED.value
        )
    )
    if latest is None:
        return None
    day = local_date(latest)
    return day - timedelta(days=day.weekday())


def _rate(rate: float | None) -> str:
    return "—" if rate is None else f"{100 * rate:.1f}%"


COUNT, RATE, YUAN_KIND, SCORE_KIND = "count", "rate", "yuan", "score"


def summary_rows(report: WeeklyReport) -> list[tuple[str, object, object, str]]:
    """(indicator, this week, last week, kind): numbers as numbers; rates as fractions."""
    now, before = report.this_week, report.last_week
    return [
        ("收到投诉（件）", now.received, before.received, COUNT),
        ("已受理（件）", now.accepted, before.accepted, COUNT),
        ("及时受理率", now.on_time_rate, before.on_time_rate, RATE),
        ("按期办结率", now.resolved_on_time_rate, before.resolved_on_time_rate, RATE),
        ("曾超期（件）", now.went_overdue, before.went_overdue, COUNT),
        ("已办结（件）", now.resolved, before.resolved, COUNT),
        ("已销号（件）", now.closed, before.closed, COUNT),
        ("仍在办理（件）", now.open_now, before.open_now, COUNT),
        ("投诉金额（元）", yuan(now.claimed_fen), yuan(before.claimed_fen), YUAN_KIND),
        ("追回金额（元）", yuan(now.recovered_fen), yuan(before.recovered_fen), YUAN_KIND),
        ("追回率", now.recovery_rate, before.recovery_rate, RATE),
        ("回访答复（件）", now.followup_answered, before.followup_answered, COUNT),
        ("满意率", now.satisfaction_rate, before.satisfaction_rate, RATE),
    ]


def shown(value: object, kind: str) -> str:
    """A figure as the pages show it."""
    if value is None:
        return "—"
    if kind == RATE and isinstance(value, float):
        return f"{100 * value:.1f}%"
    if kind == YUAN_KIND and isinstance(value, (int, float)):
        return f"{value:,.2f}"
    return str(value)


RANKING_COLUMNS: tuple[tuple[str, str], ...] = (
    ("排名", COUNT),
    ("单位", COUNT),
    ("得分", SCORE_KIND),
    ("收到", COUNT),
    ("及时受理率", RATE),
    ("按期办结率", RATE),
    ("曾超期", COUNT),
    ("已办结", COUNT),
    ("投诉金额（元）", YUAN_KIND),
    ("追回金额（元）", YUAN_KIND),
    ("追回率", RATE),
    ("满意率", RATE),
)
RANKING_HEADER = tuple(name for name, _ in RANKING_COLUMNS)
_FORMATS = {RATE: sheets.PERCENT, YUAN_KIND: sheets.YUAN, SCORE_KIND: sheets.SCORE}


def ranking_rows(units: list[RankedUnit]) -> list[list[object]]:
    """Numbers as numbers (rates as fractions); a unit without cases says so, unranked."""
    rows: list[list[object]] = []
    for u in units:
        c = u.counts
        if not c.received:
            rows.append([NO_CASES, u.name, None, 0, *([None] * 8)])
            continue
        rows.append(
            [
                u.rank,
                u.name,
                u.score,
                c.received,
                c.on_time_rate,
                c.resolved_on_time_rate,
                c.went_overdue,
                c.resolved,
                yuan(c.claimed_fen),
                yuan(c.recovered_fen),
                c.recovery_rate,
                c.satisfaction_rate,
            ]
        )
    return rows


def write_xlsx(report: WeeklyReport, path: Path) -> Path:
    workbook = Workbook()
    summary = workbook.active
    assert summary is not None
    summary.title = "汇总"
    summary.append([f"欠薪线索办理周报 {report.label}（{report.period}）"])
    summary["A1"].font = Font(bold=True, size=14)
    summary.append([f"生成时间：{local_text(report.generated_at)}"])
    summary.append([report.empty_note] if report.empty_note else [])
    summary.append(["指标", "本周", "上周"])
    for cell in summary[4]:
        cell.font = Font(bold=True)
    rows = summary_rows(report)
    for name, this, last, kind in rows:
        summary.append([name, this, last])
        for cell in summary[summary.max_row][1:]:
            if kind in _FORMATS:
                cell.number_format = _FORMATS[kind]
    sheets.set_widths(
        summary, sheets.fitted_widths(["指标", "本周", "上周"], (r[:3] for r in rows))
    )
    sheets.freeze_and_filter(summary, columns=3, rows=len(rows), top=4)
    for title, units in (
        ("专班排名", report.ranking.task_forces),
        ("属地排名", report.ranking.townships),
    ):
        _ranking_sheet(workbook, title, units)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


def _ranking_sheet(workbook: Workbook, title: str, units: list[RankedUnit]) -> None:
    sheet = workbook.create_sheet(title)
    sheet.append(list(RANKING_HEADER))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
    rows = ranking_rows(units)
    for row in rows:
        sheet.append([spreadsheet_value(v) for v in row])
        for cell, (_, kind) in zip(sheet[sheet.max_row], RANKING_COLUMNS, strict=True):
            if kind in _FORMATS and cell.value is not None:
                cell.number_format = _FORMATS[kind]
    sheets.set_widths(sheet, sheets.fitted_widths(RANKING_HEADER, rows))
    sheets.freeze_and_filter(sheet, columns=len(RANKING_HEADER), rows=len(rows))
    ranked = sum(1 for u in units if u.score is not None)
    if ranked:
        chart = BarChart()
        chart.type = "bar"
        chart.title = f"{title}得分"
        chart.y_axis.title = "得分"
        chart.y_axis.scaling.min = 0
        chart.y_axis.scaling.max = 100
        chart.legend = None
        chart.add_data(
            Reference(sheet, min_col=3, min_row=1, max_row=1 + ranked), titles_from_data=True
        )
        chart.set_categories(Reference(sheet, min_col=2, min_row=2, max_row=1 + ranked))
        chart.height = max(6.0, 0.7 * ranked)
        chart.width = 16.0
        sheet.add_chart(chart, f"{get_column_letter(len(RANKING_HEADER) + 2)}2")


def charts(report: WeeklyReport) -> list[str]:
    labels = report.trend_weeks.labels()
    ranked_tf = [u for u in report.ranking.task_forces if u.score is not None]
    ranked_town = [u for u in report.ranking.townships if u.score is not None]
    return [
        bar_chart(
            f"专班得分 {report.label}",
            [u.name for u in ranked_tf],
            {"得分": [u.score for u in ranked_tf]},
            horizontal=True,
            upper=100,
        ),
        bar_chart(
            f"属地得分 {report.label}",
            [u.name for u in ranked_town],
            {"得分": [u.score for u in ranked_town]},
            horizontal=True,
            upper=100,
        ),
        line_chart(
            "近八周收到与超期（件）",
            labels,
            {
                "收到": [c.received for c in report.trend],
                "曾超期": [c.went_overdue for c in report.trend],
                "已办结": [c.resolved for c in report.trend],
            },
        ),
        line_chart(
            "近八周及时受理率与满意率 %",
            labels,
            {
                "及时受理率": [pct(c.on_time_rate) for c in report.trend],
                "满意率": [pct(c.satisfaction_rate) for c in report.trend],
            },
            percent=True,
        ),
        bar_chart(
            "近八周投诉金额与追回金额（元）",
            labels,
            {
                "投诉金额": [yuan(c.claimed_fen) for c in report.trend],
                "追回金额": [yuan(c.recovered_fen) for c in report.trend],
            },
            money=True,
        ),
    ]


def _ranking_table(title: str, units: list[RankedUnit]) -> str:
    head = "".join(f"<th>{html.escape(name)}</th>" for name in RANKING_HEADER)
    body = []
    for row in ranking_rows(units):
        if row[0] == NO_CASES:
            body.append(
                f"<tr class='idle'><td>—</td><td>{html.escape(str(row[1]))}</td>"
                f"<td colspan='{len(RANKING_HEADER) - 2}'>{NO_CASES}</td></tr>"
            )
            continue
        cells = "".join(
            f"<td>{html.escape(shown(v, kind))}</td>"
            for v, (_, kind) in zip(row, RANKING_COLUMNS, strict=True)
        )
        body.append(f"<tr>{cells}</tr>")
    return (
        f"<h2>{html.escape(title)}</h2><table class='ranking'><tr>{head}</tr>"
        + "".join(body)
        + "</table>"
    )


def write_html(report: WeeklyReport, path: Path) -> Path:
    title = html.escape(f"欠薪线索办理周报 {report.label}（{report.period}）")
    rows = "".join(
        f"<tr><th>{html.escape(name)}</th><td>{html.escape(shown(a, kind))}</td>"
        f"<td>{html.escape(shown(b, kind))}</td></tr>"
        for name, a, b, kind in summary_rows(report)
    )
    figures = "".join(f"<figure>{svg}</figure>" for svg in charts(report))
    note = f"<p class='empty'>{html.escape(report.empty_note)}</p>" if report.empty_note else ""
    rankings = _ranking_table("通报排名 · 工作专班", report.ranking.task_forces) + _ranking_table(
        "通报排名 · 属地（乡镇、街道）", report.ranking.townships
    )
    page = f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title>
<style>
body {{ font-family: system-ui, "Noto Sans CJK SC", "PingFang SC", sans-serif; margin: 24px;
       color: #1d2733; }}
table {{ border-collapse: collapse; margin-bottom: 24px; }}
th, td {{ border: 1px solid #d0d7de; padding: 4px 12px; text-align: left; }}
td {{ text-align: right; }} table.ranking td:nth-child(2) {{ text-align: left; }}
tr.idle td {{ color: #6b7785; text-align: left; }}
figure {{ margin: 0 0 24px; max-width: 860px; }}
.empty {{ background: #fff4e5; padding: 10px 14px; border-radius: 6px; }}
.meta, .formula {{ color: #51606f; }}
</style></head>
<body><h1>{title}</h1>
<p class="meta">统计周：{html.escape(report.label)}（{html.escape(report.period)}，
按收到投诉的时间）；生成时间：{html.escape(local_text(report.generated_at))}</p>
{note}
<h2>本周概况</h2>
<table><tr><th>指标</th><th>本周</th><th>上周</th></tr>{rows}</table>
{figures}
<p class="formula">{html.escape(FORMULA)}</p>
{rankings}
</body></html>
"""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    return path


def write_report(report: WeeklyReport, out_dir: Path) -> list[Path]:
    stem = f"anxin-weekly-{report.label}"
    return [
        write_xlsx(report, out_dir / f"{stem}.xlsx"),
        write_html(report, out_dir / f"{stem}.html"),
    ]
