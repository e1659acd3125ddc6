"""The shared undo stack: body typing and panel edits undo in the order made."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPlainTextEdit

from newsdesk.model.article import Article
from newsdesk.profile.model import Profile
from newsdesk.ui.session import PART_BODY, PART_META, DocumentSession


def _editor(qtbot, body: str = "") -> tuple[DocumentSession, QPlainTextEdit]:
    session = DocumentSession(Article(headline="Old", body=body), Profile.default())
    edit = QPlainTextEdit()
    qtbot.addWidget(edit)
    session.attach_body_document(edit.document())
    session.body_cursor_requested.connect(
        lambda pos: (c := edit.textCursor(), c.setPosition(pos), edit.setTextCursor(c))
    )
    edit.cursorPositionChanged.connect(
        lambda: session.set_cursor_position(edit.textCursor().position())
    )
    edit.moveCursor(QTextCursor.MoveOperation.End)
    return session, edit


def test_typing_words_makes_one_step_per_word(qtbot):
    session, edit = _editor(qtbot)
    qtbot.keyClicks(edit, "hello brave world")
    assert session.article.body == "hello brave world"
    assert session.undo_stack.count() == 3
    session.undo_stack.undo()
    assert session.article.body == "hello brave "
    assert edit.toPlainText() == "hello brave "
    assert edit.textCursor().position() == len("hello brave ")
    session.undo_stack.undo()
    session.undo_stack.undo()
    assert edit.toPlainText() == ""
    session.undo_stack.redo()
    assert edit.toPlainText() == "hello "
    assert session.article.body == "hello "


def test_panel_edit_between_typing_keeps_the_order(qtbot):
    session, edit = _editor(qtbot, "Start")
    seen: list[str] = []
    session.changed.connect(seen.append)
    qtbot.keyClicks(edit, "ab")
    session.edit(PART_META, lambda a: a, "headline", "New", "Edit headline")
    qtbot.keyClicks(edit, "cd")  # no pause, same word: must NOT merge across the panel edit
    assert session.article.body == "Startabcd"
    assert session.undo_stack.count() == 3
    session.undo_stack.undo()
    assert session.article.body == "Startab" and session.article.headline == "New"
    session.undo_stack.undo()
    assert session.article.body == "Startab" and session.article.headline == "Old"
    session.undo_stack.undo()
    assert session.article.body == "Start" == edit.toPlainText()
    assert PART_META in seen and PART_BODY in seen
    assert not session.modified  # back where it started
    session.undo_stack.redo()
    session.undo_stack.redo()
    session.undo_stack.redo()
    assert (session.article.body, session.article.headline) == ("Startabcd", "New")
    assert session.modified


def test_backspace_merges_and_enter_breaks(qtbot):
    session, edit = _editor(qtbot, "one two")
    for _ in range(3):
        qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    assert session.article.body == "one "
    assert session.undo_stack.count() == 1
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    qtbot.keyClicks(edit, "x")
    assert session.article.body == "one \nx"
    assert session.undo_stack.count() == 3
    session.undo_stack.undo()
    session.undo_stack.undo()
    assert session.article.body == "one "
    session.undo_stack.undo()
    assert session.article.body == "one two" == edit.toPlainText()


def test_an_edit_block_is_one_step_and_save_state_follows(qtbot):
    session, edit = _editor(qtbot, "a cat and a cat\nsecond line")
    session.mark_saved()
    assert not session.modified
    cursor = QTextCursor(edit.document())
    cursor.beginEditBlock()
    for start in (12, 2):
        cursor.setPosition(start)
        cursor.setPosition(start + 3, QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText("dog")
    cursor.endEditBlock()
    assert session.article.body == "a dog and a dog\nsecond line"
    assert session.undo_stack.count() == 1
    assert session.modified
    session.undo_stack.undo()
    assert session.article.body == "a cat and a cat\nsecond line"
    assert not session.modified


def test_typing_at_the_end_and_replacing_the_body(qtbot):
    session, edit = _editor(qtbot, "line one\nline two")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    qtbot.keyClicks(edit, "three")
    assert session.article.body == "line one\nline two\nthree" == edit.toPlainText()
    session.replace_body("line one\nline 2\nthree")
    assert edit.toPlainText() == "line one\nline 2\nthree"
    session.undo_stack.undo()
    assert session.article.body == "line one\nline two\nthree"
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    assert session.article.body == ""
    session.undo_stack.undo()
    assert session.article.body == edit.toPlainText() == "line one\nline two\nthree"


def test_emoji_positions_count_as_qt_counts_them(qtbot):
    session, edit = _editor(qtbot, "a😀b\nline")
    qtbot.keyClicks(edit, "X")
    assert session.article.body == "a😀b\nlineX"
    cursor = edit.textCursor()
    cursor.setPosition(3)  # after the emoji (2 UTF-16 units)
    edit.setTextCursor(cursor)
    qtbot.keyClicks(edit, "Z")
    assert session.article.body == "a😀Zb\nlineX" == edit.toPlainText()
    session.replace_body("a😀Zb\nline Y")
    assert edit.toPlainText() == "a😀Zb\nline Y"
    session.undo_stack.undo()
    session.undo_stack.undo()
    assert session.article.body == "a😀b\nlineX" == edit.toPlainText()
    assert session.to_position(2) == 3 and session.to_index(3) == 2
