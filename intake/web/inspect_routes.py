"""Wires the staff side into the app: page sessions and /login, the /inspect pages, the
ledger downloads and the inspectors' JSON API."""

from __future__ import annotations

from fastapi import FastAPI

from intake.settings import Settings
from intake.web import (
    errors,
    inspect_dashboard,
    inspect_export,
    inspect_forms,
    inspect_messages,
    inspect_pages,
    inspect_telegram,
    session_auth,
    tickets_api,
)


def install(app: FastAPI, settings: Settings) -> None:
    session_auth.install(app, settings)
    # fixed paths before /inspect/tickets/{id}-style ones
    app.include_router(inspect_export.router)
    app.include_router(inspect_dashboard.router)
    app.include_router(inspect_messages.router)
    app.include_router(inspect_telegram.router)
    app.include_router(inspect_pages.router)
    app.include_router(inspect_forms.router)
    app.include_router(tickets_api.router, responses=errors.responses(401, 403, 404, 409, 422, 503))
    app.include_router(
        tickets_api.action_router(), responses=errors.responses(401, 403, 404, 409, 422, 503)
    )
