"""The panels in the real editor window: an edit in a panel reaches the preview
DOM (read back from Qt WebEngine), the autosave revision, the saved file and
the panels of the reopened document; an image inserted from the Images panel
shows in the preview and in the exported page."""

from __future__ import annotations

import json

from preview_dom import wait_dom
from PySide6.QtCore import Qt

from newsdesk.export.html_export import export_html
from newsdesk.interchange import load_article
from newsdesk.model.article import Faq, Image
from newsdesk.resources import resource_path, sample_article_path
from newsdesk.storage.document import Document
from newsdesk.ui.panels import ArticlePanel, FaqPanel, ImagesPanel, PeoplePanel, RelatedPanel
from newsdesk.ui.session import PART_FAQS


def _open(qtbot, editor, path):
    window = editor.open_path(path)
    assert window is not None
    qtbot.waitUntil(lambda: window.preview.shown_generation > 0, timeout=30_000)
    return window, {type(p): p for p in window.dock_panels}


def _dom(qtbot, window, script: str, expected, timeout: float = 10.0):
    """The preview's `script` value once it is `expected`."""
    return wait_dom(qtbot, window, script, lambda value: value == expected, timeout)


def _sample_document(tmp_path):
    path = tmp_path / "nato.newsdesk"
    Document.create(path, load_article(sample_article_path("md"))).close()
    return path


def test_panel_edits_reach_preview_autosave_file_and_reopened_panels(qtbot, editor, tmp_path):
    path = _sample_document(tmp_path)
    window, panels = _open(qtbot, editor, path)
    session = window.session
    window.autosave.set_intervals(100, 1_000)
    article_panel: ArticlePanel = panels[ArticlePanel]
    people: PeoplePanel = panels[PeoplePanel]
    faqs: FaqPanel = panels[FaqPanel]
    related: RelatedPanel = panels[RelatedPanel]

    headline = article_panel.headline
    headline.selectAll()
    qtbot.keyClicks(headline, "NATO and Ukraine open a council")
    _dom(
        qtbot,
        window,
        "document.getElementById('headline').textContent",
        "NATO and Ukraine open a council",
    )
    assert session.modified
    assert window.isWindowModified()

    contributors = people.contributors
    contributors.list_editor.list.setCurrentRow(1)
    contributors.fields["name"].selectAll()
    qtbot.keyClicks(contributors.fields["name"], "Amanda Sloat")
    _dom(
        qtbot,
        window,
        "document.getElementById('credits').textContent",
        "Karl Ritter and Amanda Sloat, Big Big News correspondents, contributed to this article.",
    )

    faqs.list_editor.list.setCurrentRow(4)
    faqs.list_editor.list.setFocus()
    qtbot.keyClick(faqs.list_editor.list, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    questions = [faq.question for faq in session.article.faqs]
    assert questions[3].startswith("What is the stance of the U.S. President")
    _dom(
        qtbot,
        window,
        "JSON.stringify([...document.querySelectorAll('.faq-question')]"
        ".map(e => e.textContent.trim()))",
        json.dumps(questions, ensure_ascii=False, separators=(",", ":")),
    )

    qtbot.mouseClick(related.list_editor.add_button, Qt.MouseButton.LeftButton)
    related.section.fields["url"].setText("")
    qtbot.keyClicks(related.section.fields["url"], "https://example.com/council")
    qtbot.keyClicks(related.section.fields["title"], "The council explained")
    _dom(
        qtbot,
        window,
        "(() => { const a = document.querySelector("
        "'#related a[href=\"https://example.com/council\"]');"
        " return a && a.textContent.trim(); })()",
        "The council explained",
    )

    # The autosave revision holds the panel edits (the window watches `changed`).
    article_panel.dateline.end(False)
    qtbot.keyClicks(article_panel.dateline, " (AP)")

    def autosaved_article():
        with Document.open(path, read_only=True) as document:
            assert document.has_unsaved_autosave
            return document.load()

    qtbot.waitUntil(
        lambda: autosaved_article().dateline == "VILNIUS, Lithuania (AP)", timeout=10_000
    )
    autosaved = autosaved_article()
    assert autosaved.headline == "NATO and Ukraine open a council"
    assert autosaved.dateline == "VILNIUS, Lithuania (AP)"
    assert autosaved.contributors[1].name == "Amanda Sloat"
    assert [f.question for f in autosaved.faqs] == questions

    with qtbot.waitSignal(window.saved, timeout=10_000):
        window.save()
    assert not session.modified
    expected = session.article
    window.close()
    qtbot.waitUntil(lambda: window not in editor.windows)

    with Document.open(path, read_only=True) as document:
        reopened_article = document.load()
    assert reopened_article.headline == expected.headline
    assert reopened_article.related == expected.related
    again, panels = _open(qtbot, editor, path)
    assert panels[ArticlePanel].headline.text() == "NATO and Ukraine open a council"
    assert panels[ArticlePanel].dateline.text() == "VILNIUS, Lithuania (AP)"
    assert panels[PeoplePanel].credit.text().startswith("Karl Ritter and Amanda Sloat,")
    assert panels[RelatedPanel].list_editor.list.count() == len(expected.related)
    assert not again.session.modified


def test_undo_in_the_window_crosses_body_and_panels(qtbot, editor, tmp_path):
    window, panels = _open(qtbot, editor, _sample_document(tmp_path))
    session = window.session
    editor_widget = window.editor
    editor_widget.setFocus()
    editor_widget.moveCursor(editor_widget.textCursor().MoveOperation.Start)
    qtbot.keyClicks(editor_widget, "Breaking")
    headline = panels[ArticlePanel].headline
    headline.end(False)
    qtbot.keyClicks(headline, " today")
    editor_widget.setFocus()
    qtbot.keyClicks(editor_widget, "-news")
    body_after = session.article.body
    assert body_after.startswith("Breaking-newsNATO chiefs")
    _dom(
        qtbot,
        window,
        "document.getElementById('headline').textContent",
        session.article.headline,
    )
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(editor_widget, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert session.article.body.startswith("BreakingNATO chiefs")
    assert session.article.headline.endswith(" today")
    qtbot.keyClick(editor_widget, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not session.article.headline.endswith(" today")
    assert headline.text() == session.article.headline
    qtbot.keyClick(editor_widget, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert session.article.body.startswith("NATO chiefs")
    _dom(
        qtbot,
        window,
        "document.getElementById('headline').textContent",
        session.article.headline,
    )


def test_image_inserted_with_alt_text_shows_in_preview_and_export(qtbot, editor, tmp_path):
    window, panels = _open(qtbot, editor, _sample_document(tmp_path))
    session = window.session
    images: ImagesPanel = panels[ImagesPanel]
    data = resource_path("samples", "nato-summit-vilnius.png").read_bytes()
    added = images.add_images([("Council meeting.png", data)])
    assert [img.filename for img in added] == ["council-meeting.png"]
    qtbot.keyClicks(images.alt, "Leaders around the council table")
    cursor = window.editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    window.editor.setTextCursor(cursor)
    qtbot.mouseClick(images.insert_button, Qt.MouseButton.LeftButton)
    assert session.article.body.endswith("![Leaders around the council table](council-meeting.png)")
    script = (
        "(() => { const i = [...document.querySelectorAll('#article-body img')]"
        ".find(i => i.alt === 'Leaders around the council table');"
        " return i ? (i.complete && i.naturalWidth > 0) : null; })()"
    )
    _dom(qtbot, window, script, True)

    page = export_html(session.article, tmp_path / "export", session.profile)
    html = page.read_text(encoding="utf-8")
    assert 'alt="Leaders around the council table"' in html
    assert (tmp_path / "export" / "media" / "council-meeting.png").read_bytes() == data
    assert isinstance(session.article.images[-1], Image)


def test_panel_shortcuts_from_the_body_editor_and_the_view_menu(qtbot, editor, tmp_path):
    window, panels = _open(qtbot, editor, _sample_document(tmp_path))
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    menu_texts = [action.text() for action in window.panels_menu.actions()]
    for panel in panels.values():
        assert panel.toggleViewAction().text() in menu_texts
    for n, kind in enumerate([ArticlePanel, PeoplePanel, FaqPanel, RelatedPanel, ImagesPanel], 1):
        panel = panels[kind]
        panel.close()
        window.editor.setFocus()
        qtbot.keyClick(
            window.editor,
            getattr(Qt.Key, f"Key_{n}"),
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier,
        )
        qtbot.waitUntil(panel.isVisible)
        assert window.focusWidget() is panel.first_field()


def test_a_read_only_document_cannot_be_changed_from_the_panels(qtbot, editor, tmp_path):
    window, panels = _open(qtbot, editor, _sample_document(tmp_path))
    window.session.read_only = True
    for panel in panels.values():
        panel.refresh()
        assert not panel.widget().isEnabled()
    panels[ImagesPanel].add_images(
        [("x.png", resource_path("samples", "nato-summit-vilnius.png").read_bytes())]
    )
    assert window.session.undo_stack.count() == 0
    window.session.read_only = False


def test_panels_behind_a_tab_are_built_when_first_shown(qtbot, editor, tmp_path):
    """Start-up builds what shows; the FAQ, related-links and images panels wait
    behind their tabs, and still show every change made meanwhile."""
    window, panels = _open(qtbot, editor, _sample_document(tmp_path))
    assert panels[ArticlePanel].built and panels[PeoplePanel].built
    faq, related, images = panels[FaqPanel], panels[RelatedPanel], panels[ImagesPanel]
    assert not faq.built and not related.built and not images.built
    assert faq.widget() is None
    width = panels[PeoplePanel].width()
    faqs = [*window.session.article.faqs, Faq(question="Who pays?", answer="The allies.")]
    window.session.edit(PART_FAQS, lambda a: a, "faqs", faqs, "Add FAQ")
    qtbot.keyClick(
        window.editor,
        Qt.Key.Key_3,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier,
    )
    qtbot.waitUntil(faq.isVisible)
    assert faq.built
    qtbot.wait(50)
    assert faq.width() == width  # building it did not widen the dock area
    rows = faq.list_editor.list
    assert rows.count() == len(faqs)
    assert rows.item(rows.count() - 1).text() == "Who pays?"
    # asking an unbuilt panel for one of its widgets builds it
    assert not images.built
    assert images.list.count() == len(window.session.article.images)
    assert images.built
    images.activate()
    qtbot.waitUntil(images.isVisible)
    qtbot.wait(50)
    assert images.width() == width
