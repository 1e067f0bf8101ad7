"""Masking of the complainant's personal data (姓名、手机号、身份证号) for lists and exports.

The complainant's identity is confidential: lists, exports and charts show masked values;
the unmasked ones are shown only on request and every such view is audited (see pii.py).
"""

from __future__ import annotations

import re

from models import Complaint


def mask_phone(phone: str | None) -> str:
    """13812345678 -> 138****5678; anything shorter keeps only its last two characters."""
    value = (phone or "").strip()
    if not value:
        return ""
    head, tail = (3, 4) if len(value) >= 11 else (0, min(2, len(value) - 1))
    return value[:head] + "*" * (len(value) - head - tail) + value[len(value) - tail :]


def mask_id_number(id_number: str | None) -> str:
    """410185199001011234 -> 4101************34: region and birth date hidden."""
    value = (id_number or "").strip()
    if not value:
        return ""
    if len(value) <= 6:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 6) + value[-2:]


def mask_name(name: str | None) -> str:
    """张三丰 -> 张**: the family name stays so a caller can be addressed politely."""
    value = (name or "").strip()
    if not value:
        return ""
    return value[0] + "*" * max(len(value) - 1, 1)


# Mobile numbers and ID numbers a worker may have typed into the free-text description.
_ID_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
_MOBILE_IN_TEXT = re.compile(r"(?<!\d)(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)")


def mask_in_text(text: str | None) -> str:
    """The text with mobile and ID numbers in it masked."""
    value = _ID_IN_TEXT.sub(lambda m: mask_id_number(m.group()), text or "")
    return _MOBILE_IN_TEXT.sub(lambda m: mask_phone(re.sub(r"[- ]", "", m.group())), value)


def mask_description(text: str | None, complainant_name: str | None) -> str:
    """A worker's free text with numbers masked and their own name (as given) masked too:
    the dialogue keeps every message, including the one that gave the name."""
    masked = mask_in_text(text)
    name = (complainant_name or "").strip()
    if len(name) >= 2:
        masked = masked.replace(name, mask_name(name))
    return masked


def masked_complaint_text(complaint: Complaint) -> str:
    """A complaint's description as reports may show it (simulation examples)."""
    return mask_description(complaint.description, complaint.complainant_name)
