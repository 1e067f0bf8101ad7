"""The conversations a process saved last, kept as saved, so that their next turn need not
fetch and decode the stored state again.

A worker's messages mostly reach the process that answered the previous one (a browser or
Telegram keeps its connection, and each `anxin serve` process accepts its own). The turn
still reads the row, but asks for the state only if the revision is not the one kept here
(conversation_rows.load): PostgreSQL then neither decompresses nor sends the 3.5 kB of state,
and the process neither decodes nor validates it. A conversation another process or replica
saved meanwhile has another revision, so it is read whole, as before.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import NamedTuple

from intake.dialogue import DialogueState

Key = tuple[str, str]  # (channel, external id)


class Kept(NamedTuple):
    revision: int
    state: DialogueState


class RecentConversations:
    """The last `size` conversations saved here (0: none), least recently used dropped."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._entries: OrderedDict[Key, Kept] = OrderedDict()

    def get(self, key: Key) -> Kept | None:
        return self._entries.get(key)

    def keep(self, key: Key, revision: int, state: DialogueState) -> None:
        """`state` was committed as `revision` (the state is shared, never to be changed)."""
        if self._size <= 0:
            return
        self._entries[key] = Kept(revision, state)
        self._entries.move_to_end(key)
        while len(self._entries) > self._size:
            self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)
