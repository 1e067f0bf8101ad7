"""The `anxin match` protocol: one query per input line, one JSON object per output line.

    {"query": "...", "match": {"id", "name", "score"} | null,
     "candidates": [{"id", "name", "score"}, ...]}

`id` is the registry CSV's own id, as a string. With `explain`, each object also carries
"explain": how the query was read (its content words, the trade it states, its parts as a
registry name would be parsed) and, per candidate, the raw score and which evidence gave it,
for a registry admin who asks why a name was or was not matched. Every input line gets
exactly one output line, an empty or unreadable one included (it abstains), so outputs stay
aligned with inputs.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TextIO

from routing.employers.index import Candidate, EmployerIndex, MatchResult

CANDIDATES = 5


def _cand(c: Candidate) -> dict[str, object]:
    return {"id": str(c.record.id), "name": c.record.name, "score": round(float(c.score), 4)}


def result_json(query: str, result: MatchResult) -> dict[str, object]:
    return {
        "query": query,
        "match": _cand(result.match) if result.match else None,
        "candidates": [_cand(c) for c in result.candidates],
    }


def run_match(
    index: EmployerIndex, lines: Iterable[str], out: TextIO, *, explain: bool = False
) -> int:
    """Answer every line of `lines` on `out`; returns how many lines were answered."""
    n = 0
    for raw in lines:
        query = raw.rstrip("\r\n") if isinstance(raw, str) else ""
        result = index.match(query, limit=CANDIDATES)
        answer = result_json(query, result)
        if explain:
            answer["explain"] = index.explain(query, limit=CANDIDATES)
        out.write(json.dumps(answer, ensure_ascii=False) + "\n")
        n += 1
        if n % 256 == 0:
            out.flush()
    out.flush()
    return n
