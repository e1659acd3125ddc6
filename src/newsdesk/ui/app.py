"""Starting the editor: the display check, the QApplication, the windows (one
per document), recent files and crash recovery.

Start-up order matters (benchmarks/bench_editor.py, "start"): the render worker
process is spawned before Qt is imported (`newsdesk` passes it in as
`render_process`) and told to render the opened document's page, so it does
that on the other core while this process starts Qt. The window's preview is
made first and starts loading at once, while a thread imports the rest of the
window's modules (ui.background_import); while the window is then built, the
event loop gets a turn now and then (`startup_yield`) so that Qt WebEngine
fetches and lays out the page meanwhile instead of afterwards."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from newsdesk import APP_ID
from newsdesk.errors import DocumentLockedError, FileProblem, NewsdeskError
from newsdesk.profile.model import Profile
from newsdesk.ui.preview_scheme import register_preview_scheme
from newsdesk.ui.qt_application import NewsdeskApplication
from newsdesk.ui.render_process import RenderProcess
from newsdesk.ui.render_worker import RenderService
from newsdesk.ui.settings import Settings, set_application_names
from newsdesk.ui.theme import apply_theme, style_arguments, style_chosen

if TYPE_CHECKING:
    from newsdesk.model.article import Article
    from newsdesk.ui.document_io import DocumentIO
    from newsdesk.ui.main_window import MainWindow
    from newsdesk.ui.recovery import Recoverable, SessionRecord
    from newsdesk.ui.session import DocumentSession

EXIT_NO_DISPLAY = 2

NO_DISPLAY_MESSAGE = (
    "newsdesk: error: no display found, so the editor window cannot open.\n"
    "Run it inside a desktop session (DISPLAY or WAYLAND_DISPLAY set), start a virtual "
    "display with `xvfb-run newsdesk`, or set QT_QPA_PLATFORM=offscreen to run without "
    "one. Commands such as `newsdesk export` work without a display."
)


def display_available(environ=None, platform: str | None = None) -> bool:
    """Qt aborts the process when X11/Wayland has no display: check first.
    Windows and macOS always have one."""
    env = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    if platform.startswith(("win", "darwin")):
        return True
    if env.get("QT_QPA_PLATFORM"):
        return True
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))


def create_qt_application() -> QApplication:
    """The QApplication, created after the preview's URL scheme is registered."""
    register_preview_scheme()
    set_application_names()
    existing = QApplication.instance()
    if existing is not None:
        return existing
    app = NewsdeskApplication([sys.argv[0], *style_arguments()])
    style_chosen(app)
    QGuiApplication.setDesktopFileName(APP_ID)
    from newsdesk.ui.app_icon import app_icon

    app.setWindowIcon(app_icon())  # title bars and task switchers (X11, Windows)
    return app


def run_editor(
    files: list[Path],
    profile: Profile,
    profile_warnings: Sequence[str] = (),
    render_process: RenderProcess | None = None,
) -> int:
    """`newsdesk [FILE...]`: open the editor; returns the exit code.
    `profile_warnings` (broken newsroom profiles, skipped) are shown in the window:
    a writer who starts newsdesk from the desktop never sees stderr.
    `render_process`: the preview's worker, started early (see the module)."""
    if not display_available():
        if render_process is not None:
            render_process.stop()
        print(NO_DISPLAY_MESSAGE, file=sys.stderr)
        return EXIT_NO_DISPLAY
    qt_app = create_qt_application()
    editor = EditorApp(profile, render_process=render_process)
    _quit_on_sigterm(editor)
    try:
        editor.start([Path(f) for f in files])
        if editor.terminated:  # SIGTERM while a start-up dialog was open
            return 0
        editor.show_profile_warnings(profile_warnings)
        schedule_smoke_quit(editor)
        return int(qt_app.exec())
    finally:
        editor.shutdown()


def _quit_on_sigterm(editor: EditorApp) -> None:
    """A logout or `kill` (SIGTERM) closes like shutdown: unsaved work is
    autosaved and stays recoverable. Python runs signal handlers only between
    bytecodes, so a timer hands it control while Qt's loop runs."""
    if not hasattr(signal, "SIGTERM"):
        return
    signal.signal(signal.SIGTERM, lambda *_: QTimer.singleShot(0, editor.terminate))
    ticker = QTimer(editor)
    ticker.timeout.connect(lambda: None)
    ticker.start(250)


# What the first window imports beyond the preview (see ui.background_import).
WINDOW_MODULES = ("newsdesk.ui.main_window", "newsdesk.ui.panels")

SMOKE_QUIT_ENV = "NEWSDESK_SMOKE_QUIT_AFTER_MS"
SMOKE_SCREENSHOT_ENV = "NEWSDESK_SMOKE_SCREENSHOT"


def schedule_smoke_quit(editor: EditorApp) -> None:
    """For the installer smoke test (packaging/smoke_test.py) and the start-up
    benchmark only: with NEWSDESK_SMOKE_QUIT_AFTER_MS=N the editor reports its
    shown windows on stderr N ms after the event loop starts (and which render
    of the page its preview shows: 0 means none arrived), saves a screenshot of
    the first if NEWSDESK_SMOKE_SCREENSHOT=FILE.png, and quits (exit 0 if a
    window was shown, else 1). With the value `ready` it does so as soon as the
    first window is shown with its preview loaded. Unset, as for every writer,
    it does nothing."""
    value = os.environ.get(SMOKE_QUIT_ENV, "").strip()
    if not value:
        return

    def finish() -> None:
        shown = [window for window in editor.windows if window.isVisible()]
        for window in shown:
            print(f"newsdesk: smoke: window shown: {window.windowTitle()}", file=sys.stderr)
            # the render worker (a second process of this app) rendered the page
            print(
                f"newsdesk: smoke: preview generation {window.preview.shown_generation}",
                file=sys.stderr,
            )
        screenshot = os.environ.get(SMOKE_SCREENSHOT_ENV)
        if screenshot and shown:
            shown[0].grab().save(screenshot)
        sys.stderr.flush()
        QApplication.exit(0 if shown else 1)

    if value == "ready":
        if not editor.windows:
            QTimer.singleShot(0, finish)
            return
        window = editor.windows[0]
        finished: list[bool] = []

        def finish_when_ready(*_args: object) -> None:
            if not finished and window.isVisible() and window.preview.shown_generation >= 1:
                finished.append(True)
                finish()

        window.preview.patched.connect(finish_when_ready)
        QTimer.singleShot(0, finish_when_ready)  # it may have loaded during start()
        return
    try:
        delay = max(0, int(value))
    except ValueError:
        print(f"newsdesk: warning: {SMOKE_QUIT_ENV}={value!r} is not a number", file=sys.stderr)
        return
    QTimer.singleShot(delay, finish)


class EditorApp(QObject):
    """The windows of this process and what they share: settings, the render
    worker, the session record used for crash recovery."""

    def __init__(
        self,
        profile: Profile,
        *,
        render_mode: str = "process",
        render_process: RenderProcess | None = None,
    ) -> None:
        super().__init__()
        self.profile = profile
        self.renderer = RenderService(render_mode, self, render_process)
        self.renderer.start()  # adopts the early worker, or spawns one now
        self.settings = Settings()
        self.windows: list[MainWindow] = []
        self.record: SessionRecord | None = None
        self._theme_hint_connected = False
        self._theme_applied = False  # see ensure_theme
        self.terminated = False  # see terminate
        self._starting = False
        self._desktop: NewsdeskApplication | None = None  # whose file requests we take
        qt_app = QCoreApplication.instance()
        if isinstance(qt_app, NewsdeskApplication):
            self._desktop = qt_app
            qt_app.file_open_requested.connect(self._file_open_requested)

    # -- start and stop -------------------------------------------------------
    def start(self, files: list[Path], *, recover: bool = True) -> None:
        from newsdesk.ui.recovery import SessionRecord

        self.renderer.start()
        if recover:
            self.offer_recovery()
        self.record = SessionRecord()
        with self._starting_up():
            self.open_paths(files)
        self.open_requested_files()  # what the desktop asked for meanwhile
        if not self.windows and not self.terminated:
            with self._starting_up():
                self.new_window()
            self.open_requested_files()  # asked for while that window was built

    @contextlib.contextmanager
    def _starting_up(self) -> Iterator[None]:
        """The first windows are being built (see startup_yield)."""
        self._starting = True
        try:
            yield
        finally:
            self._starting = False

    def _file_open_requested(self) -> None:
        # Later, from the event loop (the request may come in the middle of
        # something). A zero timer, not a queued connection: naming the
        # connection type would make PySide build `Qt` early (see ensure_theme).
        QTimer.singleShot(0, self.open_requested_files)

    def open_requested_files(self) -> None:
        """Open the files the desktop asked for (NewsdeskApplication). Not
        while start() builds a window: it opens them after its own files."""
        if self._starting or self._desktop is None:
            return
        opened = self.open_paths([Path(f) for f in self._desktop.take_requested_files()])
        if opened:
            opened[-1].raise_()
            opened[-1].activateWindow()

    def startup_yield(self) -> None:
        """While the first windows are built: let the event loop run what is
        waiting (Qt WebEngine loading the preview, the worker's first page),
        user input excepted. Outside start-up it does nothing: a window built
        from a menu command must not run other events halfway."""
        if self._starting:
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)

    def show_profile_warnings(self, warnings: Sequence[str]) -> None:
        """Name broken profiles in the status bar (the full list in its tooltip)."""
        if not warnings or not self.windows:
            return
        bar = self.windows[0].statusBar()
        count = len(warnings)
        bar.showMessage(
            f"Newsroom profile problem{'s' if count > 1 else ''}: {warnings[0]}"
            + (f" (and {count - 1} more)" if count > 1 else ""),
            30_000,
        )
        bar.setToolTip("\n".join(warnings))

    def shutdown(self) -> None:
        if self._desktop is not None:
            self._desktop.file_open_requested.disconnect(self._file_open_requested)
            self._desktop = None
        for window in list(self.windows):
            window.close_without_asking()
        self.renderer.shutdown()
        if self.record is not None:
            self.record.close()
            self.record = None

    def terminate(self) -> None:
        """Leave now without questions (SIGTERM), also from a dialog shown
        while start() runs: Qt's event loop is not running yet then, so
        QApplication.quit() alone would do nothing (run_editor checks
        `terminated`); open dialogs are closed as if cancelled."""
        self.terminated = True
        for window in list(self.windows):
            window.close_without_asking()
        for widget in QApplication.topLevelWidgets():
            if widget.isModal() and widget.isVisible():
                widget.close()
        QApplication.quit()

    def quit(self) -> None:
        """Close every window (each may ask to save); quit when all closed."""
        for window in list(self.windows):
            if not window.close():
                return
        if not self.windows:
            QApplication.quit()

    # -- theme ----------------------------------------------------------------
    def ensure_theme(self) -> None:
        """Apply the theme before the first window or dialog, not when the
        editor is made: asking Qt for the system's colour scheme makes PySide
        build its whole `Qt` namespace (~30 ms of Python enums). At start-up
        the first window's background import builds it instead, while the UI
        thread waits for Qt WebEngine (see _add_window)."""
        if not self._theme_applied:
            self.apply_theme()

    def apply_theme(self) -> None:
        app = QApplication.instance()
        effective = apply_theme(app, self.settings.theme())
        self._theme_applied = True
        for window in self.windows:
            window.apply_theme(effective)
        if not self._theme_hint_connected:
            hints = QGuiApplication.styleHints()
            if hasattr(hints, "colorSchemeChanged"):
                hints.colorSchemeChanged.connect(self._system_scheme_changed)
            self._theme_hint_connected = True

    def _system_scheme_changed(self, _scheme) -> None:
        if self.settings.theme() == "system":
            self.apply_theme()

    def set_theme(self, theme: str) -> None:
        self.settings.set_theme(theme)
        self.apply_theme()

    # -- dialogs (tests replace these hooks) ------------------------------------
    def show_error(self, parent: QWidget | None, title: str, text: str) -> None:
        self.ensure_theme()
        QMessageBox.warning(parent, title, text)

    def ask_read_only(self, parent: QWidget | None, error: DocumentLockedError) -> bool:
        self.ensure_theme()
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Document in use")
        box.setText(f"{error.path.name} is already open in another newsdesk.")
        box.setInformativeText(
            f"It {error.problem}. Open a read-only copy? (Save As keeps your changes.)"
        )
        read_only = box.addButton("Open Read-Only", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is read_only

    def choose_recovery(self, items: list[Recoverable]) -> tuple[int, list[Recoverable]]:
        from newsdesk.ui.recovery_dialog import RecoveryDialog

        self.ensure_theme()
        dialog = RecoveryDialog(items)
        dialog.exec()
        return dialog.choice, dialog.selected()

    # -- windows ----------------------------------------------------------------
    def _add_window(self, session: DocumentSession, io: DocumentIO | None, *, draft=False):
        from newsdesk.ui.preview import PreviewPane

        window_modules = None
        if self._starting:
            from newsdesk.ui.background_import import BackgroundImport

            window_modules = BackgroundImport(WINDOW_MODULES)
        # While the import runs, this thread must not use a Qt class (nor `Qt`)
        # that those modules use first: see ui.background_import.
        preview = PreviewPane(session, self.renderer)  # starts loading (see the module)
        if window_modules is not None:
            window_modules.wait()  # the page loads meanwhile
        self.ensure_theme()
        self.startup_yield()
        from newsdesk.ui.main_window import MainWindow

        self.startup_yield()
        window = MainWindow(self, session, io, draft=draft, preview=preview)
        self.windows.append(window)
        window.show()
        self.document_paths_changed()
        return window

    def new_window(self, article: Article | None = None) -> MainWindow:
        from newsdesk.model.article import Article
        from newsdesk.ui.session import DocumentSession

        if article is None:
            article = Article(language=self.profile.default_language)
        return self._add_window(DocumentSession(article, self.profile), None)

    def window_for(self, path: Path) -> MainWindow | None:
        path = Path(path).absolute()
        for window in self.windows:
            if window.session.path is not None and window.session.path.absolute() == path:
                return window
        return None

    def window_closed(self, window: MainWindow) -> None:
        if window in self.windows:
            self.windows.remove(window)
        self.document_paths_changed()

    def document_paths_changed(self) -> None:
        if self.record is not None:
            self.record.write([w.session.path for w in self.windows if w.session.path is not None])

    def open_paths(self, paths: list[Path]) -> list[MainWindow]:
        opened = []
        for path in paths:
            if self.terminated:
                break
            window = self.open_path(Path(path))
            if window is not None:
                opened.append(window)
        return opened

    def open_path(self, path: Path, *, parent: QWidget | None = None) -> MainWindow | None:
        """Open (or focus) a document; .md and .zip are imported into a new
        untitled document. Problems are shown; None when nothing opened."""
        from newsdesk.interchange import kind_of, load_article
        from newsdesk.ui.session import DocumentSession

        path = Path(path).absolute()
        parent = parent or (self.windows[-1] if self.windows else None)
        existing = self.window_for(path)
        if existing is not None:
            existing.show()
            existing.raise_()
            existing.activateWindow()
            return existing
        pristine = [w for w in self.windows if w.is_pristine]
        try:
            kind = kind_of(path)
            if not path.exists():
                raise FileProblem(path, "does not exist")
            if kind == "document":
                window = self._open_document(path, parent)
            else:
                article = load_article(path)
                session = DocumentSession(article, self.profile)
                session.mark_modified()
                window = self._add_window(session, None)
                window.statusBar().showMessage(f"Imported {path.name}; save it as a document.")
        except NewsdeskError as exc:
            self.show_error(parent, "Cannot open file", str(exc))
            return None
        except OSError as exc:
            self.show_error(parent, "Cannot open file", f"{path}: {exc.strerror or exc}")
            return None
        if window is None:
            return None
        if kind == "document":
            self.add_recent_file(path)
        for old in pristine:
            old.close()
        return window

    def _open_document(
        self, path: Path, parent: QWidget | None, *, recovered: bool = False
    ) -> MainWindow | None:
        from newsdesk.ui.document_io import DocumentIO
        from newsdesk.ui.session import DocumentSession

        try:
            io = DocumentIO.open(path)
        except DocumentLockedError as exc:
            if not self.ask_read_only(parent, exc):
                return None
            io = DocumentIO.open(path, read_only=True)
        try:
            article = io.document.load()
            unsaved = io.document.has_unsaved_autosave
        except BaseException:
            io.close()
            raise
        session = DocumentSession(article, self.profile, path)
        session.read_only = io.read_only
        window = self._add_window(session, io)
        revisions = io.document.revisions()
        saved = [r for r in revisions if r.kind == "save"]
        if saved:
            window.status.set_saved(saved[-1].created.astimezone())
        if unsaved and not io.read_only:
            session.mark_modified()
            window.status.set_state("Unsaved changes")
            window.statusBar().showMessage(
                "Restored changes that were autosaved but not saved.", 10_000
            )
        return window

    # -- recent files -----------------------------------------------------------
    def add_recent_file(self, path: Path) -> None:
        self.settings.add_recent_file(path)
        for window in self.windows:
            window.refresh_recent_menu()

    def clear_recent_files(self) -> None:
        self.settings.clear_recent_files()
        for window in self.windows:
            window.refresh_recent_menu()

    # -- crash recovery -----------------------------------------------------------
    def offer_recovery(self) -> list[MainWindow]:
        from newsdesk.ui.recovery import discard_draft, find_recoverable, forget_dead_sessions

        items = find_recoverable()
        if not items:
            forget_dead_sessions()
            return []
        from newsdesk.ui.recovery_dialog import RecoveryDialog

        choice, selected = self.choose_recovery(items)
        restored: list[MainWindow] = []
        if choice == RecoveryDialog.RESTORE:
            for item in selected:
                window = self._restore(item)
                if window is not None:
                    restored.append(window)
            forget_dead_sessions()
        elif choice == RecoveryDialog.DISCARD:
            for item in items:
                if item.draft:
                    discard_draft(item.path)
            forget_dead_sessions()
        return restored

    def _restore(self, item: Recoverable) -> MainWindow | None:
        from newsdesk.ui.document_io import DocumentIO
        from newsdesk.ui.session import DocumentSession

        if not item.draft:
            return self.open_path(item.path)
        try:
            io = DocumentIO.open(item.path)
            article = io.document.load()
        except NewsdeskError as exc:
            self.show_error(None, "Cannot recover draft", str(exc))
            return None
        session = DocumentSession(article, self.profile)
        session.mark_modified()
        window = self._add_window(session, io, draft=True)
        window.status.set_state("Recovered draft")
        return window
