"""Build the routing machinery (employer index, township gazetteer, router) from the database."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import select

from models import Employer, RoutingTableVersion, Township, TownshipAlias
from models.db import read_snapshot
from routing import versions
from routing.employers import service as employer_service
from routing.employers.index import EmployerIndex
from routing.lexicons import LexiconSet
from routing.router import Router
from routing.rules import RoutingTable
from routing.townships import TownshipGazetteer

log = logging.getLogger(__name__)


async def load_gazetteer(
    session: AsyncSession, *, extra_names: set[str] | None = None
) -> TownshipGazetteer:
    towns = {t.id: t.name for t in await session.scalars(select(Township))}
    aliases = {
        a.alias: towns[a.township_id]
        for a in await session.scalars(select(TownshipAlias))
        if a.township_id in towns
    }
    return TownshipGazetteer(set(towns.values()) | (extra_names or set()), aliases)


async def router_from_db(
    session: AsyncSession,
    *,
    table: RoutingTable | None = None,
    lexicons: LexiconSet | None = None,
    index: EmployerIndex | None = None,
) -> Router:
    """The router over the stored registry and townships, with the published table (and its
    lexicons) unless `table` is given."""
    if table is None:
        published = await versions.load_published(session)
        if published is not None:
            table, lexicons = published.table, lexicons or published.lexicons
    index = index if index is not None else await employer_service.load_index(session)
    registry_towns = set(await session.scalars(select(Employer.township).distinct())) - {""}
    gazetteer = await load_gazetteer(session, extra_names=registry_towns)
    return Router(table, index, gazetteer, lexicons)


class RoutingRuntime:
    """The live router of a long-running process.

    It rebuilds the employer index when the registry or its aliases change, and swaps in the
    routing table when another version is published — no restart, and at most one cheap
    signature query per `check_interval_s` on the hot path.
    """

    def __init__(
        self, factory: async_sessionmaker[AsyncSession], *, check_interval_s: float = 2.0
    ) -> None:
        self._factory = factory
        self._interval = check_interval_s
        self._lock = asyncio.Lock()
        self._router: Router | None = None
        self._employers_sig: tuple[object, ...] | None = None
        self._aliases_sig: employer_service.AliasSignature | None = None
        self._follower = employer_service.AliasFollower(floor=0)
        self._towns_sig: tuple[object, ...] | None = None
        self._table_sig: tuple[object, ...] | None = None
        self._checked_at = float("-inf")

    @property
    def check_interval_s(self) -> float:
        """How stale the router may be: a change in the database is seen within this time."""
        return self._interval

    async def router(self) -> Router:
        current = self._router
        if current is not None and (
            time.monotonic() - self._checked_at < self._interval or self._lock.locked()
        ):
            # while one caller refreshes, the others go on with the router they have instead
            # of all waiting for its queries (or for an index rebuild, seconds at 200k rows)
            return current
        async with self._lock:
            if self._router is None or time.monotonic() - self._checked_at >= self._interval:
                await self._refresh()
        assert self._router is not None
        return self._router

    async def refresh_now(self) -> Router:
        async with self._lock:
            await self._refresh()
        assert self._router is not None
        return self._router

    async def _refresh(self) -> None:
        async with self._factory() as session:
            # one snapshot: what the signatures count is what the index loads or follows (an
            # alias committed between two reads would otherwise look unexplained: a rebuild)
            await read_snapshot(session)
            employers_sig = await employer_service.employers_signature(session)
            aliases_sig = await employer_service.aliases_signature(session)
            towns_sig = await _townships_signature(session)
            published = await versions.published_row(session)
            table_sig = (published.id, published.version) if published else (None, None)
            if (
                self._router is None
                or (employers_sig, towns_sig) != (self._employers_sig, self._towns_sig)
                or not await self._follow_aliases(session, aliases_sig)
            ):
                started = time.monotonic()
                self._router = await router_from_db(session)
                log.info("router rebuilt in %.2f s", time.monotonic() - started)
                self._table_sig = table_sig
                self._follower = await employer_service.follower_for(session, aliases_sig)
            elif table_sig != self._table_sig:
                self._router = self._router.with_table(**await _table_kwargs(published))
                self._table_sig = table_sig
            self._employers_sig, self._aliases_sig, self._towns_sig = (
                employers_sig,
                aliases_sig,
                towns_sig,
            )
        self._checked_at = time.monotonic()

    async def _follow_aliases(
        self, session: AsyncSession, now: employer_service.AliasSignature
    ) -> bool:
        """True when the live index is up to date with the stored aliases. A newly confirmed
        spelling is added in place: rebuilding a 200k-row index takes seconds."""
        if self._aliases_sig is None or now == self._aliases_sig:
            return now == self._aliases_sig
        index = self._router.classifier.index if self._router is not None else None
        if index is None:
            return False
        return await employer_service.add_new_aliases(
            session, index, since=self._aliases_sig, now=now, follower=self._follower
        )


async def _table_kwargs(published: RoutingTableVersion | None) -> dict[str, Any]:
    if published is None:
        return {}
    loaded = versions.load_row(published)
    return {"table": loaded.table, "lexicons": loaded.lexicons}


async def registry_signature(session: AsyncSession) -> tuple[object, ...]:
    """The employer registry's signature plus the township aliases (both feed the router)."""
    return (
        *await employer_service.registry_signature(session),
        *await _townships_signature(session),
    )


async def _townships_signature(session: AsyncSession) -> tuple[object, ...]:
    return tuple((await session.execute(select(func.count(), func.max(TownshipAlias.id)))).one())
