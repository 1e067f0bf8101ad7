"""Red flags where the punctuation is missing, the words are someone else's, or the act is
only feared: spoken connectives bound a clause, reported speech sits inside a negation's
scope, a negation reaches across a prepositional phrase, a fear governs its whole clause;
a key word typed with a same-pinyin wrong pick counts as the word; and the reason names the
words that raised the flag."""

from __future__ import annotations

import re

import pytest
import yaml

from routing.employers.registry import EmployerRecord
from routing.lexicons import load_lexicons
from routing.router import Router
from routing.versions import build_lexicons

X = "extreme_risk"
A = "absconded"

# (text, flag, words the reason must name)
RAISED = [
    ("听老乡讲他们打算把老板围起来不让走", X, "把老板围起来"),
    ("工友在群里说再不给钱要围住劳务公司的王总不让他走", X, "围住劳务公司的王总"),
    ("再不给俺们就去把开发商售楼部的大门给堵了", X, "把开发商售楼部的大门给堵"),
    ("俺表哥讲他们要拿着菜刀去找带俺们干活的郭哥", X, "拿着菜刀去找"),
    ("明天就去砍带我们干活的罗哥", X, "砍带我们干活的罗哥"),
    ("大伙合计着把劳务公司的胡总的车砸了", X, "把劳务公司的胡总的车砸了"),
    ("俺们决定爬到十八楼不下来", X, "爬到十八楼"),
    ("逼急了俺想吃一瓶安眠药", X, "吃一瓶安眠药"),
    ("我老公在工地干了半年，老板电话关机了", A, "关机"),  # a relative named, the boss unreachable
    ("听说老板回外地老家躲起来了，找谁管啊", A, "躲起来"),  # 外地 is where he went
    ("包工头早就不见人了", A, "早就不见人了"),
    ("再拖下去我也不知道会干出啥事", X, "不知道会干出啥事"),
    ("再拖就在项目部门口挂横幅", X, "挂横幅"),
    ("钱也没有然后他们就去堵路了", X, "堵路"),
    ("老板把俺们都拉到黑名单里头了电话也不接", A, "拉到黑名单"),
    ("老板把俺们都拉到黑名单里头了电话也不接", A, "电话也不接"),
    ("打他电话他不接", A, "打他电话他不接"),
    ("朱经理过完年就把俺们拉黑了", A, "拉黑"),
    ("就怕老板跑路结果电话真打不通了", A, "打不通"),
    ("老闆電話也不接", A, "电话也不接"),
    ("聽老鄉講他們要把老闆圍起來", X, "把老板围起来"),
    # a same-pinyin slip in the key word: the reason quotes the typed words and the word
    ("再不给钱俺就去跳搂", X, "跳搂（跳楼）"),
    ("我们准备去省里尚访", X, "尚访（上访）"),
    ("包工头联西不上了", A, "联西不上（联系不上）"),
    ("老板手机一直关基", A, "关基（关机）"),
]
NOT_RAISED = [
    ("俺们没说要去闹", X),
    ("没人说要去闹", X),
    ("俺们不会在项目部门口挂横幅，就想要回工钱", X),
    ("我们谁也没说要一块去堵路口", X),
    ("他们不会跟工头周某同归于尽", X),
    ("俺们没打算跟罗经理拼命", X),
    ("我们不至于在项目部门口上吊", X),
    ("俺们不会从脚手架顶上跳下去", X),
    ("俺们这帮人没人要找几个人收拾包工头", X),
    ("俺们拿着铁锹干活", X),
    ("砍了一天的钢筋", X),
    ("俺们也不想去闹就是想把钱要回来", X),
    ("没听说老板跑了", A),
    ("老板没跑然后电话也能打通", A),
    ("担心朱经理过完年就把俺们拉黑", A),
    ("万一带我们干活的陈哥卷钱跑路，就麻烦了", A),
    ("就怕老板跑路", A),
    ("微信里说过年不回老家", A),
    ("老板手机没电了一会儿就回了", A),
    ("老板跑工地去了", A),
    ("老板上了失信黑名单", A),
    ("最可怕的是没活干", A),
    # a slip denied is denied; a real word that sounds like a key word stands for itself
    ("俺们不会去跳搂的", X),
    ("我们是来讨债的", A),  # 逃债
    ("天冷了穿上外套", A),  # 外逃
    ("工头说过几天就结", X),  # 过激 (几天 is a word)
    ("有啥事就找工头", X),  # 傻事
    ("衣服换好了就去工地", A),  # 换号 (好 is too common a character to be a slip)
    ("供暖公司烧锅炉的，暖气季结束了工资还没给", X),  # 集结 (结束 is an everyday word)
    ("他微信头像换了，就是回得慢", A),  # a picture is not a number
    ("我自己把微信号换了，老板加不上我", A),
    ("俺们的钱拿不到，工头也不好意思去闹", X),
    ("昨晚喝多了说要去砸他车，今天醒了都后悔了", X),
    ("老板电话一直通，但说等房子租出去再给", A),
    ("我爸说不想活了，一个人出去了，打他电话也不接", A),  # the father is unreachable, not the boss
    ("俺们一起去县里信访办，人家工作人员说会督办", X),  # a visit the office answered
    ("明早七点全体到工地门口集合，坐大巴去人社局参加工资支付调解会", X),
    ("我是工地上的电工，需要经常爬电线杆", X),
    ("年纪大了，干点活不容易", X),  # 点火 (干点活 is a bit of work)
    ("老板就是赖着不给，不想闹到上访那一步", X),
    ("一共欠一万八块钱，我不想走极端", X),
    ("听说上回有人爬塔吊才要到钱，我可不干那事", X),
    ("三个月没见着一分钱，我们六个人的工钱都没给", A),  # the money is not seen, not the boss
]


@pytest.mark.parametrize(
    ("text", "fields", "flag"),
    [
        ("在聚众花园二期里面修小区道路", {"project_name": "聚众花园二期"}, X),
        ("在万威厂里干活，洗煤装车", {"employer_name": "万威实业有限公司"}, X),  # 围厂
    ],
)
def test_a_name_the_worker_gave_is_no_statement(
    records: list[EmployerRecord], text: str, fields: dict[str, str], flag: str
) -> None:
    more = EmployerRecord("16", "万威实业有限公司", "USCC16", "coal", "private", "北山矿区")
    router = Router.from_records([*records, more], township_names=["北山矿区"])
    assert flag not in router.classify(text, fields).flags
    assert flag in router.classify(text, {}).flags  # not named: read as said


@pytest.mark.parametrize(("text", "flag", "words"), RAISED)
def test_raised_and_the_reason_names_the_words(
    router: Router, text: str, flag: str, words: str
) -> None:
    facts = router.classify(text, {})
    assert flag in facts.flags, text
    assert words in facts.evidence[flag].detail, facts.evidence[flag].detail


@pytest.mark.parametrize(("text", "flag"), NOT_RAISED)
def test_denied_feared_or_look_alike_raises_nothing(router: Router, text: str, flag: str) -> None:
    assert flag not in router.classify(text, {}).flags, text


def test_the_decision_reason_names_the_words_of_a_new_frame(router: Router) -> None:
    decision = router.route("工友说他们打算把包工头围起来不让走，欠了三万", {})
    assert X in decision.flags
    assert "把包工头围起来" in "\n".join(decision.reasons)


def test_a_spoken_connective_ends_a_fear_and_a_taking_back() -> None:
    lexicons = load_lexicons()
    # without 结果 the fear would govern the run-on text to its end
    assert lexicons.hits(A, "就怕老板跑路结果电话真打不通了")
    assert not lexicons.hits(A, "就怕老板跑路电话打不通")
    # "说不会的" after 然后 is someone else's answer, not the threat taken back
    assert lexicons.hits(X, "俺们要去堵路然后工头说不会的")
    assert not lexicons.hits(X, "俺们去堵路那种事不会的")


def test_an_admin_adds_a_connective_and_the_scan_uses_it() -> None:
    risk = build_lexicons({}).to_yaml_data()["risk"]
    assert risk["lexicons"][X]["clause_break"] == "{risk_discourse}"
    text = "就怕老板跑路完事电话真打不通了"
    assert not Router().classify(text, {}).flags & {A}
    risk["lexicons"]["risk_discourse"]["terms"].append("完事")
    edited = build_lexicons({"risk": yaml.safe_dump(risk, allow_unicode=True)})
    facts = Router(lexicons=edited).classify(text, {})
    assert A in facts.flags and "打不通" in facts.evidence[A].detail


def test_only_the_branches_that_can_start_at_a_character_are_tried() -> None:
    """The per-character alternations find what the whole alternation finds."""
    from bench.risk_phrasings_c import generate_c
    from routing.simplify import to_simplified

    lexicons = load_lexicons()
    texts = [to_simplified(c["text"]) for c in generate_c(per_family=20, seed=5)]
    for name in (X, A):
        lex = lexicons[name]
        assert lex._scanner is not None and lex._body
        whole = re.compile(lex._body)
        for text in texts:
            fast = [(m.start(), m.group(0)) for m in lex._matches(text)]
            full = [(m.start(), m.group(0)) for m in whole.finditer(text)]
            assert fast == full, (name, text)


def test_a_slip_keeps_the_text_positions_and_needs_a_character_of_the_word() -> None:
    from routing.lexicons.sound_alike import SoundAlike

    sounds = SoundAlike(["跳楼", "关机", "揍"])
    text = "说要跳搂，手机关基了"
    respelt, slips = sounds.respell(text)
    assert respelt == "说要跳楼，手机关机了" and len(respelt) == len(text)
    assert slips == [(2, 4, "跳楼"), (7, 9, "关机")]
    # all characters slipped (条篓): nothing of the word is left to anchor it
    assert sounds.respell("条篓")[1] == []
    # a single-character word is never a slip of itself
    assert not SoundAlike(["揍"])


def test_sound_alike_is_a_lexicon_setting_an_admin_sees() -> None:
    risk = build_lexicons({}).to_yaml_data()["risk"]
    assert risk["lexicons"][X]["sound_alike"] is True
    assert Router().classify("他说要跳搂", {}).flags & {X}
    risk["lexicons"][X]["sound_alike"] = False
    edited = build_lexicons({"risk": yaml.safe_dump(risk, allow_unicode=True)})
    assert not Router(lexicons=edited).classify("他说要跳搂", {}).flags & {X}


def test_a_message_typed_a_character_at_a_time_reads_as_written_together() -> None:
    """Voice input and an elderly worker's typing put a space after every character or word;
    a space between longer phrases is a comma and stays one."""
    from routing.simplify import despaced

    assert despaced("工 资 不 给 我 去 他 家 🔪") == "工资不给我去他家 🔪"
    assert despaced("老板跑了 我们明天去堵门 他不给钱") == "老板跑了 我们明天去堵门 他不给钱"
    router = Router()
    assert "absconded" in router.route("那 个 老 板 跑 了 工 资 没 给", {}).flags
    assert "extreme_risk" in router.route("一百多个工人 现在 都在 公司 大厅里 坐着 不走", {}).flags
