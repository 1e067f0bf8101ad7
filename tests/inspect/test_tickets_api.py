"""The inspectors' JSON API: bearer auth, scope per role, error mapping, actions."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from inspect_world import ID_NUMBER, PHONE, World, bearer
from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import select

from models import AuditLog


def keys_in(items: list[dict[str, Any]], world: World) -> set[str]:
    numbers = {item["number"] for item in items}
    return {key for key, t in world.tickets.items() if t.number in numbers}


async def test_without_a_token_nothing_is_served(world: World, client: httpx.AsyncClient) -> None:
    for path in ("/api/tickets", f"/api/tickets/{world.id('tf1_zhongyue')}", "/api/dashboard"):
        resp = await client.get(path)
        assert resp.status_code == 401 and resp.json()["error"] == "not_authenticated"
    bad = await client.get("/api/tickets", headers={"Authorization": "Bearer forged"})
    assert bad.status_code == 401


@pytest.mark.parametrize(
    ("username", "visible"),
    [
        ("tf1", {"tf1_zhongyue", "tf1_group", "tf1_shaolin"}),
        ("shaolin", {"tf7_shaolin", "tf1_shaolin"}),
        ("office", {"tf1_zhongyue", "tf1_group", "tf7_daye", "tf7_shaolin", "tf1_shaolin"}),
    ],
)
async def test_scope_per_role(
    world: World, client: httpx.AsyncClient, username: str, visible: set[str]
) -> None:
    auth = await bearer(client, username)
    listing = await client.get("/api/tickets", headers=auth)
    assert listing.status_code == 200
    body = listing.json()
    assert keys_in(body["items"], world) == visible and body["total"] == len(visible)
    assert all("*" in item["phone"] for item in body["items"])  # masked in lists
    for key in world.tickets:
        resp = await client.get(f"/api/tickets/{world.id(key)}", headers=auth)
        if key in visible:
            assert resp.status_code == 200
        else:
            assert resp.status_code == 404, (username, key)
            assert resp.json()["error"] == "not_found"


async def test_refused_filters_and_bad_input(world: World, client: httpx.AsyncClient) -> None:
    tf1 = await bearer(client, "tf1")
    forbidden = await client.get("/api/tickets?task_force=TF7_SME", headers=tf1)
    assert forbidden.status_code == 403
    assert forbidden.json() | {"message_en": ""} == {
        "error": "forbidden",
        "message": "无权查看专班「TF7_SME」的工单",
        "message_en": "",
    }
    bad = await client.get("/api/tickets?status=lost&per_page=999", headers=tf1)
    assert bad.status_code == 422 and bad.json()["error"] == "invalid_input"
    assert (await client.get("/api/dashboard?task_force=TF7_SME", headers=tf1)).status_code == 403
    assert (await client.get("/api/dashboard?weeks=0", headers=tf1)).status_code == 422
    assert (await client.get("/api/ranking?week=2026-W99", headers=tf1)).status_code == 422
    missing = await client.get("/api/tickets/999999", headers=tf1)
    assert missing.status_code == 404


async def test_actions_map_errors_to_status_codes(world: World, client: httpx.AsyncClient) -> None:
    tf1 = await bearer(client, "tf1")
    tid = world.id("tf1_zhongyue")
    url = f"/api/tickets/{tid}/actions"

    ok = await client.post(url, json={"action": "accept", "expected_version": 0}, headers=tf1)
    assert ok.status_code == 200, ok.text
    body = ok.json()
    assert body["ticket"]["status"] == "accepted" and body["ticket"]["version"] == 1
    assert {a["action"] for a in body["actions"]} == {
        "start_investigation",
        "request_info",
        "merge",
        "add_note",
    }

    stale = await client.post(
        url, json={"action": "start_investigation", "expected_version": 0}, headers=tf1
    )
    assert stale.status_code == 409 and stale.json()["error"] == "conflict"

    illegal = await client.post(url, json={"action": "accept", "expected_version": 1}, headers=tf1)
    assert illegal.status_code == 422
    assert illegal.json()["error"] == "illegal_transition"
    assert "start_investigation" in illegal.json()["allowed"]

    # the body is one action's model, told apart by `action`: an unknown one is bad input
    unknown = await client.post(url, json={"action": "fly", "expected_version": 1}, headers=tf1)
    assert unknown.status_code == 422 and unknown.json()["error"] == "invalid_input"
    assert "fly" in unknown.json()["message"]
    # each action takes its own fields only
    mixed = await client.post(url, json={"action": "accept", "question": "?"}, headers=tf1)
    assert mixed.status_code == 422 and mixed.json()["error"] == "invalid_input"

    no_question = await client.post(
        url, json={"action": "request_info", "expected_version": 1}, headers=tf1
    )
    assert no_question.status_code == 422 and no_question.json()["error"] == "invalid_input"

    transfer = await client.post(
        url,
        json={"action": "transfer", "target_task_force": "TF7_SME", "reason": "x"},
        headers=tf1,
    )
    assert transfer.status_code == 403

    other = await client.post(
        f"/api/tickets/{world.id('tf7_daye')}/actions", json={"action": "accept"}, headers=tf1
    )
    assert other.status_code == 404
    extra_field = await client.post(url, json={"action": "accept", "password": "x"}, headers=tf1)
    assert extra_field.status_code == 422


async def test_case_from_acceptance_to_closing(
    world: World, client: httpx.AsyncClient, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    tf1 = await bearer(client, "tf1")
    tid = world.id("tf1_shaolin")
    url = f"/api/tickets/{tid}/actions"
    for step in (
        {"action": "accept"},
        {"action": "start_investigation"},
        {"action": "resolve", "outcome": "paid_in_part", "recovered_fen": 800_000},
    ):
        resp = await client.post(url, json=step, headers=tf1)
        assert resp.status_code == 200, resp.text
    answered = await client.post(
        f"/api/tickets/{tid}/followup",
        json={"paid": True, "satisfied": True, "comment": "电话回访，已拿到大部分工资"},
        headers=tf1,
    )
    assert answered.status_code == 200, answered.text
    detail = answered.json()
    assert detail["ticket"]["status"] == "closed" and detail["actions"] == [
        {"action": "reopen", "label": "重新办理"}
    ]
    kinds = [e["kind"] for e in detail["timeline"]]
    assert kinds == ["opened", "accept", "start_investigation", "resolve", "close"]
    assert detail["routing"]["reasons"] == ["测试理由：塔沟劳务分包公司 属于 TF1_CONSTRUCTION"]

    board = (await client.get("/api/dashboard", headers=tf1)).json()
    assert board["totals"]["received"] == 3
    assert board["totals"]["recovered_yuan"] == 8000.0
    assert board["totals"]["satisfaction_rate"] == 100.0
    async with session_factory() as session:
        changes = await session.scalar(
            select(func.count())
            .select_from(AuditLog)
            .where(AuditLog.object_id == str(tid), AuditLog.action.startswith("ticket."))  # type: ignore[attr-defined]
        )
    assert changes == 5  # opened + four changes, each in the audit trail


async def test_personal_data_only_on_request_and_audited(
    world: World, client: httpx.AsyncClient, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    tf1 = await bearer(client, "tf1")
    tid = world.id("tf1_zhongyue")
    masked = (await client.get(f"/api/tickets/{tid}", headers=tf1)).json()["complaint"]
    assert masked["phone"] == "138****5678" and masked["id_number"] == "4101************3X"
    assert PHONE not in masked["description"] and not masked["pii_revealed"]
    full = (await client.get(f"/api/tickets/{tid}?pii=true", headers=tf1)).json()["complaint"]
    assert full["phone"] == PHONE and full["id_number"] == ID_NUMBER and full["pii_revealed"]
    async with session_factory() as session:
        views = list(
            await session.scalars(select(AuditLog).where(AuditLog.action == "ticket.pii_view"))
        )
    assert [(v.object_id, v.detail["via"]) for v in views] == [(str(tid), "api")]


async def test_groups_and_ranking(world: World, client: httpx.AsyncClient) -> None:
    gid = world.group_of("tf1_group")
    tf7 = await bearer(client, "tf7")
    assert (await client.get(f"/api/tickets/groups/{gid}", headers=tf7)).status_code == 404
    refused = await client.post(
        f"/api/tickets/groups/{gid}/actions", json={"action": "accept"}, headers=tf7
    )
    assert refused.status_code == 404

    tf1 = await bearer(client, "tf1")
    group = (await client.get(f"/api/tickets/groups/{gid}", headers=tf1)).json()
    assert group["complaint_count"] == 2 and group["tickets_of_other_units"] == 0
    done = await client.post(
        f"/api/tickets/groups/{gid}/actions",
        json={"action": "request_info", "question": "请补充工地地址"},
        headers=tf1,
    )
    assert done.status_code == 200
    assert len(done.json()["applied"]) == 2 and done.json()["skipped"] == []

    ranking = (await client.get("/api/ranking?weeks=2", headers=tf7)).json()
    names = {u["code"] for u in ranking["task_forces"]}
    assert names == {"TF1_CONSTRUCTION", "TF7_SME"}  # the office is not ranked
    assert {u["code"] for u in ranking["townships"]} == {"少林街道", "中岳街道", "大冶镇"}
    received = {u["code"]: u["received"] for u in ranking["task_forces"]}
    assert received == {"TF1_CONSTRUCTION": 3, "TF7_SME": 2}


async def test_total_on_every_page(world: World, client: httpx.AsyncClient) -> None:
    """The count comes with a page's rows; a page past the end and an empty filter still
    say how many there are."""
    office = await bearer(client, "office")
    everyone = (await client.get("/api/tickets", headers=office)).json()["total"]
    assert everyone == 5
    for query, items, total in (
        ("per_page=2&page=2", 2, 5),
        ("per_page=2&page=3", 1, 5),
        ("per_page=2&page=4", 0, 5),  # past the end
        ("priority=nonexistent", 0, 0),
    ):
        body = (await client.get(f"/api/tickets?{query}", headers=office)).json()
        assert (len(body["items"]), body["total"]) == (items, total), query
