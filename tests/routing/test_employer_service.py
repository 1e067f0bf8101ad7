"""The registry in the database: idempotent import, aliases, index loading, change signature."""

from __future__ import annotations

import dataclasses

from employer_registry_sample import make_uscc, records
from sqlalchemy.ext.asyncio import AsyncSession

from routing.employers import service
from routing.employers.registry import EmployerRecord


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
    assert [r.name for r in await service.load_records(session) if r.id == "1"] == [renamed.name]


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
