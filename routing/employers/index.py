"""In-memory employer index: the API every caller uses.

Matching a worker's text goes through, in order:

1. a typed USCC (统一社会信用代码) with a valid check character: exact lookup;
2. confirmed aliases (spellings an inspector or the worker confirmed): exact lookup;
3. the brand path (`brandpath`): registry brands (字号) found inside the query exactly, by
   sound or by a look-alike character, the rest compared part by part;
4. the fallback path (`fallback`): names known by their words (organs, institutions, SOEs,
   aliases), scored by alignment so abbreviations fit.

Candidates come from dictionary lookups, never from a scan of all names. Scores are in 0..1;
the best candidate is the match only when it clears `ACCEPT` and no other company comes
within `TIE_MARGIN` of it (a tie is a question for the worker, not a guess).
"""

from __future__ import annotations

import gc
import heapq
import logging
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from routing.employers import brandpath, fallback, told, trades, uscc
from routing.employers.calibration import calibrate
from routing.employers.normalize import fold, normalize_name, undouble_region_suffix
from routing.employers.parse import ParsedName
from routing.employers.query import content_text, readings_of, without_complaint
from routing.employers.registry import EmployerRecord, iter_registry_csv
from routing.employers.store import RegistryStore, Scored

log = logging.getLogger(__name__)

ACCEPT = 0.72  # raw score; below it the best candidate is only offered, never chosen
TIE_MARGIN = 0.02
# A brand reading this good leaves nothing for the fallback path's abbreviations to add
FALLBACK_BELOW = 0.8


@dataclass(frozen=True, slots=True)
class Candidate:
    record: EmployerRecord
    score: float  # calibrated, 0..1


@dataclass(frozen=True, slots=True)
class MatchResult:
    query: str
    match: Candidate | None  # None = abstain
    candidates: list[Candidate] = field(default_factory=list)


SYNONYM_MIN = 0.95  # a raw score: the 字号 read character for character
LONE_DROPPED = 0.95  # a reading that took a lone 这 or 工 for speech, when it fits a name
OTHER_TRADE = 0.96  # a namesake whose registered trade shares nothing with the one said
OTHER_LINE = ACCEPT - 0.01  # a company registered in a line of business other than the one said
PUBLIC = frozenset({"public_institution"})  # units whose staff work in every trade
OTHER_REGION_FORM = 0.97  # the same name under a form of its region the worker did not write
TOLD_CHOSEN = 0.9  # the one company a sentence names by its 字号 and what it does
TOLD_OFFERED = ACCEPT - 0.02  # the other companies of that 字号: offered, never chosen


def _score_of(scored: dict[int, Scored], idx: int) -> float:
    got = scored.get(idx)
    return got.score if got is not None else 0.0


def _best(scored: dict[int, Scored]) -> float:
    return max((v.score for v in scored.values()), default=0.0)


class EmployerIndex:
    def __init__(self, records: Iterable[EmployerRecord]) -> None:
        self._lock = threading.RLock()
        # The index is up to millions of long-lived objects that form no reference cycles.
        # The cyclic collector walking them while they are made slows the build by a third,
        # and each full collection later is a pause of tens of milliseconds in some query:
        # it is off during the build, and the index is moved out of its way afterwards.
        enabled = gc.isenabled()
        gc.disable()
        try:
            self._store = RegistryStore(list(records))
        finally:
            if enabled:
                gc.enable()
        gc.freeze()

    @classmethod
    def from_records(cls, records: Iterable[EmployerRecord]) -> EmployerIndex:
        return cls(records)

    @classmethod
    def from_csv(cls, path: str | Path) -> EmployerIndex:
        return cls(iter_registry_csv(path))

    def __len__(self) -> int:
        return len(self._store.by_id)

    # ------------------------------------------------------------------ registry changes

    def get(self, employer_id: str) -> EmployerRecord | None:
        idx = self._store.by_id.get(str(employer_id))
        return None if idx is None else self._store.records[idx]

    def parsed(self, employer_id: str) -> ParsedName | None:
        """How the registry name was read (region, brand, industry, legal form, branch)."""
        idx = self._store.by_id.get(str(employer_id))
        return None if idx is None else self._store.parsed[idx]

    def parse_name(self, name: str) -> ParsedName:
        return self._store.parser.parse(name)

    def upsert(self, record: EmployerRecord) -> None:
        """Add a record, or replace the one with the same id (its aliases stay with it)."""
        with self._lock:
            s = self._store
            old = s.by_id.get(record.id)
            aliases = [a for a, i in s.aliases.items() if i == old] if old is not None else []
            if old is not None:
                s.drop(old)
            if record.township and record.township not in s.regions.forms:
                s.regions.add_township(record.township)
            idx = s.add(record)
            p = s.parsed[idx]
            if p is not None and p.brand and p.brand not in s.tokenizer.FREQ:
                s.tokenizer.add_word(p.brand, freq=2000)
            for a in aliases:
                self._put_alias(a, idx)

    def remove(self, employer_id: str) -> bool:
        with self._lock:
            idx = self._store.by_id.get(str(employer_id))
            if idx is None:
                return False
            self._store.drop(idx)
            return True

    def alias_key(self, text: str) -> str:
        """The form an alias is stored and looked up in (normalized, filler words removed)."""
        return content_text(text, self._store.tokenizer)

    def add_alias(self, alias_text: str, employer_id: str) -> bool:
        """Remember a confirmed spelling; False when the text is empty or the id unknown."""
        with self._lock:
            idx = self._store.by_id.get(str(employer_id))
            key = self.alias_key(alias_text)
            if idx is None or not key:
                return False
            self._put_alias(key, idx)
            return True

    def _put_alias(self, key: str, idx: int) -> None:
        self._store.aliases[key] = idx
        self._store.add_fallback_string(idx, key)

    # ------------------------------------------------------------------ matching

    def match(self, query: str, *, limit: int = 5) -> MatchResult:
        text = query if isinstance(query, str) else ""
        with self._lock:  # upsert() from another thread must not change the tables mid-query
            try:
                scored = self._score(text)
            except Exception:  # a bug must not take the intake down: the worker is asked instead
                log.exception("employer match failed for %r", text[:200])
                scored = {}
            return self._decide(text, scored, max(1, limit))

    def explain(self, query: str, *, limit: int = 5) -> dict[str, Any]:
        """The decision and the reading of each candidate, for logs and inspectors."""
        text = query if isinstance(query, str) else ""
        with self._lock:
            scored = self._score(text)
            result = self._decide(text, scored, limit)
        s = self._store
        out = []
        for idx, sc in sorted(scored.items(), key=lambda kv: -kv[1].score)[:limit]:
            rec, p = s.records[idx], s.parsed[idx]
            if rec is not None and p is not None:
                out.append(
                    {
                        "id": rec.id,
                        "name": rec.name,
                        "score": round(calibrate(sc.score), 4),
                        "raw": round(sc.score, 4),
                        "how": sc.how,
                        "parsed": p.describe(),
                    }
                )
        parts = self.parse_name(text)
        return {
            "query": text,
            # a full name (with its legal form) read as the registry's names are; a name said
            # in passing has no such reading, its parts are in the candidates' `how`
            "parts": parts.describe() if parts.legal else None,
            "content": content_text(text, s.tokenizer),
            "trade_said": spoken.trade if (spoken := trades.read(s, text)) else None,
            "match": result.match.record.id if result.match else None,
            "candidates": out,
        }

    def _score(self, query: str) -> dict[int, Scored]:
        scored = self._score_query(query)
        once = self._store.one_of_each(query)
        if once != query and not self._decides(scored):
            # a character typed twice (卫卫生院, 工程程): read once, when read as typed decides
            # nothing (帆原物物流 may be 字号 帆原物 and trade 物流)
            found = self._score_query(once)
            if self._decides(found) or _best(found) > _best(scored):
                scored = found
        return scored

    def _score_query(self, query: str) -> dict[int, Scored]:
        s = self._store
        remaining = query
        for code in uscc.find_in_text(query):
            idx = s.by_uscc.get(code) if uscc.is_valid(code) else None
            if idx is not None and s.records[idx] is not None:
                return {idx: Scored(1.0, "uscc")}
            remaining = remaining.upper().replace(code, " ")
        folded = fold(remaining)
        bare = without_complaint(folded)
        if bare != folded and len(content_text(bare, s.tokenizer)) >= 2:
            remaining = bare  # 俺在宏美井下干活，四个月没发钱
        content = content_text(remaining, s.tokenizer)
        if not content:
            return {}
        alias = s.aliases.get(content)
        if alias is not None and s.records[alias] is not None:
            return {alias: Scored(1.0, "alias")}
        exact = s.exact_name(remaining)
        if exact is not None:
            # a registered name written out in full is that entry, not its parent company
            # (集团…大冶煤矿 reads part by part as the group with a branch added)
            return {exact: Scored(1.0, "name")}
        scored = self._score_said(remaining, content)
        if not self._decides(scored):
            scored = self._region_as_written(content, scored)
        if not self._decides(scored) and (within := self._written_within(content, scored)):
            # 俺们是汝州市源伟万科技有限公司的人: the one name written out inside the message,
            # character for character, beside 汝州源伟万科技有限公司
            return {within: Scored(1.0, "name")}
        if not self._decides(scored) and (said := told.read(s, remaining)) is not None:
            # 强鹏呀 俺在熔铝炉跟前干: the 字号 written in a sentence, the rest telling which
            return self._as_told(scored, said)
        if not self._decides(scored):
            # a lone 这 or 工 at the edge was taken for speech; it may be a slip for a name's
            # character (这雅物业 for 达雅物业, 工义 for 巩义): read it as part of the name too
            kept = content_text(remaining, s.tokenizer, keep_lone=True)
            found = self._score_said(remaining, kept) if kept != content else {}
            if _best(found) >= ACCEPT:
                # a bare 这 right before a name is rarely speech: the reading that leaves it
                # unexplained yields to one that explains it
                scored = {i: Scored(sc.score * LONE_DROPPED, sc.how) for i, sc in scored.items()}
                for idx, sc in found.items():
                    if sc.score > _score_of(scored, idx):
                        scored[idx] = sc
        return scored

    def _region_as_written(self, content: str, scored: dict[int, Scored]) -> dict[int, Scored]:
        """Of one name registered under two forms of its region (河南隆丰物业服务 and 河南省隆丰
        物业服务, 汝州X and 汝州市X), the one whose form the worker wrote goes first."""
        ranked = heapq.nlargest(4, scored.items(), key=lambda kv: kv[1].score)
        if len(ranked) < 2 or ranked[0][1].score < ACCEPT:
            return scored
        tied = [idx for idx, sc in ranked if sc.score >= ranked[0][1].score - TIE_MARGIN]
        parsed = [self._store.parsed[idx] for idx in tied]
        names = {(p.region, p.brand, p.industry) if p is not None else None for p in parsed}
        if len(tied) < 2 or len(names) != 1 or None in names:
            return scored
        written = [
            (len(p.region_text), idx)
            for idx, p in zip(tied, parsed, strict=True)
            if p is not None and p.region_text and p.region_text in content
        ]
        longest = max(written, default=(0, -1))[0]
        chosen = [idx for n, idx in written if n == longest]
        if len(chosen) != 1:
            return scored
        behind = set(tied) - set(chosen)
        return {
            idx: Scored(sc.score * OTHER_REGION_FORM, sc.how) if idx in behind else sc
            for idx, sc in scored.items()
        }

    def _as_told(self, scored: dict[int, Scored], said: told.Told) -> dict[int, Scored]:
        """`scored` with the company a sentence picks first, and those of the 字号 it names
        offered."""
        out = dict(scored)
        for rank, idx in enumerate(said.offered):
            offered = Scored(TOLD_OFFERED - 0.01 * rank, "told")
            if offered.score > _score_of(out, idx):
                out[idx] = offered
        if said.chosen is None:
            return out
        out = {i: Scored(min(sc.score, TOLD_OFFERED), sc.how) for i, sc in out.items()}
        out[said.chosen] = Scored(TOLD_CHOSEN, "told")
        return out

    def _written_within(self, content: str, scored: dict[int, Scored]) -> int | None:
        """The one of the best candidates whose whole registered name the content holds."""
        records = self._store.records
        found = [
            idx
            for idx, sc in heapq.nlargest(4, scored.items(), key=lambda kv: kv[1].score)
            if sc.score >= ACCEPT
            and (rec := records[idx]) is not None
            and len(name := normalize_name(rec.name)) >= 6
            and name in content
        ]
        return found[0] if len(found) == 1 else None

    def _score_said(self, remaining: str, content: str) -> dict[int, Scored]:
        s = self._store
        content = undouble_region_suffix(content)
        spoken = trades.read(s, remaining)
        if spoken is None:
            scored = self._score_content(content)
            if self._decides(scored) or (passing := trades.said_in_passing(s, remaining)) is None:
                return scored
            # 俺在宏美下井: the words of the trade are no part of the name
            bare = content_text(passing.rest, s.tokenizer)
            for idx, sc in self._score_in_trade(bare, passing).items():
                if sc.score > _score_of(scored, idx):
                    scored[idx] = sc
            return scored
        # 那个做防水的大星: the clause is the stated trade, not part of the name
        bare = content_text(spoken.rest, s.tokenizer)
        content, placed = trades.with_trade(s, spoken, bare)
        if not content:
            return {}
        scored = self._score_content(content)
        if placed:
            scored = self._favour_trade(scored, spoken)  # 搞保洁的中平 is not 中平保安
            if self._decides(scored):
                return scored
            # 做保洁的元汇 when 元汇 registers 物业管理, not 保洁: the trade as a line of business
            for idx, sc in self._score_in_trade(bare, spoken).items():
                if sc.score > _score_of(scored, idx):
                    scored[idx] = sc
            return scored
        return self._score_in_trade(content, spoken, scored)

    def _score_in_trade(
        self, content: str, spoken: trades.SpokenTrade, scored: dict[int, Scored] | None = None
    ) -> dict[int, Scored]:
        """`content` scored among the companies of the sectors the trade said names, those of
        its very line of business first."""
        if scored is None:
            scored = self._score_content(content)
        if spoken.sectors:
            # a trade said in everyday words rules out companies registered in another sector
            scored = {
                idx: sc
                for idx, sc in scored.items()
                if (rec := self._store.records[idx]) is not None and rec.sector in spoken.sectors
            }
        return self._favour_trade(scored, spoken)

    def _favour_trade(
        self, scored: dict[int, Scored], spoken: trades.SpokenTrade
    ) -> dict[int, Scored]:
        """Within a sector, a company registered under a word of the line of business said
        (拉货的 and 物流, 开饭店的 and 烩面馆), or for a trade in no known line one whose registered
        trade shares a telling character with it (烧耐火砖的 and 耐材, 挖土方的 and 土石方), goes
        ahead of its namesakes in other trades of that sector (保洁, 服装, 建筑工程)."""
        parsed = self._store.parsed
        affine = {
            idx
            for idx in scored
            if (p := parsed[idx]) is not None and trades.in_line(p.industry, spoken.kin)
        }
        if not affine and spoken.kin and not spoken.narrow:
            # 招工派人的 said of a building company: the labour line is next of kin to building
            affine = {
                idx
                for idx in scored
                if (p := parsed[idx]) is not None
                and any(w in p.industry for w in trades.BROAD_WORDS)
            }
        if not spoken.kin:
            telling = set(spoken.trade) - trades.UNTELLING_CHARS
            affine = {
                idx
                for idx in scored
                if (p := parsed[idx]) is not None and telling & set(p.industry)
            }
        if spoken.narrow:
            # 做铝材的富凯 is not 富凯纸业, 搞道路养护的福辉 no 福辉 that builds or decorates: a
            # company registered in another line of business is offered, never chosen. A public
            # unit employs every trade (在东华小学当门卫, 给卫生院做饭).
            records = self._store.records
            return {
                idx: sc
                if idx in affine or ((rec := records[idx]) is not None and rec.sector in PUBLIC)
                else Scored(min(sc.score, OTHER_LINE), sc.how)
                for idx, sc in scored.items()
            }
        if not affine or len(affine) == len(scored):
            return scored
        return {
            idx: sc if idx in affine else Scored(sc.score * OTHER_TRADE, sc.how)
            for idx, sc in scored.items()
        }

    def _score_content(self, content: str) -> dict[int, Scored]:
        s = self._store
        scored: dict[int, Scored] = {}
        variants = readings_of(content)  # several only when Latin letters read two ways
        brandpath.score(s, variants[0], scored, lookalike=False)
        if _best(scored) < FALLBACK_BELOW:
            fallback.score(s, variants[0], scored)
        for units in variants[1:]:
            if _best(scored) < ACCEPT:
                brandpath.score(s, units, scored, lookalike=False)
        if _best(scored) < ACCEPT:
            for units in variants:
                brandpath.score(s, units, scored, lookalike=True)
        if _best(scored) < ACCEPT:
            # 登封祥美耐火材料 for 登封市祥美耐材: the trade in other words; only a name that
            # then reads almost exactly (a swapped trade on top of a slip in the 字号 is too far:
            # 龙鸿劳务分包 is not 隆鸿建筑劳务)
            self._score_swapped(trades.synonym_variants(content), scored, SYNONYM_MIN)
        # 暖气公司 for 登封市热力有限公司, 一初中 for 第一初级中学: the official form is the whole
        # name, with no 字号 for a slip to hide in; tried even after a good reading, which may
        # be a slip (市医院 reads as 市中医院 with 中 left out, but is said of the 人民医院)
        short: dict[int, Scored] = {}
        self._score_swapped(trades.short_form_variants(content), short, ACCEPT)
        best = _best(scored)
        for idx, sc in short.items():
            # as good as the best other reading: a tie leaves both as buttons to choose from
            if sc.score > _score_of(scored, idx):
                scored[idx] = Scored(max(sc.score, best), sc.how)
        return scored

    def _score_swapped(
        self, variants: list[tuple[str, str]], scored: dict[int, Scored], floor: float
    ) -> None:
        """Score each variant of the query; a name holding the word swapped in that reads at
        least `floor` (raw) keeps the better of its scores."""
        s = self._store
        for other, word in variants:
            found: dict[int, Scored] = {}
            units = readings_of(other)[0]
            brandpath.score(s, units, found, lookalike=False)
            if _best(found) < FALLBACK_BELOW:
                fallback.score(s, units, found)
            for idx, sc in found.items():
                rec = s.records[idx]
                if (
                    rec is not None
                    and word in rec.name
                    and sc.score >= floor
                    and sc.score > _score_of(scored, idx)
                ):
                    scored[idx] = sc

    def _decides(self, scored: dict[int, Scored]) -> bool:
        """`_decisive` on the four best of `scored`."""
        return self._decisive(heapq.nlargest(4, scored.items(), key=lambda kv: kv[1].score))

    def _decisive(self, ranked: list[tuple[int, Scored]]) -> bool:
        """Whether the best of the candidates, ranked best first (four are enough), is the
        match: it clears ACCEPT and no other company comes within TIE_MARGIN."""
        if not ranked or ranked[0][1].score < ACCEPT:
            return False
        top_idx, top = ranked[0]
        return not any(
            sc.score >= top.score - TIE_MARGIN and not self._same_company(idx, top_idx)
            for idx, sc in ranked[1:4]
        )

    def _decide(self, query: str, scored: dict[int, Scored], limit: int) -> MatchResult:
        s = self._store
        ranked = sorted(scored.items(), key=lambda kv: -kv[1].score)
        cands = [
            Candidate(rec, round(calibrate(sc.score), 4))
            for idx, sc in ranked[:limit]
            if (rec := s.records[idx]) is not None
        ]
        best = cands[0] if cands and self._decisive(ranked) else None
        return MatchResult(query=query, match=best, candidates=cands)

    def _same_company(self, a: int, b: int) -> bool:
        pa, pb = self._store.parsed[a], self._store.parsed[b]
        return bool(
            pa is not None
            and pb is not None
            and pa.brand == pb.brand
            and pa.industry == pb.industry
            and (pa.branch or pb.branch)
        )
