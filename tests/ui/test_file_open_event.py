"""Files the desktop asks newsdesk to open (macOS Finder, Dock, "Open With"):
QFileOpenEvents sent to the application (newsdesk.ui.qt_application)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QFileOpenEvent

from newsdesk.model.article import Article
from newsdesk.profile.model import Profile
from newsdesk.storage.document import Document
from newsdesk.ui.app import EditorApp


def _document(path, headline: str):
    Document.create(path, Article(headline=headline, body="Text.")).close()
    return path


def test_a_file_the_desktop_opens_gets_a_window(qtbot, editor, tmp_path):
    path = _document(tmp_path / "finder.newsdesk", "From Finder")
    assert editor.windows[0].is_pristine
    QCoreApplication.sendEvent(QCoreApplication.instance(), QFileOpenEvent(str(path)))
    qtbot.waitUntil(lambda: any(w.session.path == path for w in editor.windows))
    qtbot.waitUntil(lambda: len(editor.windows) == 1)  # the untouched empty window went
    assert editor.windows[0].session.article.headline == "From Finder"


def test_a_url_to_a_missing_file_is_reported(qtbot, editor, tmp_path):
    missing = tmp_path / "gone.newsdesk"
    event = QFileOpenEvent(QUrl.fromLocalFile(str(missing)))
    QCoreApplication.sendEvent(QCoreApplication.instance(), event)
    qtbot.waitUntil(lambda: bool(editor.errors))
    assert editor.errors[0][0] == "Cannot open file"
    assert "gone.newsdesk" in editor.errors[0][1] and "does not exist" in editor.errors[0][1]


def test_a_file_asked_for_while_starting_opens_after_start(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSDESK_DATA_DIR", str(tmp_path / "data"))
    path = _document(tmp_path / "at-launch.newsdesk", "At launch")
    QCoreApplication.postEvent(QCoreApplication.instance(), QFileOpenEvent(str(path)))
    app = EditorApp(Profile.default(), render_mode="thread")
    try:
        app.start([], recover=False)  # its first window lets the event loop run
        qtbot.waitUntil(lambda: [w.session.path for w in app.windows] == [path])
    finally:
        for window in list(app.windows):
            window.session.mark_saved()
        app.shutdown()
