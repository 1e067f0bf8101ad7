"""The world the transcripts assume (tests/transcripts/README.md), in a real database.

The pure-engine replay builds its registry and townships in memory; a channel replay runs
the real conversation service, which reads them from the database. So: the eight task forces,
the default routing table (published), the fixture townships and the fixture registry — and
no demo townships, whose names would add township buttons the transcripts do not expect.
"""

from __future__ import annotations

from datetime import UTC, datetime, time
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import select
from transcript import Transcript

from intake.demo.reference import TASK_FORCES
from intake.demo.seed import SeedReport, seed_routing_table
from intake.tickets.sla import SlaPolicy
from models import Complaint, Employer, TaskForce, Ticket, Township
from models.codes.ticket_status import Status
from routing.employers.registry import EmployerRecord, iter_registry_csv

TESTS = Path(__file__).resolve().parent.parent
FIXTURES = TESTS / "dialogue" / "fixtures"
TRANSCRIPTS = TESTS / "transcripts"


def fixture_registry() -> list[EmployerRecord]:
    return list(iter_registry_csv(FIXTURES / "registry.csv"))


async def import_employers(session: AsyncSession, records: list[EmployerRecord]) -> None:
    """Through the registry service when it is there (another engineer is adding it)."""
    try:
        from routing.employers.service import import_records
    except ImportError:
        for rec in records:
            session.add(
                Employer(
                    registry_id=rec.id,
                    name=rec.name,
                    uscc=rec.uscc or None,
                    sector=rec.sector,
                    ownership=rec.ownership,
                    township=rec.township,
                )
            )
        await session.flush()
        return
    report = await import_records(session, records=records)
    assert not report.errors, report.errors


async def seed_transcript_world(session: AsyncSession) -> None:
    """Fill an empty database with the transcripts' world; commits."""
    for spec in TASK_FORCES:
        session.add(
            TaskForce(
                code=spec.code,
                name=spec.name,
                lead_bureaus=spec.lead_bureaus,
                is_office=spec.is_office,
            )
        )
    for name in (FIXTURES / "townships.txt").read_text("utf-8").split():
        session.add(Township(name=name))
    await session.flush()
    await seed_routing_table(session, SeedReport())
    await import_employers(session, fixture_registry())
    await session.commit()


async def add_open_complaints(session: AsyncSession, transcript: Transcript) -> None:
    """The transcript's `open_complaints`: complaints the service already holds; commits."""
    policy = SlaPolicy()
    for n, oc in enumerate(transcript.open_complaints, start=1):
        employer = await session.scalar(select(Employer).where(Employer.registry_id == oc.employer))
        filed = datetime.combine(oc.filed_on or transcript.now.date(), time(9), tzinfo=UTC)
        complaint = Complaint(
            idempotency_key=f"fixture:{n}",
            channel="web",
            external_id=f"fixture-{n}",
            complainant_name="",
            phone=oc.phone,
            employer_id=employer.id if employer else None,
            employer_name_typed=employer.name if employer else oc.employer,
            employer_unmatched=employer is None,
            created_at=filed,
        )
        session.add(complaint)
        await session.flush()
        assert complaint.id is not None
        session.add(
            Ticket(
                number=oc.ticket_number,
                complaint_id=complaint.id,
                task_force_code="TF1_CONSTRUCTION",
                status=Status.NEW.value,
                accept_due_at=policy.accept_due(filed, "normal"),
                created_at=filed,
                updated_at=filed,
            )
        )
    await session.commit()
