"""The outline pane: the body's headings; a click jumps to one, and the entry
of the section holding the cursor is selected as the cursor moves."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

_LINE_OF_INTEREST = re.compile(r"^(?: {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$| {0,3}(`{3,}|~{3,}))", re.M)


@dataclass(frozen=True)
class Heading:
    level: int
    title: str
    line: int  # 0-based block number
    position: int  # character offset of the line


def headings(text: str) -> list[Heading]:
    """ATX headings outside fenced code blocks. Only heading and fence lines
    are looked at (one regex pass), so this stays cheap on long bodies."""
    found: list[Heading] = []
    fence: str | None = None
    line = 0
    last = 0
    for m in _LINE_OF_INTEREST.finditer(text):
        line += text.count("\n", last, m.start())
        last = m.start()
        if m.group(3):
            marker = m.group(3)
            if fence is None:
                fence = marker
            elif marker[0] == fence[0] and len(marker) >= len(fence):
                fence = None
            continue
        if fence is None:
            title = m.group(2).strip() or "(empty heading)"
            found.append(Heading(len(m.group(1)), title, line, m.start()))
    return found


class OutlinePane(QListWidget):
    jump_requested = Signal(int)  # character position

    #: shown in the empty pane, so a body without headings does not look broken
    EMPTY_HINT = "No headings yet. Lines starting with # or ## appear here."

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("outline")
        self.setAccessibleName("Outline")
        self.setUniformItemSizes(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWordWrap(False)
        self._headings: list[Heading] = []
        self._lines: list[int] = []
        self._following = False
        self.itemActivated.connect(self._activated)
        self.itemClicked.connect(self._activated)

    @property
    def headings(self) -> list[Heading]:
        return list(self._headings)

    def set_text(self, text: str) -> None:
        new = headings(text)
        if new == self._headings:
            return
        current = self.currentRow()
        self._headings = new
        self._lines = [h.line for h in new]
        self._following = True
        try:
            self.clear()
            for h in new:
                item = QListWidgetItem("    " * (h.level - 1) + h.title)
                item.setToolTip(h.title)
                item.setData(Qt.ItemDataRole.UserRole, h.position)
                if h.level == 1:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.addItem(item)
            if 0 <= current < self.count():
                self.setCurrentRow(current)
        finally:
            self._following = False

    def follow_line(self, line: int) -> None:
        """Select the heading of the section that holds `line`."""
        index = bisect.bisect_right(self._lines, line) - 1
        self._following = True
        try:
            if index < 0:
                self.clearSelection()
                self.setCurrentRow(-1)
            elif index != self.currentRow():
                self.setCurrentRow(index)
                self.scrollToItem(self.item(index))
        finally:
            self._following = False

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().paintEvent(event)
        if self.count():
            return
        painter = QPainter(self.viewport())
        painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
        margin = self.fontMetrics().height() // 2
        painter.drawText(
            self.viewport().rect().adjusted(margin, margin, -margin, -margin),
            Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap,
            self.EMPTY_HINT,
        )
        painter.end()

    def _activated(self, item: QListWidgetItem) -> None:
        if not self._following:
            self.jump_requested.emit(int(item.data(Qt.ItemDataRole.UserRole)))
