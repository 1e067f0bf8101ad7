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

    server.start()
    assert httpx.get(f"{server.base_url}/healthz").status_code == 200
    server.stop()
    listing = server.anxin("users", "list").stdout
    assert "wang" in listing and "supervisor" in listing
    assert "nothing seeded" in server.anxin("demo", "seed").stdout
