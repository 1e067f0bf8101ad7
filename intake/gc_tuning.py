"""The cyclic garbage collector, set for a process that serves conversations."""

from __future__ import annotations

import gc

# Python collects its youngest generation after 700 net allocations of container objects.
# In a serving process the objects of every turn in flight are alive at that moment, so each
# collection walks much the same live set again: in process, with 100 of bench/chat's
# simulated workers for 25 s, 4.5-4.9 % of the CPU went to the collector (hundreds of
# collections), 0.3-0.5 % at 10,000 (about ten).
# Cyclic garbage waits a little longer for it; memory is not what these processes run out of.
YOUNG_THRESHOLD = 10_000


def tune_for_serving() -> None:
    """Collect the youngest generation after YOUNG_THRESHOLD allocations instead of 700."""
    _, middle, oldest = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, middle, oldest)
