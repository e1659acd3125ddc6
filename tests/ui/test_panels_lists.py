"""People, FAQ and Related links panels (one list editor underneath): add,
duplicate, remove, reorder by keyboard and by drag, problems flagged in place,
the credit sentence, and the round trip through a saved file."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from newsdesk.model.article import Article, Faq, Person, RelatedLink
from newsdesk.profile.model import Profile
from newsdesk.render.credits import credit_sentence
from newsdesk.storage.document import Document
from newsdesk.ui.highlighter import MarkdownHighlighter
from newsdesk.ui.panels.faq_panel import FaqPanel
from newsdesk.ui.panels.list_editor import ListEditor
from newsdesk.ui.panels.people_panel import PeoplePanel
from newsdesk.ui.panels.related_panel import RelatedPanel
from newsdesk.ui.session import PART_FAQS, DocumentSession

ALT = Qt.KeyboardModifier.AltModifier


def _session(**fields) -> DocumentSession:
    return DocumentSession(Article(headline="H", body="B", **fields), Profile.default())


def _faqs(session: DocumentSession) -> list[str]:
    return [faq.question for faq in session.article.faqs]


def _drag(editor: ListEditor, source: int, target: int) -> None:
    """Drag row `source` onto row `target`'s upper half: the events a mouse
    drag delivers (enter, move, drop)."""
    view = editor.list
    mime = view.mimeData([view.item(source)])
    rect = view.visualRect(view.model().index(target, 0))
    point = QPointF(rect.center().x(), rect.top() + 2)
    for kind in (QDragEnterEvent, QDragMoveEvent, QDropEvent):
        event = kind(
            point if kind is QDropEvent else point.toPoint(),  # Qt: QPoint for drag events
            Qt.DropAction.MoveAction,
            mime,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
        QApplication.sendEvent(view.viewport(), event)
        assert event.isAccepted()


def _show(qtbot, panel) -> None:
    """Shortcuts (Alt+Up, Ctrl+Z) need the panel's window to be the active one."""
    qtbot.addWidget(panel)
    panel.show()
    panel.activateWindow()
    qtbot.waitUntil(panel.isActiveWindow)


def _faq_panel(qtbot, faqs: list[Faq]) -> tuple[DocumentSession, FaqPanel]:
    session = _session(topic="NATO", faqs=faqs)
    panel = FaqPanel(session)
    panel.resize(380, 600)
    _show(qtbot, panel)
    return session, panel


def test_faq_add_type_duplicate_remove(qtbot):
    session, panel = _faq_panel(qtbot, [])
    editor = panel.list_editor
    assert not panel.section.form_box.isEnabled()
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    assert session.article.faqs == [Faq("", "")]
    assert editor.current_row() == 0
    # An empty question and answer are flagged beside the fields and in the list.
    assert panel.section.problem_labels["question"].isVisible()
    assert "the question is empty" in panel.section.problem_labels["question"].text()
    assert "the answer is empty" in panel.section.problem_labels["answer"].text()
    assert editor.list.item(0).text().startswith("⚠")

    qtbot.keyClicks(panel.section.fields["question"], "What is the council?")
    qtbot.keyClicks(panel.section.fields["answer"], "A *permanent* body.")
    assert session.article.faqs == [Faq("What is the council?", "A *permanent* body.")]
    assert not panel.section.problem_labels["question"].isVisible()
    assert not panel.section.problem_labels["answer"].isVisible()
    assert editor.list.item(0).text() == "What is the council?"
    assert session.undo_stack.count() == 3  # add, question typing, answer typing

    qtbot.mouseClick(editor.duplicate_button, Qt.MouseButton.LeftButton)
    assert _faqs(session) == ["What is the council?"] * 2
    assert editor.current_row() == 1
    session.article.faqs[1].question += ""  # the copy is its own object
    assert session.article.faqs[0] is not session.article.faqs[1]
    qtbot.mouseClick(editor.remove_button, Qt.MouseButton.LeftButton)
    assert len(session.article.faqs) == 1
    for _ in range(5):
        session.undo_stack.undo()
    assert session.article.faqs == []
    assert editor.list.count() == 0


def test_faq_reorder_by_keyboard_in_the_list_and_in_a_field(qtbot):
    session, panel = _faq_panel(qtbot, [Faq("One", "1"), Faq("Two", "2"), Faq("Three", "3")])
    editor = panel.list_editor
    editor.list.setCurrentRow(2)
    editor.list.setFocus()
    qtbot.keyClick(editor.list, Qt.Key.Key_Up, ALT)
    assert _faqs(session) == ["One", "Three", "Two"]
    assert editor.current_row() == 1
    qtbot.keyClick(editor.list, Qt.Key.Key_Up, ALT)
    assert _faqs(session) == ["Three", "One", "Two"]
    qtbot.keyClick(editor.list, Qt.Key.Key_Up, ALT)  # already first: nothing happens
    assert _faqs(session) == ["Three", "One", "Two"]
    assert session.undo_stack.count() == 2
    assert [editor.list.item(i).text() for i in range(3)] == ["Three", "One", "Two"]
    # From the question field of the current FAQ, too.
    question = panel.section.fields["question"]
    assert question.text() == "Three"
    question.setFocus()
    qtbot.keyClick(question, Qt.Key.Key_Down, ALT)
    assert _faqs(session) == ["One", "Three", "Two"]
    assert question.text() == "Three"
    session.undo_stack.undo()
    session.undo_stack.undo()
    session.undo_stack.undo()
    assert _faqs(session) == ["One", "Two", "Three"]


def test_faq_reorder_by_drag(qtbot):
    session, panel = _faq_panel(qtbot, [Faq("One", "1"), Faq("Two", "2"), Faq("Three", "3")])
    editor = panel.list_editor
    _drag(editor, 2, 0)
    assert _faqs(session) == ["Three", "One", "Two"]
    _drag(editor, 0, 2)  # onto the upper half of row 2: before "Two"
    assert _faqs(session) == ["One", "Three", "Two"]
    assert [editor.list.item(i).text() for i in range(3)] == ["One", "Three", "Two"]
    assert session.undo_stack.count() == 2


def test_faq_answers_are_highlighted_like_the_body(qtbot):
    _session_, panel = _faq_panel(qtbot, [Faq("Q", "Some *emphasis* and **strong**")])
    answer = panel.section.fields["answer"]
    assert isinstance(answer.highlighter, MarkdownHighlighter)
    block = answer.document().firstBlock()
    formats = block.layout().formats()
    assert any(r.format.fontItalic() for r in formats)
    assert any(r.format.fontWeight() >= 700 for r in formats)


def test_faq_edits_from_elsewhere_refresh_without_new_steps(qtbot):
    session, panel = _faq_panel(qtbot, [Faq("One", "1")])
    session.edit(PART_FAQS, lambda a: a.faqs[0], "answer", "Changed", "Edit answer")
    assert panel.section.fields["answer"].toPlainText() == "Changed"
    session.undo_stack.undo()
    assert panel.section.fields["answer"].toPlainText() == "1"
    assert session.undo_stack.count() == 1


def test_related_links_flag_non_web_addresses_and_reorder(qtbot, tmp_path):
    session = _session(related=[RelatedLink("First", "https://example.com/1")])
    panel = RelatedPanel(session)
    _show(qtbot, panel)
    editor = panel.list_editor
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    assert editor.current_row() == 1
    url = panel.section.fields["url"]
    assert url.text() == "https://"
    assert panel.section.problem_labels["url"].isVisible()
    url.selectAll()
    qtbot.keyClicks(url, "ftp://example.com/file")
    qtbot.keyClicks(panel.section.fields["title"], "Second")
    assert "is not an http or https address" in panel.section.problem_labels["url"].text()
    url.selectAll()
    qtbot.keyClicks(url, "https://example.com/2")
    assert not panel.section.problem_labels["url"].isVisible()
    editor.list.setFocus()
    qtbot.keyClick(editor.list, Qt.Key.Key_Up, ALT)
    assert session.article.related == [
        RelatedLink("Second", "https://example.com/2"),
        RelatedLink("First", "https://example.com/1"),
    ]
    path = tmp_path / "related.newsdesk"
    Document.create(path, session.article).close()
    with Document.open(path) as document:
        assert document.load().related == session.article.related


def test_people_credit_sentence_is_the_pages_and_follows_edits(qtbot, tmp_path):
    session = _session(byline=[Person("Joshua Brown")])
    panel = PeoplePanel(session)
    _show(qtbot, panel)
    contributors = panel.contributors
    for name in ("Karl Ritter", "Liudas Dapkus"):
        qtbot.mouseClick(contributors.list_editor.add_button, Qt.MouseButton.LeftButton)
        qtbot.keyClicks(contributors.fields["name"], name)
        qtbot.keyClicks(contributors.fields["role"], "Big Big News correspondent")
    expected = (
        "Karl Ritter and Liudas Dapkus, Big Big News correspondents, contributed to this article."
    )
    assert panel.credit.text() == expected
    assert credit_sentence(session.article.contributors) == expected

    contributors.list_editor.list.setFocus()
    qtbot.keyClick(contributors.list_editor.list, Qt.Key.Key_Up, ALT)
    assert [p.name for p in session.article.contributors] == ["Liudas Dapkus", "Karl Ritter"]
    assert panel.credit.text().startswith("Liudas Dapkus and Karl Ritter,")
    session.undo_stack.undo()
    assert panel.credit.text() == expected

    byline = panel.byline
    qtbot.mouseClick(byline.list_editor.add_button, Qt.MouseButton.LeftButton)
    assert byline.problem_labels["name"].isVisible()  # an author without a name
    qtbot.keyClicks(byline.fields["name"], "Amanda Sloat")
    qtbot.keyClicks(byline.fields["role"], "staff writer")
    _drag(byline.list_editor, 1, 0)
    assert session.article.byline == [
        Person("Amanda Sloat", "staff writer"),
        Person("Joshua Brown"),
    ]

    path = tmp_path / "people.newsdesk"
    Document.create(path, session.article).close()
    with Document.open(path) as document:
        reopened = document.load()
    assert reopened.byline == session.article.byline
    assert reopened.contributors == session.article.contributors
    again = PeoplePanel(DocumentSession(reopened, Profile.default()))
    qtbot.addWidget(again)
    assert again.credit.text() == expected
    assert again.byline.list_editor.list.item(0).text() == "Amanda Sloat — staff writer"
