"""The employer review queue of the admin area (/admin/employer-review).

Registry admins see the employer names workers typed that matched no registry entry, with
the worker's words, township and trade, and the live matcher's candidates. One press links
a name to a registry entry (or adds it as a new employer); when the entry calls for another
task force the page offers the transfer, done only when the admin confirms it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, ClassVar

from sqladmin import BaseView, expose
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import select
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from intake import employer_review as review
from intake.tickets.timeline import Actor
from intake.web.admin_access import admin_user
from models import TaskForce
from models.base import utcnow
from routing.employers.registry import OWNERSHIPS, SECTORS
from routing.facts import OWNERSHIP_LABELS, SECTOR_LABELS
from routing.runtime import RoutingRuntime

PAGE_SIZE = 30


class EmployerReviewView(BaseView):
    name = "单位待审"
    identity = "employer_review"
    icon = "fa-solid fa-list-check"

    factory: ClassVar[async_sessionmaker[AsyncSession]]
    runtime: ClassVar[RoutingRuntime]

    async def _admin(self, request: Request, session: AsyncSession) -> Actor:
        user = admin_user(request)  # read from the database for this request
        if user is None or user.role != "admin":
            raise HTTPException(403, "只有管理员可以关联或新增名录单位")
        return Actor.from_user(user)

    async def _page(
        self,
        request: Request,
        *,
        result: review.LinkResult | None = None,
        message: str = "",
        error: str = "",
        status_code: int = 200,
    ) -> Response:
        page = max(1, int(request.query_params.get("page", "1") or 1))
        async with self.factory() as session:
            total = await review.count_queue(session)
            items = await review.list_queue(session, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
            names = {t.code: t.name for t in await session.scalars(select(TaskForce))}
        classifier = (await self.runtime.router()).classifier
        index = classifier.index
        candidates: dict[int, list[Any]] = {}
        persons = {i.complaint_id for i in items if classifier.is_person_name(i.typed)}
        for item in items:
            found = index.match(item.typed, limit=5).candidates if index is not None else []
            candidates[item.complaint_id] = [c for c in found if c.score > 0]
        context = {
            "items": items,
            "total": total,
            "page": page,
            "pages": max(1, -(-total // PAGE_SIZE)),
            "candidates": candidates,
            "persons": persons,
            "result": result,
            "message": message,
            "error": error,
            "task_forces": names,
            "sectors": [(s, SECTOR_LABELS.get(s, s)) for s in sorted(SECTORS)],
            "ownerships": [(o, OWNERSHIP_LABELS.get(o, o)) for o in sorted(OWNERSHIPS)],
            "sector_labels": SECTOR_LABELS,
            "can_edit": (user := admin_user(request)) is not None and user.role == "admin",
        }
        response = await self.templates.TemplateResponse(request, "employer_review.html", context)
        response.status_code = status_code
        return response

    @expose("/employer-review", methods=["GET"], identity="employer_review_index")
    async def index(self, request: Request) -> Response:
        return await self._page(request)

    @expose(
        "/employer-review/{complaint_id:int}/link",
        methods=["POST"],
        identity="employer_review_link",
    )
    async def link(self, request: Request) -> Response:
        registry_id = str((await request.form()).get("registry_id", "")).strip()
        return await self._resolve(request, review.link_employer, registry_id=registry_id)

    @expose(
        "/employer-review/{complaint_id:int}/add", methods=["POST"], identity="employer_review_add"
    )
    async def add(self, request: Request) -> Response:
        form = await request.form()
        new = review.NewEmployer(
            name=str(form.get("name", "")),
            sector=str(form.get("sector", "")),
            ownership=str(form.get("ownership", "")),
            township=str(form.get("township", "")),
            uscc=str(form.get("uscc", "")),
        )
        return await self._resolve(request, review.add_employer_and_link, new=new)

    async def _resolve(
        self, request: Request, step: Callable[..., Awaitable[review.LinkResult]], **what: Any
    ) -> Response:
        """Link the name kept as typed (to a registry row, or to one added now) in one
        transaction, then answer with the queue; the router learns the new alias at once."""
        complaint_id = int(request.path_params["complaint_id"])
        router = await self.runtime.router()
        try:
            async with self.factory() as session:
                actor = await self._admin(request, session)
                result = await step(
                    session,
                    complaint_id=complaint_id,
                    actor=actor,
                    now=utcnow(),
                    router=router,
                    **what,
                )
                await session.commit()
        except review.ReviewError as exc:
            return await self._page(request, error=str(exc), status_code=422)
        await self.runtime.refresh_now()  # the alias is matched from the next message on
        return await self._page(request, result=result)

    @expose(
        "/employer-review/tickets/{ticket_id:int}/reroute",
        methods=["POST"],
        identity="employer_review_reroute",
    )
    async def reroute(self, request: Request) -> Response:
        ticket_id = int(request.path_params["ticket_id"])
        form = await request.form()
        task_force = str(form.get("task_force", ""))
        employer = str(form.get("employer", ""))
        try:
            async with self.factory() as session:
                actor = await self._admin(request, session)
                ticket = await review.reroute(
                    session,
                    ticket_id=ticket_id,
                    task_force=task_force,
                    actor=actor,
                    now=utcnow(),
                    reason=f"用人单位经名录审核关联为“{employer}”，按其登记信息改派",
                )
                await session.commit()
        except review.ReviewError as exc:
            return await self._page(request, error=str(exc), status_code=422)
        return await self._page(request, message=f"工单 {ticket.number} 已改派至 {task_force}。")
