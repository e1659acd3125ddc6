"""Python-Markdown extension that stamps `data-source-line` on top-level blocks.

The editor syncs scrolling and the incremental preview patches blocks by these
numbers, so they must be exact: preprocessors that swap source spans for stash
placeholders (fenced code, raw HTML) are tracked, and the block parser's
top-level loop records where each block starts in the processed text.
"""

from __future__ import annotations

import copy
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE

ATTRIBUTE = "data-source-line"
_FIRST_TAG = re.compile(r"^(\s*<[A-Za-z][A-Za-z0-9-]*)(?=[\s/>])")


class _Tracker:
    """Per-conversion state: processed line index -> original line index."""

    def __init__(self) -> None:
        self.first_line = 1
        self.reset()

    def reset(self) -> None:
        self.original: list[str] = []
        self.line_map: list[int] = []

    def original_line(self, processed_index: int) -> int:
        """1-based source line of a processed line."""
        if not self.line_map:
            return processed_index + self.first_line
        index = min(max(processed_index, 0), len(self.line_map) - 1)
        return self.line_map[index] + self.first_line


class _StartPreprocessor(Preprocessor):
    """Runs right after whitespace normalisation: lines are still the source's."""

    def __init__(self, md: Markdown, tracker: _Tracker) -> None:
        super().__init__(md)
        self.tracker = tracker

    def run(self, lines: list[str]) -> list[str]:
        self.tracker.original = list(lines)
        self.tracker.line_map = list(range(len(lines)))
        return lines


class _RegexSpy:
    """Stands in for the fenced-code regex and tells which lines each match took."""

    def __init__(self, pattern: re.Pattern[str], on_match: Callable[[int, int], None]) -> None:
        self.pattern = pattern
        self.on_match = on_match

    def search(self, text: str, pos: int = 0) -> re.Match[str] | None:
        m = self.pattern.search(text, pos)
        if m:
            self.on_match(text.count("\n", 0, m.start()), m.group(0).count("\n"))
        return m

    def __getattr__(self, name: str) -> Any:
        return getattr(self.pattern, name)


def _wrap_fenced(pre: Preprocessor, tracker: _Tracker) -> None:
    """Fenced code: each match replaces lines s..s+k with "", placeholder, ""."""
    cls_pattern = type(pre).FENCED_BLOCK_RE  # type: ignore[attr-defined]

    def on_match(start: int, newlines: int) -> None:
        m = tracker.line_map
        if not m:
            return
        end = min(start + newlines, len(m) - 1)
        s = min(start, len(m) - 1)
        m[s : end + 1] = [m[s], m[s], m[end]]

    pre.FENCED_BLOCK_RE = _RegexSpy(cls_pattern, on_match)  # type: ignore[attr-defined]


def _align(md: Markdown, original: list[str], processed: list[str], base: list[int]) -> list[int]:
    """Realign after raw-HTML extraction. Blank lines are free; text lines match
    one to one; a placeholder maps to the next source line and swallows as many
    lines as the stashed raw HTML holds."""
    n = len(original)
    if processed == original or not n:
        return base
    stash = md.htmlStash.rawHtmlBlocks
    out: list[int] = []
    i = 0

    def here() -> int:
        return base[min(i, n - 1)]

    for line in processed:
        text = line.strip()
        if not text:
            out.append(here())
            continue
        k = i
        while k < n and k - i < 64 and original[k] != line:
            k += 1
        if k < n and original[k] == line:
            i = k
            out.append(base[i])
            i += 1
            continue
        m = HTML_PLACEHOLDER_RE.fullmatch(text)
        if not m:
            out.append(here())
            continue
        # A new placeholder: raw HTML taken out of the source here.
        while i < n and not original[i].strip():
            i += 1
        out.append(here())
        index = int(m.group(1))
        raw = stash[index] if index < len(stash) else None
        if isinstance(raw, str):
            i += raw.strip("\n").count("\n") + 1
        elif isinstance(raw, etree.Element):
            i = _element_end(original, i, raw.tag)
        else:
            i += 1
    return out


def _element_end(original: list[str], start: int, tag: str) -> int:
    """Index after the source lines of a markdown="1" block opened at `start`:
    where its opening and closing tags balance."""
    opening = re.compile(rf"<{re.escape(tag)}\b", re.IGNORECASE)
    closing = re.compile(rf"</{re.escape(tag)}\s*>", re.IGNORECASE)
    depth = 0
    for k in range(start, len(original)):
        depth += len(opening.findall(original[k])) - len(closing.findall(original[k]))
        if depth <= 0:
            return k + 1
    return start + 1  # never closed (or malformed): claim one line, not the rest


class _EndPreprocessor(Preprocessor):
    """Runs after raw-HTML extraction and realigns the map if lines moved."""

    def __init__(self, md: Markdown, tracker: _Tracker) -> None:
        super().__init__(md)
        self.tracker = tracker
        self.before_html: list[str] = []

    def run(self, lines: list[str]) -> list[str]:
        if len(self.tracker.line_map) != len(lines) or self.before_html != lines:
            self.tracker.line_map = _align(self.md, self.before_html, lines, self.tracker.line_map)
        return lines


class _BeforeHtmlPreprocessor(Preprocessor):
    def __init__(self, md: Markdown, end: _EndPreprocessor) -> None:
        super().__init__(md)
        self.end = end

    def run(self, lines: list[str]) -> list[str]:
        self.end.before_html = list(lines)
        return lines


def _newlines(blocks: list[str]) -> int:
    return sum(b.count("\n") for b in blocks) + 2 * len(blocks)


def _stamp_placeholder(md: Markdown, element: etree.Element, line: int) -> bool:
    """A paragraph holding only a stash placeholder is swapped for the raw HTML
    later, so the number goes on the stashed HTML instead."""
    if len(element) or element.tag != "p" or not element.text:
        return False
    m = HTML_PLACEHOLDER_RE.fullmatch(element.text.strip())
    if not m:
        return False
    index = int(m.group(1))
    blocks = md.htmlStash.rawHtmlBlocks
    if index < len(blocks):
        raw = blocks[index]
        if isinstance(raw, str):
            blocks[index] = _FIRST_TAG.sub(rf'\1 {ATTRIBUTE}="{line}"', raw, count=1)
        elif isinstance(raw, etree.Element):
            raw.set(ATTRIBUTE, str(line))
    return True


def _install_parse_document(md: Markdown, tracker: _Tracker) -> None:
    parser = md.parser

    def parse_document(lines: list[str]) -> etree.ElementTree:
        root = etree.Element(md.doc_tag)
        parser.root = root
        text = "\n".join(lines)
        total = text.count("\n")
        blocks = text.split("\n\n")
        remaining = _newlines(blocks) - 2  # newlines from blocks[0]'s start to the end
        processors = list(parser.blockprocessors)
        while blocks:
            start_index = total - remaining
            line = tracker.original_line(start_index)
            children = len(root)
            old_len = len(blocks)
            old_front = blocks[:8]
            for processor in processors:
                if processor.test(root, blocks[0]) and processor.run(root, blocks) is not False:
                    break
            for child in root[children:]:
                if ATTRIBUTE not in child.attrib and not _stamp_placeholder(md, child, line):
                    child.set(ATTRIBUTE, str(line))
            if not blocks:
                break
            shift = old_len - len(blocks)
            for j in range(min(len(blocks), 8)):
                a = j + shift
                if 0 <= a < len(old_front) and blocks[j] is old_front[a]:
                    remaining += _newlines(blocks[:j]) - _newlines(old_front[:a])
                    break
            else:
                remaining = _newlines(blocks) - 2
        return etree.ElementTree(root)

    parser.parseDocument = parse_document  # type: ignore[method-assign]


class _Remember(Treeprocessor):
    """Before code highlighting: note each top-level block's number (highlighting
    and the [TOC] marker clear the element's attributes in place)."""

    def __init__(self, md: Markdown, memo: list[str | None]) -> None:
        super().__init__(md)
        self.memo = memo

    def run(self, root: etree.Element) -> None:
        self.memo[:] = [child.get(ATTRIBUTE) for child in root]


class _Restore(Treeprocessor):
    def __init__(self, md: Markdown, memo: list[str | None]) -> None:
        super().__init__(md)
        self.memo = memo

    def run(self, root: etree.Element) -> None:
        """Blocks keep their places in between (the [TOC] div is swapped in at
        the marker's index), so numbers are restored by position."""
        seen: set[int] = set()
        for index, child in enumerate(root):
            line = self.memo[index] if index < len(self.memo) else None
            if id(child) in seen:
                # [TOC] puts one element at every marker; each place gets its own.
                child = copy.deepcopy(child)
                root[index] = child
                child.attrib.pop(ATTRIBUTE, None)
            seen.add(id(child))
            if (
                line is not None
                and ATTRIBUTE not in child.attrib
                and not _stamp_placeholder(self.md, child, int(line))
            ):
                child.set(ATTRIBUTE, line)
        self.memo.clear()


class SourceLineExtension(Extension):
    """Add `data-source-line` (1-based, offset by `first_line`) to top-level blocks."""

    def __init__(self, **kwargs: Any) -> None:
        self.tracker = _Tracker()
        super().__init__(**kwargs)

    def set_first_line(self, first_line: int) -> None:
        self.tracker.first_line = first_line

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown API)
        tracker = self.tracker
        md.registerExtension(self)
        md.preprocessors.register(_StartPreprocessor(md, tracker), "nd_lines_start", 29)
        end = _EndPreprocessor(md, tracker)
        md.preprocessors.register(_BeforeHtmlPreprocessor(md, end), "nd_lines_before_html", 21)
        md.preprocessors.register(end, "nd_lines_end", 1)
        if "fenced_code_block" in md.preprocessors:
            _wrap_fenced(md.preprocessors["fenced_code_block"], tracker)
        _install_parse_document(md, tracker)
        memo: list[str | None] = []
        md.treeprocessors.register(_Remember(md, memo), "nd_lines_remember", 31)
        md.treeprocessors.register(_Restore(md, memo), "nd_lines_restore", 2)

    def reset(self) -> None:
        self.tracker.reset()
