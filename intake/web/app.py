"""The FastAPI application factory."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlalchemy.ext.asyncio import AsyncEngine

from intake.chats.conversations import ConversationService
from intake.gc_tuning import tune_for_serving
from intake.settings import Settings
from intake.tickets import sweeper
from intake.web import auth, chat, chat_evidence, errors, inspect_routes, middleware, routing_admin
from intake.web.admin import mount_admin
from models.db import describe_connect_error, make_session_factory, ping
from routing.runtime import RoutingRuntime

if TYPE_CHECKING:
    from intake.web.telegram import TelegramLink

log = logging.getLogger(__name__)


TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))


def app_from_environment() -> FastAPI:
    """The app for each process of `anxin serve --workers N` (settings from ANXIN_*)."""
    return create_app(Settings())


def create_app(settings: Settings, *, engine: AsyncEngine | None = None) -> FastAPI:
    """Build the app. Pass `engine` to share one with the caller (tests); else one is made."""
    settings.use_timezone()
    own_engine = engine is None
    db_engine = engine or settings.engine()
    factory = make_session_factory(db_engine)

    runtime = RoutingRuntime(factory)
    outage = middleware.OutageWatch(db_engine)
    conversations = ConversationService.configured(factory, runtime, settings)
    telegram: TelegramLink | None = None
    if settings.telegram_token is not None:
        # only then: aiogram takes seconds to import, in every process that serves
        from intake.web.telegram import TelegramLink

        telegram = TelegramLink(settings, factory, conversations)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        stop = asyncio.Event()
        jobs: list[Callable[[], Coroutine[Any, Any, Any]]] = []
        if settings.run_sweeper:
            jobs.append(
                lambda: sweeper.run_forever(
                    factory,
                    stop=stop,
                    policy=settings.sla_policy(),
                    interval_seconds=settings.sweep_interval_s,
                    retention=timedelta(days=settings.outbox_retention_days),
                )
            )
        if telegram is not None:
            await telegram.start()
            jobs.extend(telegram.background(stop))
        tasks = [asyncio.create_task(job()) for job in jobs]
        await conversations.warm_up()
        tune_for_serving()
        try:
            yield
        finally:
            stop.set()
            await asyncio.gather(*tasks, return_exceptions=True)
            if telegram is not None:
                await telegram.close()
            await outage.close()
            if own_engine:
                await db_engine.dispose()

    app = FastAPI(
        title="anxin 安薪",
        summary="欠薪线索受理、分派与跟踪 — wage-arrears complaint intake and routing",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.engine = db_engine
    app.state.session_factory = factory
    app.state.routing_runtime = runtime
    app.state.conversations = conversations
    if telegram is not None:
        app.include_router(telegram.router())
    errors.install(app)
    middleware.install(app, outage)
    app.mount("/static", StaticFiles(directory=str(Path(__file__).parent / "static")), "static")
    app.include_router(chat.router, responses=errors.responses(404, 422, 503))
    app.include_router(chat_evidence.router, responses=errors.responses(404, 413, 422, 503))
    app.include_router(chat.page_router(TEMPLATES))
    app.include_router(auth.router, responses=errors.responses(401, 422, 429, 503))
    app.include_router(
        routing_admin.router, responses=errors.responses(401, 403, 404, 409, 422, 503)
    )
    inspect_routes.install(app, settings)  # /login, /inspect pages, /api/tickets, ...
    mount_admin(app, settings=settings, engine=db_engine, factory=factory, runtime=runtime)

    @app.get("/healthz", tags=["ops"])
    async def healthz() -> JSONResponse:
        try:
            await ping(db_engine)
        except Exception as exc:  # any failure means "not healthy"; say which
            log.warning("health check failed: %s", exc)
            detail = describe_connect_error(settings.database_url, exc)
            return JSONResponse({"status": "error", "database": detail}, status_code=503)
        return JSONResponse({"status": "ok", "database": "ok"})

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def start_page(request: Request) -> HTMLResponse:
        return TEMPLATES.TemplateResponse(request, "start.html", {})

    return app
