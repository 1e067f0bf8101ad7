"""The conversation service: one turn of the complaint dialogue for any channel.

Load the state of (channel, external id); let the inbound router (intake/chats/inbound.py) take an
answer to an inspector's question or to the follow-up, else run the engine and carry out its
effects (store, route and ticket a complaint); and save the new state: whatever the turn
writes commits in one transaction, guarded by an optimistic revision check so two replicas
(or two quick messages) never lose an update. (On PostgreSQL the state is read, and a turn
that writes nothing else saved, in autocommit: the revision check is what protects it, not
the transaction. A state this process saved seconds ago is not even read again: see
`_load`.) A connection lost while committing is not a lost answer: the turn looks up whether
its save was stored (`_stored_as`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import weakref
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker
from sqlmodel import select

from intake.chats import complaints, inbound
from intake.chats import conversation_rows as rows
from intake.chats.recent_conversations import RecentConversations
from intake.dialogue import (
    AddEvidence,
    AttachToComplaint,
    ComplaintStatus,
    DialogueState,
    OpenComplaint,
    Reply,
    Slot,
    StepResult,
    SubmitComplaint,
    UserInput,
    load_resources,
    load_state,
    new_state,
    on_submit_failed,
    on_submitted,
    step,
)
from intake.settings import Settings
from intake.tickets.notices import RecentRecipients
from intake.tickets.sla import SlaPolicy
from models import Ticket
from models.base import utcnow
from models.codes.channel import CHANNELS
from routing.employers.index import MatchResult
from routing.router import Router
from routing.runtime import RoutingRuntime

log = logging.getLogger(__name__)
# How long a state this process saved is taken as current without reading the row: uvicorn's
# keep-alive timeout, so a message that came after a pause over a new connection (which may
# have reached another process) reads it.
TRUST_RECENT_S = 5.0


class StaleState(Exception):
    """Another turn of the same conversation saved first; this one is retried."""


class UnknownConversation(LookupError):
    """The channel creates its conversations explicitly (web chat) and this one is not there."""


class CommitOutcomeUnknown(Exception):
    """The connection failed while committing a turn; whether it was stored is unknown."""


class TurnNotStored(Exception):
    """The connection was lost committing a turn, and the turn was found not stored: it is
    run again."""


class AlreadyHandled(Exception):
    """Raised by a turn hook: this input was processed before (a redelivered update)."""


# Runs inside the turn's transaction, before commit: the channel stores what must commit with
# the turn (processed update ids, replies queued in the outbox). Raise AlreadyHandled to drop.
TurnHook = Callable[[AsyncSession, "Turn"], Awaitable[None]]


@dataclass
class Turn:
    """What a channel renders after one input."""

    replies: list[Reply]
    awaiting: Slot
    complaint_id: int | None = None
    ticket_number: str | None = None
    state: DialogueState | None = field(default=None, repr=False)


@dataclass
class _Context:
    """The engine's view of the world for one turn (see intake.dialogue.DialogueContext)."""

    now: datetime
    router: Router
    session: AsyncSession

    @property
    def townships(self) -> Sequence[str]:
        gazetteer = self.router.classifier.townships
        return gazetteer.names if gazetteer is not None else []

    def match_employer(self, text: str) -> MatchResult:
        index = self.router.classifier.index
        if index is None:
            return MatchResult(query=text, match=None)
        return index.match(text)

    def find_township(self, text: str) -> str | None:
        gazetteer = self.router.classifier.townships
        return gazetteer.find_answer(text) if gazetteer is not None else None

    async def find_open_complaint(
        self, *, phone: str, employer_id: str | None, employer_name: str
    ) -> OpenComplaint | None:
        return await complaints.find_open_complaint(
            self.session, phone=phone, employer_id=employer_id, employer_name=employer_name
        )

    async def complaint_statuses(
        self, *, phone: str | None, ticket_numbers: Sequence[str]
    ) -> list[ComplaintStatus]:
        return await complaints.complaint_statuses(
            self.session, phone=phone, ticket_numbers=ticket_numbers
        )


def _retry_if_reconnected(exc: DBAPIError, *, retried: bool, doing: str) -> None:
    """Return when the caller should try once more: its pooled connection died (the database
    restarted) before anything was committed, and SQLAlchemy has invalidated the pool, so the
    next attempt connects afresh. Anything else, or a second loss, is raised."""
    if retried or not exc.connection_invalidated:
        raise exc
    log.warning("database connection lost %s; retrying", doing)


async def _commit(session: AsyncSession, conversation: str) -> None:
    try:
        await session.commit()
    except DBAPIError as exc:
        # it may have committed before the connection died: replaying the work could apply
        # an input twice, so this fails instead of being retried as a lost connection
        raise CommitOutcomeUnknown(conversation) from exc


def _pool_size(bind: object) -> int:
    """How many connections the engine's pool keeps (10 when it cannot say)."""
    pool = getattr(bind, "pool", None)
    size = getattr(pool, "size", None)
    return max(1, size()) if callable(size) else 10


class ConversationService:
    def __init__(
        self,
        factory: async_sessionmaker[AsyncSession],
        runtime: RoutingRuntime,
        *,
        policy: SlaPolicy | None = None,
        clock: Callable[[], datetime] = utcnow,
        max_concurrent_turns: int | None = None,
        keep_recent: int = 2048,
        trust_recent_s: float = TRUST_RECENT_S,
    ) -> None:
        self._factory = factory
        self._runtime = runtime
        self._policy = policy or SlaPolicy()
        self._clock = clock
        # One turn at a time per conversation in this process; replicas rely on the revision.
        self._locks: weakref.WeakValueDictionary[tuple[str, str], asyncio.Lock] = (
            weakref.WeakValueDictionary()
        )
        # SQLite has one writer at a time: queue turns here rather than each holding a pooled
        # connection while it waits on the file lock (PostgreSQL runs them side by side)
        bind = factory.kw.get("bind")
        self._one_writer = (
            asyncio.Lock() if bind is not None and bind.dialect.name == "sqlite" else None
        )
        # Most turns write nothing but their conversation row, whose revision check already
        # keeps two turns from overwriting each other: on PostgreSQL they read and save in
        # autocommit, two round trips instead of BEGIN, SELECT, UPDATE, COMMIT. (SQLite gains
        # nothing: pysqlite sends no BEGIN before a read, and leaving autocommit costs a PRAGMA.)
        self._autocommit = (
            {"isolation_level": "AUTOCOMMIT"}
            if bind is not None and bind.dialect.name == "postgresql"
            else None
        )
        # No more turns at once than the pool has connections; the rest wait here, first come
        # first served. Waiting in the pool instead lets newly arrived requests overtake those
        # already waiting (asyncio.Queue hands a returned connection to whoever asks first),
        # and under load some workers waited over a second for each reply, ten times others.
        self._admission = asyncio.Semaphore(max_concurrent_turns or _pool_size(bind))
        # the conversations saved here last (about 20 kB each): their next turn need not
        # fetch and decode the state again
        self._recent = RecentConversations(keep_recent)
        self._trust_recent_s = trust_recent_s
        self._recipients = RecentRecipients(runtime.check_interval_s)

    @property
    def check_interval_s(self) -> float:
        """How old a serving process's view of what admins change may be (the routing
        table, the task forces' chats): the router's check interval."""
        return self._runtime.check_interval_s

    @classmethod
    def configured(
        cls,
        factory: async_sessionmaker[AsyncSession],
        runtime: RoutingRuntime,
        settings: Settings,
    ) -> ConversationService:
        """The service as the ANXIN_* settings ask (the server, the bot, the terminal)."""
        return cls(
            factory,
            runtime,
            policy=settings.sla_policy(),
            keep_recent=settings.recent_conversations,
        )

    async def warm_up(self) -> None:
        """Load what the first turn would otherwise wait for, before serving: the engine's
        catalog and converters (0.1 s), and the router (employer index, townships, jieba's
        dictionary: seconds on a big registry). A database that is not there yet only defers
        the router to the first turn."""
        load_resources()
        try:
            await self._runtime.router()
        except Exception as exc:
            log.warning("router not built at start-up, the first turn builds it: %s", exc)

    def _lock(self, key: tuple[str, str]) -> asyncio.Lock:
        lock = self._locks.get(key)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[key] = lock
        return lock

    async def handle(
        self, *, channel: str, external_id: str, inp: UserInput, create: bool = True
    ) -> Turn:
        """One turn of the conversation (channel, external_id); with `create=False` a missing
        conversation raises UnknownConversation instead of starting one."""
        turn = await self.handle_with(
            channel=channel, external_id=external_id, inp=inp, create=create
        )
        assert turn is not None  # only a hook can drop a turn
        return turn

    async def handle_with(
        self,
        *,
        channel: str,
        external_id: str,
        inp: UserInput,
        hook: TurnHook | None = None,
        create: bool = True,
    ) -> Turn | None:
        """One turn with a hook run in its transaction; None when the hook dropped it."""
        if channel not in CHANNELS:
            raise ValueError(f"unknown channel {channel!r}")
        key = (channel, external_id)
        lost = False
        async with self._lock(key), self._admission:
            for _attempt in range(5):
                try:
                    if self._one_writer is None:
                        return await self._turn(channel, external_id, inp, hook, create)
                    async with self._one_writer:
                        return await self._turn(channel, external_id, inp, hook, create)
                except AlreadyHandled:
                    return None
                except StaleState:
                    self._recent.forget(key)
                    log.info("conversation %s:%s changed meanwhile; retrying", *key)
                except TurnNotStored:
                    if lost:
                        raise
                    log.warning("database connection lost committing a turn; retrying")
                    lost = True
                except DBAPIError as exc:
                    _retry_if_reconnected(exc, retried=lost, doing="during a turn")
                    lost = True
            raise RuntimeError(f"conversation {channel}:{external_id} keeps changing")

    async def start(self, *, channel: str, external_id: str) -> None:
        """Create the empty conversation (channel, external_id) that later turns continue.

        Admitted like a turn: at the start of a burst a request outside the admission limit
        would take an overflow connection, opened and closed again just for this insert."""
        if channel not in CHANNELS:
            raise ValueError(f"unknown channel {channel!r}")
        for attempt in range(2):
            try:
                async with self._admission, self._factory() as session:
                    # one statement: in autocommit where that saves the BEGIN and COMMIT
                    conn = await session.connection(execution_options=self._autocommit)
                    await rows.create(conn, channel, external_id, now=self._clock())
                    await _commit(session, f"{channel}:{external_id}")
                return
            except DBAPIError as exc:
                _retry_if_reconnected(exc, retried=attempt > 0, doing="starting a conversation")

    async def current(self, *, channel: str, external_id: str) -> DialogueState | None:
        """The stored state (None before the first turn); UnknownConversation if no such
        conversation was ever started."""
        async with self._factory() as session:
            row = await rows.load(await session.connection(), channel, external_id)
        if row is None:
            raise UnknownConversation(f"{channel}:{external_id}")
        return load_state(row.state) if row.state else None

    async def _turn(
        self, channel: str, external_id: str, inp: UserInput, hook: TurnHook | None, create: bool
    ) -> Turn:
        now = self._clock()
        router = await self._runtime.router()
        async with self._factory() as session:
            conn = await session.connection(execution_options=self._autocommit)
            # asyncpg itself while the connection is in autocommit (see conversation_rows)
            driver = await rows.autocommit_driver(conn) if self._autocommit else None
            row, state = await self._load(conn, channel, external_id, driver, create)
            ctx = _Context(now=now, router=router, session=session)
            # an answer to an inspector's question or to the follow-up, or the dialogue's
            state, routed = await inbound.route(
                session, channel=channel, external_id=external_id, state=state, inp=inp
            )
            result = (
                StepResult(routed.state, routed.replies)
                if routed is not None
                else await step(state, inp, ctx)
            )
            answers = routed.effects if routed is not None else []
            writes = bool(result.effects or answers) or hook is not None or row is None
            if writes and self._autocommit is not None:
                # what follows must commit as one unit: end the autocommit reads, so that the
                # next statement checks out a connection in a transaction of its own
                await session.commit()
                driver = None
            state, replies = result.state, list(result.replies)
            if routed is not None:
                replies = inbound.in_script(replies, state)
                replies.extend(await self._answer(answers, state, ctx, channel, external_id))
                if routed.back_to_draft and inbound.mid_draft(state):
                    # the new complaint carries on where it was: its question again
                    again = await step(state, UserInput.from_text("/start"), ctx)
                    replies.extend(again.replies)
            for n, effect in enumerate(result.effects):
                # a failed submission undoes only itself: inside a savepoint when an earlier
                # effect of this turn may have written something, else by rolling back the
                # whole transaction, which holds nothing else yet (two round trips fewer)
                outcome = await self._carry_out(
                    effect, state, ctx, channel, external_id, router, keep_earlier=n > 0
                )
                if outcome is not None:
                    state = outcome.state
                    replies.extend(outcome.replies)
            latest = state.tickets[-1] if state.tickets else None
            ticket = latest.ticket_number if latest is not None else None
            complaint_id = latest.complaint_id if latest is not None else None
            if ticket is not None and complaint_id is None:  # a state saved before tickets had it
                complaint_id = await session.scalar(
                    select(Ticket.complaint_id).where(Ticket.number == ticket)
                )
            turn = Turn(replies, state.awaiting, complaint_id, ticket, state)
            revision = row.revision + 1 if row is not None else 1
            row_id: int | None = None  # known once committed
            try:
                saved_to = await self._save(session, row, channel, external_id, state, now, driver)
                if hook is not None:
                    await hook(session, turn)
                # with the driver the autocommit save was the commit: SQLAlchemy's commit of
                # its empty transaction would only cost CPU
                if driver is None:
                    await _commit(session, f"{channel}:{external_id}")
                row_id = saved_to
            except CommitOutcomeUnknown:
                pass  # the connection was lost once the save (or the commit) was sent
        if row_id is None:
            # looked up once the turn's connection is given back: were every turn holding
            # one to wait for a second, a database outage would exhaust the pool
            row_id = await self._stored_as(channel, external_id, revision, now)
        self._recent.keep((channel, external_id), row_id, revision, state)
        return turn

    async def _stored_as(self, channel: str, external_id: str, revision: int, now: datetime) -> int:
        """After the connection was lost committing a turn: whether its save, as `revision`
        stamped `now`, was stored. The row id if it was; TurnNotStored if it was not (the
        turn is run again); CommitOutcomeUnknown if that cannot be told (the database still
        gone, or another process saved the conversation again since, maybe on top of it)."""
        for attempt in range(2):
            try:
                async with self._factory() as session:
                    stored = await rows.saved(await session.connection(), channel, external_id)
                break
            except DBAPIError as exc:
                if attempt > 0 or not exc.connection_invalidated:
                    raise CommitOutcomeUnknown(f"{channel}:{external_id}") from exc
        if stored is None or stored.revision == revision - 1:
            raise TurnNotStored(f"{channel}:{external_id}")
        if stored.revision == revision and stored.updated_at == now:
            return stored.id
        if stored.revision == revision:  # another process saved first: this one failed
            raise TurnNotStored(f"{channel}:{external_id}")
        raise CommitOutcomeUnknown(f"{channel}:{external_id}")

    async def _load(
        self, conn: AsyncConnection, channel: str, external_id: str, driver: Any, create: bool
    ) -> tuple[rows.Stored | None, DialogueState]:
        """The stored conversation (None: not yet) and its state, the one kept here if nobody
        saved another since.

        A state this process saved a moment ago is taken without reading the row: the
        worker's next message came over the same kept-alive connection, so almost surely
        nobody else saved since, and if somebody did, the save's revision check fails and the
        turn runs again on what they saved. Not when the pooled connection is known to be
        dead already: the read finds that out before anything is sent that might be stored."""
        kept = self._recent.get((channel, external_id))
        if (
            kept is not None
            and time.monotonic() - kept.saved_at < self._trust_recent_s
            and (driver is None or not driver.is_closed())
        ):
            return rows.Stored(kept.row_id, kept.revision, None), kept.state
        known = kept.revision if kept is not None else None
        row = await rows.load(conn, channel, external_id, known=known, driver=driver)
        if row is None and not create:
            raise UnknownConversation(f"{channel}:{external_id}")
        if row is not None and kept is not None and row.revision == kept.revision:
            return row, kept.state
        if row is not None and row.state:
            return row, load_state(row.state)
        return row, new_state(f"{channel}:{external_id}")

    async def _carry_out(
        self,
        effect: object,
        state: DialogueState,
        ctx: _Context,
        channel: str,
        external_id: str,
        router: Router,
        *,
        keep_earlier: bool,
    ) -> StepResult | None:
        session = ctx.session
        if isinstance(effect, SubmitComplaint | AttachToComplaint):
            try:
                async with session.begin_nested() if keep_earlier else contextlib.nullcontext():
                    if isinstance(effect, SubmitComplaint):
                        receipt = await complaints.submit(
                            session,
                            effect=effect,
                            channel=channel,
                            external_id=external_id,
                            router=router,
                            now=ctx.now,
                            policy=self._policy,
                            recipients=self._recipients,
                        )
                    else:
                        receipt = await complaints.attach(
                            session, effect=effect, now=ctx.now, policy=self._policy
                        )
            except Exception:  # the worker keeps the draft and may confirm again
                log.exception("storing complaint %s failed", effect.idempotency_key)
                if not keep_earlier:
                    await session.rollback()
                return on_submit_failed(state, effect.idempotency_key, ctx)
            return on_submitted(state, receipt, ctx)
        if isinstance(effect, AddEvidence):
            await complaints.add_evidence(session, effect=effect, now=ctx.now)
        # FlagUnknownEmployer: the complaint row carries employer_unmatched for the admins
        return None

    async def _answer(
        self,
        answers: list[inbound.Answer],
        state: DialogueState,
        ctx: _Context,
        channel: str,
        external_id: str,
    ) -> list[Reply]:
        """Land the worker's answers on their tickets (the draft, if any, is untouched)."""
        replies: list[Reply] = []
        for answer in answers:
            replies.extend(
                await inbound.carry_out(
                    ctx.session,
                    answer,
                    channel=channel,
                    external_id=external_id,
                    now=ctx.now,
                    policy=self._policy,
                    recipients=self._recipients.get,
                )
            )
        return inbound.in_script(replies, state)

    @staticmethod
    async def _save(
        session: AsyncSession,
        row: rows.Stored | None,
        channel: str,
        external_id: str,
        state: DialogueState,
        now: datetime,
        driver: Any | None,
    ) -> int:
        """Save the turn's state; the conversation's row id."""
        if driver is not None:  # a plain turn in autocommit: this statement is the commit
            assert row is not None  # a new conversation is stored in a transaction
            try:
                saved = await rows.save_direct(driver, row, state, now=now)
            except Exception as exc:
                # it may have been stored: replaying the input could apply it twice. SQLAlchemy
                # did not see the failure, so the dead connection is dropped here.
                with contextlib.suppress(Exception):
                    await (await session.connection()).invalidate(exc)
                raise CommitOutcomeUnknown(f"{channel}:{external_id}") from exc
            if not saved:
                raise StaleState
            return row.id
        conn = await session.connection()
        if row is None:
            try:
                async with conn.begin_nested():
                    return await rows.create(conn, channel, external_id, now=now, state=state)
            except IntegrityError as exc:
                raise StaleState from exc
        if not await rows.save(conn, row, state, now=now):
            await session.rollback()
            raise StaleState
        return row.id
