"""A fourth, held-out set of risk phrasings: how workers actually type and talk in chats.

Every case is a worker's first message (WeChat, Telegram, voice-to-text) about unpaid wages
with, or without, the two red flags:

* ``extreme_risk``  self-harm hinted or threatened (找根绳子, 从楼顶下去, 后事都交代好了),
                    collective action or blocking (去县政府门口坐着, 横幅都做好了, 把工地大门
                    一锁), violence (带上家伙找他算账, 跟他一块儿死, 把他那破车砸个稀巴烂)
* ``absconded``     the boss is gone or cannot be reached (人间蒸发, 原先那个号现在是个女的接,
                    说回老家过年出了正月还不回来, 对方已拒收, 门上贴着封条)

This set was written without reading routing/ (its lexicons and word lists) or tests/, and
without running the router on it: its phrases are there because workers say them, in their
own vocabulary (俺, 咱, 中不中, 弄啥嘞, 嘎哈, 贼, 老鼻子, 夜儿个, 鳖孙 …). Its first
measurement found recall near 0.7: every template list is therefore cut in two by position.
The ``d_`` families are composed from one half and may be tuned on; the ``e_`` families, from
the other half, are held out (``HELD_OUT_D``): only ever measured, never read for misses.

Each case is composed of labelled clauses, so its expected flags are known by construction:
a positive clause carries its flag, a hard negative carries none and is never put next to a
positive clause of the flag it resembles. The families (each as ``d_`` and ``e_``):

* ``d_dialect``   dialect and colloquial chat (北方话, 河南话, 东北话)
* ``d_indirect``  euphemisms, rhetorical questions, time conditions, reported speech
                  (工友说…, 听老乡讲…, quoted voice messages)
* ``d_story``     long narratives; the flag sentence is buried among dates, sums and project
                  details
* ``d_negative``  hard negatives only: denials (没说要去闹, 不会想不开), fears that are
                  denied (以为他跑了, 结果在医院), look-alikes (跑业务, 手机没电关机又开了,
                  药酒, 动手术, 上坟, 堵车, 闹钟, 跳槽, 安全绳)
* ``d_trad``      traditional characters, no punctuation, voice-to-text homophone slips in the
                  ordinary words (以经, 现再, 知到, 倒底, 快钱 …); the flag words stay intact

Every family except ``d_negative`` mixes both flags, both at once, and hard negatives. A
share of the other families' cases is in traditional characters or unpunctuated too.

    .venv/bin/python bench/risk_phrasings_d.py [--per-family N] [--seed S] > cases.jsonl
"""

from __future__ import annotations

import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.risk_phrasings import (  # noqa: E402
    ESTATES,
    SCENARIOS,
    SITE_WORDS,
    SURNAMES,
    TOWNS,
    Scenario,
    _to_traditional,
    case_record,
    write_cases,
)
from bench.risk_phrasings import _fill as _fill_scenario  # noqa: E402

# Every template list is cut in two by position: the d_ families are composed from the even
# halves and may be tuned on; the e_ families, from the odd halves only, stay held out, so a
# phrasing of an e_ case was never seen while tuning.
_KINDS = ("dialect", "indirect", "story", "negative", "trad")
FAMILIES_D = tuple(f"d_{k}" for k in _KINDS) + tuple(f"e_{k}" for k in _KINDS)
HELD_OUT_D = frozenset(f"e_{k}" for k in _KINDS)

X = "extreme_risk"
A = "absconded"


@dataclass(frozen=True)
class Clause:
    """One sentence of a message and what it says: its flags, and for a hard negative the
    flag it looks like (it is never combined with a positive clause of that flag)."""

    text: str
    flags: frozenset[str]
    looks_like: str | None = None


# --- slots --------------------------------------------------------------------------------

ME = ("俺", "俺", "我", "咱")
WE = ("俺们", "我们", "咱们", "大家伙", "大伙儿", "俺们这帮人", "哥几个", "俺们一个班组的")
WE_WO = ("我们", "大家伙", "大伙儿", "哥几个", "我们一个班组的")
WE_THIRD = ("他们", "那帮人", "他们几个")
BOSSES = (
    "老板",
    "老板",
    "{sur}老板",
    "老板娘",
    "{sur}总",
    "那个姓{sur}的",
    "老{sur}",
    "管事的",
    "东家",
    "黑心老板",
    "包工头",
    "工头{sur}",
    "{sur}经理",
)
HIM = ("他", "他", "{boss}", "那个鳖孙", "那孙子", "那个老赖", "姓{sur}的")
HIM_THIRD = ("{boss}", "那个鳖孙", "那个老赖", "姓{sur}的")
GOV = ("县政府", "市政府", "区政府", "乡政府", "劳动局", "信访办", "市委", "县委大院")
HIGH = ("楼顶", "十几层的楼顶", "塔吊", "大桥", "天台", "广告牌")
POISON = ("敌敌畏", "耗子药", "除草剂", "农药", "老鼠药")
WEAPON = ("杀猪刀", "铁锨", "钢管", "扳手", "榔头", "镐把", "菜刀")
WHEN = ("", "", "打从上个月起", "过完年", "正月里", "这半拉月", "端午节后", "入冬以后", "前几天")
CONDITIONS = (
    "",
    "",
    "",
    "要是过了腊月二十还不给",
    "这个礼拜五前见不着钱",
    "明儿个再不给",
    "开春前拿不到",
    "中秋节前不结清",
    "这回再糊弄俺们",
    "再拖下去",
    "要还是一句没钱",
    "下礼拜一之前没个说法",
    "等到月底要还是这样",
    "年三十前不把钱打过来",
)
SPEAKERS = (
    "工友",
    "老乡",
    "同屋的小{sur}",
    "俺表哥",
    "带班的{sur}师傅",
    "俺们组长",
    "一块干活的老{sur}",
    "隔壁床的",
    "几个年轻的",
    "同村的{sur}叔",
)
# how the words of others are passed on (their pronouns are then of the third person)
REPORTED = (
    "{spk}说，",
    "{spk}跟俺讲，",
    "听{spk}说，",
    "{spk}打电话跟俺哭，说",
    "{spk}吃饭的时候念叨，",
    "{spk}私下跟我说，",
)
# … and those only a threat is passed on with
REPORTED_THREAT = (
    "{spk}撂下话了，",
    "{spk}拍着桌子说，",
    "{spk}昨晚喝多了，嚷嚷着",
)
# or quoted as they were said, first person kept
QUOTED = (
    "{spk}在群里发了条语音：“{c}”",
    "{spk}原话是这么说的：“{c}”",
    "{spk}给俺发微信：{c}",
    "{spk}今天一早就说：“{c}”",
)

# --- extreme risk: self-harm ----------------------------------------------------------------

X_SELF = (
    "{me}是真活不下去了，找根绳子往房梁上一挂算了",
    "{cond}{me}就从{high}上一头栽下去，让他后悔一辈子",
    "{me}连遗书都写好了，搁枕头底下",
    "{me}把一瓶{poison}揣兜里了，随时准备着",
    "{cond}{me}就当着他的面把{poison}喝了",
    "{me}这条贱命不要了",
    "{me}活着还有啥奔头，钱要不来，家也回不去，不如死了干净",
    "这两天{me}老寻思往河里一跳，啥都不用管了",
    "{me}真想去铁道上一躺，啥也不想了",
    "后事{me}都跟{my}娘交代好了",
    "{me}昨天在{high}上坐了一下午，差点就下去了，底下的人都在喊{me}",
    "大不了拿{my}这条命跟他换",
    "{me}寻思着干脆死了拉倒",
    "{me}偷偷攒了一瓶安眠药，谁也别拦着",
    "{cond}{me}就吊死在他家大门口",
    "宿舍在六楼，{me}夜儿个差点翻窗户出去，是工友给拽回来的",
    "{me}手腕子上划了一刀，叫工友给摁住了",
    "{me}是真活够了",
    "{cond}{me}就死在项目部，看他咋交代",
    "这日子{me}一天也熬不下去了，想早点下去陪{my}爹",
    "{me}都不知道明天还在不在这世上了",
    "要不到钱{me}也没脸回家，死外头算了",
    "{me}兜里就剩二十块钱，够买一瓶{poison}了",
)

# --- extreme risk: collective action, blocking, petitioning ---------------------------------

X_GROUP = (
    "{we}合计好了，{cond}都去{gov}门口坐着，不给钱不起来",
    "{cond}{we}就一块去{gov}讨个说法",
    "{we}准备叫上一大帮子人，去把他售楼部围个水泄不通",
    "横幅{we}都做好了，红底白字，写着还我血汗钱",
    "{cond}{we}就去{gov}门口跪着",
    "{we}打算把工地大门一锁，谁也别想进出",
    "明早{we}去把搅拌车拦住，一辆也不让出",
    "{we}商量好了，卷着铺盖去{gov}住下，啥时候给钱啥时候走",
    "{cond}{we}就买票上北京，找大领导说理去",
    "{cond}{we}拖家带口去他家门口坐着不走",
    "{we}打算把他门口那条路一挡，看他急不急",
    "{we}准备去他楼盘门口扯条幅，让买房的都瞅瞅",
    "群里约好了，礼拜一早上八点{gov}门口集合，一个不能少",
    "{we}要把他那辆车堵在院里，不给钱不让走",
    "{we}天天去他家楼下堵着，看他出不出门",
    "{cond}{we}就去他公司闹个天翻地覆",
    "{we}打算举着牌子围着{gov}转一圈",
    "{cond}{we}上高速口坐着去",
    "有俩工友今早爬上吊车顶了，说不给钱不下来",
    "老乡们说好了，这回要去省里告他，车都包好了",
    "{we}已经在{gov}门口站了一上午了",
    "{cond}{we}就把他办公室占了，吃住都在那",
)

# --- extreme risk: violence -----------------------------------------------------------------

X_VIOLENT = (
    "{we}准备带上家伙找{him}算账",
    "大不了跟{him}一块儿死，谁也别想好过",
    "{cond}{we}就把{him}那破车砸个稀巴烂",
    "{me}非给{him}放点血不可",
    "见着{him}{me}非废了他一条腿",
    "{him}再敢说没钱，{me}就让他横着出去",
    "{me}把{weapon}揣怀里了，天天在他家附近转",
    "{cond}{me}就往他家门口泼汽油，一把点了",
    "{me}非整死那个鳖孙不可",
    "夜儿个{we}把{him}按地上揍了一顿",
    "工友拿{weapon}把他板房的门给劈了",
    "{me}知道他孩子在哪上学，别逼{me}",
    "{cond}{me}就跟{him}拼个鱼死网破",
    "{we}叫上村里几十个后生，去他家干一仗",
    "{me}扛着{weapon}去找{him}，谁拦也不中",
    "他再敢推，{me}这拳头可不认人",
    "{cond}{me}就卸他一条胳膊",
    "这口气咽不下，{me}迟早要跟{him}见血",
    "{me}跟{him}只能活一个",
    "工友们把他堵在厕所里打了一顿",
)

# --- extreme risk: euphemism and rhetorical questions (d_indirect) -----------------------

X_INDIRECT = (
    "是不是非得{me}从{high}上摔下来，才有人管？",
    "难不成要{we}去{gov}门口跪着他才给？",
    "{me}要是哪天人没了，这钱就留给{my}娃吧",
    "你们说{me}从这跳下去，他是不是就给钱了？",
    "逼得{we}没路走了，还能干啥，只能去把他堵了",
    "{me}给{my}娘打了个电话，说下辈子再孝顺她",
    "这辈子就这样吧，{me}不想再睁眼了",
    "要不{we}也学人家，去{gov}门口躺着？",
    "光脚的不怕穿鞋的，见着{him}{me}就跟他玩命",
    "明天{we}就让他工地一车料也进不去",
    "{me}就想知道，人死了是不是就有人管了",
    "再这样下去，{me}怕自己控制不住，干出啥傻事来",
    "{me}寻思着，要是{me}死了，他总得赔吧",
    "横竖是个死，不如拉上{him}垫背",
    "{we}人都凑齐了，明天就去{gov}讨说法，条幅也备好了",
    "钱{me}不要了，命也不要了，就要他一个说法",
)

# --- absconded ------------------------------------------------------------------------------

A_GONE = (
    "{boss}跟人间蒸发似的，{when}一点音信都没有",
    "{boss}{when}又玩消失了",
    "满世界都找不着{boss}",
    "{boss}原先那个号，现在打过去是个女的接，说不认识这人",
    "{boss}说回老家过个年，这都出正月了还不回来，电话也不接",
    "听说{boss}躲到外省去了",
    "微信发了三个礼拜，{boss}一个字都不回",
    "去{boss}公司一看，门锁着，桌子椅子都搬空了",
    "项目部的板房都拉走了，{boss}毛都不见一根",
    "甲方钱一到账{boss}就溜了",
    "{boss}那手机{when}就没开过机",
    "{we}把{boss}可能去的地方都找遍了，影儿都没有",
    "{boss}嘎哈去了也不知道，打电话不接，发信息不回，去家里也没人",
    "连{boss}媳妇都说联系不上他",
    "{boss}朋友圈关了，抖音也不更了，人找不着",
    "{boss}把{we}全屏蔽了，电话一打就是忙音",
    "{boss}说是回老家了，可老家的人说压根没见着他",
    "{boss}来了个溜之大吉",
    "{boss}脚底抹油跑了",
    "{boss}租的房子都退了，房东说早搬走了",
    "找了{boss}俩月，连个鬼影都没见着",
    "去{boss}老家堵他，他爹妈说一年没见他回来过",
    "听人讲{boss}出国了，不打算回来了",
    "{boss}的手机号成了空号",
    "{boss}那个劳务公司都注销了，人也找不着",
    "{boss}的电话打了一百回，回回都是无法接通",
    "给{boss}发语音，显示对方已拒收",
    "{boss}以前天天在工地转悠，现在一个来月没露头",
    "{boss}的QQ微信全换了，老号码没人用了",
    "{boss}这会儿人在哪，谁都说不上来",
    "{boss}撒丫子跑了",
    "打了几十个电话{boss}一个没接，后来干脆关机",
    "{boss}把工友群退了，{we}@他也没动静",
    "工地一停{boss}就不见了，连个信儿都没留",
    "{boss}躲着不见，电话不接，敲门也不开",
    "{we}去{boss}住的小区蹲了三天，物业说人早搬了",
    "电话打过去是{boss}外甥接的，说他舅去外地了，在哪不知道",
    "{boss}两口子都找不见了，门上贴着封条",
    "门一锁，{boss}不知去向",
    "{boss}欠了一屁股账，连夜开车走了，再没回来",
    "{boss}{when}就断了联系",
    "{boss}的车卖了，房子也挂出去了，人早没影了",
    "打听了一大圈，{boss}跑到南方去了，具体在哪没人知道",
    "{boss}跟{we}说去银行取钱，一去就再没回来",
)

A_INDIRECT = (
    "{boss}就跟从地球上消失了一样",
    "{boss}这一走，就跟石头扔进河里似的，一点动静没有",
    "{we}现在连{boss}在哪个省都不知道",
    "要是能找着{boss}这个人，{we}也不至于来求你们",
    "{boss}上哪去了？问谁谁都不知道",
    "{boss}那个号打过去，那头一直是个机器的声音，说暂时无法接通",
    "你说一个大活人，咋说找不着就找不着了呢？{boss}到底藏哪去了",
    "{boss}现在是能躲就躲，{we}连他面都见不上",
    "{boss}留下个空壳公司，人早走了",
    "电话、微信、他家里，哪儿都找不着{boss}",
    "{boss}一晃俩月没露面了，手机一直打不进去",
    "{boss}跑哪去了，恁能帮俺查查不？",
)

# --- dialect (d_dialect) ------------------------------------------------------------------

X_DIALECT = (
    "{cond}俺就整瓶{poison}喝了拉倒，中不中俺都不管了",
    "俺们寻思好了，明儿个上县里去，往{gov}门口一坐",
    "那鳖孙再不给，俺拎着{weapon}跟他干",
    "俺活得贼憋屈，真不想活了",
    "弄啥嘞这是，逼得俺要上吊啊",
    "俺们一帮子老乡说了，过了年还不给就去把他工地堵死",
    "他再嘚瑟，俺削死他",
    "咱一大帮人去他家门口一堵，看他咋出门",
    "俺心里头憋得慌，有时候真想一头扎井里",
    "他不仁俺也不义，大不了一块死",
    "整急眼了俺就去市里找领导，拉上全村老少爷们",
    "俺这就上楼顶，他不来俺不下",
    "嘎哈呀，还让不让人活了，俺跟他拼了",
    "俺兄弟夜儿个喝多了，说要拿刀去捅那孙子",
    "恁要是不管，俺们就上北京去，反正也没啥怕的了",
    "俺老鼻子憋屈了，想从桥上一蹦下去",
)
A_DIALECT = (
    "{boss}跑得没影儿了，咋整",
    "{boss}猫起来了，哪都寻不着",
    "{boss}早溜号了，电话一打就关机",
    "那鳖孙跑了，手机也打不通",
    "{boss}贼鸡贼，钱一到手就没影了",
    "俺们上他家找了老鼻子回了，门都不开，人也不知道躲哪了",
    "{boss}把俺微信拉黑了，电话也不接，弄啥嘞",
    "{boss}这一走，跟泥牛入海似的",
    "{boss}换了个号，谁都不知道，找不着人",
    "{boss}一溜烟跑回老家了，再也不照面",
    "{boss}撂下摊子不管了，人影都瞅不着",
    "俺们给{boss}打电话，一直是“您拨打的电话已关机”，打了半拉月了",
    "{boss}这个熊人，钱没给就跑了",
    "找{boss}找得俺腿都跑细了，人就是找不着",
)
NEG_DIALECT: tuple[tuple[str, str | None], ...] = (
    ("俺可不会想不开，俺娃还小嘞", X),
    ("{boss}没跑，天天在那晃悠，就是赖着不给", A),
    ("俺们不闹，闹也没用，就想走正道要钱", X),
    ("{boss}手机没电关了一会，后来又开了，还回了俺电话", A),
    ("俺这腰不得劲，晚上喝点药酒", X),
    ("俺爹下个礼拜要动手术，等着钱用嘞", X),
    ("俺夜儿个去劳动局，路上堵车堵了老半天", X),
    ("俺们整天拼死拼活地干，到头来钱拿不着", X),
    ("俺想跳槽上别家干，又怕这钱打了水漂", X),
    ("{boss}说他出去跑业务了，过两天回来结", A),
    ("俺们是想过去堵他，后来一合计犯法，就没去", X),
    ("清明想回家上坟，路费都凑不齐", X),
)

# --- hard negatives -------------------------------------------------------------------------

NEG_X = (
    "{we}可没想去闹啥，就想要回血汗钱",
    "恁放心，{me}不会想不开，家里还有俩娃呢",
    "工友们都劝好了，谁也不去堵门",
    "{me}不是那种动手的人，就想讲个理",
    "{we}不会去上访，信得过政府",
    "有人说要去拉横幅，{me}给拦下了，大家都同意先走程序",
    "{me}活得好好的，就是心里憋屈",
    "犯不着为这点钱把命搭上，{me}想得开",
    "打架的事{we}不干，犯法",
    "{we}不堵路，不给政府添麻烦",
    "没人想寻死觅活的，就图个公道",
    "工友开玩笑说不给钱就去跳楼，大家笑了一通，谁也不会真去",
    "{me}没那么傻去寻死，钱{me}是一定要要回来的",
    "前阵子有人说去{gov}门口坐着，后来都说算了，{we}去劳动监察登记了",
    "{boss}还说{we}瞎闹，{we}啥也没闹，就是问问钱啥时候给",
    "{we}一起去劳动监察大队登了记",
    "{me}不会干傻事，放心",
    "天冷腰疼，{me}每天晚上喝两口药酒",
    "{my}娘下个月要动手术，等着钱用",
    "清明要回老家上坟，路费都没着落",
    "去劳动局的路上堵车，堵了俩钟头",
    "天天五点闹钟一响就起来干活",
    "想跳槽去别家，又怕这边的钱要不回来",
    "干的是高空的活，天天系着安全绳",
    "{we}拼死拼活干了一年",
    "这天热得要死，活还得干",
    "笑死人了，他说没钱，转脸开着新车",
    "砸了一天的墙，手都震麻了",
    "{me}这几天闹肚子，也没钱去看",
    "{my}爹去镇上买农药，钱还是借的",
    "{me}在楼顶上砌了一个月的墙",
    "干活划了个口子，缝了五针，医药费还是自己掏的",
    "{me}气得一宿没睡着",
    "{my}媳妇天天在家跟{me}闹别扭，嫌{me}挣不来钱",
    "捆钢筋的扎丝和绳子都是{we}自己买的",
)
NEG_A = (
    "{boss}没跑，天天在工地转悠，就是不给",
    "昨天打{boss}电话关机，后来说是手机没电了，晚上就回过来了",
    "{boss}说他出去跑业务了，下礼拜结",
    "{boss}电话是通的，就是每回都说再等等",
    "{boss}回老家办事，说好初八回来，初八真回来了",
    "{boss}微信回得慢，但是都回",
    "怕{boss}跑路，{we}天天去盯着，人还在",
    "前两天还以为{boss}跑了，结果人在医院住院",
    "{boss}换了个号，还挨个打电话告诉{we}了",
    "{boss}开车去外地拉材料了，晚上就回",
    "{me}为这事来回跑了七八趟",
    "{boss}人在，就是耍赖，说活没干好",
    "{boss}没拉黑{me}，就是一提钱就装听不见",
    "有人打电话说能帮要工钱，得先交钱，{me}一听是骗子，直接拉黑了",
    "{me}手机掉水里，关机了好几天，{boss}还以为{me}跑了",
    "停工了，{boss}说等手续下来再开工，电话天天能打通",
    "{boss}没蒸发，就在县城住着，{we}都知道他家",
    "有人传{boss}要跑路，那是瞎传的，{me}今天还见着他了",
    "前阵子担心{boss}跑了，后来他主动打电话来了",
    "{boss}躲债躲了几天，现在又回来了，就是不提钱",
    "{boss}的手机就是信号不好，多打几遍能打通",
    "{boss}去外地跑工程了，天天在群里说话",
    "{me}换了个手机号，还没告诉{boss}",
    "{boss}做了个小手术，这几天他闺女帮着回消息",
)
NEG_NEUTRAL = (
    "就想问问咋申请劳动仲裁",
    "欠条{me}这有，手印也按了",
    "能不能帮{we}算算加班费",
    "{we}有考勤表，也有聊天记录",
    "说好的一天一百八，到现在一分没见",
    "他说等甲方结了款再给",
    "{we}想找个律师，又怕花不起",
    "听说可以找法律援助，是真的不",
    "{me}不识字，是{my}闺女帮着打的字",
    "{we}就是想要个准话，啥时候能给",
)
NEGATIVES: tuple[tuple[str, str | None], ...] = (
    tuple((t, X) for t in NEG_X)
    + tuple((t, A) for t in NEG_A)
    + tuple((t, None) for t in NEG_NEUTRAL)
)

# denials built from the positive acts: the act named, and said not to be done
DENIALS = (
    "{we}从来没说要{act}",
    "谁也没打算{act}，就想要钱",
    "{me}不会{act}的，恁放心",
    "{we}犯不着{act}",
)
DENIED_ACTS = (
    "去{gov}门口坐着",
    "去把他售楼部围了",
    "拉横幅",
    "上北京",
    "把工地大门锁了",
    "带上家伙找他算账",
    "砸他的车",
    "跟他拼命",
    "喝药",
    "从楼顶跳下去",
    "寻短见",
    "去堵路",
)


# --- the message around the clauses ----------------------------------------------------

OPENERS = ("", "", "你好，", "领导好，", "麻烦问一下，", "求助，", "有人吗，", "打扰了，")
DIALECT_OPENERS = (
    "",
    "俺跟恁说个事儿，",
    "哎呀妈呀，",
    "大兄弟，",
    "领导，俺想问问，",
    "喂喂，能听见不，",
    "老铁们，",
    "恁好，",
)
AMOUNTS = ("两万八", "4.2万", "一万六", "九千多", "三万出头", "七千五", "十一万", "5万3")
MONEY = (
    "{n}个人一共欠着{amt}",
    "欠了{n}个人{amt}的工钱",
    "{amt}的工钱到现在没结，{n}个人的",
)
MONEY_ALONE = ("就俺一个人，欠俺{amt}", "欠我{amt}没给", "{amt}到现在一分没见着")
DIALECT_MONEY = (
    "欠俺们{n}个人老鼻子钱了，{amt}呢",
    "{n}个人叫他欠了{amt}",
    "俺们{n}个人的工钱{amt}，一直拖着",
)
DIALECT_MONEY_ALONE = ("就俺一个，欠俺{amt}呢", "俺那{amt}到现在一个子儿没见")
OUTROS = ("", "", "怎么办", "求帮忙", "能管不", "这事找谁", "谢谢了")
DIALECT_OUTROS = ("", "这可咋整啊", "中不中给句话", "恁给评评理，这弄啥嘞", "贼闹心", "有人管没")

# the story family's sentences: when it began, what the work was, how the money was asked for
STORY_START = (
    "去年{mon}月份开始，{me}{work}",
    "{me}从前年{mon}月就{work}",
    "今年开春，{me}经老乡介绍{work}",
)
STORY_SITE = (
    "活是从{boss}手里分包的，{estate}小区{b}号楼，一共{f}层，主体{mon}月就封顶了",
    "说好的一天二百六，干到工程完一起结",
    "那个项目是{town}的安置房，{we}干的是二次结构和抹灰",
    "项目上一共三家班组，就{we}这家一直拿不着钱",
)
STORY_OTHER = (
    "说好的一个月四千五，按月发",
    "头三个月还正常发，后来就开始拖",
    "合同也没签，就口头说的",
    "平时每天干十一二个钟头，礼拜天也不歇",
)
STORY_ASK = (
    "{mon}月{d}号去要过一回，{boss}说上头没拨款",
    "中秋节前又去找，给了五百块路费就打发了",
    "{we}找过{town}的劳动保障所，说让再等等",
    "{boss}写过一张欠条，说年底前一准结清",
    "年前给了一回钱，一人一千，剩下的一直欠着",
)
STORY_HOME = (
    "{my}家里老人常年吃药，孩子下学期学费还没着落",
    "{we}都是{town}一带的，出来打工就为这点钱",
    "欠条是{mon}月{d}号打的，上面有他签的字",
    "聊天记录和考勤{we}都截了图",
)
STORY_CLOSE = ("想问问这事该找哪个部门", "求领导给做个主", "麻烦给看看咋办", "")

SAFE_SLIPS = (("已经", "以经"), ("知道", "知到"), ("一直", "一致"), ("的", "得"))
SLIPS = (
    *SAFE_SLIPS,
    ("在", "再"),
    ("现在", "现再"),
    ("事情", "事请"),
    ("到底", "倒底"),
    ("年底", "年低"),
    ("意思", "意识"),
    ("师傅", "师父"),
    ("块钱", "快钱"),
    ("工钱", "工前"),
    ("欠着", "前着"),
    ("干了", "赶了"),
    ("反映", "反应"),
)
VOICE_FILLERS = ("呃", "就那啥", "咋说呢", "你知道吧", "就是说")
PUNCT = re.compile(r"[，。！？；：、“”]")

# Words of a building site (beyond those bench/risk_phrasings.py knows): a message with one is
# told by a construction worker.
SITE_WORDS_D = (
    *SITE_WORDS,
    "塔吊",
    "吊车",
    "钢筋",
    "板房",
    "搅拌",
    "售楼",
    "甲方",
    "砌",
    "工程",
    "安全绳",
    "砸墙",
    "墙",
    "扎丝",
    "封顶",
    "停工",
    "开工",
    "拉材料",
)
CONSTRUCTION = tuple(s for s in SCENARIOS if s.task_force == "TF1_CONSTRUCTION")


# every template of a flag, for the count in the report and the test of the set's breadth
@dataclass(frozen=True)
class Half:
    """One half of every template list (even or odd positions)."""

    x_pools: tuple[tuple[str, ...], ...]  # self-harm, group, violence
    x_indirect: tuple[str, ...]
    x_dialect: tuple[str, ...]
    a_pools: tuple[tuple[str, ...], ...]
    a_indirect: tuple[str, ...]
    a_dialect: tuple[str, ...]
    negatives: tuple[tuple[str, str | None], ...]
    neg_dialect: tuple[tuple[str, str | None], ...]
    denials: tuple[str, ...]
    denied_acts: tuple[str, ...]
    reported: tuple[str, ...]
    reported_threat: tuple[str, ...]
    quoted: tuple[str, ...]


def _half(k: int) -> Half:
    return Half(
        x_pools=(X_SELF[k::2], X_GROUP[k::2], X_VIOLENT[k::2]),
        x_indirect=X_INDIRECT[k::2],
        x_dialect=X_DIALECT[k::2],
        a_pools=(A_GONE[k::2],),
        a_indirect=A_INDIRECT[k::2],
        a_dialect=A_DIALECT[k::2],
        negatives=NEGATIVES[k::2],
        neg_dialect=NEG_DIALECT[k::2],
        denials=DENIALS[k::2],
        denied_acts=DENIED_ACTS[k::2],
        reported=REPORTED[k::2],
        reported_threat=REPORTED_THREAT[k::2],
        quoted=QUOTED[k::2],
    )


HALVES = (_half(0), _half(1))

X_TEMPLATES = X_SELF + X_GROUP + X_VIOLENT + X_INDIRECT + X_DIALECT
A_TEMPLATES = A_GONE + A_INDIRECT + A_DIALECT
NEGATIVE_TEMPLATES = tuple(t for t, _ in NEGATIVES) + tuple(t for t, _ in NEG_DIALECT)


# --- clauses --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Voice:
    """Who writes: the pronouns of one message."""

    me: str
    my: str
    we: str


def _voice(rng: random.Random) -> Voice:
    me = rng.choice(ME)
    if me == "我":
        return Voice(me=me, my=me, we=rng.choice(WE_WO))
    return Voice(me=me, my="俺", we=rng.choice(WE))


def _fill(template: str, rng: random.Random, voice: Voice, *, third: bool = False) -> str:
    sur = rng.choice(SURNAMES)
    boss = rng.choice(BOSSES).format(sur=sur)
    cond = rng.choice(CONDITIONS)
    return template.format(
        me="他" if third else voice.me,
        my="他" if third else voice.my,
        we=rng.choice(WE_THIRD) if third else voice.we,
        boss=boss,
        him=rng.choice(HIM_THIRD if third else HIM).format(boss=boss, sur=sur),
        gov=rng.choice(GOV),
        high=rng.choice(HIGH),
        poison=rng.choice(POISON),
        weapon=rng.choice(WEAPON),
        when=rng.choice(WHEN),
        cond=f"{cond}，" if cond else "",
        sur=sur,
    )


def _speaker(rng: random.Random) -> str:
    return rng.choice(SPEAKERS).format(sur=rng.choice(SURNAMES))


def _said(
    template: str,
    rng: random.Random,
    voice: Voice,
    reported: float,
    half: Half,
    *,
    threat: bool = False,
) -> str:
    """The clause as the writer's own words, or (with probability ``reported``) as what a
    co-worker said, passed on or quoted."""
    if rng.random() >= reported or "恁" in template or "求你们" in template:  # to us: own
        return _fill(template, rng, voice)
    if rng.random() < 0.35:
        quoted = _fill(template, rng, _voice(rng))
        return rng.choice(half.quoted).format(spk=_speaker(rng), c=quoted)
    frames = half.reported + half.reported_threat if threat else half.reported
    return rng.choice(frames).format(spk=_speaker(rng)) + _fill(template, rng, voice, third=True)


def _positive(
    flag: str,
    pools: tuple[tuple[str, ...], ...],
    rng: random.Random,
    voice: Voice,
    reported: float,
    half: Half,
) -> Clause:
    pool = rng.choice(pools)
    text = _said(rng.choice(pool), rng, voice, reported, half, threat=flag == X)
    return Clause(text, frozenset({flag}))


def _negative(
    rng: random.Random,
    voice: Voice,
    half: Half,
    *,
    avoid: frozenset[str],
    dialect: bool = False,
    reported: float = 0.0,
) -> Clause:
    """A hard negative that looks like none of the flags in ``avoid``."""
    pool = half.neg_dialect + half.negatives if dialect else half.negatives
    choices = [(t, like) for t, like in pool if like is None or like not in avoid]
    template, like = rng.choice(choices)
    if like is not None and ("{me}" in template or "{we}" in template):  # passed on too
        text = _said(template, rng, voice, reported, half)
    else:
        text = _fill(template, rng, voice)
    return Clause(text, frozenset(), like)


def _clauses(
    rng: random.Random,
    voice: Voice,
    half: Half,
    x_pools: tuple[tuple[str, ...], ...],
    a_pools: tuple[tuple[str, ...], ...],
    *,
    reported: float,
    dialect: bool = False,
) -> list[Clause]:
    """The labelled clauses of one message of a mixed family: one flag, both, or none."""
    pick = rng.random()
    out: list[Clause] = []
    if pick < 0.36:
        out.append(_positive(X, x_pools, rng, voice, reported, half))
    elif pick < 0.70:
        out.append(_positive(A, a_pools, rng, voice, reported, half))
    elif pick < 0.79:
        out.append(_positive(A, a_pools, rng, voice, reported, half))
        out.append(_positive(X, x_pools, rng, voice, reported, half))
    else:
        out.append(
            _negative(rng, voice, half, avoid=frozenset(), dialect=dialect, reported=reported)
        )
        if rng.random() < 0.3:
            out.append(_negative(rng, voice, half, avoid=frozenset(), dialect=dialect))
        return out
    if rng.random() < 0.35:  # a hard negative next to it, of the other flag or of none
        raised = frozenset().union(*(c.flags for c in out))
        extra = _negative(rng, voice, half, avoid=raised, dialect=dialect)
        out.insert(rng.randrange(len(out) + 1), extra)
    return out


# --- assembly -------------------------------------------------------------------------------


def _scenario_for(text: str, rng: random.Random) -> Scenario:
    if any(w in text for w in SITE_WORDS_D):
        return rng.choice(CONSTRUCTION)
    return rng.choice(SCENARIOS)


def _money(rng: random.Random, n: int, *, dialect: bool) -> str:
    amt = rng.choice(AMOUNTS)
    if n == 1:
        return rng.choice(DIALECT_MONEY_ALONE if dialect else MONEY_ALONE).format(amt=amt)
    return rng.choice(DIALECT_MONEY if dialect else MONEY).format(n=n, amt=amt)


def _typed(parts: list[str], rng: random.Random) -> str:
    """As typed by hand: mostly commas, now and then a full stop or none at all."""
    out = parts[0]
    for part in parts[1:]:
        out += rng.choice(("，", "，", "，", "。", " ", "！")) + part
    return out


def _voice_to_text(parts: list[str], ordinary: list[bool], rng: random.Random) -> str:
    """As a speech input writes it: no punctuation, a spoken filler now and then, and
    homophone slips: any in an ordinary part, only the harmless ones in a flag clause."""
    out: list[str] = []
    for part, is_ordinary in zip(parts, ordinary, strict=True):
        part = PUNCT.sub(rng.choice(("", " ")), part)
        for wrong_from, wrong_to in SLIPS if is_ordinary else SAFE_SLIPS:
            if wrong_from in part and rng.random() < 0.45:
                part = part.replace(wrong_from, wrong_to, 1)
        if rng.random() < 0.25:
            out.append(rng.choice(VOICE_FILLERS))
        out.append(part)
    return rng.choice(("", " ", "")).join(out)


def _finish(text: str, rng: random.Random, *, traditional: float, bare: float) -> str:
    if rng.random() < bare:
        text = PUNCT.sub(rng.choice(("", " ")), text)
    if rng.random() < traditional:
        text = _to_traditional(text)
    return _tidy(text)


def _tidy(text: str) -> str:
    """No comma or full stop right after a question or exclamation mark."""
    return re.sub(r"([？！])[，。]", r"\1", text)


def _story(
    clauses: list[Clause], scenario: Scenario, n: int, voice: Voice, rng: random.Random
) -> str:
    """A narrative of several sentences with the clauses buried in its middle."""

    def fill(template: str) -> str:
        return template.format(
            me=voice.me,
            my=voice.my,
            we=voice.we,
            boss=rng.choice(BOSSES).format(sur=rng.choice(SURNAMES)),
            work=_fill_scenario(scenario.text, rng),
            mon=rng.randint(1, 12),
            d=rng.randint(1, 28),
            b=rng.randint(1, 18),
            f=rng.choice((6, 11, 18, 24, 26, 32)),
            estate=rng.choice(ESTATES),
            town=rng.choice(TOWNS),
        )

    details = STORY_SITE if scenario.task_force == "TF1_CONSTRUCTION" else STORY_OTHER
    middle = [fill(t) for t in rng.sample(details, 2)]
    middle.append(_money(rng, n, dialect=False))
    middle += [fill(t) for t in rng.sample(STORY_ASK, rng.choice((1, 2)))]
    middle.append(fill(rng.choice(STORY_HOME)))
    for clause in clauses:  # never first nor last: buried
        middle.insert(rng.randrange(1, len(middle)), clause.text)
    sentences = [fill(rng.choice(STORY_START)), *middle, fill(rng.choice(STORY_CLOSE))]
    return _tidy("".join(s + rng.choice(("。", "。", "，", "！")) for s in sentences if s))


def _case_d(family: str, rng: random.Random) -> dict[str, Any]:
    voice = _voice(rng)
    half = HALVES[family.startswith("e_")]
    kind = family[2:]
    dialect = kind == "dialect"
    x_pools, a_pools = half.x_pools, half.a_pools
    if kind == "negative":
        clauses = [_negative(rng, voice, half, avoid=frozenset(), dialect=rng.random() < 0.3)]
        if rng.random() < 0.4:
            clauses.append(_negative(rng, voice, half, avoid=frozenset()))
        if rng.random() < 0.3:
            denial = rng.choice(half.denials).replace("{act}", rng.choice(half.denied_acts))
            clauses[0] = Clause(_said(denial, rng, voice, 0.5, half), frozenset(), X)
    elif dialect:
        clauses = _clauses(
            rng,
            voice,
            half,
            (half.x_dialect, half.x_dialect, *x_pools),
            (half.a_dialect, half.a_dialect, *a_pools),
            reported=0.1,
            dialect=True,
        )
    elif kind == "indirect":
        clauses = _clauses(
            rng,
            voice,
            half,
            (half.x_indirect, half.x_indirect, *x_pools),
            (half.a_indirect, half.a_indirect, *a_pools),
            reported=0.4,
        )
    elif kind == "story":
        clauses = _clauses(
            rng,
            voice,
            half,
            (*x_pools, half.x_indirect),
            (*a_pools, half.a_indirect),
            reported=0.25,
        )
    else:  # d_trad
        clauses = _clauses(
            rng,
            voice,
            half,
            (*x_pools, half.x_indirect, half.x_dialect),
            (*a_pools, half.a_indirect, half.a_dialect),
            reported=0.2,
        )
    flags: set[str] = set().union(*(c.flags for c in clauses))
    scenario = _scenario_for("".join(c.text for c in clauses), rng)
    n = rng.choice((1, 1, 2, 3, 4, 5, 6, 8, 9, 12, 16, 23, 40))
    work = f"{voice.me}{_fill_scenario(scenario.text, rng)}"
    money = _money(rng, n, dialect=dialect)
    if kind == "story":
        text = _story(clauses, scenario, n, voice, rng)
        text = _finish(text, rng, traditional=0.12, bare=0.08)
    elif kind == "trad":
        body = [work, money] if rng.random() < 0.6 else [money, work]
        said = [(part, True) for part in body] + [(c.text, False) for c in clauses]
        if rng.random() < 0.3:  # the clauses first, the work after them
            said = said[len(body) :] + said[: len(body)]
        text = _voice_to_text([p for p, _ in said], [o for _, o in said], rng)
        text = _to_traditional(text)
    else:
        opener = rng.choice(DIALECT_OPENERS if dialect else OPENERS)
        body = [work, money] if rng.random() < 0.6 else [money, work]
        for clause in clauses:
            body.insert(rng.randrange(1, len(body) + 1), clause.text)
        outro = rng.choice(DIALECT_OUTROS if dialect else OUTROS)
        text = opener + _typed(body, rng) + (f"，{outro}" if outro else "")
        text = _finish(text, rng, traditional=0.15, bare=0.15)
    return case_record(text, scenario, n, flags, family)


def generate_d(*, per_family: int = 120, seed: int = 21) -> list[dict[str, Any]]:
    """Cases of every family of this set, deterministic for a seed."""
    rng = random.Random(seed * 15485863 + 11)
    cases: list[dict[str, Any]] = []
    for family in FAMILIES_D:
        cases += [_case_d(family, rng) for _ in range(per_family)]
    return cases


def main(argv: list[str] | None = None) -> int:
    return write_cases(generate_d, argv)


if __name__ == "__main__":
    raise SystemExit(main())
