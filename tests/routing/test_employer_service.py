"""The registry in the database: idempotent import, aliases, index loading, change signature."""

from __future__ import annotations

import asyncio
import dataclasses

import pytest
from employer_registry_sample import make_uscc, records
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import select

from models.employers import Employer, EmployerAlias
from routing.employers import service
from routing.employers.registry import EmployerRecord
from routing.runtime import RoutingRuntime


async def test_import_is_an_idempotent_upsert(session: AsyncSession) -> None:
    recs = records()
    first = await service.import_records(session, records=recs)
    await session.commit()
    assert (first.inserted, first.updated, first.unchanged, first.errors) == (len(recs), 0, 0, [])

    again = await service.import_records(session, records=recs)
    await session.commit()
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, len(recs))

    renamed = dataclasses.replace(recs[0], name="柳河县恒岳建筑安装工程有限公司")
    third = await service.import_records(session, records=[renamed])
    await session.commit()
    assert (third.inserted, third.updated) == (0, 1)
    assert [
        r.name
        for r in (service.record_of(e) for e in await session.scalars(select(Employer)))
        if r.id == "1"
    ] == [renamed.name]


async def test_uscc_owned_by_another_id_is_reported(session: AsyncSession) -> None:
    await service.import_records(session, records=records()[:3])
    clash = EmployerRecord("77", "别家公司", make_uscc(1, "91"), "services", "private", "")
    report = await service.import_records(session, records=[clash])
    assert report.inserted == 0
    assert [(e.row_id, "already belongs to id 1" in e.reason) for e in report.errors] == [
        ("77", True)
    ]


async def test_index_from_database_with_aliases(session: AsyncSession) -> None:
    await service.import_records(session, records=records())
    await session.commit()
    before = await service.registry_signature(session)
    alias = await service.confirm_alias(
        session, text="老柳河自来水厂", registry_id="14", source="inspector"
    )
    await session.commit()
    assert alias is not None and alias.alias == "老柳河自来水厂"
    assert await service.confirm_alias(session, text="  ", registry_id="14") is None
    assert await service.confirm_alias(session, text="某厂", registry_id="nope") is None
    assert await service.registry_signature(session) != before

    index = await service.load_index(session)
    assert len(index) == len(records())
    got = index.match("就是老柳河自来水厂").match
    assert got is not None and got.record.id == "14"
    plain = index.match("德信建筑").match
    assert plain is not None and plain.record.id == "16"


async def test_signature_follows_edits(session: AsyncSession) -> None:
    await service.import_records(session, records=records()[:5])
    await session.commit()
    sig = await service.registry_signature(session)
    assert await service.registry_signature(session) == sig  # stable while nothing changes
    await service.import_records(
        session, records=[dataclasses.replace(records()[0], township="石门街道")]
    )
    await session.commit()
    assert await service.registry_signature(session) != sig


async def test_live_router_adds_a_confirmed_spelling_without_rebuilding(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    await service.import_records(session, records=records())
    await session.commit()
    runtime = RoutingRuntime(session_factory, check_interval_s=0)
    index = (await runtime.router()).classifier.index
    assert index is not None

    await service.confirm_alias(session, text="老柳河自来水厂", registry_id="14")
    await session.commit()
    router = await runtime.router()
    assert router.classifier.index is index  # the same index, the spelling added in place
    got = index.match("老柳河自来水厂").match
    assert got is not None and got.record.id == "14"

    # the same spelling confirmed for another employer: rebuilt, and it follows
    await service.confirm_alias(session, text="老柳河自来水厂", registry_id="16")
    await session.commit()
    moved = (await runtime.router()).classifier.index
    assert moved is not None and moved is not index
    got = moved.match("老柳河自来水厂").match
    assert got is not None and got.record.id == "16"


async def test_the_same_spelling_confirmed_twice_at_once(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    await service.import_records(session, records=records())
    await session.commit()

    async def confirm() -> None:
        async with session_factory() as own:
            await service.confirm_alias(own, text="恒岳那个建筑队", registry_id="1")
            await own.commit()

    await asyncio.gather(*(confirm() for _ in range(4)))
    rows = list(await session.scalars(select(EmployerAlias)))
    assert [(r.alias, r.employer_id) for r in rows] == [("恒岳那个建筑队", rows[0].employer_id)]


async def test_turns_go_on_with_the_live_router_while_it_refreshes(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    """One caller refreshes; callers arriving meanwhile get the router they had at once
    instead of queueing behind the refresh."""
    await service.import_records(session, records=records())
    await session.commit()
    runtime = RoutingRuntime(session_factory, check_interval_s=0)
    first = await runtime.router()

    release = asyncio.Event()
    real_refresh = runtime._refresh

    async def slow_refresh() -> None:
        await release.wait()
        await real_refresh()

    runtime._refresh = slow_refresh  # type: ignore[method-assign]
    refreshing = asyncio.create_task(runtime.router())
    await asyncio.sleep(0)  # the refresh has taken the lock and waits
    assert not refreshing.done()
    assert await asyncio.wait_for(runtime.router(), timeout=1) is first
    release.set()
    assert await refreshing is not None


async def test_spellings_committed_out_of_id_order_are_added_in_place(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    """Two workers confirm at once: the one with the smaller id commits second. The live
    index still takes both in place, without a rebuild."""
    await service.import_records(session, records=records())
    await session.commit()
    runtime = RoutingRuntime(session_factory, check_interval_s=0)
    index = (await runtime.router()).classifier.index
    assert index is not None
    employer_id = await session.scalar(select(Employer.id).where(Employer.registry_id == "14"))
    assert employer_id is not None

    session.add(EmployerAlias(id=900, alias="老柳河自来水厂", employer_id=employer_id))
    await session.commit()
    assert (await runtime.router()).classifier.index is index
    session.add(EmployerAlias(id=800, alias="柳河水厂那边", employer_id=employer_id))
    await session.commit()
    assert (await runtime.router()).classifier.index is index  # not rebuilt
    for spelling in ("老柳河自来水厂", "柳河水厂那边"):
        got = index.match(spelling).match
        assert got is not None and got.record.id == "14", spelling


async def test_a_spelling_committed_late_across_a_rebuild_is_added_in_place(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    """An alias whose id was taken before the index was built commits after it (a worker's
    confirmation still in flight): it is taken in place, not by a second rebuild."""
    await service.import_records(session, records=records())
    employer_id = await session.scalar(select(Employer.id).where(Employer.registry_id == "14"))
    assert employer_id is not None
    session.add(EmployerAlias(id=900, alias="老柳河自来水厂", employer_id=employer_id))
    await session.commit()
    runtime = RoutingRuntime(session_factory, check_interval_s=0)
    index = (await runtime.router()).classifier.index  # built holding ids up to 900
    assert index is not None

    session.add(EmployerAlias(id=850, alias="柳河水厂那边", employer_id=employer_id))
    await session.commit()
    assert (await runtime.router()).classifier.index is index  # not rebuilt
    got = index.match("柳河水厂那边").match
    assert got is not None and got.record.id == "14"


async def test_a_spelling_committed_during_a_refresh_waits_for_the_next_one(
    session: AsyncSession,
    session_factory: async_sessionmaker[AsyncSession],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A refresh reads the aliases' signature, then the new rows. A confirmation committing
    in between must neither look unexplained (a rebuild) nor be lost: the refresh reads one
    snapshot, and the next refresh takes it."""
    await service.import_records(session, records=records())
    await session.commit()
    employer_id = await session.scalar(select(Employer.id).where(Employer.registry_id == "14"))
    assert employer_id is not None
    runtime = RoutingRuntime(session_factory, check_interval_s=0)
    index = (await runtime.router()).classifier.index
    assert index is not None

    session.add(EmployerAlias(alias="老柳河自来水厂", employer_id=employer_id))
    await session.commit()
    signature = service.aliases_signature

    async def signature_then_a_commit(own: AsyncSession) -> service.AliasSignature:
        signed = await signature(own)
        monkeypatch.setattr(service, "aliases_signature", signature)  # once
        async with session_factory() as other:
            other.add(EmployerAlias(alias="老张的水泵站", employer_id=employer_id))
            await other.commit()
        return signed

    monkeypatch.setattr(service, "aliases_signature", signature_then_a_commit)
    assert (await runtime.router()).classifier.index is index
    assert index.match("老张的水泵站").match is None  # not in that refresh's snapshot
    assert (await runtime.router()).classifier.index is index
    for spelling in ("老柳河自来水厂", "老张的水泵站"):
        got = index.match(spelling).match
        assert got is not None and got.record.id == "14", spelling
