"""Character n-gram models that read a message as a whole, beside the lexicons.

The lexicons read the words a fact is made of, and admins add to them; a threat or a vanished
boss said without those words (a plan for the morning, a farewell, a locked office), or a job
they have never listed, slips past them. Two models, trained by scripts/train_text_models.py
on cases written apart and tuned on before, score the whole message: TF-IDF over character
1-3-grams of the text as the router reads it and one logistic regression per head,
evaluated here from committed JSON so the service needs no machine-learning library.

* `risk_model.json`: a head per red flag; the router adds a flag the lexicons did not raise
  (nor read and set aside) when its probability clears a threshold chosen on writers it was not
  trained on, stricter for a short message.
* `work_model.json`: a head per kind of employer (construction, coal, education ...); the
  router reads the kind from it only when the lexicons found no sector, ownership or funding.

Either way the reason names the n-grams that weighed most.
"""

from __future__ import annotations

import json
import math
import operator
import re
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

MODELS = Path(__file__).resolve().parent / "lexicons"
RISK_MODEL = MODELS / "risk_model.json"
WORK_MODEL = MODELS / "work_model.json"
_HAN = re.compile(r"[\u3400-\u9fff]+")  # a reason quotes words, not punctuation
_WHITE_SPACES = re.compile(r"\s\s+")  # one space, as scikit-learn's char analyzer has it


@dataclass(frozen=True, slots=True)
class ModelReading:
    probability: float
    words: tuple[str, ...]  # the n-grams that weighed most towards the head


class NgramModel:
    def __init__(self, data: dict) -> None:
        lo, hi = data["ngram_range"]
        self._sizes = tuple(range(lo, hi + 1))
        heads = data["heads"]
        self._names = tuple(heads)
        self._thresholds = tuple(heads[n]["threshold"] for n in self._names)
        # a head may ask more of a short message, whose few n-grams make it over-confident:
        # ((length below which, threshold), ...) in increasing length, then `threshold`
        self._by_length: tuple[tuple[tuple[int, float], ...], ...] = tuple(
            tuple((int(below), float(t)) for below, t in heads[n].get("thresholds_by_length", ()))
            for n in self._names
        )
        self._intercepts = tuple(heads[n]["intercept"] for n in self._names)
        weights = [heads[n]["weights"] for n in self._names]
        # the facts a head stands for (work model: {"sector": "construction"}); empty for none
        self.implies: dict[str, dict[str, str]] = {
            n: dict(heads[n].get("implies", {})) for n in self._names
        }
        # one lookup per n-gram: its idf, then its weight for each head
        self._table: dict[str, tuple[float, ...]] = {
            g: (idf, *(w.get(g, 0.0) for w in weights)) for g, idf in data["idf"].items()
        }

    @property
    def heads(self) -> tuple[str, ...]:
        return self._names

    def _counts(self, simplified: str) -> Counter[str]:
        """The known n-grams of the lower-cased text, runs of white space made one, as the
        vectorizer that trained the model reads it."""
        text = _WHITE_SPACES.sub(" ", simplified.lower())
        return Counter(filter(self._table.__contains__, _ngrams(text, self._sizes)))

    def _z(self, counts: Counter[str]) -> list[float]:
        """Each head's log-odds: TF-IDF weights (sublinear tf, l2-normalised) times the head's
        weights, in one pass over the n-grams."""
        table = self._table
        if len(self._names) == 2:  # the red-flag model's two heads: the loop unrolled
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

    def _probabilities(self, simplified: str) -> tuple[Counter[str], list[float]]:
        counts = self._counts(simplified)
        return counts, [_sigmoid(z) for z in self._z(counts)]

    def read(
        self, simplified: str, *, top: int = 3, heads: Collection[str] | None = None
    ) -> dict[str, ModelReading]:
        """The heads (of `heads`, or any) whose probability clears their threshold, for a text
        already through `to_simplified` (the router's text is). Only those are explained: the
        words behind a reading cost a pass over the message's n-grams each."""
        if not simplified:
            return {}
        counts, probs = self._probabilities(simplified)
        return {
            self._names[i]: self._explained(counts, i, p, top)
            for i, p in enumerate(probs)
            if (heads is None or self._names[i] in heads)
            and p >= self.threshold(i, len(simplified))
        }

    def best(self, simplified: str, *, top: int = 3) -> tuple[str, ModelReading] | None:
        """The most probable head, when it clears its threshold."""
        if not simplified or not self._names:
            return None
        counts, probs = self._probabilities(simplified)
        i = max(range(len(probs)), key=probs.__getitem__)
        if probs[i] < self.threshold(i, len(simplified)):
            return None
        return self._names[i], self._explained(counts, i, probs[i], top)

    def threshold(self, head: int, length: int) -> float:
        """The probability head number `head` must reach on a message of `length` characters."""
        for below, t in self._by_length[head]:
            if length < below:
                return t
        return self._thresholds[head]

    def _explained(self, counts: Counter[str], i: int, p: float, top: int) -> ModelReading:
        table = self._table
        parts = {g: (1.0 + math.log(c)) * table[g][0] * table[g][i + 1] for g, c in counts.items()}
        return ModelReading(p, _strongest(parts, top))


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def _ngrams(text: str, sizes: tuple[int, ...]) -> list[str]:
    """Every n-gram of `text` for n in `sizes`, built by joining shifted copies (C loops, not a
    Python loop over positions: this runs on every complaint)."""
    out: list[str] = []
    grams = list(text)
    for n in range(1, sizes[-1] + 1):
        if n > 1:
            grams = list(map(operator.add, grams, text[n - 1 :]))
        if n in sizes:
            out += grams
    return out


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


def load_model(path: Path) -> NgramModel | None:
    """A committed model, or None when the file is missing (the lexicons alone decide)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    return NgramModel(data)


@lru_cache(maxsize=1)
def default_risk_model() -> NgramModel | None:
    return load_model(RISK_MODEL)


@lru_cache(maxsize=1)
def default_work_model() -> NgramModel | None:
    return load_model(WORK_MODEL)
