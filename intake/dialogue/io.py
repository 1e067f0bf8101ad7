"""What a channel hands to the engine (UserInput) and gets back (Reply with Buttons).

Adapters stay trivial: text in, a pressed button's value in, an attachment (kind + file
id) in, or an unsupported kind in; replies out, each with optional buttons.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator

from intake.chats.typed_text import clean

InputKind = Literal["text", "choice", "attachment", "unsupported"]
# Attachment kinds accepted as evidence; every other kind is answered as unsupported.
EVIDENCE_KINDS = frozenset({"photo", "document", "video"})


class UserInput(BaseModel):
    """One thing the worker sent. Build it with the class methods."""

    model_config = ConfigDict(frozen=True)

    kind: InputKind
    text: str = ""  # text: the message; choice: the button value
    attachment_kind: str = ""  # attachment / unsupported: photo, document, voice, sticker ...
    file_id: str = ""  # the channel's handle to fetch the file later
    file_name: str = ""

    @field_validator("text", "file_name")
    @classmethod
    def _typed_text(cls, value: str) -> str:
        return clean(value)  # the input boundary of every channel (intake.chats.typed_text)

    @classmethod
    def from_text(cls, text: str) -> UserInput:
        return cls(kind="text", text=text)

    @classmethod
    def from_choice(cls, value: str) -> UserInput:
        return cls(kind="choice", text=value)

    @classmethod
    def from_attachment(cls, kind: str, file_id: str, file_name: str = "") -> UserInput:
        """photo / document / video are evidence; any other kind is treated as unsupported."""
        if kind not in EVIDENCE_KINDS:
            return cls(kind="unsupported", attachment_kind=kind)
        return cls(kind="attachment", attachment_kind=kind, file_id=file_id, file_name=file_name)

    @classmethod
    def unsupported(cls, kind: str) -> UserInput:
        """sticker, voice, audio, location, contact, animation, poll, ... anything else."""
        return cls(kind="unsupported", attachment_kind=kind)


class Button(BaseModel):
    model_config = ConfigDict(frozen=True)

    label: str  # shown to the worker (already in the worker's script)
    value: str  # sent back as UserInput.from_choice(value); never translated


class Reply(BaseModel):
    model_config = ConfigDict(frozen=True)

    text: str
    buttons: list[Button] = []
