"""How values are shown to the worker: in acknowledgements, the summary and questions."""

from __future__ import annotations

from intake.dialogue.catalog import Catalog
from intake.dialogue.draft import Draft
from intake.dialogue.extract.id_number import mask_id_number
from intake.dialogue.slots import Slot

SUMMARY_TEXT_CHARS = 120  # a long story is shown shortened; it is stored in full


def format_amount(cat: Catalog, yuan: int) -> str:
    if yuan >= 10_000:
        wan = f"{yuan / 10_000:.4f}".rstrip("0").rstrip(".")
        return cat.text("formats.amount_wan", yuan=yuan, wan=wan)
    return cat.text("formats.amount", yuan=yuan)


def format_value(cat: Catalog, draft: Draft, slot: Slot | str) -> str | None:
    """The value of a slot as the worker sees it; None when empty."""
    if slot == "id_number":
        return mask_id_number(draft.id_number) if draft.id_number else None
    if slot == "employer":
        e = draft.employer
        if e is None:
            return None
        if e.status == "unmatched":
            return cat.text("formats.employer_unmatched", name=e.typed)
        return e.display_name
    if slot == "period":
        return draft.period.label() if draft.period else None
    if slot == "amount":
        if draft.amount_yuan is None:
            return None
        shown = format_amount(cat, draft.amount_yuan)
        if draft.amount_words:  # approximate: the worker's words stay visible
            return cat.text("formats.approx", value=shown, words=draft.amount_words)
        return shown
    if slot == "headcount":
        if not draft.headcount:
            return None
        shown = cat.text("formats.headcount", n=draft.headcount)
        if draft.headcount_words:
            return cat.text("formats.approx", value=shown, words=draft.headcount_words)
        return shown
    if slot in ("township", "project") and slot in draft.unverified:
        value = draft.value_of(slot)  # type: ignore[arg-type]
        return cat.text("formats.unverified", value=value) if value else None
    if slot == "evidence":
        n = len(draft.evidence)
        return cat.text("summary.evidence", count=n) if n else None
    if slot == "description" and draft.description:
        text = " ".join(draft.description.split())
        return text if len(text) <= SUMMARY_TEXT_CHARS else text[:SUMMARY_TEXT_CHARS] + "……"
    value = draft.value_of(slot)  # type: ignore[arg-type]
    return str(value) if value else None


def field_label(cat: Catalog, slot: str) -> str:
    return cat.text(f"fields.{slot}")


def items_text(cat: Catalog, draft: Draft, slots: list[str]) -> str:
    """ "姓名 张三；电话 13812345678" for the slots given (empty ones left out)."""
    parts = []
    for slot in slots:
        value = format_value(cat, draft, slot)
        if value:
            parts.append(f"{field_label(cat, slot)} {value}")
    # the catalog's sentence adds its own full stop after the list
    return "；".join(parts).rstrip("。．.")
