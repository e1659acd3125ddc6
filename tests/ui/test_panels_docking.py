"""All panels together: docking, shortcuts that show and focus them, layout that
survives saveState/restoreState, accessible names, one undo stack with the
body, and refreshes after a whole-article replacement."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QWidget,
)

from newsdesk.interchange import load_article
from newsdesk.model.article import Article, Faq, Person
from newsdesk.profile.model import Profile
from newsdesk.resources import sample_article_path
from newsdesk.ui.panels import (
    ArticlePanel,
    FaqPanel,
    ImagesPanel,
    PeoplePanel,
    RelatedPanel,
    create_panels,
    install_panels,
)
from newsdesk.ui.session import DocumentSession

CTRL_ALT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier


def _window(qtbot, article: Article | None = None):
    session = DocumentSession(article or load_article(sample_article_path("md")), Profile.default())
    window = QMainWindow()
    body = QPlainTextEdit()
    window.setCentralWidget(body)
    session.attach_body_document(body.document())
    panels = install_panels(window, session, lambda text: body.textCursor().insertText(text))
    qtbot.addWidget(window)
    window.resize(1300, 850)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return session, window, body, panels


def test_five_panels_with_names_and_shortcuts(qtbot):
    _session, window, body, panels = _window(qtbot)
    assert [type(p) for p in panels] == [
        ArticlePanel,
        PeoplePanel,
        FaqPanel,
        RelatedPanel,
        ImagesPanel,
    ]
    assert [p.objectName() for p in panels] == [
        "articlePanel",
        "peoplePanel",
        "faqPanel",
        "relatedPanel",
        "imagesPanel",
    ]
    assert [p.activate_action.shortcut().toString() for p in panels] == [
        f"Ctrl+Alt+{n}" for n in range(1, 6)
    ]
    for panel in panels:
        assert panel.features() & panel.DockWidgetFeature.DockWidgetClosable
        assert panel.features() & panel.DockWidgetFeature.DockWidgetMovable
    body.setFocus()
    for n, panel in enumerate(panels, start=1):
        panel.close()
        assert not panel.isVisible()
        qtbot.keyClick(body, getattr(Qt.Key, f"Key_{n}"), CTRL_ALT)
        qtbot.waitUntil(panel.isVisible)
        focused = window.focusWidget()
        assert focused is panel.first_field()
        assert panel.isAncestorOf(focused)
        body.setFocus()


def test_layout_is_restored_by_object_name(qtbot):
    _session, window, _body, panels = _window(qtbot)
    faq = panels[2]
    faq.close()
    window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, panels[4])
    state = window.saveState()
    faq.show()
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, panels[4])
    assert window.restoreState(state)
    assert not faq.isVisible()
    assert window.dockWidgetArea(panels[4]) == Qt.DockWidgetArea.LeftDockWidgetArea


def test_every_control_has_an_accessible_name(qtbot):
    session = DocumentSession(load_article(sample_article_path("md")), Profile.default())
    panels = create_panels(session, None, lambda text: None)
    internal = {"qt_spinbox_lineedit", "qt_calendar_popup"}
    for panel in panels:
        qtbot.addWidget(panel)
        panel.show()
        kinds = (QLineEdit, QComboBox, QAbstractSpinBox, QAbstractButton, QAbstractItemView)
        controls = [
            w
            for w in panel.findChildren(QWidget)
            if isinstance(w, (*kinds, QPlainTextEdit))
            and w.objectName() not in internal
            and w.focusPolicy() != Qt.FocusPolicy.NoFocus
            and type(w.parent()).__name__ not in ("QComboBox", "QDateTimeEdit")
            and w.metaObject().className() not in ("QComboBoxListView",)
        ]
        assert len(controls) >= 4, panel.objectName()
        unnamed = [
            f"{w.metaObject().className()} {getattr(w, 'text', lambda: '')()}"
            for w in controls
            if not w.accessibleName()
        ]
        assert unnamed == [], panel.objectName()


def test_tab_moves_through_the_article_panel_in_reading_order(qtbot):
    _session, window, _body, panels = _window(qtbot)
    article = panels[0]
    article.headline.setFocus()
    seen = [window.focusWidget()]
    for _ in range(10):
        qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Tab)
        seen.append(window.focusWidget())
    names = [w.accessibleName() for w in seen]
    assert names[:7] == [
        "Headline",
        "Standfirst",
        "Topic",
        "New keyword",
        "Dateline",
        "Language",
        "Slug",
    ]


def test_undo_across_body_and_panels_in_order(qtbot):
    # One word per burst of typing: the body's undo steps are word by word.
    article = Article(headline="Old headline", body="Start. ", byline=[Person("A")])
    session, _window_, body, panels = _window(qtbot, article)
    body.setFocus()
    body.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(body, "One")
    headline = panels[0].headline
    headline.setFocus()
    headline.end(False)
    qtbot.keyClicks(headline, " now")
    body.setFocus()
    body.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(body, "-two")
    states = []

    def state():
        return (session.article.body, session.article.headline)

    states.append(state())
    assert states[0] == ("Start. One-two", "Old headline now")
    session.undo_stack.undo()
    assert state() == ("Start. One", "Old headline now")
    session.undo_stack.undo()
    assert state() == ("Start. One", "Old headline")
    assert headline.text() == "Old headline"
    session.undo_stack.undo()
    assert state() == ("Start. ", "Old headline")
    assert body.toPlainText() == "Start. "
    for _ in range(3):
        session.undo_stack.redo()
    assert state() == states[0]
    # Ctrl+Z typed in a panel field goes to the same stack.
    headline.setFocus()
    qtbot.keyClick(headline, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert state() == ("Start. One", "Old headline now")


def test_replacing_the_article_refreshes_every_panel_without_new_steps(qtbot):
    session, _window_, _body, panels = _window(qtbot, Article(headline="Before"))
    restored = load_article(sample_article_path("md"))
    session.replace_article(restored)
    assert session.undo_stack.count() == 1
    article, people, faqs, related, images = panels
    assert article.headline.text() == restored.headline
    assert article.keywords.keywords() == restored.keywords
    assert people.credit.text() == (
        "Karl Ritter and Liudas Dapkus, Big Big News correspondents, contributed to this article."
    )
    assert faqs.list_editor.list.count() == len(restored.faqs)
    assert related.list_editor.list.count() == len(restored.related)
    assert images.list.count() == len(restored.images)
    session.undo_stack.undo()
    assert article.headline.text() == "Before"
    assert faqs.list_editor.list.count() == 0 and images.list.count() == 0
    assert session.undo_stack.count() == 1
    session.undo_stack.redo()
    assert faqs.section.fields["question"].text() == restored.faqs[0].question
    assert session.article.faqs[0] == Faq(restored.faqs[0].question, restored.faqs[0].answer)
