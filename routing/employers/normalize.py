"""Text normalization shared by registry names and workers' queries.

`normalize_text` folds what a phone keyboard varies (full-width forms, odd spaces, traditional
characters, case, punctuation, emoji, control characters) into a compact string of Han
characters, ASCII letters and digits. Nothing here raises on odd input: it returns "".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from routing.simplify import t2s

# Longer input is not a name; cut before the costly steps so 10,000 characters stay cheap.
MAX_INPUT_CHARS = 256

# Han (CJK unified + extension A + 〇), ASCII letters and digits survive; all else separates.
_DROP = re.compile(r"[^\u3400-\u4dbf\u4e00-\u9fff\u3007a-z0-9]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\u3007]")

# Words a worker wraps around a name ("就是那个X的老板", "在X工地搬砖"). Removed only as whole
# jieba tokens, so a name containing the same characters inside a word keeps them.
FILLER_WORDS = frozenset(
    [
        "的",
        "了",
        "吧",
        "啊",
        "呢",
        "嘛",
        "呀",
        "哦",
        "哈",
        "额",
        "嗯",
        "呃",
        "唉",
        "诶",
        "哎",
        "啦",
        "喽",
        "噢",
        "就",
        "就是",
        "那个",
        "这个",
        "那",
        "这",
        "那边",
        "这边",
        "那里",
        "这里",
        "那家",
        "这家",
        "那儿",
        "这儿",
        "是",
        "在",
        "给",
        "找",
        "叫",
        "叫做",
        "我",
        "俺",
        "咱",
        "我们",
        "俺们",
        "咱们",
        "他",
        "她",
        "他们",
        "她们",
        "你",
        "恁",
        "人家",
        "工友",
        "老乡",
        "老板",
        "老总",
        "包工头",
        "工头",
        "负责人",
        "老板娘",
        "领导",
        "经理",
        "工地",
        "工地上",
        "上",
        "里",
        "里面",
        "厂里",
        "矿上",
        "车间",
        "食堂",
        "单位",
        "现场",
        "干活",
        "干的活",
        "打工",
        "上班",
        "做工",
        "搬砖",
        "下井",
        "干了",
        "教课",
        "代课",
        "临时工",
        "老师",
        "代课老师",
        "欠",
        "拖欠",
        "欠薪",
        "工资",
        "工钱",
        "没给",
        "不给",
        "没发",
        "不发",
        "招",
        "工",
        "招的",
        "招的工",
        "招工",
        "包的活",
        "好像",
        "应该",
        "应该是",
        "大概",
        "可能",
        "估计",
        "好象",
        "似乎",
        "名字",
        "这个名",
        "那个名",
        "就这个",
        "就那个",
        "公司的",
        "一个",
        "一家",
        "啥",
        "什么",
        "哪个",
        "还是",
        "或者",
        "反正",
        "总之",
        "听说",
        # asking about it, and what the company did
        "问下",
        "问一下",
        "问问",
        "请问",
        "事",
        "的事",
        "说的是",
        "的人",
        "一直",
        "欠钱",
        "要钱",
        "要不来",
        "欠俺",
        "欠我",
        # the people and the place, as a complaint points at them
        "那帮",
        "这帮",
        "那伙",
        "那帮人",
        "他家",
        "他们家",
        "那一家",
        "厂子",
        "对",
        "的活",
        "去年",
        "前年",
        "今年",
        "年前",
        "年后",
        "不是别的",
        "没别的",
        "老公",
        "老婆",
        "媳妇",
        "俺家",
        "俺爹",
        "儿子",
        "亲戚",
    ]
)

# Filler that never belongs to a name, wherever it stands.
PARTICLES = frozenset("的了吧啊呢嘛呀哦哈额嗯呃唉诶哎啦喽噢")

# Who a worker names beside the company (刘老板, 王经理): dropped with the surname before them.
BOSS_WORDS = frozenset(["老板", "老总", "经理", "工头", "包工头", "师傅", "老板娘", "总", "队长"])
SURNAMES = frozenset(
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡"
    "贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段"
    "雷钱汤尹黎易常武乔贺赖龚文"
)


def fold(text: object) -> str:
    """NFKC + traditional-to-simplified + lower case, with junk turned into separators."""
    if not isinstance(text, str) or not text:
        return ""
    return _fold(text[:MAX_INPUT_CHARS])


# one query is folded by several readers in turn (complaint, clause, sentence)
@lru_cache(maxsize=8)
def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    # control and format characters would reach OpenCC; they only ever separate words
    return t2s().convert(_CONTROL.sub(" ", text)).lower()


# A region's suffix typed twice (登封市市东平服装): 市政, 市场, 县城 … after it are words, kept.
_DOUBLED_SUFFIX = re.compile(r"([市县区省])\1(?![政场容民区辖属级内里外中城])")


def undouble_region_suffix(text: str) -> str:
    """登封市市东平 -> 登封市东平; 登封市市政工程 stays (市政 is a word)."""
    return _DOUBLED_SUFFIX.sub(r"\1", text)


def normalize_text(text: object) -> str:
    """Compact comparable form: Han characters, a-z and 0-9 only."""
    return _DROP.sub("", fold(text))


def normalize_name(name: str) -> str:
    """`normalize_text` for registry names."""
    return normalize_text(name)


def normalize_many(names: list[str]) -> list[str]:
    """`normalize_text` of many names at once (one OpenCC call per batch: a million names
    normalize in seconds instead of a minute)."""
    out: list[str] = []
    for start in range(0, len(names), 20_000):
        batch = [
            _CONTROL.sub(" ", unicodedata.normalize("NFKC", n[:MAX_INPUT_CHARS]))
            if isinstance(n, str)
            else ""
            for n in names[start : start + 20_000]
        ]
        converted = t2s().convert("\n".join(batch)).lower().split("\n")
        if len(converted) != len(batch):  # cannot happen unless OpenCC changes newlines
            converted = [fold(n) for n in batch]
        out.extend(_DROP.sub("", c) for c in converted)
    return out


def is_han(ch: str) -> bool:
    return bool(_HAN.fullmatch(ch))
