"""Employer names as parts: the issue's examples, and the figures of bench/name_forms.py's held-out
split (names, brand characters and county never used for tuning) at a small size.

The benchmark (`bench/match.py`) prints the same table at 20,000 rows; the floors here sit a few
points under what it measures, so a change that loses a family fails here first.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from employer_registry_sample import records

from bench import name_forms
from routing.employers.index import EmployerIndex
from routing.employers.registry import EmployerRecord

SHARED_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
BUTTON = 0.6  # the dialogue's CANDIDATE_MIN_SCORE

# family -> least share of top-1 right answers (for the two null families: left unmatched)
FLOORS = {
    "order": 0.93,
    "brackets": 0.93,
    "missing": 0.9,
    "extra": 0.85,
    "swapped": 0.9,
    "homophone": 0.88,
    "lookalike": 0.78,
    "filler": 0.93,
    "trade_contradiction": 0.88,
    "out_of_registry": 0.95,
    # held out: spoken was designed from how a trade is said and measured once; ime and
    # lookalike_written (a second list of pairs, written apart) never tuned on (all measured
    # at 20,000 rows in bench/match.py)
    "spoken": 0.9,
    "ime": 0.75,
    "lookalike_written": 0.8,
}


def matched(index: EmployerIndex, query: str) -> str | None:
    m = index.match(query).match
    return m.record.id if m else None


@pytest.fixture(scope="module")
def sample() -> EmployerIndex:
    return EmployerIndex.from_records(records())


@pytest.fixture(scope="module")
def dev_index() -> EmployerIndex:
    if not (SHARED_DATA / "registry.csv").exists():
        pytest.skip("dev data not present")
    return EmployerIndex.from_csv(SHARED_DATA / "registry.csv")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("建筑工程的德信", "16"),  # trade first
        ("建筑工程德信公司", "16"),
        ("德信（柳河县）建筑工程", "16"),  # region in brackets after the brand
        ("德信建筑工程（柳河）", "16"),  # ... or at the end
        ("德信建筑那个王老板", "16"),  # a person beside the company
        ("在那家德信建筑干活", "16"),
        ("耐火材料那家金锦", "6"),
    ],
)
def test_parts_in_any_order(sample: EmployerIndex, query: str, expected: str) -> None:
    assert matched(sample, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("石门恒岳建筑", "3"),  # the township the worker names is where one of two is registered
        ("恒岳建筑（石门街道）", "3"),
        ("城关镇恒岳建筑工程", "1"),
    ],
)
def test_township_named_decides_between_namesakes(
    sample: EmployerIndex, query: str, expected: str
) -> None:
    assert sample.match("恒岳建筑").match is None  # two regions register it
    assert matched(sample, query) == expected


@pytest.mark.parametrize(
    "query",
    [
        "餐饮管理德信",  # a registered 字号 with a trade it is not registered for, trade first
        "物流的恒岳",
        "信德建筑",  # two characters the other way round are another name
    ],
)
def test_trade_or_order_that_contradicts_abstains(sample: EmployerIndex, query: str) -> None:
    assert sample.match(query).match is None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("德信筑建工程", "16"),  # the trade's two characters the other way round
        ("柳河县德信建筑程工", "16"),
        ("柳河县信德建筑工程", "16"),  # 信德 for 德信, with the company's own region named
    ],
)
def test_swaps(sample: EmployerIndex, query: str, expected: str) -> None:
    assert matched(sample, query) == expected


def test_lookalike_the_structure_data_see_loosely_is_matched_when_rendered_alike() -> None:
    # a fourth 物流 company, so that 物流 is learned as a trade
    more = EmployerRecord("90", "金锦物流有限公司", "91220524MA00000090", "services", "private", "")
    index = EmployerIndex.from_records([*records(), more])
    # 这 for 达: 大 and 文 share no part, but the rendered glyphs are near neighbours
    got = index.match("通这物流")
    assert got.match is not None and got.match.record.id == "19"


def test_lookalike_each_the_others_nearest_picture_is_weak_evidence() -> None:
    more = _rows(
        [
            ("90", "金锦物流有限公司", "services", "private"),
            ("91", "柳河县新达纸业有限公司", "manufacturing", "private"),
            ("92", "柳河县宏图纸业有限公司", "manufacturing", "private"),
            ("93", "永安纸业有限公司", "manufacturing", "private"),
            ("94", "春晖纸业有限公司", "manufacturing", "private"),
            ("95", "宏光物流有限公司", "services", "private"),
        ],
        "LK",
    )
    index = EmployerIndex.from_records([*records(), *more])
    # 先 for 光: nothing in common by structure, each the other's nearest when rendered; the
    # company of that trade is matched, not 宏泰物流 (one character replaced by any other)
    assert matched(index, "宏先物流") == "95"
    # a look-alike 字号 before the everyday word of the trade (纸厂 for 纸业) is still that
    # company, offered as a button
    got = index.match("新这纸厂")
    assert got.match is None
    assert got.candidates[0].record.id == "91" and got.candidates[0].score >= BUTTON


def test_two_character_brand_reversed_without_region_is_only_offered(
    sample: EmployerIndex,
) -> None:
    got = sample.match("信德建筑工程")  # may be another company: ask, with 德信 as a button
    assert got.match is None
    assert got.candidates[0].record.id == "16" and got.candidates[0].score >= BUTTON
    other_trade = sample.match("柳河县信德物流")  # 德信 is registered for construction only
    assert other_trade.match is None
    assert all(c.record.id != "16" or c.score < BUTTON for c in other_trade.candidates)


def test_a_registered_brand_typed_is_not_matched_to_a_look_alike_of_another_trade() -> None:
    more = [
        EmployerRecord("90", "金锦物流有限公司", "91220524MA00000090", "services", "private", ""),
        EmployerRecord("91", "垣岳物流有限公司", "91220524MA00000091", "services", "private", ""),
    ]
    index = EmployerIndex.from_records([*records(), *more])
    assert matched(index, "垣岳物流") == "91"
    # 恒岳 is registered (construction); 垣岳 one look-alike away is the 物流 company: a
    # question with a button, not a match
    got = index.match("恒岳物流")
    assert got.match is None
    assert got.candidates[0].record.id == "91" and got.candidates[0].score >= BUTTON


def test_issue_examples_on_the_dev_registry(dev_index: EmployerIndex) -> None:
    index = dev_index
    forms = ("大星（登封）建筑劳务", "建筑劳务的大星", "大星建筑那个刘老板", "大星建筑劳务(登封市)")
    for query in forms:
        assert matched(index, query) == "732", query  # 登封市大星建筑劳务有限公司
    got = index.match("建筑劳务宏达")  # 宏达 is registered only as a kindergarten
    assert got.match is None
    # exact characters outrank a homophone: 鸿达 is one company, 宏达 another
    assert matched(index, "鸿达公司") == "284"
    assert matched(index, "鸿达") == "284"
    # 德宁 is registered; 宁德 said without a region may be another company (the dev set's
    # expectation), with its own region named it is 德宁
    assert index.match("宁德劳务那边").match is None
    assert matched(index, "登封市宁德劳务分包") == "3163"
    # a township names a public unit of its own: 大冶镇第三初级中学 is not the city's
    assert index.match("登封市大冶镇第三初级中学").match is None


@pytest.fixture(scope="module")
def held_out() -> dict[str, dict[str, int]]:
    entries, queries = name_forms.make_set("test", rows=3000, per_family=40)
    index = EmployerIndex.from_records(name_forms.as_records(entries))
    per: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for q in queries:
        res = index.match(q["query"])
        got = res.match.record.id if res.match else None
        t = per[q["family"]]
        t["n"] += 1
        t["right"] += got == q["expected_id"]
        t["shown"] += got == q["expected_id"] or any(
            c.record.id == q["expected_id"] and c.score >= BUTTON for c in res.candidates
        )
    return per


@pytest.mark.parametrize("family", name_forms.FAMILIES)
def test_held_out_family_floor(held_out: dict[str, dict[str, int]], family: str) -> None:
    t = held_out[family]
    assert t["n"] >= 30, "the generator made too few queries"
    assert t["right"] / t["n"] >= FLOORS[family], dict(t)


def test_held_out_overall(held_out: dict[str, dict[str, int]]) -> None:
    named = [
        t
        for f, t in held_out.items()
        if f not in name_forms.NULL_FAMILIES and f not in name_forms.HELD_OUT
    ]
    right = sum(t["right"] for t in named) / sum(t["n"] for t in named)
    shown = sum(t["shown"] for t in named) / sum(t["n"] for t in named)
    nulls = [t for f, t in held_out.items() if f in name_forms.NULL_FAMILIES]
    unmatched = sum(t["right"] for t in nulls) / sum(t["n"] for t in nulls)
    assert right >= 0.93
    assert shown >= 0.94
    assert unmatched >= 0.95


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("柳河县县恒岳建筑工程有限公司", "1"),  # the region's suffix typed twice
        ("金锦耐材", "6"),  # the trade in other words (耐材 for 耐火材料)
        ("永固耐材有限公司", "20"),
    ],
)
def test_doubled_suffix_and_trade_synonyms(
    sample: EmployerIndex, query: str, expected: str | None
) -> None:
    got = sample.match(query).match
    assert (got.record.id if got else None) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("柳和县德信建筑工程", "16"),  # the region by sound
        ("河柳县德信建筑工程有限公司", "16"),  # two of its characters the other way round
        ("柳河柳县德信建筑工程", "16"),  # a character doubled
        ("端丰煤矿", "7"),  # a look-alike in the 字号, the trade said as people say it
    ],
)
def test_region_slips_and_a_slip_beside_an_everyday_trade(
    sample: EmployerIndex, query: str, expected: str
) -> None:
    assert matched(sample, query) == expected


def test_a_mistyped_home_region_is_read_as_the_region(sample: EmployerIndex) -> None:
    regions = sample._store.regions
    for typed in ("柳和县", "河柳县", "柳柳河县", "柳河二县", "柳县"):
        got = regions.slipped_at(typed)
        assert got is not None and got[0] == len(typed) and got[1].name == "柳河县", typed
    assert regions.slipped_at("德信") is None


def test_a_lone_filler_character_can_be_kept_as_part_of_the_name() -> None:
    from routing.employers.lexicon import new_tokenizer
    from routing.employers.query import content_text

    tk = new_tokenizer([])
    assert content_text("这雅物业服务有限公司", tk) == "雅物业服务有限公司"
    assert content_text("这雅物业服务有限公司", tk, keep_lone=True) == "这雅物业服务有限公司"


def test_the_trade_said_ranks_namesakes_of_its_sector(dev_index: EmployerIndex) -> None:
    # 博瑞 is registered as 耐材 and as 服装, both manufacturing; 豫瑞 as 铝业, 食品, 包装
    assert matched(dev_index, "那个做耐火砖的博瑞") == "44"
    assert matched(dev_index, "豫瑞，做铝材的那个公司") == "2513"


def test_a_suffix_before_a_word_is_not_doubled() -> None:
    from routing.employers.normalize import undouble_region_suffix

    assert undouble_region_suffix("登封市市东平服装") == "登封市东平服装"
    assert undouble_region_suffix("登封市市政工程") == "登封市市政工程"


@pytest.mark.parametrize(
    ("name", "floor"),
    [
        ("name_queries_written_tuned.jsonl", 0.93),  # 89.4 % as written, 95.0 % measured
        ("name_queries_written_held_out.jsonl", 0.9),  # 89.1 % as written, 91.5 %, held out
        # a second writer, hard forms only (trade words said otherwise, swaps, look-alikes,
        # spoken): 65.5 % as written, 76.3 % tuned
        ("name_queries_written_hard.jsonl", 0.73),
        # a third writer, a 字号 with what the company does in a worker's words (拉货的, 俺在…下井,
        # 那帮炒菜卖饭的), mostly 字号 several companies share; cut in two by a seeded shuffle per
        # form: 33.8 % and 31.2 % as written, 98.1 % tuned, held-out half 91.9 %
        ("name_queries_written_trades_tuned.jsonl", 0.96),
        ("name_queries_written_trades_held_out.jsonl", 0.88),
        # a fourth, whole sentences of what the worker did there or what the company makes
        # (强鹏呀 俺在熔铝炉跟前干): 26.4 % and 26.7 % as written, 86.8 % tuned, held-out 83.2 %
        ("name_queries_written_trades_b_tuned.jsonl", 0.84),
        ("name_queries_written_trades_b_held_out.jsonl", 0.8),
    ],
)
def test_names_written_apart(dev_index: EmployerIndex, name: str, floor: float) -> None:
    """Queries written by someone who read only the development registry and its README, for
    registry rows drawn at random, in forms of their own choosing; cut in two by a hash of the
    query. Names not in the registry must stay unmatched."""
    import json

    index = dev_index
    path = Path(__file__).resolve().parent / "data" / name
    queries = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    right = named = wrong_unmatched = 0
    for q in queries:
        got = index.match(q["query"]).match
        if q["expected_id"] is None:
            wrong_unmatched += got is not None
        else:
            named += 1
            right += got is not None and got.record.id == str(q["expected_id"])
    assert right / named >= floor
    # names not in the registry: 0 / 53 and 2 / 100 matched when measured
    assert wrong_unmatched <= 2


def test_everyday_short_forms_of_official_names() -> None:
    from routing.employers.trades import short_form_variants

    assert ("卢店镇第一初级中学", "第一初级中学") in short_form_variants("卢店镇一初中")
    assert ("市第五小学", "第五小学") in short_form_variants("市五小")
    assert ("大金店镇人民政府", "人民政府") in short_form_variants("大金店镇政府")
    assert not [v for v, _ in short_form_variants("中心小学") if "第" in v]


def _rows(rows: list[tuple[str, str, str, str]], prefix: str) -> list[EmployerRecord]:
    """(id, name, sector, ownership) rows as records with a made-up credit code each."""
    return [
        EmployerRecord(i, name, f"91410185MA{prefix}{i:0>4}", sec, own, "")
        for i, name, sec, own in rows
    ]


def _assert_matches(index: EmployerIndex, expected: list[tuple[str, str]]) -> None:
    for query, want in expected:
        got = index.match(query).match
        assert got is not None and got.record.id == want, (query, got)


def test_a_unit_is_found_by_the_name_people_call_it() -> None:
    """暖气公司 is the 热力 company, 防疫站 the CDC, 告成煤矿 the group's mine of that name; 市医院
    may be the 人民医院 or the 中医院 with 中 left out, so both are offered and neither chosen."""
    rows = [
        ("1", "登封市热力有限公司", "public_service", "soe"),
        ("2", "登封市水务有限公司", "public_service", "soe"),
        ("3", "登封市粮食储备有限公司", "services", "soe"),
        ("4", "登封市疾病预防控制中心", "public_institution", "public"),
        ("5", "登封市人民医院", "public_institution", "public"),
        ("6", "登封市中医院", "public_institution", "public"),
        ("7", "河南省嵩基煤业集团有限公司", "coal", "soe"),
        ("8", "河南省嵩基煤业集团有限公司告成煤矿", "coal", "soe"),
        ("9", "河南省嵩基煤业集团有限公司大冶煤矿", "coal", "soe"),
        ("10", "登封市国有资产投资经营有限公司", "other", "soe"),
        ("11", "登封市城市建设投资集团有限公司", "construction", "soe"),
        ("12", "登封市交通建设投资有限公司", "construction", "soe"),
        ("13", "登封市宏达建筑劳务有限公司", "construction", "private"),
    ]
    index = EmployerIndex.from_records(_rows(rows, "0000"))
    _assert_matches(
        index,
        [
            ("暖气公司", "1"),
            ("自来水公司", "2"),
            ("粮库", "3"),
            ("防疫站", "4"),
            ("告成煤矿", "8"),
            ("大冶煤矿", "9"),
            ("国资公司", "10"),
            ("城投公司", "11"),
        ],
    )
    both = index.match("市医院")
    assert both.match is None and {"5", "6"} <= {c.record.id for c in both.candidates[:2]}


def test_a_full_name_is_that_entry_and_an_everyday_trade_rules_out_other_sectors() -> None:
    """A branch's full registered name is the branch, not the group it reads as part by part;
    装修, a trade no registered name here uses, still says construction: 万创装修 is not
    万创包装."""
    rows = [
        ("x1", "河南省嵩基煤业集团有限公司", "coal", "soe"),
        ("x2", "河南省嵩基煤业集团有限公司大冶煤矿", "coal", "soe"),
        ("x3", "河南省嵩基煤业集团有限公司告成煤矿", "coal", "soe"),
        ("x4", "登封万创装饰工程有限公司", "construction", "private"),
        ("x5", "登封市万创包装有限公司", "manufacturing", "private"),
        ("x6", "河南万创机械制造有限公司", "manufacturing", "private"),
    ]
    # namesakes in both trades, so the index learns them as trades
    namesakes = [
        (f"y{k}{t}", f"登封市{b}{trade}有限公司", sec, "private")
        for k, b in enumerate(("鸿图", "瑞丰", "金阳", "德胜", "华泰", "永康"))
        for t, (trade, sec) in enumerate((("装饰工程", "construction"), ("包装", "manufacturing")))
    ]
    index = EmployerIndex.from_records(
        [*records(), *_rows(namesakes, "0002"), *_rows(rows, "0001")]
    )
    _assert_matches(
        index,
        [
            ("河南省嵩基煤业集团有限公司大冶煤矿", "x2"),
            ("河南省嵩基煤业集团有限公司", "x1"),
            ("万创装修", "x4"),
            ("万创包装", "x5"),
        ],
    )


def test_slips_of_sound_by_a_reading_words_commonly_use(dev_index: EmployerIndex) -> None:
    """晟 reads cheng first in the dictionary but sheng in names: a worker typing by sound may
    pick 圣 for it. A 字号 typed exactly as another company registers it (利胜, a hotel) is that
    company's name, not a slip: a question, never a match."""
    assert matched(dev_index, "利圣烩面馆") == "67"  # 登封市利晟烩面馆
    got = dev_index.match("利胜烩面馆")
    assert got.match is None
    assert got.candidates[0].record.id == "67" and got.candidates[0].score >= BUTTON


def test_a_declared_trade_synonym_decides_between_namesakes(dev_index: EmployerIndex) -> None:
    """建工 is 建筑工程 (its characters are in 建设工程 and 建筑安装工程 too); 装修 is 装饰, also
    after a romanised 字号."""
    _assert_matches(
        dev_index,
        [
            ("德信建工", "853"),
            ("大岳建工", "879"),
            ("longwang装修", "170"),
            ("LongWang装修公司", "170"),
        ],
    )


def test_a_unit_named_at_the_end_is_that_unit_not_its_group(dev_index: EmployerIndex) -> None:
    """The group's mine is registered as 河南省嵩基煤业集团有限公司告成煤矿: said with the legal
    form dropped or mistyped, the mine named at the end is still the mine."""
    _assert_matches(
        dev_index,
        [
            ("河南省嵩基煤业集团告成煤矿", "2377"),
            ("河南省嵩基煤业集团有线公司告成煤矿", "2377"),
            ("河南省嵩基煤业集团有限公司", "4745"),
        ],
    )


def test_a_trade_said_after_the_legal_form_and_a_character_typed_twice(
    dev_index: EmployerIndex,
) -> None:
    """宏达公司那个建筑 / 宏达有限公司（建筑工程）: the trade said after the legal form is the
    trade; a character typed twice in a row (卫卫生院, 劳务分分包) is read once when the name as
    typed decides nothing."""
    _assert_matches(
        dev_index,
        [
            ("大星公司那个建筑劳务", "732"),
            ("大星有限公司（建筑劳务）", "732"),
            ("登封市大星建筑劳务劳务有限公司", "732"),
            ("登封市大大星建筑劳务有限公司", "732"),
            ("大星公司那个服装", "1083"),  # the namesake of the trade said
            ("问下登封市大星建筑劳务有限公司的事", "732"),  # asked about, in passing
            ("是大星建筑劳务，工资一直不给", "732"),
            ("河南省嵩基煤业集团告成矿", "2377"),  # 告成矿 said for 告成煤矿
        ],
    )


def test_a_name_as_written_is_that_entry_of_its_twins() -> None:
    from employer_registry_sample import make_uscc

    # the same 字号 and trade registered twice, once under 柳河县 and once under 柳河
    twin = EmployerRecord(
        "201", "柳河德信建筑工程有限公司", make_uscc(201, "91"), "construction", "private", "城关镇"
    )
    index = EmployerIndex.from_records([*records(), twin])
    assert matched(index, "德信建筑工程") is None  # either: a question
    assert matched(index, "柳河德信建筑工程") == "201"  # the form of the region written
    assert matched(index, "柳河县德信建筑") == "16"
    assert matched(index, "俺们是柳河县德信建筑工程有限公司的人") == "16"
    assert matched(index, "俺们是柳河德信建筑工程有限公司的人") == "201"


def test_an_office_by_its_everyday_short_name_and_a_worker_s_place_after_a_unit() -> None:
    from employer_registry_sample import make_uscc

    from routing.employers.query import without_complaint

    office = EmployerRecord(
        "301", "柳河县工业和信息化局", make_uscc(301, "11"), "other", "government", "城关镇"
    )
    index = EmployerIndex.from_records([*records(), office])
    assert matched(index, "工信局！！！") == "301"  # not the filler 工 and a 信局
    assert without_complaint("…大峪煤矿当临时工").strip() == "…大峪煤矿"
