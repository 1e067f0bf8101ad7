"""The red-flag model beside the lexicons (routing/risk_model.py, scripts/train_risk_model.py):
its scores are the trained scikit-learn model's, it raises a flag only where the lexicons found
none of their words, and the reason quotes the words that weighed most."""

from __future__ import annotations

import json

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from routing.facts import Classifier
from routing.risk_model import MODEL_PATH, RiskModel, default_risk_model, prepare
from routing.router import Router

SAMPLES = [
    "明早六点老地方见，能来的全来，把厂门口那条路给他占满，一个人都不能缺",
    "我已经在他家门口蹲了三个小时了，手里拿着扳手，等他回来就给他一下",
    "干了三个月工资一分没给，老板说下个月再说",
    "老闆關機是因爲他在飛機上，落地就回我了，說明天發",
    "  空格   和 tab\t都 算一个  ",
    "",
]


@pytest.fixture(scope="module")
def model() -> RiskModel:
    got = default_risk_model()
    assert got is not None, "routing/lexicons/risk_model.json is committed"
    return got


@pytest.fixture(scope="module")
def router() -> Router:
    return Router()


def test_scores_are_those_of_the_trained_vectorizer_and_regression(model: RiskModel) -> None:
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    vocab = list(data["idf"])
    vec = TfidfVectorizer(
        analyzer="char",
        ngram_range=tuple(data["ngram_range"]),
        sublinear_tf=True,
        vocabulary=vocab,
    )
    vec.fit(vocab)  # a fixed vocabulary: fit only sets the shapes; the idf is the trained one
    vec.idf_ = np.array([data["idf"][g] for g in vocab])
    x = vec.transform([prepare(t) for t in SAMPLES])
    for flag, f in data["flags"].items():
        w = np.array([f["weights"].get(g, 0.0) for g in vocab])
        expected = 1 / (1 + np.exp(-(x @ w + f["intercept"])))
        got = [model.probabilities(prepare(t))[flag] for t in SAMPLES]
        assert np.allclose(got, expected, atol=1e-9), flag


def test_a_plan_said_without_the_lexicons_words_is_flagged_with_its_words(
    router: Router,
) -> None:
    text = "明早六点老地方见，能来的全来，把厂门口那条路给他占满，一个人都不能缺"
    facts = router.classify(text, {})
    assert "extreme_risk" in facts.flags
    ev = facts.evidence["extreme_risk"]
    assert ev.basis == "text_model"
    assert ev.detail.startswith("整体语义判断（可能性")
    quoted = ev.detail.split("依据", 1)[1]
    assert "“" in quoted and "," not in quoted and "，" not in quoted.strip("“”）")
    reasons = router.route(text, {}).reasons
    assert any(r.startswith("标记“极端言行风险”：整体语义判断") for r in reasons)


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("万一包工头跑了咋办", "absconded"),  # feared, not happened
        ("老板上了失信黑名单", "absconded"),  # a benign reading of the lexicon's words
        ("我们没说要去闹，只想要回工资", "extreme_risk"),
    ],
)
def test_words_the_lexicons_set_aside_are_not_overruled(
    router: Router, text: str, flag: str
) -> None:
    assert flag not in router.route(text, {}).flags


def test_the_lexicons_alone_decide_without_a_model() -> None:
    class NoModel(RiskModel):
        def __init__(self) -> None:
            super().__init__({"ngram_range": [1, 3], "idf": {}, "flags": {}})

    text = "明早六点老地方见，能来的全来，把厂门口那条路给他占满，一个人都不能缺"
    assert "extreme_risk" not in Classifier(risk_model=NoModel()).classify(text, {}).flags
