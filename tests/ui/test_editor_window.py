"""The editor window with the real Qt WebEngine preview: typing reaches the
preview DOM without moving its scroll position, the preview comes back when its
renderer process dies, shortcuts, find/replace, files, revisions, the
unsaved-changes prompt, autosave timing and errors."""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import pytest
from preview_dom import run_js, wait_dom
from PySide6.QtCore import QMimeData, Qt, QTimer, QUrl
from PySide6.QtGui import QColor, QImage, QTextCursor
from PySide6.QtWidgets import QApplication, QMessageBox

from newsdesk.interchange import load_article
from newsdesk.model.article import Article
from newsdesk.model.text_stats import word_count
from newsdesk.profile.model import Profile
from newsdesk.resources import sample_article_path
from newsdesk.storage.document import Document
from newsdesk.ui import main_window as mw
from newsdesk.ui.app import EditorApp
from newsdesk.ui.preview import PHONE_WIDTH, preview_profile
from newsdesk.ui.settings import Settings, use_settings_folder


def preview_body_matches_full_render(qtbot, window) -> bool:
    """Whether the preview's body nodes equal a fresh full render of the text."""
    from urllib.parse import quote

    from newsdesk.render.markdown_body import render_markdown

    prefix = window.preview._media_prefix()
    expected = render_markdown(
        window.session.article.body, image_url=lambda name: prefix + quote(name)
    )
    return (
        run_js(
            qtbot,
            window,
            "(function(){var t=document.createElement('template');"
            f"t.innerHTML={json.dumps(expected)};"
            "var a=Array.from(t.content.children),"
            "b=Array.from(document.getElementById('article-body').children);"
            "return a.length===b.length"
            " && a.every(function(n,i){return n.isEqualNode(b[i]);});})()",
        )
        is True
    )


def _loaded(qtbot, window):
    qtbot.waitUntil(lambda: window.preview.shown_generation > 0, timeout=30_000)
    return window


def _sample_window(qtbot, editor) -> mw.MainWindow:
    window = editor.open_path(sample_article_path("md"))
    assert window is not None
    return _loaded(qtbot, window)


def _end(window) -> None:
    window.editor.moveCursor(QTextCursor.MoveOperation.End)


def test_typing_patches_the_preview_and_keeps_its_scroll_position(qtbot, tmp_path, monkeypatch):
    """With the real render worker process (as shipped)."""
    monkeypatch.setenv("NEWSDESK_DATA_DIR", str(tmp_path / "data"))
    use_settings_folder(tmp_path / "settings")
    app = EditorApp(Profile.default(), render_mode="process")
    app.start([sample_article_path("md")], recover=False)
    try:
        window = _loaded(qtbot, app.windows[-1])
        window.resize(1300, 800)
        window.set_sync_scrolling(False)  # the editor jumps to the end; the page must not
        # the document's image is served through the preview scheme
        wait_dom(
            qtbot,
            window,
            "Array.from(document.images).map(i => i.naturalWidth).join(',')",
            lambda v: v and all(int(n) > 0 for n in v.split(",")),
        )
        run_js(qtbot, window, "window.scrollTo(0, 700); 0")
        assert wait_dom(qtbot, window, "window.scrollY", lambda v: v and v > 600) > 600
        before = run_js(qtbot, window, "window.scrollY")
        _end(window)
        qtbot.keyClick(window.editor, Qt.Key.Key_Return)
        qtbot.keyClick(window.editor, Qt.Key.Key_Return)
        qtbot.keyClicks(window.editor, "Fresh closing line typed live")
        text = wait_dom(
            qtbot,
            window,
            "document.getElementById('article-body').lastElementChild.textContent",
            lambda v: v == "Fresh closing line typed live",
        )
        assert text == "Fresh closing line typed live"
        assert run_js(qtbot, window, "window.scrollY") == before  # the page was not reloaded
        assert window.preview.last_patch["replaced"] < 10  # patched, not rebuilt
        assert window.preview.page.url().toString().startswith("newsdesk-preview://")
        # the status bar counts the words of the new text
        words = word_count(window.session.article.body)
        qtbot.waitUntil(lambda: window.status.words.text() == f"{words:,} words")
    finally:
        for window in list(app.windows):
            window.session.mark_saved()
        app.shutdown()


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="kills the renderer with SIGKILL")
def test_the_preview_comes_back_after_its_renderer_process_dies(qtbot, editor):
    window = _sample_window(qtbot, editor)
    preview = window.preview
    messages: list[str] = []
    preview.render_failed.connect(messages.append)
    dead = preview.page.renderProcessPid()
    assert dead > 0
    os.kill(dead, signal.SIGKILL)  # what a crash or the out-of-memory killer does
    qtbot.waitUntil(lambda: bool(messages), timeout=15_000)
    assert "reloaded" in messages[0]
    qtbot.waitUntil(
        lambda: preview.is_current() and preview.page.renderProcessPid() not in (0, dead),
        timeout=30_000,
    )
    headline = window.session.article.headline
    assert wait_dom(qtbot, window, "document.querySelector('h1').textContent", bool) == headline
    # typing reaches the new page again
    _end(window)
    window.editor.insertPlainText("\n\nWritten after the renderer died.\n")
    wait_dom(
        qtbot,
        window,
        "document.getElementById('article-body').textContent",
        lambda text: text and "Written after the renderer died." in text,
    )
    assert preview_body_matches_full_render(qtbot, window)


def test_preview_links_open_outside_and_nothing_remote_loads(qtbot, editor):
    window = editor.windows[0]
    opened: list[QUrl] = []
    window.preview.page.open_external = opened.append
    _end(window)
    window.editor.insertPlainText(
        "See [the portal](https://example.com/news) here.\n\n"
        "![remote](https://example.com/tracker.png)\n\n![local](file:///etc/hostname)\n"
    )
    wait_dom(qtbot, window, "document.querySelectorAll('#article-body a').length", lambda v: v)
    page_url = window.preview.page.url()
    run_js(qtbot, window, "document.querySelector('#article-body a').click(); 0")
    qtbot.waitUntil(lambda: bool(opened), timeout=10_000)
    assert opened[0].toString() == "https://example.com/news"
    qtbot.wait(300)
    assert window.preview.page.url() == page_url
    # nothing but the preview's own scheme gets through
    loaded = run_js(
        qtbot, window, "Array.from(document.images).filter(i => i.naturalWidth > 0).length"
    )
    assert loaded == 0
    # even a script in the page's own origin cannot fetch from outside
    run_js(
        qtbot,
        window,
        "window.__probe = [];"
        "['https://example.com/ping', 'file:///etc/hostname'].forEach(function (u) {"
        "  fetch(u).then(function () { window.__probe.push(u + ' loaded'); },"
        "               function () { window.__probe.push(u + ' blocked'); });"
        "}); 0",
    )
    qtbot.waitUntil(lambda: run_js(qtbot, window, "window.__probe.length") == 2, timeout=10_000)
    assert sorted(json.loads(run_js(qtbot, window, "JSON.stringify(window.__probe)"))) == [
        "file:///etc/hostname blocked",
        "https://example.com/ping blocked",
    ]
    # remote URLs stop at the page settings (local content), file: at the interceptor
    assert "file:///etc/hostname" in preview_profile().interceptor.blocked


def _menu_after_right_click(qtbot, view) -> list[str]:
    """Right-click the page as a reader would; the texts of the menu that opens."""
    from PySide6.QtCore import QPoint

    qtbot.mouseClick(view.focusProxy(), Qt.MouseButton.RightButton, pos=QPoint(40, 40))
    deadline = time.monotonic() + 2
    while time.monotonic() < deadline:
        popup = QApplication.activePopupWidget()
        if popup is not None:
            texts = [action.text() for action in popup.actions()]
            popup.close()
            return texts
        qtbot.wait(20)
    return []


def test_the_preview_has_no_browser_menu(qtbot, editor):
    from PySide6.QtWebEngineWidgets import QWebEngineView

    window = _loaded(qtbot, editor.windows[0])
    window.preview.view.setFocus()
    assert _menu_after_right_click(qtbot, window.preview.view) == []
    # what it keeps away: a plain view offers Back, Reload, View page source
    plain = QWebEngineView()
    qtbot.addWidget(plain)
    plain.resize(400, 300)
    plain.show()
    with qtbot.waitSignal(plain.loadFinished, timeout=30_000):
        plain.setHtml("<p>" + "A plain page. " * 40 + "</p>")
    assert "Reload" in _menu_after_right_click(qtbot, plain)


def test_formatting_shortcuts_are_single_undo_steps(qtbot, editor):
    window = editor.windows[0]
    e = window.editor
    e.setFocus()
    qtbot.keyClicks(e, "make this bold")
    cursor = e.textCursor()
    cursor.setPosition(10)
    cursor.setPosition(14, QTextCursor.MoveMode.KeepAnchor)
    e.setTextCursor(cursor)
    steps = window.session.undo_stack.count()
    qtbot.keyClick(e, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert window.session.article.body == "make this **bold**"
    assert window.session.undo_stack.count() == steps + 1
    qtbot.keyClick(e, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)  # toggles back
    assert window.session.article.body == "make this bold"
    qtbot.keyClick(e, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.session.article.body == "make this **bold**"
    cursor.setPosition(12)
    cursor.setPosition(16, QTextCursor.MoveMode.KeepAnchor)
    e.setTextCursor(cursor)
    qtbot.keyClick(e, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert window.session.article.body == "make this ***bold***"
    qtbot.keyClick(e, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.session.article.body == "## make this ***bold***"
    _end(window)
    qtbot.keyClick(e, Qt.Key.Key_Return)
    qtbot.keyClicks(e, "site")
    cursor = e.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.StartOfBlock, QTextCursor.MoveMode.KeepAnchor)
    e.setTextCursor(cursor)
    qtbot.keyClick(e, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)  # Ctrl+K is not kill-line
    assert window.session.article.body.endswith("\n[site](https://)")
    assert e.textCursor().selectedText() == "https://"
    qtbot.keyClicks(e, "https://example.com")
    assert window.session.article.body.endswith("\n[site](https://example.com)")
    qtbot.keyClick(
        e, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert window.session.article.body.endswith("\n> [site](https://example.com)")
    qtbot.keyClick(e, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.session.article.body.endswith("\n[site](https://example.com)")


def test_enter_continues_and_ends_lists(qtbot, editor):
    e = editor.windows[0].editor
    e.setFocus()
    qtbot.keyClicks(e, "- apples")
    qtbot.keyClick(e, Qt.Key.Key_Return)
    qtbot.keyClicks(e, "pears")
    qtbot.keyClick(e, Qt.Key.Key_Return)
    qtbot.keyClick(e, Qt.Key.Key_Return)  # an empty item ends the list
    qtbot.keyClicks(e, "1. one")
    qtbot.keyClick(e, Qt.Key.Key_Return)
    qtbot.keyClicks(e, "two")
    assert e.toPlainText() == "- apples\n- pears\n1. one\n2. two"
    qtbot.keyClick(
        e, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert e.toPlainText() == "- apples\n- pears\n1. one\n- two"


def test_find_and_replace(qtbot, editor):
    window = editor.windows[0]
    window.editor.setPlainText("Cat cat catalog CAT.\ncat")
    window.session.undo_stack.clear()
    bar = window.find_bar
    window.act_replace.trigger()
    assert bar.isVisible()
    bar.find_field.setText("cat")
    bar.whole_word.setChecked(True)
    bar.replace_field.setText("dog")
    assert bar.replace_everything() == 4
    assert window.session.article.body == "dog dog catalog dog.\ndog"
    assert window.session.undo_stack.count() == 1  # replace all = one step
    window.session.undo_stack.undo()
    assert window.editor.toPlainText() == "Cat cat catalog CAT.\ncat"
    bar.match_case.setChecked(True)
    assert bar.replace_everything() == 2
    assert window.session.article.body == "Cat dog catalog CAT.\ndog"
    window.session.undo_stack.undo()
    bar.match_case.setChecked(False)
    bar.whole_word.setChecked(False)
    bar.regex.setChecked(True)
    bar.find_field.setText(r"(c)at(\w*)")
    bar.replace_field.setText(r"\1og\2")
    assert bar.replace_everything() == 5
    assert window.session.article.body == "Cog cog cogalog Cog.\ncog"
    window.session.undo_stack.undo()
    bar.regex.setChecked(False)
    bar.find_field.setText("catalog")
    assert bar.find()
    assert window.editor.textCursor().selectedText() == "catalog"
    bar.replace_field.setText("list")
    bar.replace_one()
    assert window.session.article.body == "Cat cat list CAT.\ncat"
    bar.find_field.setText("(")
    bar.regex.setChecked(True)
    assert not bar.find()
    assert "Invalid expression" in bar.message.text()


def test_outline_lists_headings_jumps_and_follows_the_cursor(qtbot, editor):
    window = editor.windows[0]
    window.editor.setPlainText("# Title\ntext\n```\n# not a heading\n```\n## Part two\nmore\n")
    qtbot.waitUntil(lambda: window.outline.count() == 2)
    assert [h.title for h in window.outline.headings] == ["Title", "Part two"]
    window.outline.jump_requested.emit(window.outline.headings[1].position)
    assert window.editor.textCursor().block().text() == "## Part two"
    cursor = window.editor.textCursor()
    cursor.setPosition(2)
    window.editor.setTextCursor(cursor)
    assert window.outline.currentRow() == 0
    cursor.movePosition(QTextCursor.MoveOperation.End)
    window.editor.setTextCursor(cursor)
    assert window.outline.currentRow() == 1


def _png(color: str = "red") -> QImage:
    image = QImage(20, 10, QImage.Format.Format_RGB32)
    image.fill(QColor(color))
    return image


def test_pasting_an_image_stores_it_and_references_it(qtbot, editor):
    window = editor.windows[0]
    window.editor.setFocus()
    qtbot.keyClicks(window.editor, "Intro")
    mime = QMimeData()
    mime.setImageData(_png())
    window.editor.insertFromMimeData(mime)
    article = window.session.article
    assert [i.filename for i in article.images] == ["pasted-image.png"]
    assert article.images[0].media_type == "image/png"
    assert article.body == "Intro\n\n![](pasted-image.png)\n"
    wait_dom(
        qtbot,
        window,
        "Array.from(document.querySelectorAll('#article-body img')).map(i => i.naturalWidth)"
        ".join(',')",
        lambda v: v == "20",
    )
    window.session.undo_stack.undo()  # image and reference go in one step
    assert article.body == "Intro" and window.session.article.images == []


def test_dropping_image_files_on_the_editor_stores_them(qtbot, editor, tmp_path):
    window = editor.windows[0]
    first, second = tmp_path / "Summit Photo.PNG", tmp_path / "notes.txt"
    assert _png("blue").save(str(first), "PNG")
    second.write_text("not an image")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(first)), QUrl.fromLocalFile(str(second))])
    assert window.editor.canInsertFromMimeData(mime)
    window.editor.insertFromMimeData(mime)
    article = window.session.article
    assert [(i.filename, i.media_type) for i in article.images] == [
        ("summit-photo.png", "image/png")
    ]
    assert article.images[0].data == first.read_bytes()
    assert article.body == "![](summit-photo.png)\n"


def test_save_as_save_reopen_recent_and_focus(qtbot, editor, tmp_path):
    window = editor.windows[0]
    target = tmp_path / "story.newsdesk"
    window.ask_save_path = lambda: target
    window.editor.setFocus()
    qtbot.keyClicks(window.editor, "First version")
    with qtbot.waitSignal(window.saved, timeout=10_000):
        window.act_save.trigger()  # untitled: Save goes through Save As
    assert not window.session.modified
    assert window.status.save_state.text().startswith("Saved ")
    assert window.session.path == target
    qtbot.keyClicks(window.editor, " and more")
    assert window.status.save_state.text() == "Unsaved changes"
    with qtbot.waitSignal(window.saved, timeout=10_000):
        window.save()
    with Document.open(target, read_only=True) as doc:
        assert doc.load().body == "First version and more"
        assert len(doc.revisions()) == 2
    assert Settings().recent_files()[0] == target
    assert window.recent_menu.actions()[0].text() == "story.newsdesk"
    assert editor.open_path(target) is window  # already open: focused, not reopened
    assert len(editor.windows) == 1
    window.close()
    assert not editor.windows
    reopened = editor.open_path(target)
    assert reopened.session.article.body == "First version and more"
    assert not reopened.session.modified


def test_revisions_preview_and_restore(qtbot, editor, tmp_path):
    from newsdesk.ui.revisions_dialog import RevisionsDialog

    path = tmp_path / "history.newsdesk"
    Document.create(path, Article(headline="H", body="version one")).close()
    window = editor.open_path(path)
    window.editor.selectAll()
    window.editor.insertPlainText("version two")
    with qtbot.waitSignal(window.saved, timeout=10_000):
        window.save()
    dialog = RevisionsDialog(window)
    qtbot.addWidget(dialog)
    assert dialog.list.count() == 2
    dialog.list.setCurrentRow(1)  # the older one
    qtbot.waitUntil(lambda: dialog.preview.shown_generation > 0, timeout=20_000)
    wait_dom(
        qtbot,
        dialog,
        "document.getElementById('article-body').textContent.trim()",
        lambda v: v == "version one",
    )
    dialog.restore()
    assert window.session.article.body == "version one" == window.editor.toPlainText()
    assert window.session.modified
    window.session.undo_stack.undo()  # restoring is one undo step
    assert window.session.article.body == "version two"


def test_unsaved_changes_prompt(qtbot, editor, tmp_path):
    window = editor.windows[0]
    window.editor.setFocus()
    qtbot.keyClicks(window.editor, "Unsaved words")
    answers = [mw.CANCEL]
    asked: list[str] = []

    def ask() -> str:
        asked.append(window.document_title())
        return answers.pop(0)

    window.ask_save_changes = ask
    window.close()
    assert asked and window in editor.windows and window.isVisible()
    target = tmp_path / "kept.newsdesk"
    window.ask_save_path = lambda: target
    answers.append(mw.SAVE)
    window.close()
    qtbot.waitUntil(lambda: window not in editor.windows, timeout=10_000)
    with Document.open(target, read_only=True) as doc:
        assert doc.load().body == "Unsaved words"
    other = editor.new_window()
    other.editor.setFocus()
    qtbot.keyClicks(other.editor, "Throw away")
    other.ask_save_changes = lambda: mw.DISCARD
    other.close()
    assert other not in editor.windows


def test_autosave_after_a_pause_and_during_continuous_typing(qtbot, editor, tmp_path):
    path = tmp_path / "auto.newsdesk"
    Document.create(path, Article(body="start")).close()
    window = editor.open_path(path)
    window.autosave.set_intervals(400, 1200)
    _end(window)
    started = time.monotonic()
    with qtbot.waitSignal(window.autosaved, timeout=5_000):
        qtbot.keyClicks(window.editor, " paused")
    assert 0.35 < time.monotonic() - started < 2.0
    assert window.status.save_state.text() == "Autosaved"
    with Document.open(path, read_only=True) as doc:
        assert doc.has_unsaved_autosave
        assert doc.load().body == "start paused"
    # typing every 100 ms never pauses for 400 ms: the 1.2 s deadline saves anyway
    saved_at: list[float] = []
    window.autosaved.connect(lambda _p: saved_at.append(time.monotonic()))
    started = time.monotonic()
    while time.monotonic() - started < 2.0:
        qtbot.keyClicks(window.editor, "x")
        qtbot.wait(100)
    assert saved_at and saved_at[0] - started < 1.6
    # an untitled document autosaves into the drafts folder
    draft_window = editor.new_window()
    draft_window.autosave.set_intervals(200, 1000)
    with qtbot.waitSignal(draft_window.autosaved, timeout=5_000):
        qtbot.keyClicks(draft_window.editor, "draft text")
    drafts = list((tmp_path / "data" / "drafts").glob("*.newsdesk"))
    assert len(drafts) == 1
    with Document.open(drafts[0], read_only=True) as doc:
        assert doc.load().body == "draft text"
    draft_window.ask_save_changes = lambda: mw.DISCARD
    draft_window.close()
    assert not drafts[0].exists()  # a discarded draft is gone


def test_damaged_file_shows_an_error_dialog_and_the_app_keeps_running(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSDESK_DATA_DIR", str(tmp_path / "data"))
    use_settings_folder(tmp_path / "settings")
    app = EditorApp(Profile.default(), render_mode="thread")
    app.start([], recover=False)
    damaged = tmp_path / "damaged.newsdesk"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\x13" * 3000)
    seen: list[str] = []

    def close_dialog() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text())
            box.accept()
        else:
            QTimer.singleShot(50, close_dialog)

    QTimer.singleShot(50, close_dialog)
    try:
        assert app.open_path(damaged) is None
        assert seen and "damaged.newsdesk" in seen[0]
        assert len(app.windows) == 1  # still running, the empty window still there
        good = tmp_path / "good.newsdesk"
        Document.create(good, Article(body="fine")).close()
        assert app.open_path(good).session.article.body == "fine"
    finally:
        app.shutdown()


def test_a_document_locked_by_another_editor_opens_read_only(qtbot, editor, tmp_path):
    import subprocess
    import sys

    path = tmp_path / "shared.newsdesk"
    Document.create(path, Article(body="theirs")).close()
    holder_script = Path(__file__).resolve().parents[1] / "helpers" / "lock_holder.py"
    holder = subprocess.Popen(
        [sys.executable, str(holder_script), "hold", str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().startswith("locked")  # another process edits it
        asked: list[str] = []
        editor.ask_read_only = lambda _p, error: asked.append(str(error)) or False
        assert editor.open_path(path) is None
        assert asked and "shared.newsdesk" in asked[0] and str(holder.pid) in asked[0]
        editor.ask_read_only = lambda _p, error: True
        window = editor.open_path(path)
        assert window.session.read_only and window.editor.isReadOnly()
        assert window.session.article.body == "theirs"
        assert "read-only" in window.windowTitle()
        assert not window.act_bold.isEnabled()
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)


def test_markdown_and_bundles_are_imported_as_untitled(qtbot, editor, tmp_path):
    from newsdesk.export.bundle import write_bundle

    window = editor.open_path(sample_article_path("md"))
    assert window.session.path is None and window.session.modified
    sample = load_article(sample_article_path("md"))
    assert window.session.article.body == sample.body
    assert len(editor.windows) == 1  # the empty start window made way
    bundle = write_bundle(sample, tmp_path, Profile.default())
    imported = editor.open_path(bundle)
    assert imported is not None and imported is not window
    assert imported.session.path is None and imported.session.modified
    assert imported.session.article.headline == sample.headline
    assert [i.filename for i in imported.session.article.images]


def test_preview_modes_and_theme_persist(qtbot, editor):
    window = editor.windows[0]
    window.act_width["phone"].trigger()
    assert window.preview.view.width() == PHONE_WIDTH
    window.act_layout["editor"].trigger()
    assert not window.preview.isVisibleTo(window)
    window.act_layout["preview"].trigger()
    assert window.preview.isVisibleTo(window) and not window.editor_box.isVisibleTo(window)
    editor.set_theme("dark")
    assert QApplication.palette().color(QApplication.palette().ColorRole.Base).lightness() < 80
    window.act_layout["side"].trigger()
    window.splitter.setSizes([500, 300])
    sizes = window.splitter.sizes()
    window.act_layout["preview"].trigger()
    window.close()
    settings = Settings()
    assert settings.splitter_sizes() == sizes
    assert (settings.preview_layout(), settings.preview_width(), settings.theme()) == (
        "preview",
        "phone",
        "dark",
    )
    again = editor.new_window()
    assert again.act_layout["preview"].isChecked() and again.preview.phone_width
    editor.set_theme("light")


def test_dropping_a_document_on_the_window_opens_it(qtbot, editor, tmp_path):
    path = tmp_path / "dropped.newsdesk"
    Document.create(path, Article(body="dropped body")).close()
    window = editor.windows[0]
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    assert window._dropped_documents(mime) == [path]
    editor.open_paths(window._dropped_documents(mime))
    assert editor.window_for(path).session.article.body == "dropped body"


def test_export_dialog_uses_the_core_exporters_and_remembers_the_folder(qtbot, editor, tmp_path):
    from newsdesk.ui.export_dialog import ExportDialog

    window = editor.open_path(sample_article_path("md"))
    dialog = ExportDialog(window)
    qtbot.addWidget(dialog)
    dialog.folder.setText(str(tmp_path / "out"))
    dialog.buttons["bundle"].setChecked(True)
    written = dialog.export()
    assert written is not None and written.suffix == ".zip" and written.is_file()
    dialog.buttons["html"].setChecked(True)
    page = dialog.export()
    assert page.is_file() and "NATO" in page.read_text(encoding="utf-8")
    again = ExportDialog(window)
    qtbot.addWidget(again)
    assert Path(again.folder.text()) == tmp_path / "out" and again.kind() == "html"


def test_no_display_prints_a_message_instead_of_aborting():
    import os
    import subprocess
    import sys

    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    done = subprocess.run(
        [sys.executable, "-m", "newsdesk"], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2
    assert "no display" in done.stderr and "xvfb-run" in done.stderr
    assert "Aborted" not in done.stderr and "qt.qpa" not in done.stderr


def test_status_bar_counts(qtbot, editor):
    window = editor.windows[0]
    window.editor.setPlainText("one two three")
    qtbot.waitUntil(lambda: window.status.words.text() == "3 words", timeout=15_000)
    assert window.status.characters.text() == "13 characters"
    assert window.status.reading.text() == "1 min read"
    assert json.dumps(window.status.save_state.text())


def test_typing_patches_only_changed_body_blocks_and_matches_a_full_render(qtbot, editor):

    window = editor.open_path(sample_article_path("md"))
    _loaded(qtbot, window)
    e = window.editor
    cursor = e.textCursor()
    cursor.setPosition(0)
    e.setTextCursor(cursor)
    qtbot.keyClicks(e, "## A new first heading")
    qtbot.keyClick(e, Qt.Key.Key_Return)
    qtbot.keyClick(e, Qt.Key.Key_Return)
    qtbot.keyClicks(e, "Intro with a [reference][ref] and a footnote[^n].")
    qtbot.keyClick(e, Qt.Key.Key_Return)
    qtbot.keyClick(e, Qt.Key.Key_Return)
    _end(window)
    qtbot.keyClick(e, Qt.Key.Key_Return)
    qtbot.keyClick(e, Qt.Key.Key_Return)
    qtbot.keyClicks(e, "[ref]: https://example.com/ref")
    qtbot.keyClick(e, Qt.Key.Key_Return)
    qtbot.keyClick(e, Qt.Key.Key_Return)
    qtbot.keyClicks(e, "[^n]: The note.")
    qtbot.waitUntil(window.preview.is_current, timeout=30_000)
    assert window.preview.last_patch.get("body") is True  # the incremental path ran
    assert preview_body_matches_full_render(qtbot, window)
    assert run_js(qtbot, window, "document.querySelector('#article-body h2').id") != ""


def test_help_about_opens_the_about_dialog(qtbot, editor):
    from newsdesk.ui.about_dialog import AboutDialog

    window = editor.windows[0]
    seen: list[str] = []

    def close_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(50, close_dialog)
            return
        seen.append(type(dialog).__name__)
        dialog.reject()

    QTimer.singleShot(50, close_dialog)
    window.act_about.trigger()
    assert seen == [AboutDialog.__name__]


def test_an_opened_document_shows_when_it_was_saved(qtbot, editor, tmp_path):
    path = tmp_path / "dated.newsdesk"
    Document.create(path, Article(body="text")).close()
    window = editor.open_path(path)
    assert window.status.save_state.text().startswith("Saved ")
    assert ":" in window.status.save_state.text()


def test_the_editor_menu_offers_the_shared_undo(qtbot, editor):
    window = editor.windows[0]
    window.editor.setFocus()
    qtbot.keyClicks(window.editor, "words")
    menu = window.editor_context_menu()
    undo = menu.actions()[0]
    assert undo is window.act_undo and undo.isEnabled()
    undo.trigger()
    assert window.session.article.body == ""


def test_discarding_a_titled_document_drops_its_autosave(qtbot, editor, tmp_path):
    path = tmp_path / "discard.newsdesk"
    Document.create(path, Article(body="kept text")).close()
    window = editor.open_path(path)
    window.autosave.set_intervals(200, 1000)
    _end(window)
    with qtbot.waitSignal(window.autosaved, timeout=5_000):
        qtbot.keyClicks(window.editor, " unwanted")
    window.ask_save_changes = lambda: mw.DISCARD
    window.close()
    qtbot.waitUntil(lambda: window not in editor.windows, timeout=10_000)
    with Document.open(path, read_only=True) as doc:
        assert doc.load().body == "kept text"
        assert not doc.has_unsaved_autosave
        assert [r.kind for r in doc.revisions()] == ["save"]


def test_broken_profile_warnings_are_shown_in_the_window(qtbot, editor):
    warnings = ["/etc/newsdesk/profile.toml: topics: must be a list (file skipped)", "second"]
    editor.show_profile_warnings(warnings)
    bar = editor.windows[0].statusBar()
    assert "topics: must be a list" in bar.currentMessage()
    assert "(and 1 more)" in bar.currentMessage()
    assert bar.toolTip() == "\n".join(warnings)


def _painted_colours(widget) -> int:
    image = widget.grab().toImage()
    return len(
        {image.pixel(x, y) for x in range(0, image.width(), 2) for y in range(image.height())}
    )


def test_an_outline_without_headings_says_how_to_get_some(qtbot, editor):
    window = editor.windows[0]
    window.outline.resize(240, 200)
    window.editor.setPlainText("Just a paragraph.\n")
    qtbot.waitUntil(lambda: window.outline.count() == 0)
    with_hint = _painted_colours(window.outline)
    window.outline.EMPTY_HINT = ""  # the same empty pane, nothing written in it
    blank = _painted_colours(window.outline)
    assert with_hint > blank + 2  # the hint's text (anti-aliased: several colours)


def test_a_saved_dark_theme_is_on_when_the_first_window_shows(qtbot, tmp_path, monkeypatch):
    # The theme is applied late (EditorApp.ensure_theme), but before the
    # window is built: it never shows in the wrong colours.
    from newsdesk.ui.theme import apply_theme, current_theme

    monkeypatch.setenv("NEWSDESK_DATA_DIR", str(tmp_path / "data"))
    use_settings_folder(tmp_path / "settings")
    Settings().set_theme("dark")
    app = EditorApp(Profile.default(), render_mode="thread")
    try:
        app.start([], recover=False)
        window = app.windows[0]
        assert current_theme() == "dark"
        palette = window.editor.palette()
        assert palette.color(palette.ColorRole.Base).lightness() < 80
    finally:
        for window in app.windows:
            window.session.mark_saved()
        app.shutdown()
        apply_theme(QApplication.instance(), "light")
