"""The vocabulary as admins edit it: add or remove one phrase of a red-flag lexicon (risk)
or of a routing keyword set (context: 物业, public places, private estates).

A change is never applied in place: it becomes a draft routing-table version (the published
table with the changed lexicon group), which the admin simulates and publishes like any rule
change (routing/versions.py); the running router takes it up on publish. The history is the
versions themselves: each one's phrases compared with the version before.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from sqlalchemy.ext.asyncio import AsyncSession

from models import RoutingTableVersion
from routing import versions
from routing.lexicons import LexiconSet, default_lexicons
from routing.rules import DEFAULT_TABLE_PATH

RISK_GROUP = "risk"
# The lexicon files an admin edits phrase by phrase, with what the page calls them.
EDITABLE_GROUPS = {
    RISK_GROUP: "红线标记（极端言行风险、老板跑路/失联）",
    "context": "分派用词（物业、公共设施、私人楼盘、外包）",
}
# What an admin may add to a lexicon, with the label the page shows.
KIND_LABELS = {
    "terms": "算作信号的说法",
    "benign": "看着像、但不算信号的说法",
    "negations": "否定说法（出现在动作前即取消信号）",
    "irrealis": "假设/担心的说法（出现在动作前即取消信号）",
}
MAX_PHRASE = 24


class VocabularyError(ValueError):
    """A phrase change that cannot be made; the message is Chinese, for the admin."""


@dataclass(frozen=True)
class PhraseChange:
    lexicon: str
    kind: str
    phrase: str
    added: bool


@dataclass
class VocabularyVersion:
    version: int
    status: str
    comment: str
    changes: list[PhraseChange] = field(default_factory=list)


def group_data(lexicons: LexiconSet, group: str = RISK_GROUP) -> dict[str, Any]:
    """The group's lexicons in the YAML file shape: {"lexicons": {name: entry}}."""
    return lexicons.to_yaml_data().get(group, {"lexicons": {}})


def _stored_phrase(kind: str, phrase: str) -> str:
    # benign entries are patterns: an admin's phrase is meant literally
    return re.escape(phrase) if kind == "benign" else phrase


def _shown_phrase(kind: str, stored: str) -> str:
    if kind != "benign":
        return stored
    unescaped = re.sub(r"\\(.)", r"\1", stored)
    return unescaped if re.escape(unescaped) == stored else stored


def change_phrase(
    data: dict[str, Any], *, lexicon: str, kind: str, phrase: str, remove: bool = False
) -> dict[str, Any]:
    """A copy of the group data with `phrase` added to (or removed from) lexicon.kind."""
    phrase = phrase.strip()
    if kind not in KIND_LABELS:
        raise VocabularyError(f"不能编辑“{kind}”；可编辑：{'、'.join(KIND_LABELS.values())}")
    if not phrase or len(phrase) > MAX_PHRASE or re.search(r"[\r\n\t]", phrase):
        raise VocabularyError(f"说法须为 1 到 {MAX_PHRASE} 个字、不含换行")
    out = copy.deepcopy(data)
    entry = out.get("lexicons", {}).get(lexicon)
    if entry is None:
        raise VocabularyError(f"词表中没有“{lexicon}”")
    if kind in ("negations", "irrealis") and not entry.get("scope_gap"):
        raise VocabularyError(f"“{lexicon}”不使用否定/假设范围规则，不能添加{KIND_LABELS[kind]}")
    stored = _stored_phrase(kind, phrase)
    items: list[str] = list(entry.get(kind) or [])
    if remove:
        if stored not in items:
            raise VocabularyError(f"“{lexicon}”的{KIND_LABELS[kind]}中没有“{phrase}”")
        items.remove(stored)
        if not items and kind == "terms" and not entry.get("patterns"):
            raise VocabularyError(f"“{lexicon}”至少要保留一个说法")
    else:
        if stored in items:
            raise VocabularyError(f"“{lexicon}”的{KIND_LABELS[kind]}中已有“{phrase}”")
        items.append(stored)
    entry[kind] = items
    return out


async def current(session: AsyncSession) -> tuple[str, dict[str, str], LexiconSet]:
    """The published table's YAML, its lexicon overrides and lexicons (or the packaged ones)."""
    loaded = await versions.load_published(session)
    if loaded is None:
        return DEFAULT_TABLE_PATH.read_text(encoding="utf-8"), {}, default_lexicons()
    return loaded.row.source_yaml, dict(loaded.row.lexicons_yaml), loaded.lexicons


async def draft_phrase_change(
    session: AsyncSession,
    *,
    lexicon: str,
    kind: str,
    phrase: str,
    remove: bool = False,
    user_id: int | None = None,
    comment: str = "",
) -> RoutingTableVersion:
    """Save the published table with one phrase changed as a new draft version."""
    table_yaml, overrides, lexicons = await current(session)
    group = lexicons[lexicon].group if lexicon in lexicons else ""
    if group not in EDITABLE_GROUPS:
        raise VocabularyError(f"词表中没有可编辑的“{lexicon}”")
    data = change_phrase(
        group_data(lexicons, group), lexicon=lexicon, kind=kind, phrase=phrase, remove=remove
    )
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    verb = "删除" if remove else "添加"
    note = comment.strip() or f"{verb}{lexicon}.{kind}：{phrase.strip()}"
    return await versions.save_draft(
        session,
        yaml_text=table_yaml,
        lexicons_yaml={**overrides, group: text},
        user_id=user_id,
        comment=note,
    )


def _phrases(lexicons: LexiconSet) -> set[tuple[str, str, str]]:
    out: set[tuple[str, str, str]] = set()
    for group in EDITABLE_GROUPS:
        for name, entry in group_data(lexicons, group).get("lexicons", {}).items():
            for kind in KIND_LABELS:
                out |= {(name, kind, _shown_phrase(kind, p)) for p in entry.get(kind) or ()}
    return out


def history(rows: list[RoutingTableVersion]) -> list[VocabularyVersion]:
    """Per version (newest first) the phrases it added or removed against the version before;
    versions that changed no editable phrase are left out."""
    out: list[VocabularyVersion] = []
    previous = _phrases(default_lexicons())
    for row in sorted(rows, key=lambda r: r.version):
        try:
            now = _phrases(versions.build_lexicons(row.lexicons_yaml))
        except ValueError:
            continue  # a stored version that no longer loads changes nothing here
        changes = [PhraseChange(*p, added=True) for p in sorted(now - previous)]
        changes += [PhraseChange(*p, added=False) for p in sorted(previous - now)]
        if changes:
            out.append(VocabularyVersion(row.version, row.status, row.comment, changes))
        previous = now
    return out[::-1]
