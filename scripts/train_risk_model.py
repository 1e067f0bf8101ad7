"""Train routing/lexicons/risk_model.json: a character n-gram model of the two red flags.

The lexicons (routing/lexicons/risk.yaml) read the words a flag is made of; people who have not
read them word a threat or a vanished boss in ways no list holds (a plan, a farewell, a locked
door). This model reads the message as a whole: TF-IDF over character 1-3-grams of the text
as the lexicons read it (full-width folded, traditional to simplified), one logistic
regression per flag.
The router raises a flag from the model only when the lexicons raised none and the model's
probability clears the flag's threshold; the reason it gives names the n-grams that weighed
most (routing/risk_model.py).

Training data, all of it tuned on before (never a held-out set):
* tests/routing/data/risk_written_*.tsv, sentences written apart, except the *_held_out files;
* the tuned families of the generated phrasings (bench/risk_eval.py, seed 21).

Thresholds are chosen by 5-fold cross-validation on the written sentences: the lowest
probability at which the flag's precision (lexicons or model) stays within one point of the
lexicons' own.

Run (scikit-learn is a dev-only dependency; the service reads the committed JSON):
    .venv/bin/python scripts/train_risk_model.py
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.risk_eval import ALL_HELD_OUT, generate_all  # noqa: E402
from routing.risk_model import prepare  # noqa: E402
from routing.router import Router  # noqa: E402

DATA = ROOT / "tests" / "routing" / "data"
DEFAULT_OUT = ROOT / "routing" / "lexicons" / "risk_model.json"
FLAGS = {"extreme_risk": "E", "absconded": "A"}
NGRAMS = (1, 3)
MIN_DF = 2
C = 4.0
THRESHOLDS = (0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)
PRECISION_SLACK = 0.01


def written() -> list[tuple[str, set[str]]]:
    rows = []
    for path in sorted(DATA.glob("risk_written_*.tsv")):
        if "held_out" in path.name:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                label, text = line.split("\t", 1)
                rows.append((text, {f for f, k in FLAGS.items() if k in label}))
    return rows


def generated() -> list[tuple[str, set[str]]]:
    return [
        (c["text"], set(c["expected_flags"]) & set(FLAGS))
        for c in generate_all(seed=21)
        if c["family"] not in ALL_HELD_OUT
    ]


def _vectorizer() -> TfidfVectorizer:
    return TfidfVectorizer(
        analyzer="char", ngram_range=NGRAMS, min_df=MIN_DF, sublinear_tf=True, norm="l2"
    )


def choose_threshold(texts: list[str], gold: np.ndarray, lex: np.ndarray, n_written: int) -> float:
    """The lowest threshold whose cross-validated precision on the written sentences stays
    within PRECISION_SLACK of the lexicons' alone."""
    prob = np.zeros(len(texts))
    arr = np.array(texts, dtype=object)
    for tr, te in StratifiedKFold(5, shuffle=True, random_state=0).split(arr, gold):
        vec = _vectorizer()
        clf = LogisticRegression(C=C, class_weight="balanced", max_iter=3000)
        clf.fit(vec.fit_transform(arr[tr]), gold[tr])
        prob[te] = clf.predict_proba(vec.transform(arr[te]))[:, 1]
    g, lx, p = gold[:n_written], lex[:n_written], prob[:n_written]

    def precision(pred: np.ndarray) -> float:
        return float((pred & g).sum() / max(1, pred.sum()))

    floor = precision(lx) - PRECISION_SLACK
    for t in THRESHOLDS:
        pred = lx | (p >= t)
        if precision(pred) >= floor:
            recall = (pred & g).sum() / max(1, g.sum())
            print(f"  threshold {t}: cv precision {precision(pred):.3f}, recall {recall:.3f}")
            return t
    return THRESHOLDS[-1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args()
    w, gen = written(), generated()
    rows = w + gen
    texts = [prepare(t) for t, _ in rows]
    router = Router()
    lex_flags = [{f for f in FLAGS if router.lexicons.hits(f, t)} for t, _ in rows]
    vec = _vectorizer()
    X = vec.fit_transform(texts)
    vocab = vec.get_feature_names_out()
    out: dict = {
        "ngram_range": list(NGRAMS),
        "idf": {},
        "flags": {},
        "trained_on": f"{len(w)} written sentences, {len(gen)} generated phrasings",
    }
    idf = vec.idf_
    for flag in FLAGS:
        gold = np.array([flag in f for _, f in rows])
        lex = np.array([flag in f for f in lex_flags])
        print(f"{flag}: {gold.sum()} positive of {len(rows)}")
        threshold = choose_threshold(texts, gold, lex, len(w))
        clf = LogisticRegression(C=C, class_weight="balanced", max_iter=3000).fit(X, gold)
        out["flags"][flag] = {
            "threshold": threshold,
            "intercept": round(float(clf.intercept_[0]), 5),
            "weights": {
                g: round(float(c), 5) for g, c in zip(vocab, clf.coef_[0], strict=True) if c
            },
        }
    out["idf"] = {g: round(float(v), 4) for g, v in zip(vocab, idf, strict=True)}
    args.out.write_text(json.dumps(out, ensure_ascii=False, separators=(",", ":")), "utf-8")
    print(f"{len(vocab)} n-grams -> {args.out}")


if __name__ == "__main__":
    main()
