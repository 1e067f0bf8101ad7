"""Ticket actions: one typed input model per action, and the registry every layer reads.

The JSON API validates its body with an action's model (and the OpenAPI schema shows it),
the web form parses its fields into the same model, the Telegram buttons build it, and the
ticket service takes it. The registry says, per action: the model, who may do it, whether
it is offered for a whole group, and, for an action added here rather than in the service,
the function that works out what it changes (its plan).

A new action: its code and Chinese label in models/codes/ticket_action.py, its transitions
in lifecycle.py, and here its input model, its plan and its `_builtin(...)` line (field
titles are the form's placeholders, the error messages' and the timeline's words); the
form shows a text box per field unless _action_forms.html gives it widgets of its own.
备注 (add_note) was added this way and is the example to follow.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any, Literal, cast

from pydantic import ConfigDict, Field, ValidationError, create_model
from sqlalchemy.ext.asyncio import AsyncSession

from intake.chats.typed_text import TypedInput
from intake.dialogue.io import Button
from intake.staff.access import AccessDenied, Viewer
from intake.tickets.errors import TicketInputError
from intake.tickets.lifecycle import TransitionError, parse_action
from intake.tickets.sla import SlaPolicy
from models import Ticket
from models.base import BIGINT_MAX, INT_MAX
from models.codes.ticket_action import Action
from models.codes.ticket_status import Status

TEXT_MAX = 2000


class ActionInput(TypedInput):
    """What a person gives for an action: text is cleaned and stripped, unknown fields are
    refused. `title` is the field's Chinese name on forms and in error messages."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def _reason(title: str = "原因", description: str = "") -> Any:
    return Field("", max_length=TEXT_MAX, title=title, description=description)


class AcceptInput(ActionInput):
    pass


class RefuseInput(ActionInput):
    reason: str = _reason(
        "不予受理理由", "a refusal reason code, or the words (told to the worker)"
    )


class RequestInfoInput(ActionInput):
    question: str = Field("", max_length=TEXT_MAX, title="补正问题", description="to the worker")


class AnswerInfoInput(ActionInput):
    # no length limit: the worker's answer is kept (cut to the stored length), never refused
    answer: str = Field("", title="补正内容")


class StartInvestigationInput(ActionInput):
    pass


class ExtendInput(ActionInput):
    reason: str = _reason()


class ResolveInput(ActionInput):
    outcome: str | None = Field(
        None, max_length=48, title="办结方式", description="the outcome code"
    )
    recovered_fen: int | None = Field(
        None, ge=0, le=BIGINT_MAX, title="追回金额", description="recovered, in fen"
    )


class ResolveGroupInput(ActionInput):
    """Resolving a group: the outcome for all, the amount per ticket where given (else the
    service's rule: the claimed amount when paid in full or advanced, 0 without payment)."""

    outcome: str | None = Field(
        None, max_length=48, title="办结方式", description="the outcome code"
    )
    recovered_fen_by_ticket: (
        dict[Annotated[int, Field(ge=1, le=INT_MAX)], Annotated[int, Field(ge=0, le=BIGINT_MAX)]]
        | None
    ) = Field(None, title="各工单追回金额")


class StartFollowupInput(ActionInput):
    pass


class CloseInput(ActionInput):
    followup_paid: bool | None = None
    followup_satisfied: bool | None = None


class CloseUnansweredInput(ActionInput):
    pass


class TransferInput(ActionInput):
    target_task_force: str | None = Field(None, max_length=32, title="转至专班")
    target_township: str | None = Field(None, max_length=64, title="转至属地")
    reason: str = _reason("转办原因")


class MergeInput(ActionInput):
    merge_into: (
        Annotated[str, Field(max_length=32)] | Annotated[int, Field(ge=1, le=INT_MAX)] | None
    ) = Field(None, title="并入工单", description="the ticket's number or id")
    reason: str = _reason("合并原因")


class ReopenInput(ActionInput):
    reason: str = _reason()


class AddNoteInput(ActionInput):
    """A note on the case (a call made, a promise given): on the timeline, nothing else."""

    remark: str = Field(min_length=1, max_length=500, title="备注")


class FollowupReopenInput(ReopenInput):
    """Reopening on the worker's follow-up answer (not wages, or not satisfied): the service's
    own, never a form's."""

    followup_paid: bool | None = None
    followup_satisfied: bool | None = None


class Who(StrEnum):
    """Who does an action."""

    STAFF = "staff"  # any inspector, within their units
    OFFICE = "office"  # the office (联席办): it re-routes cases between units
    WORKER = "worker"  # the worker, by chat
    FOLLOWUP = "followup"  # the follow-up answer or its timeout: never by hand


@dataclass(frozen=True)
class MessageToWorker:
    """What an action tells the worker, on the channel they used."""

    kind: str
    text: str
    buttons: list[Button] = field(default_factory=list)


@dataclass
class Plan:
    """What an action changes: ticket columns, the timeline event's body, a message to the
    worker, and for a merge the ticket merged into."""

    values: dict[str, Any] = field(default_factory=dict)
    body: dict[str, Any] = field(default_factory=dict)
    worker_message: MessageToWorker | None = None
    merged_into: Ticket | None = None  # gets a "merged_from" event once the merge is done


@dataclass(frozen=True)
class Change:
    """What a plan function reads (it checks the inputs and writes nothing)."""

    session: AsyncSession
    ticket: Ticket
    before: Status
    after: Status
    now: datetime
    policy: SlaPolicy


PlanFunction = Callable[[Change, Any], Awaitable[Plan]]


@dataclass(frozen=True)
class TicketAction:
    """One action as every layer sees it. `model` is what one ticket takes, `group_model`
    what a whole group takes (the same but for resolving); the request models add `action`
    (and for one ticket `expected_version`): the JSON API's bodies and the forms' result."""

    action: Action
    model: type[ActionInput]
    group_model: type[ActionInput]
    who: Who
    for_groups: bool
    plan: PlanFunction | None  # None: the service's own (service._plan)
    request_model: type[ActionInput]
    group_request_model: type[ActionInput]

    @property
    def value(self) -> str:
        return self.action.value

    @property
    def label(self) -> str:
        return self.action.label


_REGISTRY: dict[str, TicketAction] = {}


def _request_model(action: Action, base: type[ActionInput], *, group: bool) -> type[ActionInput]:
    """The JSON body (and form) of the action: its inputs, `action`, and for one ticket the
    version the person saw."""
    camel = "".join(part.title() for part in action.value.split("_"))
    fields: dict[str, Any] = {
        "action": (Literal[action.value], Field(title="操作", description=action.label)),  # type: ignore[valid-type]
    }
    if not group:
        fields["expected_version"] = (
            int | None,
            Field(None, ge=0, le=INT_MAX, description="the ticket's version you saw; stale -> 409"),
        )
    name = f"{camel}{'Group' if group else ''}Request"
    made = create_model(name, __base__=base, __doc__=base.__doc__, **fields)
    return cast(type[ActionInput], made)


def _add(
    action: Action,
    model: type[ActionInput],
    *,
    who: Who,
    for_groups: bool,
    plan: PlanFunction | None,
    group_model: type[ActionInput] | None,
) -> TicketAction:
    spec = TicketAction(
        action=action,
        model=model,
        group_model=group_model or model,
        who=who,
        for_groups=for_groups,
        plan=plan,
        request_model=_request_model(action, model, group=False),
        group_request_model=_request_model(action, group_model or model, group=True),
    )
    _REGISTRY[action.value] = spec
    return spec


def _builtin(
    action: Action,
    model: type[ActionInput],
    *,
    who: Who = Who.STAFF,
    for_groups: bool = False,
    group_model: type[ActionInput] | None = None,
    plan: PlanFunction | None = None,
) -> None:
    """An Action member's registration; without `plan`, service._plan works it out."""
    _add(action, model, who=who, for_groups=for_groups, plan=plan, group_model=group_model)


_builtin(Action.ACCEPT, AcceptInput, for_groups=True)
_builtin(Action.REFUSE, RefuseInput)
_builtin(Action.REQUEST_INFO, RequestInfoInput, for_groups=True)
_builtin(Action.ANSWER_INFO, AnswerInfoInput, who=Who.WORKER)
_builtin(Action.START_INVESTIGATION, StartInvestigationInput, for_groups=True)
_builtin(Action.EXTEND, ExtendInput)
_builtin(Action.RESOLVE, ResolveInput, for_groups=True, group_model=ResolveGroupInput)
_builtin(Action.START_FOLLOWUP, StartFollowupInput, for_groups=True)
_builtin(Action.CLOSE, CloseInput, who=Who.FOLLOWUP)
_builtin(Action.CLOSE_UNANSWERED, CloseUnansweredInput, who=Who.FOLLOWUP)
_builtin(Action.TRANSFER, TransferInput, who=Who.OFFICE, for_groups=True)
_builtin(Action.MERGE, MergeInput, for_groups=True)
_builtin(Action.REOPEN, ReopenInput)


async def _plan_note(change: Change, inputs: AddNoteInput) -> Plan:
    # kept under the field's name: the timeline labels it with the field's title
    return Plan(body={"remark": inputs.remark})


_builtin(Action.ADD_NOTE, AddNoteInput, for_groups=True, plan=_plan_note)
assert set(_REGISTRY) == {a.value for a in Action}, "every Action needs its input model"


def spec_of(action: str) -> TicketAction:
    """The registered action, or TransitionError for an unknown name."""
    return _REGISTRY[parse_action(action).value]


def registered() -> list[TicketAction]:
    return list(_REGISTRY.values())


def action_of(inputs: ActionInput) -> TicketAction:
    """The action whose model (or request model) `inputs` is."""
    for cls in type(inputs).__mro__:
        for spec in _REGISTRY.values():
            if cls in (spec.model, spec.group_model):
                return spec
    raise TypeError(f"{type(inputs).__name__} is no registered action's input model")


def expected_version_of(inputs: ActionInput) -> int | None:
    """The version a person saw, carried by a request model (None for other inputs)."""
    version = getattr(inputs, "expected_version", None)
    return version if isinstance(version, int) else None


def parse_inputs(action: str, values: Mapping[str, Any], *, group: bool = False) -> ActionInput:
    """`values` as the action's model; a refusal says in Chinese which field and why."""
    spec = spec_of(action)
    model = spec.group_model if group else spec.model
    try:
        return model.model_validate(dict(values))
    except ValidationError as exc:
        raise invalid_input(exc, model) from None


def parse_request(values: Mapping[str, Any], *, group: bool = False) -> ActionInput:
    """A form's or a script's request (`action`, its fields, `expected_version`) as the
    action's request model: what the JSON API validates its body with."""
    spec = spec_of(str(values.get("action") or ""))
    model = spec.group_request_model if group else spec.request_model
    try:
        return model.model_validate(dict(values))
    except ValidationError as exc:
        raise invalid_input(exc, model) from None


_PROBLEMS: Mapping[str, str] = {
    "missing": "须填写",
    "string_too_short": "须填写",
    "string_too_long": "太长（最多 {max_length} 字）",
    "negative": "不能为负数",
    "greater_than_equal": "不能小于 {ge}",
    "less_than_equal": "不能大于 {le}",
    "int_parsing": "须为整数",
    "int_type": "须为整数",
    "string_type": "须为文字",
    "bool_parsing": "须为是或否",
    "extra_forbidden": "不是这项操作的内容",
}


def invalid_input(exc: ValidationError, model: type[ActionInput]) -> TicketInputError:
    first = exc.errors()[0]
    name = str(first["loc"][0]) if first.get("loc") else ""
    info = model.model_fields.get(name)
    title = (info.title if info is not None else None) or name
    ctx = first.get("ctx", {})
    kind = "negative" if first["type"] == "greater_than_equal" and ctx.get("ge") == 0 else ""
    problem = _PROBLEMS.get(kind or first["type"], "不符合要求").format(**ctx)
    return TicketInputError(f"「{title}」{problem}", f"{name}: {first.get('msg', '')}")


@dataclass(frozen=True)
class FormField:
    name: str
    title: str
    required: bool


def form_fields(action: str) -> list[FormField]:
    """The text fields of an action's form, for an action _action_forms.html has no widgets
    for."""
    model = spec_of(action).model
    return [
        FormField(name, info.title or name, info.is_required())
        for name, info in model.model_fields.items()
    ]


def field_title(name: str) -> str | None:
    """The title of a field named `name` in any action's input model."""
    for spec in _REGISTRY.values():
        info = spec.model.model_fields.get(name)
        if info is not None and info.title:
            return info.title
    return None


def staff_may(viewer: Viewer, action: str) -> bool:
    return staff_refusal(viewer, action) is None


def staff_refusal(viewer: Viewer, action: str) -> AccessDenied | TransitionError | None:
    """Why a staff member may not do `action` (None: they may, where the status allows)."""
    who = spec_of(action).who
    if who is Who.OFFICE and not viewer.may_transfer:
        return AccessDenied(
            "转办由联席办决定：请在工单中说明原因，由联席办转办",
            "transfers are decided by the office (supervisor)",
        )
    if who is Who.WORKER:
        return AccessDenied(
            "补正回复由投诉人通过对话提交", "the worker answers a 补正 question by chat"
        )
    if who is Who.FOLLOWUP:
        return not_by_hand(parse_action(action))
    return None


def not_by_hand(action: Action) -> TransitionError:
    # 销号 needs 拿到欠薪、群众满意: it follows the worker's answer, never a button
    return TransitionError(
        "销号由回访结果决定（record_followup），不能直接操作",
        "a ticket is closed by the worker's follow-up answer (record_followup), not by hand",
        action=action,
    )
