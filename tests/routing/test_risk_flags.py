"""Red flags by meaning (routing/lexicons/risk.yaml): frames, negation scope, look-alikes."""

from __future__ import annotations

import re

import pytest

from routing.lexicons import LexiconError, LexiconSet, parse_lexicon_yaml
from routing.router import Router
from routing.versions import build_lexicons

EXTREME = [
    "他扛着镐把去找那个鳖孙",  # a work tool taken to the boss
    "俺们已经堵过一次门了，这回再不给就去上访",  # once before, and a plan now
    "用锤子把他的车砸了",
    "再不给钱俺就去上访",
    "工友们商量好了一起去市政府讨说法",
    "俺们准备把工地大门给堵上",
    "逼急了就去他家闹",
    "俺们全都去政府门口坐着",
    "喝药死了算了",
    "俺都有轻生的念头了",
    "实在不行就爬到塔吊上去",
    "再不给，俺就拿刀去找他",
    "去要钱还被包工头叫人打了一顿",
    "跟他拼了",
    "要是年前不给，就去围堵项目部",
    "死在他家门口",
    "俺们去把项目部围了",
    "没想到工友们去堵路了",
    "俺们不得不去上访",
    "工人情绪激动，扬言要集体上访",
    "听别人说他要去项目部门口拉横幅",  # 别人 holds 别 but negates nothing
    "不给就把路给断了",  # 不给 does not start the 把…堵 frame
    "工人代表与承包人发生肢体冲突",
    "买了瓶农药，不给就喝",
    "再这样下去只能去死了",
    "包工头带人来工地把俺们工友给打了，头都打破了",
]
NOT_EXTREME = [
    "俺们没说要去闹",
    "前年俺们讨薪堵过一次路，这回走仲裁",  # what happened once (过), not a plan
    "之前工友们去堵过门，这次不那样了",
    "俺不会去跳楼的，就想要钱",
    "俺们不会去堵路、拉横幅",
    "俺们不会动手，也不会闹",
    "跳楼那种事俺不会干",
    "俺们从没想过去上访",
    "工友动手术急等钱用",
    "俺们拼命干了一年",
    "给老板打电话他就说没钱",
    "俺们在楼顶干防水",
    "去镇政府反映过也没用",
    "这事闹心得很",
    "本人及工友不会采取任何过激行为",
    "犯不着跟他动手",
    "没打算去县政府堵门",
    "工人情绪稳定，未发现过激言行",
    "哪能去寻死，家里还有孩子",
    "俺们去劳动局咨询过了",
    "受疫情冲击，工程停了",
    "回家买农药打麦子",
    "累得只能去死磕",
    "有人说要去闹俺们都劝住了",  # a threat talked down
    "把他打了个电话",
    # everyday words a threat is made of: tools at work, a funeral, snow, the proper channel
    "这是俺拿命换来的血汗钱，老板就是不给",
    "俺爹去世了要办后事，急着用钱，工头还拖着",
    "下雪封路了，工地停了半个月，工钱也没结",
    "俺每天扛着铁锨去工地干活，干了三个月一分没拿到",
    "用锤子把墙砸了重新砌，这活也是俺们干的",
    "用扳手敲了半天螺丝，手都磨破了",
    "工地大门锁了，老板不见了",
    "穷得开煤气做饭的钱都没有",
    "拿着铁锹去挖沟，一天一百五",
    "俺们去劳动局的路上拦了辆出租车",
    "在劳动局坐了一上午也没人管",
    "俺跟王老板干，干了三个月一分没给",
    "工友从楼顶上掉下来摔伤了，老板也不管",  # 上掉 is not 上吊: 掉下来 is a word
    "从脚手架上差点摔下去，吓死了",
    "胳膊上划了一道口子，医药费自己掏的",
    "把旧墙砸得稀巴烂，重新砌的",
    "开业的横幅都做好了，老板说结账再说",
    "明天早上劳动局门口集合，一起进去投诉",
]
ABSCONDED = [
    "对，是跑了",
    "老板人跑了",
    "包工头带着钱连夜跑了",
    "那个姓罗的早就溜了",
    "负责人电话一直没人接",
    "把俺微信删了，电话也不接",
    "老板人间蒸发了",
    "找不到老板了",
    "工头换了号，找不着人",
    "老板跑回老家了",
    "没想到老板跑路了",
    "用人单位负责人已失去联系",
    "包工头寻不着人了",
    "承包人张某已于上月离开本地，至今未归",
    "发微信显示不是好友了",
    "老板没给钱就跑了",
    "工头连夜搬走了",
    "问他老婆，她也不知道人在哪，已经好几天没回家了",
    "年后又说等拨款，现在倒好连人带车都不见了",
]
NOT_ABSCONDED = [
    "老板没跑，就是不给",
    "老板跑工地去了，说回来再说",
    "俺手机关机维修了两天",
    "打了12345也打不通",
    "俺跑了好几趟了",
    "老板也没失联，电话能打通",
    "就怕老板跑路",
    "万一包工头跑了咋办",
    "现在找不到活干",
    "不是联系不上，是他不给",
    "老板跑到工地去了",
    "俺电话换了号",
    "经核实，项目负责人并未离开本地",
    "老板搬走了一批材料",
    "手机关机了一天，今天开机了",
    "没人接活",
    "听说别的工地老板跑路了，俺们这个还在",
]


@pytest.mark.parametrize("text", EXTREME)
def test_extreme_risk_in_many_wordings(router: Router, text: str) -> None:
    assert "extreme_risk" in router.classify(text, {}).flags


@pytest.mark.parametrize("text", NOT_EXTREME)
def test_negated_or_look_alike_is_no_extreme_risk(router: Router, text: str) -> None:
    assert "extreme_risk" not in router.classify(text, {}).flags


@pytest.mark.parametrize("text", ABSCONDED)
def test_absconded_in_many_wordings(router: Router, text: str) -> None:
    assert "absconded" in router.classify(text, {}).flags


@pytest.mark.parametrize("text", NOT_ABSCONDED)
def test_negated_feared_or_look_alike_is_not_absconded(router: Router, text: str) -> None:
    assert "absconded" not in router.classify(text, {}).flags


def test_traditional_characters(router: Router) -> None:
    assert "absconded" in router.classify("包工頭跑了，手機關機", {}).flags
    assert "extreme_risk" in router.classify("再不給錢就去上訪", {}).flags
    assert "absconded" not in router.classify("老闆沒跑，就是不給", {}).flags


def test_a_conditional_threat_is_a_threat_but_a_negated_condition_is_no_negation(
    router: Router,
) -> None:
    # the 不 of "不给钱" governs 给, not the act after 就
    assert "extreme_risk" in router.classify("不给钱俺们就去堵路", {}).flags


def test_reason_names_the_words_that_raised_the_flag(router: Router) -> None:
    d = router.route("包工头带着钱连夜跑了，俺们准备去市政府门口拉横幅", {})
    assert {"absconded", "extreme_risk"} <= set(d.flags)
    text = "\n".join(d.reasons)
    assert "包工头带着钱连夜跑了" in text
    assert "拉横幅" in text


def test_a_synonym_added_to_a_concept_is_understood_by_every_frame() -> None:
    risk = (build_lexicons({}).to_yaml_data())["risk"]
    risk["lexicons"]["risk_boss"]["terms"].append("大掌柜")
    import yaml

    lexicons = build_lexicons({"risk": yaml.safe_dump(risk, allow_unicode=True)})
    router = Router(lexicons=lexicons)
    assert "absconded" in router.classify("大掌柜溜了", {}).flags
    assert "absconded" not in router.classify("大掌柜没溜", {}).flags
    # without the synonym the lexicons do not read it; the model of the whole message may
    assert lexicons.hits("absconded", "大掌柜溜了")
    assert not build_lexicons({}).hits("absconded", "大掌柜溜了")


def test_unknown_or_circular_concept_is_refused() -> None:
    unknown = "lexicons:\n  a:\n    description: x\n    patterns: ['{nope}了']\n"
    with pytest.raises(LexiconError, match="nope"):
        LexiconSet(parse_lexicon_yaml(unknown, "risk"))
    circular = (
        "lexicons:\n  a:\n    description: x\n    patterns: ['{b}']\n"
        "  b:\n    description: y\n    patterns: ['{a}']\n"
    )
    with pytest.raises(LexiconError, match="refers to itself"):
        LexiconSet(parse_lexicon_yaml(circular, "risk"))


def test_public_facility_property_goes_to_public_service(router: Router) -> None:
    for place in ("嵩阳广场", "市民服务中心", "人民公园", "市体育馆"):
        d = router.route(f"在{place}干物业保洁，欠了俺八千", {"employer_name": "佳和物业"})
        assert d.task_force == "TF3_PUBLIC_SVC", place
    estate = router.route("在幸福小区干物业保洁，欠了俺八千", {"employer_name": "佳和物业"})
    assert estate.task_force == "TF7_SME"
    mall = router.route("在万家商业广场干保洁，欠了俺八千", {"employer_name": "佳和物业"})
    assert mall.task_force == "TF7_SME"
    went = router.route("俺到市民广场干保洁，欠了俺八千", {"employer_name": "佳和物业"})
    assert went.task_force == "TF3_PUBLIC_SVC"  # working there, not complaining there
    protest = router.route("物业欠钱，俺们准备到市政府门口拉横幅", {"employer_name": "佳和物业"})
    assert protest.task_force == "TF7_SME"


def test_trying_only_where_a_match_can_start_finds_what_a_full_scan_finds() -> None:
    from bench.risk_phrasings import generate
    from routing.simplify import to_simplified

    lexicons = Router().lexicons
    texts = [to_simplified(c["text"]) for c in generate(per_family=15, seed=3)]
    for name in ("extreme_risk", "absconded", "public_facility", "work_public_institution"):
        lex = lexicons[name]
        assert lex._scanner is not None and lex._body, name
        whole = re.compile(lex._body)  # the alternation a dispatching lexicon never compiles
        for text in texts:
            fast = [(m.start(), m.group(0)) for m in lex._matches(text)]
            full = [(m.start(), m.group(0)) for m in whole.finditer(text)]
            assert fast == full, (name, text)
