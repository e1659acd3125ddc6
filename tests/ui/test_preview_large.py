"""A 50,000-word document in the real window with the production render worker
(a separate process): after typing in the middle, the preview equals a full
render of the text."""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from test_editor_window import preview_body_matches_full_render

from newsdesk.model.article import Article, Person
from newsdesk.model.text_stats import word_count
from newsdesk.profile.model import Profile
from newsdesk.storage.document import Document
from newsdesk.ui.app import EditorApp
from newsdesk.ui.settings import use_settings_folder

WORDS = [
    "the",
    "allies",
    "said",
    "summit",
    "Kyiv",
    "would",
    "support",
    "budget",
    "talks",
    "minister",
    "troops",
]


def long_body(words: int, seed: int = 5) -> str:
    rng = random.Random(seed)
    blocks: list[str] = []
    written = 0
    n = 0
    while written < words:
        n += 1
        if n % 25 == 0:
            blocks.append(f"## Section {n // 25}")
        elif n % 40 == 0:
            blocks.append("- " + "\n- ".join(" ".join(rng.choices(WORDS, k=6)) for _ in range(3)))
        else:
            sentence = " ".join(rng.choices(WORDS, k=60))
            extra = f" See [the source][src] and a note[^{n % 7 + 1}]." if n % 9 == 0 else "."
            blocks.append(sentence.capitalize() + extra)
        written += len(blocks[-1].split())
    blocks.append("[src]: https://example.org/source")
    blocks.extend(f"[^{k}]: Note {k}." for k in range(1, 8))
    return "\n\n".join(blocks) + "\n"


@pytest.fixture
def process_editor(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSDESK_DATA_DIR", str(tmp_path / "data"))
    use_settings_folder(tmp_path / "settings")
    app = EditorApp(Profile.default(), render_mode="process")
    app.show_error = lambda _parent, title, text: pytest.fail(f"{title}: {text}")
    app.start([], recover=False)
    yield app
    for window in list(app.windows):
        window.session.mark_saved()
    app.shutdown()


def test_typing_in_a_50000_word_document_keeps_the_preview_correct(qtbot, process_editor, tmp_path):
    body = long_body(50_000)
    assert word_count(body) >= 50_000
    path = tmp_path / "long.newsdesk"
    article = Article(headline="A long read", body=body, byline=[Person("A. Writer")], topic="X")
    Document.create(path, article).close()
    window = process_editor.open_path(path)
    qtbot.waitUntil(lambda: window.preview.shown_generation > 0, timeout=120_000)

    editor = window.editor
    cursor = editor.textCursor()
    cursor.setPosition(len(body) // 2)
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
    editor.setTextCursor(cursor)
    qtbot.keyClicks(editor, " A sentence typed in the middle, with a note[^3].")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.keyClicks(editor, "## A heading typed last")
    qtbot.waitUntil(window.preview.is_current, timeout=120_000)

    text = window.session.article.body
    assert "typed in the middle" in text and "## A heading typed last" in text
    assert preview_body_matches_full_render(qtbot, window)
