"""The Markdown highlighter works per line; fenced code is tracked in the block
state so an edit re-highlights only the lines whose state changes."""

from __future__ import annotations

from PySide6.QtGui import QFont, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QPlainTextEdit

from newsdesk.ui.highlighter import NORMAL, MarkdownHighlighter

_keep: list[QPlainTextEdit] = []


def _document(qtbot) -> QTextDocument:
    """A document with a plain-text layout, as in the editor (highlighting
    follows edits only in a laid-out document)."""
    edit = QPlainTextEdit()
    qtbot.addWidget(edit)
    _keep.append(edit)
    return edit.document()


def _format_at(document: QTextDocument, line: int, column: int) -> QTextCharFormat | None:
    """The last format range covering the column (later ranges win)."""
    found = None
    for r in document.findBlockByNumber(line).layout().formats():
        if r.start <= column < r.start + r.length:
            found = QTextCharFormat(r.format)
    return found


def test_markdown_elements_are_highlighted(qtbot):
    document = _document(qtbot)
    document.setPlainText(
        "# Heading\n"
        "Some **strong** and *em* with `code` and [a link](https://x.org).\n"
        "> quoted\n"
        "- item\n"
        "![alt](photo.png) and a note[^1]\n"
        "```\n"
        "# not a heading\n"
        "```\n"
        "after"
    )
    highlighter = MarkdownHighlighter(document)
    highlighter.rehighlight()
    assert _format_at(document, 0, 3).fontWeight() == QFont.Weight.Bold
    assert _format_at(document, 1, 8).fontWeight() == QFont.Weight.Bold  # strong
    assert _format_at(document, 1, 21).fontItalic()  # em
    assert _format_at(document, 1, 31).fontFixedPitch()  # inline code
    assert _format_at(document, 1, 44).fontUnderline()  # link text
    assert _format_at(document, 2, 4).fontItalic()  # quote
    assert _format_at(document, 3, 0).fontWeight() == QFont.Weight.Bold  # list marker
    assert _format_at(document, 4, 3) is not None  # image alt
    assert _format_at(document, 4, 29) is not None  # footnote reference
    inside = _format_at(document, 6, 2)
    assert inside.fontFixedPitch() and inside.fontWeight() != QFont.Weight.Bold
    assert document.findBlockByNumber(6).userState() != NORMAL
    assert document.findBlockByNumber(8).userState() == NORMAL
    assert _format_at(document, 8, 1) is None


def test_closing_a_fence_rehighlights_only_what_follows(qtbot):
    document = _document(qtbot)
    document.setPlainText("```\ncode\n# title\nmore")
    highlighter = MarkdownHighlighter(document)
    highlighter.rehighlight()
    assert document.findBlockByNumber(2).userState() != NORMAL  # still in the fence
    seen: list[str] = []
    original = highlighter.highlightBlock

    def spy(text: str) -> None:
        seen.append(text)
        original(text)

    highlighter.highlightBlock = spy
    cursor = QTextCursor(document.findBlockByNumber(1))
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
    cursor.insertText("\n```")
    assert document.findBlockByNumber(3).userState() == NORMAL
    assert _format_at(document, 3, 2).fontWeight() == QFont.Weight.Bold  # now a heading
    assert seen == ["code", "```", "# title", "more"]  # from the edit to where states settle
    seen.clear()
    cursor = QTextCursor(document.findBlockByNumber(1))
    cursor.insertText("x")  # an edit that changes no state touches one line
    assert seen == ["xcode"]
