"""Reading the real preview's DOM from tests: run a script in the patch world
and wait for a value (typing is rendered off the UI thread and patched in)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any


def run_js(qtbot, window, script: str) -> Any:
    box: list = []
    window.preview.run_js(script, box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=10_000)
    return box[0]


def wait_value(
    qtbot,
    read: Callable[[], Any],
    predicate: Callable[[Any], bool],
    timeout: float = 10.0,
    what: str = "value",
) -> Any:
    """Poll `read()` until `predicate` holds; its value, or AssertionError."""
    deadline = time.monotonic() + timeout
    value = None
    while time.monotonic() < deadline:
        value = read()
        if predicate(value):
            return value
        qtbot.wait(30)
    raise AssertionError(f"{what} never matched; last {value!r}")


def wait_dom(qtbot, window, script: str, predicate, timeout: float = 15.0) -> Any:
    return wait_value(
        qtbot, lambda: run_js(qtbot, window, script), predicate, timeout, what="preview"
    )
