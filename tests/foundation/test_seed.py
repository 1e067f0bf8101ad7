from __future__ import annotations

from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import select

from intake.demo.seed import seed_demo
from intake.staff.accounts import verify_password
from models import TaskForce, Township, TownshipAlias, User, UserTaskForce


async def test_seed_fills_empty_database_once(session: AsyncSession) -> None:
    report = await seed_demo(session)
    await session.commit()
    # every township, street and management area of 登封市 (intake/demo/dengfeng_townships.yaml)
    assert report.townships == 18
    codes = set(await session.scalars(select(TaskForce.code)))
    assert codes == {
        "TF1_CONSTRUCTION",
        "TF2_GOV_PROJECT",
        "TF3_PUBLIC_SVC",
        "TF4_EDU",
        "TF5_COAL",
        "TF6_SOE",
        "TF7_SME",
        "OFFICE",
    }
    alias = await session.scalar(select(TownshipAlias).where(TownshipAlias.alias == "少林办事处"))
    assert alias is not None
    township = await session.get(Township, alias.township_id)
    assert township is not None and township.name == "少林街道"
    junzhao = await session.scalar(select(Township).where(Township.name == "君召乡"))
    assert junzhao is not None and junzhao.division_code == "410185203"

    # passwords are printed once and stored only as hashes
    admin = await session.scalar(select(User).where(User.username == "admin"))
    assert admin is not None and admin.role == "admin"
    assert report.passwords["admin"] not in admin.password_hash
    assert verify_password(report.passwords["admin"], admin.password_hash)
    assert await session.scalar(select(func.count()).select_from(UserTaskForce)) == 1

    second = await seed_demo(session)
    assert second.townships == 0 and not second.passwords
    assert await session.scalar(select(func.count()).select_from(Township)) == 18
