"""`anxin serve` as deployed: migrate, seed, serve, restart — the data is still there."""

from __future__ import annotations

import os
import subprocess
from typing import Any

import httpx
import pytest


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
    server.env["ANXIN_ACCESS_LOG"] = "true"
    server.start()
    assert httpx.get(f"{server.base_url}/healthz").status_code == 200
    chats = []
    for _ in range(4):  # conversations started on one process continue on the other
        chat = httpx.post(f"{server.base_url}/api/chat/sessions").json()["session_id"]
        turn = httpx.post(
            f"{server.base_url}/api/chat/sessions/{chat}/messages", json={"text": "你好"}
        )
        assert turn.status_code == 200 and turn.json()["awaiting"] == "consent"
        chats.append(chat)
    server.stop()
    # each process logs the app's own INFO lines (a spawned one has no logging set up until
    # it does so itself); the access log masks chat session ids, which let anyone holding
    # one continue that worker's conversation
    log = server.log_text()
    assert "INFO routing.runtime: router rebuilt in" in log, log  # only a child builds one
    assert log.count('"POST /api/chat/sessions/…/messages HTTP/1.1" 200') == 4, log
    assert not any(chat in log for chat in chats)
    assert "DEBUG jieba" not in log and "Building prefix dict" not in log
    listing = server.anxin("users", "list").stdout
    assert "wang" in listing and "supervisor" in listing
    assert "nothing seeded" in server.anxin("demo", "seed").stdout


def test_taken_port_is_one_clear_line(db_url: str, server_factory: Any) -> None:
    """Several processes bind the port each (SO_REUSEPORT); a port another program holds is
    refused before any of them starts, with one line and no traceback."""
    import socket

    if db_url.startswith("postgresql"):
        pytest.skip("the port is bound before any database is opened; one leg is enough")
    server = server_factory(db_url)
    server.anxin("db", "upgrade")
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", server.port))
        holder.listen()
        with pytest.raises(subprocess.CalledProcessError) as failed:
            server.anxin("serve", "--port", str(server.port), "--workers", "2")
    done = failed.value
    assert done.returncode != 0
    lines = [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
    assert len(lines) == 1 and "cannot listen on 127.0.0.1" in lines[0], lines


def test_server_processes_stop_when_their_supervisor_is_killed(
    db_url: str, server_factory: Any
) -> None:
    """`kill -9` of `anxin serve --workers 2` leaves no process serving the port."""
    import time

    if db_url.startswith("postgresql"):
        pytest.skip("the supervisor is the same on both databases; one leg is enough")
    server = server_factory(db_url, ANXIN_WORKERS="2")
    server.anxin("db", "upgrade")
    server.start()
    assert httpx.get(f"{server.base_url}/healthz").status_code == 200
    server.stop(kill=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(f"{server.base_url}/healthz", timeout=1)
        except httpx.HTTPError:
            return  # nobody listens any more
        time.sleep(0.2)
    raise AssertionError("a server process kept serving after its supervisor was killed")


def test_a_server_without_a_bot_imports_neither_aiogram_nor_alembic(tmp_path: Any) -> None:
    """Each `anxin serve` process imports the app: aiogram alone takes seconds to import (it
    builds hundreds of pydantic models), and Alembic is for `anxin db` only."""
    import sys

    probe = (
        "import sys\n"
        "import intake.cli.main\n"
        "from intake.web.app import create_app\n"
        "from intake.settings import Settings\n"
        f"create_app(Settings(database_url='sqlite+aiosqlite:///{tmp_path / 'x.db'}', "
        "secret_key='probe-signing-key-0123'))\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'aiogram', 'alembic'}))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANXIN_")}
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]", done.stdout
