"""Four clients posting wrong passwords do not stall the workers' chat.

Measured in one run against a real `anxin serve`: the median chat reply while four clients
hammer the token endpoint, against the median with nobody signing in. The wrong-password
limit is raised out of reach here, so every attempt costs a full argon2 check: what keeps
the chat quick is the check's own low-priority thread, not the lockout.
"""

from __future__ import annotations

import statistics
import threading
import time
from typing import Any

import httpx
import pytest

HAMMERS = 4
TURNS = 30
LOADED_S = 2.0  # several argon2 checks' worth


def _chat_latencies(base_url: str, turns: int, *, seconds: float = 0.0) -> list[float]:
    """At least `turns` replies, for at least `seconds`."""
    with httpx.Client(base_url=base_url, timeout=30) as client:
        chat = client.post("/api/chat/sessions").json()["session_id"]
        times: list[float] = []
        until = time.monotonic() + seconds
        while len(times) < turns or time.monotonic() < until:
            start = time.perf_counter()
            resp = client.post(f"/api/chat/sessions/{chat}/messages", json={"text": "你好"})
            times.append(time.perf_counter() - start)
            assert resp.status_code == 200
        return times


def test_chat_stays_quick_while_four_clients_hammer_the_login(
    db_url: str, server_factory: Any
) -> None:
    if db_url.startswith("postgresql"):
        pytest.skip("the password check is the same on both databases; one leg is enough")
    server = server_factory(db_url, ANXIN_LOGIN_MAX_FAILURES="10000", ANXIN_RUN_SWEEPER="false")
    server.anxin("db", "upgrade")
    server.anxin("users", "add", "wang", "--role", "inspector", "--password", "s3cret-pass")
    server.start()
    _chat_latencies(server.base_url, 5)  # warm-up

    stop = threading.Event()
    attempts: list[int] = []

    def hammer(n: int) -> None:
        done = 0
        with httpx.Client(base_url=server.base_url, timeout=30) as client:
            while not stop.is_set():
                user = "wang" if n % 2 else f"ghost{n}"
                resp = client.post(
                    "/api/auth/token", data={"username": user, "password": "wrong-pass"}
                )
                assert resp.status_code in (401, 429), resp.text
                done += 1
        attempts.append(done)

    quiet: list[float] = []
    loaded: list[float] = []
    for _ in range(2):  # alternated, so a slow spell of the machine hits both sides
        quiet += _chat_latencies(server.base_url, TURNS, seconds=LOADED_S)
        stop.clear()
        threads = [threading.Thread(target=hammer, args=(n,)) for n in range(HAMMERS)]
        for t in threads:
            t.start()
        time.sleep(0.5)
        loaded += _chat_latencies(server.base_url, TURNS, seconds=LOADED_S)
        stop.set()
        for t in threads:
            t.join()

    ratio = statistics.median(loaded) / statistics.median(quiet)
    print(
        f"chat median {statistics.median(quiet) * 1000:.1f} ms quiet, "
        f"{statistics.median(loaded) * 1000:.1f} ms with {HAMMERS} clients posting "
        f"{sum(attempts)} wrong passwords; ratio {ratio:.2f}"
    )
    assert sum(attempts) >= 2 * HAMMERS, attempts  # the login really was busy
    assert ratio <= 2.0
