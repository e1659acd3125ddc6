"""`newsdesk FILE` as a writer starts it: the render worker is spawned before
Qt is imported, the window opens and its preview shows the rendered page; with
no display the worker started first does not outlive the message."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import uuid

import psutil

from newsdesk.resources import resource_path


def _env(tmp_path, **extra) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        HOME=str(tmp_path / "home"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        NEWSDESK_DATA_DIR=str(tmp_path / "newsdesk-data"),
        QTWEBENGINE_DISABLE_SANDBOX="1",
        **extra,
    )
    return env


def _open_sample(tmp_path, quit_after: str) -> tuple[subprocess.CompletedProcess, int]:
    """`newsdesk sample.newsdesk` offscreen, quit by the smoke hook; the
    result and the render its preview showed."""
    document = tmp_path / "sample.newsdesk"
    shutil.copy2(resource_path("samples", "nato-ukraine.newsdesk"), document)
    done = subprocess.run(
        [sys.executable, "-m", "newsdesk", str(document)],
        env=_env(tmp_path, QT_QPA_PLATFORM="offscreen", NEWSDESK_SMOKE_QUIT_AFTER_MS=quit_after),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "smoke: window shown: sample" in done.stderr
    assert "Traceback" not in done.stderr
    generation = re.search(r"smoke: preview generation (\d+)", done.stderr)
    assert generation, done.stderr[-3000:]
    return done, int(generation.group(1))


def test_the_editor_opens_a_document_with_its_preview_rendered(tmp_path):
    _done, generation = _open_sample(tmp_path, "8000")
    assert generation >= 1


def test_without_a_display_the_early_worker_is_stopped(tmp_path):
    marker = uuid.uuid4().hex
    env = {
        k: v
        for k, v in _env(tmp_path, NEWSDESK_TEST_MARKER=marker).items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    done = subprocess.run(
        [sys.executable, "-m", "newsdesk"], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2 and "no display" in done.stderr

    def ours() -> list[psutil.Process]:
        found = []
        for process in psutil.process_iter():
            try:
                if process.environ().get("NEWSDESK_TEST_MARKER") == marker:
                    found.append(process)
            except (psutil.Error, OSError):
                continue
        return found

    deadline = time.monotonic() + 10
    while ours() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert ours() == []


def test_the_smoke_hook_can_quit_as_soon_as_the_preview_is_loaded(tmp_path):
    # The start-up benchmark's measure (benchmarks/bench_editor.py): the
    # moment the window is shown with its preview loaded, not a timer's.
    started = time.monotonic()
    _done, generation = _open_sample(tmp_path, "ready")
    assert generation == 1
    assert time.monotonic() - started < 60


# Run as a script by the test below: records which thread made each Python
# enum, starts the editor like `newsdesk FILE` and prints who made `Qt`'s.
_QT_NAMESPACE_PROBE = """
import enum, sys, threading

made = {}
create = enum.EnumType._create_


def recording(cls, *args, **kwargs):
    new = create(cls, *args, **kwargs)
    made[id(new)] = threading.current_thread().name
    return new


enum.EnumType._create_ = recording
from newsdesk.cli.main import main

code = main([sys.argv[1]])
from PySide6.QtCore import Qt

print("Qt made by:", made.get(id(Qt.AlignmentFlag), "before start-up"), flush=True)
sys.exit(code)
"""


def test_the_first_window_s_import_thread_builds_the_qt_namespace(tmp_path):
    # PySide builds `Qt` (93 Python enums, ~30 ms) on first use. At start-up
    # the UI thread waits for Qt WebEngine meanwhile: the import thread of the
    # first window's modules builds it, so the UI thread must not touch `Qt`
    # before (the theme is applied after that import; see EditorApp.ensure_theme).
    document = tmp_path / "sample.newsdesk"
    shutil.copy2(resource_path("samples", "nato-ukraine.newsdesk"), document)
    probe = tmp_path / "probe.py"
    probe.write_text(_QT_NAMESPACE_PROBE, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(probe), str(document)],
        env=_env(tmp_path, QT_QPA_PLATFORM="offscreen", NEWSDESK_SMOKE_QUIT_AFTER_MS="ready"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "smoke: preview generation 1" in done.stderr
    assert "Qt made by: newsdesk-import" in done.stdout, done.stdout + done.stderr[-2000:]
