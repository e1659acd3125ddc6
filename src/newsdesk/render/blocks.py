"""Split a Markdown body into independently renderable top-level source blocks.

The incremental preview re-renders only the blocks an edit touched, so a block
boundary may only sit where Python-Markdown's output on either side cannot
depend on the other side. Python-Markdown parses blank-line separated chunks,
but several processors look back at the previous top-level element (lists and
block quotes merge with a preceding list or quote, a definition item takes the
preceding paragraph as its term and joins a definition list before that,
indented chunks continue a list item, a footnote or a code block) and two
preprocessors work on the whole text (fenced code, raw HTML). So a block starts
only at a chunk that cannot look back: not indented, not a quote, no definition
item, no list item after a list, not a multi-line chunk opening with a link,
footnote or abbreviation definition; a one-line definition may render to
nothing, so what follows it is judged against what precedes it. Fenced code is
found with Python-Markdown's own regex and never split. Raw HTML is only
flagged (`raw_html`): the caller renders such a text whole. The rules are
deliberately conservative: when in doubt two chunks stay one block, which
costs a little speed and never correctness.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from markdown.extensions.attr_list import get_attrs_and_remainder
from markdown.extensions.fenced_code import FencedBlockPreprocessor
from markdown.util import ETX, STX

TAB_LENGTH = 4  # Python-Markdown's default tab_length, used by our converter

# A list item, a block quote or a definition at the start of a chunk depends on
# what precedes it. Markers may be indented by up to three spaces.
_LIST_ITEM = re.compile(r"^[ ]{0,3}(?:[*+-]|\d+[.)])(?:[ ]|$)")
_LIST_ITEM_ANYWHERE = re.compile(r"^[ ]{0,3}(?:[*+-]|\d+[.)])(?:[ ]|$)", re.MULTILINE)
_DEFINITION = re.compile(r"^[ ]{0,3}:", re.MULTILINE)
# A chunk opening with a link, footnote or abbreviation definition may render
# to nothing, so what follows it sees the element before it as its sibling; and
# what follows the definition inside the chunk starts a block of its own. A
# one-line definition chunk may start a block; a longer one may not.
# (A reference id or footnote label may run over several lines.)
_DEFINITION_START = re.compile(r"[ ]{0,3}\*?\[.*?\][ ]*:", re.DOTALL)
_DEFINITION_END = re.compile(r"\][ ]*:")
# Raw HTML the HTML-block preprocessor could carry across blank lines: any tag,
# comment, declaration or processing instruction. Autolinks are harmless.
_HTML_START = re.compile(r"<[A-Za-z/!?]")
_AUTOLINK = re.compile(
    r"<(?:(?:https?|ftp|mailto):[^\s<>\"'`]*|[^\s<>@\"'`]+@[^\s<>\"'`]+)>", re.IGNORECASE
)


def normalize_lines(text: str) -> list[str]:
    """The lines Python-Markdown parses (its NormalizeWhitespace step, without
    the two blank lines it appends), so our line numbers are its line numbers."""
    source = text
    if STX in source or ETX in source:
        source = source.replace(STX, "").replace(ETX, "")
    if "\r" in source:
        source = source.replace("\r\n", "\n").replace("\r", "\n")
    if "\t" in source:
        source = source.expandtabs(TAB_LENGTH)
    lines = source.split("\n")
    # lines of spaces only become empty (not the first: no newline before it)
    for i in range(1, len(lines)):
        line = lines[i]
        if line and line[0] == " " and not line.strip(" "):
            lines[i] = ""
    return lines


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
    # The source holds raw HTML (outside fenced code). Python-Markdown's HTML
    # block preprocessor then works across blank lines: render the whole text.
    raw_html: bool


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
    prev_start = -1
    cur_start: int | None = None
    cur_end = 0
    lone_definition = False
    raw_html = False
    for start, end in chunks:
        first = lines[start]
        indented = first[:1] == " "
        text = first if end - start == 1 else "\n".join(lines[start:end])
        definition_start = first[:1] in "[* " and bool(_DEFINITION_START.match(text))
        definition_item = ":" in text and bool(_DEFINITION.search(text))
        boundary = cur_start is not None and not in_fence[start]
        if boundary and (
            indented
            or (definition_start and end - start > 1)
            or first[:1] == ">"
            or definition_item
            or (prev_indented and start - prev_end > 1)
            or (owner_listish and _LIST_ITEM.match(first))
        ):
            boundary = False
        if cur_start is None or boundary:
            if cur_start is not None:
                blocks.append(SourceBlock(cur_start, cur_end, "\n".join(lines[cur_start:cur_end])))
            cur_start = start
            lone_definition = end - start == 1 and definition_start
        elif lone_definition or (cur_start == prev_start and definition_item):
            # The one-line definition may render to nothing, and this chunk
            # depends on what precedes it: both join the block before. So does
            # a paragraph a definition item takes as its term: the item then
            # looks at what precedes that paragraph (a list to continue).
            lone_definition = False
            while blocks:
                merged = blocks.pop()
                cur_start = merged.start
                if not _is_lone_definition(lines, merged):
                    break
        cur_end = end
        listish = bool(_LIST_ITEM_ANYWHERE.search(text))
        if first.startswith(" " * TAB_LENGTH) or definition_start:
            # A continuation (or a definition, which may vanish) leaves the list
            # before it as the last element, unless a list starts inside it.
            owner_listish = owner_listish or listish
        else:
            owner_listish = listish
        prev_indented = indented
        prev_end = end
        prev_start = start
        if not raw_html and "<" in text:
            if any(fenced[start:end]):
                text = "\n".join(
                    line for k, line in enumerate(lines[start:end]) if not fenced[start + k]
                )
            raw_html = _has_html_hazard(text)
    if cur_start is not None:
        blocks.append(SourceBlock(cur_start, cur_end, "\n".join(lines[cur_start:cur_end])))
    return blocks, raw_html


def source_blocks(text: str) -> SourceSplit:
    lines = normalize_lines(text)
    blocks, raw_html = _split(lines)
    return SourceSplit(lines, blocks, raw_html)


def _common_prefix(a: str, b: str) -> int:
    """Length of the common prefix, by bisection on slices (C-speed compares)."""
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[:mid] == b[:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _line_shape(line: str) -> tuple[bool, ...] | None:
    """Everything the splitter asks of a line. None: a line that may touch
    fences, raw HTML or the text normalization (always split afresh)."""
    if line.startswith(("```", "~~~")) or "<" in line or "\t" in line or "\r" in line:
        return None
    if STX in line or ETX in line:
        return None
    return (
        not line.strip(" "),
        line[:1] == " ",
        line.startswith(" " * TAB_LENGTH),
        line[:1] == ">",
        bool(_DEFINITION.match(line)),
        line.lstrip(" ").startswith(("[", "*[")),
        bool(_DEFINITION_END.search(line)),
        bool(_LIST_ITEM.match(line)),
    )


def resplit(previous: SourceSplit | None, previous_text: str, text: str) -> SourceSplit:
    """`source_blocks(text)`, reusing `previous` (the split of `previous_text`)
    when the edit stays inside one line and leaves that line's shape (blank,
    indented, list item, quote, definition...) as it was: then the blocks are
    the same but for the text of the one holding the line. Typing in a
    paragraph is that case."""
    if previous is None or not previous.blocks or previous.raw_html:
        return source_blocks(text)
    if len(text) - text.count("\n") == len(previous_text) - previous_text.count("\n") and (
        text == previous_text
    ):
        return previous
    head = _common_prefix(previous_text, text)
    if "\n" in text[head : head + 1] or "\n" in previous_text[head : head + 1]:
        return source_blocks(text)
    line_start = previous_text.rfind("\n", 0, head) + 1
    old_end = previous_text.find("\n", head)
    new_end = text.find("\n", head)
    old_end = len(previous_text) if old_end < 0 else old_end
    new_end = len(text) if new_end < 0 else new_end
    if previous_text[old_end:] != text[new_end:]:
        return source_blocks(text)  # more than one line changed
    old_line = previous_text[line_start:old_end]
    new_line = text[line_start:new_end]
    index = previous_text.count("\n", 0, line_start)
    if index >= len(previous.lines) or previous.lines[index] != old_line:
        return source_blocks(text)
    shape = _line_shape(new_line)
    if shape is None or shape != _line_shape(old_line):
        return source_blocks(text)
    if index == 0 and shape[0]:  # the first line keeps its spaces (see normalize_lines)
        return source_blocks(text)
    lines = list(previous.lines)
    lines[index] = "" if shape[0] else new_line
    blocks = list(previous.blocks)
    for k, block in enumerate(blocks):
        if block.start <= index < block.end:
            text_of = "\n".join(lines[block.start : block.end])
            blocks[k] = SourceBlock(block.start, block.end, text_of)
            break
    return SourceSplit(lines, blocks, False)
