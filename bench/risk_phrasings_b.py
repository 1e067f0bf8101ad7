"""A second, independent set of generated risk phrasings, written without the lexicons open.

bench/risk_phrasings.py and routing/lexicons were written by the same hand; these families
were written by another, from how workers and staff write, before reading the lexicons, to
measure whether the red flags generalise. The scenario (task force), sum and headcount come
from bench/risk_phrasings.py; every risk sentence here is new. Every family has negatives
(cases that must raise no red flag). The families:

* ``chat``              short chat fragments without subjects (人没了 电话也停机了, 包工头玩消失)
* ``formal_b``          the written register of staff and petitions (扬言, 下落不明, 失联)
* ``third_person``      what a workmate or fellow villager said (工友说要…, 听老乡讲…)
* ``mixed_traditional`` traditional characters, partly mixed with simplified, with Taiwan and
                        Hong Kong words (落跑, 聯絡不上, 想不開)
* ``negated_b``         denials in other forms (并没有, 从没想过, 不至于, 犯不着)
* ``benign_b``          look-alikes of other kinds (手机没电关机了, 跑业务去了, 农药厂)
* ``rambling``          long retellings in one flow, others' words and acts among them
* ``voice``             spoken messages typed by speech input: run-on, fillers, no commas
                        (written after the lexicons were tuned, then measured once)

``third_person`` and ``voice`` were held out until the lexicons had been tuned on the other
families and measured; their misses then led to the clause and scope rules of issue 21
(spoken connectives, reported speech, detaining a person), so they are tuned families now
and ``HELD_OUT_B`` is empty. bench/risk_phrasings_c.py holds the families never tuned on.

    .venv/bin/python bench/risk_phrasings_b.py [--per-family N] [--seed S] > cases.jsonl
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
    AMOUNTS,
    _fill,
    _scenario_for,
    _to_traditional,
    case_record,
    write_cases,
)
from routing.simplify import to_simplified  # noqa: E402

FAMILIES_B = (
    "chat",
    "formal_b",
    "third_person",
    "mixed_traditional",
    "negated_b",
    "benign_b",
    "voice",
    "rambling",
)
HELD_OUT_B: frozenset[str] = frozenset()  # see the module docstring

X = "extreme_risk"
A = "absconded"
Maker = Callable[[random.Random], tuple[str, set[str]]]

# Who the boss is, as workers and staff name him.
BOSSES: tuple[str, ...] = ("老板", "包工头", "工头", "{sur}总", "{sur}老板", "姓{sur}的", "老{sur}")
BOSSES += ("带班的", "承包人")
PLACES = ("市政府", "县政府", "劳动局", "人社局", "信访局", "开发商售楼部", "项目部", "镇政府")


def _boss(rng: random.Random) -> str:
    return _fill(rng.choice(BOSSES), rng)


def _sub(template: str, rng: random.Random) -> str:
    template = template.replace("{who}", rng.choice(FORMAL_SUBJECTS))
    template = template.replace("{head}", rng.choice(FORMAL_HEADS))
    return _fill(template.replace("{boss}", _boss(rng)).replace("{place}", rng.choice(PLACES)), rng)


def _choose(
    rng: random.Random, pools: list[tuple[tuple[str, ...], set[str]]]
) -> tuple[str, set[str]]:
    options, flags = rng.choice(pools)
    return _sub(rng.choice(options), rng), set(flags)


# --- chat: fragments, no subject, spaces instead of commas -------------------------------

CHAT_ESCAPE = (
    "人没了 电话也停机了",
    "{boss}玩消失",
    "{boss}人间蒸发了",
    "微信拉黑了 电话也不接",
    "电话关机 微信不回 人找不着",
    "人跑了 钱也没了",
    "打了一百个电话 没一个接的 人影都没",
    "{boss}溜了 工地都没人管了",
    "找不到人了 家里也没人",
    "电话空号了",
    "{boss}带着钱跑了",
    "人早没影了 号也换了",
    "{boss}躲起来了 谁都找不着",
    "去他家堵了三回 人根本不在 电话一直关机",
    "卷钱跑了",
    "一直无法接通 人也不见了",
    "号码都注销了 找不着人",
    "人家早跑外省了",
    "{boss}连夜搬走了 工地上就剩俺们",
    "打电话提示已关机 好几天了",
    "人不见了 钱也不见了",
    "{boss}一分钱没给就蹽了",
    "发微信显示不是好友了",
    "{boss}躲老家不出来 电话不接",
    "找了半个月 连个人影都没见着",
    "{boss}把工地一扔 人走了",
    "去他办公室 锁着门 人早走了",
    "电话那头说是空号",
)
CHAT_THREAT = (
    "再不给 直接堵{place}大门",
    "不给钱 明天就去{place}门口坐着",
    "大伙商量好了 拉横幅去",
    "逼急了 去北京告他",
    "再拖 就把他车扣了 围他家去",
    "年前不给 全体去{place}讨说法",
    "实在不行 堵路",
    "一起去{place}静坐",
    "明天全班组去{place}要说法",
    "再拖就去{place}门口打地铺",
    "不给就把路给断了",
    "工友们要去{place}闹",
    "准备写大字报贴{place}门口",
    "再不给 就上省里",
    "大伙打算去{place}要个说法 不给不走",
    "十几个人都说好了 明早去{place}",
    "实在不行就去高速路口坐着",
)
CHAT_SELF_HARM = (
    "活不下去了真的",
    "不想活了",
    "逼急了 从楼上跳下去算了",
    "买了瓶农药 不给就喝",
    "真想一死了之",
    "大不了一条命",
    "撑不住了 想死",
    "不给钱 俺就死他家门口",
    "实在没路了 去跳河",
    "真不想活了 一家老小咋过",
    "上塔吊 不给不下来",
    "再这样下去 只能去死了",
    "一瓶药下去就啥都不愁了",
    "俺爹说要去寻短见",
)
CHAT_VIOLENCE = (
    "再不给 找人收拾他",
    "见了{boss}非揍他一顿",
    "拿刀去找他",
    "真想弄死他",
    "昨天动手了 {boss}脸都打破了",
    "逼急了捅他两刀",
    "见一回打一回",
    "有人已经跟{boss}干起来了",
    "真想一刀捅了他",
    "逮住他非打断他腿",
    "再耍赖 别怪俺不客气",
)
CHAT_NEG = (
    "电话打通了 说下周给",
    "{boss}人在 就是拖着",
    "没想闹 就想要钱",
    "人天天在工地 就是不给",
    "微信回了 说等结算",
    "{boss}接电话了 说月底",
    "不闹 走正规程序",
    "人没跑 在外地要账",
    "打电话通了 没说几句就挂了",
    "累死了 干了三个月一分没有",
    "{boss}回话了 说过两天",
    "人在呢 天天推",
    "电话通 就是不给",
    "不想闹大 就要工钱",
    "钱要不来 愁死了",
    "不会干啥出格的事",
    "{boss}人在医院 没跑",
    "俺们就是想要个说法 不闹",
    "手机关机了一天 今天开机了",
)


def _chat(rng: random.Random) -> tuple[str, set[str]]:
    return _choose(
        rng,
        [
            (CHAT_ESCAPE, {A}),
            (CHAT_THREAT, {X}),
            (CHAT_SELF_HARM, {X}),
            (CHAT_VIOLENCE, {X}),
            (CHAT_NEG, set()),
            (CHAT_NEG, set()),
        ],
    )


# --- formal: written by staff, letters, petitions ----------------------------------------

FORMAL_SUBJECTS = ("部分农民工", "工人代表", "该批务工人员", "讨薪人员", "相关工人", "涉事工人")
FORMAL_HEADS = ("项目负责人", "劳务分包负责人", "该公司法定代表人", "实际控制人", "承包人{sur}某")
FORMAL_ESCAPE = (
    "{head}已失联",
    "{head}现下落不明",
    "{head}携款潜逃",
    "经多次联系，{head}均未果，现去向不明",
    "{head}拒接电话，已无法取得联系",
    "{head}已出逃，人员无法联系",
    "{head}失去联系多日",
    "{head}卷款外逃，目前不知所踪",
    "{head}逃匿，办公场所已人去楼空",
    "{head}擅自离开，手机处于关机状态",
    "{head}避而不见，电话无人接听",
    "{head}已于上月离开本地，至今未归",
    "{head}将工程款转移后不知去向",
    "{head}注销手机号码，人员下落不明",
    "{head}长期避而不见，多方寻找未果",
    "{head}已潜逃外地",
    "{head}关停手机，办公地点无人",
)
FORMAL_THREAT = (
    "{who}扬言集体赴京上访",
    "{who}声称将围堵{place}",
    "{who}表示如不解决将到{place}聚集",
    "{who}拟于近日集体上访",
    "{who}威胁采取堵路等过激方式",
    "{who}情绪激动，扬言采取极端行为",
    "{who}声称将到{place}门前拉横幅",
    "{who}计划组织群体性讨薪",
    "{who}扬言若不兑付将集体堵塞道路",
    "{who}准备联名赴省上访",
    "{who}聚集于{place}门前讨要工资",
    "{who}有组织集体讨薪的苗头",
    "{who}声称将采取过激手段",
    "{who}扬言如春节前仍不支付将到{place}静坐",
    "{who}多次到{place}聚集，存在较大稳定风险",
)
FORMAL_SELF_HARM = (
    "{who}中有人流露轻生念头",
    "{who}扬言以跳楼相威胁",
    "其中一人声称将服毒自杀",
    "有工人表示走投无路，存在自伤倾向",
    "{who}中一人攀爬塔吊，以跳楼相要挟",
    "一名工人扬言喝农药",
    "有工人情绪低落，多次提到不想活了",
)
FORMAL_VIOLENCE = (
    "{who}与{head}发生肢体冲突",
    "{who}扬言将对{head}采取暴力手段",
    "现场发生殴打事件",
    "{who}扬言要对{head}动粗",
    "{who}持械到{place}讨要工资",
)
FORMAL_NEG = (
    "已与{head}取得联系，其表示月底前支付",
    "{who}情绪稳定，未发现过激言行",
    "{head}配合调查，联系畅通",
    "{who}通过合法途径反映诉求",
    "经核实，{head}并未离开本地",
    "{who}无集体上访意向",
    "{head}已到场说明情况",
    "{who}表示愿意通过劳动仲裁解决",
    "{who}未有过激行为",
    "{head}已承诺分期支付，并留下联系方式",
    "{who}已由属地劝返，情绪平稳",
    "经电话联系，{head}表示正在筹款",
    "{who}无越级上访情况",
    "{head}现正常接听电话",
    "{who}均表示理解，不会采取过激行为",
)


def _formal(rng: random.Random) -> tuple[str, set[str]]:
    return _choose(
        rng,
        [
            (FORMAL_ESCAPE, {A}),
            (FORMAL_THREAT, {X}),
            (FORMAL_SELF_HARM, {X}),
            (FORMAL_VIOLENCE, {X}),
            (FORMAL_NEG, set()),
            (FORMAL_NEG, set()),
        ],
    )


# --- third_person: what others said ------------------------------------------------------

TELLERS: tuple[str, ...] = ("工友说", "听老乡讲", "我表哥说", "班长讲", "一起干活的老{sur}说")
TELLERS += ("同村的说", "我媳妇讲")
TELLERS += ("听别人说", "老乡打电话来说", "隔壁宿舍的说")
THIRD_POS: tuple[tuple[str, set[str]], ...] = (
    ("{boss}早跑了，电话一直打不通", {A}),
    ("{boss}把手机号注销了，人找不到了", {A}),
    ("{boss}已经回老家躲起来了，谁也联系不上", {A}),
    ("{boss}拿着工程款跑外地去了，再没露过面", {A}),
    ("{boss}跑路了", {A}),
    ("他要去{place}门口拉横幅", {X}),
    ("大家准备一起去{place}堵门", {X}),
    ("他们要上北京上访", {X}),
    ("他实在没法了想喝药", {X}),
    ("他说再不给钱就从塔吊上跳下来", {X}),
    ("有人要拿刀去找{boss}", {X}),
    ("他们打算把{boss}围起来不让走", {X}),
    ("他不想活了", {X}),
)
THIRD_NEG: tuple[tuple[str, set[str]], ...] = (
    ("{boss}接电话了，答应月底结", set()),
    ("{boss}这几天在外地开会，下周回来", set()),
    ("他们不打算闹，想走法律途径", set()),
    ("{boss}人还在，就是没钱", set()),
    ("可以去劳动监察大队投诉", set()),
    ("{boss}换了新号码，已经发到群里了", set()),
    ("{boss}没跑，天天在项目部", set()),
    ("别冲动，先找政府反映", set()),
)


def _third_person(rng: random.Random) -> tuple[str, set[str]]:
    pool = THIRD_POS if rng.random() < 0.6 else THIRD_NEG
    text, flags = rng.choice(pool)
    return _sub(rng.choice(TELLERS) + text, rng), set(flags)


# --- mixed_traditional: traditional, partly mixed, regional words ------------------------

TRAD_POS: tuple[tuple[str, set[str]], ...] = (
    ("老闆落跑了，電話打不通", {A}),
    ("{boss}人間蒸發，聯絡不上", {A}),
    ("{boss}手機一直關機，找不到人", {A}),
    ("老闆捲款跑了", {A}),
    ("{boss}已經失聯一個月了", {A}),
    ("我們準備去{place}門口拉橫幅抗議", {X}),
    ("大家要一起去{place}陳情", {X}),
    ("再不給錢我就從樓頂跳下去", {X}),
    ("真的想不開了，不想活了", {X}),
    ("工友揚言要去堵路", {X}),
    ("我要去打死他", {X}),
)
TRAD_NEG: tuple[tuple[str, set[str]], ...] = (
    ("老闆有接電話，說月底付", set()),
    ("我們沒有要去鬧，只想拿回工錢", set()),
    ("老闆出差了，下週回來", set()),
    ("手機沒電關機了，後來有回電", set()),
    ("{boss}還在工地，只是一直拖", set()),
    ("不會去做傻事，請放心", set()),
)


def _mixed_traditional(rng: random.Random) -> tuple[str, set[str]]:
    pool = TRAD_POS if rng.random() < 0.6 else TRAD_NEG
    text, flags = rng.choice(pool)
    text = _sub(text, rng)
    if rng.random() < 0.5:
        text = _to_traditional(text)  # the boss and place, filled in simplified, converted too
    return text, set(flags)


# --- negated_b: other forms of denial -----------------------------------------------------

NEGATED_B = (
    "{boss}并没有跑，电话一打就通",
    "俺们从没想过去闹事",
    "不至于去跳楼，就是心里急",
    "犯不着跟他动手，只想要钱",
    "没打算去{place}堵门",
    "谁也没说要去上访",
    "{boss}并未失联，只是拖着不给",
    "哪能去寻死，家里还有孩子",
    "不是要闹事，就是想问问咋办",
    "{boss}也没躲，就是说没钱",
    "俺们不会去拉横幅的",
    "没人想动手，都是老实人",
    "{boss}人能找到，电话也接",
    "绝不会干傻事",
    "没想过堵路，那是违法的",
    "{boss}没有玩消失，天天在工地",
    "俺们没那么傻去跳楼",
    "没人要闹，也没人要堵路",
    "{boss}并不是跑了，是出车祸住院了",
    "压根没想过动手",
    "不会去{place}静坐的，放心",
    "{boss}没关机，就是不接",
    "也不是说要寻死，就是太难了",
    "大家都没有去上访的意思",
    "俺们没有那个意思去闹",
    "{boss}没跑，就是没钱",
    "不存在跳楼这回事，就是想要钱",
    "没谁要动手",
)


def _negated_b(rng: random.Random) -> tuple[str, set[str]]:
    return _sub(rng.choice(NEGATED_B), rng), set()


# --- benign_b: look-alikes ----------------------------------------------------------------

BENIGN_B = (
    "{boss}跑业务去了，说回来就结",
    "{boss}手机没电关机了，充上电就回了消息",
    "{boss}去北京出差了，下礼拜回来",
    "俺们去劳动局咨询过了，让来这里登记",
    "从脚手架上摔下来了，腿还没好",
    "喝酒喝多了跟工友吵了两句",
    "{boss}换了个手机号，新号发群里了",
    "干活累得要死",
    "{boss}说钱被开发商卡住了",
    "打电话{boss}没接，过了一会儿回过来了",
    "{boss}去医院了，这几天不在工地",
    "被狗咬了去打针，还花了几百块",
    "天天跑工地跑断腿",
    "{boss}在外地跑另一个项目",
    "工地停工了，人都散了",
    "跟{boss}约好明天在项目部见面",
    "以前在农药厂干过，没遇到过这种事",
    "{boss}回老家过年了，说年后结",
    "上回去{place}反映过，让等通知",
    "工地上有人打架被开除了，跟俺们没关系",
    "电话打了三回才打通",
    "累得想死也得干，家里等着钱",
    "{boss}跑了好几趟{place}办手续",
    "听说别的工地老板跑路了，俺们这个还在",
    "俺媳妇住院了，急等钱用",
    "{boss}电话占线，一会儿又打过来了",
    "前几天跟{boss}在项目部吵了一架，后来说好了",
    "跑了三趟{place}，材料都交了",
    "要是再找不到活就回老家",
)


def _benign_b(rng: random.Random) -> tuple[str, set[str]]:
    return _sub(rng.choice(BENIGN_B), rng), set()


# --- voice: speech input, run-on with fillers ----------------------------------------------

FILLERS = ("那个", "就是", "然后", "嗯", "反正", "你说")
VOICE_POS: tuple[tuple[str, set[str]], ...] = (
    ("{f}{boss}他现在{f}人都找不见了打他电话{f}一直是关机", {A}),
    ("{f}俺们找了他好几回了{f}他家里人说他出去躲账了", {A}),
    ("{f}{boss}把俺们都拉到黑名单里头了{f}电话也不接", {A}),
    ("{f}听说{boss}已经跑到南方去了{f}谁也不知道他在哪", {A}),
    ("{f}俺们几十号人{f}商量着要去{place}门口讨个说法去", {X}),
    ("{f}再不给俺们就去把{place}的大门给堵了", {X}),
    ("{f}俺是真的不想活了{f}家里孩子上学的钱都没有", {X}),
    ("{f}俺都想从这个楼上跳下去算了", {X}),
    ("{f}俺见着{boss}非跟他拼命不可", {X}),
    ("{f}有工友说要喝药{f}俺们拦着呢", {X}),
)
VOICE_NEG: tuple[tuple[str, set[str]], ...] = (
    ("{f}{boss}电话是能打通的{f}就是一直说没钱", set()),
    ("{f}俺们也不想去闹{f}就是想把钱要回来", set()),
    ("{f}{boss}天天在工地上转{f}就是不给钱", set()),
    ("{f}俺们就是老实干活的{f}不会去干那些事", set()),
    ("{f}{boss}说他去外地要账了{f}要回来就给俺们", set()),
    ("{f}俺们去{place}问了{f}说让在网上登记", set()),
)


def _voice(rng: random.Random) -> tuple[str, set[str]]:
    pool = VOICE_POS if rng.random() < 0.6 else VOICE_NEG
    text, flags = rng.choice(pool)
    while "{f}" in text:
        text = text.replace("{f}", rng.choice((*FILLERS, "")), 1)
    return _sub(text, rng), set(flags)


# --- rambling: a long retelling, what others said and did inside it -----------------------

RAMBLE_POS: tuple[tuple[str, set[str]], ...] = (
    ("俺们去找过{boss}好几回开始还说过几天给后来干脆电话也不接了人也寻不见了", {A}),
    ("年前说年后给年后又说等开发商拨款现在倒好连人带车都不见了", {A}),
    ("俺们班长去他住的地方看了屋里空空的房东说他半夜就搬走了", {A}),
    ("问他老婆他老婆说她也不知道人在哪已经好几天没回家了", {A}),
    ("有几个年轻的气不过天天嚷着要去把{boss}家给砸了", {X}),
    ("老乡们都憋着火说再不给就一块去{place}门口躺着", {X}),
    ("俺们有个工友他娘病着等钱救命他说钱要不回来他也不活了", {X}),
    ("昨天有个工友爬到楼顶上不下来说不给钱就跳", {X}),
    ("听说有人已经准备好汽油了说要跟{boss}同归于尽", {X}),
    ("{boss}带人来工地把俺们工友给打了头都打破了", {X}),
)
RAMBLE_NEG: tuple[tuple[str, set[str]], ...] = (
    ("俺们去找过{boss}他人倒是在就是说没钱让俺们等", set()),
    ("有人说要去闹俺们都劝住了还是相信政府", set()),
    ("{boss}说话挺客气的电话也接就是一拖再拖", set()),
    ("俺们商量了一下还是走正规渠道不去干那些违法的事", set()),
    ("工友有的回老家了有的去别的工地干了就剩俺们几个在这等", set()),
)


def _rambling(rng: random.Random) -> tuple[str, set[str]]:
    pool = RAMBLE_POS if rng.random() < 0.6 else RAMBLE_NEG
    text, flags = rng.choice(pool)
    return _sub(text, rng), set(flags)


MAKERS_B: dict[str, Maker] = {
    "chat": _chat,
    "formal_b": _formal,
    "third_person": _third_person,
    "mixed_traditional": _mixed_traditional,
    "negated_b": _negated_b,
    "benign_b": _benign_b,
    "voice": _voice,
    "rambling": _rambling,
}


def _case_b(family: str, sentence: str, flags: set[str], rng: random.Random) -> dict[str, Any]:
    # a sentence in traditional characters or naming a scaffold is a construction worker's
    scenario = _scenario_for(to_simplified(sentence).replace("脚手架", "工地"), rng)
    headcount = rng.choice((1, 2, 3, 4, 5, 6, 8, 12, 16, 25))
    sum_part = (
        f"{headcount}个人{rng.choice(AMOUNTS)}工钱没给"
        if rng.random() < 0.5
        else f"欠{rng.choice(AMOUNTS)}，{headcount}个人"
    )
    parts = [_fill(scenario.text, rng), sum_part, sentence]
    if family == "voice":  # one breath: no punctuation at all
        text = "".join((parts[0], "然后", sum_part, sentence)).replace("，", "")
    elif family == "chat":
        parts = [parts[0], sum_part, sentence]
        rng.shuffle(parts)
        text = " ".join(parts)
    else:
        if rng.random() < 0.4:
            parts[1], parts[2] = parts[2], parts[1]
        text = "，".join(parts) + rng.choice(("。", "", "，请帮忙。", "！"))
    if family == "mixed_traditional" and rng.random() < 0.5:
        text = _to_traditional(text)
    return case_record(text, scenario, headcount, flags, family)


def generate_b(*, per_family: int = 120, seed: int = 21) -> list[dict[str, Any]]:
    """Cases of every family of this set, deterministic for a seed."""
    rng = random.Random(seed * 7919 + 1)
    cases: list[dict[str, Any]] = []
    for family in FAMILIES_B:
        for _ in range(per_family):
            sentence, flags = MAKERS_B[family](rng)
            cases.append(_case_b(family, sentence, flags, rng))
    return cases


def main(argv: list[str] | None = None) -> int:
    return write_cases(generate_b, argv)


if __name__ == "__main__":
    raise SystemExit(main())
