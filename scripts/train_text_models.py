"""Train the character n-gram models beside the lexicons (routing/ngram_model.py):
routing/lexicons/risk_model.json (the two red flags) and routing/lexicons/work_model.json (what
kind of employer a message describes).

Both are TF-IDF over character 1-3-grams of the text as the lexicons read it (full-width folded,
traditional to simplified) with one logistic regression per head, trained only on data tuned on
before, never on a held-out set:

* red flags: tests/routing/data/risk_written_*.tsv (sentences written apart), the complaints the
  development data's generator (../shared/data/gen_dev.py) writes at seeds of our own, and the
  tuned families of the generated phrasings (bench/risk_eval.py, seed 21). Each flag's threshold is
  the lowest at which the model alone keeps a precision of 0.95 on the written sentences, each
  file's read by a model trained without that file (a writer it never saw); one for each band
  of message length, short messages asking more.
* kind of employer: tests/routing/data/routing_written*.jsonl (cases written apart from the
  routing rules), each task force's cases a head that stands for the facts the rules route it
  by (TF1 construction, TF2 a public institution ...; the office a head that implies nothing).
  The threshold is the one at which the cross-validated model alone routes most cases right.

Run (scikit-learn is a dev-only dependency; the service reads the committed JSON):
    .venv/bin/python scripts/train_text_models.py
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.risk_eval import ALL_HELD_OUT, generate_all  # noqa: E402
from routing.lexicons import LexiconSet, default_lexicons  # noqa: E402
from routing.ngram_model import RISK_MODEL, WORK_MODEL  # noqa: E402
from routing.simplify import to_simplified  # noqa: E402

DATA = ROOT / "tests" / "routing" / "data"
# the development data's generator (../shared/data, not in this repository): its complaints, at
# seeds of our own, teach the model what an ordinary complaint in that format looks like
DEV_GENERATOR = ROOT.parent / "shared" / "data" / "gen_dev.py"
DEV_SEEDS = tuple(range(1001, 1011))  # never the data set's own seed nor those measured on
FLAGS = {"extreme_risk": "E", "absconded": "A"}
# task force -> (head, the facts the routing rules send there)
KINDS: dict[str, tuple[str, dict[str, str]]] = {
    "TF5_COAL": ("coal", {"sector": "coal"}),
    "TF2_GOV_PROJECT": (
        "public_institution",
        {"sector": "public_institution", "ownership": "public_institution"},
    ),
    "TF6_SOE": ("soe", {"ownership": "soe"}),
    "TF4_EDU": ("education_training", {"sector": "education_training"}),
    "TF3_PUBLIC_SVC": ("public_service", {"sector": "public_service"}),
    "TF1_CONSTRUCTION": ("construction", {"sector": "construction"}),
    "TF7_SME": ("services", {"sector": "services"}),
    "OFFICE": ("office", {}),
}
NGRAMS = (1, 3)
MIN_DF = 2
C = 4.0
THRESHOLDS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)
MODEL_PRECISION = 0.95  # what the issue asks of every flag
# messages shorter than these (characters) get a threshold of their own: the fewer n-grams a
# message has, the more sure of itself the model is, right or wrong
LENGTH_BANDS = (20,)


def _vectorizer() -> TfidfVectorizer:
    return TfidfVectorizer(
        analyzer="char", ngram_range=NGRAMS, min_df=MIN_DF, sublinear_tf=True, norm="l2"
    )


def _regression() -> LogisticRegression:
    return LogisticRegression(C=C, class_weight="balanced", max_iter=3000)


def _cross_validated(texts: list[str], gold: np.ndarray) -> np.ndarray:
    """Out-of-fold probabilities of one binary head."""
    prob = np.zeros(len(texts))
    arr = np.array(texts, dtype=object)
    for tr, te in StratifiedKFold(5, shuffle=True, random_state=0).split(arr, gold):
        vec = _vectorizer()
        clf = _regression().fit(vec.fit_transform(arr[tr]), gold[tr])
        prob[te] = clf.predict_proba(vec.transform(arr[te]))[:, 1]
    return prob


def _model(texts: list[str], heads: dict[str, tuple[np.ndarray, float, dict[str, str]]]) -> dict:
    """The JSON the service reads: the shared vocabulary and idf, then each head."""
    vec = _vectorizer()
    x = vec.fit_transform(texts)
    vocab = vec.get_feature_names_out()
    out: dict[str, Any] = {"ngram_range": list(NGRAMS), "heads": {}}
    for name, (gold, threshold, implies) in heads.items():
        clf = _regression().fit(x, gold)
        out["heads"][name] = {
            "threshold": threshold,
            "intercept": round(float(clf.intercept_[0]), 5),
            "weights": {
                g: round(float(c), 5) for g, c in zip(vocab, clf.coef_[0], strict=True) if c
            },
        }
        if implies:
            out["heads"][name]["implies"] = implies
    out["idf"] = {g: round(float(v), 4) for g, v in zip(vocab, vec.idf_, strict=True)}
    return out


def _out_of_writer(texts: list[str], gold: np.ndarray, groups: list[str], n: int) -> np.ndarray:
    """Probabilities of one binary head for the first `n` rows (the written ones), each from a
    model trained without its writer's sentences: how the model reads a writer it never saw."""
    prob = np.zeros(n)
    arr = np.array(texts, dtype=object)
    for group in sorted(set(groups[:n])):
        test = np.array([g == group for g in groups])
        vec = _vectorizer()
        clf = _regression().fit(vec.fit_transform(arr[~test]), gold[~test])
        prob[test[:n]] = clf.predict_proba(vec.transform(arr[test]))[:, 1]
    return prob


def dev_generator_cases(seeds: tuple[int, ...]) -> list[tuple[str, set[str]]]:
    """The routing cases the development data's generator writes at `seeds` (text, red flags);
    none when the generator is not beside this checkout."""
    if not DEV_GENERATOR.exists():
        print(f"{DEV_GENERATOR} not found: trained without the generator's complaints")
        return []
    source = DEV_GENERATOR.read_text(encoding="utf-8")
    out: list[tuple[str, set[str]]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for seed in seeds:
            folder = Path(tmp) / str(seed)
            folder.mkdir()
            (folder / "gen_dev.py").write_text(
                re.sub(r"^SEED = \d+$", f"SEED = {seed}", source, count=1, flags=re.M), "utf-8"
            )
            subprocess.run(
                [sys.executable, "gen_dev.py"], cwd=folder, check=True, stdout=subprocess.DEVNULL
            )
            for line in (folder / "routing_cases.jsonl").read_text("utf-8").splitlines():
                case = json.loads(line)
                out.append((case["text"], set(case["expected_flags"]) & set(FLAGS)))
    return out


def risk_model(lexicons: LexiconSet) -> dict:
    written: list[tuple[str, set[str]]] = []
    groups: list[str] = []  # each file is one writer's (or one round's) sentences
    for path in sorted(DATA.glob("risk_written_*.tsv")):
        if "held_out" in path.name:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                label, text = line.split("\t", 1)
                written.append((text, {f for f, k in FLAGS.items() if k in label}))
                groups.append(path.stem.removesuffix("_tuned"))
    # the generator's complaints are judged with the written sentences, a writer of their own
    dev = dev_generator_cases(DEV_SEEDS)
    written += dev
    groups += ["dev_generator"] * len(dev)
    generated = [
        (c["text"], set(c["expected_flags"]) & set(FLAGS))
        for c in generate_all(seed=21)
        if c["family"] not in ALL_HELD_OUT
    ]
    rows = written + generated
    groups += ["generated"] * len(generated)
    texts = [to_simplified(t) for t, _ in rows]
    n = len(written)
    heads: dict[str, tuple[np.ndarray, float, dict[str, str]]] = {}
    by_length: dict[str, list[list[float]]] = {}
    for flag in FLAGS:
        gold = np.array([flag in f for _, f in rows])
        g = gold[:n]
        lx = np.array([bool(lexicons.hits(flag, t)) for t in texts[:n]])
        p = _out_of_writer(texts, gold, groups, n)

        def precision(pred: np.ndarray, g: np.ndarray = g) -> float:
            return float((pred & g).sum() / max(1, pred.sum()))

        def recall(pred: np.ndarray, g: np.ndarray = g) -> float:
            return float((pred & g).sum() / max(1, g.sum()))

        # the lowest threshold at which the model alone, on writers it was not trained on, is
        # right as often as a flag must be (the lexicons were tuned on these very sentences,
        # so their precision here says nothing about a new writer): for each band of length,
        # and for all the longer messages
        lengths = np.array([len(t) for t in texts[:n]])
        edges = (0, *LENGTH_BANDS, 10**9)
        bands = list(itertools.pairwise(edges))
        chosen: list[float] = []
        for lo, hi in bands:
            inside = (lengths >= lo) & (lengths < hi)
            chosen.append(
                next(
                    (t for t in THRESHOLDS if precision((p >= t) & inside) >= MODEL_PRECISION),
                    THRESHOLDS[-1],
                )
            )
        at = np.array(
            [chosen[int(np.searchsorted(LENGTH_BANDS, x, side="right"))] for x in lengths]
        )
        pred = lx | (p >= at)
        print(
            f"{flag}: {gold.sum()} of {len(rows)}; thresholds {chosen} below "
            f"{LENGTH_BANDS} characters and above: on writers left out, the model alone "
            f"precision {precision(p >= at):.3f}, recall {recall(p >= at):.3f}; with the "
            f"lexicons {precision(pred):.3f}, {recall(pred):.3f} (lexicons alone "
            f"{precision(lx):.3f}, {recall(lx):.3f})"
        )
        heads[flag] = (gold, chosen[-1], {})
        by_length[flag] = [[b, t] for b, t in zip(LENGTH_BANDS, chosen, strict=False)]
    out = _model(texts, heads)
    for flag, bands_ in by_length.items():
        out["heads"][flag]["thresholds_by_length"] = bands_
    out["trained_on"] = (
        f"{len(written) - len(dev)} written sentences, {len(dev)} complaints of the development"
        f" data's generator (seeds {DEV_SEEDS[0]}-{DEV_SEEDS[-1]}), {len(generated)} generated"
        " phrasings"
    )
    return out


def work_model() -> dict:
    cases = []
    for path in sorted(DATA.glob("routing_written*.jsonl")):
        if "held_out" in path.name:
            continue
        cases += [json.loads(line) for line in path.read_text("utf-8").splitlines() if line]
    texts = [to_simplified(c["text"]) for c in cases]
    labels = [KINDS[c["expected_task_force"]][0] for c in cases]
    names = [head for head, _ in KINDS.values()]
    probs = np.column_stack(
        [_cross_validated(texts, np.array([lab == h for lab in labels])) for h in names]
    )
    best, top = probs.argmax(axis=1), probs.max(axis=1)
    scores = []
    for t in THRESHOLDS:
        said = [names[b] if p >= t else "office" for b, p in zip(best, top, strict=True)]
        scores.append((sum(s == lab for s, lab in zip(said, labels, strict=True)), -t, t))
    right, _, threshold = max(scores)
    print(
        f"kind of employer: {len(cases)} cases; threshold {threshold}: the model alone, "
        f"cross-validated, routes {right / len(cases):.3f} right"
    )
    heads = {
        head: (np.array([lab == head for lab in labels]), threshold, implies)
        for head, implies in KINDS.values()
    }
    out = _model(texts, heads)
    out["trained_on"] = f"{len(cases)} routing cases written apart"
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", choices=("risk", "work"), help="train one model")
    args = ap.parse_args()
    for name, path in (("risk", RISK_MODEL), ("work", WORK_MODEL)):
        if args.only in (None, name):
            data = risk_model(default_lexicons()) if name == "risk" else work_model()
            path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), "utf-8")
            print(f"{len(data['idf'])} n-grams -> {path}")


if __name__ == "__main__":
    main()
