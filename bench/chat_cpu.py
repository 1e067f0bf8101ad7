"""CPU cost of the complaint dialogue, counted in instructions: repeatable on a noisy machine.

    .venv/bin/python bench/chat_cpu.py [--db postgresql|sqlite] [--complaints N] [--pg-url URL]

bench/chat measures seconds on a real server, and on a shared 2-core machine its figures move
by a tenth from one run to the next: too much to tell whether a change saved 5% of CPU. This
runs the same simulated workers in process against the conversation service (no HTTP), under
valgrind's callgrind, which counts the instructions the process executes whatever else the
machine does. Within one run it counts two phases on a fresh, seeded database:

1. baseline: a turn's bare database work, loading and saving one conversation (the two
   statements every message needs) N*10 times;
2. dialogue: N complaints filed message by message, the workers of bench/chat answering.

and prints instructions per message and per complaint, and the dialogue's ratio to the
baseline. The database server's own work is not counted (bench/chat reports it). Needs
valgrind (Debian package); takes a few minutes, the process runs about 50 times slower.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import secrets
import shutil
from collections.abc import AsyncIterator
from typing import Any

from callgrind_counts import callgrind, counted_run
from chat import Conversation, Stats, anxin, fresh_database, load_world, persona, workspace

from intake.chats.conversation_rows import LOAD, SAVE
from intake.chats.conversations import ConversationService
from intake.dialogue import UserInput
from intake.settings import Settings
from intake.web.app import create_app
from intake.web.chat import render
from models.base import utcnow
from models.db import create_engine

PG_DEFAULT = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
UNDER_CALLGRIND = "ANXIN_BENCH_CALLGRIND_OUT"
WARM_UP = 10  # complaints before counting: caches, prepared statements, jieba


class _Response:
    def __init__(self, status: int, body: str) -> None:
        self.status, self._body = status, body

    async def text(self) -> str:
        return self._body


class InProcess:
    """The two chat API calls bench/chat's workers make, answered by the service directly."""

    def __init__(self, service: ConversationService) -> None:
        self.service = service

    @contextlib.asynccontextmanager
    async def post(
        self,
        url: str,
        json: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,  # bench/chat's Idempotency-Key; off here
    ) -> AsyncIterator[Any]:
        if json is None:  # POST /api/chat/sessions
            session_id = secrets.token_urlsafe(18)
            await self.service.start(channel="web", external_id=session_id)
            yield _Response(201, f'{{"session_id": "{session_id}"}}')
            return
        session_id = url.split("/")[4]  # /api/chat/sessions/{id}/messages
        inp = (
            UserInput.from_text(json["text"])
            if "text" in json
            else UserInput.from_choice(json["choice"])
        )
        turn = await self.service.handle(
            channel="web", external_id=session_id, inp=inp, create=False
        )
        yield _Response(200, render(turn).model_dump_json())


async def counted(db_url: str, complaints: int) -> dict[str, int]:
    """Runs under callgrind: the warm-up uncounted, then the two phases, each dumped."""
    engine = create_engine(db_url)
    app = create_app(
        Settings(database_url=db_url, run_sweeper=False, secret_key="bench-chat-cpu-signing-key"),
        engine=engine,
    )
    service: ConversationService = app.state.conversations
    await app.state.routing_runtime.router()
    world = await load_world(db_url)
    client: Any = InProcess(service)  # stands in for bench/chat's aiohttp session
    rng = random.Random(7)
    stats = Stats()
    for n in range(WARM_UP):
        await Conversation(client, stats, 0).file(persona(rng, world, n), rng)

    factory = app.state.session_factory
    await service.start(channel="web", external_id="baseline")  # what the baseline turns on
    baseline_turns = complaints * 10

    callgrind("-i", "on")
    # the same SQLAlchemy statements in a transaction whatever the service does with them
    # (on PostgreSQL it sends them to asyncpg directly): a yardstick that stays put
    for _ in range(baseline_turns):
        async with factory() as session:
            conn = await session.connection()
            params = {"channel": "web", "external_id": "baseline", "known": None}
            row = (await conn.execute(LOAD, params)).one()
            await conn.execute(
                SAVE,
                {
                    "row_id": row.id,
                    "seen": row.revision,
                    "now": utcnow(),
                    "new_state": row.state,
                    "new_awaiting": "consent",
                },
            )
            await session.commit()
    callgrind("--dump=baseline")
    stats = Stats()
    for n in range(complaints):
        conversation = Conversation(client, stats, 0)
        await conversation.file(persona(rng, world, WARM_UP + n), rng)
    callgrind("--dump=dialogue")
    callgrind("-i", "off")
    await engine.dispose()
    return {
        "baseline_turns": baseline_turns,
        "messages": len(stats.latencies),
        "completed": stats.completed,
        "errors": stats.errors + stats.stuck,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="postgresql")
    parser.add_argument("--complaints", type=int, default=20)
    parser.add_argument("--pg-url", default=PG_DEFAULT, help="maintenance database URL")
    parser.add_argument(
        "--keep", action="store_true", help="keep the callgrind files (for callgrind_annotate)"
    )
    args = parser.parse_args()
    if os.environ.get(UNDER_CALLGRIND):  # the child: count and report back as JSON
        print(json.dumps(asyncio.run(counted(os.environ["ANXIN_DATABASE_URL"], args.complaints))))
        return
    if shutil.which("valgrind") is None or shutil.which("callgrind_control") is None:
        raise SystemExit("bench/chat_cpu needs valgrind: apt-get install -y valgrind")
    if args.complaints < 1:
        parser.error("--complaints must be >= 1")

    with workspace(args.keep) as workdir, fresh_database(args.db, args.pg_url, workdir) as url:
        anxin(url, workdir, "db", "upgrade")
        anxin(url, workdir, "demo", "seed")
        out = workdir / "callgrind.out"
        env = {**os.environ, "ANXIN_DATABASE_URL": url, UNDER_CALLGRIND: str(out)}
        report, counts = counted_run(
            __file__, ["--complaints", str(args.complaints)], env, out, dumps=2, cwd=workdir
        )
    baseline, dialogue = counts[0], counts[1]
    per_turn = baseline / report["baseline_turns"]
    per_message = dialogue / report["messages"]
    print(f"db={args.db} complaints={args.complaints} (after {WARM_UP} uncounted)")
    print(f"filed {report['completed']}, errors or stuck {report['errors']}")
    print(f"{'':44s}{'instructions':>16s}")
    print(f"{'baseline: load + save one conversation':44s}{per_turn:16,.0f} per turn")
    print(f"{'dialogue: per message':44s}{per_message:16,.0f}")
    print(f"{'dialogue: per complaint':44s}{dialogue / report['completed']:16,.0f}")
    print(f"{'messages per complaint':44s}{report['messages'] / report['completed']:16.2f}")
    print(f"{'message / baseline turn':44s}{per_message / per_turn:16.2f}")


if __name__ == "__main__":
    main()
