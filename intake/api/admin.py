"""The admin area (/admin): generic table editing with sqladmin.

Admins edit; supervisors (the office) may look; inspectors have no access. Every change is
written to the audit trail.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar

from fastapi import FastAPI
from sqladmin import Admin, ModelView
from sqladmin.audit import AuditEntry, DBAuditBackend
from sqladmin.authentication import AuthenticationBackend
from sqladmin.authorization import AuthorizationBackend
from sqladmin.formatters import BASE_FORMATTERS
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from starlette.requests import Request

from intake.api.admin_review import EmployerReviewView
from intake.api.admin_rules import RulesView
from intake.api.admin_vocabulary import VocabularyView
from intake.api.auth import check_password
from intake.localtime import local_text
from intake.settings import Settings
from intake.sign_in import TooManyAttempts
from models import (
    AuditLog,
    Employer,
    EmployerAlias,
    TaskForce,
    Township,
    TownshipAlias,
    User,
    UserTaskForce,
    UserTownship,
)
from routing.runtime import RoutingRuntime

ADMIN_ROLES = ("admin", "supervisor")
READ_ACTIONS = frozenset({"list", "details", "export"})


class StaffLogin(AuthenticationBackend):
    def __init__(self, settings: Settings, factory: async_sessionmaker[AsyncSession]) -> None:
        super().__init__(
            secret_key=settings.signing_key(),
            session_cookie="anxin_admin",
            https_only=settings.public_url.startswith("https://"),
        )
        self._factory = factory
        self._settings = settings

    async def login(self, request: Request) -> bool:
        form = await request.form()
        async with self._factory() as session:
            try:
                user = await check_password(
                    request,
                    session,
                    settings=self._settings,
                    username=str(form.get("username")),
                    password=str(form.get("password")),
                    via="admin",
                )
            except TooManyAttempts:
                return False
        if user is None or user.role not in ADMIN_ROLES:
            return False
        request.session.update({"user_id": user.id, "role": user.role})
        return True

    async def logout(self, request: Request) -> bool:
        request.session.clear()
        return True

    async def authenticate(self, request: Request) -> bool:
        uid = request.session.get("user_id")
        if not isinstance(uid, int):
            return False
        async with self._factory() as session:
            user = await session.get(User, uid)
        # a disabled account or a changed role takes effect on the next request
        return user is not None and not user.disabled and user.role in ADMIN_ROLES


class RolePermissions(AuthorizationBackend):
    def has_permission(
        self, request: Request, identity: str, action: str, obj: Any | None = None
    ) -> bool:
        role = request.session.get("role")
        return role == "admin" or (role == "supervisor" and action in READ_ACTIONS)


class AuditTrail(DBAuditBackend):
    def build_row(self, entry: AuditEntry, actor: Any, request: Request) -> AuditLog:
        changes = {k: str(v) for k, v in (entry.changes or {}).items() if "password" not in k}
        return AuditLog(
            actor_user_id=actor if isinstance(actor, int) else None,
            action=f"admin.{entry.action}",
            object_type=entry.identity,
            object_id=str(entry.pk or ""),
            detail={"changes": changes},
            created_at=entry.timestamp,
        )


def _local_moment(value: datetime) -> str:
    return local_text(value, "%Y-%m-%d %H:%M:%S")


class LocalTimeView(ModelView):
    """The admin's tables show times in the local zone, as every other page does."""

    column_type_formatters: ClassVar = {**BASE_FORMATTERS, datetime: _local_moment}
    column_type_formatters_detail: ClassVar = {**BASE_FORMATTERS, datetime: _local_moment}


class TaskForceAdmin(LocalTimeView, model=TaskForce):
    name, name_plural, icon = "工作专班", "工作专班", "fa-solid fa-people-group"
    column_list: ClassVar = [
        "code",
        "name",
        "lead_bureaus",
        "telegram_chat_id",
        "is_office",
    ]
    column_searchable_list: ClassVar = ["code", "name"]
    form_excluded_columns: ClassVar = ["created_at"]


class TownshipAdmin(LocalTimeView, model=Township):
    name, name_plural, icon = "乡镇（街道）", "乡镇（街道）", "fa-solid fa-map"
    column_list: ClassVar = ["id", "name", "division_code"]
    column_searchable_list: ClassVar = ["name"]
    form_excluded_columns: ClassVar = ["created_at"]


class TownshipAliasAdmin(LocalTimeView, model=TownshipAlias):
    name, name_plural, icon = "乡镇别名", "乡镇别名", "fa-solid fa-signs-post"
    column_list: ClassVar = ["alias", "township_id"]
    column_searchable_list: ClassVar = ["alias"]


class EmployerAdmin(LocalTimeView, model=Employer):
    name, name_plural, icon = "用人单位", "用人单位名录", "fa-solid fa-building"
    column_list: ClassVar = [
        "registry_id",
        "name",
        "uscc",
        "sector",
        "ownership",
        "township",
    ]
    column_searchable_list: ClassVar = ["name", "uscc", "registry_id"]
    column_sortable_list: ClassVar = ["name", "updated_at"]
    form_excluded_columns: ClassVar = ["created_at", "updated_at"]
    page_size = 50


class EmployerAliasAdmin(LocalTimeView, model=EmployerAlias):
    name, name_plural, icon = "单位别名", "已确认的单位别名", "fa-solid fa-tags"
    column_list: ClassVar = [
        "alias",
        "employer_id",
        "source",
        "created_at",
    ]
    column_searchable_list: ClassVar = ["alias"]
    form_excluded_columns: ClassVar = ["created_at"]


class UserAdmin(LocalTimeView, model=User):
    """Accounts are created with `anxin users add` (it prints a generated password once)."""

    name, name_plural, icon = "用户", "用户", "fa-solid fa-user"
    can_create = False
    column_list: ClassVar = [
        "username",
        "display_name",
        "role",
        "disabled",
        "telegram_user_id",
    ]
    column_searchable_list: ClassVar = ["username", "display_name"]
    form_excluded_columns: ClassVar = ["password_hash", "created_at"]
    column_details_exclude_list: ClassVar = ["password_hash"]


class UserTaskForceAdmin(LocalTimeView, model=UserTaskForce):
    name, name_plural, icon = "专班成员", "专班成员", "fa-solid fa-id-badge"
    column_list: ClassVar = ["user_id", "task_force_id"]


class UserTownshipAdmin(LocalTimeView, model=UserTownship):
    name, name_plural, icon = "乡镇成员", "乡镇成员", "fa-solid fa-id-card"
    column_list: ClassVar = ["user_id", "township_id"]


class AuditLogAdmin(LocalTimeView, model=AuditLog):
    name, name_plural, icon = "审计记录", "审计记录", "fa-solid fa-clipboard-list"
    can_create = can_edit = can_delete = False
    column_list: ClassVar = [
        "created_at",
        "actor_user_id",
        "action",
        "object_type",
        "object_id",
    ]
    column_default_sort: ClassVar = [("created_at", True)]


VIEWS: tuple[type[ModelView], ...] = (
    TaskForceAdmin,
    TownshipAdmin,
    TownshipAliasAdmin,
    EmployerAdmin,
    EmployerAliasAdmin,
    UserAdmin,
    UserTaskForceAdmin,
    UserTownshipAdmin,
    AuditLogAdmin,
)


def mount_admin(
    app: FastAPI,
    *,
    settings: Settings,
    engine: AsyncEngine,
    factory: async_sessionmaker[AsyncSession],
    runtime: RoutingRuntime,
) -> Admin:
    admin = Admin(
        app,
        engine,
        base_url="/admin",
        title="安薪 · 管理",
        templates_dir=str(Path(__file__).parent / "admin_templates"),
        authentication_backend=StaffLogin(settings, factory),
        authorization_backend=RolePermissions(),
        audit_backend=AuditTrail(factory),
    )
    admin.templates.env.filters["local"] = local_text
    for view in VIEWS:
        admin.add_view(view)
    RulesView.factory, RulesView.runtime = factory, runtime
    admin.add_base_view(RulesView)
    RulesView.identity = "rules_index"  # sqladmin keeps the last exposed name; the menu wants this
    VocabularyView.factory, VocabularyView.runtime = factory, runtime
    admin.add_base_view(VocabularyView)
    VocabularyView.identity = "vocabulary_index"
    EmployerReviewView.factory, EmployerReviewView.runtime = factory, runtime
    admin.add_base_view(EmployerReviewView)
    EmployerReviewView.identity = "employer_review_index"
    return admin
