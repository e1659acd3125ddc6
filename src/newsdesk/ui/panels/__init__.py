"""Dock panels for the parts of an article that are not the body. Each edits
the session's article through `DocumentSession.edit`, so its changes share the
body's undo stack, mark the document modified and reach the preview and
autosave through `DocumentSession.changed`."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow

from newsdesk.ui.panels.article_panel import ArticlePanel
from newsdesk.ui.panels.base import SessionPanel
from newsdesk.ui.panels.faq_panel import FaqPanel
from newsdesk.ui.panels.images_panel import ImagesPanel
from newsdesk.ui.panels.people_panel import PeoplePanel
from newsdesk.ui.panels.related_panel import RelatedPanel
from newsdesk.ui.session import DocumentSession

__all__ = [
    "ArticlePanel",
    "FaqPanel",
    "ImagesPanel",
    "PeoplePanel",
    "RelatedPanel",
    "SessionPanel",
    "create_panels",
    "install_panels",
]


def create_panels(
    session: DocumentSession,
    window: QMainWindow | None,
    insert_into_body: Callable[[str], None],
) -> list[SessionPanel]:
    """The five panels, in shortcut order (Ctrl+Alt+1..5), parented to `window`.
    Each has `activate_action` (its shortcut: show, raise, focus) and
    `toggleViewAction()` (show/hide, for a View menu)."""
    return [
        ArticlePanel(session, window),
        PeoplePanel(session, window),
        FaqPanel(session, window),
        RelatedPanel(session, window),
        ImagesPanel(session, insert_into_body, window),
    ]


def install_panels(
    window: QMainWindow,
    session: DocumentSession,
    insert_into_body: Callable[[str], None],
    between: Callable[[], None] = lambda: None,
) -> list[SessionPanel]:
    """Create the panels and dock them: the Article panel on the left, the
    others tabbed on the right (the window's saveState/restoreState keeps
    whatever the writer arranges, by the panels' object names). The window's
    `add_dock_panel(panel, shortcut, area)` hook (MainWindow's: it also lists
    the panels in View > Panels) is used when it has one. `between` runs
    between building one panel and the next (the editor's start-up lets the
    event loop run there)."""
    panels = create_panels(session, window, insert_into_body)
    hook = getattr(window, "add_dock_panel", None)
    first_right: SessionPanel | None = None
    for panel in panels:
        area = (
            Qt.DockWidgetArea.LeftDockWidgetArea
            if isinstance(panel, ArticlePanel)
            else Qt.DockWidgetArea.RightDockWidgetArea
        )
        if hook is not None:
            hook(panel, panel.activate_action.shortcut(), area)
        else:
            window.addDockWidget(area, panel)
        window.addAction(panel.activate_action)
        if area == Qt.DockWidgetArea.RightDockWidgetArea:
            if first_right is None:
                first_right = panel
            elif window.dockWidgetArea(panel) == window.dockWidgetArea(first_right):
                window.tabifyDockWidget(first_right, panel)
    if first_right is not None:
        first_right.raise_()
    # What shows at once is built now, so the docks open at their size; the
    # panels behind a tab are built when first shown (SessionPanel).
    for panel in panels:
        if panel is first_right or not window.tabifiedDockWidgets(panel):
            panel.ensure_built()
            between()
    return panels
