"""The red flags read from a message as a whole: a character n-gram model beside the lexicons.

The lexicons read the words a flag is made of, and admins add to them; a threat or a vanished
boss said without those words (a plan for the morning, a farewell, a locked office) slips past
them. This model, trained by scripts/train_risk_model.py on sentences written apart and on the
tuned generated phrasings, scores the whole message: TF-IDF over character 1-3-grams of the
text as the router reads it and a logistic regression per flag, evaluated here from the
committed JSON so the service needs no machine-learning library. It only adds a flag the
lexicons did not raise (nor read and set aside), only above a threshold chosen by
cross-validation for precision; the reason names the n-grams that weighed most.
"""

from __future__ import annotations

import json
import math
import operator
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from routing.simplify import to_simplified

MODEL_PATH = Path(__file__).resolve().parent / "lexicons" / "risk_model.json"
_HAN = re.compile(r"[\u3400-\u9fff]+")  # a reason quotes words, not punctuation
_WHITE_SPACES = re.compile(r"\s\s+")  # one space, as scikit-learn's char analyzer has it


@dataclass(frozen=True, slots=True)
class ModelFlag:
    probability: float
    words: tuple[str, ...]  # the n-grams that weighed most towards the flag


class RiskModel:
    def __init__(self, data: dict) -> None:
        lo, hi = data["ngram_range"]
        self._sizes = tuple(range(lo, hi + 1))
        flags = data["flags"]
        self._names = tuple(flags)
        self._thresholds = tuple(flags[n]["threshold"] for n in self._names)
        self._intercepts = tuple(flags[n]["intercept"] for n in self._names)
        weights = [flags[n]["weights"] for n in self._names]
        # one lookup per n-gram: its idf, then its weight for each flag
        self._table: dict[str, tuple[float, ...]] = {
            g: (idf, *(w.get(g, 0.0) for w in weights)) for g, idf in data["idf"].items()
        }

    @property
    def flags(self) -> tuple[str, ...]:
        return self._names

    def _counts(self, simplified: str) -> Counter[str]:
        """The known n-grams of the lower-cased text, runs of white space made one, as the
        vectorizer that trained the model reads it."""
        text = _WHITE_SPACES.sub(" ", simplified.lower())
        return Counter(filter(self._table.__contains__, _ngrams(text, self._sizes)))

    def _z(self, counts: Counter[str]) -> list[float]:
        """Each flag's log-odds: TF-IDF weights (sublinear tf, l2-normalised) times the flag's
        weights, in one pass over the n-grams."""
        table = self._table
        if len(self._names) == 2:  # the committed model's two flags: the loop unrolled
            square = dot0 = dot1 = 0.0
            for g, c in counts.items():
                idf, w0, w1 = table[g]
                v = idf if c == 1 else (1.0 + math.log(c)) * idf
                square += v * v
                dot0 += v * w0
                dot1 += v * w1
            dots = [dot0, dot1]
        else:
            dots = [0.0] * len(self._names)
            square = 0.0
            for g, c in counts.items():
                row = table[g]
                v = row[0] if c == 1 else (1.0 + math.log(c)) * row[0]
                square += v * v
                for i in range(len(dots)):
                    dots[i] += v * row[i + 1]
        norm = math.sqrt(square) or 1.0
        return [b + d / norm for b, d in zip(self._intercepts, dots, strict=True)]

    def probabilities(self, simplified: str) -> dict[str, float]:
        """Each flag's probability for a text already through `to_simplified`."""
        zs = self._z(self._counts(simplified))
        return {n: _sigmoid(z) for n, z in zip(self._names, zs, strict=True)}

    def read(self, simplified: str, *, top: int = 3) -> dict[str, ModelFlag]:
        """The flags whose probability clears their threshold, for a text already through
        `to_simplified` (the router's text is)."""
        if not simplified:
            return {}
        counts = self._counts(simplified)
        out = {}
        for i, z in enumerate(self._z(counts)):
            p = _sigmoid(z)
            if p >= self._thresholds[i]:
                parts = {
                    g: (1.0 + math.log(c)) * self._table[g][0] * self._table[g][i + 1]
                    for g, c in counts.items()
                }
                out[self._names[i]] = ModelFlag(p, _strongest(parts, top))
        return out


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def _ngrams(text: str, sizes: tuple[int, ...]) -> Iterator[str]:
    """Every n-gram of `text` for n in `sizes`, built by joining shifted copies (C loops, not a
    Python loop over positions: this runs on every complaint)."""
    grams: Iterable[str] = list(text)
    for n in range(1, sizes[-1] + 1):
        if n > 1:
            grams = list(map(operator.add, grams, text[n - 1 :]))
        if n in sizes:
            yield from grams


def prepare(text: str) -> str:
    """A raw message as the model reads it (training goes through here too)."""
    return to_simplified(text)


def _strongest(parts: dict[str, float], top: int) -> tuple[str, ...]:
    """The n-grams that weighed most towards the flag, longer ones first among overlaps, so
    they read as words rather than characters."""
    words: list[str] = []
    for g in sorted((g for g, w in parts.items() if w > 0), key=lambda g: -parts[g]):
        if len(g) > 1 and _HAN.fullmatch(g) and not any(g in w or w in g for w in words):
            words.append(g)
        if len(words) == top:
            break
    return tuple(words)


@lru_cache(maxsize=1)
def default_risk_model() -> RiskModel | None:
    """The committed model, or None when the file is missing (the lexicons alone decide)."""
    try:
        data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    return RiskModel(data)
