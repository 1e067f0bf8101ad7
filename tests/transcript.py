"""Transcript files: scripted conversations that every channel can replay.

A transcript (YAML, see tests/transcripts/README.md) is a list of worker turns — say a
text, press a button by its label, attach a file, send an unsupported kind, or let time
pass — each with optional expectations on the replies and the `awaiting` slot. The pure
engine replays them in tests/dialogue; the Telegram, web chat and terminal tests replay
the same files through their adapters. Expectations marked "engine only" below need
access to the engine's state and may be skipped by channel replays.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from intake.dialogue.slots import Slot

_WAIT_RE = re.compile(r"^(\d+(?:\.\d+)?)\s*([smhd])$")
_WAIT_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


class Attachment(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: str
    file_id: str
    file_name: str = ""


class Expect(BaseModel):
    model_config = ConfigDict(extra="forbid")

    awaiting: Slot | None = None
    replies_contain: list[str] = []  # substrings of the turn's reply texts (joined)
    replies_not_contain: list[str] = []
    buttons: list[str] = []  # labels that must be offered by the turn's last reply
    no_buttons: bool = False
    complaints_stored: int | None = None  # complaints the service holds after the turn
    # engine only:
    draft: dict[str, Any] = {}  # dotted path in the draft's JSON -> expected value
    effects: list[str] | None = None  # effect types emitted by this turn, in order
    unchanged: bool = False  # the state is exactly the state before the turn


class OpenComplaintFixture(BaseModel):
    """An open complaint the service already holds (for the duplicate offer)."""

    model_config = ConfigDict(extra="forbid")

    phone: str
    employer: str  # registry id, or the employer name as stored
    ticket_number: str
    filed_on: date | None = None


class ScriptedTurn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    say: str | None = None
    repeat: int = 1  # send `say` repeated this many times (for very long messages)
    press: str | None = None  # a button label of earlier replies (latest first); "value:x"
    attach: Attachment | None = None
    send: str | None = None  # an unsupported kind: sticker, voice, location ...
    wait: str | None = None  # "90m", "3d": time passes without a message
    expect: Expect | None = None

    @field_validator("say", "press", mode="before")
    @classmethod
    def _text(cls, value: object) -> object:
        # YAML reads a bare 13812345678 as a number; a worker's message is always text
        return str(value) if isinstance(value, int | float) else value

    @model_validator(mode="after")
    def _one_action(self) -> ScriptedTurn:
        actions = [self.say, self.press, self.attach, self.send, self.wait]
        if sum(a is not None for a in actions) != 1:
            raise ValueError("a turn needs exactly one of say, press, attach, send, wait")
        if self.wait is not None and not _WAIT_RE.match(self.wait):
            raise ValueError(f"wait must look like 90m or 3d, not {self.wait!r}")
        return self

    def text(self) -> str:
        return (self.say or "") * self.repeat

    def wait_delta(self) -> timedelta:
        m = _WAIT_RE.match(self.wait or "")
        if not m:
            return timedelta(0)
        return timedelta(**{_WAIT_UNITS[m.group(2)]: float(m.group(1))})


class Transcript(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str
    now: datetime  # aware; the clock at the first turn (each turn adds a minute)
    conversation: str = "transcript:1"
    open_complaints: list[OpenComplaintFixture] = []
    submit: Literal["store", "fail_first"] = "store"  # the service's behaviour
    turns: list[ScriptedTurn]
    path: str = ""

    @model_validator(mode="after")
    def _aware(self) -> Transcript:
        if self.now.tzinfo is None:
            raise ValueError("now must carry a UTC offset, e.g. 2025-03-10T09:00:00+08:00")
        return self


def load_transcript(path: str | Path) -> Transcript:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    return Transcript.model_validate({**data, "path": str(path)})


def load_transcripts(directory: str | Path) -> list[Transcript]:
    return [load_transcript(p) for p in sorted(Path(directory).glob("*.yaml"))]


def draft_value(draft_json: dict[str, Any], dotted: str) -> Any:
    """`employer.record.id` in a draft dumped with model_dump(mode="json")."""
    node: Any = draft_json
    for part in dotted.split("."):
        if isinstance(node, list) and part.isdigit():
            node = node[int(part)] if int(part) < len(node) else None
        elif isinstance(node, dict):
            node = node.get(part)
        else:
            return None
    return node
