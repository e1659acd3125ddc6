"""Qt WebEngine's first start, overlapped with the import of the window.

Starting Qt WebEngine launches its zygote process and blocks the thread that
asks for it until the zygote reports back (~50-100 ms). Asked from Python (a
QWebEngineProfile made for the preview), it blocks with the GIL held: nothing
else in this process moves. Asked from the event loop by a C++ slot, it blocks
without the GIL, so a thread imports the window's modules meanwhile
(benchmarks/bench_editor.py, "start")."""

from __future__ import annotations

import importlib
import threading
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QEventLoop, QMetaObject, Qt
from PySide6.QtWebEngineWidgets import QWebEngineView

# What the first window needs and the start-up has not imported yet, in the
# order the GUI thread comes to need them (it waits for a module the thread is
# still importing: Python's per-module import lock).
WINDOW_MODULES = (
    "newsdesk.interchange",
    "newsdesk.ui.recovery",
    "newsdesk.ui.document_io",
    "newsdesk.ui.session",
    "newsdesk.ui.preview",
    "newsdesk.ui.main_window",
    "newsdesk.ui.panels",
)


def start_engine_importing(modules: Sequence[str] = WINDOW_MODULES) -> threading.Thread:
    """Start Qt WebEngine while a thread imports `modules`; returns once the
    engine has started, the import thread going on (returned). Call on the GUI
    thread before the first preview. The module graph has no import cycles,
    so the two threads cannot deadlock on import locks."""

    def import_all() -> None:
        for name in modules:
            try:
                importlib.import_module(name)
            except Exception:  # the GUI thread imports it again and reports the error
                return

    # A view makes its page, with the default (off-the-record) profile, when
    # first asked for it: stop() asks, and so starts the engine, in C++.
    starter = QWebEngineView()
    QMetaObject.invokeMethod(starter, "stop", Qt.ConnectionType.QueuedConnection)
    importer = threading.Thread(target=import_all, name="newsdesk-import", daemon=True)
    importer.start()
    QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
    starter.deleteLater()
    return importer
