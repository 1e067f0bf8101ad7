"""The conversations a process saved last, kept as saved, so that their next turn need not
fetch and decode the stored state again.

A worker's messages mostly reach the process that answered the previous one (a browser or
Telegram keeps its connection, and each `anxin serve` process accepts its own). A message
that follows within seconds (over the same kept-alive connection) takes the kept state
without reading the row; the save's revision check catches the rare one that another process
answered meanwhile, and that turn runs again. After a longer pause the turn reads the row,
but asks for the state only if the revision is not the one kept here (conversation_rows.load):
PostgreSQL then neither decompresses nor sends the 3.5 kB of state, and the process neither
decodes nor validates it. A conversation another process or replica saved meanwhile has
another revision, so it is read whole.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from typing import NamedTuple

from intake.dialogue import DialogueState

Key = tuple[str, str]  # (channel, external id)


class Kept(NamedTuple):
    row_id: int
    revision: int
    state: DialogueState
    saved_at: float  # time.monotonic()


class RecentConversations:
    """The last `size` conversations saved here (0: none), least recently used dropped."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._entries: OrderedDict[Key, Kept] = OrderedDict()

    def get(self, key: Key) -> Kept | None:
        return self._entries.get(key)

    def keep(self, key: Key, row_id: int, revision: int, state: DialogueState) -> None:
        """`state` was committed as `revision` of row `row_id` (the state is shared, never to
        be changed)."""
        if self._size <= 0:
            return
        self._entries[key] = Kept(row_id, revision, state, time.monotonic())
        self._entries.move_to_end(key)
        while len(self._entries) > self._size:
            self._entries.popitem(last=False)

    def forget(self, key: Key) -> None:
        """The kept state turned out stale: another process saved since."""
        self._entries.pop(key, None)

    def __len__(self) -> int:
        return len(self._entries)
