"""Tag-style keyword entry: each keyword is a chip with a remove button; typing
then Enter or a comma adds one, Backspace in the empty entry removes the last."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QLineEdit,
    QSizePolicy,
    QToolButton,
    QWidget,
    QWidgetItem,
)

from newsdesk.model.operations import add_keywords, remove_item


class FlowLayout(QLayout):
    """Lays widgets out left to right, wrapping to the panel's width."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 4) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802
        self._items.append(item)

    def insertWidget(self, index: int, widget: QWidget) -> None:  # noqa: N802
        self.addChildWidget(widget)
        self._items.insert(index, QWidgetItem(widget))
        self.invalidate()

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self._arrange(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    def sizeHint(self) -> QSize:  # noqa: N802
        return self.minimumSize()

    def minimumSize(self) -> QSize:  # noqa: N802
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size

    def _arrange(self, rect: QRect, apply: bool) -> int:
        x, y, line_height = rect.x(), rect.y(), 0
        for item in self._items:
            hint = item.sizeHint()
            if isinstance(item.widget(), QLineEdit):
                hint = hint.expandedTo(item.widget().minimumSize())
            if x + hint.width() > rect.right() + 1 and line_height > 0:
                x = rect.x()
                y += line_height + self._spacing
                line_height = 0
            width = hint.width()
            if item.widget() is not None and isinstance(item.widget(), QLineEdit):
                width = max(hint.width(), rect.right() + 1 - x)  # the entry fills the line
            if apply:
                item.setGeometry(QRect(QPoint(x, y), QSize(width, hint.height())))
            x += width + self._spacing
            line_height = max(line_height, hint.height())
        return y + line_height - rect.y()


class Chip(QFrame):
    """One keyword with its remove button."""

    removeClicked = Signal(str)  # noqa: N815

    def __init__(self, keyword: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.keyword = keyword
        self.setObjectName("keywordChip")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "#keywordChip { border: 1px solid palette(mid); border-radius: 9px;"
            " background: palette(alternate-base); }"
        )
        self.setAccessibleName(f"Keyword {keyword}")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 1, 2, 1)
        layout.setSpacing(2)
        self.label = QLabel(keyword, self)
        self.label.setAccessibleName(f"Keyword {keyword}")
        self.remove_button = QToolButton(self)
        self.remove_button.setText("×")
        self.remove_button.setAutoRaise(True)
        self.remove_button.setAccessibleName(f"Remove keyword {keyword}")
        self.remove_button.setToolTip(f"Remove “{keyword}”")
        self.remove_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Backspace does it by keyboard
        self.remove_button.clicked.connect(lambda: self.removeClicked.emit(self.keyword))
        layout.addWidget(self.label)
        layout.addWidget(self.remove_button)


class _Entry(QLineEdit):
    commit = Signal()
    backspaceOnEmpty = Signal()  # noqa: N815

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Comma) or (
            key == Qt.Key.Key_Tab and self.text().strip()
        ):
            if self.text().strip():
                self.commit.emit()
                event.accept()
                return
            if key == Qt.Key.Key_Comma:
                event.accept()
                return
        if key == Qt.Key.Key_Backspace and not self.text() and not self.hasSelectedText():
            self.backspaceOnEmpty.emit()
            event.accept()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event) -> None:  # noqa: N802
        if self.text().strip():
            self.commit.emit()
        super().focusOutEvent(event)


class TagEdit(QWidget):
    """Keywords as chips. `keywordsEdited` fires only for the user's changes;
    `set_keywords` shows the model's list without firing it."""

    keywordsEdited = Signal(list)  # noqa: N815

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._keywords: list[str] = []
        self._chips: list[Chip] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self._layout = FlowLayout(self)
        self.entry = _Entry(self)
        self.entry.setPlaceholderText("Add keyword…")
        self.entry.setAccessibleName("New keyword")
        self.entry.setAccessibleDescription(
            "Type a keyword and press Enter or a comma; Backspace removes the last keyword"
        )
        self.entry.setMinimumWidth(140)
        self.entry.commit.connect(self._commit_entry)
        self.entry.backspaceOnEmpty.connect(self._remove_last)
        self._layout.addWidget(self.entry)
        self.setFocusProxy(self.entry)
        self.setAccessibleName("Keywords")

    def keywords(self) -> list[str]:
        return list(self._keywords)

    def chips(self) -> list[Chip]:
        return list(self._chips)

    def set_keywords(self, keywords: list[str]) -> None:
        if keywords == self._keywords:
            return
        self._keywords = list(keywords)
        for chip in self._chips:
            self._layout.removeWidget(chip)
            chip.deleteLater()
        self._chips = []
        for i, keyword in enumerate(self._keywords):
            chip = Chip(keyword, self)
            chip.removeClicked.connect(self._remove_keyword)
            self._layout.insertWidget(i, chip)
            chip.show()
            self._chips.append(chip)
        self.updateGeometry()

    def _emit(self, keywords: list[str]) -> None:
        if keywords != self._keywords:
            self.set_keywords(keywords)
            self.keywordsEdited.emit(list(keywords))

    def _commit_entry(self) -> None:
        text = self.entry.text()
        self.entry.clear()
        self._emit(add_keywords(self._keywords, text))

    def _remove_last(self) -> None:
        if self._keywords:
            self._emit(remove_item(self._keywords, len(self._keywords) - 1))

    def _remove_keyword(self, keyword: str) -> None:
        if keyword in self._keywords:
            self._emit(remove_item(self._keywords, self._keywords.index(keyword)))
        self.entry.setFocus()
