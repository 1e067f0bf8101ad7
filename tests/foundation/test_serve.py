"""`anxin serve` as deployed: migrate, seed, serve, restart — the data is still there."""

from __future__ import annotations

from typing import Any

import httpx


def test_data_survives_restart(db_url: str, server_factory: Any) -> None:
    server = server_factory(db_url)
    server.anxin("db", "upgrade")
    server.anxin("demo", "seed")
    server.anxin("users", "add", "wang", "--role", "supervisor", "--password", "s3cret-pass")

    server.start()
    assert httpx.get(f"{server.base_url}/healthz").json()["status"] == "ok"
    assert "开始反映" in httpx.get(server.base_url + "/").text
    server.stop()

    server.env["ANXIN_WORKERS"] = "2"  # restarted as two processes on one port
    server.start()
    assert httpx.get(f"{server.base_url}/healthz").status_code == 200
    for _ in range(4):  # conversations started on one process continue on the other
        chat = httpx.post(f"{server.base_url}/api/chat/sessions").json()["session_id"]
        turn = httpx.post(
            f"{server.base_url}/api/chat/sessions/{chat}/messages", json={"text": "你好"}
        )
        assert turn.status_code == 200 and turn.json()["awaiting"] == "consent"
    server.stop()
    listing = server.anxin("users", "list").stdout
    assert "wang" in listing and "supervisor" in listing
    assert "nothing seeded" in server.anxin("demo", "seed").stdout
