"""Alignment of a typed sequence against a registry sequence (pinyin codes, via rapidfuzz).

Codes are pinyin ids, so homophones align as equal; a character replaced between two
aligned ones is counted as a slip (a look-alike or a wrong character), not as extra text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz.distance import LCSseq


@dataclass(frozen=True, slots=True)
class Alignment:
    pairs: tuple[tuple[int, int], ...]  # (ref index, typed index), equal codes
    slips: tuple[tuple[int, int], ...]  # (ref index, typed index), replaced between pairs
    first: int  # first aligned typed index (len(typed) when nothing aligned)
    end: int  # one past the last aligned typed index (0 when nothing aligned)

    @property
    def matched(self) -> int:
        return len(self.pairs) + len(self.slips)


EMPTY = Alignment((), (), 0, 0)


def align(
    ref: tuple[int, ...],
    typed: tuple[int, ...],
    slip: Callable[[int, int], bool] | None = None,
) -> Alignment:
    """Longest-common-subsequence alignment (so 建材 aligns inside 新型建材). A gap of one
    character on both sides between two aligned stretches is a slip when `slip(ref index,
    typed index)` accepts it (look-alikes: 教肓咨询 for 教育咨询)."""
    if not ref or not typed:
        return EMPTY
    pairs: list[tuple[int, int]] = []
    slips: list[tuple[int, int]] = []
    ref_gap: list[int] = []
    typed_gap: list[int] = []
    for op in LCSseq.opcodes(ref, typed):
        if op.tag == "equal":
            if (
                pairs
                and len(ref_gap) == len(typed_gap) == 1
                and slip
                and slip(ref_gap[0], typed_gap[0])
            ):
                slips.append((ref_gap[0], typed_gap[0]))
            ref_gap, typed_gap = [], []
            pairs.extend(
                (op.src_start + k, op.dest_start + k) for k in range(op.src_end - op.src_start)
            )
        elif op.tag == "delete":
            ref_gap.extend(range(op.src_start, op.src_end))
        elif op.tag == "insert":
            typed_gap.extend(range(op.dest_start, op.dest_end))
    if not pairs:
        return Alignment((), (), len(typed), 0)
    first, end = pairs[0][1], pairs[-1][1] + 1
    if slip:
        # a slip at either edge, next to an aligned stretch: 坏卫 for 环卫
        (r0, t0), (r1, t1) = pairs[0], pairs[-1]
        if r0 > 0 and t0 > 0 and not any(r == r0 - 1 for r, _ in slips) and slip(r0 - 1, t0 - 1):
            slips.insert(0, (r0 - 1, t0 - 1))
            first = t0 - 1
        if r1 + 1 < len(ref) and t1 + 1 < len(typed) and slip(r1 + 1, t1 + 1):
            slips.append((r1 + 1, t1 + 1))
            end = t1 + 2
    return Alignment(tuple(pairs), tuple(slips), first, end)
