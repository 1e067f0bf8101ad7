"""Work type (工种) from the words a worker uses: 扎钢筋 -> 钢筋工, 搬砖 -> 小工."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

_VOCAB_FILE = Path(__file__).with_name("work_types.yaml")


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


def common_work_types() -> list[str]:
    """Labels offered as buttons."""
    return [str(w) for w in _vocab_file()["buttons"]]
