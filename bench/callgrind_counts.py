"""Counting instructions with valgrind's callgrind from inside the counted process: the
benchmarks that must tell a few percent of CPU apart on a noisy machine (bench/chat_cpu.py,
bench/route_cpu.py) run themselves under `valgrind --tool=callgrind --instr-atstart=no` and
switch counting on around the work they measure."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any


def callgrind(*command: str) -> None:
    """Switch counting on or off, or dump the counts so far (and zero them)."""
    done = subprocess.run(
        ["callgrind_control", *command, str(os.getpid())], capture_output=True, text=True
    )
    if done.returncode != 0 or "Error" in done.stdout + done.stderr:  # it exits 0 on errors
        raise RuntimeError(f"callgrind_control {command}: {done.stdout}{done.stderr}")


def totals(out: Path) -> list[int]:
    """The instruction totals of the dumps callgrind wrote beside `out`, in order."""
    parts = sorted(out.parent.glob(out.name + ".*"), key=lambda p: int(p.suffix[1:] or 0))
    found = []
    for part in parts:
        for line in part.read_text(errors="replace").splitlines():
            if line.startswith(("totals:", "summary:")):
                found.append(int(line.split()[1]))
                break
    return found


def counted_run(
    script: str, args: list[str], env: dict[str, str], out: Path, *, dumps: int, cwd: Path
) -> tuple[dict[str, Any], list[int]]:
    """Run `script` with `args` under callgrind, counting only where it switches counting
    on; its last stdout line is a JSON report. Returns the report and the `dumps` totals."""
    command = ["valgrind", "--tool=callgrind", "--instr-atstart=no"]
    command += [f"--callgrind-out-file={out}", sys.executable, script, *args]
    done = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True, timeout=3600)
    if done.returncode != 0:
        raise SystemExit(f"the counted run failed:\n{done.stdout[-2000:]}{done.stderr[-4000:]}")
    counts = totals(out)
    if len(counts) < dumps:
        raise SystemExit(f"callgrind wrote {len(counts)} dumps, expected {dumps}")
    return json.loads(done.stdout.strip().splitlines()[-1]), counts
