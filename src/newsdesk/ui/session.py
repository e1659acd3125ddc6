"""One open article in the window: the model, its file and one undo stack shared
by the body editor and every panel.

The body's QTextDocument keeps no undo history of its own. Every change to it
becomes a `BodyEditCommand` on the shared stack (position, removed text, added
text), so Ctrl+Z undoes the last change wherever it was made, in order, even
when typing resumes right after a panel edit."""

from __future__ import annotations

import copy
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QTextCursor, QTextDocument, QUndoCommand, QUndoStack

from newsdesk.model.article import Article
from newsdesk.model.text_span import changed_span
from newsdesk.profile.model import Profile

# Parts of the article, as named in `DocumentSession.changed`.
PART_BODY = "body"
PART_META = "meta"  # headline, standfirst, topic, keywords, dateline, language, dates, slug, status
PART_PEOPLE = "people"  # byline and contributors
PART_FAQS = "faqs"
PART_RELATED = "related"
PART_IMAGES = "images"
ALL_PARTS = (PART_BODY, PART_META, PART_PEOPLE, PART_FAQS, PART_RELATED, PART_IMAGES)

# Which part an Article attribute belongs to (for whole-article replacement).
_ATTRIBUTE_PARTS = {
    "byline": PART_PEOPLE,
    "contributors": PART_PEOPLE,
    "faqs": PART_FAQS,
    "related": PART_RELATED,
    "images": PART_IMAGES,
    "body": PART_BODY,
}

BODY_MERGE_ID = 0x4E44  # any id other than the panels' merge ids
TYPING_PAUSE_S = 1.5  # a pause this long starts a new undo step
_PARAGRAPH_SEPARATOR = "\u2029"


class ArticleEditCommand(QUndoCommand):
    """Replace one attribute of the article (or of an object inside it) with a new
    value; undo restores the old one. Values are deep-copied so later edits of
    lists in place cannot leak into the history."""

    def __init__(
        self,
        session: DocumentSession,
        part: str,
        target: Callable[[Article], Any],
        attribute: str,
        value: Any,
        text: str,
        merge_id: int = -1,
    ) -> None:
        super().__init__(text)
        self._session = session
        self._part = part
        self._target = target
        self._attribute = attribute
        self._new = copy.deepcopy(value)
        self._old = copy.deepcopy(getattr(target(session.article), attribute))
        self._merge_id = merge_id

    def id(self) -> int:  # noqa: A003 - Qt's name
        return self._merge_id

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        """Typing in one field merges into one undo step."""
        if (
            not isinstance(other, ArticleEditCommand)
            or other._attribute != self._attribute
            or other._target(self._session.article) is not self._target(self._session.article)
        ):
            return False
        self._new = other._new
        return True

    def _set(self, value: Any) -> None:
        setattr(self._target(self._session.article), self._attribute, copy.deepcopy(value))
        self._session._note_change(self._part)

    def redo(self) -> None:
        self._set(self._new)

    def undo(self) -> None:
        self._set(self._old)


def utf16_len(text: str) -> int:
    """Length as Qt counts it (UTF-16 code units): astral characters count 2."""
    if text.isascii():
        return len(text)
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def _has_astral(text: str) -> bool:
    return not text.isascii() and any(ord(ch) > 0xFFFF for ch in text)


def _kind(removed: str, added: str) -> str:
    if len(added) == 1 and added != "\n":
        return "insert"
    if not added and len(removed) == 1:
        return "delete"
    return "other"


class BodyEditCommand(QUndoCommand):
    """One change of the body text: at `position`, `removed` became `added`.
    Consecutive typing merges into one step, split at word starts and pauses."""

    def __init__(
        self,
        session: DocumentSession,
        position: int,
        removed: str,
        added: str,
        cursor_before: int,
    ) -> None:
        super().__init__("Typing")
        self._session = session
        self.position = position
        self.removed = removed
        self.added = added
        self.cursor_before = cursor_before
        self.kind = _kind(removed, added)
        self.last_time = time.monotonic()
        self._applied = True  # the document already shows the change when pushed
        self.setText({"insert": "Typing", "delete": "Delete"}.get(self.kind, "Edit"))

    def id(self) -> int:  # noqa: A003 - Qt's name
        return BODY_MERGE_ID if self.kind != "other" else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        if not isinstance(other, BodyEditCommand) or other._session is not self._session:
            return False
        if other.last_time - self.last_time > TYPING_PAUSE_S:
            return False
        if self.kind == "insert" and other.kind == "insert" and not other.removed:
            if other.position != self.position + utf16_len(self.added):
                return False
            if self.added[-1].isspace() and not other.added.isspace():
                return False  # a new word starts a new step
            self.added += other.added
        elif self.kind == "delete" and other.kind == "delete" and not self.added:
            if other.position + utf16_len(other.removed) == self.position:  # Backspace
                self.removed = other.removed + self.removed
                self.position = other.position
            elif other.position == self.position:  # Delete
                self.removed += other.removed
            else:
                return False
        else:
            return False
        self.last_time = other.last_time
        return True

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        self._session._apply_body_change(self.position, utf16_len(self.removed), self.added)

    def undo(self) -> None:
        self._session._apply_body_change(
            self.position, utf16_len(self.added), self.removed, place=self.cursor_before
        )


class DocumentSession(QObject):
    """The article being edited. Panels and the editor change it only through
    `edit()` (or the body's text document), so every change is undoable, marks the
    document modified and tells the preview what to re-render."""

    changed = Signal(str)  # a PART_* name
    path_changed = Signal(object)  # Path | None
    modified_changed = Signal(bool)
    # Undo/redo of a body change asks the editor to put its cursor here.
    body_cursor_requested = Signal(int)

    def __init__(
        self, article: Article, profile: Profile, path: Path | None = None, parent=None
    ) -> None:
        super().__init__(parent)
        self.article = article
        self.profile = profile
        self._path = path
        self.undo_stack = QUndoStack(self)
        self.read_only = False
        # Bumped on every change, undo and redo: a save knows whether the text it
        # wrote is still the text on screen.
        self.revision = 0
        self._dirty_without_history = False
        self._document: QTextDocument | None = None
        self._astral = _has_astral(article.body)
        self._applying = False
        self._cursor_position = 0
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)

    # -- file state -----------------------------------------------------------
    @property
    def path(self) -> Path | None:
        return self._path

    @path.setter
    def path(self, value: Path | None) -> None:
        if value != self._path:
            self._path = value
            self.path_changed.emit(value)

    @property
    def modified(self) -> bool:
        return self._dirty_without_history or not self.undo_stack.isClean()

    def mark_saved(self) -> None:
        self._dirty_without_history = False
        self.undo_stack.setClean()
        self._emit_modified()

    def mark_modified(self) -> None:
        """Content that was never saved (an import, a restored draft) without an
        undo step of its own."""
        self._dirty_without_history = True
        self._emit_modified()

    def _on_clean_changed(self, _clean: bool) -> None:
        self._emit_modified()

    def _emit_modified(self) -> None:
        self.modified_changed.emit(self.modified)

    def _note_change(self, part: str) -> None:
        self.revision += 1
        self.changed.emit(part)

    # -- panel edits ----------------------------------------------------------
    def edit(
        self,
        part: str,
        target: Callable[[Article], Any],
        attribute: str,
        value: Any,
        text: str,
        merge_id: int = -1,
    ) -> None:
        """Set `target(article).attribute = value` as one undoable step."""
        if attribute == "body" and target(self.article) is self.article:
            self.replace_body(value, text)
            return
        self.undo_stack.push(
            ArticleEditCommand(self, part, target, attribute, value, text, merge_id)
        )

    def replace_article(self, article: Article, text: str = "Restore revision") -> None:
        """Make the session show `article` (a restored revision) as one undo step."""
        self.undo_stack.beginMacro(text)
        try:
            if article.body != self.article.body:
                self.replace_body(article.body, text)
            for name in article.__dataclass_fields__:
                if name == "body":
                    continue
                value = getattr(article, name)
                if getattr(self.article, name) != value:
                    part = _ATTRIBUTE_PARTS.get(name, PART_META)
                    self.undo_stack.push(
                        ArticleEditCommand(self, part, lambda a: a, name, value, text)
                    )
        finally:
            self.undo_stack.endMacro()

    # -- the body ---------------------------------------------------------------
    def attach_body_document(self, document: QTextDocument) -> None:
        """Take over the body's undo history: the document records none itself;
        each change becomes a `BodyEditCommand` on the shared stack."""
        self._document = document
        document.setUndoRedoEnabled(False)
        if document.toPlainText() != self.article.body:
            self._applying = True
            try:
                document.setPlainText(self.article.body)
            finally:
                self._applying = False
            # Line endings as the document holds them (\r\n becomes \n).
            self.article.body = self._text_at(0, document.characterCount() - 1)
            self._astral = _has_astral(self.article.body)
        document.contentsChange.connect(self._on_contents_change)

    @property
    def body_document(self) -> QTextDocument | None:
        return self._document

    def set_cursor_position(self, position: int) -> None:
        """The editor tells where its cursor is, so an undo step can return there."""
        self._cursor_position = position

    def replace_body(self, text: str, label: str = "Replace text") -> None:
        """Replace the whole body as one undo step (keeps the unchanged head and
        tail out of the step)."""
        old = self.article.body
        start, end_old, end_new = changed_span(old, text)
        if start == end_old and start == end_new:
            return
        if self._document is None:
            self.article.body = text
            self._note_change(PART_BODY)
            return
        cursor = QTextCursor(self._document)
        cursor.setPosition(self.to_position(start, old))
        cursor.setPosition(self.to_position(end_old, old), QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(text[start:end_new])

    def _text_at(self, start: int, length: int) -> str:
        assert self._document is not None
        if length <= 0:
            return ""
        cursor = QTextCursor(self._document)
        cursor.setPosition(start)
        cursor.setPosition(start + length, QTextCursor.MoveMode.KeepAnchor)
        return cursor.selectedText().replace(_PARAGRAPH_SEPARATOR, "\n")

    # Qt positions count UTF-16 code units, Python indices count code points;
    # they differ only after an astral character (emoji), which is rare: the
    # conversion is skipped unless the body holds one.
    def to_index(self, position: int, text: str | None = None) -> int:
        """Python index into the body for a QTextDocument position."""
        text = self.article.body if text is None else text
        if not self._astral:
            return position
        return len(text.encode("utf-16-le")[: 2 * position].decode("utf-16-le", "replace"))

    def to_position(self, index: int, text: str | None = None) -> int:
        """QTextDocument position for a Python index into the body."""
        text = self.article.body if text is None else text
        return index if not self._astral else utf16_len(text[:index])

    def _on_contents_change(self, position: int, removed: int, added: int) -> None:
        assert self._document is not None
        shadow = self.article.body
        shadow_len = utf16_len(shadow) if self._astral else len(shadow)
        new_length = self._document.characterCount() - 1
        # Qt counts the document's final paragraph separator in changes that
        # touch the end; take it out of both sides.
        excess = position + removed - shadow_len
        if excess > 0:
            removed -= excess
            added -= excess
        if (
            removed < 0
            or added < 0
            or shadow_len - removed + added != new_length
            or position > shadow_len
        ):
            position, removed, added = self._diff_against_document(shadow)
        start = self.to_index(position, shadow)
        end = self.to_index(position + removed, shadow)
        old_text = shadow[start:end]
        new_text = self._text_at(position, added)
        if old_text == new_text:
            return  # a format-only change
        self.article.body = shadow[:start] + new_text + shadow[end:]
        if not self._astral and _has_astral(new_text):
            self._astral = True
        if not self._applying:
            before = self._cursor_position
            self.undo_stack.push(BodyEditCommand(self, position, old_text, new_text, before))
        self._note_change(PART_BODY)

    def _diff_against_document(self, shadow: str) -> tuple[int, int, int]:
        """Fallback when Qt's reported range does not add up: compare texts
        (in UTF-16 units, as Qt counts)."""
        assert self._document is not None
        text = self._text_at(0, self._document.characterCount() - 1)
        if self._astral or _has_astral(text):
            self._astral = True
            shadow = shadow.encode("utf-16-le").decode("latin-1")
            text = text.encode("utf-16-le").decode("latin-1")
            step = 2
        else:
            step = 1
        start, end_old, end_new = changed_span(shadow, text)
        if step == 2:  # back from bytes to UTF-16 units, on unit boundaries
            start -= start % 2
            end_old += end_old % 2
            end_new += end_new % 2
        return start // step, (end_old - start) // step, (end_new - start) // step

    def _apply_body_change(
        self, position: int, remove: int, insert: str, place: int | None = None
    ) -> None:
        """Undo/redo a body change through a QTextCursor; the change handler
        updates the shadow text but records no new step."""
        if self._document is None:
            body = self.article.body
            self.article.body = body[:position] + insert + body[position + remove :]
            self._note_change(PART_BODY)
            return
        self._applying = True
        try:
            cursor = QTextCursor(self._document)
            cursor.setPosition(position)
            cursor.setPosition(position + remove, QTextCursor.MoveMode.KeepAnchor)
            cursor.insertText(insert)
        finally:
            self._applying = False
        end = position + utf16_len(insert)
        if place is None or not position <= place <= end:
            place = end
        self.body_cursor_requested.emit(place)
