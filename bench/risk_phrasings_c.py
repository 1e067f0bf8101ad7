"""A third set of generated risk phrasings, built by a grammar rather than from sentence lists.

bench/risk_phrasings.py and …_b.py draw whole risk sentences from lists. Here a sentence is
composed from independent slots, so that most sentences are ones nobody wrote down:

    speaker × reporting frame × condition × modality × act × target × particle
    boss × time × what became of him (phone, person, contact)

and then passed through a channel (punctuation, none at all, spoken fillers, spaces, line
breaks, traditional characters). Hard negatives are composed from the same slots: the act
denied (不会, 没打算, 谁也没说要 …), an absconding only feared or supposed (就怕, 万一,
要是), and look-alikes that share the words (老板跑工地去了, 手机没电了一会儿就回了,
砍了一天钢筋). The families:

* ``c_direct``     the worker's own threat or account, punctuated as typed
* ``c_reported``   what others said or heard (工友说…, 听老乡讲…, 在群里放话…)
* ``c_negative``   denials, fears and look-alikes only (every case must raise no flag)
* ``c_noisy``      held out: the three families above through a noisy channel (no
                   punctuation, fillers 那个/就是/然后/嗯 between the slots, spaces, stutters,
                   traditional characters)
* ``c_groupchat``  held out: group-chat messages, a few lines each, with words and forms the
                   other families never use (written once, measured, never tuned on)

``HELD_OUT_C`` are only measured: the lexicons are never changed after seeing their misses.
``c_typo`` and ``c_answer`` were held out until the fourth set (bench/risk_phrasings_d.py) took
over as the held-out measure; their misses were then read and mended, and they are tuned.

    .venv/bin/python bench/risk_phrasings_c.py [--per-family N] [--seed S] > cases.jsonl
"""

from __future__ import annotations

import random
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.risk_phrasings import (  # noqa: E402
    SURNAMES,
    _scenario_for,
    _to_traditional,
    case_record,
    write_cases,
)
from bench.risk_phrasings import _fill as _fill_scenario  # noqa: E402
from routing.simplify import to_simplified  # noqa: E402

FAMILIES_C = (
    "c_direct",
    "c_reported",
    "c_negative",
    "c_noisy",
    "c_groupchat",
    "c_kin",
    "c_hotline",
    "c_regional",
    "c_netspeak",
    "c_story",
    "c_typo",
    "c_answer",
)
HELD_OUT_C = frozenset({"c_noisy"})

X = "extreme_risk"
A = "absconded"
Sentence = tuple[list[str], set[str]]  # slots (joined by the channel) and the flags
Maker = Callable[[random.Random], Sentence]

# --- slots ----------------------------------------------------------------------------------

SELF = ("俺", "我", "俺们", "我们", "咱们", "大伙", "俺们这帮人", "我们班组", "二十几个兄弟")
OTHERS = (
    "工友",
    "老乡",
    "一个四川的工友",
    "同村的{sur}哥",
    "我表哥",
    "班组里几个年轻的",
    "隔壁宿舍的",
    "带班的师傅",
    "有几个脾气冲的",
)
REPORTS = (
    "{o}说",
    "{o}讲",
    "听{o}说",
    "听{o}讲",
    "{o}在群里说",
    "{o}跟我讲",
    "{o}放话",
    "{o}发语音说",
    "{o}私下里讲",
    "{o}昨晚喝了酒说",
)
REPORTED_SUBJECTS = ("", "他们", "他", "大家")
CONDITIONS = ("", "再不给钱", "月底前拿不到钱", "这回要是还拖", "逼急了", "年前不结清", "等不到钱")
MODALS: tuple[str, ...] = (
    "要",
    "准备",
    "打算",
    "想",
    "商量着",
    "决定",
    "明天就",
    "过两天就",
    "非要",
    "铁了心要",
)
MODALS += ("合计着", "说好了")
PARTICLES = ("", "", "", "了", "啊", "呢", "的")

GOV = ("县政府", "市政府", "镇政府", "人社局", "住建局", "信访局", "市委")
TARGETS = ("项目部", "售楼处", "他公司", "老板家", "工地", "开发商那")
CAPITALS = ("北京", "省里", "省城", "郑州")
ROADS = ("国道", "高速口", "大路", "路口")
HIGH = ("楼顶", "塔吊上", "脚手架顶上", "高架桥上", "十八楼")
POISONS = ("农药", "敌敌畏", "百草枯", "老鼠药")
WEAPONS = ("刀", "菜刀", "砍刀", "钢管", "铁棍", "砖头", "斧头")

# acts: a template over {gov} {tgt} {cap} {road} {high} {poison} {weapon} {boss}
COLLECTIVE_ACTS = (
    "去{gov}门口坐着不走",
    "把{tgt}的门堵上",
    "去{tgt}堵门",
    "把{tgt}围了",
    "围住{boss}不让他走",
    "去{gov}拉横幅",
    "在{tgt}门口挂横幅",
    "举着牌子到{gov}",
    "去{cap}上访",
    "到{cap}告状",
    "集体到{gov}上访",
    "一块去堵{road}",
    "去{road}上躺着",
    "去{gov}静坐",
)
SELF_HARM_ACTS = (
    "从{high}跳下去",
    "爬到{high}不下来",
    "喝{poison}",
    "吃一瓶安眠药",
    "一头撞死在{tgt}门口",
    "在{tgt}门口上吊",
    "寻短见",
    "不活了",
)
VIOLENCE_ACTS = (
    "拿{weapon}去找{boss}",
    "去砍{boss}",
    "把{boss}的车砸了",
    "揍{boss}一顿",
    "跟{boss}拼命",
    "找几个人收拾{boss}",
    "一把火烧了{tgt}",
    "跟{boss}同归于尽",
)
ACTS = COLLECTIVE_ACTS + SELF_HARM_ACTS + VIOLENCE_ACTS

BOSSES: tuple[str, ...] = (
    "老板",
    "包工头",
    "{sur}总",
    "{sur}经理",
    "那个姓{sur}的",
    "带我们干活的{sur}哥",
)
BOSSES += ("劳务公司的{sur}总", "承包的那个人", "老{sur}", "工头{sur}某")
TIMES = ("", "这半个月", "从上个月起", "过完年", "工程一完", "钱一到账", "上周开始", "前天晚上")
GONE = (
    "电话就打不通了",
    "手机一直关机",
    "电话停机了",
    "微信把我们都删了",
    "把我们全拉黑了",
    "人就不见了",
    "人跑了",
    "卷着钱跑了",
    "联系不上了",
    "找不着人了",
    "换了号码谁也不告诉",
    "玩起了失踪",
    "跟人间蒸发了一样",
    "再没露过面",
    "跑得无影无踪",
    "不知道躲哪去了",
    "电话老是没人接",
    "发消息也不回",
    "打了几十个电话都不接",
    "跑回老家躲起来了",
)
GONE_AFTER = ("", "", "谁也找不到他", "家里人也说不知道", "工地上也见不着")

# negatives composed from the same slots
DENIALS = (
    "不会",
    "不想",
    "没打算",
    "从没想过",
    "不至于",
    "犯不着",
    "谁也没说要",
    "没人要",
    "不准备",
    "绝对不会",
)
NOT_GONE = (
    "没跑",
    "电话能打通",
    "没拉黑我们",
    "人还在工地",
    "也没失联",
    "接电话了，就是说没钱",
    "人天天能见着，就是不给",
    "没关机，就是拖着",
)
FEARS = ("就怕{boss}", "万一{boss}", "担心{boss}过完年就", "要是{boss}", "生怕{boss}")
FEARED = ("跑了", "关机了", "联系不上", "换号", "卷钱跑路", "把我们拉黑")
FEAR_TAILS = ("", "咋办", "就麻烦了", "我们找谁去")
LOOK_ALIKES = (
    "{boss}跑工地去了，说回来再结",
    "{boss}手机没电了，一会儿就回了",
    "{boss}在开会没接，后来回过来了",
    "{boss}出差了，说下周回来就结",
    "俺们拼命干了三个月",
    "俺们在楼顶干防水",
    "为这事跑了好几趟劳动局",
    "工友动手术急需钱",
    "俺手机关机了两天",
    "家里地里还等着钱打农药",
    "去人社局登记过了",
    "在工地砍了一天的钢筋",
    "{boss}换了个新手机号，发给我们了",
    "{boss}让我们先回家等消息",
    "塔吊上干活的师傅也没拿到钱",
)

# group chat (held out): its own words, written once
GC_OPENERS = ("@所有人", "【求助】", "各位老乡", "群里的兄弟们", "转发一下", "急！！")
GC_POS: tuple[tuple[str, set[str]], ...] = (
    ("{boss}跑了 大家别等了", {A}),
    ("刚去{sur}总住的地方 房子退了 人没了", {A}),
    ("{boss}的号现在打过去是空号[捂脸]", {A}),
    ("加他微信显示已经不是好友", {A}),
    ("{boss}失联第三天了", {A}),
    ("问了一圈 谁都不知道{boss}去哪了", {A}),
    ("{boss}手机关机 门口贴了转让", {A}),
    ("今晚集合 明早八点去{gov}门口拉条幅", {X}),
    ("谁不去谁孙子 明天堵{tgt}", {X}),
    ("有个兄弟人在{high} 说不给钱就跳", {X}),
    ("我已经买好农药了", {X}),
    ("明天带家伙去找{boss}算账", {X}),
    ("去{cap}上访的报名 我先报", {X}),
    ("真活不下去了[流泪]", {X}),
)
GC_NEG: tuple[tuple[str, set[str]], ...] = (
    ("{boss}回消息了 说下周结", set()),
    ("大家别冲动 别去堵路 走法律途径", set()),
    ("{boss}电话通了 人在医院", set()),
    ("明天一起去劳动监察大队登记", set()),
    ("{boss}换号了 新号在群公告里", set()),
    ("谁也不许去闹 等监察大队的消息", set()),
    ("我手机没电了 刚充上", set()),
    ("{boss}说在外地要账 周五回来", set()),
)

# a relative writes for the worker (held out, written once before it was measured)
KIN = ("我老公", "孩子他爸", "我爸", "我弟弟", "俺家那口子", "我儿子")
KIN_POS: tuple[tuple[str, set[str]], ...] = (
    ("{kin}这几天饭也不吃 老说活着没盼头了", {X}),
    ("{kin}昨天半夜跑到{high}坐着 被人劝下来了", {X}),
    ("{kin}把家里的农药藏起来了 我怕他想不开", {X}),
    ("{kin}说要跟{boss}拼个你死我活", {X}),
    ("{kin}磨了把刀说要去找{boss}", {X}),
    ("{kin}跟工友约好了 礼拜一去{gov}门口讨说法 不给就不走", {X}),
    ("{kin}他们十几个人要去把{boss}的车扣下", {X}),
    ("{kin}在电话里哭着说不想活了", {X}),
    ("{kin}说要是再要不到钱 就从桥上跳下去", {X}),
    ("{boss}把{kin}的电话拉黑了", {A}),
    ("{kin}去{boss}老家找过 他家里人也说找不着他", {A}),
    ("{boss}欠了一屁股债 现在人都找不到了", {A}),
    ("打{boss}电话一直提示无法接通", {A}),
    ("{boss}的公司已经人去楼空", {A}),
    ("{boss}前脚拿到工程款后脚就没影了", {A}),
)
KIN_NEG: tuple[tuple[str, set[str]], ...] = (
    ("{kin}说了 再难也不会寻短见", set()),
    ("{kin}脾气好 从来不跟人动手", set()),
    ("{boss}每次都接电话 就是说再等等", set()),
    ("{kin}怕{boss}跑了 天天去工地盯着", set()),
    ("{kin}上个月做了手术 在家躺着", set()),
    ("{boss}去外地拉活了 说月底回来", set()),
    ("我劝{kin}别去闹 他也听了", set()),
    ("{kin}的手机坏了 {boss}联系不上他", set()),
)
# an operator's note of a hotline call (held out, written once before it was measured)
HOTLINE_POS: tuple[tuple[str, set[str]], ...] = (
    ("来电人称{boss}已于上月离开，目前电话关机", {A}),
    ("来电人反映其工友扬言要去{gov}堵门", {X}),
    ("据来电人讲，有工人情绪失控，称要喝农药", {X}),
    ("来电人表示，{boss}目前下落不明，工地已停工", {A}),
    ("来电人称已与{boss}失去联系十余天", {A}),
    ("来电人称将组织老乡到{cap}反映问题", {X}),
    ("来电人情绪激动，多次提到大不了一起死", {X}),
    ("来电人称有工友持刀在{tgt}门口守着", {X}),
)
HOTLINE_NEG: tuple[tuple[str, set[str]], ...] = (
    ("来电人称{boss}电话可以接通，但一直推脱", set()),
    ("来电人表示不会采取过激方式，希望尽快处理", set()),
    ("来电人称{boss}出差在外，已约定下周面谈", set()),
    ("来电人咨询如何申请劳动仲裁", set()),
    ("来电人称此前担心{boss}跑路，现已联系上", set()),
    ("来电人称工友曾说过要去上访，经劝说已打消念头", set()),
)

# regional speech other than Henan's (held out, written before it was measured)
REGIONAL_POS: tuple[tuple[str, set[str]], ...] = (
    ("老子要去砍死那个{boss}", {X}),
    ("再不给钱老子就从楼上跳下去哦", {X}),
    ("我们一帮人明天去{gov}门口坐起", {X}),
    ("整不好俺就削他", {X}),
    ("把{boss}堵在屋头不让走", {X}),
    ("逼急了就去他家门口喝药嘛", {X}),
    ("俺们寻思着拉个横幅去{gov}", {X}),
    ("要是再拖 俺就跟他拼老命", {X}),
    ("{boss}早就跑求了", {A}),
    ("{boss}蹽了 电话也打不进去", {A}),
    ("人影影都找不到", {A}),
    ("{boss}撂挑子跑了", {A}),
    ("{boss}颠儿了 没影了", {A}),
    ("电话一打就是关机的 找球不到人", {A}),
)
REGIONAL_NEG: tuple[tuple[str, set[str]], ...] = (
    ("我们不得去闹的 就想把钱拿到", set()),
    ("{boss}人还在 就是拖起不给", set()),
    ("老子才不去跳楼 凭啥子", set()),
    ("俺们可不敢去堵路", set()),
    ("{boss}去外地收账去了 过几天回来", set()),
    ("俺手机欠费停机了 刚充上", set()),
)
# young workers' net slang (held out, written before it was measured)
NETSPEAK_POS: tuple[tuple[str, set[str]], ...] = (
    ("{boss}直接原地消失了", {A}),
    ("{boss}查无此人了属于是", {A}),
    ("微信发过去红色感叹号", {A}),
    ("{boss}把群解散了 人也跑路了", {A}),
    ("打电话永远是您拨打的电话已关机", {A}),
    ("兄弟们集合 明天去{gov}拉横幅 一个都别少", {X}),
    ("真的撑不下去了 想从天台跳下去", {X}),
    ("再不给钱我就去他公司门口直播喝农药", {X}),
    ("已经准备好汽油了 谁也别拦我", {X}),
)
NETSPEAK_NEG: tuple[tuple[str, set[str]], ...] = (
    ("{boss}秒回 说周五发", set()),
    ("别慌 {boss}没跑 刚在工地见着了", set()),
    ("想原地暴富 哈哈 开玩笑的", set()),
    ("累到想躺平", set()),
    ("{boss}换了新微信 加回来了", set()),
    ("这个月工资又拖了 气死了", set()),
)

# a story told over several sentences, the signal in the middle (held out, written before
# it was measured)
STORY_POS: tuple[tuple[str, set[str]], ...] = (
    (
        "去年腊月俺们就开始要钱。{boss}一直说等甲方拨款。上个礼拜再去工地，板房都拆了，"
        "{boss}的车也不在了，打电话提示号码不存在",
        {A},
    ),
    ("这事拖了大半年了。前天晚上几个工友喝了点酒，说明天要去把{tgt}的玻璃全砸了。俺劝不动", {X}),
    ("俺娘有病等着钱。俺实在想不出办法了，昨晚在{high}站了半宿", {X}),
    ("开始{boss}还接电话，后来干脆不接了，再后来手机号都注销了，公司地址也是假的", {A}),
    ("工友们都憋着一肚子火。有人提议明天一早去{gov}门口集合，扯个横幅", {X}),
    ("他老婆说他出去要账了。俺们打听了，他根本没去，是躲债去了，人现在在哪谁也不知道", {A}),
)
STORY_NEG: tuple[tuple[str, set[str]], ...] = (
    ("去年隔壁工地有人跳楼，闹得很大。俺们可不想走那一步，就想走正规途径", set()),
    ("{boss}前阵子生病住院了，电话一直是他儿子接的，说出院了就结账", set()),
    ("俺们去{gov}问过，工作人员让先去劳动监察大队登记。俺们也登记了", set()),
    ("{boss}说钱被甲方压着。俺们每天都能在工地见到他，就是拿不到钱", set()),
    ("有工友说气话要去闹，第二天酒醒了就说算了", set()),
)
# slips of a pinyin input method in the very words of a signal (held out, a probe: the
# lexicons match characters, so this family measures how far that carries)
TYPO_POS: tuple[tuple[str, set[str]], ...] = (
    ("{boss}跑录了", {A}),
    ("{boss}联系步上了", {A}),
    ("{boss}电话打不同", {A}),
    ("{boss}手机一直关鸡", {A}),
    ("{boss}失连了", {A}),
    ("{boss}玩失纵", {A}),
    ("被{boss}拉嘿了", {A}),
    ("再不给就去上仿", {X}),
    ("俺们要去{gov}拉横副", {X}),
    ("真的不想或了", {X}),
    ("逼急了俺就去跳搂", {X}),
    ("大家去{gov}门口做着不走", {X}),
)
TYPO_NEG: tuple[tuple[str, set[str]], ...] = (
    ("{boss}电话打的通 就是不给", set()),
    ("俺们不会去上仿的", set()),
    ("{boss}没跑录 天天在工地", set()),
    ("俺手机没电关鸡了", set()),
)

# answers to the assistant's questions, the question left out (held out, written before
# the last lexicon changes and measured once)
ANSWER_POS: tuple[tuple[str, set[str]], ...] = (
    ("早就联系不上了", {A}),
    ("打了 关机", {A}),
    ("人没影了 找了好几天", {A}),
    ("没有 他电话停机了", {A}),
    ("问过他家里 说好久没回来了 不知道人在哪", {A}),
    ("对 是跑了", {A}),
    ("想过 真想从上面跳下去", {X}),
    ("有 好几个人说要去{gov}闹", {X}),
    ("会 逼急了啥都干得出来 砍人都有可能", {X}),
    ("已经在{gov}门口坐了两天了", {X}),
)
ANSWER_NEG: tuple[tuple[str, set[str]], ...] = (
    ("能联系上 就是不给", set()),
    ("没有 他还天天在工地", set()),
    ("不会 我们不闹", set()),
    ("没想过 家里还有孩子", set()),
    ("电话通的 他说下个月", set()),
    ("没跑 人在", set()),
)


def _slot(template: str, rng: random.Random) -> str:
    boss = rng.choice(BOSSES)
    return template.format(
        gov=rng.choice(GOV),
        tgt=rng.choice(TARGETS),
        cap=rng.choice(CAPITALS),
        road=rng.choice(ROADS),
        high=rng.choice(HIGH),
        poison=rng.choice(POISONS),
        weapon=rng.choice(WEAPONS),
        boss=boss.format(sur=rng.choice(SURNAMES)),
        sur=rng.choice(SURNAMES),
        o=rng.choice(OTHERS).format(sur=rng.choice(SURNAMES)),
        # drawn only where used: the older families' cases stay what they were
        kin=rng.choice(KIN) if "{kin}" in template else "",
    )


# --- families -------------------------------------------------------------------------------


def _threat_slots(rng: random.Random, subject: str) -> list[str]:
    act = _slot(rng.choice(ACTS), rng)
    modal = rng.choice(MODALS)
    particle = "" if act.endswith("了") else rng.choice(PARTICLES)
    return [rng.choice(CONDITIONS), f"{subject}{modal}{act}{particle}"]


def _gone_slots(rng: random.Random) -> list[str]:
    boss = _slot(rng.choice(BOSSES), rng)
    return [f"{boss}{rng.choice(TIMES)}{rng.choice(GONE)}", rng.choice(GONE_AFTER)]


def _direct(rng: random.Random) -> Sentence:
    if rng.random() < 0.55:
        return _threat_slots(rng, rng.choice(SELF)), {X}
    return _gone_slots(rng), {A}


def _reported(rng: random.Random) -> Sentence:
    report = _slot(rng.choice(REPORTS), rng)
    if rng.random() < 0.55:
        cond, act = _threat_slots(rng, rng.choice(REPORTED_SUBJECTS))
        return [report, cond, act], {X}
    gone, after = _gone_slots(rng)
    return [report, gone, after], {A}


def _negative(rng: random.Random) -> Sentence:
    kind = rng.random()
    if kind < 0.35:
        act = _slot(rng.choice([a for a in ACTS if a != "不活了"]), rng)
        who = rng.choice((*SELF, "工友们", "他们"))
        return [f"{who}{rng.choice(DENIALS)}{act}", "就想要回工钱"], set()
    if kind < 0.55:
        boss = _slot(rng.choice(BOSSES), rng)
        return [f"{boss}{rng.choice(NOT_GONE)}"], set()
    if kind < 0.75:
        fear = _slot(rng.choice(FEARS), rng)
        return [f"{fear}{rng.choice(FEARED)}", rng.choice(FEAR_TAILS)], set()
    return [_slot(rng.choice(LOOK_ALIKES), rng)], set()


def _noisy(rng: random.Random) -> Sentence:
    make = rng.choice((_direct, _reported, _negative))
    return make(rng)


def _groupchat(rng: random.Random) -> Sentence:
    pool = GC_POS if rng.random() < 0.6 else GC_NEG
    text, flags = rng.choice(pool)
    return [_slot(text, rng)], set(flags)


def _kin(rng: random.Random) -> Sentence:
    pool = KIN_POS if rng.random() < 0.6 else KIN_NEG
    text, flags = rng.choice(pool)
    return [_slot(text, rng)], set(flags)


def _hotline(rng: random.Random) -> Sentence:
    pool = HOTLINE_POS if rng.random() < 0.6 else HOTLINE_NEG
    text, flags = rng.choice(pool)
    return [_slot(text, rng)], set(flags)


def _regional(rng: random.Random) -> Sentence:
    pool = REGIONAL_POS if rng.random() < 0.6 else REGIONAL_NEG
    text, flags = rng.choice(pool)
    return [_slot(text, rng)], set(flags)


def _netspeak(rng: random.Random) -> Sentence:
    pool = NETSPEAK_POS if rng.random() < 0.6 else NETSPEAK_NEG
    text, flags = rng.choice(pool)
    return [_slot(text, rng)], set(flags)


def _story(rng: random.Random) -> Sentence:
    pool = STORY_POS if rng.random() < 0.6 else STORY_NEG
    text, flags = rng.choice(pool)
    return [_slot(text, rng)], set(flags)


def _typo(rng: random.Random) -> Sentence:
    pool = TYPO_POS if rng.random() < 0.6 else TYPO_NEG
    text, flags = rng.choice(pool)
    return [_slot(text, rng)], set(flags)


def _answer(rng: random.Random) -> Sentence:
    pool = ANSWER_POS if rng.random() < 0.6 else ANSWER_NEG
    text, flags = rng.choice(pool)
    return [_slot(text, rng)], set(flags)


MAKERS_C: dict[str, Maker] = {
    "c_direct": _direct,
    "c_reported": _reported,
    "c_negative": _negative,
    "c_noisy": _noisy,
    "c_groupchat": _groupchat,
    "c_kin": _kin,
    "c_hotline": _hotline,
    "c_regional": _regional,
    "c_netspeak": _netspeak,
    "c_story": _story,
    "c_typo": _typo,
    "c_answer": _answer,
}

# --- the channel: how the slots reach the service ------------------------------------------

FILLERS = ("那个", "就是", "然后", "嗯", "反正", "你说", "这个")


def _typed(parts: list[str], rng: random.Random) -> str:
    return rng.choice(("，", "，", "。", "！", "；")).join(p for p in parts if p)


def _noise(parts: list[str], rng: random.Random) -> str:
    """Speech input or hurried typing: no punctuation, fillers, spaces, a stutter, and now
    and then the whole in traditional characters."""
    out: list[str] = []
    for part in (p for p in parts if p):
        part = part.replace("，", "")
        if rng.random() < 0.5:
            out.append(rng.choice(FILLERS))
        if rng.random() < 0.2 and len(part) > 2:
            part = part[0] + part  # a stutter: 俺俺们
        out.append(part)
    sep = rng.choice(("", "", " "))
    text = sep.join(out)
    return _to_traditional(text) if rng.random() < 0.25 else text


def _case_c(family: str, parts: list[str], flags: set[str], rng: random.Random) -> dict[str, Any]:
    sentence = "".join(parts)
    scenario = _scenario_for(to_simplified(sentence).replace("脚手架", "工地"), rng)
    headcount = rng.choice((1, 2, 3, 5, 7, 9, 11, 14, 30))
    amount = rng.choice(("三万二", "5.6万", "九千", "两万出头", "一万七", "十来万"))
    money = rng.choice((f"{headcount}个人被欠了{amount}", f"欠着{amount}没结，{headcount}个人"))
    opening = _fill_scenario(scenario.text, rng)
    if family == "c_groupchat":
        lines = [rng.choice(GC_OPENERS), f"{opening}，{money}", *parts]
        text = "\n".join(lines)
    elif family == "c_noisy":
        text = _noise([opening, money.replace("，", ""), *parts], rng)
    else:
        body = [opening, money] if rng.random() < 0.5 else [money, opening]
        body.insert(rng.randrange(len(body) + 1), _typed(parts, rng))
        text = _typed(body, rng) + rng.choice(("", "。", "，求帮忙", "！！"))
    return case_record(text, scenario, headcount, flags, family)


def generate_c(*, per_family: int = 120, seed: int = 21) -> list[dict[str, Any]]:
    """Cases of every family of this set, deterministic for a seed."""
    rng = random.Random(seed * 104729 + 3)
    cases: list[dict[str, Any]] = []
    for family in FAMILIES_C:
        for _ in range(per_family):
            parts, flags = MAKERS_C[family](rng)
            cases.append(_case_c(family, parts, flags, rng))
    return cases


def main(argv: list[str] | None = None) -> int:
    return write_cases(generate_c, argv)


if __name__ == "__main__":
    raise SystemExit(main())
