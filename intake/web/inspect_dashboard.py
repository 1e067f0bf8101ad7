"""The dashboard page (/inspect/dashboard): figures, weekly charts and the ranking."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from intake.localtime import local_date
from intake.reports.dashboard import (
    UNIT_LABELS,
    dashboard_charts,
    load_dashboard,
    parse_dashboard_query,
)
from intake.reports.ranking import FORMULA, NO_CASES
from intake.tickets.sla import missing_holiday_years
from intake.web.inspect_common import PageRoute, PageViewer, Session, render
from intake.web.inspect_pages import unit_options
from models.base import utcnow

router = APIRouter(prefix="/inspect", route_class=PageRoute, include_in_schema=False)


@router.get("/dashboard", response_class=HTMLResponse)
async def dashboard(request: Request, viewer: PageViewer, session: Session) -> Response:
    query = parse_dashboard_query(request.query_params)
    board = await load_dashboard(session, viewer=viewer, query=query, now=utcnow())
    return render(
        request,
        "inspect/dashboard.html",
        {
            "d": board,
            "q": query,
            "viewer": viewer,
            "charts": dashboard_charts(board),
            "unit_labels": UNIT_LABELS,
            "holiday_gap": missing_holiday_years(local_date(utcnow())),
            "ranking_formula": FORMULA,
            "no_cases": NO_CASES,
            **await unit_options(session, viewer),
        },
    )
