"""Replay every transcript in tests/transcripts through the pure engine."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from dialogue_harness import TRANSCRIPTS, Conversation, FakeService, TurnResult
from transcript import Expect, Transcript, draft_value, load_transcripts

from intake import dialogue as dl
from routing.employers.index import EmployerIndex

ALL = load_transcripts(TRANSCRIPTS)


def test_transcripts_are_there() -> None:
    assert len(ALL) >= 13
    assert all(t.turns for t in ALL)


@pytest.mark.parametrize("transcript", ALL, ids=[Path(t.path).stem for t in ALL])
async def test_transcript(
    transcript: Transcript, index: EmployerIndex, gazetteer: dl.TownshipGazetteer
) -> None:
    service = FakeService(
        open_complaints=list(transcript.open_complaints),
        fail_next_submit=transcript.submit == "fail_first",
    )
    conv = Conversation(
        now=transcript.now - timedelta(minutes=1),
        index=index,
        gazetteer=gazetteer,
        service=service,
        conversation_id=transcript.conversation,
    )
    for number, turn in enumerate(transcript.turns, start=1):
        where = f"{Path(transcript.path).name} turn {number}"
        if turn.wait is not None:
            conv.now += turn.wait_delta()
            continue
        if turn.say is not None:
            result = await conv.say(turn.text())
        elif turn.press is not None:
            result = await conv.press(turn.press)
        elif turn.attach is not None:
            a = turn.attach
            result = await conv.attach(a.kind, a.file_id, a.file_name)
        else:
            assert turn.send is not None
            result = await conv.unsupported(turn.send)
        if turn.expect is not None:
            check(turn.expect, result, service, where)


def check(expect: Expect, result: TurnResult, service: FakeService, where: str) -> None:
    text = result.text
    if expect.awaiting is not None:
        assert result.after.awaiting == expect.awaiting, f"{where}: awaiting\n{text}"
    for part in expect.replies_contain:
        assert part in text, f"{where}: {part!r} not in replies\n{text}"
    for part in expect.replies_not_contain:
        assert part not in text, f"{where}: {part!r} in replies\n{text}"
    for label in expect.buttons:
        assert label in result.labels, f"{where}: no button {label!r} in {result.labels}"
    if expect.no_buttons:
        assert not any(r.buttons for r in result.replies), f"{where}: {result.labels}"
    if expect.complaints_stored is not None:
        assert len(service.complaints) == expect.complaints_stored, where
    if expect.effects is not None:
        assert [e.type for e in result.effects] == expect.effects, f"{where}: effects"
    if expect.unchanged:
        assert result.after == result.before, f"{where}: state changed"
    if expect.draft:
        draft = result.after.draft
        assert draft is not None, f"{where}: no draft"
        dumped = draft.model_dump(mode="json")
        for path, want in expect.draft.items():
            got = draft_value(dumped, path)
            assert got == want, f"{where}: draft.{path} = {got!r}, expected {want!r}\n{text}"
