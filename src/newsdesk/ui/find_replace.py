"""Find and replace in the body: match case, whole word, regular expressions.
Replace all is one edit block, so one undo step."""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QWidget,
)

from newsdesk.ui.session import DocumentSession


@dataclass(frozen=True)
class FindOptions:
    match_case: bool = False
    whole_word: bool = False
    regex: bool = False


def compile_pattern(needle: str, options: FindOptions) -> re.Pattern[str]:
    """Raises re.error for a bad regular expression."""
    source = needle if options.regex else re.escape(needle)
    if options.whole_word:
        source = rf"(?<!\w)(?:{source})(?!\w)"
    flags = re.MULTILINE | (0 if options.match_case else re.IGNORECASE)
    return re.compile(source, flags)


def find_in(text: str, pattern: re.Pattern[str], start: int, *, backwards: bool = False):
    """The next (or previous) non-empty match from `start`, wrapping around."""
    if backwards:
        last = None
        for m in pattern.finditer(text):
            if m.end() == m.start():
                continue
            if m.start() >= start:
                break
            last = m
        if last is not None:
            return last
        matches = [m for m in pattern.finditer(text, start) if m.end() > m.start()]
        return matches[-1] if matches else None
    for begin in (start, 0):
        for m in pattern.finditer(text, begin):
            if m.end() > m.start():
                return m
    return None


def replacement_for(match: re.Match[str], replacement: str, options: FindOptions) -> str:
    return match.expand(replacement) if options.regex else replacement


def replace_all(
    session: DocumentSession, pattern: re.Pattern[str], replacement: str, options: FindOptions
) -> int:
    """Replace every match as one undo step; returns how many."""
    document = session.body_document
    assert document is not None
    text = session.article.body
    matches = [m for m in pattern.finditer(text) if m.end() > m.start()]
    if not matches:
        return 0
    replacements = [replacement_for(m, replacement, options) for m in matches]
    cursor = QTextCursor(document)
    cursor.beginEditBlock()
    try:
        for m, new in zip(reversed(matches), reversed(replacements), strict=True):
            cursor.setPosition(session.to_position(m.start(), text))
            cursor.setPosition(session.to_position(m.end(), text), QTextCursor.MoveMode.KeepAnchor)
            cursor.insertText(new)
    finally:
        cursor.endEditBlock()
    return len(matches)


class FindBar(QWidget):
    """The bar under the editor (Ctrl+F find, Ctrl+H replace, Esc closes)."""

    closed = Signal()

    def __init__(self, editor: QPlainTextEdit, session: DocumentSession, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("find-bar")
        self.editor = editor
        self.session = session
        self.find_field = QLineEdit(placeholderText="Find")
        self.find_field.setAccessibleName("Find")
        self.replace_field = QLineEdit(placeholderText="Replace with")
        self.replace_field.setAccessibleName("Replace with")
        self.match_case = QCheckBox("Match case")
        self.whole_word = QCheckBox("Whole word")
        self.regex = QCheckBox("Regular expression")
        self.previous_button = QPushButton("Previous")
        self.next_button = QPushButton("Next")
        self.replace_button = QPushButton("Replace")
        self.replace_all_button = QPushButton("Replace all")
        self.message = QLabel()
        self.message.setAccessibleName("Find result")
        close = QToolButton(text="✕", toolTip="Close (Esc)", autoRaise=True)
        close.setAccessibleName("Close find bar")

        grid = QGridLayout(self)
        grid.setContentsMargins(6, 4, 6, 4)
        grid.addWidget(self.find_field, 0, 0)
        grid.addWidget(self.previous_button, 0, 1)
        grid.addWidget(self.next_button, 0, 2)
        grid.addWidget(self.match_case, 0, 3)
        grid.addWidget(self.whole_word, 0, 4)
        grid.addWidget(self.regex, 0, 5)
        grid.addWidget(close, 0, 6)
        grid.addWidget(self.replace_field, 1, 0)
        grid.addWidget(self.replace_button, 1, 1)
        grid.addWidget(self.replace_all_button, 1, 2)
        grid.addWidget(self.message, 1, 3, 1, 4)
        grid.setColumnStretch(0, 1)

        self.next_button.clicked.connect(lambda: self.find(backwards=False))
        self.previous_button.clicked.connect(lambda: self.find(backwards=True))
        self.replace_button.clicked.connect(self.replace_one)
        self.replace_all_button.clicked.connect(self.replace_everything)
        self.find_field.returnPressed.connect(lambda: self.find(backwards=False))
        self.find_field.textEdited.connect(lambda _t: self._incremental())
        self.replace_field.returnPressed.connect(self.replace_one)
        close.clicked.connect(self.close_bar)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close_bar)
        QShortcut(QKeySequence("Shift+Return"), self.find_field, lambda: self.find(backwards=True))

    def options(self) -> FindOptions:
        return FindOptions(
            self.match_case.isChecked(), self.whole_word.isChecked(), self.regex.isChecked()
        )

    def open(self, *, replace: bool) -> None:
        selected = self.editor.textCursor().selectedText()
        if selected and "\u2029" not in selected:
            self.find_field.setText(selected)
        self.replace_field.setVisible(True)
        self.show()
        (self.replace_field if replace and self.find_field.text() else self.find_field).setFocus()
        self.find_field.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self.editor.setFocus()
        self.closed.emit()

    def _pattern(self) -> re.Pattern[str] | None:
        needle = self.find_field.text()
        if not needle:
            self.message.setText("")
            return None
        try:
            return compile_pattern(needle, self.options())
        except re.error as exc:
            self.message.setText(f"Invalid expression: {exc}")
            return None

    def _select(self, match: re.Match[str]) -> None:
        text = self.session.article.body
        cursor = self.editor.textCursor()
        cursor.setPosition(self.session.to_position(match.start(), text))
        cursor.setPosition(
            self.session.to_position(match.end(), text), QTextCursor.MoveMode.KeepAnchor
        )
        self.editor.setTextCursor(cursor)
        self.editor.centerCursor()

    def _incremental(self) -> None:
        pattern = self._pattern()
        if pattern is None:
            return
        start = self.session.to_index(self.editor.textCursor().selectionStart())
        match = find_in(self.session.article.body, pattern, start)
        self._report(match)
        if match:
            self._select(match)

    def find(self, *, backwards: bool = False) -> bool:
        pattern = self._pattern()
        if pattern is None:
            return False
        cursor = self.editor.textCursor()
        position = cursor.selectionStart() if backwards else cursor.selectionEnd()
        match = find_in(
            self.session.article.body,
            pattern,
            self.session.to_index(position),
            backwards=backwards,
        )
        self._report(match)
        if match:
            self._select(match)
        return match is not None

    def _report(self, match: re.Match[str] | None) -> None:
        self.message.setText("" if match else "Not found")

    def replace_one(self) -> None:
        """Replace the selected match (if it is one), then find the next."""
        pattern = self._pattern()
        if pattern is None or self.session.read_only:
            return
        cursor = self.editor.textCursor()
        text = self.session.article.body
        start = self.session.to_index(cursor.selectionStart())
        end = self.session.to_index(cursor.selectionEnd())
        match = pattern.fullmatch(text, start, end) if cursor.hasSelection() else None
        if match:
            cursor.insertText(replacement_for(match, self.replace_field.text(), self.options()))
            self.editor.setTextCursor(cursor)
        self.find(backwards=False)

    def replace_everything(self) -> int:
        pattern = self._pattern()
        if pattern is None or self.session.read_only:
            return 0
        count = replace_all(self.session, pattern, self.replace_field.text(), self.options())
        self.message.setText(f"Replaced {count}" if count else "Not found")
        return count
