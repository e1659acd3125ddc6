"""A small Markdown text field (FAQ answers, image captions) highlighted like
the body, by the body editor's own highlighter."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QFontMetrics, QTextOption
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from newsdesk.ui.highlighter import MarkdownHighlighter
from newsdesk.ui.theme import colors_for, current_theme


class MarkdownField(QPlainTextEdit):
    """Plain-text Markdown with the body's highlighting; Tab moves the focus on
    (answers are short, a tab character is never wanted here)."""

    def __init__(self, lines: int = 4, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._lines = lines
        self.setTabChangesFocus(True)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self._theme = current_theme()
        self.highlighter = MarkdownHighlighter(self.document(), colors_for(self._theme))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        """Follow a theme switch (the app's palette changes with it)."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and current_theme() != self._theme:
            self._theme = current_theme()
            self.highlighter.set_colors(colors_for(self._theme))

    def sizeHint(self) -> QSize:  # noqa: N802
        metrics = QFontMetrics(self.font())
        margins = self.contentsMargins()
        height = metrics.lineSpacing() * self._lines + 2 * self.document().documentMargin()
        return QSize(super().sizeHint().width(), int(height) + margins.top() + margins.bottom())

    def set_text_keeping_cursor(self, text: str) -> None:
        """Show the model's text (undo, reload) without moving the cursor to the
        start when the text did not change."""
        if self.toPlainText() == text:
            return
        position = self.textCursor().position()
        self.setPlainText(text)
        cursor = self.textCursor()
        cursor.setPosition(min(position, len(text)))
        self.setTextCursor(cursor)
