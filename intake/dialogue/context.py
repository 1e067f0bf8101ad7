"""What the engine needs from its surroundings, supplied by the channel/service layer.

`DialogueContext` is a Protocol; `SimpleDialogueContext` is a ready implementation over an
`EmployerIndex`, a `TownshipGazetteer` and two optional async lookups, which is all most
adapters need (build one per incoming message, with `now` set to the current time).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from intake.dialogue.draft import OpenComplaint
from intake.dialogue.effects import ComplaintStatus
from routing.employers.index import MatchResult
from routing.townships import TownshipGazetteer


class EmployerMatcher(Protocol):
    def match(self, query: str, *, limit: int = 5) -> MatchResult: ...


class DialogueContext(Protocol):
    @property
    def now(self) -> datetime:
        """Aware datetime; the engine is deterministic given it (dates in Asia/Shanghai)."""
        ...

    @property
    def townships(self) -> Sequence[str]:
        """Known township names, offered as buttons."""
        ...

    def match_employer(self, text: str) -> MatchResult: ...

    def find_township(self, text: str) -> str | None: ...

    async def find_open_complaint(
        self, *, phone: str, employer_id: str | None, employer_name: str
    ) -> OpenComplaint | None:
        """An open complaint of this phone number against this employer, if any."""
        ...

    async def complaint_statuses(
        self, *, phone: str | None, ticket_numbers: Sequence[str]
    ) -> list[ComplaintStatus]:
        """Status lines for /status (the tickets of this conversation and of this phone)."""
        ...


OpenComplaintLookup = Callable[[str, str | None, str], Awaitable[OpenComplaint | None]]
StatusLookup = Callable[[str | None, Sequence[str]], Awaitable[list[ComplaintStatus]]]


@dataclass
class SimpleDialogueContext:
    """A DialogueContext from parts. Lookups left out answer "nothing found"."""

    now: datetime
    employers: EmployerMatcher | None = None
    gazetteer: TownshipGazetteer = field(default_factory=lambda: TownshipGazetteer([]))
    open_complaint_lookup: OpenComplaintLookup | None = None  # (phone, employer_id, name)
    status_lookup: StatusLookup | None = None  # (phone, ticket_numbers)

    def __post_init__(self) -> None:
        if self.now.tzinfo is None:
            raise ValueError("DialogueContext.now must be timezone-aware")

    @property
    def townships(self) -> Sequence[str]:
        return self.gazetteer.names

    def match_employer(self, text: str) -> MatchResult:
        if self.employers is None:
            return MatchResult(query=text, match=None)
        return self.employers.match(text)

    def find_township(self, text: str) -> str | None:
        return self.gazetteer.find_answer(text)

    async def find_open_complaint(
        self, *, phone: str, employer_id: str | None, employer_name: str
    ) -> OpenComplaint | None:
        if self.open_complaint_lookup is None:
            return None
        return await self.open_complaint_lookup(phone, employer_id, employer_name)

    async def complaint_statuses(
        self, *, phone: str | None, ticket_numbers: Sequence[str]
    ) -> list[ComplaintStatus]:
        if self.status_lookup is None:
            return []
        return await self.status_lookup(phone, ticket_numbers)
