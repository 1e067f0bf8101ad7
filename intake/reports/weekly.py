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
from sqlalchemy.ext.asyncio import AsyncSession

from intake.localtime import as_utc, local_text
from intake.reports.charts import bar_chart, line_chart
from intake.reports.dashboard import pct, yuan
from intake.reports.ledger import spreadsheet_value
from intake.reports.ranking import RankedUnit, Ranking, load_ranking
from intake.reports.stats import Counts, Weeks, by_week, count_tickets, totals

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
    return WeeklyReport(
        monday=monday,
        generated_at=now,
        this_week=totals(this_week_rows),
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
    )


def _rate(rate: float | None) -> str:
    return "—" if rate is None else f"{100 * rate:.1f}%"


def summary_rows(report: WeeklyReport) -> list[tuple[str, object, object]]:
    now, before = report.this_week, report.last_week
    return [
        ("收到投诉（件）", now.received, before.received),
        ("已受理（件）", now.accepted, before.accepted),
        ("及时受理率", _rate(now.on_time_rate), _rate(before.on_time_rate)),
        ("曾超期（件）", now.went_overdue, before.went_overdue),
        ("已办结（件）", now.resolved, before.resolved),
        ("已销号（件）", now.closed, before.closed),
        ("仍在办理（件）", now.open_now, before.open_now),
        ("投诉金额（元）", yuan(now.claimed_fen), yuan(before.claimed_fen)),
        ("追回金额（元）", yuan(now.recovered_fen), yuan(before.recovered_fen)),
        ("追回率", _rate(now.recovery_rate), _rate(before.recovery_rate)),
        ("回访答复（件）", now.followup_answered, before.followup_answered),
        ("满意率", _rate(now.satisfaction_rate), _rate(before.satisfaction_rate)),
    ]


RANKING_HEADER = (
    "排名",
    "单位",
    "得分",
    "收到",
    "及时受理率",
    "曾超期",
    "已办结",
    "投诉金额（元）",
    "追回金额（元）",
    "追回率",
    "满意率",
)


def ranking_rows(units: list[RankedUnit]) -> list[list[object]]:
    return [
        [
            u.rank if u.rank is not None else "—",
            u.name,
            u.score if u.score is not None else "—",
            u.counts.received,
            _rate(u.counts.on_time_rate),
            u.counts.went_overdue,
            u.counts.resolved,
            yuan(u.counts.claimed_fen),
            yuan(u.counts.recovered_fen),
            _rate(u.counts.recovery_rate),
            _rate(u.counts.satisfaction_rate),
        ]
        for u in units
    ]


def write_xlsx(report: WeeklyReport, path: Path) -> Path:
    workbook = Workbook()
    summary = workbook.active
    assert summary is not None
    summary.title = "汇总"
    summary.append([f"欠薪线索办理周报 {report.label}（{report.period}）"])
    summary["A1"].font = Font(bold=True, size=14)
    summary.append([f"生成时间：{local_text(report.generated_at)}"])
    summary.append([])
    summary.append(["指标", "本周", "上周"])
    for cell in summary[4]:
        cell.font = Font(bold=True)
    for row in summary_rows(report):
        summary.append(list(row))
    summary.column_dimensions["A"].width = 20
    summary.column_dimensions["B"].width = 16
    summary.column_dimensions["C"].width = 16
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
    for index, name in enumerate(RANKING_HEADER, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = 24 if name == "单位" else 12
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


def _shown(value: object) -> str:
    return f"{value:,.2f}" if isinstance(value, float) else str(value)


def write_html(report: WeeklyReport, path: Path) -> Path:
    title = html.escape(f"欠薪线索办理周报 {report.label}（{report.period}）")
    rows = "".join(
        f"<tr><th>{html.escape(name)}</th><td>{html.escape(_shown(a))}</td>"
        f"<td>{html.escape(_shown(b))}</td></tr>"
        for name, a, b in summary_rows(report)
    )
    figures = "".join(f"<figure>{svg}</figure>" for svg in charts(report))
    page = f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title>
<style>
body {{ font-family: system-ui, "Noto Sans CJK SC", "PingFang SC", sans-serif; margin: 24px;
       color: #1d2733; }}
table {{ border-collapse: collapse; margin-bottom: 24px; }}
th, td {{ border: 1px solid #d0d7de; padding: 4px 12px; text-align: left; }}
figure {{ margin: 0 0 24px; max-width: 860px; }}
</style></head>
<body><h1>{title}</h1>
<table><tr><th>指标</th><th>本周</th><th>上周</th></tr>{rows}</table>
{figures}
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
