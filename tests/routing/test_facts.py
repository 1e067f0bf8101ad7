"""Classification of a complaint into facts (routing.facts)."""

from __future__ import annotations

from routing.router import Router


def test_registry_row_is_authoritative(router: Router) -> None:
    # the name says 实业 and the text says 厂, but the registered sector is coal
    facts = router.classify("在厂里装车，欠了三万", {"employer_name": "远大实业有限公司"})
    assert facts.employer is not None and facts.employer.id == "11"
    assert (facts.sector, facts.ownership) == ("coal", "private")
    assert facts.evidence["sector"].basis == "registry"


def test_person_employer_is_not_looked_up(router: Router) -> None:
    facts = router.classify("跟着包工头干活", {"employer_name": "包工头老王"})
    assert facts.employer is None
    assert facts.employer_is_person
    assert facts.sector == "construction"


def test_sector_from_unregistered_name_then_text(router: Router) -> None:
    by_name = router.classify("一直拖着工资", {"employer_name": "诚信园林绿化有限公司"})
    assert (by_name.sector, by_name.evidence["sector"].basis) == ("public_service", "employer_name")
    by_text = router.classify("俺在辅导班带课，老板欠了俺两个月", {})
    assert (by_text.sector, by_text.evidence["sector"].basis) == ("education_training", "text")


def test_public_school_name_is_a_public_institution(router: Router) -> None:
    facts = router.classify(
        "代课一学期没发工资", {"employer_name": "县三中", "employer_kind": "学校"}
    )
    assert facts.ownership == "public_institution"


def test_private_school_markers_win_over_school_words(router: Router) -> None:
    facts = router.classify("学校是私人办的", {"employer_name": "某某私立中学"})
    assert facts.ownership != "public_institution"


def test_funding_from_fields_beats_text(router: Router) -> None:
    facts = router.classify("这是政府投资的项目", {"project_funding": "soe"})
    assert facts.funding == "soe"
    assert facts.evidence["funding"].basis == "fields"


def test_funding_from_text_and_negation(router: Router) -> None:
    assert router.classify("这是政府投资的项目", {}).funding == "government"
    assert router.classify("这个项目是城投的", {}).funding == "soe"
    assert router.classify("不是政府投资的，是开发商的楼盘", {}).funding == "private"


def test_unknown_funding_field_is_ignored(router: Router) -> None:
    assert router.classify("活干完了", {"project_funding": "unknown"}).funding is None


def test_government_as_complaint_place_is_not_funding(router: Router) -> None:
    facts = router.classify("去镇政府反映过也没用，请政府做主", {})
    assert facts.funding is None
    assert "public_owner_project" not in facts.keywords


def test_a_government_gate_is_a_place_of_protest_not_a_project(router: Router) -> None:
    # the lexicon has both a benign pattern and window negations: both must hold
    facts = router.classify("在颍阳镇一个工地上扎钢筋，已经在镇政府门口坐了两天了", {})
    assert "public_owner_project" not in facts.keywords
    assert facts.sector == "construction" and facts.funding is None
    built = router.classify("给镇政府盖办公楼，干了半年", {})
    assert "public_owner_project" in built.keywords


def test_township_name_is_not_a_mine(router: Router) -> None:
    facts = router.classify("在北山矿区一个饭店当服务员", {})
    assert "coal_work" not in facts.keywords
    assert facts.township == "北山矿区"
    assert facts.sector == "services"


def test_flags_group_from_fields_or_text(router: Router) -> None:
    assert "group" in router.classify("", {"headcount": 10}).flags
    assert "group" not in router.classify("俺们十二个人", {"headcount": 9}).flags
    assert "group" in router.classify("俺们十几个人都没拿到钱", {}).flags


def test_extreme_risk_and_its_negation(router: Router) -> None:
    assert "extreme_risk" in router.classify("再不给钱就从楼上跳下去", {}).flags
    assert "extreme_risk" in router.classify("实在不行就去堵路", {}).flags
    assert "extreme_risk" not in router.classify("俺们不会去堵路拉横幅，相信政府", {}).flags
    assert "extreme_risk" not in router.classify("俺们也不想闹事，就想要钱", {}).flags
    # "不想活" is itself the threat, not a negation of one
    assert "extreme_risk" in router.classify("真不想活了", {}).flags


def test_absconded_and_the_reachable_exception(router: Router) -> None:
    assert "absconded" in router.classify("包工头跑了，手机关机", {}).flags
    assert "absconded" in router.classify("老板把俺拉黑了", {}).flags
    assert "absconded" not in router.classify("电话能打通，就是一直说没钱", {}).flags
    assert "absconded" not in router.classify("老板没跑路，人还在，就是拖着不给", {}).flags


def test_quantities_fields_first_then_text(router: Router) -> None:
    facts = router.classify("一共欠了三万五，俺们七八个人", {"amount_yuan": 40000})
    assert facts.amount_yuan == 40000
    assert facts.headcount == 8
    assert facts.evidence["headcount"].basis == "text"


def test_traditional_text_is_read(router: Router) -> None:
    facts = router.classify("在煤礦井下幹活，老闆跑路了", {})
    assert facts.sector == "coal"
    assert "absconded" in facts.flags


def test_employer_named_only_in_text(router: Router) -> None:
    facts = router.classify("俺是给恒通机械制造有限公司干活的，欠了两个月", {"employer_name": ""})
    assert facts.employer is not None and facts.employer.id == "15"


def test_bad_fields_give_facts_not_errors(router: Router) -> None:
    facts = router.classify(None, {"headcount": "lots", "amount_yuan": -5, "employer_name": 42})
    assert facts.headcount is None and facts.amount_yuan is None and facts.employer is None
    assert router.classify("", None).flags == frozenset()
