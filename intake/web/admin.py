"""The admin area (/admin): table editing with sqladmin, in Chinese, on the /login sign-in.

Admins edit; supervisors (the office) may look; inspectors have no access (admin_access.py).
Every change is written to the audit trail and confirmed with a message on the next page.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar

from fastapi import FastAPI
from jinja2 import ChoiceLoader, FileSystemLoader
from sqladmin import Admin, Flash, ModelView
from sqladmin.audit import AuditEntry, DBAuditBackend
from sqladmin.authentication import login_required
from sqladmin.formatters import BASE_FORMATTERS
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from starlette.datastructures import URL, FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from wtforms import SelectField
from wtforms.validators import AnyOf

from intake.localtime import local_text
from intake.settings import Settings
from intake.web import admin_home, admin_i18n
from intake.web.admin_access import RolePermissions, StaffSession, middlewares
from intake.web.admin_review import EmployerReviewView
from intake.web.admin_rules import RulesView
from intake.web.admin_vocabulary import VocabularyView
from intake.web.inspect_templates import ROLE_LABELS, TEMPLATES
from models import (
    ROLES,
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

TEMPLATES_DIR = Path(__file__).parent / "templates"

AUDIT_ACTIONS = {
    "admin.create": "新增",
    "admin.update": "修改",
    "admin.delete": "删除",
    "user.login": "登录",
    "user.password_reset": "重置密码",
    "routing.publish": "发布分派规则",
    "routing.rollback": "回滚分派规则",
    "ticket.reroute": "按新规则重新分派",
    "ticket.pii_view": "查看个人信息",
    "ledger.export_pii": "导出含个人信息台账",
}


AUDIT_OBJECTS = {
    "user": "用户",
    "routing_table": "分派规则",
    "ticket": "工单",
    "ledger": "台账",
    "task-force": "工作专班",
    "township": "乡镇（街道）",
    "township-alias": "乡镇别名",
    "employer": "用人单位",
    "employer-alias": "单位别名",
    "user-task-force": "专班成员",
    "user-township": "乡镇成员",
    "case_group": "案件组",
}


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


class ChineseView(ModelView):
    """A table page in Chinese, with local times, that confirms every save with a message."""

    column_type_formatters: ClassVar = {**BASE_FORMATTERS, datetime: _local_moment}
    column_type_formatters_detail: ClassVar = {**BASE_FORMATTERS, datetime: _local_moment}

    async def after_model_change(
        self, data: dict[str, Any], model: Any, is_created: bool, request: Request
    ) -> None:
        verb = "已新增" if is_created else "已保存"
        Flash.success(request, f"{verb}{self.name}：{self._describe(model)}", "保存成功")

    async def after_model_delete(self, model: Any, request: Request) -> None:
        Flash.success(request, f"已删除{self.name}：{self._describe(model)}", "已删除")

    def _describe(self, model: Any) -> str:
        for attr in ("name", "username", "alias", "code"):
            value = getattr(model, attr, None)
            if value:
                return str(value)
        return f"#{getattr(model, 'id', '')}"


COMMON_LABELS = {"id": "编号", "created_at": "创建时间", "updated_at": "更新时间"}


def labels(**names: str) -> dict[Any, str]:
    return {**COMMON_LABELS, **names}


class TaskForceAdmin(ChineseView, model=TaskForce):
    name, name_plural, icon = "工作专班", "工作专班", "fa-solid fa-people-group"
    column_list: ClassVar = ["code", "name", "lead_bureaus", "telegram_chat_id", "is_office"]
    column_labels: ClassVar = labels(
        code="代码",
        name="名称",
        lead_bureaus="牵头单位",
        telegram_chat_id="Telegram 群组 ID",
        is_office="联席办（兜底分派）",
    )
    column_searchable_list: ClassVar = ["code", "name"]
    form_excluded_columns: ClassVar = ["created_at"]


class TownshipAdmin(ChineseView, model=Township):
    name, name_plural, icon = "乡镇（街道）", "乡镇（街道）", "fa-solid fa-map"
    column_list: ClassVar = ["id", "name", "division_code"]
    column_labels: ClassVar = labels(name="名称", division_code="行政区划代码")
    column_searchable_list: ClassVar = ["name"]
    form_excluded_columns: ClassVar = ["created_at"]


class TownshipAliasAdmin(ChineseView, model=TownshipAlias):
    name, name_plural, icon = "乡镇别名", "乡镇别名", "fa-solid fa-signs-post"
    column_list: ClassVar = ["alias", "township_id"]
    column_labels: ClassVar = labels(alias="别名", township_id="乡镇（街道）编号")
    column_searchable_list: ClassVar = ["alias"]


class EmployerAdmin(ChineseView, model=Employer):
    name, name_plural, icon = "用人单位", "用人单位名录", "fa-solid fa-building"
    column_list: ClassVar = ["registry_id", "name", "uscc", "sector", "ownership", "township"]
    column_labels: ClassVar = labels(
        registry_id="名录编号",
        name="单位名称",
        uscc="统一社会信用代码",
        sector="行业",
        ownership="所有制",
        township="所在乡镇（街道）",
    )
    column_searchable_list: ClassVar = ["name", "uscc", "registry_id"]
    column_sortable_list: ClassVar = ["name", "updated_at"]
    form_excluded_columns: ClassVar = ["created_at", "updated_at"]
    page_size = 50


class EmployerAliasAdmin(ChineseView, model=EmployerAlias):
    name, name_plural, icon = "单位别名", "已确认的单位别名", "fa-solid fa-tags"
    column_list: ClassVar = ["alias", "employer_id", "source", "created_at"]
    column_labels: ClassVar = labels(
        alias="别名", employer_id="用人单位编号", source="来源", confirmed_by="确认人编号"
    )
    column_searchable_list: ClassVar = ["alias"]
    form_excluded_columns: ClassVar = ["created_at"]


class UserAdmin(ChineseView, model=User):
    """Accounts are created with `anxin users add` (it prints a generated password once)."""

    name, name_plural, icon = "用户", "用户", "fa-solid fa-user"
    can_create = False
    column_list: ClassVar = ["username", "display_name", "role", "disabled", "telegram_user_id"]
    column_labels: ClassVar = labels(
        username="用户名",
        display_name="姓名",
        role="角色",
        disabled="已停用",
        telegram_user_id="Telegram 用户 ID",
    )
    column_formatters: ClassVar = {"role": lambda m, a: ROLE_LABELS.get(m.role, m.role)}
    column_formatters_detail: ClassVar = column_formatters
    column_searchable_list: ClassVar = ["username", "display_name"]
    form_excluded_columns: ClassVar = ["password_hash", "created_at"]
    column_details_exclude_list: ClassVar = ["password_hash"]
    # a role is one of three, never free text (an unknown role locks its user out)
    form_overrides: ClassVar = {"role": SelectField}
    form_args: ClassVar = {
        "role": {
            "choices": [(role, ROLE_LABELS[role]) for role in ROLES],
            "validators": [AnyOf(ROLES, message="请选择监察员、联席办或管理员")],
        }
    }


class UserTaskForceAdmin(ChineseView, model=UserTaskForce):
    name, name_plural, icon = "专班成员", "专班成员", "fa-solid fa-id-badge"
    column_list: ClassVar = ["user_id", "task_force_id"]
    column_labels: ClassVar = labels(user_id="用户编号", task_force_id="工作专班编号")


class UserTownshipAdmin(ChineseView, model=UserTownship):
    name, name_plural, icon = "乡镇成员", "乡镇成员", "fa-solid fa-id-card"
    column_list: ClassVar = ["user_id", "township_id"]
    column_labels: ClassVar = labels(user_id="用户编号", township_id="乡镇（街道）编号")


class AuditLogAdmin(ChineseView, model=AuditLog):
    name, name_plural, icon = "审计记录", "审计记录", "fa-solid fa-clipboard-list"
    can_create = can_edit = can_delete = False
    column_list: ClassVar = ["created_at", "actor_user_id", "action", "object_type", "object_id"]
    column_labels: ClassVar = labels(
        actor_user_id="操作人编号",
        action="操作",
        object_type="对象类型",
        object_id="对象编号",
        detail="详情",
    )
    column_formatters: ClassVar = {
        "action": lambda m, a: AUDIT_ACTIONS.get(m.action, m.action),
        "object_type": lambda m, a: AUDIT_OBJECTS.get(m.object_type, m.object_type),
        "created_at": lambda m, a: local_text(m.created_at, "%Y-%m-%d %H:%M:%S"),
    }
    column_formatters_detail: ClassVar = column_formatters
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


class StaffAdmin(Admin):
    """sqladmin on the one staff sign-in, with a home page that says what is going on."""

    def __init__(self, *args: Any, factory: async_sessionmaker[AsyncSession], **kw: Any) -> None:
        super().__init__(*args, **kw)
        self._factory = factory
        admin_i18n.install(self.templates.env)
        self.templates.env.filters.update(
            {k: TEMPLATES.env.filters[k] for k in ("local", "role", "yuan")}
        )
        # the shared staff navigation lives with the inspector pages' templates
        self.templates.env.loader = ChoiceLoader(
            [*filter(None, [self.templates.env.loader]), FileSystemLoader(str(TEMPLATES_DIR))]
        )

    @login_required
    async def index(self, request: Request) -> Response:
        async with self._factory() as session:
            context = await admin_home.summary(session)
        context["audit_actions"] = AUDIT_ACTIONS
        context["audit_objects"] = AUDIT_OBJECTS
        return await self.templates.TemplateResponse(request, "sqladmin/index.html", context)

    async def login(self, request: Request) -> Response:
        return RedirectResponse("/login?next=%2Fadmin%2F", status_code=303)

    async def logout(self, request: Request) -> Response:
        request.session.clear()
        return RedirectResponse("/login", status_code=303)

    @staticmethod
    def get_save_redirect_url(
        request: Request, form: FormData, model_view: ModelView, obj: Any
    ) -> str | URL:
        label = str(form.get("save", ""))
        items = [(k, v) for k, v in form.multi_items() if k != "save"]
        items.append(("save", admin_i18n.SAVE_BUTTONS.get(label, label)))
        return Admin.get_save_redirect_url(request, FormData(items), model_view, obj)


def mount_admin(
    app: FastAPI,
    *,
    settings: Settings,
    engine: AsyncEngine,
    factory: async_sessionmaker[AsyncSession],
    runtime: RoutingRuntime,
) -> Admin:
    admin = StaffAdmin(
        app,
        engine,
        factory=factory,
        base_url="/admin",
        title="安薪 · 管理后台",
        templates_dir=str(Path(__file__).parent / "admin_templates"),
        middlewares=middlewares(),
        authentication_backend=StaffSession(settings, factory),
        authorization_backend=RolePermissions(),
        audit_backend=AuditTrail(factory),
    )
    admin.templates.env.filters["local"] = local_text
    for view in VIEWS:
        admin.add_view(view)
    RulesView.factory, RulesView.runtime = factory, runtime
    RulesView.policy = settings.sla_policy()
    admin.add_base_view(RulesView)
    RulesView.identity = "rules_index"  # sqladmin keeps the last exposed name; the menu wants this
    VocabularyView.factory, VocabularyView.runtime = factory, runtime
    admin.add_base_view(VocabularyView)
    VocabularyView.identity = "vocabulary_index"
    EmployerReviewView.factory, EmployerReviewView.runtime = factory, runtime
    admin.add_base_view(EmployerReviewView)
    EmployerReviewView.identity = "employer_review_index"
    return admin
