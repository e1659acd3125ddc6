"""URL slugs from headlines in any script."""

from __future__ import annotations

import re
import unicodedata

MAX_SLUG_LENGTH = 80


def slugify(text: str) -> str:
    """Lower-case words joined by hyphens.

    Latin text loses its accents ("Zürich" -> "zurich"); other scripts keep their
    letters whole ("Київ" -> "київ", "أوكرانيا" stays), since their marks are
    part of the letter.
    """
    stripped = unicodedata.normalize("NFKC", _strip_latin_accents(text)).lower()
    # Letters, digits and the marks that belong to them (Devanagari vowel signs).
    kept = "".join(
        ch if ch.isalnum() or unicodedata.category(ch).startswith("M") else "-" for ch in stripped
    )
    slug = re.sub(r"-{2,}", "-", kept).strip("-")
    if len(slug) > MAX_SLUG_LENGTH:
        slug = slug[:MAX_SLUG_LENGTH].rsplit("-", 1)[0] or slug[:MAX_SLUG_LENGTH]
    return slug


def _strip_latin_accents(text: str) -> str:
    """Drop combining marks that sit on an ASCII letter, and only those."""
    out: list[str] = []
    base_is_ascii = False
    for ch in unicodedata.normalize("NFKD", text):
        if unicodedata.combining(ch):
            if not base_is_ascii:
                out.append(ch)
            continue
        base_is_ascii = ch.isascii()
        out.append(ch)
    return "".join(out)
