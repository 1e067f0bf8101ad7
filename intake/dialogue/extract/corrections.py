"""Corrections in words: "金额说错了，是4万", "电话改成139...", "不是3万，是4万".

We find which slot the worker corrects (by its keyword, close before the correction word)
and the words of the new value; parsing that value is the slot's own parser's job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from intake.dialogue.slots import SLOTS, Slot

# Keywords a worker uses for the id number; a slot's are in its declaration (slots.py).
# Checked first: "身份证号码" ends where the phone's "号码" does.
_ID_NUMBER_WORDS = ("身份证号码", "身份证号", "身份证")
_MARKERS = re.compile(
    r"说错了|写错了|搞错了|打错了|输错了|填错了|弄错了|记错了|错了|不对(?![账劲])|"
    r"改成|改为|改一下|换成|换为|更正为|更正|修改为|修改|应该是|其实是|重新填"
)
_NOT_X_BUT_Y = re.compile(r"不是(?P<old>[^，,。；;]{1,20}?)[，,\s]*(?:而)?(?:是|应该是)(?P<new>.+)")
_VALUE_LEAD = re.compile(r"^[\s，,：:。]*(?:应该|其实)?(?:是|为|成)?[\s：:]*")
_JOINER = re.compile(r"^[\s，,。：:、]*$")
MAX_CORRECTION_CHARS = 80  # a long story is not a correction
KEYWORD_REACH = 6
# Between the keyword and the correction word only these may stand ("金额我说错了"), so
# "老板说我们算错了" is not a correction of the employer.
_GAP = re.compile(r"^(?:的|我|俺|给|也|都|又|你们)*(?:说|写|填|打|输|记|搞|弄|算)?$")


@dataclass(frozen=True, slots=True)
class Correction:
    slot: Slot | None  # None: no keyword; infer the slot from the value
    value_text: str  # may be empty ("电话错了"): ask for the new value
    target: str = ""  # "id_number" (not a question slot)


def _slot_words() -> dict[str, tuple[str, ...]]:
    words: dict[str, tuple[str, ...]] = {"id_number": _ID_NUMBER_WORDS}
    words.update((s.name, s.correction_words) for s in SLOTS.specs if s.correction_words)
    return words


def _keyword_in(text: str, start: int, end: int) -> tuple[str, int] | None:
    """The slot whose keyword ends last within text[start:end]."""
    best: tuple[str, int] | None = None
    for slot, words in _slot_words().items():
        for w in words:
            idx = text.rfind(w, start, end)
            if idx >= 0 and (best is None or idx + len(w) > best[1]):
                best = (slot, idx + len(w))
    return best


def _merged_markers(text: str) -> list[tuple[int, int]]:
    """Marker spans, with "写错了，应该是" counted as one."""
    spans: list[tuple[int, int]] = []
    for m in _MARKERS.finditer(text):
        if spans and _JOINER.match(text[spans[-1][1] : m.start()]):
            spans[-1] = (spans[-1][0], m.end())
        else:
            spans.append(m.span())
    return spans


def find_corrections(text: str) -> list[Correction]:
    """Corrections in a short message, in order; [] when it is not a correction."""
    t = text.strip()
    if not t or len(t) > MAX_CORRECTION_CHARS:
        return []
    m = _NOT_X_BUT_Y.search(t)
    if m and not _MARKERS.search(t[: m.start()]):
        kw = _keyword_in(t, max(0, m.start() - KEYWORD_REACH), m.end("old"))
        return [_make(kw[0] if kw else None, m.group("new"))]
    out: list[Correction] = []
    markers = _merged_markers(t)
    for i, (start, end) in enumerate(markers):
        kw = _keyword_in(t, max(0, start - KEYWORD_REACH - 4), start)
        if kw is not None and not _GAP.match(t[kw[1] : start]):
            kw = None
        value_end = markers[i + 1][0] if i + 1 < len(markers) else len(t)
        if i + 1 < len(markers):
            nxt = _keyword_in(t, end, markers[i + 1][0])
            if nxt is not None:
                # the next correction's keyword starts where this value ends
                for word in _slot_words()[nxt[0]]:
                    idx = t.rfind(word, end, markers[i + 1][0])
                    if idx >= 0 and idx + len(word) == nxt[1]:
                        value_end = idx
                        break
        value = t[end:value_end]
        if kw is None and not _VALUE_LEAD.sub("", value).strip(" ，,。；;"):
            continue  # "不对" with neither a keyword nor a value says nothing to act on
        out.append(_make(kw[0] if kw else None, value))
    return out


def _make(slot: str | None, value: str) -> Correction:
    value = _VALUE_LEAD.sub("", value).strip(" ，,。；;!！")
    if slot == "id_number":
        return Correction(slot=None, value_text=value, target="id_number")
    return Correction(slot=slot, value_text=value)
