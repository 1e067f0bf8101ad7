"""Count how many complaints hold each character: routing/lexicons/char_frequency.json.

The lexicon scanner (routing/lexicons/scanner.py) rules a frame out of a message when the
message lacks every character of a set the frame needs; it keeps the sets that rule out most,
those whose characters complaints hold least often. This counts them on the routing cases
written apart from the rules (tests/routing/data/routing_written*.jsonl, the halves tuned on),
read as the router reads them. It changes how fast a message is scanned, never what is found.

    .venv/bin/python scripts/count_characters.py
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from routing.lexicons.scanner import CHAR_FREQUENCY  # noqa: E402
from routing.simplify import to_simplified  # noqa: E402

DATA = ROOT / "tests" / "routing" / "data"
MIN_COMPLAINTS = 2  # a character seen once says nothing about how common it is


def main() -> None:
    texts: list[str] = []
    for path in sorted(DATA.glob("routing_written*.jsonl")):
        if "held_out" not in path.name:
            lines = path.read_text("utf-8").splitlines()
            texts += [to_simplified(json.loads(line)["text"]) for line in lines if line]
    holding = Counter(ch for text in texts for ch in set(text))
    kept = {ch: n for ch, n in holding.most_common() if n >= MIN_COMPLAINTS}
    data = {"complaints": len(texts), "holding": kept}
    CHAR_FREQUENCY.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", "utf-8")
    print(f"{len(kept)} characters of {len(texts)} complaints -> {CHAR_FREQUENCY}")


if __name__ == "__main__":
    main()
