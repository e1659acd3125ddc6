"""Scroll sync with the real Qt WebEngine preview: the editor leads the
preview and the preview the editor, a click on a preview block places the
editor's cursor, nothing feeds back, and the regions below the body (credits,
FAQs, related links) scroll freely."""

from __future__ import annotations

import json

import pytest
from preview_dom import run_js, wait_value
from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest

from newsdesk.model.article import Article, Faq, Person, RelatedLink
from newsdesk.ui import main_window as mw
from newsdesk.ui.scroll_sync import (
    EDITOR,
    LEAD_SECONDS,
    PREVIEW,
    PageGeometry,
    editor_top_line,
)
from newsdesk.ui.settings import Settings

SECTIONS = 20
WORDS = [
    "the",
    "ministers",
    "met",
    "again",
    "on",
    "tuesday",
    "to",
    "settle",
    "the",
    "budget",
    "for",
    "schools",
    "roads",
    "and",
    "hospitals",
    "while",
    "opposition",
    "leaders",
    "asked",
    "for",
    "an",
    "independent",
    "review",
    "of",
    "spending",
]


def long_article() -> Article:
    """60 paragraphs under 20 headings, a list and a quote, with the panels'
    regions (credits, FAQs, related links) below the body."""
    parts = []
    for s in range(1, SECTIONS + 1):
        parts.append(f"## Section {s}")
        for p in range(1, 4):
            words = " ".join(WORDS[(s * 7 + p * 3 + w) % len(WORDS)] for w in range(40 + 15 * p))
            parts.append(f"Paragraph {s}.{p}: {words}.")
        if s % 5 == 0:
            parts.append("- first point\n- second point\n- third point")
            parts.append("> A quoted remark that runs\n> over two source lines.")
    return Article(
        headline="A long article for scroll sync",
        standfirst="Sixty paragraphs, headings, a list and a quote.",
        byline=[Person("Ada Writer")],
        body="\n\n".join(parts) + "\n",
        contributors=[Person("Bo Photographer", "photography"), Person("Cy Editor", "editing")],
        faqs=[Faq(f"Question {n}?", f"Answer {n} " + "more words " * 30) for n in range(1, 6)],
        related=[RelatedLink(f"Related {n}", f"https://example.com/{n}") for n in range(1, 4)],
    )


def source_line(body: str, text: str) -> int:
    """1-based line of the first line starting with `text`."""
    for number, line in enumerate(body.split("\n"), start=1):
        if line.startswith(text):
            return number
    raise AssertionError(f"{text!r} not in the body")


def _top_of(qtbot, window, line: int) -> float:
    """Viewport-relative top of the body block starting at `line`."""
    return run_js(
        qtbot,
        window,
        f"document.querySelector('#article-body > [data-source-line=\"{line}\"]')"
        ".getBoundingClientRect().top",
    )


def _scroll_y(qtbot, window) -> float:
    return run_js(qtbot, window, "window.scrollY")


def _editor_top_line(window) -> int:
    return window.editor.firstVisibleBlock().blockNumber() + 1


def _open(qtbot, editor, *, phone: bool = False) -> mw.MainWindow:
    window = editor.new_window(long_article())
    window.resize(1300, 800)
    if phone:
        window.set_preview_width("phone")
    qtbot.waitUntil(lambda: window.preview.is_current(), timeout=30_000)
    qtbot.waitUntil(lambda: window.scroll_sync.geometry is not None, timeout=10_000)
    qtbot.waitUntil(lambda: len(window.scroll_sync.geometry.lines) > 60, timeout=10_000)
    return window


def _scroll_editor_to(window, line: int) -> None:
    """What the reader's wheel does: move the editor's scroll bar."""
    block = window.editor.document().findBlockByNumber(line - 1)
    window.editor.verticalScrollBar().setValue(block.firstLineNumber())
    assert _editor_top_line(window) == line


def _check_editor_leads(qtbot, window, line: int) -> None:
    _scroll_editor_to(window, line)
    wait_value(
        qtbot,
        lambda: _top_of(qtbot, window, line),
        lambda top: abs(top) <= 30,
        what=f"top of the block at line {line}",
    )
    # no feedback loop: the preview settles and the editor stays where it was put
    top = editor_top_line(window.editor)
    y = _scroll_y(qtbot, window)
    qtbot.wait(400)
    assert editor_top_line(window.editor) == top
    assert _editor_top_line(window) == line
    assert _scroll_y(qtbot, window) == y
    assert window.scroll_sync.leader == EDITOR


def test_editor_and_preview_follow_each_other(qtbot, editor):
    window = _open(qtbot, editor)
    body = window.session.article.body
    assert window.act_sync_scroll.isChecked()
    assert window.act_sync_scroll in window.view_menu.actions()

    # editor -> preview: a heading at the editor's top is at the preview's top
    for name in ("## Section 12", "## Section 4", "Paragraph 17.2"):
        _check_editor_leads(qtbot, window, source_line(body, name))

    # the editor back at its first line shows the page's top (headline)
    window.editor.verticalScrollBar().setValue(0)
    wait_value(qtbot, lambda: _scroll_y(qtbot, window), lambda y: y == 0, what="scrollY")
    qtbot.wait(LEAD_SECONDS * 1000 + 50)  # until then a page scroll counts as the echo

    # preview -> editor: the reader scrolls the page (a scroll the page does
    # itself, as a wheel would) and the editor's first line follows
    for name in ("## Section 15", "Paragraph 7.3", "## Section 2"):
        line = source_line(body, name)
        run_js(
            qtbot,
            window,
            f"window.scrollTo(0, document.querySelector('[data-source-line=\"{line}\"]')"
            ".getBoundingClientRect().top + window.scrollY); 0",
        )
        wait_value(
            qtbot,
            lambda: _editor_top_line(window),
            lambda top, line=line: abs(top - line) <= 1,
            what=f"editor top line (want {line})",
        )
        assert window.scroll_sync.leader == PREVIEW
        # the page is not pulled back by the editor having moved
        y = _scroll_y(qtbot, window)
        top = editor_top_line(window.editor)
        qtbot.wait(300)
        assert _scroll_y(qtbot, window) == y
        assert editor_top_line(window.editor) == top

    # below the body (credits, FAQs, related) the preview scrolls freely and
    # the editor stays at the end of the text
    run_js(qtbot, window, "document.getElementById('faqs').scrollIntoView(); 0")
    bar = window.editor.verticalScrollBar()
    wait_value(qtbot, lambda: bar.value(), lambda v: v == bar.maximum(), what="editor value")
    faqs_top = run_js(qtbot, window, "document.getElementById('faqs').getBoundingClientRect().top")
    qtbot.wait(300)
    assert abs(faqs_top) <= 2
    assert (
        run_js(qtbot, window, "document.getElementById('faqs').getBoundingClientRect().top")
        == faqs_top
    )
    assert bar.value() == bar.maximum()


def test_block_tops_are_measured_again_after_a_patch(qtbot, editor):
    window = _open(qtbot, editor)
    _check_editor_leads(qtbot, window, source_line(window.session.article.body, "## Section 10"))
    # text inserted above the view: the editor keeps its scroll value, so it now
    # shows earlier text; the preview's blocks move down and change lines, and
    # the preview follows the editor's new top line once the patch is in
    cursor = QTextCursor(window.editor.document())
    cursor.insertText("".join(f"New paragraph {n} at the start.\n\n" for n in range(12)))
    qtbot.waitUntil(lambda: window.preview.is_current(), timeout=15_000)
    assert "New paragraph 11" in run_js(qtbot, window, "document.body.textContent")
    top = _editor_top_line(window)
    block_line = max(line for line in window.scroll_sync.geometry.lines if line <= top)
    wait_value(
        qtbot,
        lambda: json.loads(
            run_js(
                qtbot,
                window,
                "JSON.stringify(document.querySelector("
                f"'#article-body > [data-source-line=\"{block_line}\"]').getBoundingClientRect())",
            )
        ),
        lambda r: r["top"] <= 30 and r["bottom"] >= -30,
        what=f"the block at line {block_line} at the preview's top",
    )
    # and the shifted heading is found at its new line
    line = source_line(window.session.article.body, "## Section 10")
    _check_editor_leads(qtbot, window, line)

    # typing in the paragraph at the top of both panes moves neither
    paragraph = window.editor.document().findBlockByNumber(line + 1)
    assert paragraph.text().startswith("Paragraph 10.1")
    cursor = QTextCursor(paragraph)
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
    window.editor.setTextCursor(cursor)
    window.editor.setFocus()
    top = editor_top_line(window.editor)
    for _ in range(3):
        qtbot.keyClicks(window.editor, " and some more words typed at speed")
        qtbot.wait(50)
    qtbot.waitUntil(lambda: window.preview.is_current(), timeout=15_000)
    qtbot.wait(400)
    assert editor_top_line(window.editor) == top
    assert abs(_top_of(qtbot, window, line)) <= 30


def test_click_on_a_preview_block_places_the_editor_cursor(qtbot, editor):
    window = _open(qtbot, editor)
    body = window.session.article.body
    opened: list[QUrl] = []
    window.preview.page.open_external = opened.append
    _check_editor_leads(qtbot, window, source_line(body, "## Section 6"))
    # the body block under a point in the middle of the preview
    spot = json.loads(
        run_js(
            qtbot,
            window,
            "(function(){var b=document.getElementById('article-body').getBoundingClientRect();"
            "var x=b.left+30, y=Math.round(innerHeight/2), el=document.elementFromPoint(x, y);"
            "while (el && el.parentElement && el.parentElement.id !== 'article-body')"
            " el=el.parentElement;"
            "return JSON.stringify({x:x, y:y, line:+el.getAttribute('data-source-line'),"
            " text:el.textContent.slice(0, 20)});})()",
        )
    )
    target = spot["line"]
    assert spot["text"].startswith("Paragraph 6.") or spot["text"].startswith("Section 7")
    proxy = window.preview.view.focusProxy()
    assert proxy is not None, "QWebEngineView has no render widget to click"
    point = QPoint(int(spot["x"]), int(spot["y"]))
    QTest.mouseClick(proxy, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    wait_value(
        qtbot,
        lambda: window.editor.textCursor().blockNumber() + 1,
        lambda n: n == target,
        what="editor cursor line",
    )
    assert window.editor.textCursor().positionInBlock() == 0
    assert window.focusWidget() is window.editor
    assert not opened

    # a link click still opens in the system browser and leaves the cursor alone
    cursor = QTextCursor(window.editor.document())
    cursor.movePosition(QTextCursor.MoveOperation.End)
    cursor.insertText("\nSee [the portal](https://example.com/news) for more.\n")
    qtbot.waitUntil(lambda: window.preview.is_current(), timeout=15_000)
    # Scroll the link into view until it stays there: the editor's cursor
    # moved to the end, and the sync may still move the page once after that.
    in_view = (
        "(function(){var a=document.querySelector('#article-body a'),"
        " r=a.getBoundingClientRect(), seen=r.top > -2 && r.bottom < innerHeight;"
        " if (!seen) a.scrollIntoView({block: 'center'}); return seen;})()"
    )

    def stays_in_view() -> bool:
        if not run_js(qtbot, window, in_view):
            return False
        qtbot.wait(150)
        return bool(run_js(qtbot, window, in_view))

    wait_value(qtbot, stays_in_view, bool, what="the link in view")
    rect = json.loads(
        run_js(
            qtbot,
            window,
            "JSON.stringify(document.querySelector('#article-body a').getBoundingClientRect())",
        )
    )
    before = window.editor.textCursor().position()
    point = QPoint(int(rect["left"] + rect["width"] / 2), int(rect["top"] + rect["height"] / 2))
    QTest.mouseClick(proxy, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    qtbot.waitUntil(lambda: bool(opened), timeout=10_000)
    assert opened[0].toString() == "https://example.com/news"
    qtbot.wait(200)
    assert window.editor.textCursor().position() == before


def test_phone_width_and_the_view_menu_toggle(qtbot, editor):
    window = _open(qtbot, editor, phone=True)
    body = window.session.article.body
    assert window.preview.view.width() == 390
    _check_editor_leads(qtbot, window, source_line(body, "## Section 9"))
    # back to desktop width: the page reflows and is measured again
    window.set_preview_width("desktop")
    line = source_line(body, "## Section 14")
    _check_editor_leads(qtbot, window, line)

    # switched off (and remembered): the preview no longer follows
    window.act_sync_scroll.trigger()
    assert not window.act_sync_scroll.isChecked()
    assert Settings().sync_scrolling() is False
    y = _scroll_y(qtbot, window)
    _scroll_editor_to(window, source_line(body, "## Section 3"))
    qtbot.wait(300)
    assert _scroll_y(qtbot, window) == y
    # switched on again: the preview comes to the editor
    window.act_sync_scroll.trigger()
    assert Settings().sync_scrolling() is True
    line = source_line(body, "## Section 3")
    wait_value(
        qtbot,
        lambda: _top_of(qtbot, window, line),
        lambda t: abs(t) <= 30,
        what="top of Section 3",
    )


def test_page_geometry_pins_the_ends_and_inverts():
    """The mapping itself: the first line shows the page's top, the end of the
    text the bottom of the body; blocks that cannot anchor are dropped."""
    geometry = PageGeometry.from_report(
        {
            "lines": [1, 3, 3, 2, 7, 12],
            "tops": [400.0, 500.0, 520.0, 530.0, 700.0, 690.0],
            "bottom": 900.0,
            "viewport": 300.0,
            "height": 1500.0,
        }
    )
    assert geometry.lines == (1, 3, 7, 12)
    assert geometry.tops == (400.0, 500.0, 700.0, 700.0)  # never upwards
    assert geometry.max_scroll == 1200.0
    assert geometry.offset_for_line(1, 14) == 0.0  # the headline above the first block
    assert geometry.offset_for_line(3, 14) == 500.0
    assert geometry.offset_for_line(5, 14) == 600.0
    assert geometry.offset_for_line(15, 14) == 900.0  # after the last line: the body's bottom
    assert geometry.line_for_offset(1200.0, 14) == 15.0  # FAQs below: the end of the text
    for line in (1.0, 2.5, 3.0, 6.0, 12.0, 13.5):  # (block 7 has no height: it maps to 12)
        assert geometry.line_for_offset(geometry.offset_for_line(line, 14), 14) == pytest.approx(
            line
        )
    # a body whose first block starts below line 1 gets its own lead-in anchor
    later = PageGeometry.from_report(
        {"lines": [4], "tops": [300.0], "bottom": 600.0, "viewport": 200.0, "height": 900.0}
    )
    assert later.offset_for_line(1, 6) == 0.0
    assert later.offset_for_line(4, 6) == 300.0
    assert later.offset_for_line(7, 6) == 600.0
    empty = PageGeometry.from_report({})
    assert empty.offset_for_line(10, 20) == 0.0
    assert empty.line_for_offset(500.0, 20) == 1.0
