"""A trade said as what a company does: 那个做防水的大星, 大星，就是搞装修的那家, 做防水那个大星.

Workers name a company by a clause, a light verb and what is worked on (做 / 干 / 搞 / 弄 / 开 /
办 / 包 / 接 / 跑 / 整 + 防水, 装修, 饭店, 物流 ...), closed by 的 or by the noun it describes
(那家, 那个, 公司, 老板), or by a verb-object word of its own (盖房子, 送货, 扫大街). Such a
clause is not part of the name: it is taken out and read as the stated trade.

* A trade the registry's own names use (防水, 装修, 物流, learned by `lexicon`) is put back
  where a registry name has it, after the 字号 and before a legal form, so the name is
  compared part by part as if written 大星防水.
* An everyday word that no registry name uses (钢筋, 木工, 粉刷, 水电, 送货) stands for a
  sector: companies registered in another sector are ruled out, as another trade rules them out
  when it is written in the name.

A clause starts at a boundary: the start, a punctuation mark, a word of speech (就是, 那个, 给),
or right after a registered 字号 (大星搞装修的). A verb inside a registered 字号 (开元, 大开)
is never read as one.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from routing.employers.normalize import fold
from routing.employers.parse import strip_legal
from routing.employers.store import RegistryStore

# Characters of a trade said that tell nothing about which registered trade is meant
UNTELLING_CHARS = frozenset(
    "做干搞弄开办包接跑整卖挖拉修盖烧送扫种铺砌刷贴打工程业务服有限公司的活"
)

# Light verbs that take a trade as their object: 做防水, 干装修, 搞钢筋, 开饭店, 办培训, 包工程.
TRADE_VERBS = frozenset("做干搞弄开办包接跑整卖")

# Everyday words for a trade, by the registry's sectors. Verb-object words (盖房子, 送货) stand
# alone; the others follow a light verb. Written from how workers say what a company does,
# not from any registry's names.
EVERYDAY_TRADES: dict[str, str] = {
    "construction": (
        "防水 装修 装潢 装饰 钢筋 钢筋工 木工 瓦工 泥瓦 泥水 粉刷 刷墙 粉墙 刷漆 油漆 水电 电工 "
        "焊工 电焊 抹灰 砌墙 砌砖 贴砖 瓷砖 吊顶 保温 外墙 门窗 幕墙 脚手架 架子 架子工 混凝土 "
        "打桩 地基 打地基 土方 拆迁 拆除 盖房 盖房子 盖楼 建房 修路 铺路 路桥 管道 市政 工程 建筑 "
        "基建 施工 安装 钢结构 钢构 劳务 劳务分包 建筑劳务 挖土方 拉土方 土石方 房地产 开发楼盘 "
        "包劳务 包工程 修马路 招工派人"
    ),
    "coal": "煤矿 挖煤 采煤 煤炭 矿上 矿井 井下",
    "services": (
        "物流 运输 货运 拉货 送货 快递 配送 搬家 餐饮 饭店 饭馆 餐馆 做饭 厨师 后厨 酒店 宾馆 "
        "超市 商场 保安 物业 保洁 家政 打扫 打扫卫生 洗车 商贸 批发 广告 做买卖"
    ),
    "manufacturing": (
        "服装 制衣 衣服 缝纫 做衣服 机械 加工 铸造 食品 造纸 纸厂 耐材 耐火材料 砖厂 烧砖 工厂 "
        "耐火砖 耐火 铝材 铝 建材 水泥制品"
    ),
    "education_training": "培训 教育 辅导 辅导班 补习 补课 幼儿园 托管 驾校 武校 教开车 教武术",
    "public_service": "绿化 园林 环卫 扫大街 扫马路 种树 养护",
}
# Trade words a worker may use for the one a registry name has (耐火材料 for 耐材, 建设 for
# 工程): the query is also tried with each swapped, both ways.
TRADE_SYNONYMS: tuple[tuple[str, str], ...] = (
    ("耐火材料", "耐材"),
    ("建设", "工程"),
    ("建工", "建筑工程"),
    ("建筑工程", "建设工程"),
    ("建筑工程", "建设集团"),
    ("公路", "路桥"),
    ("道路桥梁", "路桥"),
    ("建筑劳务", "劳务分包"),
    ("人力资源", "劳务派遣"),
    ("人力", "劳务"),
    ("人力", "建筑劳务"),
    ("用工", "建筑劳务"),
    ("用工", "劳务"),
    ("劳务派遣", "劳务分包"),
    ("人力资源", "建筑劳务"),
    ("贸易", "商贸"),
    ("技术", "科技"),
    ("环卫", "城市环境服务"),
    ("环卫", "环境服务"),
    ("运输", "物流"),
    ("货运", "物流"),
    ("快递", "物流"),
    ("物流运输", "物流"),
    ("装修", "装饰"),
    ("饮食", "餐饮"),
    ("饭店", "餐饮管理"),
    ("大酒店", "餐饮管理"),
    ("宾馆", "酒店管理"),
    ("酒店", "酒店管理"),
    ("房地产", "置业"),
    ("开发商", "置业"),
    ("地产", "置业"),
    ("商场", "超市"),
    ("物业服务", "物业管理"),
    ("衣服厂", "服装"),
    ("制衣", "服装"),
    ("培训", "教育咨询"),
    ("水泥构件", "预制构件"),
    ("广告", "文化传媒"),
    ("保姆", "家政服务"),
    ("矿上", "矿业"),
    ("医院", "卫生院"),
)
# Everyday short forms of official names (政府 for 人民政府, 暖气公司 for 热力公司, 防疫站 for
# 疾病预防控制中心): the full form is usually the whole name but for the region, so a name that
# holds it reads as that unit even without a 字号 to compare character for character.
SHORT_FORMS: tuple[tuple[str, str], ...] = (
    ("政府", "人民政府"),
    ("城投", "城市建设投资"),
    ("交投", "交通投资"),
    ("国资", "国有资产"),
    ("文旅", "文化旅游"),
    ("暖气", "热力"),
    ("供暖", "热力"),
    ("自来水", "水务"),
    ("供水", "水务"),
    ("燃气", "天然气"),
    ("粮库", "粮食储备"),
    ("粮站", "粮食储备"),
    ("公交", "公共交通"),
    ("公交", "客运"),
    ("汽车站", "客运"),
    ("防疫站", "疾病预防控制中心"),
    ("疾控", "疾病预防控制"),
    ("社区医院", "社区卫生服务中心"),
    ("市医院", "人民医院"),
    ("县医院", "人民医院"),
    ("妇幼", "妇幼保健院"),
    ("农技站", "农业技术推广中心"),
    ("农技", "农业技术"),
    ("公路段", "公路事业发展中心"),
    ("公路局", "公路事业发展中心"),
    ("园林所", "园林绿化管理中心"),
    ("园林局", "园林绿化管理中心"),
    ("环卫所", "环境卫生管理所"),
    ("实小", "实验小学"),
    ("实验中学", "实验学校"),
    ("职高", "职业高级中学"),
    ("人社局", "人力资源和社会保障局"),
    ("住建局", "住房和城乡建设局"),
    ("城管局", "城市管理局"),
    ("卫健委", "卫生健康委员会"),
    ("敬老院", "养老院"),
    ("福利院", "社会福利院"),
    ("火葬场", "殡仪馆"),
    ("广电", "广播电视"),
)
# 一初中 / 五小 / 二中 as said for 第一初级中学 / 第五小学 / 第二中学
_ORDINAL_SCHOOLS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?<!第)([一二三四五六七八九十])初中"), r"第\1初级中学"),
    (re.compile(r"(?<!第)([一二三四五六七八九十])高中"), r"第\1高级中学"),
    (re.compile(r"(?<!第)([一二三四五六七八九十])中(?![心学国间午])"), r"第\1中学"),
    (re.compile(r"(?<!第)([一二三四五六七八九十])小(?![时学组区])"), r"第\1小学"),
)


def short_form_variants(content: str, *, limit: int = 4) -> list[tuple[str, str]]:
    """`content` with an everyday short form of an official name written out (一初中 ->
    第一初级中学, 暖气 -> 热力), and the full form (a candidate found through it must have the
    full form in its name)."""
    out: list[tuple[str, str]] = []
    for pattern, full in _ORDINAL_SCHOOLS:
        m = pattern.search(content)
        if m is not None:
            out.append((pattern.sub(full, content, count=1), m.expand(full)))
    for short, official in SHORT_FORMS:
        if short in content and official not in content:
            out.append((content.replace(short, official, 1), official))
    return out[:limit]


_SYNONYM_PAIRS = frozenset(TRADE_SYNONYMS) | frozenset((b, a) for a, b in TRADE_SYNONYMS)


def stands_for(word: str, industry: str) -> bool:
    """Whether the trade word is declared a synonym of the registered industry (建工 of 建筑工程,
    not of 建设工程, though both hold its characters)."""
    return (word, industry) in _SYNONYM_PAIRS


_SYNONYMS_BY_HEAD: dict[str, list[tuple[str, str]]] = defaultdict(list)
for _x, _y in sorted(_SYNONYM_PAIRS):
    _SYNONYMS_BY_HEAD[_x[0]].append((_x, _y))


def synonym_heading(zone: str, industry: str) -> str:
    """The declared synonym `zone` starts with of a word `industry` starts with (装修 in 装修公司
    for 装饰工程), or ""."""
    for x, y in _SYNONYMS_BY_HEAD.get(zone[:1], ()):
        if zone.startswith(x) and industry.startswith(y) and not industry.startswith(x):
            return x
    return ""


def synonym_variants(content: str, *, limit: int = 6) -> list[tuple[str, str]]:
    """`content` with one trade word swapped for a synonym, each way it occurs, and the word
    swapped in (a candidate found through the swap must have that word in its name)."""
    out: list[tuple[str, str]] = []
    for a, b in TRADE_SYNONYMS:
        for x, y in ((a, b), (b, a)):
            if x in content and y not in content:
                out.append((content.replace(x, y, 1), y))
    return out[:limit]


_EVERYDAY: dict[str, str] = {w: s for s, words in EVERYDAY_TRADES.items() for w in words.split()}
_EVERYDAY_MAX = max(len(w) for w in _EVERYDAY)
# Verb-object words that are a clause by themselves (送货的, 盖房子那家, 做饭的).
_COMPOUNDS = frozenset(w for w in _EVERYDAY if w[0] in "做盖修铺送拉扫挖采砌刷贴打种烧造拆搬")
_COMPOUND_FIRST = frozenset(w[0] for w in _COMPOUNDS)
# characters a clause can start with, in simplified and traditional forms (開 辦 賣 幹 …)
_TRIGGERS = TRADE_VERBS | _COMPOUND_FIRST | frozenset("開辦賣幹乾蓋鋪掃採貼種燒")

# What may follow the trade inside the clause: 做防水生意的, 搞装修这块的, 干钢筋活的.
_TRADE_TAIL = ("这一块", "这块", "那块", "这行", "生意", "方面", "活儿", "活", "工作", "工程")
# What closes the clause: the relative marker, or the noun it describes.
_HEADS = (
    "的",
    "那家",
    "这家",
    "那个",
    "这个",
    "那边",
    "这边",
    "公司",
    "老板",
    "老总",
    "单位",
    "厂",
)
# Words of speech a clause can start after (就是搞装修的, 俺给做防水的…, 那个做防水的).
_OPENERS = (
    "就是",
    "是",
    "那个",
    "这个",
    "那家",
    "这家",
    "一家",
    "一个",
    "那边",
    "这边",
    "给",
    "帮",
    "替",
    "跟",
    "在",
    "专门",
    "专",
    "也",
    "还",
    "都",
    "就",
    "的",
    "俺",
    "我",
    "他",
    "她",
    "人家",
    "主要",
    "以前",
    "原来",
)
_SEPARATOR = re.compile(r"[^\u3400-\u4dbf\u4e00-\u9fff\u3007a-z0-9]")


@dataclass(frozen=True, slots=True)
class SpokenTrade:
    rest: str  # the query without the clause
    trade: str  # the trade word as said (防水, 钢筋)
    in_registry: bool  # a word of the registry's own names
    sectors: frozenset[str]  # the registry sectors it names (empty: unknown)


def read(store: RegistryStore, query: str) -> SpokenTrade | None:
    """The first trade clause in `query`, or None."""
    if not isinstance(query, str) or _TRIGGERS.isdisjoint(query):
        return None  # most queries: no verb, so no clause (and no second OpenCC pass)
    text = fold(query)
    lex = store.lexicon
    for i, ch in enumerate(text):
        if ch not in TRADE_VERBS and ch not in _COMPOUND_FIRST:
            continue
        got = _clause_at(store, text, i)
        if got is None:
            continue
        end, trade = got
        if not _opens(store, text, i):
            continue
        in_registry = lex.starts_with_word(trade) == trade
        sectors = lex.sectors_of(trade) if in_registry else frozenset()
        everyday = _EVERYDAY.get(trade)
        if not sectors and everyday in store.sectors:
            sectors = frozenset({everyday})
        return SpokenTrade(text[:i] + " " + text[end:], trade, in_registry, sectors)
    return None


def everyday_sector_at(text: str) -> str:
    """The sector of the everyday trade word `text` starts with (装修 -> construction), or ""."""
    for n in range(min(_EVERYDAY_MAX, len(text)), 1, -1):
        sector = _EVERYDAY.get(text[:n])
        if sector is not None:
            return sector
    return ""


def _trade_word(store: RegistryStore, text: str, pos: int) -> str:
    """The longest trade word at `pos`: the registry's own or an everyday one ("" if none)."""
    best = store.lexicon.starts_with_word(text[pos : pos + 8])
    for n in range(min(_EVERYDAY_MAX, len(text) - pos), len(best), -1):
        if text[pos : pos + n] in _EVERYDAY:
            return text[pos : pos + n]
    return best


def _clause_at(store: RegistryStore, text: str, i: int) -> tuple[int, str] | None:
    """(end of the clause, trade word) for a clause starting at `i`, or None."""
    trade = ""
    if text[i] in TRADE_VERBS:
        trade = _trade_word(store, text, i + 1)
        pos = i + 1 + len(trade)
    if not trade:
        trade = next(
            (text[i : i + n] for n in range(_EVERYDAY_MAX, 1, -1) if text[i : i + n] in _COMPOUNDS),
            "",
        )
        pos = i + len(trade)
    if not trade:
        return None
    while pos < len(text) and (more := _trade_word(store, text, pos)):
        pos += len(more)  # 做建筑劳务的: 建筑 + 劳务
    for tail in _TRADE_TAIL:
        if text.startswith(tail, pos):
            pos += len(tail)
            break
    if pos >= len(text) or _SEPARATOR.match(text[pos]):
        return pos, trade
    if text.startswith("的", pos):
        return pos + 1, trade
    if any(text.startswith(h, pos) for h in _HEADS):
        return pos, trade  # the head noun stays: it is a filler word or a legal form
    return None


def _opens(store: RegistryStore, text: str, i: int) -> bool:
    """Whether a clause may start at `i`: at a boundary, and not inside a registered 字号."""
    brands = store.brands
    for k in range(max(0, i - 3), i):
        for m in range(i + 1, min(len(text), k + 4) + 1):
            if m - k >= 2 and text[k:m] in brands:
                return False  # 大开 or 开元 registered: the verb is a 字号's character
    if i == 0 or _SEPARATOR.match(text[i - 1]):
        return True
    if any(text.endswith(w, 0, i) for w in _OPENERS):
        return True
    return any(text[k:i] in brands for k in range(max(0, i - 4), i - 1))


def with_trade(store: RegistryStore, spoken: SpokenTrade, content: str) -> tuple[str, bool]:
    """(the name part with a registry trade word put where a name has it, whether it was):
    大星 -> 大星防水, 登封大星公司 -> 登封大星防水公司. Not when the trade is an everyday word
    or the name part names a trade of its own (大星建筑那边搞防水的)."""
    lex = store.lexicon
    own = any(lex.starts_with_word(content[k:]) for k in range(len(content)))
    if not spoken.in_registry or own:
        return content, False
    head, legal = strip_legal(content)
    return head + spoken.trade + legal, True
