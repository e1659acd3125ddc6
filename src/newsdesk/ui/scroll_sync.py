"""Scroll sync between the Markdown editor and the preview, both ways, and
click-to-place: a plain click on a preview body block puts the editor's
cursor on the block's first source line.

The mapping is newsdesk.render.scroll_map's: the source line at the top of
the editor (fractional, counting wrapped lines) becomes a fractional block
position, then a pixel offset between the measured block tops, and that
offset goes to the top of the preview; the reverse for the preview. Two
extra anchors pin the ends: the editor's first line shows the page's top
(headline, standfirst and picture sit above the first block), and the end
of the text maps to the bottom of #article-body. Below the body (credits,
FAQs, related links) the preview scrolls freely and the editor stays at its
end.

No feedback loop: one side leads at a time. The editor is moved with its
scroll signal ignored; the page swallows the scroll event of the offset we
set (preview.js `scrollTo`); for LEAD_SECONDS after the editor moved, a
preview scroll is held back and looked at again; a preview scroll takes the
lead only when it goes further than a few pixels from where the editor puts
it, and a page scroll that keeps the blocks in view where they were (scroll
anchoring after a patch or an image load) never leads. Updates are
coalesced to one per `interval_ms`."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate

import shiboken6
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPlainTextEdit

from newsdesk.render.scroll_map import (
    anchor_lines,
    line_for_position,
    offset_for_position,
    position_for_line,
    position_for_offset,
)
from newsdesk.ui.preview import PreviewPane

EDITOR, PREVIEW = "editor", "preview"
LEAD_SECONDS = 0.25  # after the editor moved, preview scrolls are its echo
TAKE_OVER_PX = 24  # a preview scroll this far from our offset is the reader's
MEASURE_MS = 100  # block tops are measured again at most this often after patches


@dataclass(frozen=True, slots=True)
class PageGeometry:
    """Where the preview's anchored body blocks are, in document pixels."""

    lines: tuple[int, ...]  # source lines of the anchored blocks, increasing
    tops: tuple[float, ...]  # their top offsets, non-decreasing
    bottom: float  # bottom of #article-body
    viewport: float  # the preview's visible height
    height: float  # the whole page's height

    @classmethod
    def from_report(cls, data: dict) -> PageGeometry:
        """From preview.js `geometry()`; blocks that cannot anchor are dropped."""
        lines: Sequence = data.get("lines") or []
        tops: Sequence = data.get("tops") or []
        kept = anchor_lines([int(line) for line in lines[: len(tops)]])
        ordered = list(accumulate((float(tops[a.index]) for a in kept), max))
        bottom = float(data.get("bottom") or 0.0)
        return cls(
            tuple(a.line for a in kept),
            tuple(ordered),
            max(bottom, ordered[-1]) if ordered else bottom,
            float(data.get("viewport") or 0.0),
            float(data.get("height") or 0.0),
        )

    @property
    def max_scroll(self) -> float:
        return max(0.0, self.height - self.viewport)

    def _lead_in(self) -> tuple[list[int], list[float]]:
        """Anchors with the page's top pinned to the text's first line."""
        starts, tops = list(self.lines), list(self.tops)
        if starts[0] > 1:
            starts.insert(0, 1)
            tops.insert(0, 0.0)
        else:
            tops[0] = 0.0
        return starts, tops

    def offset_for_line(self, line: float, last_line: int) -> float:
        """Preview offset for a (fractional, 1-based) source line."""
        if not self.lines:
            return 0.0
        starts, tops = self._lead_in()
        return offset_for_position(tops, self.bottom, position_for_line(starts, line, last_line))

    def line_for_offset(self, offset: float, last_line: int) -> float:
        """Source line for a preview offset (the end of the text below the body)."""
        if not self.lines:
            return 1.0
        starts, tops = self._lead_in()
        return line_for_position(starts, position_for_offset(tops, self.bottom, offset), last_line)


def editor_top_line(editor: QPlainTextEdit) -> float:
    """The source line at the top of the editor, with the fraction of the
    block's height scrolled past. From the laid-out geometry, not the scroll
    bar's value: the editor lays long documents out lazily, and its value
    changes as line counts become known while the view stays put."""
    block = editor.firstVisibleBlock()
    if not block.isValid():
        return 1.0
    rect = editor.blockBoundingGeometry(block).translated(editor.contentOffset())
    within = -rect.top() / rect.height() if rect.height() > 0 else 0.0
    return block.blockNumber() + 1 + min(max(within, 0.0), 0.999)


def editor_value_for_line(editor: QPlainTextEdit, line: float) -> int:
    """The scroll bar value that puts a fractional source line at the top."""
    doc = editor.document()
    number = min(max(int(line) - 1, 0), doc.blockCount() - 1)
    block = doc.findBlockByNumber(number)
    fraction = min(max(line - (number + 1), 0.0), 1.0)
    return block.firstLineNumber() + int(fraction * max(block.lineCount(), 1))


class ScrollSync(QObject):
    """Keeps the editor and the preview on the same place of the article."""

    def __init__(
        self,
        editor: QPlainTextEdit,
        preview: PreviewPane,
        parent: QObject | None = None,
        *,
        enabled: bool = True,
        interval_ms: int = 30,
    ) -> None:
        super().__init__(parent)
        self.editor = editor
        self.preview = preview
        self.geometry: PageGeometry | None = None
        self._enabled = enabled
        self._leader = EDITOR
        self._lead_until = 0.0
        self._moving_editor = False
        self._editor_line: float | None = None  # editor_top_line as last seen
        self._preview_y: float | None = None  # the page's scrollY as last known
        self._timer = QTimer(self, singleShot=True, interval=interval_ms)
        self._timer.timeout.connect(self._apply)
        # Measuring costs the page ~8 ms per 1,000 blocks: at most every 100 ms
        # while patches come in (typing).
        self._measure_timer = QTimer(self, singleShot=True, interval=MEASURE_MS)
        self._measure_timer.timeout.connect(lambda: self.preview.measure(self._geometry_reported))
        self._recheck = QTimer(self, singleShot=True)  # a preview scroll held back
        self._recheck.timeout.connect(lambda: self._preview_scrolled(self._preview_y, False))
        self._kept_line: float | None = None
        editor.installEventFilter(self)
        bar = editor.verticalScrollBar()
        bar.valueChanged.connect(self._editor_scrolled)
        bar.rangeChanged.connect(self._editor_relaid)
        preview.scrolled.connect(self._preview_scrolled)
        preview.geometry_changed.connect(self._geometry_reported)
        preview.patched.connect(self._patched)
        preview.block_clicked.connect(self.place_cursor_at_line)

    # -- switching -----------------------------------------------------------
    @property
    def enabled(self) -> bool:
        return self._enabled

    def set_enabled(self, enabled: bool) -> None:
        self._enabled = enabled
        if enabled:
            self._leader = EDITOR  # switching on brings the preview to the editor
            self.preview.measure(self._geometry_reported)
        else:
            self._timer.stop()

    @property
    def leader(self) -> str:
        return self._leader

    # -- events --------------------------------------------------------------
    def _schedule(self) -> None:
        if self._enabled and not self._timer.isActive():
            self._timer.start()  # throttle, not debounce: a long scroll keeps following

    def _editor_scrolled(self, _value: int) -> None:
        if self._moving_editor:
            return
        line = editor_top_line(self.editor)
        if self._editor_line is not None and abs(line - self._editor_line) < 1e-6:
            return  # line counts became known; the view did not move
        self._editor_line = line
        self._leader = EDITOR
        self._lead_until = time.monotonic() + LEAD_SECONDS
        self._schedule()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """A resized editor re-wraps its text and keeps its scroll value, not
        its top line (it lays long texts out lazily): put the line back, so
        switching the preview's width does not move the text."""
        if (
            watched is self.editor
            and event.type() == QEvent.Type.Resize
            and self._enabled
            and self._kept_line is None
            and self.editor.isVisible()
        ):
            self._kept_line = editor_top_line(self.editor)
            QTimer.singleShot(0, self, self._restore_line)
        return False

    def _restore_line(self) -> None:
        line, self._kept_line = self._kept_line, None
        if line is None or not shiboken6.isValid(self.editor):
            return
        if int(editor_top_line(self.editor)) != int(line):
            bar = self.editor.verticalScrollBar()
            bar.setValue(min(editor_value_for_line(self.editor, line), bar.maximum()))

    def _editor_relaid(self, _minimum: int, _maximum: int) -> None:
        if self._leader == EDITOR and not self._moving_editor:
            self._schedule()

    def _preview_scrolled(self, y: float | None, relayout: bool = False) -> None:
        if y is None:
            return
        self._preview_y = y
        if not self._enabled or relayout:
            return  # the page kept its view steady while blocks moved: not a lead
        if self._leader == EDITOR:
            wait = self._lead_until - time.monotonic()
            if wait > 0:  # most likely our own scroll; look again when the lead ends
                self._recheck.start(int(wait * 1000) + 1)
                return
            if self._near_editor(y):
                return
        self._leader = PREVIEW
        self._schedule()

    def _near_editor(self, y: float) -> bool:
        """Is `y` where the editor puts the page, with the blocks as they are now?"""
        if self.geometry is None:
            return False
        return abs(y - self._target_for_editor(self.geometry)) < TAKE_OVER_PX

    def _target_for_editor(self, geometry: PageGeometry) -> float:
        last_line = self.editor.document().blockCount()
        offset = geometry.offset_for_line(editor_top_line(self.editor), last_line)
        return float(round(min(offset, geometry.max_scroll)))

    def _patched(self, _generation: int) -> None:
        if self._enabled and not self._measure_timer.isActive():
            self._measure_timer.start()

    def _geometry_reported(self, data: dict) -> None:
        self.geometry = PageGeometry.from_report(data)
        if "scrollY" in data:
            self._preview_y = float(data["scrollY"])
        if self._leader == EDITOR:
            self._schedule()  # blocks moved: the preview follows the editor again

    # -- moving ----------------------------------------------------------------
    def _apply(self) -> None:
        if not self._enabled or not shiboken6.isValid(self.editor):
            return
        geometry = self.geometry
        if geometry is None or self._preview_y is None:
            self.preview.measure(self._geometry_reported)
            return
        if self._leader == EDITOR:
            self._editor_line = editor_top_line(self.editor)
            target = self._target_for_editor(geometry)
            if abs(target - self._preview_y) >= 1:
                self._preview_y = target
                self.preview.scroll_to(target)
        else:
            last_line = self.editor.document().blockCount()
            line = geometry.line_for_offset(self._preview_y, last_line)
            bar = self.editor.verticalScrollBar()
            value = min(editor_value_for_line(self.editor, line), bar.maximum())
            if value != bar.value():
                self._moving_editor = True
                try:
                    bar.setValue(value)
                finally:
                    self._moving_editor = False
            self._editor_line = editor_top_line(self.editor)

    def place_cursor_at_line(self, line: int) -> None:
        """Put the editor's cursor at the start of a source line, in view."""
        doc = self.editor.document()
        block = doc.findBlockByNumber(min(max(line - 1, 0), doc.blockCount() - 1))
        cursor = QTextCursor(block)
        self.editor.setTextCursor(cursor)
        self.editor.ensureCursorVisible()
        self.editor.setFocus()
