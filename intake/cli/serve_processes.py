"""`anxin serve --workers N`: N server processes, each with its own listening socket.

Uvicorn's own `--workers` shares one socket among the processes, and whichever process wakes
first accepts every connection waiting in the queue: a burst of clients (a phone network's
proxy, a benchmark, a load balancer opening its keep-alive pool) then lands on one process
while the others idle. Each process here binds the port itself with SO_REUSEPORT, and the
kernel spreads new connections evenly over them (as nginx's `reuseport` does).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import logging
import multiprocessing
import os
import signal
import socket
import time
from multiprocessing.context import SpawnProcess
from types import FrameType

log = logging.getLogger("anxin.serve")
APP = "intake.web.app:app_from_environment"
EARLY_EXIT_S = 10.0  # a process that dies this soon after its start is crashing, not unlucky
RESTART_PAUSE_S = 1.0
MAX_RESTART_PAUSE_S = 60.0
PR_SET_PDEATHSIG = 1  # linux/prctl.h


def restart_pause(early_deaths: int) -> float:
    """Seconds before starting a dead process again: 1 s, then doubling for each death
    soon after a start, at most a minute."""
    return min(MAX_RESTART_PAUSE_S, RESTART_PAUSE_S * 2 ** max(0, early_deaths - 1))


def reuseport_socket(host: str, port: int) -> socket.socket:
    """A socket bound to host:port that other processes may bind too (OSError if not)."""
    reuseport = getattr(socket, "SO_REUSEPORT", None)
    if reuseport is None:  # Windows
        raise OSError(errno.ENOPROTOOPT, "SO_REUSEPORT is not available: run one process")
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.SOL_SOCKET, reuseport, 1)
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    return sock


def _die_with_parent() -> None:
    """Linux: SIGTERM this process when the supervisor dies, even by SIGKILL, so no server
    process is left holding the port. Elsewhere, nothing."""
    parent = os.getppid()
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the supervisor died before prctl took effect
        os.kill(os.getpid(), signal.SIGTERM)


def _serve_one(host: str, port: int, log_level: str, access_log: bool) -> None:  # a child
    import uvicorn

    from intake.cli import logs

    _die_with_parent()
    logs.configure(log_level)  # a spawned process inherits no logging set-up
    try:
        sock = reuseport_socket(host, port)
    except OSError as exc:  # taken meanwhile: one line, and the supervisor stops
        raise SystemExit(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    config = uvicorn.Config(
        APP,
        factory=True,
        host=host,
        port=port,
        log_level=log_level.lower(),
        access_log=access_log,
    )
    uvicorn.Server(config).run(sockets=[sock])


class Supervisor:
    """Starts the processes, restarts one that dies, and stops them all on SIGINT/SIGTERM."""

    def __init__(
        self,
        *,
        host: str,
        port: int,
        workers: int,
        log_level: str = "info",
        access_log: bool = False,
    ) -> None:
        self._args = (host, port, log_level, access_log)
        self._workers = workers
        self._ctx = multiprocessing.get_context("spawn")  # no forked event loops or pools
        self._procs: list[tuple[SpawnProcess, float]] = []
        self._stopping = False

    def _start(self) -> tuple[SpawnProcess, float]:
        proc = self._ctx.Process(target=_serve_one, args=self._args, daemon=False)
        proc.start()
        return proc, time.monotonic()

    def _stop(self, signum: int, _frame: FrameType | None) -> None:
        self._stopping = True
        for proc, _ in self._procs:
            if proc.is_alive() and proc.pid is not None:
                with contextlib.suppress(ProcessLookupError):
                    # SIGTERM even for Ctrl-C: the terminal already sent the children SIGINT,
                    # and a second SIGINT would make uvicorn skip its graceful shutdown
                    os.kill(proc.pid, signal.SIGTERM)

    def run(self) -> int:
        """Serve until stopped; the exit code for the command."""
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        self._procs = [self._start() for _ in range(self._workers)]
        host, port, *_ = self._args
        log.info("serving on http://%s:%s with %d processes", host, port, self._workers)
        # per process slot: consecutive early deaths, and when a dead one is started again
        early_deaths = [0] * self._workers
        restart_at: list[float | None] = [None] * self._workers
        while not self._stopping:
            time.sleep(0.2)
            now = time.monotonic()
            for i, (proc, started) in enumerate(self._procs):
                if self._stopping:
                    break
                if restart_at[i] is not None:
                    if now >= (restart_at[i] or 0):
                        restart_at[i] = None
                        self._procs[i] = self._start()
                    continue
                if proc.is_alive():
                    continue
                # a process that lived a while starts again at once; one that keeps dying
                # soon after its start waits ever longer, so a crash loop does not spin
                early_deaths[i] = early_deaths[i] + 1 if now - started < EARLY_EXIT_S else 0
                pause = restart_pause(early_deaths[i])
                log.warning(
                    "server process %s died (code %s): restarting in %.0f s",
                    proc.pid,
                    proc.exitcode,
                    pause,
                )
                restart_at[i] = now + pause
        self._join()
        return 0

    def _join(self) -> None:
        for proc, _ in self._procs:
            proc.join(timeout=30)
            if proc.is_alive():
                proc.kill()
                proc.join(timeout=5)
