"""A second family of typed slips: key words written with a same-pinyin wrong pick.

``c_typo`` (bench/risk_phrasings_c.py) was measured once after the lexicon scan learned to
read a term by its sound. This family was written before any change made after that
measurement, with other slips of other key words (尚吊 for 上吊, 打不同 for 打不通, 拉嘿 for
拉黑 …), and hard negatives: a slip denied or only feared, and real words that sound like a
key word (讨债 and 逃债, 外套 and 外逃, 过几天 and 过激). It was held out, measured once, until
the fourth set (bench/risk_phrasings_d.py) took over as the held-out measure; its misses were
then read and mended (失连, 消声匿迹), and it is tuned.

    .venv/bin/python bench/risk_phrasings_typo.py [--per-family N] [--seed S] > cases.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.risk_phrasings import SURNAMES  # noqa: E402
from bench.risk_phrasings_c import _case_c  # noqa: E402

FAMILIES_T = ("t_slip",)
HELD_OUT_T: frozenset[str] = frozenset()

X = "extreme_risk"
A = "absconded"

SELF = ("俺", "我", "俺们", "我们", "大伙", "工友们")
BOSS = ("老板", "包工头", "{sur}总", "{sur}老板", "工头", "项目经理")
WHEN = ("", "再不给钱", "年前拿不到钱", "逼急了", "这个月还不结")

# extreme risk, the key word slipped
EXTREME = (
    "{self}{when}就去尚吊",
    "{self}{when}准备去县政府门口净坐",
    "{self}{when}要去项目部拉横副",
    "{self}{when}打算去北京上仿",
    "{self}{when}就去越级尚访",
    "{self}{when}就跳娄",
    "{self}{when}想去跳禾",
    "实在没办法了{self}想青生",
    "{self}{when}就自沙",
    "{self}{when}就割碗",
    "{self}{when}就跟{boss}同归于进",
    "{self}{when}就去他家放伙",
    "{self}{when}要去售楼处违堵",
    "{self}{when}要去市政府游型",
    "{self}{when}就跟他鱼死网迫",
    "{self}{when}就去工地杂场子",
    "{self}{when}要去人社局抗意",
    "{self}{when}就去{boss}家报付",
    "{self}真的不相活了",
    "{self}{when}就活不下趣了",
    "{self}{when}准备冻刀",
)

# absconded, the key word slipped
ABSCONDED = (
    "{boss}跑录了",
    "{boss}失连好几天了",
    "{boss}把俺们都拉嘿了",
    "{boss}电话打不同了",
    "{boss}手机一直停鸡",
    "{boss}玩失宗",
    "{boss}人间争发了",
    "{boss}卷钳跑了",
    "{boss}协款跑了",
    "{boss}一直不接电化",
    "{boss}现在联落不上",
    "{boss}电话无法接同",
    "{boss}不回微心",
    "{boss}玩消湿了",
    "{boss}早就消声匿迹了",
    "{boss}那边人去搂空",
    "{boss}躲起来了电话也打不同",
    "{boss}的电话是空浩",
)

# nothing to flag: a slip denied or feared, and real words that sound like key words
NEGATIVE = (
    "{self}不会去尚访的",
    "{self}没说要跳娄",
    "谁也没打算去净坐",
    "就怕{boss}跑录",
    "万一{boss}失连了咋办",
    "{self}过几天再去找{boss}要钱",
    "{boss}说过几天就结",
    "天冷了穿上外套去讨债",
    "{self}是来讨债的不是来闹的",
    "{boss}有啥事都推给下面",
    "干这行没有暴利",
    "{boss}让{self}先去仓库点货",
    "{self}这几天在工地上打小工",
    "{boss}电话打得通就是不给钱",
    "{self}等到这个月底",
    "{boss}人在工地天天能见到",
)


def _fill(template: str, rng: random.Random) -> str:
    sur = rng.choice(SURNAMES)
    return template.format(
        self=rng.choice(SELF),
        boss=rng.choice(BOSS).format(sur=sur),
        when=rng.choice(WHEN),
        sur=sur,
    )


def _slip(rng: random.Random) -> tuple[list[str], set[str]]:
    pick = rng.random()
    if pick < 0.4:
        return [_fill(rng.choice(EXTREME), rng)], {X}
    if pick < 0.75:
        return [_fill(rng.choice(ABSCONDED), rng)], {A}
    return [_fill(rng.choice(NEGATIVE), rng)], set()


def generate_t(*, per_family: int = 120, seed: int = 21) -> list[dict[str, Any]]:
    """Cases of this family, deterministic for a seed."""
    rng = random.Random(seed * 7919 + 5)
    cases: list[dict[str, Any]] = []
    for family in FAMILIES_T:
        for _ in range(per_family):
            parts, flags = _slip(rng)
            cases.append(_case_c(family, parts, flags, rng))
    return cases


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--per-family", type=int, default=120)
    ap.add_argument("--seed", type=int, default=21)
    args = ap.parse_args(argv)
    for case in generate_t(per_family=args.per_family, seed=args.seed):
        sys.stdout.write(json.dumps(case, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
