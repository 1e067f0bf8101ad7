"""备注 (add_note): staff write a note on a case (a call made, a promise given) from the ticket
page, the REST API or a group's page; it is on the timeline and in the audit, and changes
nothing else. It is also the worked example of the README's recipe for a new ticket action:
its commit touches models/codes/ticket_action.py, intake/tickets/lifecycle.py and
intake/tickets/actions.py, and nothing else outside the tests."""

from __future__ import annotations

import re

import httpx
from inspect_world import World, bearer, csrf_of, login
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col, select

from models import AuditLog, TicketEvent


async def test_the_api_takes_a_note_with_its_model(
    world: World, client: httpx.AsyncClient, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    tf1 = await bearer(client, "tf1")
    tid = world.id("tf1_zhongyue")
    url = f"/api/tickets/{tid}/actions"

    shown = (await client.get(f"/api/tickets/{tid}", headers=tf1)).json()
    assert {"action": "add_note", "label": "备注"} in shown["actions"]

    missing = await client.post(url, json={"action": "add_note"}, headers=tf1)
    assert missing.status_code == 422 and missing.json()["error"] == "invalid_input"
    foreign = await client.post(  # a field of other actions
        url, json={"action": "add_note", "remark": "x", "reason": "y"}, headers=tf1
    )
    assert foreign.status_code == 422 and foreign.json()["error"] == "invalid_input"

    note = {"action": "add_note", "remark": "已电话联系老板 13812345678", "expected_version": 0}
    done = await client.post(url, json=note, headers=tf1)
    assert done.status_code == 200, done.text
    body = done.json()
    assert body["ticket"]["status"] == "new" and body["ticket"]["version"] == 1
    last = body["timeline"][-1]
    assert last["kind"] == "add_note" and last["label"] == "备注"
    # labelled with the field's title, and masked as free text is unless revealed
    assert last["details"]["备注"].startswith("已电话联系老板 138")
    assert "13812345678" not in last["details"]["备注"]

    stale = await client.post(
        url, json={"action": "add_note", "remark": "again", "expected_version": 0}, headers=tf1
    )
    assert stale.status_code == 409

    async with session_factory() as session:
        audit = await session.scalar(
            select(AuditLog).where(col(AuditLog.action) == "ticket.add_note")
        )
        assert audit is not None and audit.detail["remark"] == "已电话联系老板 13812345678"

    schema = (await client.get("/openapi.json")).json()
    note_schema = schema["components"]["schemas"]["AddNoteRequest"]
    assert note_schema["properties"]["remark"]["maxLength"] == 500
    assert "remark" in note_schema["required"]


async def test_the_form_takes_a_note_and_says_what_is_missing_in_chinese(
    world: World, client: httpx.AsyncClient, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    tid = world.id("tf1_zhongyue")
    await login(client, "tf1")
    page = await client.get(f"/inspect/tickets/{tid}")
    form = re.search(r'<form[^>]*data-action="add_note".*?</form>', page.text, re.S)
    assert form is not None, "the page offers the note"
    assert 'name="remark"' in form.group(0) and 'placeholder="备注"' in form.group(0)
    version = re.search(r'name="expected_version" value="(\d+)"', page.text)
    assert version is not None
    data = {"csrf": csrf_of(page.text), "expected_version": version.group(1)}

    empty = await client.post(
        f"/inspect/tickets/{tid}/actions", data={**data, "action": "add_note", "remark": " "}
    )
    assert empty.status_code == 422 and "「备注」须填写" in empty.text

    done = await client.post(
        f"/inspect/tickets/{tid}/actions",
        data={**data, "action": "add_note", "remark": "工地负责人答应周五前结清"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    shown = await client.get(f"/inspect/tickets/{tid}")
    assert "已备注" in shown.text and "工地负责人答应周五前结清" in shown.text
    async with session_factory() as session:
        kinds = list(
            await session.scalars(select(TicketEvent.kind).where(col(TicketEvent.ticket_id) == tid))
        )
    assert kinds[-1] == "add_note"


async def test_a_finished_case_takes_no_note(world: World, client: httpx.AsyncClient) -> None:
    tf1 = await bearer(client, "tf1")
    tid = world.id("tf1_zhongyue")
    url = f"/api/tickets/{tid}/actions"
    refused = await client.post(url, json={"action": "refuse", "reason": "duplicate"}, headers=tf1)
    assert refused.status_code == 200, refused.text
    assert "add_note" not in {a["action"] for a in refused.json()["actions"]}
    late = await client.post(url, json={"action": "add_note", "remark": "迟到的备注"}, headers=tf1)
    assert late.status_code == 422 and late.json()["error"] == "illegal_transition"
    assert late.json()["allowed"] == ["reopen"]


async def test_a_group_takes_a_note(world: World, client: httpx.AsyncClient) -> None:
    tf1 = await bearer(client, "tf1")
    gid = world.group_of("tf1_group")
    done = await client.post(
        f"/api/tickets/groups/{gid}/actions",
        json={"action": "add_note", "remark": "同一工地，一并协调"},
        headers=tf1,
    )
    assert done.status_code == 200, done.text
    assert len(done.json()["applied"]) == 2 and done.json()["skipped"] == []
    await login(client, "tf1")
    page = await client.get(f"/inspect/groups/{gid}")
    assert 'data-action="add_note"' in page.text
