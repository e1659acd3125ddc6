"""Markdown highlighting, one block (line) at a time. QSyntaxHighlighter calls
`highlightBlock` only for the edited line and for following lines whose
starting state changes (a fence opened or closed), so a keystroke in a
50,000-word document costs one line's work."""

from __future__ import annotations

import re

from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from newsdesk.ui.theme import LIGHT_COLORS, EditorColors

# Not Qt's initial -1: a line split off by Enter starts at -1, and only a
# state that differs after highlighting makes Qt go on to the next line.
NORMAL = 0
_FENCE_BACKTICK = 1000
_FENCE_TILDE = 2000

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]|$)")
_SETEXT = re.compile(r"^ {0,3}(=+|-{2,})[ \t]*$")
_QUOTE = re.compile(r"^( {0,3}>[ >]*)")
_LIST = re.compile(r"^([ \t]*)([-*+]|\d{1,9}[.)])([ \t]+|$)")
_FOOTNOTE_DEF = re.compile(r"^ {0,3}(\[\^[^\]\s]+\]:)")
_FOOTNOTE_REF = re.compile(r"\[\^[^\]\s]+\]")
_CODE = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EMPHASIS = re.compile(
    r"(?<![*\w])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?!\*)|(?<![_\w])_(?=\S)(.+?)(?<=\S)_(?![_\w])"
)
_LINK = re.compile(r"(!?)\[((?:[^\[\]]|\[[^\]]*\])*)\]\(([^()\s]*(?:\([^()]*\))?[^()]*)\)")
_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")


def _fmt(
    color: str,
    *,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    background: str | None = None,
    mono: bool = False,
) -> QTextCharFormat:
    f = QTextCharFormat()
    f.setForeground(QColor(color))
    if bold:
        f.setFontWeight(QFont.Weight.Bold)
    if italic:
        f.setFontItalic(True)
    if underline:
        f.setFontUnderline(True)
    if background:
        f.setBackground(QColor(background))
    if mono:
        f.setFontFamilies(["DejaVu Sans Mono", "Menlo", "Consolas", "monospace"])
        f.setFontFixedPitch(True)
    return f


class MarkdownHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument, colors: EditorColors = LIGHT_COLORS) -> None:
        super().__init__(document)
        self.set_colors(colors, rehighlight=False)

    def set_colors(self, colors: EditorColors, *, rehighlight: bool = True) -> None:
        """A theme switch: the only time every block is highlighted again."""
        c = colors
        self.formats = {
            "heading": _fmt(c.heading, bold=True),
            "heading_marker": _fmt(c.syntax, bold=True),
            "strong": _fmt(c.emphasis, bold=True),
            "emphasis": _fmt(c.emphasis, italic=True),
            "syntax": _fmt(c.syntax),
            "link": _fmt(c.link, underline=True),
            "image": _fmt(c.link, italic=True),
            "url": _fmt(c.url),
            "code": _fmt(c.code, background=c.code_background, mono=True),
            "fence": _fmt(c.syntax, background=c.code_background, mono=True),
            "quote": _fmt(c.quote, italic=True),
            "list": _fmt(c.list_marker, bold=True),
            "footnote": _fmt(c.footnote),
        }
        if rehighlight:
            self.rehighlight()

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt's name
        state = self.previousBlockState()
        f = self.formats
        if state >= _FENCE_BACKTICK:
            fence_char = "`" if state < _FENCE_TILDE else "~"
            fence_len = state % 1000
            closing = _FENCE.match(text)
            self.setFormat(0, len(text), f["fence"] if closing else f["code"])
            if (
                closing
                and closing.group(1)[0] == fence_char
                and len(closing.group(1)) >= fence_len
                and not text[closing.end() :].strip()
            ):
                self.setCurrentBlockState(NORMAL)
                return
            self.setCurrentBlockState(state)
            return
        self.setCurrentBlockState(NORMAL)
        opening = _FENCE.match(text)
        if opening and not (opening.group(1)[0] == "`" and "`" in text[opening.end() :]):
            marker = opening.group(1)
            base = _FENCE_BACKTICK if marker[0] == "`" else _FENCE_TILDE
            self.setFormat(0, len(text), f["fence"])
            self.setCurrentBlockState(base + min(len(marker), 999))
            return
        heading = _HEADING.match(text)
        if heading:
            self.setFormat(0, len(text), f["heading"])
            self.setFormat(0, heading.end(1), f["heading_marker"])
            self._inline(text, base=f["heading"])
            return
        if _SETEXT.match(text) and self.currentBlock().previous().text().strip():
            self.setFormat(0, len(text), f["heading_marker"])
            return
        start = 0
        quote = _QUOTE.match(text)
        if quote:
            self.setFormat(0, len(text), f["quote"])
            self.setFormat(0, quote.end(1), f["syntax"])
            start = quote.end(1)
        item = _LIST.match(text, start) if not quote else _LIST.match(text[start:])
        if item:
            offset = start if quote else 0
            self.setFormat(offset + item.start(2), len(item.group(2)), f["list"])
        footnote = _FOOTNOTE_DEF.match(text)
        if footnote:
            self.setFormat(footnote.start(1), len(footnote.group(1)), f["footnote"])
        self._inline(text, base=f["quote"] if quote else None)

    def _inline(self, text: str, base: QTextCharFormat | None) -> None:
        f = self.formats

        def merged(name: str) -> QTextCharFormat:
            if base is None:
                return f[name]
            combined = QTextCharFormat(base)
            combined.merge(f[name])
            return combined

        for m in _STRONG.finditer(text):
            self.setFormat(m.start(), m.end() - m.start(), merged("strong"))
            self.setFormat(m.start(), 2, f["syntax"])
            self.setFormat(m.end() - 2, 2, f["syntax"])
        for m in _EMPHASIS.finditer(text):
            self.setFormat(m.start(), m.end() - m.start(), merged("emphasis"))
            self.setFormat(m.start(), 1, f["syntax"])
            self.setFormat(m.end() - 1, 1, f["syntax"])
        for m in _LINK.finditer(text):
            is_image = bool(m.group(1))
            self.setFormat(m.start(), m.end() - m.start(), f["syntax"])
            self.setFormat(m.start(2), len(m.group(2)), f["image" if is_image else "link"])
            self.setFormat(m.start(3), len(m.group(3)), f["url"])
        for m in _AUTOLINK.finditer(text):
            self.setFormat(m.start(1), len(m.group(1)), f["link"])
        for m in _FOOTNOTE_REF.finditer(text):
            self.setFormat(m.start(), m.end() - m.start(), f["footnote"])
        for m in _CODE.finditer(text):
            self.setFormat(m.start(), m.end() - m.start(), f["code"])
