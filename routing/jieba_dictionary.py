"""jieba's default dictionary, loaded once per process and shared.

Loading it costs most of a second (jieba unmarshals 350,000 words); the employer
tokenizer, the township gazetteer and the red-flag scan's sound-alike guard all read it.
"""

from __future__ import annotations

from functools import lru_cache

import jieba


@lru_cache(maxsize=1)
def loaded() -> jieba.Tokenizer:
    """A tokenizer holding the default dictionary; callers copy what they change."""
    jieba.setLogLevel(60)
    tk = jieba.Tokenizer()
    tk.initialize()
    return tk


def frequencies() -> dict[str, int]:
    """Word -> frequency in the default dictionary (read only: shared by every caller)."""
    freq: dict[str, int] = loaded().FREQ
    return freq
