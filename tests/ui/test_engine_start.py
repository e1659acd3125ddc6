"""Qt WebEngine's first start with the window's modules imported meanwhile
(ui/engine_start.py), in a fresh interpreter whose engine has not started yet:
the modules are imported by the other thread while the GUI thread is inside
the engine's start, a module that fails to import is left for the GUI
thread to report, and the engine is up for a page afterwards."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

PROBE = textwrap.dedent(
    """
    import json, os, threading
    RECORD = {
        "thread": threading.current_thread().name,
        "engine_starting": bool(os.environ.get("PROBE_STARTING")),
    }
    """
)

SCRIPT = textwrap.dedent(
    """
    import json, os, sys
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication
    app = QApplication(["probe"])
    from newsdesk.ui import engine_start

    os.environ["PROBE_STARTING"] = "1"
    importer = engine_start.start_engine_importing(["probe_module", "no_such_module_here"])
    os.environ.pop("PROBE_STARTING")
    importer.join(60)
    import probe_module

    from PySide6.QtWebEngineCore import QWebEnginePage
    page = QWebEnginePage()
    loaded = []
    page.loadFinished.connect(loaded.append)
    page.setHtml("<p>engine up</p>")
    loop = QEventLoop()
    page.loadFinished.connect(loop.quit)
    QTimer.singleShot(30000, loop.quit)
    loop.exec()
    try:
        import no_such_module_here  # noqa: F401
        missing = "imported"
    except ImportError as exc:
        missing = type(exc).__name__
    print(json.dumps({
        "probe": probe_module.RECORD,
        "importer_alive": importer.is_alive(),
        "loaded": loaded,
        "missing": missing,
    }))
    sys.stdout.flush()
    os._exit(0)
    """
)


def test_the_window_modules_import_in_a_thread_while_the_engine_starts(tmp_path):
    (tmp_path / "probe_module.py").write_text(PROBE, encoding="utf-8")
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        QTWEBENGINE_DISABLE_SANDBOX="1",
        PYTHONPATH=os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")]),
        HOME=str(tmp_path / "home"),
    )
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["probe"]["thread"] == "newsdesk-import"
    assert result["probe"]["engine_starting"], "imported after the engine had started"
    assert result["importer_alive"] is False
    assert result["loaded"] == [True]
    assert result["missing"] == "ModuleNotFoundError"
    assert "Traceback" not in done.stderr
