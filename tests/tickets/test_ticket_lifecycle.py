"""Every (status, action) pair: the allowed ones lead where issue 6 says, the rest are
refused with a message naming both, in Chinese and English."""

from __future__ import annotations

import itertools

import pytest

from intake.tickets.lifecycle import TransitionError, allowed_actions, next_status
from models.codes.ticket_action import Action
from models.codes.ticket_outcome import OUTCOME_LABELS, TicketOutcome
from models.codes.ticket_status import Status

# The workflow as specified, written out independently of the module's table.
# needs_info is listed as paused before acceptance (paused_from=new).
EXPECTED: dict[str, dict[str, str]] = {
    "new": {
        "accept": "accepted",
        "refuse": "refused",
        "request_info": "needs_info",
        "transfer": "new",
        "merge": "merged",
        "add_note": "new",
    },
    "needs_info": {
        "answer_info": "new",
        "refuse": "refused",
        "transfer": "new",
        "merge": "merged",
        "add_note": "needs_info",
    },
    "accepted": {
        "start_investigation": "investigating",
        "request_info": "needs_info",
        "transfer": "new",
        "merge": "merged",
        "add_note": "accepted",
    },
    "investigating": {
        "resolve": "resolved",
        "extend": "investigating",
        "request_info": "needs_info",
        "transfer": "new",
        "merge": "merged",
        "add_note": "investigating",
    },
    "resolved": {
        "start_followup": "followup",
        "close": "closed",
        "reopen": "investigating",
        "add_note": "resolved",
    },
    "followup": {
        "close": "closed",
        "close_unanswered": "closed",
        "reopen": "investigating",
        "add_note": "followup",
    },
    "closed": {"reopen": "investigating"},
    "refused": {"reopen": "new"},
    "merged": {},
}

ALL_PAIRS = list(itertools.product(list(Status), list(Action)))


def test_expected_table_covers_every_status() -> None:
    assert set(EXPECTED) == {s.value for s in Status}


@pytest.mark.parametrize(("status", "action"), ALL_PAIRS, ids=lambda v: str(v))
def test_every_pair_is_allowed_or_refused(status: Status, action: Action) -> None:
    paused = Status.NEW if status is Status.NEEDS_INFO else None
    target = EXPECTED[status.value].get(action.value)
    if target is not None:
        assert next_status(status, action, paused_from=paused) == Status(target)
        return
    with pytest.raises(TransitionError) as caught:
        next_status(status, action, paused_from=paused)
    err = caught.value
    assert err.status == status and err.action == action
    assert status.label in err.zh and action.label in err.zh
    assert repr(status.value) in err.en and repr(action.value) in err.en
    assert tuple(a.value for a in err.allowed) == tuple(
        a.value for a in Action if a.value in EXPECTED[status.value]
    )


@pytest.mark.parametrize("paused", [Status.NEW, Status.ACCEPTED, Status.INVESTIGATING])
def test_answer_resumes_the_status_it_was_paused_in(paused: Status) -> None:
    assert next_status(Status.NEEDS_INFO, Action.ANSWER_INFO, paused_from=paused) is paused


@pytest.mark.parametrize("paused", [Status.ACCEPTED, Status.INVESTIGATING])
def test_accepted_case_paused_for_info_cannot_be_refused(paused: Status) -> None:
    assert Action.REFUSE not in allowed_actions(Status.NEEDS_INFO, paused_from=paused)
    with pytest.raises(TransitionError) as caught:
        next_status(Status.NEEDS_INFO, Action.REFUSE, paused_from=paused)
    assert "已受理" in caught.value.zh and "cannot be refused" in caught.value.en


def test_answer_without_a_known_pause_is_refused_clearly() -> None:
    with pytest.raises(TransitionError) as caught:
        next_status(Status.NEEDS_INFO, Action.ANSWER_INFO, paused_from=None)
    assert "补正前" in caught.value.zh


def test_merged_is_final() -> None:
    assert allowed_actions(Status.MERGED) == ()
    with pytest.raises(TransitionError) as caught:
        next_status("merged", "reopen")
    assert "无（工单已结束）" in caught.value.zh


@pytest.mark.parametrize(
    ("status", "action", "fragment"),
    [("bogus", "accept", "未知的工单状态"), ("new", "approve", "未知的操作")],
)
def test_unknown_names_are_refused(status: str, action: str, fragment: str) -> None:
    with pytest.raises(TransitionError) as caught:
        next_status(status, action)
    assert fragment in caught.value.zh


def test_strings_and_enums_both_work() -> None:
    assert next_status("new", "accept") is Status.ACCEPTED
    assert str(TransitionError("甲", "a")) == "甲 / a"


def test_outcomes_have_chinese_labels_and_money_flags() -> None:
    assert set(OUTCOME_LABELS) == set(TicketOutcome)
    assert all(label and not label.isascii() for label in OUTCOME_LABELS.values())
    paid = {o for o in TicketOutcome if o.money_paid}
    assert paid == {
        TicketOutcome.PAID_IN_FULL,
        TicketOutcome.PAID_IN_PART,
        TicketOutcome.EMERGENCY_FUND,
    }
    assert TicketOutcome("referred_police").label == "移送公安机关"
