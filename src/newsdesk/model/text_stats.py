"""Word counts and reading time, shared by the status bar, `info` and ninjs."""

from __future__ import annotations

import math
import re

WORDS_PER_MINUTE = 250
# Markdown syntax that is not prose: link targets, image references, HTML tags.
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_TAG = re.compile(r"<[^>]+>")
# A word starts and ends with a letter or digit; apostrophes and hyphens may join.
_WORD = re.compile(r"[^\W_](?:[\w'’-]*[^\W_])?", re.UNICODE)
# Scripts written without spaces count one word per character.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def word_count(markdown_text: str) -> int:
    text = _TAG.sub(" ", _LINK_TARGET.sub("]", markdown_text))
    cjk = len(_CJK.findall(text))
    text = _CJK.sub(" ", text)
    return cjk + len(_WORD.findall(text))


def reading_minutes(words: int) -> int:
    """Whole minutes at 250 words a minute; any text takes at least one."""
    return math.ceil(words / WORDS_PER_MINUTE) if words else 0
