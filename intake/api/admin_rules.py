"""The rules page of the admin area: edit a draft, see its simulation diff, then publish."""

from __future__ import annotations

from typing import Any, ClassVar

from sqladmin import BaseView, expose
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from intake.api.admin_access import admin_user
from routing import versions
from routing.rules import DEFAULT_TABLE_PATH, RuleFileError
from routing.runtime import RoutingRuntime

STATUS_NAMES = {"published": "生效中", "draft": "草稿", "archived": "已归档"}


class RulesView(BaseView):
    name = "分派规则"
    identity = "rules"
    icon = "fa-solid fa-route"

    factory: ClassVar[async_sessionmaker[AsyncSession]]
    runtime: ClassVar[RoutingRuntime]

    @staticmethod
    def _is_admin(request: Request) -> bool:
        user = admin_user(request)
        return user is not None and user.role == "admin"

    def _require_admin(self, request: Request) -> int | None:
        user = admin_user(request)
        if user is None or user.role != "admin":
            raise HTTPException(403, "只有管理员可以修改分派规则")
        return user.id

    async def _index(
        self,
        request: Request,
        *,
        yaml_text: str | None = None,
        comment: str = "",
        issues: list[Any] | None = None,
        status_code: int = 200,
    ) -> Response:
        async with self.factory() as session:
            rows = await versions.list_versions(session)
        published = next((r for r in rows if r.status == "published"), None)
        if yaml_text is None:
            yaml_text = (
                published.source_yaml
                if published
                else DEFAULT_TABLE_PATH.read_text(encoding="utf-8")
            )
        context = {
            "versions": rows,
            "published_label": f"v{published.version}" if published else "（无，使用默认表）",
            "status_names": STATUS_NAMES,
            "yaml_text": yaml_text,
            "comment": comment,
            "issues": issues or [],
            "can_edit": self._is_admin(request),
        }
        response = await self.templates.TemplateResponse(request, "rules.html", context)
        response.status_code = status_code
        return response

    @expose("/rules", methods=["GET"], identity="rules_index")
    async def index(self, request: Request) -> Response:
        return await self._index(request)

    @expose("/rules/save", methods=["POST"], identity="rules_save")
    async def save(self, request: Request) -> Response:
        uid = self._require_admin(request)
        form = await request.form()
        yaml_text, comment = str(form.get("yaml", "")), str(form.get("comment", ""))
        try:
            async with self.factory() as session:
                # the vocabulary edited on /admin/vocabulary stays with the new table
                published = await versions.published_row(session)
                row = await versions.save_draft(
                    session,
                    yaml_text=yaml_text,
                    lexicons_yaml=published.lexicons_yaml if published else None,
                    user_id=uid,
                    comment=comment,
                )
                await session.commit()
        except RuleFileError as exc:
            # the admin's text stays in the editor, with every problem and its line
            return await self._index(
                request, yaml_text=yaml_text, comment=comment, issues=exc.issues, status_code=422
            )
        return RedirectResponse(
            request.url_for("admin:view-rules_version", number=row.version), status_code=303
        )

    @expose("/rules/{number:int}", methods=["GET"], identity="rules_version")
    async def version(self, request: Request) -> Response:
        number = int(request.path_params["number"])
        async with self.factory() as session:
            try:
                row = await versions.get_version(session, number)
            except versions.VersionError as exc:
                raise HTTPException(404, str(exc)) from exc
            report = None
            if row.status == "draft":
                report = await versions.simulate_version(
                    session, number=number, router=await self.runtime.router()
                )
        context = {
            "row": row,
            "report": report,
            "changes": report.changes() if report else [],
            "status_names": STATUS_NAMES,
            "can_edit": self._is_admin(request),
        }
        return await self.templates.TemplateResponse(request, "rules_version.html", context)

    @expose("/rules/{number:int}/publish", methods=["POST"], identity="rules_publish")
    async def publish(self, request: Request) -> Response:
        uid = self._require_admin(request)
        number = int(request.path_params["number"])
        async with self.factory() as session:
            report = await versions.simulate_version(
                session, number=number, router=await self.runtime.router()
            )
            try:
                await versions.publish(session, number=number, user_id=uid, simulation=report)
            except versions.VersionError as exc:
                raise HTTPException(409, str(exc)) from exc
            await session.commit()
        await self.runtime.refresh_now()
        return RedirectResponse(
            request.url_for("admin:view-rules_version", number=number), status_code=303
        )

    @expose("/rules/{number:int}/rollback", methods=["POST"], identity="rules_rollback")
    async def rollback(self, request: Request) -> Response:
        uid = self._require_admin(request)
        async with self.factory() as session:
            row = await versions.rollback(
                session, to_number=int(request.path_params["number"]), user_id=uid
            )
            await session.commit()
        await self.runtime.refresh_now()
        return RedirectResponse(
            request.url_for("admin:view-rules_version", number=row.version), status_code=303
        )
