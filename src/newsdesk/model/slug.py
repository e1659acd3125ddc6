"""URL slugs from headlines in any script."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
MAX_SLUG_LENGTH = 80


def slugify(text: str) -> str:
    """Lower-case words joined by hyphens.

    Latin text loses its accents ("Zürich" -> "zurich"); other scripts keep their
    letters ("Киев" -> "киев"), since dropping them would leave nothing.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = unicodedata.normalize("NFKC", stripped).lower()
    slug = _NON_WORD.sub("-", stripped).strip("-_")
    slug = re.sub(r"[-_]{2,}", "-", slug)
    if len(slug) > MAX_SLUG_LENGTH:
        slug = slug[:MAX_SLUG_LENGTH].rsplit("-", 1)[0] or slug[:MAX_SLUG_LENGTH]
    return slug
