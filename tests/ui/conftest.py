"""Qt set-up for the editor tests: the preview's URL scheme is registered
before any QApplication exists (Qt WebEngine requires it), and QSettings and
the data folder point at throw-away folders, never at the user's own."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from newsdesk.profile.model import Profile
from newsdesk.ui.app import EditorApp
from newsdesk.ui.preview_scheme import register_preview_scheme
from newsdesk.ui.settings import set_application_names, use_settings_folder

register_preview_scheme()
set_application_names()
_SCRATCH = Path(tempfile.mkdtemp(prefix="newsdesk-ui-tests-"))
use_settings_folder(_SCRATCH / "settings")
os.environ.setdefault("NEWSDESK_DATA_DIR", str(_SCRATCH / "data"))


@pytest.fixture
def editor(qtbot, tmp_path, monkeypatch):
    """A started editor (one empty window, thread worker) with its own data
    and settings folders; error dialogs are collected in `editor.errors`."""
    monkeypatch.setenv("NEWSDESK_DATA_DIR", str(tmp_path / "data"))
    use_settings_folder(tmp_path / "settings")
    app = EditorApp(Profile.default(), render_mode="thread")
    errors: list[tuple[str, str]] = []
    app.show_error = lambda _parent, title, text: errors.append((title, text))
    app.errors = errors
    app.start([], recover=False)
    yield app
    for window in list(app.windows):
        window.session.mark_saved()  # no unsaved-changes prompt at teardown
    app.shutdown()
