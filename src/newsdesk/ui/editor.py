"""The body editor: a QPlainTextEdit for Markdown with formatting shortcuts,
list continuation, a centred text column and image paste/drop."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMimeData, QSize, Qt, Signal
from PySide6.QtGui import (
    QFont,
    QFontDatabase,
    QImage,
    QKeyEvent,
    QTextCursor,
    QTextOption,
)
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from newsdesk.model.images import NotAnImageError, markdown_reference, new_image
from newsdesk.ui.highlighter import MarkdownHighlighter
from newsdesk.ui.session import PART_IMAGES, DocumentSession
from newsdesk.ui.theme import EditorColors

MAX_COLUMN_CHARS = 80
_LIST_ITEM = re.compile(
    r"^(?P<indent>[ \t]*)(?P<marker>[-*+]|(?P<number>\d{1,9})(?P<delim>[.)]))"
    r"(?P<space>[ \t]+)(?P<task>\[[ xX]\][ \t]+)?"
)
_QUOTE_LINE = re.compile(r"^(?P<marker>(?:[ \t]*>[ \t]?)+)")
_HEADING_PREFIX = re.compile(r"^ {0,3}#{1,6}[ \t]+|^ {0,3}#{1,6}$")
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg"}


def editor_font() -> QFont:
    """A readable proportional font a little larger than the UI's."""
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
    font.setFamilies(["Source Sans 3", "Noto Sans", "DejaVu Sans", font.family()])
    font.setPointSizeF(max(font.pointSizeF(), 10.0) * 1.2)
    return font


class MarkdownEditor(QPlainTextEdit):
    """Edits `session.article.body`; all changes flow through the session's
    undo stack (see DocumentSession.attach_body_document)."""

    image_problem = Signal(str)

    def __init__(
        self, session: DocumentSession, colors: EditorColors, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setObjectName("body-editor")
        self.setAccessibleName("Article body (Markdown)")
        self.session = session
        self.setFont(editor_font())
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setTabChangesFocus(False)
        self.setCenterOnScroll(False)
        self.document().setDocumentMargin(12)
        self.setPlainText(session.article.body)
        self.highlighter = MarkdownHighlighter(self.document(), colors)
        session.attach_body_document(self.document())
        session.body_cursor_requested.connect(self._place_cursor)
        self.cursorPositionChanged.connect(
            lambda: session.set_cursor_position(self.textCursor().position())
        )
        self.setReadOnly(session.read_only)

    # -- layout: a centred column of at most ~80 characters ---------------------
    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._update_margins()

    def _update_margins(self) -> None:
        column = self.fontMetrics().horizontalAdvance("n") * MAX_COLUMN_CHARS + 24
        spare = self.width() - column - self.verticalScrollBar().sizeHint().width()
        side = max(0, spare // 2)
        self.setViewportMargins(side, 0, side, 0)

    # The side margins must not feed back into the size the layout gives us.
    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(240, 120)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(640, 480)

    def set_colors(self, colors: EditorColors) -> None:
        self.highlighter.set_colors(colors)

    # -- cursor helpers ------------------------------------------------------
    def _place_cursor(self, position: int) -> None:
        cursor = self.textCursor()
        cursor.setPosition(min(position, self.document().characterCount() - 1))
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def go_to_position(self, position: int) -> None:
        """Jump to a character position and show it near the top."""
        self._place_cursor(position)
        bar = self.verticalScrollBar()
        block = self.textCursor().block().blockNumber()
        bar.setValue(min(bar.maximum(), max(0, block - 2)))
        self.setFocus()

    def insert_at_cursor(self, text: str) -> None:
        """Insert Markdown at the cursor as one undo step (used by panels)."""
        cursor = self.textCursor()
        cursor.beginEditBlock()
        cursor.insertText(text)
        cursor.endEditBlock()
        self.setTextCursor(cursor)

    # -- formatting ----------------------------------------------------------
    def toggle_wrap(self, marker: str, placeholder: str) -> None:
        """Ctrl+B / Ctrl+I: wrap the selection (or a placeholder) in `marker`,
        or unwrap it if it is already wrapped."""
        cursor = self.textCursor()
        selected = cursor.selectedText()
        cursor.beginEditBlock()
        if selected and "\u2029" not in selected:
            start, end = cursor.selectionStart(), cursor.selectionEnd()
            n = len(marker)
            if len(selected) > 2 * n and selected.startswith(marker) and selected.endswith(marker):
                cursor.insertText(selected[n:-n])
                cursor.setPosition(start)
                cursor.setPosition(end - 2 * n, QTextCursor.MoveMode.KeepAnchor)
            else:
                if self._wrapped_in(marker, start, end):
                    cursor.setPosition(end)
                    cursor.setPosition(end + n, QTextCursor.MoveMode.KeepAnchor)
                    cursor.removeSelectedText()
                    cursor.setPosition(start - n)
                    cursor.setPosition(start, QTextCursor.MoveMode.KeepAnchor)
                    cursor.removeSelectedText()
                    cursor.setPosition(start - n)
                    cursor.setPosition(end - n, QTextCursor.MoveMode.KeepAnchor)
                else:
                    cursor.insertText(marker + selected + marker)
                    cursor.setPosition(start + n)
                    cursor.setPosition(end + n, QTextCursor.MoveMode.KeepAnchor)
        else:
            start = cursor.position()
            cursor.insertText(marker + placeholder + marker)
            cursor.setPosition(start + len(marker))
            cursor.setPosition(
                start + len(marker) + len(placeholder), QTextCursor.MoveMode.KeepAnchor
            )
        cursor.endEditBlock()
        self.setTextCursor(cursor)

    def _wrapped_in(self, marker: str, start: int, end: int) -> bool:
        """Is start..end already wrapped in `marker`? For `*` the run of
        asterisks must be odd (`**bold**` is not italic; `***both***` is)."""
        before = self._text_range(max(0, start - 3), start)
        after = self._text_range(end, min(end + 3, self.document().characterCount() - 1))
        run_before = len(before) - len(before.rstrip("*"))
        run_after = len(after) - len(after.lstrip("*"))
        if marker == "*":
            return run_before in (1, 3) and run_after in (1, 3)
        if marker == "**":
            return run_before >= 2 and run_after >= 2
        return before.endswith(marker) and after.startswith(marker)

    def _text_range(self, start: int, end: int) -> str:
        if start < 0 or end > self.document().characterCount() - 1:
            return ""
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        return cursor.selectedText()

    def bold(self) -> None:
        self.toggle_wrap("**", "bold text")

    def italic(self) -> None:
        self.toggle_wrap("*", "italic text")

    def insert_link(self, url: str = "https://") -> None:
        """Ctrl+K: `[selection](url)` with the URL selected for typing."""
        cursor = self.textCursor()
        text = cursor.selectedText().replace("\u2029", " ") or "link text"
        cursor.beginEditBlock()
        cursor.insertText(f"[{text}]({url})")
        end = cursor.position() - 1
        cursor.setPosition(end - len(url))
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        cursor.endEditBlock()
        self.setTextCursor(cursor)

    def _selected_blocks(self) -> tuple[QTextCursor, list[str], int]:
        """A cursor selecting whole lines of the selection, the lines, and the
        start position."""
        cursor = self.textCursor()
        start, end = cursor.selectionStart(), cursor.selectionEnd()
        cursor.setPosition(start)
        cursor.movePosition(QTextCursor.MoveOperation.StartOfBlock)
        first = cursor.position()
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
        lines = cursor.selectedText().split("\u2029")
        return cursor, lines, first

    def _rewrite_lines(self, transform) -> None:
        cursor, lines, first = self._selected_blocks()
        new_lines = [transform(i, line) for i, line in enumerate(lines)]
        if new_lines == lines:
            return
        cursor.beginEditBlock()
        new_text = "\n".join(new_lines)
        cursor.insertText(new_text)
        cursor.endEditBlock()
        cursor.setPosition(first + len(new_lines[0]) if len(new_lines) == 1 else first)
        if len(new_lines) > 1:
            cursor.setPosition(first + len(new_text), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def set_heading(self, level: int) -> None:
        """Ctrl+1..6 make the line a heading of that level (the same level
        again makes it a paragraph); Ctrl+0 makes it a paragraph."""

        def transform(_i: int, line: str) -> str:
            current = _HEADING_PREFIX.match(line)
            plain = line[current.end() :] if current else line
            existing = current.group(0).strip().count("#") if current else 0
            if level == 0 or existing == level:
                return plain
            return "#" * level + " " + plain

        self._rewrite_lines(transform)

    def toggle_quote(self) -> None:
        _c, lines, _f = self._selected_blocks()
        quoted = all(_QUOTE_LINE.match(line) for line in lines if line.strip())

        def transform(_i: int, line: str) -> str:
            if quoted:
                return re.sub(r"^([ \t]*)>[ \t]?", r"\1", line, count=1)
            return "> " + line if line.strip() else ">"

        self._rewrite_lines(transform)

    def toggle_list(self, numbered: bool = False) -> None:
        _c, lines, _f = self._selected_blocks()

        def of_kind(line: str) -> bool:
            item = _LIST_ITEM.match(line)
            return item is not None and bool(item.group("number")) == numbered

        # all items already of this kind: remove the markers; else convert
        listed = all(of_kind(line) for line in lines if line.strip())

        def transform(i: int, line: str) -> str:
            item = _LIST_ITEM.match(line)
            if listed:
                return line[item.end() :] if item else line
            body = line[item.end() :] if item else line
            return (f"{i + 1}. " if numbered else "- ") + body

        self._rewrite_lines(transform)

    # -- keys: Enter continues a list or a quote -----------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            and not self.isReadOnly()
            and self._continue_block()
        ):
            return
        super().keyPressEvent(event)

    def _continue_block(self) -> bool:
        cursor = self.textCursor()
        if cursor.hasSelection():
            return False
        block = cursor.block()
        line = block.text()
        column = cursor.positionInBlock()
        item = _LIST_ITEM.match(line)
        if item and column >= item.end():
            if not line[item.end() :].strip():
                # Enter on an empty item ends the list.
                self._clear_line(cursor)
                return True
            marker = item.group("marker")
            if item.group("number"):
                marker = f"{int(item.group('number')) + 1}{item.group('delim')}"
            task = "[ ] " if item.group("task") else ""
            prefix = f"{item.group('indent')}{marker}{item.group('space')}{task}"
            self._insert_break(cursor, prefix)
            return True
        quote = _QUOTE_LINE.match(line)
        if quote and column >= quote.end():
            if not line[quote.end() :].strip():
                self._clear_line(cursor)
                return True
            self._insert_break(cursor, quote.group("marker"))
            return True
        return False

    def _clear_line(self, cursor: QTextCursor) -> None:
        """Empty the cursor's line (Enter on an empty list item or quote ends it)."""
        cursor.beginEditBlock()
        cursor.movePosition(QTextCursor.MoveOperation.StartOfBlock)
        cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText("")
        cursor.endEditBlock()
        self.setTextCursor(cursor)

    def _insert_break(self, cursor: QTextCursor, prefix: str) -> None:
        cursor.beginEditBlock()
        cursor.insertText("\n" + prefix)
        cursor.endEditBlock()
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    # -- images: paste and drop --------------------------------------------------
    def canInsertFromMimeData(self, source: QMimeData) -> bool:  # noqa: N802 - Qt's name
        if source.hasImage() or self._image_paths(source):
            return True
        return super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source: QMimeData) -> None:  # noqa: N802 - Qt's name
        paths = self._image_paths(source)
        if paths:
            self.add_images([(p.name, p.read_bytes()) for p in paths])
            return
        if source.hasImage() and not source.hasText():
            image = source.imageData()
            if isinstance(image, QImage) and not image.isNull():
                data = QByteArray()
                buffer = QBuffer(data)
                buffer.open(QIODevice.OpenModeFlag.WriteOnly)
                image.save(buffer, "PNG")
                buffer.close()
                self.add_images([("pasted-image.png", bytes(data.data()))])
                return
        super().insertFromMimeData(source)

    @staticmethod
    def _image_paths(source: QMimeData) -> list[Path]:
        if not source.hasUrls():
            return []
        paths = [Path(u.toLocalFile()) for u in source.urls() if u.isLocalFile()]
        return [p for p in paths if p.suffix.lower() in IMAGE_SUFFIXES and p.is_file()]

    def add_images(self, files: list[tuple[str, bytes]]) -> list[str]:
        """Store images in the document and reference them at the cursor, all
        as one undo step. Returns the stored file names."""
        if self.session.read_only:
            return []
        images = []
        probe = self.session.article
        for name, data in files:
            try:
                image = new_image(probe, name, data)
            except NotAnImageError as exc:
                self.image_problem.emit(str(exc))
                continue
            # later images in the same drop must not take the same name
            probe = type(probe)(images=[*probe.images, image])
            images.append(image)
        if not images:
            return []
        stack = self.session.undo_stack
        stack.beginMacro("Insert image" if len(images) == 1 else "Insert images")
        try:
            self.session.edit(
                PART_IMAGES,
                lambda a: a,
                "images",
                [*self.session.article.images, *images],
                "Add image",
            )
            cursor = self.textCursor()
            refs = "\n\n".join(markdown_reference(img) for img in images)
            line = cursor.block().text()
            before = "\n\n" if line.strip() and cursor.positionInBlock() > 0 else ""
            cursor.insertText(before + refs + "\n")
            self.setTextCursor(cursor)
        finally:
            stack.endMacro()
        return [img.filename for img in images]
