"""Employer registry records and the registry CSV format.

Columns: `id,name,uscc,sector,ownership,township`."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from sys import intern

REGISTRY_COLUMNS = ("id", "name", "uscc", "sector", "ownership", "township")

SECTORS = frozenset(
    {
        "construction",
        "coal",
        "education_training",
        "public_service",
        "manufacturing",
        "services",
        "public_institution",
        "other",
    }
)
OWNERSHIPS = frozenset({"private", "soe", "government", "public_institution"})


@dataclass(frozen=True, slots=True)
class EmployerRecord:
    """One registry row. `id` is the registry's own id, kept as a string."""

    id: str
    name: str
    uscc: str
    sector: str
    ownership: str
    township: str


def iter_registry_csv(path: str | Path) -> Iterator[EmployerRecord]:
    """Yield the rows of a registry CSV as records (no validation; see the importer for that).

    Sector, ownership and township repeat across rows; one shared copy of each keeps a
    million-row registry small."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        header = [h.strip().lower() for h in next(reader, [])]
        where = [header.index(c) if c in header else -1 for c in REGISTRY_COLUMNS]
        for row in reader:
            v = [row[i].strip() if 0 <= i < len(row) else "" for i in where]
            yield EmployerRecord(v[0], v[1], v[2], intern(v[3]), intern(v[4]), intern(v[5]))
