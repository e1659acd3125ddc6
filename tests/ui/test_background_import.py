"""newsdesk.ui.background_import: the first window's modules are imported on a
thread while the UI thread's event loop keeps running."""

from __future__ import annotations

import sys
import time

import pytest
from PySide6.QtCore import QTimer

from newsdesk.ui.background_import import BackgroundImport


@pytest.fixture
def module_dir(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path
    for name in ("nd_slow_module", "nd_broken_module"):
        sys.modules.pop(name, None)


def test_the_event_loop_runs_while_a_module_is_imported(qapp, module_dir):
    (module_dir / "nd_slow_module.py").write_text(
        "import threading, time\ntime.sleep(0.3)\nTHREAD = threading.current_thread().name\n",
        encoding="utf-8",
    )
    fired: list[float] = []
    started = time.monotonic()
    job = BackgroundImport(["nd_slow_module"])
    QTimer.singleShot(50, lambda: fired.append(time.monotonic() - started))
    job.wait()
    assert "nd_slow_module" in sys.modules
    assert sys.modules["nd_slow_module"].THREAD == "newsdesk-import"
    assert time.monotonic() - started >= 0.3  # it waited for the import
    assert fired and fired[0] < 0.3  # and served the timer meanwhile


def test_waiting_after_it_finished_returns_at_once(qapp, module_dir):
    (module_dir / "nd_slow_module.py").write_text("VALUE = 1\n", encoding="utf-8")
    job = BackgroundImport(["nd_slow_module"])
    time.sleep(0.2)
    qapp.processEvents()  # its finished signal is delivered before wait()
    started = time.monotonic()
    job.wait()
    assert time.monotonic() - started < 0.5
    assert sys.modules["nd_slow_module"].VALUE == 1


def test_a_failing_import_fails_again_where_the_ui_thread_imports_it(qapp, module_dir):
    (module_dir / "nd_broken_module.py").write_text("raise ImportError('no Qt here')\n")
    BackgroundImport(["nd_broken_module"]).wait()
    assert "nd_broken_module" not in sys.modules
    with pytest.raises(ImportError, match="no Qt here"):
        __import__("nd_broken_module")
