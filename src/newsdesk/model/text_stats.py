"""Word counts and reading time, shared by the status bar, `info` and ninjs."""

from __future__ import annotations

import functools
import math
import re

WORDS_PER_MINUTE = 250


@functools.cache
def _patterns() -> tuple[re.Pattern[str], ...]:
    """Compiled on first count, not on import: the CJK ranges alone take
    ~4 ms to compile, and the editor's UI process gets its counts from the
    render worker."""
    return (
        # Markdown syntax that is not prose: link targets, image references, HTML tags.
        re.compile(r"\]\([^)]*\)"),
        re.compile(r"<[^>]+>"),
        # Scripts written without spaces count one word per character.
        re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]"),
        # A word starts and ends with a letter or digit; apostrophes and hyphens may join.
        re.compile(r"[^\W_](?:[\w'’-]*[^\W_])?", re.UNICODE),
    )


def word_count(markdown_text: str) -> int:
    link_target, tag, cjk_char, word = _patterns()
    text = tag.sub(" ", link_target.sub("]", markdown_text))
    cjk = len(cjk_char.findall(text))
    text = cjk_char.sub(" ", text)
    return cjk + len(word.findall(text))


def reading_minutes(words: int) -> int:
    """Whole minutes at 250 words a minute; any text takes at least one."""
    return math.ceil(words / WORDS_PER_MINUTE) if words else 0
