"""One open article in the window: the model, its file and one undo stack shared
by the body editor and every panel."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QTextDocument, QUndoCommand, QUndoStack

from newsdesk.model.article import Article
from newsdesk.profile.model import Profile

# Parts of the article, as named in `DocumentSession.changed`.
PART_BODY = "body"
PART_META = "meta"  # headline, standfirst, topic, keywords, dateline, language, dates, slug, status
PART_PEOPLE = "people"  # byline and contributors
PART_FAQS = "faqs"
PART_RELATED = "related"
PART_IMAGES = "images"


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
        self._session.changed.emit(self._part)

    def redo(self) -> None:
        self._set(self._new)

    def undo(self) -> None:
        self._set(self._old)


class _TextDocumentStep(QUndoCommand):
    """Stands on the shared stack for one undo step of the body's QTextDocument."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__("Typing")
        self._document = document
        self._first = True

    def redo(self) -> None:
        if self._first:  # the text document already applied it
            self._first = False
            return
        self._document.redo()

    def undo(self) -> None:
        self._document.undo()


class DocumentSession(QObject):
    """The article being edited. Panels and the editor change it only through
    `edit()` (or the body's text document), so every change is undoable, marks the
    document modified and tells the preview what to re-render."""

    changed = Signal(str)  # a PART_* name
    path_changed = Signal(object)  # Path | None

    def __init__(
        self, article: Article, profile: Profile, path: Path | None = None, parent=None
    ) -> None:
        super().__init__(parent)
        self.article = article
        self.profile = profile
        self.path = path
        self.undo_stack = QUndoStack(self)
        self.read_only = False

    @property
    def modified(self) -> bool:
        return not self.undo_stack.isClean()

    def mark_saved(self) -> None:
        self.undo_stack.setClean()

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
        self.undo_stack.push(
            ArticleEditCommand(self, part, target, attribute, value, text, merge_id)
        )

    def attach_body_document(self, document: QTextDocument) -> None:
        """Route the body's own undo steps through the shared stack, so Ctrl+Z
        undoes the last change wherever it was made."""
        document.undoCommandAdded.connect(lambda: self.undo_stack.push(_TextDocumentStep(document)))
        document.contentsChanged.connect(lambda: self._body_changed(document))

    def _body_changed(self, document: QTextDocument) -> None:
        self.article.body = document.toPlainText()
        self.changed.emit(PART_BODY)
