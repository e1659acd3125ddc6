"""Split a Markdown body into independently renderable top-level source blocks.

The incremental preview re-renders only the blocks an edit touched, so a block
boundary may only sit where Python-Markdown's output on either side cannot
depend on the other side. Python-Markdown parses blank-line separated chunks,
but several processors look back at the previous top-level element (lists and
block quotes merge with a preceding list or quote, definition lists take the
preceding paragraph as their term, indented blocks continue a list item, a
footnote or a code block, extra blank lines after an indented code block
change its output) and two preprocessors work on the whole text (fenced code,
raw HTML). The rules below are deliberately conservative: when in doubt two
chunks stay one block, which costs a little speed and never correctness.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from markdown.extensions.attr_list import get_attrs_and_remainder
from markdown.extensions.fenced_code import FencedBlockPreprocessor
from markdown.util import ETX, STX

TAB_LENGTH = 4  # Python-Markdown's default tab_length, used by our converter

_SPACES_ONLY_LINE = re.compile(r"(?<=\n) +\n")
# A list item, a block quote or a definition at the start of a chunk depends on
# what precedes it. Markers may be indented by up to three spaces.
_LIST_ITEM = re.compile(r"^[ ]{0,3}(?:[*+-]|\d+[.)])(?:[ ]|$)")
_QUOTE = re.compile(r"^[ ]{0,3}>")
_DEFINITION = re.compile(r"^[ ]{0,3}:")
# A chunk opening with a link, footnote or abbreviation definition may render
# to nothing, so what follows it sees the element before it as its sibling; and
# what follows the definition inside the chunk starts a block of its own. A
# one-line definition chunk may start a block; a longer one may not.
_DEFINITION_START = re.compile(r"^[ ]{0,3}\*?\[.*\][ ]*:")
# Raw HTML the HTML-block preprocessor could carry across blank lines: any tag,
# comment, declaration or processing instruction. Autolinks are harmless.
_HTML_START = re.compile(r"<[A-Za-z/!?]")
_AUTOLINK = re.compile(
    r"<(?:(?:https?|ftp|mailto):[^\s<>\"'`]*|[^\s<>@\"'`]+@[^\s<>\"'`]+)>", re.IGNORECASE
)


def normalize_lines(text: str) -> list[str]:
    """The lines Python-Markdown parses (its NormalizeWhitespace step, without
    the two blank lines it appends), so our line numbers are its line numbers."""
    source = text.replace(STX, "").replace(ETX, "")
    source = source.replace("\r\n", "\n").replace("\r", "\n")
    source = source.expandtabs(TAB_LENGTH)
    source = _SPACES_ONLY_LINE.sub("\n", source + "\n")[:-1]
    return source.split("\n")


@cache
def _fence_regex() -> re.Pattern[str]:
    return FencedBlockPreprocessor.FENCED_BLOCK_RE


def fence_spans(lines: list[str]) -> list[tuple[int, int]]:
    """(first, last) line of every fenced code block, found exactly as the
    fenced-code preprocessor finds them (same regex, same scanning order)."""
    if not any(line.startswith(("```", "~~~")) for line in lines):
        return []
    text = "\n".join(lines) + "\n\n"
    pattern = _fence_regex()
    spans: list[tuple[int, int]] = []
    index = 0
    line_at = 0
    counted_to = 0
    while True:
        m = pattern.search(text, index)
        if not m:
            break
        if m.group("attrs"):
            _attrs, remainder = get_attrs_and_remainder(m.group("attrs"))
            if remainder:
                index = m.end("attrs")
                continue
        line_at += text.count("\n", counted_to, m.start())
        counted_to = m.start()
        spans.append((line_at, line_at + m.group(0).count("\n")))
        index = m.end()
    return spans


@dataclass(frozen=True, slots=True)
class SourceBlock:
    """Lines `start` (0-based) up to `end` (exclusive) of the normalized source;
    `text` holds them without the blank lines that follow."""

    start: int
    end: int
    text: str

    @property
    def first_line(self) -> int:
        """1-based, as in data-source-line."""
        return self.start + 1


def _is_lone_definition(lines: list[str], block: SourceBlock) -> bool:
    """A block that is one definition line (it may render to nothing)."""
    return block.end - block.start == 1 and bool(_DEFINITION_START.match(lines[block.start]))


def _has_html_hazard(text: str) -> bool:
    if "<" not in text:
        return False
    return bool(_HTML_START.search(_AUTOLINK.sub("", text)))


@dataclass(frozen=True, slots=True)
class SourceSplit:
    lines: list[str]
    blocks: list[SourceBlock]
    raw_html: bool  # the source holds raw HTML (outside fenced code)


def split_blocks(lines: list[str]) -> list[SourceBlock]:
    """Top-level blocks of normalized source lines (see the module docstring)."""
    return _split(lines)[0]


def _split(lines: list[str]) -> tuple[list[SourceBlock], bool]:
    n = len(lines)
    spans = fence_spans(lines)
    in_fence = [False] * n  # lines inside a fence after its opening line
    fenced = [False] * n  # every line of a fence (hidden from the HTML scan)
    for first, last in spans:
        for i in range(first, min(last, n - 1) + 1):
            fenced[i] = True
            if i > first:
                in_fence[i] = True

    # Chunks: runs of lines separated by blank lines (blank lines inside a fence
    # do not separate).
    chunks: list[tuple[int, int]] = []  # (start, end exclusive of trailing blanks)
    i = 0
    while i < n:
        if not lines[i] and not in_fence[i]:
            i += 1
            continue
        start = i
        i += 1
        while i < n and (lines[i] or in_fence[i]):
            i += 1
        chunks.append((start, i))

    blocks: list[SourceBlock] = []
    owner_listish = False
    prev_indented = False
    prev_end = 0
    cur_start: int | None = None
    cur_end = 0
    lone_definition = False
    hazard_from: int | None = None
    for start, end in chunks:
        first = lines[start]
        indented = first.startswith(" ")
        chunk_lines = lines[start:end]
        gap = start - prev_end
        boundary = cur_start is not None and not in_fence[start]
        if boundary and (
            indented
            or (_DEFINITION_START.match(first) and end - start > 1)
            or _QUOTE.match(first)
            or any(_DEFINITION.match(line) for line in chunk_lines)
            or (prev_indented and gap > 1)
            or (owner_listish and _LIST_ITEM.match(first))
        ):
            boundary = False
        if cur_start is None or boundary:
            if cur_start is not None:
                blocks.append(SourceBlock(cur_start, cur_end, "\n".join(lines[cur_start:cur_end])))
            cur_start = start
            lone_definition = end - start == 1 and bool(_DEFINITION_START.match(first))
        elif lone_definition:
            # The one-line definition may render to nothing, and this chunk
            # depends on what precedes it: both join the block before.
            lone_definition = False
            while blocks:
                merged = blocks.pop()
                cur_start = merged.start
                if not _is_lone_definition(lines, merged):
                    break
        cur_end = end
        if not first.startswith(" " * TAB_LENGTH):  # a top-level construct, not a continuation
            listish = any(_LIST_ITEM.match(line) for line in chunk_lines)
            if _DEFINITION_START.match(first):
                # may vanish: the list before it can still be the previous sibling
                owner_listish = owner_listish or listish
            else:
                owner_listish = listish
        prev_indented = indented
        prev_end = end
        if hazard_from is None:
            visible = [line for k, line in enumerate(chunk_lines) if not fenced[start + k]]
            if _has_html_hazard("\n".join(visible)):
                hazard_from = len(blocks)  # the block this chunk belongs to
    if cur_start is not None:
        blocks.append(SourceBlock(cur_start, cur_end, "\n".join(lines[cur_start:cur_end])))
    if hazard_from is not None and hazard_from < len(blocks) - 1:
        # Raw HTML can run past blank lines: the block holding it and everything
        # after it render as one.
        first_block = blocks[hazard_from]
        last_end = blocks[-1].end
        blocks[hazard_from:] = [
            SourceBlock(first_block.start, last_end, "\n".join(lines[first_block.start : last_end]))
        ]
    return blocks, hazard_from is not None


def source_blocks(text: str) -> SourceSplit:
    lines = normalize_lines(text)
    blocks, raw_html = _split(lines)
    return SourceSplit(lines, blocks, raw_html)
