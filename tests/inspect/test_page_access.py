"""Who sees what on the /inspect pages: every role, including the refusals."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest
from inspect_world import World, login

MakeClient = Callable[[], httpx.AsyncClient]


def numbers_in(html: str, world: World) -> set[str]:
    return {key for key, t in world.tickets.items() if t.number in html}


async def test_anonymous_is_sent_to_login_and_bad_password_is_refused(
    world: World, client: httpx.AsyncClient
) -> None:
    resp = await client.get("/inspect?status=all", follow_redirects=False)
    assert resp.status_code == 303
    assert resp.headers["location"] == "/login?next=%2Finspect%3Fstatus%3Dall"
    ticket = await client.get(f"/inspect/tickets/{world.id('tf1_zhongyue')}", follow_redirects=True)
    assert "办案人员登录" in ticket.text  # followed to the login page, nothing of the ticket
    assert world.tickets["tf1_zhongyue"].number not in ticket.text

    wrong = await login(client, "tf1", "not-the-password")
    assert wrong.status_code == 401 and "用户名或密码错误" in wrong.text
    no_csrf = await client.post("/login", data={"username": "tf1", "password": "x"})
    assert no_csrf.status_code == 400


@pytest.mark.parametrize(
    ("username", "visible"),
    [
        ("tf1", {"tf1_zhongyue", "tf1_group", "tf1_shaolin"}),
        ("tf7", {"tf7_daye", "tf7_shaolin"}),
        ("shaolin", {"tf7_shaolin", "tf1_shaolin"}),
        ("office", {"tf1_zhongyue", "tf1_group", "tf7_daye", "tf7_shaolin", "tf1_shaolin"}),
        ("root", {"tf1_zhongyue", "tf1_group", "tf7_daye", "tf7_shaolin", "tf1_shaolin"}),
        ("nobody", set()),
    ],
)
async def test_queue_and_ticket_pages_by_role(
    world: World, client: httpx.AsyncClient, username: str, visible: set[str]
) -> None:
    assert (await login(client, username)).status_code == 303
    queue = await client.get("/inspect")
    assert queue.status_code == 200
    assert numbers_in(queue.text, world) == visible
    for key in world.tickets:
        page = await client.get(f"/inspect/tickets/{world.id(key)}")
        if key in visible:
            assert page.status_code == 200, (username, key)
            assert world.tickets[key].number in page.text
        else:
            assert page.status_code == 404, (username, key)  # not an empty page
            assert "不存在或无权查看" in page.text
            assert world.tickets[key].number not in page.text


async def test_filters_naming_another_unit_are_refused(
    world: World, client: httpx.AsyncClient, app_client: MakeClient
) -> None:
    await login(client, "tf1")
    refused = await client.get("/inspect?task_force=TF7_SME")
    assert refused.status_code == 403 and "无权查看专班" in refused.text
    # a task-force member may narrow by township: still only TF1's tickets there
    narrowed = await client.get("/inspect?township=少林街道")
    assert narrowed.status_code == 200
    assert numbers_in(narrowed.text, world) == {"tf1_shaolin"}

    async with app_client() as town:
        await login(town, "shaolin")
        assert (await town.get("/inspect?township=中岳街道")).status_code == 403
        by_force = await town.get("/inspect?task_force=TF7_SME")
        assert by_force.status_code == 200
        assert numbers_in(by_force.text, world) == {"tf7_shaolin"}

    bad = await client.get("/inspect?status=nonsense&page=0")
    assert bad.status_code == 422 and "筛选条件" in bad.text


async def test_queue_filters_and_paging(world: World, client: httpx.AsyncClient) -> None:
    await login(client, "office")
    page1 = await client.get("/inspect?per_page=2")
    assert "共 5 件" in page1.text and "下一页" in page1.text
    assert numbers_in(page1.text, world) == {"tf1_shaolin", "tf7_shaolin"}  # newest first
    page3 = await client.get("/inspect?per_page=2&page=3")
    assert numbers_in(page3.text, world) == {"tf1_zhongyue"} and "下一页" not in page3.text
    grouped = await client.get(f"/inspect?group={world.group_of('tf1_group')}")
    assert numbers_in(grouped.text, world) == {"tf1_zhongyue", "tf1_group"}
    assert numbers_in((await client.get("/inspect?overdue=1")).text, world) == set()
    assert numbers_in((await client.get("/inspect?priority=urgent")).text, world) == set()
    assert numbers_in((await client.get("/inspect?status=closed")).text, world) == set()
    new = await client.get("/inspect?status=new&task_force=TF7_SME&township=大冶镇")
    assert numbers_in(new.text, world) == {"tf7_daye"}


async def test_one_sign_in_for_pages_and_admin_area_then_logout(
    world: World, client: httpx.AsyncClient
) -> None:
    await login(client, "office")
    assert (await client.get("/inspect")).status_code == 200
    # the admin area uses the same session: no second login
    assert (await client.get("/admin/", follow_redirects=False)).status_code == 200
    assert (await client.get("/inspect", follow_redirects=False)).status_code == 200
    out = await client.post("/logout", follow_redirects=False)
    assert out.status_code == 303
    assert (await client.get("/inspect", follow_redirects=False)).status_code == 303
