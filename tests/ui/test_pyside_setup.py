"""newsdesk.ui.pyside_setup: modules imported after PySide6 are not read."""

from __future__ import annotations

import linecache
import sys

from newsdesk.ui.pyside_setup import prepare_pyside


def test_a_module_imported_after_pyside_is_not_read_for_its_source(tmp_path, monkeypatch):
    prepare_pyside()
    module = tmp_path / "newsdesk_probe_module.py"
    module.write_text("from PySide6.QtCore import QObject\nVALUE = 42\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    linecache.clearcache()
    try:
        probe = __import__("newsdesk_probe_module")  # an import statement: PySide hooks __import__
        assert probe.VALUE == 42
        # PySide6's own check reads it through inspect.getsource -> linecache
        assert str(module) not in linecache.cache
    finally:
        sys.modules.pop("newsdesk_probe_module", None)


def test_qt_classes_work_as_before_after_it(qapp):
    from PySide6.QtCore import QObject, Qt

    prepare_pyside()
    holder = QObject()
    holder.setObjectName("named")
    assert holder.objectName() == "named"
    assert Qt.AlignmentFlag.AlignLeft in (Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
