"""Revisions…: the document's history, a rendered preview of the selected
revision, and Restore (one undoable step in the window)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QVBoxLayout,
)

from newsdesk.errors import NewsdeskError
from newsdesk.model.article import Article
from newsdesk.storage.document import AUTOSAVE
from newsdesk.ui.preview import PreviewPane
from newsdesk.ui.session import PART_BODY, PART_IMAGES, DocumentSession


def revision_label(info) -> str:
    when = info.created.astimezone().strftime("%Y-%m-%d %H:%M:%S")
    kind = "Autosave" if info.kind == AUTOSAVE else "Saved"
    label = f" — {info.label}" if info.label else ""
    return f"{when}  {kind}{label}\n{info.headline or 'Untitled'} · {info.word_count} words"


class RevisionsDialog(QDialog):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle(f"Revisions of {window.document_title()}")
        self.resize(1100, 720)
        self.revisions = list(reversed(window.io.document.revisions()))  # newest first
        self.list = QListWidget()
        self.list.setAccessibleName("Revisions")
        for info in self.revisions:
            item = QListWidgetItem(revision_label(info))
            item.setData(Qt.ItemDataRole.UserRole, info.id)
            self.list.addItem(item)
        self._session = DocumentSession(Article(), window.session.profile, parent=self)
        self.preview = PreviewPane(self._session, window.app.renderer, self, debounce_ms=0)
        splitter = QSplitter()
        splitter.addWidget(self.list)
        splitter.addWidget(self.preview)
        splitter.setSizes([320, 780])
        buttons = QDialogButtonBox()
        self.restore_button = buttons.addButton("Restore", QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setEnabled(not window.session.read_only)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.restore_button.clicked.connect(self.restore)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addWidget(splitter)
        layout.addLayout(row, 1)
        layout.addWidget(buttons)
        self.list.currentRowChanged.connect(self._show)
        if self.revisions:
            self.list.setCurrentRow(0)

    def selected_article(self) -> Article | None:
        row = self.list.currentRow()
        if row < 0:
            return None
        return self.window_.io.document.load_revision(self.revisions[row].id)

    def _show(self, row: int) -> None:
        try:
            article = self.selected_article()
        except NewsdeskError as exc:
            self.window_.warn("Cannot read revision", str(exc))
            return
        if article is None:
            return
        self._session.article = article
        self._session.changed.emit(PART_IMAGES)
        self._session.changed.emit(PART_BODY)

    def restore(self) -> None:
        article = self.selected_article()
        if article is None:
            return
        info = self.revisions[self.list.currentRow()]
        when = info.created.astimezone().strftime("%H:%M")
        self.window_.session.replace_article(article, f"Restore revision of {when}")
        self.window_.statusBar().showMessage(f"Restored the revision of {when}", 8000)
        self.accept()

    def done(self, result: int) -> None:  # noqa: D401 - Qt's name
        self.preview.close_preview()
        super().done(result)
