"""The cyclic garbage collector, set for a process that serves conversations."""

from __future__ import annotations

import gc

# Python collects its youngest generation after 700 net allocations of container objects.
# In a serving process the objects of every turn in flight are alive at that moment, so each
# collection walks much the same live set again, and the collector's share of the CPU is
# several times what it is at a higher threshold (figures in bench/HISTORY.md).
# Cyclic garbage waits a little longer for it; memory is not what these processes run out of.
YOUNG_THRESHOLD = 10_000


def tune_for_serving() -> None:
    """Collect the youngest generation after YOUNG_THRESHOLD allocations instead of 700."""
    _, middle, oldest = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, middle, oldest)
