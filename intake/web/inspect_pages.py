"""The inspectors' pages under /inspect: the work queue, a ticket, a group of cases."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from intake.reports.queue import load_queue, parse_filter
from intake.reports.ranking import unit_rows
from intake.reports.ticket_view import TicketView, load_group, load_ticket_view
from intake.staff.access import Viewer
from intake.tickets import actions
from intake.web.deps import RowId
from intake.web.evidence_download import evidence_response
from intake.web.inspect_common import PageRoute, PageViewer, Session, render
from models.base import utcnow
from models.codes.priority import PRIORITY_LABELS
from models.codes.refusal_reason import REFUSAL_LABELS
from models.codes.ticket_outcome import OUTCOME_LABELS
from models.codes.ticket_status import Status

router = APIRouter(prefix="/inspect", route_class=PageRoute, include_in_schema=False)

STATUS_OPTIONS = [("open", "在办（未结束）"), ("all", "全部")] + [
    (s.value, s.label) for s in Status
]


async def unit_options(session: AsyncSession, viewer: Viewer) -> dict[str, Any]:
    """The task forces and townships this viewer may filter by (and the office transfer to)."""
    force_rows, towns = await unit_rows(session)  # one round trip
    all_forces = [(code, name) for code, name, _ in force_rows]
    if viewer.sees_all:
        return {"forces": all_forces, "towns": towns, "all_forces": all_forces, "all_towns": towns}
    mine_f = (
        all_forces if viewer.townships else [f for f in all_forces if f[0] in viewer.task_forces]
    )
    mine_t = towns if viewer.task_forces else [t for t in towns if t in viewer.townships]
    return {"forces": mine_f, "towns": mine_t, "all_forces": all_forces, "all_towns": towns}


def short_force_names(forces: list[tuple[str, str]]) -> dict[str, str]:
    """工程建设领域工作专班 -> 工程建设领域: the queue's column is narrow."""
    return {code: name.removesuffix("工作专班") or name for code, name in forces}


async def queue_options(session: AsyncSession, viewer: Viewer) -> dict[str, Any]:
    """unit_options and the short task force names, from the same rows."""
    options = await unit_options(session, viewer)
    return options | {"force_names": short_force_names(options["all_forces"])}


@router.get("", response_class=HTMLResponse)
async def queue(request: Request, viewer: PageViewer, session: Session) -> Response:
    flt = parse_filter(request.query_params)
    page = await load_queue(session, viewer=viewer, flt=flt)
    return render(
        request,
        "inspect/queue.html",
        {
            "page": page,
            "flt": flt,
            "viewer": viewer,
            "statuses": STATUS_OPTIONS,
            "priorities": list(PRIORITY_LABELS.items()),
            "query": lambda **changes: urlencode(flt.query_items(**changes)),
            "export_query": urlencode(flt.query_items(page=1, per_page=50)),
            **await queue_options(session, viewer),
        },
    )


async def ticket_page(
    request: Request,
    session: AsyncSession,
    viewer: Viewer,
    ticket_id: int,
    *,
    reveal_pii: bool = False,
    error: str | None = None,
    status: int = 200,
) -> Response:
    view: TicketView = await load_ticket_view(
        session, viewer=viewer, ticket_id=ticket_id, reveal_pii=reveal_pii, now=utcnow()
    )
    if reveal_pii:
        await session.commit()  # the audit row of this view
    return render(
        request,
        "inspect/ticket.html",
        {
            "v": view,
            "viewer": viewer,
            "error": error,
            "outcome_labels": OUTCOME_LABELS,
            "refusal_labels": REFUSAL_LABELS,
            **await unit_options(session, viewer),
        },
        status=status,
    )


@router.get("/tickets/{ticket_id}", response_class=HTMLResponse)
async def ticket(
    request: Request, ticket_id: RowId, viewer: PageViewer, session: Session
) -> Response:
    return await ticket_page(request, session, viewer, ticket_id)


@router.get("/tickets/{ticket_id}/evidence/{token}")
async def evidence_file(
    ticket_id: RowId, token: str, viewer: PageViewer, session: Session
) -> Response:
    """A file the worker sent through the web chat, to whoever may see its ticket."""
    return await evidence_response(session, viewer=viewer, ticket_id=ticket_id, token=token)


@router.get("/groups/{group_id}", response_class=HTMLResponse)
async def group(
    request: Request, group_id: RowId, viewer: PageViewer, session: Session
) -> Response:
    info = await load_group(session, viewer=viewer, group_id=group_id)
    return render(
        request,
        "inspect/group.html",
        {
            "g": info,
            "viewer": viewer,
            "may_act": viewer.sees_all or info.hidden_count == 0,
            # what makes sense for a whole group at once (each ticket checks its status)
            "group_action_list": [
                s.action
                for s in actions.registered()
                if s.for_groups and actions.staff_may(viewer, s.value)
            ],
            "outcome_labels": OUTCOME_LABELS,
            **await unit_options(session, viewer),
        },
    )
