"""newsdesk's QApplication: it takes the files the desktop asks it to open.

On macOS a file opened from Finder, the Dock or "Open With" reaches the
application as a QFileOpenEvent (at launch as well: not through argv), sent
to the application object itself. The editor (EditorApp) opens them."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QApplication


class NewsdeskApplication(QApplication):
    file_open_requested = Signal()  # see take_requested_files()

    def __init__(self, arguments: list[str]) -> None:
        super().__init__(arguments)
        self._requested: list[str] = []

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FileOpen:
            path = event.file() or event.url().toLocalFile()
            if path:
                self._requested.append(path)
                self.file_open_requested.emit()
            return True
        return super().event(event)

    def take_requested_files(self) -> list[str]:
        """The files asked for since the last call, oldest first. Kept until
        taken: one may arrive before the editor is ready for it."""
        files, self._requested = self._requested, []
        return files
