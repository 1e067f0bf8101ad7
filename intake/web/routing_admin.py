"""Admin REST endpoints for routing tables: versions, simulate, publish, roll back, try out."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request, status
from fastapi.responses import JSONResponse
from pydantic import Field
from sqlalchemy.ext.asyncio import AsyncSession

from intake.chats.typed_text import TypedInput
from intake.reports.masking import masked_complaint_text
from intake.web.auth import require_role
from intake.web.deps import RowId, get_session
from models import RoutingTableVersion, User
from models.base import INT_MAX
from routing import versions
from routing.rules import RuleFileError
from routing.runtime import RoutingRuntime
from routing.simulate import Case, parse_jsonl_cases

router = APIRouter(prefix="/api/admin/routing", tags=["admin: routing"])
Admin = Annotated[User, Depends(require_role("admin"))]
Reader = Annotated[User, Depends(require_role("admin", "supervisor"))]
Session = Annotated[AsyncSession, Depends(get_session)]


class DraftIn(TypedInput):
    yaml: str = Field(min_length=1, description="the routing table YAML")
    lexicons: dict[str, str] = Field(default_factory=dict, description="group -> lexicon YAML")
    comment: str = ""


class SimulateIn(TypedInput):
    cases_jsonl: str | None = Field(None, description="JSONL {text, fields}; default: stored")


class TryIn(TypedInput):
    text: str = ""
    fields: dict[str, Any] = Field(default_factory=dict)


class RollbackIn(TypedInput):
    to_version: int = Field(ge=1, le=INT_MAX)
    reason: str = Field(default="", max_length=400)


def _summary(row: RoutingTableVersion) -> dict[str, Any]:
    return {
        "version": row.version,
        "status": row.status,
        "comment": row.comment,
        "created_at": row.created_at,
        "created_by": row.created_by,
        "published_at": row.published_at,
        "published_by": row.published_by,
    }


def rule_errors(exc: RuleFileError) -> JSONResponse:
    return JSONResponse(
        status_code=status.HTTP_422_UNPROCESSABLE_CONTENT,
        content={
            "error": "invalid_routing_table",
            "message": "the table does not validate; the published table is unchanged",
            "issues": [{"line": i.line, "path": i.path, "reason": i.reason} for i in exc.issues],
        },
    )


def _runtime(request: Request) -> RoutingRuntime:
    runtime: RoutingRuntime = request.app.state.routing_runtime
    return runtime


async def _version(session: AsyncSession, number: int) -> RoutingTableVersion:
    try:
        return await versions.get_version(session, number)
    except versions.VersionError as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=str(exc)) from exc


@router.get("/versions")
async def list_versions(_: Reader, session: Session) -> list[dict[str, Any]]:
    return [_summary(r) for r in await versions.list_versions(session)]


@router.get("/versions/{number}")
async def get_version(number: RowId, _: Reader, session: Session) -> dict[str, Any]:
    row = await _version(session, number)
    return {
        **_summary(row),
        "yaml": row.source_yaml,
        "lexicons": row.lexicons_yaml,
        "publish_diff": row.publish_diff,
    }


@router.post("/versions", status_code=status.HTTP_201_CREATED, response_model=None)
async def create_draft(body: DraftIn, user: Admin, session: Session) -> Any:
    try:
        row = await versions.save_draft(
            session,
            yaml_text=body.yaml,
            lexicons_yaml=body.lexicons,
            user_id=user.id,
            comment=body.comment,
        )
    except RuleFileError as exc:
        return rule_errors(exc)
    await session.commit()
    return _summary(row)


@router.post("/versions/{number}/simulate")
async def simulate_version(
    number: RowId, body: SimulateIn, request: Request, _: Reader, session: Session
) -> dict[str, Any]:
    await _version(session, number)
    cases: list[Case] | None = None
    errors: list[str] = []
    if body.cases_jsonl is not None:
        cases, errors = parse_jsonl_cases(body.cases_jsonl.splitlines())
    report = await versions.simulate_version(
        session,
        number=number,
        router=await _runtime(request).router(),
        cases=cases,
        mask=masked_complaint_text,
    )
    return {**report.to_dict(), "input_errors": errors}


@router.post("/versions/{number}/publish")
async def publish_version(
    number: RowId, request: Request, user: Admin, session: Session
) -> dict[str, Any]:
    await _version(session, number)
    runtime = _runtime(request)
    report = await versions.simulate_version(
        session, number=number, router=await runtime.router(), mask=masked_complaint_text
    )
    try:
        row = await versions.publish(session, number=number, user_id=user.id, simulation=report)
    except versions.VersionError as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, detail=str(exc)) from exc
    await session.commit()
    await runtime.refresh_now()
    return {**_summary(row), "simulation": report.to_dict()}


@router.post("/rollback")
async def rollback(
    body: RollbackIn, request: Request, user: Admin, session: Session
) -> dict[str, Any]:
    await _version(session, body.to_version)
    row = await versions.rollback(
        session, to_number=body.to_version, user_id=user.id, reason=body.reason.strip()
    )
    await session.commit()
    await _runtime(request).refresh_now()
    return _summary(row)


@router.post("/try")
async def try_route(body: TryIn, request: Request, _: Reader) -> dict[str, Any]:
    """Route one complaint with the published table, without storing anything."""
    decision = (await _runtime(request).router()).route(body.text, body.fields)
    return decision.to_json()
