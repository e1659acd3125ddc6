"""The dialog that offers unsaved work after a crash (see recovery.py); only
made when there is something to recover."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
)

from newsdesk.ui.recovery import Recoverable


class RecoveryDialog(QDialog):
    """Lists what can be recovered; every item starts checked."""

    RESTORE, LATER, DISCARD = 1, 2, 3

    def __init__(self, items: list[Recoverable], parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Recover unsaved work")
        self.items = items
        self.choice = self.LATER
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                "newsdesk did not close properly last time. These documents have "
                "changes that were autosaved but not saved:"
            )
        )
        self.list = QListWidget()
        self.list.setAccessibleName("Recoverable documents")
        for item in items:
            entry = QListWidgetItem(f"{item.title}\n{item.words} words, autosaved {item.modified}")
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(Qt.CheckState.Checked)
            entry.setToolTip(str(item.path))
            self.list.addItem(entry)
        layout.addWidget(self.list)
        buttons = QDialogButtonBox()
        restore = buttons.addButton("Restore", QDialogButtonBox.ButtonRole.AcceptRole)
        later = buttons.addButton("Not now", QDialogButtonBox.ButtonRole.RejectRole)
        discard = buttons.addButton("Discard drafts", QDialogButtonBox.ButtonRole.DestructiveRole)
        restore.clicked.connect(lambda: self._done(self.RESTORE))
        later.clicked.connect(lambda: self._done(self.LATER))
        discard.clicked.connect(lambda: self._done(self.DISCARD))
        layout.addWidget(buttons)

    def _done(self, choice: int) -> None:
        self.choice = choice
        self.accept() if choice == self.RESTORE else self.reject()

    def selected(self) -> list[Recoverable]:
        return [
            item
            for i, item in enumerate(self.items)
            if self.list.item(i).checkState() == Qt.CheckState.Checked
        ]
