"""The rules page of the admin area: edit a draft, see its simulation, then publish.

The editor shows line numbers and every problem of a draft on its own line; beside it, the
table in words (one row per rule). A draft's page says what publishing will do, in numbers:
which complaints would now go to another task force (by name, personal data masked), which
open tickets would move if the publisher asks for it, and rules whose reason names another
task force than the one they route to. Rolling back asks for a reason and a confirmation.
"""

from __future__ import annotations

from typing import Any, ClassVar

from sqladmin import BaseView, Flash, expose
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col, select
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from intake.reports.masking import masked_complaint_text
from intake.tickets import reroute
from intake.tickets.sla import SlaPolicy
from intake.tickets.timeline import Actor
from intake.web.admin_access import admin_user
from models import RoutingTableVersion, User
from models.base import utcnow
from routing import versions
from routing.lexicons import LexiconSet
from routing.rule_view import reason_mismatches, rule_rows
from routing.rules import DEFAULT_TABLE_PATH, RoutingTable, RuleFileError, default_table
from routing.runtime import RoutingRuntime
from routing.simulate import SimulationReport

STATUS_NAMES = {"published": "生效中", "draft": "草稿", "archived": "已归档"}
REROUTE_FIELD = "reroute_open"


def _lexicon_names(lexicons: LexiconSet) -> dict[str, str]:
    return {lex.name: lex.description for lex in lexicons}


async def _user_names(session: AsyncSession, ids: set[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    users = await session.scalars(select(User).where(col(User.id).in_(wanted)))
    return {u.id: u.display_name or u.username for u in users if u.id is not None}


class RulesView(BaseView):
    name = "分派规则"
    identity = "rules"
    icon = "fa-solid fa-route"

    factory: ClassVar[async_sessionmaker[AsyncSession]]
    runtime: ClassVar[RoutingRuntime]
    policy: ClassVar[SlaPolicy] = SlaPolicy()

    @staticmethod
    def _is_admin(request: Request) -> bool:
        user = admin_user(request)
        return user is not None and user.role == "admin"

    def _require_admin(self, request: Request) -> User:
        user = admin_user(request)
        if user is None or user.role != "admin":
            raise HTTPException(403, "只有管理员可以修改分派规则")
        return user

    async def _render(
        self, request: Request, template: str, context: dict[str, Any], status_code: int = 200
    ) -> Response:
        context.setdefault("staff_active", "rules")
        context.setdefault("status_names", STATUS_NAMES)
        context.setdefault("can_edit", self._is_admin(request))
        response = await self.templates.TemplateResponse(request, template, context)
        response.status_code = status_code
        return response

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
            names = await _user_names(session, {r.published_by or r.created_by for r in rows})
        published = next((r for r in rows if r.status == "published"), None)
        if yaml_text is None:
            yaml_text = (
                published.source_yaml
                if published
                else DEFAULT_TABLE_PATH.read_text(encoding="utf-8")
            )
        # the table in words: of the text in the editor, or of what is in force if it has errors
        rows_of = "编辑框中的内容"
        try:
            table, lexicons = versions.parse_version(
                yaml_text, published.lexicons_yaml if published else None
            )
        except RuleFileError:
            rows_of = "当前生效版本（编辑框中的内容有错误）"
            loaded = versions.load_row(published) if published else None
            table = loaded.table if loaded else default_table()
            lexicons = loaded.lexicons if loaded else versions.build_lexicons({})
        context = {
            "versions": rows,
            "names": names,
            "published_label": f"v{published.version}" if published else "（无，使用默认表）",
            "yaml_text": yaml_text,
            "comment": comment,
            "issues": issues or [],
            "rule_rows": rule_rows(table, lexicons=_lexicon_names(lexicons)),
            "rows_of": rows_of,
            "mismatches": reason_mismatches(table),
        }
        return await self._render(request, "rules.html", context, status_code)

    @expose("/rules", methods=["GET"], identity="rules_index")
    async def index(self, request: Request) -> Response:
        return await self._index(request)

    @expose("/rules/save", methods=["POST"], identity="rules_save")
    async def save(self, request: Request) -> Response:
        user = self._require_admin(request)
        form = await request.form()
        yaml_text = versions.normalise_newlines(str(form.get("yaml", "")))
        comment = str(form.get("comment", "")).strip()
        try:
            async with self.factory() as session:
                # the vocabulary edited on /admin/vocabulary stays with the new table
                published = await versions.published_row(session)
                row = await versions.save_draft(
                    session,
                    yaml_text=yaml_text,
                    lexicons_yaml=published.lexicons_yaml if published else None,
                    user_id=user.id,
                    comment=comment,
                )
                await session.commit()
        except RuleFileError as exc:
            # the admin's text stays in the editor, with every problem and its line
            return await self._index(
                request, yaml_text=yaml_text, comment=comment, issues=exc.issues, status_code=422
            )
        Flash.success(
            request, f"已保存为草稿 v{row.version}。请查看模拟结果，确认后再发布。", "已保存"
        )
        return RedirectResponse(
            request.url_for("admin:view-rules_version", number=row.version), status_code=303
        )

    async def _simulation(
        self, session: AsyncSession, row: RoutingTableVersion
    ) -> tuple[SimulationReport, list[reroute.Move], RoutingTable]:
        draft = versions.load_row(row)
        current = await versions.load_published(session)
        router = (await self.runtime.router()).with_table(draft.table, draft.lexicons)
        report = await versions.simulate_version(
            session,
            number=row.version,
            router=await self.runtime.router(),
            mask=masked_complaint_text,
        )
        old = current.table if current else default_table()
        moves = await reroute.planned_moves(session, router=router, old=old, new=draft.table)
        return report, moves, old

    @expose("/rules/{number:int}", methods=["GET"], identity="rules_version")
    async def version(self, request: Request) -> Response:
        number = int(request.path_params["number"])
        async with self.factory() as session:
            try:
                row = await versions.get_version(session, number)
            except versions.VersionError as exc:
                raise HTTPException(404, f"没有 v{number} 这个版本") from exc
            loaded = versions.load_row(row)
            names = dict(loaded.table.task_forces)
            report: SimulationReport | None = None
            moves: list[reroute.Move] = []
            if row.status == "draft":
                report, moves, old = await self._simulation(session, row)
                names = {**old.task_forces, **names}
            people = await _user_names(session, {row.published_by, row.created_by})
        context = {
            "row": row,
            "report": report,
            "changes": report.changes() if report else [],
            "tf_names": names,
            "moves": moves,
            "mismatches": reason_mismatches(loaded.table),
            "rule_rows": rule_rows(loaded.table, lexicons=_lexicon_names(loaded.lexicons)),
            "people": people,
            "reroute_field": REROUTE_FIELD,
        }
        return await self._render(request, "rules_version.html", context)

    @expose("/rules/{number:int}/publish", methods=["POST"], identity="rules_publish")
    async def publish(self, request: Request) -> Response:
        user = self._require_admin(request)
        number = int(request.path_params["number"])
        form = await request.form()
        wants_reroute = form.get(REROUTE_FIELD) == "1"
        now = utcnow()
        async with self.factory() as session:
            try:
                row = await versions.get_version(session, number)
                report, moves, _ = await self._simulation(session, row)
                if not wants_reroute:
                    moves = []
                await versions.publish(
                    session,
                    number=number,
                    user_id=user.id,
                    simulation=report,
                    now=now,
                    audit={"rerouted_open_tickets": [m.number for m in moves]},
                )
            except versions.VersionError as exc:
                raise HTTPException(409, f"v{number} 不能发布：{exc}") from exc
            loaded = versions.load_row(row)
            moved = await reroute.apply_moves(
                session,
                moves,
                actor=Actor.from_user(user),
                version_label=f"v{number}",
                names=dict(loaded.table.task_forces),
                now=now,
                policy=self.policy,
            )
            await session.commit()
        await self.runtime.refresh_now()
        tail = f"，{moved} 件未办结工单已按新规则重新分派" if moved else "；未办结工单保持原专班"
        Flash.success(request, f"v{number} 已发布：新投诉按新规则分派{tail}。", "已发布")
        return RedirectResponse(
            request.url_for("admin:view-rules_version", number=number), status_code=303
        )

    @expose("/rules/{number:int}/rollback", methods=["POST"], identity="rules_rollback")
    async def rollback(self, request: Request) -> Response:
        user = self._require_admin(request)
        number = int(request.path_params["number"])
        form = await request.form()
        reason = str(form.get("reason", "")).strip()[:400]
        if not reason or form.get("confirm") != "1":
            Flash.error(request, "回滚前请填写原因并勾选确认；规则没有改变。", "未回滚")
            return RedirectResponse(
                request.url_for("admin:view-rules_version", number=number), status_code=303
            )
        async with self.factory() as session:
            try:
                row = await versions.rollback(
                    session, to_number=number, user_id=user.id, reason=reason
                )
            except versions.VersionError as exc:
                raise HTTPException(404, f"没有 v{number} 这个版本") from exc
            await session.commit()
        await self.runtime.refresh_now()
        Flash.success(request, f"已回滚：v{row.version}（v{number} 的副本）现已生效。", "已回滚")
        return RedirectResponse(
            request.url_for("admin:view-rules_version", number=row.version), status_code=303
        )
