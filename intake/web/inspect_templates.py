"""The Jinja templates of the staff pages and the filters they format values with."""

from __future__ import annotations

from pathlib import Path

from fastapi.templating import Jinja2Templates

from intake.localtime import local_text
from intake.reports.ticket_view import format_deadline
from intake.tickets.actions import form_fields
from models.codes.priority import priority_label
from models.codes.red_flag import flag_label

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
ROLE_LABELS = {"inspector": "监察员", "supervisor": "联席办", "admin": "管理员"}


def yuan(fen: int | None) -> str:
    return "" if fen is None else f"{fen / 100:,.2f}"


def percent(rate: float | None) -> str:
    return "—" if rate is None else f"{100 * rate:.1f}%"


TEMPLATES.env.filters.update(
    local=local_text,
    yuan=yuan,
    pct=percent,
    priority=priority_label,
    role=lambda r: ROLE_LABELS.get(r, r),
    flag=flag_label,
    deadline=lambda m, fmt="%Y-%m-%d": format_deadline(m, fmt) if m else "",
)
# the fields of an action the action forms have no widgets of their own for
TEMPLATES.env.globals["action_fields"] = form_fields
