"""The inspectors' JSON API: the queue, a ticket, its actions and follow-up, groups, the
ledger export, the dashboard and the ranking (bearer token, or the page session).

Errors are JSON `{"error", "message", "message_en"}`: TicketNotFound (and another unit's
ticket) 404, AccessDenied 403, TicketConflict 409, TransitionError / TicketInputError /
a bad filter 422.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Annotated, Any, Literal, Union

from fastapi import APIRouter, Body, Depends, Query, Request
from fastapi.responses import JSONResponse, Response
from fastapi.routing import APIRoute
from sqlalchemy.ext.asyncio import AsyncSession

from intake.localtime import local_date
from intake.reports.dashboard import (
    dashboard_json,
    load_dashboard,
    parse_dashboard_query,
    ranking_json,
)
from intake.reports.queue import FilterError, QueueRow, load_queue, parse_filter
from intake.reports.ranking import load_ranking
from intake.reports.stats import Weeks
from intake.reports.ticket_view import GroupInfo, TicketView, load_group, load_ticket_view
from intake.reports.weekly import WeekError, parse_week
from intake.staff.access import Viewer, load_viewer
from intake.tickets import actions, casework
from intake.tickets.actions import ActionInput
from intake.tickets.errors import TicketError
from intake.tickets.lifecycle import TransitionError
from intake.tickets.sla import as_utc
from intake.web import ticket_changes
from intake.web.auth import require_role
from intake.web.deps import RowId, get_session
from intake.web.evidence_download import evidence_response
from intake.web.inspect_common import STAFF_ROLES, error_status
from intake.web.inspect_export import export_response, wants_pii
from models import Ticket, User
from models.base import utcnow
from models.codes.ticket_status import Status


class JsonTicketErrors(APIRoute):
    """Ticket errors become JSON with their status code."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            try:
                return await handler(request)
            except (TicketError, FilterError) as exc:
                body: dict[str, Any] = {
                    "error": getattr(exc, "code", "invalid_input"),
                    "message": exc.zh,
                    "message_en": exc.en,
                }
                if isinstance(exc, TransitionError):
                    body["allowed"] = [a.value for a in exc.allowed]
                return JSONResponse(body, status_code=error_status(exc))

        return route


router = APIRouter(prefix="/api", tags=["inspectors"], route_class=JsonTicketErrors)
Session = Annotated[AsyncSession, Depends(get_session)]


async def api_viewer(
    user: Annotated[User, Depends(require_role(*STAFF_ROLES))], session: Session
) -> Viewer:
    return await load_viewer(session, user)


ApiViewer = Annotated[Viewer, Depends(api_viewer)]


def _iso(value: Any) -> str | None:
    return as_utc(value).isoformat() if value is not None else None


def row_json(row: QueueRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "number": row.number,
        "status": row.status,
        "status_label": row.status_label,
        "priority": row.priority,
        "task_force": row.task_force_code,
        "township": row.township,
        "overdue": row.overdue,
        "created_at": _iso(row.created_at),
        "accept_due_at": _iso(row.accept_due_at),
        "resolve_due_at": _iso(row.resolve_due_at),
        "employer": row.employer,
        "project": row.project,
        "amount_fen": row.amount_fen,
        "headcount": row.headcount,
        "complainant": row.complainant,
        "phone": row.phone,
        "group_id": row.group_id,
        "version": row.version,
    }


def ticket_json(t: Ticket) -> dict[str, Any]:
    return {
        "id": t.id,
        "number": t.number,
        "status": t.status,
        "status_label": Status(t.status).label,
        "priority": t.priority,
        "task_force": t.task_force_code,
        "township": t.township,
        "version": t.version,
        "overdue": t.overdue,
        "accept_due_at": _iso(t.accept_due_at),
        "resolve_due_at": _iso(t.resolve_due_at),
        "accepted_at": _iso(t.accepted_at),
        "resolved_at": _iso(t.resolved_at),
        "closed_at": _iso(t.closed_at),
        "outcome": t.outcome_code,
        "recovered_fen": t.recovered_fen,
        "refusal_reason": t.refusal_reason,
        "merged_into_id": t.merged_into_id,
        "followup_paid": t.followup_paid,
        "followup_satisfied": t.followup_satisfied,
        "created_at": _iso(t.created_at),
    }


def view_json(v: TicketView) -> dict[str, Any]:
    c = v.complaint
    return {
        "ticket": ticket_json(v.ticket),
        "task_force_name": v.task_force_name,
        "complaint": {
            "id": c.id,
            "channel": c.channel,
            "complainant": v.complainant,
            "phone": v.phone,
            "id_number": v.id_number,
            "pii_revealed": v.pii_revealed,
            "employer": v.employer,
            "employer_unmatched": c.employer_unmatched,
            "project": c.project_name,
            "township": c.township,
            "work_type": c.work_type,
            "period_start": c.period_start.isoformat() if c.period_start else None,
            "period_end": c.period_end.isoformat() if c.period_end else None,
            "amount_fen": c.amount_fen,
            "headcount": c.headcount,
            "description": v.description,
            "over_two_years": c.over_two_years,
            "group_id": c.group_id,
        },
        "routing": None
        if v.decision is None
        else {
            "table_version": v.decision.table_version,
            "rule": v.decision.rule_key,
            "task_force": v.decision.task_force_code,
            "priority": v.decision.priority,
            "flags": v.decision.flags,
            "reasons": v.decision.reasons,
        },
        "timeline": [
            {
                "at": _iso(e.at),
                "kind": e.kind,
                "label": e.label,
                "actor": e.actor,
                "from_status": e.from_status,
                "to_status": e.to_status,
                "details": dict(e.details),
            }
            for e in v.timeline
        ],
        "actions": [{"action": a.value, "label": a.label} for a in v.actions],
        "group": None if v.group is None else group_json(v.group),
        # a message to the worker did not arrive: phone them (未能送达)
        "undelivered": None
        if v.undelivered is None
        else {
            "label": "未能送达",
            "channel": v.undelivered.channel,
            "reason": v.undelivered.reason,
            "since": v.undelivered.since.isoformat() if v.undelivered.since else None,
            "phone": v.undelivered.phone,
        },
        "evidence": [
            {
                "kind": e.kind,
                "file_name": e.file_name,
                "received_at": _iso(e.received_at),
                "channel": "web" if e.token else "telegram",
                "media_type": e.media_type or None,
                "size": e.size or None,
                # a web chat file the server keeps; Telegram keeps the files sent there
                "url": f"/api/tickets/{v.ticket.id}/evidence/{e.token}" if e.stored else None,
            }
            for e in v.evidence
        ],
    }


def group_json(g: GroupInfo) -> dict[str, Any]:
    return {
        "id": g.group_id,
        "label": g.label,
        "headcount_total": g.headcount_total,
        "amount_total_fen": g.amount_total_fen,
        "urgent": g.urgent,
        "complaint_count": g.complaint_count,
        "tickets": [ticket_json(t) for t in g.visible],
        "tickets_of_other_units": g.hidden_count,
    }


@router.get("/tickets", summary="The work queue: tickets you may see, filtered and paged")
async def queue(request: Request, viewer: ApiViewer, session: Session) -> dict[str, Any]:
    """Filters: status (open | all | a status), priority, task_force, township, overdue,
    group; paging: page, per_page (<= 200). `total` is counted up to 10,001."""
    flt = parse_filter(request.query_params)
    page = await load_queue(session, viewer=viewer, flt=flt)
    return {
        "items": [row_json(r) for r in page.rows],
        "page": flt.page,
        "per_page": flt.per_page,
        "pages": page.pages,
        "total": page.total,
        "total_capped": page.capped,
    }


@router.get("/tickets/export", summary="The ledger (台账) as CSV or XLSX")
async def export(
    request: Request,
    viewer: ApiViewer,
    format: Annotated[Literal["csv", "xlsx"], Query()] = "csv",
) -> Response:
    """The queue's filters apply; `pii=1` (office only, audited) leaves personal data
    unmasked."""
    return await export_response(
        request.app.state.session_factory,
        viewer=viewer,
        flt=parse_filter(request.query_params),
        fmt=format,
        with_pii=wants_pii(request),
    )


@router.get("/tickets/groups/{group_id}", summary="A group of related cases")
async def group(group_id: RowId, viewer: ApiViewer, session: Session) -> dict[str, Any]:
    return group_json(await load_group(session, viewer=viewer, group_id=group_id))


@router.get(
    "/tickets/{ticket_id}/evidence/{token}",
    summary="A photo or PDF the worker sent through the web chat",
    response_class=Response,
)
async def evidence(ticket_id: RowId, token: str, viewer: ApiViewer, session: Session) -> Response:
    return await evidence_response(session, viewer=viewer, ticket_id=ticket_id, token=token)


@router.get("/tickets/{ticket_id}", summary="A ticket: facts, routing reasons, timeline, actions")
async def ticket(
    ticket_id: RowId,
    viewer: ApiViewer,
    session: Session,
    pii: Annotated[bool, Query(description="unmasked name/phone/ID (audited)")] = False,
) -> dict[str, Any]:
    view = await load_ticket_view(
        session, viewer=viewer, ticket_id=ticket_id, reveal_pii=pii, via="api", now=utcnow()
    )
    if pii:
        await session.commit()
    return view_json(view)


@router.post("/tickets/{ticket_id}/followup", summary="Enter the worker's follow-up answer")
async def followup(
    request: Request,
    ticket_id: RowId,
    body: casework.FollowupRequest,
    viewer: ApiViewer,
    session: Session,
) -> dict[str, Any]:
    await ticket_changes.record_followup(request, session, viewer, ticket_id, body)
    view = await load_ticket_view(session, viewer=viewer, ticket_id=ticket_id, now=utcnow())
    return view_json(view)


@router.get("/dashboard", summary="Weekly figures per task force or township")
async def dashboard(request: Request, viewer: ApiViewer, session: Session) -> dict[str, Any]:
    """weeks (1-104, default 12), by (task_force | township), task_force, township."""
    query = parse_dashboard_query(request.query_params)
    return dashboard_json(await load_dashboard(session, viewer=viewer, query=query, now=utcnow()))


@router.get("/ranking", summary="通报排名 of task forces and townships")
async def ranking(
    viewer: ApiViewer,
    session: Session,
    week: Annotated[str | None, Query(description="ISO week, e.g. 2026-W10")] = None,
    weeks: Annotated[int, Query(ge=1, le=104, description="the last N weeks")] = 1,
) -> dict[str, Any]:
    """Over tickets received in one ISO week, or in the last `weeks` weeks (this one
    included). Aggregates only: every staff member may see the ranking."""
    now = utcnow()
    today = local_date(now)
    if week:
        try:
            monday = parse_week(week, today=today)
        except WeekError as exc:
            raise FilterError(f"周次「{week}」无效，应形如 2026-W10", str(exc)) from None
        span = Weeks.ending_with(monday, 1)
    else:
        span = Weeks.ending_with(today, weeks)
    result = await load_ranking(session, since=span.since, until=span.until, now=now)
    body = ranking_json(result)
    body["weeks"] = [m.isoformat() for m in span.starts]
    body["until_exclusive"] = (span.starts[-1] + timedelta(weeks=1)).isoformat()
    return body


def action_router() -> APIRouter:
    """The two action routes, their bodies typed by the actions registered when the app is
    made: one model per action, told apart by `action` (intake.tickets.actions)."""
    actions_router = APIRouter(prefix="/api", tags=["inspectors"], route_class=JsonTicketErrors)
    specs = actions.registered()
    actions_router.add_api_route(
        "/tickets/groups/{group_id}/actions",
        _typed_body(group_action, [s.group_request_model for s in specs]),
        methods=["POST"],
        summary="One action on every ticket of a group",
    )
    actions_router.add_api_route(
        "/tickets/{ticket_id}/actions",
        _typed_body(ticket_action, [s.request_model for s in specs]),
        methods=["POST"],
        summary="Do one action on a ticket",
    )
    return actions_router


def _typed_body(
    endpoint: Callable[..., Any], models: list[type[ActionInput]]
) -> Callable[..., Any]:
    """`endpoint` with its `body` annotated as the union of `models`, for FastAPI to
    validate and document."""
    union: Any = Union[tuple(models)]  # noqa: UP007
    body = Annotated[union, Body(discriminator="action")]
    signature = inspect.signature(endpoint, eval_str=True)
    params = [
        p.replace(annotation=body) if p.name == "body" else p for p in signature.parameters.values()
    ]
    endpoint.__signature__ = signature.replace(parameters=params)  # type: ignore[attr-defined]
    return endpoint


async def group_action(
    request: Request,
    group_id: RowId,
    body: ActionInput,
    viewer: ApiViewer,
    session: Session,
) -> dict[str, Any]:
    report = await ticket_changes.act_on_group(request, session, viewer, group_id, body)
    return {
        "group_id": group_id,
        "action": report.action.value,
        "applied": [ticket_json(t) for t in report.applied],
        "skipped": [
            {"id": s.ticket_id, "number": s.number, "message": s.zh, "message_en": s.en}
            for s in report.skipped
        ],
    }


async def ticket_action(
    request: Request,
    ticket_id: RowId,
    body: ActionInput,
    viewer: ApiViewer,
    session: Session,
) -> dict[str, Any]:
    """Send `expected_version` (the ticket's `version` you read) to be told 409 when
    someone else changed it meanwhile. Amounts are in fen."""
    done = await ticket_changes.act_on_ticket(request, session, viewer, ticket_id, body)
    view = await load_ticket_view(session, viewer=viewer, ticket_id=ticket_id, now=utcnow())
    assert done.id == view.ticket.id
    return view_json(view)
