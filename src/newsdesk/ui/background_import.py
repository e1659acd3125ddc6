"""Importing the first window's modules on a thread while the UI thread waits
for Qt WebEngine to start and then serves its first page load.

Creating the preview (Qt WebEngine's start) waits on other processes with
the GIL released, and a page load needs the UI thread's event loop (the
browser side of Chromium runs there): time in which Python can import the
window's modules (~75 ms of start-up). Measured in
benchmarks/bench_editor.py ("start"). The modules must only define things at
import (the project's rule anyway): a QFont, QPixmap or QObject made at import
would be made on the wrong thread.

PySide builds a Qt class (and its Python enums) on first use, `Qt` included.
While the import runs, the UI thread must not be the first to use a class
those modules use: two threads building one class at once is not safe. The
UI thread uses what it needs before starting the import (the preview's
classes) and the rest, `Qt` among them, after wait() (EditorApp._add_window;
tests/ui/test_editor_start.py checks that the import thread builds `Qt`)."""

from __future__ import annotations

import importlib
import threading
from collections.abc import Sequence

from PySide6.QtCore import QEventLoop, QObject, Signal


class BackgroundImport(QObject):
    """Imports `modules` on a thread from construction on; `wait()` runs the
    event loop (user input excepted) until it is done. An import that fails
    here is left to fail again, with its message, where the UI thread imports
    the module itself."""

    finished = Signal()  # emitted on the import thread, delivered on the UI thread

    def __init__(self, modules: Sequence[str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._modules = tuple(modules)
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, name="newsdesk-import", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            for name in self._modules:
                importlib.import_module(name)
        except BaseException:  # noqa: BLE001 - see the class: the UI thread reports it
            pass
        finally:
            self._done.set()  # before the signal: wait() relies on the order
            self.finished.emit()

    def wait(self) -> None:
        loop = QEventLoop()
        self.finished.connect(loop.quit)
        if not self._done.is_set():  # else its quit may have run already, before exec
            loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        self.finished.disconnect(loop.quit)
        self._thread.join()
