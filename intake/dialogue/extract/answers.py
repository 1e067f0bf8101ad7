"""Short answers as workers type them instead of tapping a button.

Yes / no / don't know, with the usual fillers and particles around them (嗯…, …吧, …啊),
dialect words (中, 恁, 莫得), and a button named by its position (第一个, 第二家, 上面那个).
Everything works on normalised text, so traditional characters read the same.
"""

from __future__ import annotations

import re

from intake.dialogue.extract.normalize import compact

# Fillers in front of an answer and particles behind it: "嗯…那个…同意吧", "就我一个啊".
_LEAD_FILLERS = re.compile(
    r"^(?:emm+|hmm+|[嗯恩哦噢喔额呃唔哎诶欸啊]+|那个|这个|就是说|就是|那|好吧|其实|反正|我觉得|应该|"
    r"恁听我说|俺跟恁说|俺说|我说|中[,，]|俺觉得|(?:俺|我)(?=确认|同意|提交|选|要|第|就|好|行|中|可以|是|对|不))"
    r"[\s,，。.、~～…!！]*"
)
_TAIL_PARTICLES = re.compile(
    r"(?:[吧啊呀吗呢哈嘛咯啦哦呗喽嘞哟噢么撒哩咧]+|的吧|了吧|了啊|了呀|中不中|是不是|对吧)$"
)
_PUNCT = re.compile(r"[。.!！,，~～…、\s?？:：;；\"'“”‘’()（）]+")


_PUNCT_LEAD = re.compile(r"^[。.!！,，~～…、\s]+")


def _untail(word: str) -> str:
    word = _PUNCT.sub("", word)
    for _ in range(2):
        stripped = _TAIL_PARTICLES.sub("", word)
        if stripped == word or not stripped:
            break
        word = stripped
    return word


def layers(text: str) -> list[str]:
    """The answer with ever more fillers taken off the front ("那个，就是这个" -> 就是这个,
    这个), each without particles and punctuation: a short answer may be any of them."""
    word = compact(text).lower()
    out = [_untail(word)]
    for _ in range(3):  # "嗯那个就是…" : a few layers at most
        stripped = _LEAD_FILLERS.sub("", _PUNCT_LEAD.sub("", word))
        if stripped == word or not stripped:
            break
        word = stripped
        out.append(_untail(word))
    return out


def core(text: str) -> str:
    """The answer without fillers, particles and punctuation ("嗯，同意吧！" -> 同意)."""
    return layers(text)[-1]


_YES = {
    "是", "是的", "是滴", "是啊", "对", "对的", "对对", "对对对", "好", "好的", "可以", "行",
    "行的", "中", "中中", "嗯", "嗯嗯", "同意", "我同意", "同意了", "确认", "确定", "没问题",
    "没错", "没毛病", "ok", "okay", "yes", "y", "1", "提交", "确认提交", "要", "继续", "接着填",
    "好嘞", "妥", "可", "就是", "就是这个", "就是这家", "就是他", "就是它", "正是", "对头",
    "对着哩", "中嘞", "管", "没意见", "愿意", "同意的", "可以的", "行行", "好好", "确认无误",
    "无误", "对呀", "对啊", "是这个", "是这家", "提交吧", "交吧", "发吧", "那就提交", "直接提交",
}  # fmt: skip
_NO = {
    "不", "不是", "不对", "不同意", "否", "no", "n", "不要", "不用", "不行", "不中", "0",
    "拒绝", "不可以", "都不是", "都不对", "不是这个", "不是这家", "没有对的", "错了", "不对的",
    "改一下", "要改", "我要改", "改改", "不太对", "有错", "有点不对", "重新说", "我重新说",
    "不是他", "不是它", "不愿意", "不想", "不好", "算了",
}  # fmt: skip
# "I can't say": every button labelled 不清楚/没有/记不清了 and what workers type for it.
_UNKNOWN = re.compile(
    r"^(?:我|俺|这个|那个)?(?:也|真|确实|实在|真的|是)?"
    r"(?:不知道|不清楚|不太清楚|不大清楚|不记得|记不清|记不得|记不住|想不起来|说不清|说不上来|叫不上来|"
    r"不晓得|晓不得|不造|忘了|忘记了|不懂|不了解|没问|没注意|没有|没得|莫得|冇|没|无|不详|未知|"
    r"算了|跳过|略过|不填|不说|不想说|先不填|空着|不确定|没名字|没名|没有名字|没名称|"
    r"没有项目|没项目|没有项目名|没项目名|不是工地|没有工地|不在工地|没有工地名|"
    r"不知道叫啥|不知道叫什么|不知道叫啥名|不知道叫什么名字|不知道名字|不知道名|不知道是啥|"
    r"不清楚叫啥|不知道具体|说不准|不好说|不一定|这个不知道|这不知道)"
    r"(?:了|呢|啊|吧|呀|哦|哈|啦|的)*"
    r"(?:项目名|名字|名称|叫啥|叫什么|具体的|具体)?(?:了|呢|啊|吧|呀)*$"
)


_EDGE_PUNCT = re.compile(r"^[\s,，。.!！~～…、]+|[\s,，。.!！~～…、]+$")


def trim(text: str) -> str:
    """Like `core`, but only the ends are touched: inner punctuation and case stay."""
    word = _EDGE_PUNCT.sub("", compact(text))
    for _ in range(3):
        stripped = _EDGE_PUNCT.sub("", _LEAD_FILLERS.sub("", word))
        if stripped == word or not stripped:
            break
        word = stripped
    for _ in range(2):
        stripped = _EDGE_PUNCT.sub("", _TAIL_PARTICLES.sub("", word))
        if stripped == word or not stripped:
            break
        word = stripped
    return word


def _forms(text: str) -> list[str]:
    return [_PUNCT.sub("", compact(text)).lower(), *layers(text)]


def is_yes(text: str) -> bool:
    return any(f in _YES for f in _forms(text))


def is_no(text: str) -> bool:
    return any(f in _NO for f in _forms(text))


def is_unknown(text: str) -> bool:
    """ "不知道/不清楚/记不清/没有/跳过": the worker cannot or will not answer this question."""
    return any(bool(f) and bool(_UNKNOWN.match(f)) for f in _forms(text))


# -- a button named by its position --------------------------------------------------------
_ORDINALS = {
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_POSITION = re.compile(
    r"^(?:就|要|选|点|是|我选|我要|选择)?"
    r"(?:(?P<nth>第(?P<n>[一二两三四五六七八九]|\d)|头|最后|最上面|上面|上边|下面|下边|最下面|前面)"
    r"(?:一)?(?:个|家|项|条|行|位|种|那个|那家|这个|这家|那条|那一个|那一家|的|那|这)?)"
    r"(?:那个|这个|那家|这家|就是|是|对|吧|啊|呀)*$"
)


def button_position(text: str, count: int) -> int | None:
    """The 0-based index of the button the worker names by position, else None.

    "上面那个" means the first option (the one shown above the reply box); "最后一个" the last.
    Only whole answers count: "第一个月没给钱" is not a choice."""
    if count <= 0:
        return None
    m = _POSITION.match(core(text))
    if not m:
        return None
    word = m.group(1)
    if m.group("n"):
        n = m.group("n")
        index = (int(n) if n.isdigit() else _ORDINALS[n]) - 1
    elif word.startswith("最后") or word.startswith(("下面", "下边", "最下面")):
        index = count - 1
    else:  # 头一个, 上面那个, 最上面, 前面那个
        index = 0
    return index if 0 <= index < count else None


# -- other shapes of an answer -------------------------------------------------------------
_QUESTION = re.compile(
    r"[?？]|吗$|吗[,，。!！]|(?:能不能|会不会|可不可以|是不是|有没有用|管不管|要多久|多长时间|怎么办|"
    r"咋办|啥时候|什么时候能|你们是|你是谁|是真的|靠谱)"
)


def is_question(text: str) -> bool:
    """The worker asks something of their own instead of answering ("你们能帮我要回来吗？")."""
    return bool(_QUESTION.search(compact(text)))


_YES_LEAD = re.compile(
    r"^(?:嗯+[,，]?)?(?:同意|我同意|可以|好的?|行|中|没问题|对)(?:的|吧|啊)?[,，。.!！\s]+(?P<rest>.{2,})$"
)


def split_leading_yes(text: str) -> tuple[bool, str]:
    """ "同意，我叫王大力……": agreement first, then more to read (the rest, or "")."""
    m = _YES_LEAD.match((text or "").strip())
    if not m:
        return False, ""
    return True, m.group("rest")


def kept_words(text: str, *, keep_unknown: bool = False) -> str:
    """The words of an answer kept as written: fillers and particles removed, the worker's
    characters otherwise untouched (simplified). keep_unknown: "不知道" is kept too."""
    word = core(text)
    if not keep_unknown and is_unknown(word):
        return ""
    return word
