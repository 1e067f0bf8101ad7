"""The n-gram models beside the lexicons (routing/ngram_model.py, scripts/train_text_models.py):
their scores are the trained scikit-learn models', the red-flag model raises a flag only where
the lexicons found none of their words, the work model names the employer's kind only when no
rule decides without it, and the reasons quote the words that weighed most."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from routing.facts import Classifier
from routing.ngram_model import RISK_MODEL, WORK_MODEL, NgramModel, default_risk_model
from routing.router import Router
from routing.simplify import to_simplified

SAMPLES = [
    "明早六点老地方见，能来的全来，把厂门口那条路给他占满，一个人都不能缺",
    "我已经在他家门口蹲了三个小时了，手里拿着扳手，等他回来就给他一下",
    "干了三个月工资一分没给，老板说下个月再说",
    "老闆關機是因爲他在飛機上，落地就回我了，說明天發",
    "  空格   和 tab\t都 算一个  ",
    "",
]


@pytest.fixture(scope="module")
def router() -> Router:
    return Router()


@pytest.mark.parametrize("path", [RISK_MODEL, WORK_MODEL], ids=["risk", "work"])
def test_scores_are_those_of_the_trained_vectorizer_and_regression(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    # every head read at any probability, so each one's score shows
    model = NgramModel(
        {
            **data,
            "heads": {
                h: {**f, "threshold": 0.0, "thresholds_by_length": []}
                for h, f in data["heads"].items()
            },
        }
    )
    vocab = list(data["idf"])
    vec = TfidfVectorizer(
        analyzer="char",
        ngram_range=tuple(data["ngram_range"]),
        sublinear_tf=True,
        vocabulary=vocab,
    )
    vec.fit(vocab)  # a fixed vocabulary: fit only sets the shapes; the idf is the trained one
    vec.idf_ = np.array([data["idf"][g] for g in vocab])
    x = vec.transform([to_simplified(t) for t in SAMPLES])
    for head, f in data["heads"].items():
        w = np.array([f["weights"].get(g, 0.0) for g in vocab])
        expected = 1 / (1 + np.exp(-(x @ w + f["intercept"])))
        got = [
            model.read(to_simplified(t))[head].probability
            if t
            else 1 / (1 + np.exp(-f["intercept"]))
            for t in SAMPLES
        ]
        assert np.allclose(got, expected, atol=1e-9), head


def test_a_short_message_must_be_read_more_surely() -> None:
    data = json.loads(RISK_MODEL.read_text(encoding="utf-8"))
    model = NgramModel(data)
    for i, head in enumerate(model.heads):
        bands = data["heads"][head]["thresholds_by_length"]
        below, short = bands[0]
        assert model.threshold(i, below - 1) == short
        assert model.threshold(i, below) == data["heads"][head]["threshold"]
        assert model.threshold(i, 500) == data["heads"][head]["threshold"]


def test_only_the_heads_asked_for_are_read() -> None:
    data = json.loads(RISK_MODEL.read_text(encoding="utf-8"))
    everything = NgramModel(
        {
            **data,
            "heads": {
                h: {**f, "threshold": 0.0, "thresholds_by_length": []}
                for h, f in data["heads"].items()
            },
        }
    )
    text = to_simplified("老板跑了，电话也打不通，俺们要去堵他家门")
    assert set(everything.read(text)) == {"extreme_risk", "absconded"}
    assert set(everything.read(text, heads=["absconded"])) == {"absconded"}
    assert everything.read(text, heads=[]) == {}


def test_a_plan_said_without_the_lexicons_words_is_flagged_with_its_words(
    router: Router,
) -> None:
    text = "如果明天我还要不到钱，大家就不用再找我了。谢谢这些年帮过我的朋友。"
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
        # not knowing what the boss's company does is not not knowing where he is
        ("给一个姓韩的老板干了活，也不知道他是干啥的公司，工钱一万一到现在没给", "absconded"),
    ],
)
def test_words_the_lexicons_set_aside_are_not_overruled(
    router: Router, text: str, flag: str
) -> None:
    assert flag not in router.route(text, {}).flags


def test_the_lexicons_alone_decide_without_a_model() -> None:
    class NoModel(NgramModel):
        def __init__(self) -> None:
            super().__init__({"ngram_range": [1, 3], "idf": {}, "heads": {}})

    text = "如果明天我还要不到钱，大家就不用再找我了。谢谢这些年帮过我的朋友。"
    assert "extreme_risk" not in Classifier(risk_model=NoModel()).classify(text, {}).flags


def test_an_unlisted_job_is_read_as_its_kind_only_when_no_rule_decides(router: Router) -> None:
    assert default_risk_model() is not None
    text = "在一家做陶瓷釉料的小作坊磨釉，老板欠我两个月"  # no lexicon word for the work
    facts = router.classify(text, {})
    assert facts.sector is None and facts.kind_unread
    assert router.classifier.kind_guess(facts.text) is not None
    decision = router.route(text, {})
    assert decision.task_force != "OFFICE"
    assert any("投诉内容整体读来（可能性" in r for r in decision.reasons), decision.reasons
    # a platform rider goes to the office by a rule of its own: the model is not asked
    rider = router.route("我是送外卖的骑手，站点欠我三千", {})
    assert rider.task_force == "OFFICE" and not any("整体读来" in r for r in rider.reasons)


def test_simulation_decides_as_live_routing_does(router: Router) -> None:
    from routing.simulate import Case, simulate

    text = "在一家做陶瓷釉料的小作坊磨釉，老板欠我两个月"
    live = router.route(text, {}).task_force
    report = simulate(router, router.table, router.table, [Case(text, {})])
    assert report.task_force_transitions == {(live, live): 1} and live != "OFFICE"


def test_where_a_threat_would_go_says_nothing_of_the_employer(router: Router) -> None:
    """到镇政府门口集合 is the flag's words: the government is where the workers would gather, not
    who owes them; nothing else says who the employer is, so the office decides."""
    d = router.route("明天我们全体到镇政府门口集合，拉横幅讨说法", {})
    assert "extreme_risk" in d.flags
    assert d.task_force == "OFFICE"
