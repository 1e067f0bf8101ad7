"""The red-flag vocabulary page of the admin area (/admin/vocabulary).

An admin adds or removes one phrase of a risk lexicon; the change is saved as a draft
routing-table version and the admin is taken to its simulation page to publish it. The page
also shows every version's phrase changes (the history) and lets anyone with access try a
sentence against the published vocabulary.
"""

from __future__ import annotations

from typing import Any, ClassVar

from sqladmin import BaseView, expose
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from intake.web.admin_access import admin_user
from models.codes.red_flag import FLAG_LABELS
from routing import versions, vocabulary
from routing.rules import RuleFileError
from routing.runtime import RoutingRuntime


class VocabularyView(BaseView):
    name = "词表"
    identity = "vocabulary"
    icon = "fa-solid fa-triangle-exclamation"

    factory: ClassVar[async_sessionmaker[AsyncSession]]
    runtime: ClassVar[RoutingRuntime]

    @staticmethod
    def _is_admin(request: Request) -> bool:
        user = admin_user(request)
        return user is not None and user.role == "admin"

    async def _page(
        self,
        request: Request,
        *,
        error: str = "",
        form: dict[str, str] | None = None,
        tried: dict[str, Any] | None = None,
        status_code: int = 200,
    ) -> Response:
        async with self.factory() as session:
            _, _, lexicons = await vocabulary.current(session)
            rows = await versions.list_versions(session)
        groups = {
            label: vocabulary.group_data(lexicons, group)["lexicons"]
            for group, label in vocabulary.EDITABLE_GROUPS.items()
        }
        context = {
            "groups": groups,
            "kinds": vocabulary.KIND_LABELS,
            "history": vocabulary.history(rows)[:30],
            "error": error,
            "form": form or {},
            "tried": tried,
            "can_edit": self._is_admin(request),
        }
        response = await self.templates.TemplateResponse(request, "vocabulary.html", context)
        response.status_code = status_code
        return response

    @expose("/vocabulary", methods=["GET"], identity="vocabulary_index")
    async def index(self, request: Request) -> Response:
        return await self._page(request)

    @expose("/vocabulary/change", methods=["POST"], identity="vocabulary_change")
    async def change(self, request: Request) -> Response:
        if not self._is_admin(request):
            raise HTTPException(403, "只有管理员可以修改词表")
        uid = user.id if (user := admin_user(request)) is not None else None
        raw = await request.form()
        form = {k: str(raw.get(k, "")) for k in ("lexicon", "kind", "phrase", "comment", "op")}
        try:
            async with self.factory() as session:
                row = await vocabulary.draft_phrase_change(
                    session,
                    lexicon=form["lexicon"],
                    kind=form["kind"] or "terms",
                    phrase=form["phrase"],
                    remove=form["op"] == "remove",
                    user_id=uid if isinstance(uid, int) else None,
                    comment=form["comment"],
                )
                await session.commit()
        except (vocabulary.VocabularyError, RuleFileError) as exc:
            # what the admin typed stays in the form, with the reason
            return await self._page(request, error=_message(exc), form=form, status_code=422)
        return RedirectResponse(
            request.url_for("admin:view-rules_version", number=row.version), status_code=303
        )

    @expose("/vocabulary/try", methods=["POST"], identity="vocabulary_try")
    async def try_text(self, request: Request) -> Response:
        text = str((await request.form()).get("text", ""))[:2000]
        facts = (await self.runtime.router()).classify(text, {})
        flags = [
            {"label": FLAG_LABELS[f], "words": facts.evidence[f].detail}
            for f in sorted(facts.flags)
            if f in facts.evidence and f != "group"
        ]
        return await self._page(request, tried={"text": text, "flags": flags})


def _message(exc: Exception) -> str:
    issues = getattr(exc, "issues", None)
    if issues:
        return "；".join(f"{i.path}：{i.reason}" for i in issues)
    return str(exc)
