"""The action registry: one input model per action, request models told apart by `action`,
refusals in Chinese that name the field, and who may do what."""

from __future__ import annotations

import pytest

from intake.staff.access import Viewer
from intake.tickets import actions
from intake.tickets.errors import TicketInputError
from intake.tickets.lifecycle import TransitionError
from models.codes.ticket_action import Action


def test_every_action_has_its_own_input_model() -> None:
    specs = {s.value: s for s in actions.registered()}
    assert set(specs) == {a.value for a in Action}
    models = [s.model for s in specs.values()]
    assert len(set(models)) == len(models)
    required = {"add_note": {"remark": "已电话联系老板"}}  # the rest default to empty
    for spec in specs.values():
        inputs = spec.model.model_validate(required.get(spec.value, {}))
        assert actions.action_of(inputs) is spec
        assert actions.spec_of(spec.value) is spec


def test_requests_are_parsed_into_the_actions_model() -> None:
    resolved = actions.parse_request(
        {"action": "resolve", "outcome": "paid_in_full", "recovered_fen": "350000"}
    )
    assert isinstance(resolved, actions.ResolveInput) and resolved.recovered_fen == 350000
    assert actions.expected_version_of(resolved) is None
    seen = actions.parse_request({"action": "accept", "expected_version": 3})
    assert actions.expected_version_of(seen) == 3
    group = actions.parse_request(
        {"action": "resolve", "outcome": "paid_in_part", "recovered_fen_by_ticket": {"7": 100}},
        group=True,
    )
    assert isinstance(group, actions.ResolveGroupInput)
    assert group.recovered_fen_by_ticket == {7: 100}


@pytest.mark.parametrize(
    ("values", "zh"),
    [
        ({"action": "accept", "question": "?"}, "「question」不是这项操作的内容"),
        ({"action": "request_info", "question": "问" * 2001}, "「补正问题」太长（最多 2000 字）"),
        ({"action": "resolve", "recovered_fen": -1}, "「追回金额」不能为负数"),
        ({"action": "resolve", "recovered_fen": "三百"}, "「追回金额」须为整数"),
    ],
)
def test_bad_fields_are_refused_in_chinese(values: dict[str, object], zh: str) -> None:
    with pytest.raises(TicketInputError) as refused:
        actions.parse_request(values)
    assert refused.value.zh == zh


def test_an_unknown_action_is_a_refused_transition() -> None:
    with pytest.raises(TransitionError):
        actions.parse_request({"action": "fly"})


def test_who_may_do_what() -> None:
    inspector = Viewer(1, "li", "inspector", frozenset({"TF1"}), frozenset())
    office = Viewer(2, "wang", "supervisor", frozenset(), frozenset())
    assert actions.staff_may(inspector, "accept") and actions.staff_may(office, "transfer")
    assert not actions.staff_may(inspector, "transfer")
    assert not actions.staff_may(office, "answer_info")  # the worker answers, by chat
    assert not actions.staff_may(office, "close")  # the follow-up answer closes
