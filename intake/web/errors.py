"""JSON errors for the API: `{"error": code, "message": text, ...}` with the right status."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException

CODES = {
    400: "bad_request",
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    422: "invalid_input",
    429: "too_many_requests",
    503: "service_unavailable",
}


class Problem(BaseModel):
    field: str = Field(description="where, e.g. query.weeks or recovered_fen")
    message: str


class ErrorOut(BaseModel):
    """Every error answer of the JSON API."""

    error: str = Field(description="a code: " + ", ".join(sorted(set(CODES.values()))))
    message: str = Field(description="what went wrong (Chinese where a person reads it)")
    message_en: str | None = Field(None, description="the same in English, where given")
    problems: list[Problem] | None = Field(None, description="invalid_input: each field")
    allowed: list[str] | None = Field(None, description="a refused action: those allowed now")


_MEANINGS = {
    400: "bad request",
    401: "not signed in: no bearer token or session, or it expired or was revoked",
    403: "signed in, but the role may not do this",
    404: "does not exist, or is not yours to see (the two are not told apart)",
    409: "conflict: changed meanwhile (a stale version) or not allowed in this state",
    413: "too large",
    422: "invalid input: the fields and why",
    429: "too many requests: wait the seconds the Retry-After header gives",
    503: "the database is unreachable: retry after the seconds in Retry-After",
}


def responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` for a router or route: the error answers it gives."""
    return {code: {"model": ErrorOut, "description": _MEANINGS[code]} for code in codes}


def install(app: FastAPI) -> None:
    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        return JSONResponse(
            {"error": CODES.get(exc.status_code, "error"), "message": str(exc.detail)},
            status_code=exc.status_code,
            headers=getattr(exc, "headers", None),
        )

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [
            {
                "field": ".".join(str(p) for p in err.get("loc", ()) if p != "body"),
                "message": err.get("msg", ""),
            }
            for err in exc.errors()
        ]
        message = "; ".join(
            f"{p['field']}: {p['message']}" if p["field"] else p["message"] for p in problems
        )
        return JSONResponse(
            {"error": "invalid_input", "message": message, "problems": problems},
            status_code=422,
        )
