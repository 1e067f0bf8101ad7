"""Red-line flags (红线标记) the router sets on a complaint: a group of workers, a risk of
extreme acts, an employer who has absconded. Any of them makes the ticket urgent (the
routing table's priority rules) and tells the office at once."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

GROUP_HEADCOUNT = 10  # data/README: a group is 10 or more workers

RedFlag = Literal["group", "extreme_risk", "absconded"]
FLAGS: tuple[RedFlag, ...] = ("group", "extreme_risk", "absconded")

FLAG_LABELS: Mapping[str, str] = {
    "group": f"群体性（{GROUP_HEADCOUNT}人及以上）",
    "extreme_risk": "极端言行风险",
    "absconded": "老板跑路/失联",
}


def flag_label(code: str) -> str:
    return FLAG_LABELS.get(code, code)
