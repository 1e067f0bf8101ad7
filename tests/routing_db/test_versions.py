"""Routing table versions in the database: draft, simulate, publish, roll back."""

from __future__ import annotations

import pytest
from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import select

from models import Complaint, RoutingRule, RoutingTableVersion
from routing import versions
from routing.rules import DEFAULT_TABLE_PATH, RuleFileError
from routing.runtime import router_from_db
from routing.simulate import simulate

DEFAULT_YAML = DEFAULT_TABLE_PATH.read_text(encoding="utf-8")
# The same table with private construction sent to the SME task force instead.
CHANGED_YAML = DEFAULT_YAML.replace(
    "    then: {task_force: TF1_CONSTRUCTION}", "    then: {task_force: TF7_SME}", 1
)


async def test_publish_archive_and_rollback(session: AsyncSession) -> None:
    assert CHANGED_YAML != DEFAULT_YAML
    v1 = await versions.save_draft(session, yaml_text=DEFAULT_YAML, comment="first")
    await versions.publish(session, number=v1.version, user_id=None)
    v2 = await versions.save_draft(session, yaml_text=CHANGED_YAML)
    assert v2.version == v1.version + 1 and v2.status == "draft"
    published = await versions.load_published(session)
    assert published is not None and published.row.version == v1.version  # drafts don't route

    await versions.publish(session, number=v2.version, user_id=None)
    await session.commit()
    statuses = {r.version: r.status for r in await versions.list_versions(session)}
    assert statuses == {v1.version: "archived", v2.version: "published"}
    assert "TF7_SME" in v2.publish_diff["yaml_diff"]
    assert v2.publish_diff["from_version"] == v1.version

    with pytest.raises(versions.VersionError):
        await versions.publish(session, number=v2.version, user_id=None)

    v3 = await versions.rollback(session, to_number=v1.version, user_id=None)
    await session.commit()
    assert v3.status == "published" and v3.source_yaml == DEFAULT_YAML
    assert (
        await session.scalar(
            select(func.count())
            .select_from(RoutingTableVersion)
            .where(RoutingTableVersion.status == "published")
        )
        == 1
    )
    rules = list(await session.scalars(select(RoutingRule).where(RoutingRule.table_id == v3.id)))
    assert rules and rules[-1].rule_key == "office_triage"


async def test_invalid_draft_is_rejected_with_line_and_reason(session: AsyncSession) -> None:
    v1 = await versions.save_draft(session, yaml_text=DEFAULT_YAML)
    await versions.publish(session, number=v1.version, user_id=None)
    broken = DEFAULT_YAML.replace("then: {task_force: TF5_COAL}", "then: {task_force: TF9_NOPE}")
    with pytest.raises(RuleFileError) as info:
        await versions.save_draft(session, yaml_text=broken)
    assert any("TF9_NOPE" in str(issue) for issue in info.value.issues)
    typo = DEFAULT_YAML.replace("        - sector: [coal]", "        - sectr: [coal]", 1)
    with pytest.raises(RuleFileError) as info:
        await versions.save_draft(session, yaml_text=typo)
    issue = info.value.issues[0]
    assert issue.line == DEFAULT_YAML.splitlines().index("        - sector: [coal]") + 1
    published = await versions.load_published(session)
    assert published is not None and published.row.version == v1.version


async def test_simulation_over_stored_complaints(session: AsyncSession) -> None:
    for i, (text, employer) in enumerate(
        [
            ("在工地干活，包工头欠我们三万块", "包工头老王"),
            ("饭店老板欠我两个月工资八千", "好味饭店"),
        ]
    ):
        session.add(
            Complaint(
                idempotency_key=f"k{i}",
                channel="web",
                external_id=f"w{i}",
                complainant_name="张三",
                phone="13800000000",
                employer_name_typed=employer,
                description=text,
                headcount=1,
                amount_fen=3_000_000,
            )
        )
    await session.flush()
    old = versions.parse_version(DEFAULT_YAML, label="v1")[0]
    new = versions.parse_version(CHANGED_YAML, label="v2")[0]
    router = await router_from_db(session)
    report = simulate(router, old, new, await versions.stored_cases(session))
    assert report.total == 2
    assert report.changed_task_force == 1
    assert report.task_force_transitions[("TF1_CONSTRUCTION", "TF7_SME")] == 1
    assert report.examples[("TF1_CONSTRUCTION", "TF7_SME")][0].ref.startswith("complaint ")


async def test_a_browser_draft_with_crlf_differs_only_where_it_was_changed(
    session: AsyncSession,
) -> None:
    v1 = await versions.save_draft(session, yaml_text=DEFAULT_YAML)
    await versions.publish(session, number=v1.version, user_id=None)
    edited = DEFAULT_YAML.replace("then: {task_force: TF5_COAL}", "then: {task_force: TF7_SME}")
    v2 = await versions.save_draft(session, yaml_text=edited.replace("\n", "\r\n"))
    assert "\r" not in v2.source_yaml and v2.source_yaml == edited
    published = await versions.publish(session, number=v2.version, user_id=None)
    changed = [
        line
        for line in published.publish_diff["yaml_diff"].splitlines()
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert changed == [
        "-    then: {task_force: TF5_COAL}",
        "+    then: {task_force: TF7_SME}",
    ]
