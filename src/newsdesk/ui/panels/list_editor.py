"""One reorderable list-of-records editor for the byline, contributors, FAQs and
related links: a list of summaries, buttons to add, duplicate, remove and move,
drag reordering, Alt+Up / Alt+Down, and a detail form for the current record.

The list itself is an attribute of the article (e.g. ``faqs``); every change is
one undoable step on the session; the editor never keeps records of its own."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QByteArray, QMimeData, Qt, Signal
from PySide6.QtGui import QAction, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from newsdesk.model import operations as ops
from newsdesk.model.article import Article
from newsdesk.ui.session import DocumentSession

ROW_MIME = "application/x-newsdesk-list-row"


class ReorderableList(QListWidget):
    """A QListWidget whose drag-and-drop reports "move row a to b" instead of
    moving items itself, so the model stays the single source of order."""

    moveRequested = Signal(int, int)  # noqa: N815 - Qt signal naming

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self._token = QByteArray(str(id(self)).encode())

    def mimeData(self, items: Sequence[QListWidgetItem]) -> QMimeData:  # noqa: N802
        data = super().mimeData(items)
        if items:
            data.setData(ROW_MIME, self._token + b":" + str(self.row(items[0])).encode())
        return data

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [*super().mimeTypes(), ROW_MIME]

    def _dragged_row(self, mime: QMimeData) -> int | None:
        if not mime.hasFormat(ROW_MIME):
            return None
        token, _, row = bytes(mime.data(ROW_MIME)).partition(b":")
        if token != bytes(self._token) or not row.isdigit():
            return None
        return int(row)

    def drop_row_at(self, pos) -> int:
        """The row a drop at `pos` (viewport coordinates) puts the item before."""
        index = self.indexAt(pos)
        if not index.isValid():
            return self.count()
        rect = self.visualRect(index)
        return index.row() + (1 if pos.y() > rect.center().y() else 0)

    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if self._dragged_row(event.mimeData()) is not None:
            event.setDropAction(Qt.DropAction.MoveAction)
            event.accept()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:  # noqa: N802
        if self._dragged_row(event.mimeData()) is not None:
            super().dragMoveEvent(event)
            event.setDropAction(Qt.DropAction.MoveAction)
            event.accept()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        source = self._dragged_row(event.mimeData())
        if source is None:
            event.ignore()
            return
        before = self.drop_row_at(event.position().toPoint())
        target = before - 1 if before > source else before
        # Nothing moves here: the model does, and the refresh shows it.
        event.setDropAction(Qt.DropAction.IgnoreAction)
        event.accept()
        if target != source:
            self.moveRequested.emit(source, target)


class ListEditor(QWidget):
    """Edits ``article.<attribute>`` (a list of records) through the session."""

    currentRowChanged = Signal(int)  # noqa: N815 - Qt signal naming; -1: none

    def __init__(
        self,
        session: DocumentSession,
        part: str,
        attribute: str,
        *,
        noun: str,
        make_new: Callable[[], Any],
        label: Callable[[Any], str],
        flagged: Callable[[int], bool] = lambda row: False,
        duplicate: Callable[[Sequence[Any], int], list[Any]] = ops.duplicate_item,
        confirm_remove: Callable[[int], bool] = lambda row: True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.part = part
        self.attribute = attribute
        self.noun = noun
        self._make_new = make_new
        self._label = label
        self._flagged = flagged
        self._duplicate = duplicate
        self._confirm_remove = confirm_remove
        self._refreshing = False

        self.list = ReorderableList(self)
        self.list.setAccessibleName(f"{noun.capitalize()} list")
        self.list.setAccessibleDescription(
            "Alt+Up and Alt+Down move the selected entry; drag to reorder"
        )
        self.list.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setSpacing(1)
        self.list.moveRequested.connect(self.move)
        self.list.currentRowChanged.connect(self._current_changed)

        self.add_button = self._button("Add", f"Add {noun}", self.add)
        self.duplicate_button = self._button(
            "Duplicate", f"Duplicate {noun}", self.duplicate_current
        )
        self.remove_button = self._button("Remove", f"Remove {noun}", self.remove_current)
        self.up_button = self._button("▲", f"Move {noun} up (Alt+Up)", self.move_current_up)
        self.down_button = self._button("▼", f"Move {noun} down (Alt+Down)", self.move_current_down)

        for key, slot in (("Alt+Up", self.move_current_up), ("Alt+Down", self.move_current_down)):
            action = QAction(self)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)

        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.setSpacing(2)
        for button in (
            self.add_button,
            self.duplicate_button,
            self.remove_button,
            self.up_button,
            self.down_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.refresh()

    def _button(self, text: str, name: str, slot: Callable[[], None]) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(name)
        button.setAccessibleName(name)
        button.setAutoRaise(True)
        button.setMinimumWidth(28)
        button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        button.clicked.connect(slot)
        return button

    # --- model access ---

    def records(self) -> list[Any]:
        return getattr(self.session.article, self.attribute)

    def _commit(self, records: list[Any], text: str, current: int) -> None:
        if self.session.read_only:
            return
        self.session.edit(self.part, _article, self.attribute, records, text)
        self.set_current_row(current)

    # --- operations (also the keyboard and button slots) ---

    def add(self) -> None:
        records = self.records()
        row = self.current_row() + 1 if self.current_row() >= 0 else len(records)
        self._commit(ops.insert_item(records, row, self._make_new()), f"Add {self.noun}", row)

    def duplicate_current(self) -> None:
        row = self.current_row()
        if row < 0:
            return
        self._commit(self._duplicate(self.records(), row), f"Duplicate {self.noun}", row + 1)

    def remove_current(self) -> None:
        row = self.current_row()
        if row < 0 or not self._confirm_remove(row):
            return
        records = ops.remove_item(self.records(), row)
        self._commit(records, f"Remove {self.noun}", min(row, len(records) - 1))

    def move(self, row: int, new_row: int) -> None:
        records = self.records()
        if not (0 <= row < len(records)) or not (0 <= new_row < len(records)) or row == new_row:
            return
        self._commit(ops.move_item(records, row, new_row), f"Move {self.noun}", new_row)

    def move_current_up(self) -> None:
        self.move(self.current_row(), self.current_row() - 1)

    def move_current_down(self) -> None:
        self.move(self.current_row(), self.current_row() + 1)

    # --- view ---

    def current_row(self) -> int:
        return self.list.currentRow()

    def set_current_row(self, row: int) -> None:
        if 0 <= row < self.list.count():
            self.list.setCurrentRow(row)
        self._update_buttons()

    def _current_changed(self, row: int) -> None:
        self._update_buttons()
        if not self._refreshing:
            self.currentRowChanged.emit(row)

    def _update_buttons(self) -> None:
        row = self.current_row()
        count = self.list.count()
        self.duplicate_button.setEnabled(row >= 0)
        self.remove_button.setEnabled(row >= 0)
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < count - 1)

    def refresh(self) -> None:
        """Show the records' summaries, keeping the current row where possible."""
        records = self.records()
        row = self.current_row()
        self._refreshing = True
        try:
            while self.list.count() > len(records):
                self.list.takeItem(self.list.count() - 1)
            while self.list.count() < len(records):
                item = QListWidgetItem()
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsDragEnabled)
                self.list.addItem(item)
            for i, record in enumerate(records):
                item = self.list.item(i)
                text = self._label(record) or f"(empty {self.noun})"
                flagged = self._flagged(i)
                if flagged:
                    text = f"⚠ {text}"
                if item.text() != text:
                    item.setText(text)
                item.setToolTip(f"{text} — has problems" if flagged else text)
            if records and not 0 <= row < len(records):
                row = min(max(row, 0), len(records) - 1)
            if records and self.list.currentRow() != row:
                self.list.setCurrentRow(row)
        finally:
            self._refreshing = False
        self._update_buttons()


def _article(article: Article) -> Article:
    return article
