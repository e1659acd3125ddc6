"""When to autosave: 2 s after typing pauses, and at least every 30 s while
typing goes on (the pause timer restarts on every change; the deadline
timer does not)."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

IDLE_MS = 2_000
MAX_WAIT_MS = 30_000


class AutosaveTimer(QObject):
    due = Signal()

    def __init__(self, idle_ms: int = IDLE_MS, max_wait_ms: int = MAX_WAIT_MS, parent=None) -> None:
        super().__init__(parent)
        self.idle = QTimer(self, singleShot=True, interval=idle_ms)
        self.deadline = QTimer(self, singleShot=True, interval=max_wait_ms)
        self.idle.timeout.connect(self._fire)
        self.deadline.timeout.connect(self._fire)

    def set_intervals(self, idle_ms: int, max_wait_ms: int) -> None:
        self.idle.setInterval(idle_ms)
        self.deadline.setInterval(max_wait_ms)

    def changed(self) -> None:
        self.idle.start()
        if not self.deadline.isActive():
            self.deadline.start()

    def pending(self) -> bool:
        return self.idle.isActive() or self.deadline.isActive()

    def _fire(self) -> None:
        self.idle.stop()
        self.deadline.stop()
        self.due.emit()

    def stop(self) -> None:
        self.idle.stop()
        self.deadline.stop()
