"""`anxin serve --workers 2` keeps serving when a process is killed, even twice in a row."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from intake.cli.serve_processes import MAX_RESTART_PAUSE_S, restart_pause


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # the command may contain spaces and parentheses: the fields follow the last ")"
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[1]) == pid and fields[0] != "Z":
            found.add(int(entry.name))
    return found


def _server_children(pid: int) -> set[int]:
    """The supervisor's server processes (not multiprocessing's resource tracker)."""
    return {
        child
        for child in _children(pid)
        if "resource_tracker"
        not in Path(f"/proc/{child}/cmdline").read_bytes().decode(errors="replace")
    }


def _wait_for(predicate: Any, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_restart_pause_backs_off() -> None:
    assert [restart_pause(n) for n in range(5)] == [1.0, 1.0, 2.0, 4.0, 8.0]
    assert restart_pause(50) == MAX_RESTART_PAUSE_S


def test_a_process_killed_twice_within_ten_seconds_is_restarted(
    db_url: str, server_factory: Any
) -> None:
    if db_url.startswith("postgresql"):
        pytest.skip("the supervisor is the same on both databases; one leg is enough")
    server = server_factory(db_url, ANXIN_WORKERS="2", ANXIN_RUN_SWEEPER="false")
    server.anxin("db", "upgrade")
    server.start()
    supervisor = server.proc.pid
    ready = "Application startup complete"
    assert _wait_for(lambda: server.log_text().count(ready) == 2, 90)  # both serve
    first = _server_children(supervisor)
    killed: list[int] = []
    started = time.monotonic()
    for round_ in range(2):
        # the second kill hits the process started in place of the first, seconds after its
        # start: the case that used to stop the whole service
        now = _server_children(supervisor)
        victim = min(first) if round_ == 0 else max(now - first)
        os.kill(victim, signal.SIGKILL)
        killed.append(victim)
        # connections the dead process had accepted are lost with it (a client retries);
        # once the kernel has closed its socket, every new one goes to the other process
        assert _wait_for(lambda v=victim: v not in _server_children(supervisor), 10)
        time.sleep(0.2)
        answers = [httpx.get(f"{server.base_url}/healthz", timeout=5).status_code for _ in range(5)]
        assert answers == [200] * 5  # the other process answers meanwhile
        assert _wait_for(lambda: len(_server_children(supervisor) - set(killed)) == 2, 30), (
            "the dead process was not replaced"
        )
    assert time.monotonic() - started < 10
    assert _wait_for(lambda: server.log_text().count(ready) >= 3, 90)
    assert _healthy_twice(server.base_url)
    assert server.proc.poll() is None  # the supervisor is still running
    assert "restarting in" in server.log_text()


def _healthy_twice(base_url: str) -> bool:
    try:
        return all(httpx.get(f"{base_url}/healthz", timeout=5).status_code == 200 for _ in range(2))
    except httpx.HTTPError:
        return False
