"""One document per window: the Markdown editor and the live preview side by
side, the outline, menus, toolbar and status bar. The DocumentSession is the
single source of truth; the editor, preview, outline and dock panels (added
through `add_dock_panel`) all read and change it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from newsdesk.errors import NewsdeskError
from newsdesk.ui.autosave import AutosaveTimer
from newsdesk.ui.document_io import DocumentIO, Worker, snapshot
from newsdesk.ui.editor import MarkdownEditor
from newsdesk.ui.find_replace import FindBar
from newsdesk.ui.outline import OutlinePane
from newsdesk.ui.preview import PreviewPane
from newsdesk.ui.recovery import discard_draft, new_draft_path
from newsdesk.ui.scroll_sync import ScrollSync
from newsdesk.ui.session import PART_BODY, DocumentSession
from newsdesk.ui.settings import Settings
from newsdesk.ui.status import EditorStatusBar
from newsdesk.ui.theme import colors_for, current_theme

if TYPE_CHECKING:
    from newsdesk.ui.app import EditorApp

DOCUMENT_FILTER = "newsdesk documents (*.newsdesk)"
OPEN_FILTER = (
    "Articles (*.newsdesk *.md *.markdown *.zip);;newsdesk documents (*.newsdesk);;"
    "Markdown (*.md *.markdown);;Portal bundles (*.zip)"
)
OPENABLE_SUFFIXES = {".newsdesk", ".md", ".markdown", ".zip"}

SAVE, DISCARD, CANCEL = "save", "discard", "cancel"


class _ShortcutKeeper(QObject):
    """QPlainTextEdit claims some keys for itself (Ctrl+K deletes to the end
    of the line on Linux, Ctrl+Z would run its own, disabled, undo). For the
    keys the window's actions use, it routes them to the action instead."""

    def __init__(self, actions: list[QAction], parent: QObject) -> None:
        super().__init__(parent)
        self._actions = actions

    def _match(self, event) -> QAction | None:
        combo = QKeySequence(event.keyCombination())
        for action in self._actions:
            if not action.isEnabled():
                continue
            for shortcut in action.shortcuts():
                if shortcut.matches(combo) == QKeySequence.SequenceMatch.ExactMatch:
                    return action
        return None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.ShortcutOverride and self._match(event) is not None:
            event.accept()  # deliver as a key press to us...
            return True
        if event.type() == QEvent.Type.KeyPress:
            action = self._match(event)
            if action is not None:
                action.trigger()  # ...and run the window's action
                return True
        return False


class MainWindow(QMainWindow):
    saved = Signal(object)  # Path
    autosaved = Signal(object)  # Path
    window_closed = Signal()

    def __init__(
        self,
        app: EditorApp,
        session: DocumentSession,
        io: DocumentIO | None,
        *,
        draft: bool = False,
        preview: PreviewPane | None = None,
    ) -> None:
        """`preview`: the session's preview, made (and loading) already."""
        super().__init__()
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.app = app
        self.session = session
        self.io = io  # the document file; for an untitled one, its draft (once autosaved)
        self.is_draft = draft
        self.settings: Settings = app.settings
        self.worker = Worker(self)
        self.dock_panels: list[QDockWidget] = []
        self._closing = False
        self._save_failed: str | None = None
        self._autosaved_revision = session.revision
        self._last_saved: datetime | None = None
        self.setAcceptDrops(True)

        # The preview first: its page loads while the rest is built.
        self.preview = preview or PreviewPane(session, app.renderer)
        self.editor = MarkdownEditor(session, colors_for(current_theme()))
        self.find_bar = FindBar(self.editor, session)
        self.find_bar.hide()
        editor_box = QWidget()
        editor_box.setObjectName("editor-box")
        box = QVBoxLayout(editor_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        box.addWidget(self.editor)
        box.addWidget(self.find_bar)
        self.editor_box = editor_box
        self.scroll_sync = ScrollSync(
            self.editor, self.preview, self, enabled=self.settings.sync_scrolling()
        )
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("editor-preview-splitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(editor_box)
        self.splitter.addWidget(self.preview)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.setCentralWidget(self.splitter)
        self.status = EditorStatusBar(self)
        self.setStatusBar(self.status)
        self.preview.stats_changed.connect(self.status.set_stats)
        self.preview.render_failed.connect(lambda m: self.statusBar().showMessage(m, 8000))
        app.startup_yield()

        self.outline = OutlinePane()
        self.outline_dock = QDockWidget("Outline", self)
        self.outline_dock.setObjectName("outline-dock")
        self.outline_dock.setWidget(self.outline)
        self.outline_dock.setAllowedAreas(
            Qt.DockWidgetArea.LeftDockWidgetArea | Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.outline_dock)
        app.startup_yield()

        self.autosave = AutosaveTimer(parent=self)
        self.autosave.due.connect(self.autosave_now)

        self._outline_timer = QTimer(self, singleShot=True, interval=250)
        self._outline_timer.timeout.connect(self._refresh_outline)
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        app.startup_yield()
        self.editor.installEventFilter(_ShortcutKeeper(self._editor_actions, self))
        # The text edit's own menu would offer its (disabled) private undo.
        self.editor.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.editor.customContextMenuRequested.connect(self._editor_menu)

        session.changed.connect(self._article_changed)
        session.modified_changed.connect(lambda _m: self._update_title())
        session.path_changed.connect(lambda _p: self._update_title())
        self.editor.cursorPositionChanged.connect(self._follow_cursor)
        self.editor.image_problem.connect(lambda m: self.warn("Cannot insert image", m))
        self.outline.jump_requested.connect(
            lambda index: self.editor.go_to_position(session.to_position(index))
        )

        if self.preview.stats is not None:  # else they come with the first render
            self.status.set_stats(*self.preview.stats)
        self._refresh_outline()
        self._restore_layout()
        self._update_title()
        if session.read_only:
            self.status.set_state("Read-only")
        elif session.modified:
            self.status.set_state("Unsaved changes")
        elif session.path is not None:
            self.status.set_state("Saved")
        app.startup_yield()
        self._install_panels()
        app.startup_yield()

    # ------------------------------------------------------------------ actions
    def _action(
        self,
        text: str,
        slot: Callable[[], object],
        shortcut: QKeySequence | str | None = None,
        *,
        name: str = "",
        tip: str = "",
        checkable: bool = False,
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if name:
            action.setObjectName(name)
        if tip:
            action.setStatusTip(tip)
        action.setCheckable(checkable)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _build_actions(self) -> None:
        K = QKeySequence.StandardKey
        a = self._action
        self.act_new = a("&New", self.app.new_window, K.New, name="new")
        self.act_open = a("&Open…", self.open_dialog, K.Open, name="open")
        self.act_save = a("&Save", self.save, K.Save, name="save")
        self.act_save_as = a("Save &As…", self.save_as, K.SaveAs, name="save-as")
        self.act_export = a("&Export…", self.export_dialog, "Ctrl+E", name="export")
        self.act_revisions = a("&Revisions…", self.revisions_dialog, name="revisions")
        self.act_close = a("&Close", self.close, K.Close, name="close")
        self.act_quit = a("&Quit", self.app.quit, K.Quit, name="quit")
        self.act_quit.setMenuRole(QAction.MenuRole.QuitRole)

        self.act_undo = self.session.undo_stack.createUndoAction(self, "&Undo")
        self.act_undo.setShortcut(K.Undo)
        self.act_redo = self.session.undo_stack.createRedoAction(self, "&Redo")
        self.act_redo.setShortcuts([QKeySequence(K.Redo), QKeySequence("Ctrl+Shift+Z")])
        self.act_cut = a("Cu&t", self.editor.cut, K.Cut)
        self.act_copy = a("&Copy", self.editor.copy, K.Copy)
        self.act_paste = a("&Paste", self.editor.paste, K.Paste)
        self.act_select_all = a("Select &All", self.editor.selectAll, K.SelectAll)
        self.act_find = a("&Find…", lambda: self.find_bar.open(replace=False), K.Find, name="find")
        self.act_replace = a(
            "&Replace…", lambda: self.find_bar.open(replace=True), "Ctrl+H", name="replace"
        )
        self.act_find_next = a("Find &Next", lambda: self.find_bar.find(), K.FindNext)
        self.act_find_previous = a(
            "Find Pre&vious", lambda: self.find_bar.find(backwards=True), K.FindPrevious
        )

        e = self.editor
        self.act_bold = a("&Bold", e.bold, "Ctrl+B", name="bold")
        self.act_italic = a("&Italic", e.italic, "Ctrl+I", name="italic")
        self.act_link = a("&Link…", e.insert_link, "Ctrl+K", name="link")
        self.act_headings = [
            a(f"Heading &{n}", lambda n=n: e.set_heading(n), f"Ctrl+{n}", name=f"heading-{n}")
            for n in range(1, 7)
        ]
        self.act_paragraph = a("&Paragraph", lambda: e.set_heading(0), "Ctrl+0", name="paragraph")
        self.act_quote = a("&Quote", e.toggle_quote, "Ctrl+Shift+Q", name="quote")
        self.act_bullets = a("&Bulleted List", e.toggle_list, "Ctrl+Shift+L", name="bullets")
        self.act_numbers = a(
            "&Numbered List", lambda: e.toggle_list(numbered=True), "Ctrl+Shift+O", name="numbers"
        )
        self._format_actions = [
            self.act_bold,
            self.act_italic,
            self.act_link,
            *self.act_headings,
            self.act_paragraph,
            self.act_quote,
            self.act_bullets,
            self.act_numbers,
        ]
        self._editor_actions = [self.act_undo, self.act_redo, *self._format_actions]
        for action in self._format_actions:
            action.setEnabled(not self.session.read_only)

        layouts = QActionGroup(self)
        self.act_layout = {}
        for key, text, shortcut in (
            ("side", "Editor &and Preview", "Ctrl+Alt+B"),
            ("editor", "&Editor Only (Hide Preview)", "Ctrl+Alt+E"),
            ("preview", "&Preview Only", "Ctrl+Alt+V"),
        ):
            act = a(text, lambda key=key: self.set_preview_layout(key), shortcut, checkable=True)
            act.setObjectName(f"layout-{key}")
            layouts.addAction(act)
            self.act_layout[key] = act
        widths = QActionGroup(self)
        self.act_width = {}
        for key, text, shortcut in (
            ("desktop", "&Desktop Width", "Ctrl+Alt+D"),
            ("phone", "P&hone Width (390 px)", "Ctrl+Alt+P"),
        ):
            act = a(text, lambda key=key: self.set_preview_width(key), shortcut, checkable=True)
            act.setObjectName(f"width-{key}")
            widths.addAction(act)
            self.act_width[key] = act
        self.act_sync_scroll = a(
            "&Synchronize Scrolling",
            lambda: self.set_sync_scrolling(self.act_sync_scroll.isChecked()),
            name="sync-scrolling",
            tip="The preview follows the editor's scrolling and the editor the preview's",
            checkable=True,
        )
        self.act_sync_scroll.setChecked(self.scroll_sync.enabled)
        themes = QActionGroup(self)
        self.act_theme = {}
        for key, text in (("system", "Follow &System"), ("light", "&Light"), ("dark", "&Dark")):
            act = a(text, lambda key=key: self.app.set_theme(key), checkable=True)
            themes.addAction(act)
            self.act_theme[key] = act
        self.act_theme[self.settings.theme()].setChecked(True)
        self.act_outline = self.outline_dock.toggleViewAction()
        self.act_outline.setText("&Outline")
        self.act_outline.setShortcut("Ctrl+Alt+O")
        self.act_about = a("&About newsdesk", self.about, name="about")
        self.act_about.setMenuRole(QAction.MenuRole.AboutRole)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addActions([self.act_new, self.act_open])
        self.recent_menu = QMenu("Open &Recent", self)
        self.recent_menu.setObjectName("recent-menu")
        file_menu.addMenu(self.recent_menu)
        self.refresh_recent_menu()
        file_menu.addSeparator()
        file_menu.addActions([self.act_save, self.act_save_as, self.act_export])
        file_menu.addAction(self.act_revisions)
        file_menu.addSeparator()
        file_menu.addActions([self.act_close, self.act_quit])

        edit_menu = bar.addMenu("&Edit")
        edit_menu.addActions([self.act_undo, self.act_redo])
        edit_menu.addSeparator()
        edit_menu.addActions([self.act_cut, self.act_copy, self.act_paste, self.act_select_all])
        edit_menu.addSeparator()
        edit_menu.addActions(
            [self.act_find, self.act_replace, self.act_find_next, self.act_find_previous]
        )

        format_menu = bar.addMenu("F&ormat")
        format_menu.addActions([self.act_bold, self.act_italic, self.act_link])
        format_menu.addSeparator()
        format_menu.addActions([*self.act_headings, self.act_paragraph])
        format_menu.addSeparator()
        format_menu.addActions([self.act_quote, self.act_bullets, self.act_numbers])

        view_menu = bar.addMenu("&View")
        view_menu.addActions(list(self.act_layout.values()))
        view_menu.addSeparator()
        view_menu.addActions(list(self.act_width.values()))
        view_menu.addAction(self.act_sync_scroll)
        view_menu.addSeparator()
        view_menu.addAction(self.act_outline)
        self.panels_menu = view_menu.addMenu("Pa&nels")
        self.panels_menu.menuAction().setVisible(False)
        theme_menu = view_menu.addMenu("&Theme")
        theme_menu.addActions(list(self.act_theme.values()))
        self.view_menu = view_menu

        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.act_about)

    def _build_toolbar(self) -> None:
        bar = QToolBar("Toolbar", self)
        bar.setObjectName("main-toolbar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        bar.addActions([self.act_new, self.act_open, self.act_save])
        bar.addSeparator()
        bar.addActions([self.act_undo, self.act_redo])
        bar.addSeparator()
        for action, label in (
            (self.act_bold, "B"),
            (self.act_italic, "I"),
            (self.act_link, "Link"),
            (self.act_headings[1], "H2"),
            (self.act_quote, "Quote"),
            (self.act_bullets, "List"),
        ):
            button_action = QAction(label, self)
            button_action.setToolTip(
                f"{action.text().replace('&', '')} ({action.shortcut().toString()})"
            )
            button_action.triggered.connect(action.trigger)
            bar.addAction(button_action)
        bar.addSeparator()
        for key, label in (("side", "Split"), ("editor", "Editor"), ("preview", "Preview")):
            bar.addAction(self._mirror(self.act_layout[key], label))
        bar.addSeparator()
        for key, label in (("desktop", "Desktop"), ("phone", "Phone")):
            bar.addAction(self._mirror(self.act_width[key], label))
        self.toolbar = bar
        self.addToolBar(bar)

    def _mirror(self, action: QAction, label: str) -> QAction:
        """A toolbar twin with a short label that stays in step with `action`."""
        twin = QAction(label, self)
        twin.setCheckable(True)
        twin.setChecked(action.isChecked())
        twin.setToolTip(f"{action.text().replace('&', '')} ({action.shortcut().toString()})")
        twin.triggered.connect(lambda _c=False: action.trigger())
        action.toggled.connect(twin.setChecked)
        return twin

    def _editor_menu(self, pos) -> None:
        menu = self.editor_context_menu()
        menu.exec(self.editor.viewport().mapToGlobal(pos))
        menu.deleteLater()

    def editor_context_menu(self) -> QMenu:
        menu = QMenu(self)
        menu.addActions([self.act_undo, self.act_redo])
        menu.addSeparator()
        menu.addActions([self.act_cut, self.act_copy, self.act_paste, self.act_select_all])
        menu.addSeparator()
        menu.addActions([self.act_bold, self.act_italic, self.act_link])
        return menu

    # ------------------------------------------------------------------ hooks
    def add_dock_panel(
        self,
        panel: QDockWidget,
        shortcut: QKeySequence | str,
        area: Qt.DockWidgetArea = Qt.DockWidgetArea.RightDockWidgetArea,
    ) -> QAction:
        """Dock a structure panel (issue 6). `shortcut` shows it and moves the
        focus into it (a panel with its own `activate_action` keeps that one).
        Its place persists with the window's state (give the panel a unique
        objectName). Returns the action that activates it."""
        if not panel.objectName():
            panel.setObjectName(f"panel-{len(self.dock_panels)}")
        self.addDockWidget(area, panel)
        self.dock_panels.append(panel)
        self.panels_menu.menuAction().setVisible(True)
        self.panels_menu.addAction(panel.toggleViewAction())
        focus = getattr(panel, "activate_action", None)
        if focus is None:
            focus = QAction(f"Go to {panel.windowTitle()}", self)
            focus.setShortcut(QKeySequence(shortcut))

            def show_panel() -> None:
                panel.show()
                panel.raise_()
                widget = panel.widget()
                if widget is not None:
                    widget.setFocus(Qt.FocusReason.ShortcutFocusReason)
                    widget.focusNextChild()

            focus.triggered.connect(show_panel)
            self.addAction(focus)
        self.panels_menu.addAction(focus)
        return focus

    def _install_panels(self) -> None:
        """The structure panels (newsdesk.ui.panels.install_panels) dock
        themselves through `add_dock_panel`; then the saved layout applies."""
        from newsdesk.ui.panels import install_panels

        install_panels(self, self.session, self.editor.insert_at_cursor, self.app.startup_yield)
        state = self.settings.window_state("state")
        if state is not None:
            self.restoreState(state)

    def ask_save_changes(self) -> str:
        """Save / Discard / Cancel for a modified document (tests replace this)."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Unsaved changes")
        box.setText(f"Save the changes to “{self.document_title()}” before closing?")
        box.setInformativeText("Your changes will be lost if you don't save them.")
        box.setStandardButtons(
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel
        )
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        answer = box.exec()
        if answer == QMessageBox.StandardButton.Save:
            return SAVE
        if answer == QMessageBox.StandardButton.Discard:
            return DISCARD
        return CANCEL

    def ask_save_path(self) -> Path | None:
        """Where to save an untitled document (tests replace this)."""
        folder = self.settings.folder("documents") or Path.home()
        suggested = folder / f"{self.session.article.slug}.newsdesk"
        name, _filter = QFileDialog.getSaveFileName(
            self, "Save As", str(suggested), DOCUMENT_FILTER
        )
        if not name:
            return None
        path = Path(name)
        if path.suffix.lower() != ".newsdesk":
            path = path.with_name(path.name + ".newsdesk")
        self.settings.set_folder("documents", path.parent)
        return path

    def warn(self, title: str, text: str) -> None:
        self.app.show_error(self, title, text)

    # ------------------------------------------------------------------ files
    def document_title(self) -> str:
        if self.session.path is not None:
            return self.session.path.name
        return self.session.article.headline.strip() or "Untitled"

    @property
    def is_pristine(self) -> bool:
        """An untouched new window (replaced when a file is opened)."""
        return (
            self.session.path is None
            and not self.session.modified
            and not self.session.article.body
            and not self.session.article.headline
        )

    def open_dialog(self) -> None:
        folder = self.settings.folder("documents") or Path.home()
        names, _filter = QFileDialog.getOpenFileNames(self, "Open", str(folder), OPEN_FILTER)
        if names:
            self.settings.set_folder("documents", Path(names[0]).parent)
            self.app.open_paths([Path(n) for n in names])

    def refresh_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self.settings.recent_files()
        for path in recent:
            act = self.recent_menu.addAction(path.name)
            act.setToolTip(str(path))
            act.setStatusTip(str(path))
            act.triggered.connect(lambda _c=False, p=path: self.app.open_paths([p]))
        if recent:
            self.recent_menu.addSeparator()
            clear = self.recent_menu.addAction("Clear Recent Files")
            clear.triggered.connect(self.app.clear_recent_files)
        self.recent_menu.setEnabled(bool(recent))

    def save(self, then: Callable[[], None] | None = None) -> bool:
        """Save to the document file (Save As for an untitled one). The write
        runs in the worker; `saved` is emitted when it is on disk. Returns
        False when nothing was started (cancelled, read-only)."""
        if self.session.read_only:
            self.warn("Read-only", f"{self.document_title()} is open read-only. Use Save As.")
            return False
        if self.session.path is None or self.io is None or self.is_draft:
            return self.save_as(then=then)
        article = snapshot(self.session.article)
        revision = self.session.revision
        io = self.io
        self.autosave.stop()
        self.status.set_state("Saving…")

        def done(_result, error) -> None:
            if error is not None:
                self.status.set_state("Unsaved changes")
                self.warn("Cannot save", str(error))
                return
            self._after_save(io.path, revision)
            if then is not None:
                then()

        self.worker.run(lambda: io.save(article), done)
        return True

    def save_as(self, then: Callable[[], None] | None = None) -> bool:
        path = self.ask_save_path()
        if path is None:
            return False
        path = path.absolute()
        other = self.app.window_for(path)
        if other is not None and other is not self:
            self.warn("Cannot save", f"{path.name} is open in another window; close it first.")
            return False
        article = snapshot(self.session.article)
        revision = self.session.revision
        self.autosave.stop()
        self.status.set_state("Saving…")
        old_io, was_draft = self.io, self.is_draft

        def write() -> DocumentIO:
            return DocumentIO.create(path, article)

        def done(new_io: DocumentIO | None, error) -> None:
            if error is not None:
                self.status.set_state("Unsaved changes")
                self.warn("Cannot save", str(error))
                return
            self.io = new_io
            self.is_draft = False
            self.session.read_only = False
            if old_io is not None:
                old_path = old_io.path
                old_io.close()
                if was_draft:
                    discard_draft(old_path)
            self.session.path = path
            self._after_save(path, revision)
            self.app.document_paths_changed()
            if then is not None:
                then()

        self.worker.run(write, done)
        return True

    def _after_save(self, path: Path, revision: int) -> None:
        if self.session.revision == revision:
            self.session.mark_saved()
            self._autosaved_revision = revision
        self._last_saved = datetime.now()
        self.status.set_saved(self._last_saved)
        if self.session.modified:
            self.status.set_state("Unsaved changes")
            self.autosave.changed()
        self.app.add_recent_file(path)
        self.saved.emit(path)

    def autosave_now(self) -> None:
        """Write the article as the document's autosave revision (an untitled
        document's goes to a draft file)."""
        if self.session.read_only or self._autosaved_revision == self.session.revision:
            return
        article = snapshot(self.session.article)
        revision = self.session.revision
        io = self.io

        def write() -> DocumentIO:
            target = io
            if target is None:
                target = DocumentIO.create(new_draft_path(), article)
            target.autosave(article)
            return target

        def done(result: DocumentIO | None, error) -> None:
            if error is not None:
                self.status.set_state("Autosave failed")
                self.statusBar().showMessage(f"Autosave failed: {error}", 10_000)
                return
            if self.io is None and result is not None:
                self.io = result
                self.is_draft = True
            self._autosaved_revision = revision
            if self.session.modified:
                self.status.set_state("Autosaved")
            self.autosaved.emit(result.path if result is not None else None)

        self.worker.run(write, done)

    # ------------------------------------------------------------------ dialogs
    def export_dialog(self) -> None:
        from newsdesk.ui.export_dialog import ExportDialog

        ExportDialog(self).exec()

    def revisions_dialog(self) -> None:
        if self.io is None or self.is_draft:
            self.warn("No revisions yet", "Save the document to start its history of revisions.")
            return
        from newsdesk.ui.revisions_dialog import RevisionsDialog

        RevisionsDialog(self).exec()

    def about(self) -> None:
        from newsdesk.ui.about_dialog import AboutDialog

        AboutDialog(self, self.session.profile).exec()

    # ------------------------------------------------------------------ view
    def set_preview_layout(self, layout: str) -> None:
        self.act_layout[layout].setChecked(True)
        self.editor_box.setVisible(layout != "preview")
        self.preview.setVisible(layout != "editor")
        self.settings.set_preview_layout(layout)

    def set_preview_width(self, width: str) -> None:
        self.act_width[width].setChecked(True)
        self.preview.set_phone_width(width == "phone")
        self.settings.set_preview_width(width)

    def set_sync_scrolling(self, on: bool) -> None:
        self.act_sync_scroll.setChecked(on)
        self.scroll_sync.set_enabled(on)
        self.settings.set_sync_scrolling(on)

    def apply_theme(self, effective: str) -> None:
        self.editor.set_colors(colors_for(effective))
        for key, act in self.act_theme.items():
            act.setChecked(key == self.settings.theme())

    def _restore_layout(self) -> None:
        geometry = self.settings.window_state("geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1400, 900)
        sizes = self.settings.splitter_sizes()
        if sizes and all(s >= 150 for s in sizes):
            self.splitter.setSizes(sizes)
        else:
            self.splitter.setSizes([10_000, 10_000])
        self.set_preview_layout(self.settings.preview_layout())
        self.set_preview_width(self.settings.preview_width())

    def _save_layout(self) -> None:
        self.settings.set_window_state("geometry", self.saveGeometry())
        self.settings.set_window_state("state", self.saveState())
        sizes = self.splitter.sizes()
        if all(s >= 150 for s in sizes):
            self.settings.set_splitter_sizes(sizes)
        self.settings.sync()

    def _update_title(self) -> None:
        suffix = " (read-only)" if self.session.read_only else ""
        self.setWindowTitle(f"{self.document_title()}[*]{suffix} — newsdesk")
        self.setWindowModified(self.session.modified)

    # ------------------------------------------------------------------ changes
    def _article_changed(self, part: str) -> None:
        if part == PART_BODY:
            self._outline_timer.start()
        if not self.session.read_only:
            self.autosave.changed()
        if self.session.modified:
            self.status.set_state("Unsaved changes")
        self._update_title()

    def _refresh_outline(self) -> None:
        self.outline.set_text(self.session.article.body)
        self._follow_cursor()

    def _follow_cursor(self) -> None:
        self.outline.follow_line(self.editor.textCursor().blockNumber())

    # ------------------------------------------------------------------ drops
    def dragEnterEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self._dropped_documents(event.mimeData()):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dropEvent(self, event) -> None:  # noqa: N802 - Qt's name
        paths = self._dropped_documents(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.app.open_paths(paths)
        else:
            super().dropEvent(event)

    @staticmethod
    def _dropped_documents(mime) -> list[Path]:
        if not mime.hasUrls():
            return []
        paths = [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]
        return [p for p in paths if p.suffix.lower() in OPENABLE_SUFFIXES]

    # ------------------------------------------------------------------ closing
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if self._closing:
            event.accept()
            return
        if self.session.modified and not self.session.read_only:
            choice = self.ask_save_changes()
            if choice == CANCEL:
                event.ignore()
                return
            if choice == SAVE:
                event.ignore()
                # close once the save is on disk (never with a half-done save)
                self.save(then=self._close_after_save)
                return
            self._finish_close(discard=True)
        else:
            self._finish_close(discard=False)
        event.accept()

    def _close_after_save(self) -> None:
        if not self.session.modified:
            self._finish_close(discard=False)
            self._closing = True
            self.close()

    def close_without_asking(self) -> None:
        """Close at shutdown: unsaved work stays recoverable (autosave, draft)."""
        if not self._closing:
            if self.session.modified and not self.session.read_only:
                self.autosave_now()
            self._finish_close(discard=False, keep_draft=self.session.modified)
        self.close()

    def _finish_close(self, *, discard: bool, keep_draft: bool = False) -> None:
        self._closing = True
        self.autosave.stop()
        self._save_layout()
        self.worker.shutdown(wait=True)  # pending autosaves reach the disk first
        QCoreApplication.sendPostedEvents(None, QEvent.Type.MetaCall.value)  # and report back
        io, self.io = self.io, None
        if io is not None:
            path = io.path
            try:
                if discard and not self.is_draft and not io.read_only:
                    io.discard_autosave()
            except (NewsdeskError, OSError) as exc:
                self.statusBar().showMessage(str(exc))
            finally:
                io.close()
            if self.is_draft and not keep_draft:
                discard_draft(path)
        self.preview.close_preview()
        self.app.window_closed(self)
        self.window_closed.emit()
