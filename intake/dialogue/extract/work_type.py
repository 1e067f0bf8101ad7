"""Work type (工种) from the words a worker uses: 扎钢筋 -> 钢筋工, 搬砖 -> 小工."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from intake.dialogue.extract.normalize import compact

_VOCAB_FILE = Path(__file__).with_name("work_types.yaml")
_FREE_WORK_TYPE = re.compile(r"^[\u4e00-\u9fff]{1,12}$")


@lru_cache(maxsize=1)
def _vocab_file() -> dict[str, Any]:
    data = yaml.safe_load(_VOCAB_FILE.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@lru_cache(maxsize=1)
def work_type_vocabulary() -> dict[str, tuple[str, ...]]:
    """Label -> words that mean it, in matching order (more specific first)."""
    types = _vocab_file()["types"]
    return {str(label): tuple(str(w) for w in words) for label, words in types.items()}


def find_work_type(text: str) -> str | None:
    """The first known work type named in (normalised) text, else None."""
    for label, words in work_type_vocabulary().items():
        if any(w in text for w in words):
            return label
    return None


def work_type_answer(text: str) -> str | None:
    """The answer to "what work did you do": a known work type, else a few Chinese
    characters with "我是…的" and "…的活" taken off ("我是开塔吊的" -> 开塔吊)."""
    work_type = find_work_type(text)
    if work_type is None:
        plain = re.sub(r"^(?:我|俺)?(?:是|干|做|当)?(?:的是)?", "", compact(text))
        plain = re.sub(r"(?:的活|的|活)$", "", plain)
        work_type = plain if _FREE_WORK_TYPE.match(plain) else None
    return work_type or None


def common_work_types() -> list[str]:
    """Labels offered as buttons."""
    return [str(w) for w in _vocab_file()["buttons"]]
