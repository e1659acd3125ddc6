"""What every structure panel shares: edits go through the session as undoable
steps, typing in one field merges into one step, refreshes from the model never
push commands, and Ctrl+Z in a field undoes on the shared stack."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QDockWidget, QLabel, QLineEdit, QMainWindow, QWidget

from newsdesk.model.article import Article
from newsdesk.model.operations import structure_problems
from newsdesk.model.validation import Problem, Severity
from newsdesk.ui.session import (
    PART_BODY,
    PART_FAQS,
    PART_IMAGES,
    PART_META,
    PART_PEOPLE,
    PART_RELATED,
    DocumentSession,
)

KNOWN_PARTS = frozenset({PART_BODY, PART_META, PART_PEOPLE, PART_FAQS, PART_RELATED, PART_IMAGES})

WARNING_STYLE = "color: #b3261e;"  # readable on light and dark backgrounds
ERROR_STYLE = "color: #b3261e; font-weight: 600;"


def show_text(field: QLineEdit, value: str) -> None:
    """Show the model's text; a field the writer is not in shows its start."""
    if field.text() == value:
        return
    field.setText(value)
    if not field.hasFocus():
        field.setCursorPosition(0)


class TypingMerger:
    """Merge ids for the undo stack: consecutive edits of the same field share
    an id (one undo step); another field or a pause starts a new step."""

    def __init__(self, pause_seconds: float = 1.5, clock: Callable[[], float] = time.monotonic):
        self.pause_seconds = pause_seconds
        self._clock = clock
        self._key: object = None
        self._last = 0.0
        self._id = 0x4E440000  # away from ids other parts of the app may use

    def merge_id(self, key: object) -> int:
        now = self._clock()
        if key != self._key or now - self._last > self.pause_seconds:
            self._id += 1
            self._key = key
        self._last = now
        return self._id

    def break_merge(self) -> None:
        """The next edit starts a new undo step (e.g. after focus left a field)."""
        self._key = None


class SharedUndoFilter(QObject):
    """Sends Ctrl+Z / Ctrl+Shift+Z pressed in a text field to the session's stack
    instead of the field's own undo, so one history holds every change."""

    def __init__(self, stack: QUndoStack, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._stack = stack

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            if event.matches(QKeySequence.StandardKey.Undo):
                if kind == QEvent.Type.KeyPress:
                    self._stack.undo()
                event.accept()
                return True
            if event.matches(QKeySequence.StandardKey.Redo):
                if kind == QEvent.Type.KeyPress:
                    self._stack.redo()
                event.accept()
                return True
        return False


class ProblemLabel(QLabel):
    """Flags a field in place with the validation message(s) for it."""

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setAccessibleName(accessible_name)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_problems(self, problems: Iterable[Problem]) -> None:
        problems = list(problems)
        if not problems:
            self.clear()
            self.hide()
            return
        errors = any(p.severity is Severity.ERROR for p in problems)
        self.setStyleSheet(ERROR_STYLE if errors else WARNING_STYLE)
        self.setText("\n".join(f"⚠ {p.message}" for p in problems))
        self.setAccessibleDescription(self.text())
        self.show()

    @property
    def flagged(self) -> bool:
        return bool(self.text())


class SessionPanel(QDockWidget):
    """A dock panel editing some parts of the session's article.

    The dock (title, place, shortcut) exists from the start; its widgets are
    made by `build()` the first time they are needed: when the panel becomes
    visible, is activated or refreshed, or one of its widgets is asked for.
    Panels behind another tab cost nothing at start-up
    (benchmarks/bench_editor.py, "start")."""

    #: parts of the article this panel shows; a change of any other known part
    #: is ignored, an unknown part (e.g. a whole-article reload) refreshes.
    parts: frozenset[str] = frozenset()
    title = ""
    object_name = ""
    shortcut = ""

    def __init__(self, session: DocumentSession, parent: QWidget | None = None) -> None:
        super().__init__(self.title, parent)
        self.session = session
        self.setObjectName(self.object_name)
        self.setAccessibleName(f"{self.title} panel")
        self.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        self.merger = TypingMerger()
        self._undo_filter = SharedUndoFilter(session.undo_stack, self)
        self._refreshing = False
        self.activate_action = QAction(f"{self.title} Panel", self)
        self.activate_action.setShortcut(QKeySequence(self.shortcut))
        self.activate_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.activate_action.setToolTip(f"Show the {self.title} panel and move the focus there")
        self.activate_action.triggered.connect(self.activate)
        self._built = False
        session.changed.connect(self._on_changed)
        self.visibilityChanged.connect(self._visibility_changed)

    # --- building ---

    def build(self) -> None:
        """Make the widgets and show the model in them (once; see the class)."""
        raise NotImplementedError

    @property
    def built(self) -> bool:
        return self._built

    def ensure_built(self) -> None:
        if self._built:
            return
        self._built = True
        kept = self._docked_size()
        self.build()
        if kept is not None:
            # The window keeps its layout: a panel built behind a tab must not
            # widen the dock area the writer sees (its size hint would).
            window, size, orientation = kept
            window.resizeDocks([self], [size], orientation)

    def _docked_size(self) -> tuple[QMainWindow, int, Qt.Orientation] | None:
        window = self.parentWidget()
        if not isinstance(window, QMainWindow) or self.isFloating() or not window.isVisible():
            return None
        # The tabs of one group share the area's size; this one's own geometry
        # is stale until it has been shown, so ask a tab that has been.
        shown = [d for d in window.tabifiedDockWidgets(self) if getattr(d, "built", True)]
        if not shown:
            return None
        area = window.dockWidgetArea(self)
        if area in (Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea):
            return window, shown[0].width(), Qt.Orientation.Horizontal
        if area in (Qt.DockWidgetArea.TopDockWidgetArea, Qt.DockWidgetArea.BottomDockWidgetArea):
            return window, shown[0].height(), Qt.Orientation.Vertical
        return None

    def _visibility_changed(self, visible: bool) -> None:
        if visible:
            self.ensure_built()

    def __getattr__(self, name: str):
        """A widget asked for before the panel was built: build it now."""
        if self.__dict__.get("_built") is False and not name.startswith("__"):
            self.ensure_built()
            return getattr(self, name)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def route_undo(self, *widgets: QWidget) -> None:
        for widget in widgets:
            widget.installEventFilter(self._undo_filter)
            if hasattr(widget, "setUndoRedoEnabled"):
                widget.setUndoRedoEnabled(False)

    def set_tab_order(self, widgets: list[QWidget]) -> None:
        for first, second in zip(widgets, widgets[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def first_field(self) -> QWidget | None:
        """Where the focus goes when the panel is activated by its shortcut."""
        return None

    # --- edits ---

    @property
    def article(self) -> Article:
        return self.session.article

    @property
    def refreshing(self) -> bool:
        return self._refreshing

    def set_value(
        self,
        part: str,
        target: Callable[[Article], Any],
        attribute: str,
        value: Any,
        text: str,
        typing_key: object = None,
    ) -> bool:
        """Push one edit unless it comes from a refresh or changes nothing.
        `typing_key` names the field for merging keystrokes into one step."""
        if self._refreshing or self.session.read_only:
            return False
        if getattr(target(self.session.article), attribute) == value:
            return False
        merge_id = self.merger.merge_id(typing_key) if typing_key is not None else -1
        if typing_key is None:
            self.merger.break_merge()
        self.session.edit(part, target, attribute, value, text, merge_id)
        return True

    # --- refresh ---

    def _on_changed(self, part: str) -> None:
        if self._built and (part in self.parts or part not in KNOWN_PARTS):
            self.refresh()

    def refresh(self) -> None:
        """Show the model in the widgets without pushing any command."""
        if not self._built:
            self.ensure_built()  # building shows the model
            return
        self._refreshing = True
        try:
            self.load_from_model()
        finally:
            self._refreshing = False

    def load_from_model(self) -> None:
        raise NotImplementedError

    def problems(self) -> dict[str, list[Problem]]:
        return structure_problems(self.session.article, self.session.profile)

    # --- shortcut ---

    def activate(self) -> None:
        """Show, raise and focus the panel (its keyboard shortcut)."""
        self.ensure_built()
        self.show()
        self.raise_()
        field = self.first_field()
        if field is not None:
            field.setFocus(Qt.FocusReason.ShortcutFocusReason)
