"""The live preview: the exact portal page from the core renderer, loaded once
and then patched in place as the article changes.

Rendering happens in the render worker (see render_worker.py); the result is
diffed into the DOM by resources/ui/preview.js, which runs in an isolated
JavaScript world. The page itself runs no script (JavaScript is off for the
main world), reaches no network and no local file: a request interceptor
lets through only this preview's own scheme and data: URLs. A clicked link
opens in the system browser and never navigates the preview."""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QFile, QIODevice, QObject, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWebChannel import QWebChannel
from PySide6.QtWebEngineCore import (
    QWebEnginePage,
    QWebEngineProfile,
    QWebEngineScript,
    QWebEngineSettings,
    QWebEngineUrlRequestInfo,
    QWebEngineUrlRequestInterceptor,
)
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QWidget

from newsdesk.resources import resource_path
from newsdesk.ui.preview_address import SCHEME, media_prefix, page_address
from newsdesk.ui.preview_scheme import PreviewSchemeHandler, PreviewSource
from newsdesk.ui.render_job import BodyPatchResult, PreviewResult
from newsdesk.ui.render_worker import RenderService
from newsdesk.ui.session import ALL_PARTS, PART_BODY, PART_IMAGES, DocumentSession

PHONE_WIDTH = 390
PATCH_WORLD = QWebEngineScript.ScriptWorldId.ApplicationWorld
_ALLOWED_SCHEMES = frozenset({SCHEME, "data"})
_EXTERNAL_SCHEMES = frozenset({"http", "https", "mailto"})


class LocalOnlyInterceptor(QWebEngineUrlRequestInterceptor):
    """Blocks every request that is not for the preview scheme or a data: URL."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.blocked: list[str] = []

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:  # noqa: N802
        url = info.requestUrl()
        if url.scheme() not in _ALLOWED_SCHEMES:
            self.blocked.append(url.toString())
            del self.blocked[:-50]
            info.block(True)


class _PreviewProfile(QObject):
    """The off-the-record browser profile every preview shares."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.profile = QWebEngineProfile(self)  # no storage name: off the record
        self.profile.setHttpCacheType(QWebEngineProfile.HttpCacheType.MemoryHttpCache)
        self.profile.setPersistentCookiesPolicy(
            QWebEngineProfile.PersistentCookiesPolicy.NoPersistentCookies
        )
        self.handler = PreviewSchemeHandler(self)
        self.profile.installUrlSchemeHandler(SCHEME.encode(), self.handler)
        self.interceptor = LocalOnlyInterceptor(self)
        self.profile.setUrlRequestInterceptor(self.interceptor)
        script = QWebEngineScript()
        script.setName("newsdesk-patch")
        # The web channel's client comes first, in the same isolated world:
        # scroll reports reach Python without the page running any script.
        script.setSourceCode(
            _web_channel_client() + resource_path("ui", "preview.js").read_text(encoding="utf-8")
        )
        script.setInjectionPoint(QWebEngineScript.InjectionPoint.DocumentReady)
        script.setWorldId(PATCH_WORLD)
        script.setRunsOnSubFrames(False)
        self.profile.scripts().insert(script)


def _web_channel_client() -> str:
    """qwebchannel.js as Qt ships it (a Qt resource)."""
    file = QFile(":/qtwebchannel/qwebchannel.js")
    if not file.open(QIODevice.OpenModeFlag.ReadOnly):
        raise RuntimeError("Qt WebChannel's qwebchannel.js is missing from this Qt")
    try:
        return bytes(file.readAll().data()).decode("utf-8") + "\n;\n"
    finally:
        file.close()


class ScrollBridge(QObject):
    """The page's scroll sync reports (a QWebChannel object in the patch world)."""

    # window.scrollY after a scroll the page did not get from us; True when the
    # layout had just changed (the browser keeping the view steady, not the reader)
    scrolled = Signal(float, bool)
    geometry_changed = Signal(object)  # dict: lines, tops, bottom, scrollY, viewport, height
    clicked = Signal(int)  # source line of the clicked body block

    @Slot(float, bool)
    def report_scroll(self, y: float, relayout: bool) -> None:
        self.scrolled.emit(float(y), bool(relayout))

    @Slot(str)
    def report_geometry(self, data: str) -> None:
        try:
            value = json.loads(data)
        except ValueError:
            return
        if isinstance(value, dict):
            self.geometry_changed.emit(value)

    @Slot(int)
    def report_click(self, line: int) -> None:
        self.clicked.emit(int(line))


_shared: dict[str, _PreviewProfile] = {}


def preview_profile() -> _PreviewProfile:
    """Created on first use, owned by the application."""
    from PySide6.QtCore import QCoreApplication

    app = QCoreApplication.instance()
    key = str(id(app))
    if key not in _shared:
        _shared.clear()
        _shared[key] = _PreviewProfile(app)
    return _shared[key]


class PreviewView(QWebEngineView):
    """The browser's own right-click menu (Back, Reload, Save page, View page
    source) has no place in a preview. Overridden rather than switched off with
    setContextMenuPolicy: naming a `Qt` enum here would make PySide build that
    namespace on the UI thread while the editor starts (see EditorApp.ensure_theme)."""

    def contextMenuEvent(self, event) -> None:  # noqa: N802 - Qt's name
        event.ignore()


class PreviewPage(QWebEnginePage):
    """Accepts only loads of its own page; links go to the system browser."""

    def __init__(self, profile: QWebEngineProfile, parent=None) -> None:
        super().__init__(profile, parent)
        self.open_external: Callable[[QUrl], Any] = QDesktopServices.openUrl
        s = self.settings()
        attr = QWebEngineSettings.WebAttribute
        s.setAttribute(attr.JavascriptEnabled, False)  # the page's own scripts; ours run isolated
        s.setAttribute(attr.JavascriptCanOpenWindows, False)
        s.setAttribute(attr.LocalContentCanAccessRemoteUrls, False)
        s.setAttribute(attr.LocalContentCanAccessFileUrls, False)
        s.setAttribute(attr.PluginsEnabled, False)
        s.setAttribute(attr.ErrorPageEnabled, False)
        s.setAttribute(attr.NavigateOnDropEnabled, False)
        s.setAttribute(attr.AutoLoadImages, True)

    def acceptNavigationRequest(self, url: QUrl, nav_type, is_main_frame: bool) -> bool:  # noqa: N802
        current = self.url()
        same_page = (
            url.scheme() == SCHEME
            and url.host() == current.host()
            and url.path() in ("", "/", current.path())
        )
        if nav_type == QWebEnginePage.NavigationType.NavigationTypeLinkClicked:
            if same_page and url.hasFragment():
                return True  # in-page anchor (#faqs)
            self._open_outside(url)
            return False
        return url.scheme() == SCHEME

    def createWindow(self, _type) -> QWebEnginePage:  # noqa: N802 - Qt's name
        """target=_blank: catch the navigation, open it outside, drop the page."""
        return _PopupCatcher(self.profile(), self._open_outside, self)

    def _open_outside(self, url: QUrl) -> None:
        if url.scheme() in _EXTERNAL_SCHEMES:
            self.open_external(url)


class _PopupCatcher(QWebEnginePage):
    def __init__(self, profile, opener, parent) -> None:
        super().__init__(profile, parent)
        self._opener = opener

    def acceptNavigationRequest(self, url, _nav_type, _is_main_frame) -> bool:  # noqa: N802
        self._opener(url)
        self.deleteLater()
        return False


class PreviewPane(QWidget):
    """Shows the session's article as the portal page, following every change."""

    patched = Signal(int)  # generation shown (loaded or patched)
    scrolled = Signal(float, bool)  # window.scrollY, moved by a layout change (see ScrollBridge)
    geometry_changed = Signal(object)  # block tops moved (dict, see ScrollBridge)
    block_clicked = Signal(int)  # a plain click on the body block starting at this line
    stats_changed = Signal(int, int)  # words, characters
    render_failed = Signal(str)

    def __init__(
        self,
        session: DocumentSession,
        renderer: RenderService,
        parent: QWidget | None = None,
        *,
        debounce_ms: int = 15,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("preview")
        self.session = session
        self.renderer = renderer
        shared = preview_profile()
        self._handler: PreviewSchemeHandler = shared.handler
        self.token = self._handler.add_source(
            PreviewSource(self._serve_page, self._serve_image),
            renderer.take_prerendered(session.path),  # its page may be rendered already
        )
        self.view = PreviewView(self)
        self.view.setAccessibleName("Preview of the portal page")
        self.view.setAcceptDrops(False)
        self.scroll_bridge = ScrollBridge(self)
        self.scroll_bridge.scrolled.connect(self.scrolled)
        self.scroll_bridge.geometry_changed.connect(self.geometry_changed)
        self.scroll_bridge.clicked.connect(self.block_clicked)
        self.page = self._new_page(shared.profile)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addStretch(0)
        layout.addWidget(self.view, 1)
        layout.addStretch(0)
        self._phone = False
        self._closed = False

        self.html = ""  # the newest rendered page
        self._html_generation = 0
        self._requested = 0  # generation of the newest render asked for
        self.shown_generation = 0  # generation on screen
        self._served_generation = 0
        self._in_flight = False
        self._pending = False
        self._loaded = False
        self._loading = False
        self._media_generation = 0
        self._dirty: set[str] = set(ALL_PARTS)  # parts changed since the last submitted render
        self._dom_body: str | None = None  # the body text the page shows
        self.last_patch: dict = {}
        self.stats: tuple[int, int] | None = None  # words, characters of the newest render
        self._renderer_deaths: list[float] = []  # when the page's renderer process ended
        self.last_body_stats: dict = {}
        self._debounce = QTimer(self, singleShot=True, interval=debounce_ms)
        self._debounce.timeout.connect(self._submit)
        session.changed.connect(self._article_changed)
        self.request_render(now=True)
        # Load at once: the request waits for the first render (preview_scheme),
        # and meanwhile Qt WebEngine starts the page's renderer process.
        self._load_page()

    def _new_page(self, profile: QWebEngineProfile) -> PreviewPage:
        page = PreviewPage(profile, self.view)
        self.view.setPage(page)
        channel = QWebChannel(page)
        channel.registerObject("newsdeskScroll", self.scroll_bridge)
        page.setWebChannel(channel, PATCH_WORLD)
        page.loadFinished.connect(self._load_finished)
        page.renderProcessTerminated.connect(self._renderer_gone)
        return page

    # -- layout ------------------------------------------------------------
    def set_phone_width(self, phone: bool) -> None:
        self._phone = phone
        if phone:
            self.view.setFixedWidth(PHONE_WIDTH)
            self.view.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)
        else:
            self.view.setMinimumWidth(0)
            self.view.setMaximumWidth(16_777_215)
            self.view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        layout = self.layout()
        layout.setStretch(0, 1 if phone else 0)
        layout.setStretch(1, 0 if phone else 1)
        layout.setStretch(2, 1 if phone else 0)

    @property
    def phone_width(self) -> bool:
        return self._phone

    # -- serving -----------------------------------------------------------
    def page_url(self) -> QUrl:
        return QUrl(page_address(self.token))

    def _media_prefix(self) -> str:
        return media_prefix(self.token, self._media_generation)

    def _serve_page(self) -> str | None:
        if not self._html_generation:
            return None  # not rendered yet: the request waits for _show
        self._served_generation = self._html_generation
        return self.html

    def _serve_image(self, name: str) -> tuple[str, bytes] | None:
        image = self.session.article.image_by_filename(name)
        return (image.media_type, image.data) if image is not None else None

    # -- rendering ---------------------------------------------------------
    def _article_changed(self, part: str) -> None:
        self._dirty.add(part)
        if part == PART_IMAGES:
            self._media_generation += 1  # new bytes under an old name must reload
        self.request_render()

    def request_render(self, *, now: bool = False) -> None:
        if now:
            self._debounce.stop()
            self._submit()
        else:
            self._debounce.start()

    def _submit(self) -> None:
        if self._in_flight:
            self._pending = True  # one render at a time; the newest text goes next
            return
        self._requested += 1
        generation = self._requested
        self._in_flight = True
        parts, self._dirty = self._dirty, set()
        body = self.session.article.body
        if parts <= {PART_BODY} and self._loaded and self._dom_body is not None:
            # Typing: only the changed body blocks are rendered and patched.
            self.renderer.submit_body(
                self.token,
                self._dom_body,
                body,
                self._media_prefix(),
                lambda outcome: self._body_rendered(generation, outcome),
            )
            return
        self.renderer.submit(
            self.session.article,
            self.session.profile,
            self._media_prefix(),
            lambda outcome: self._rendered(generation, outcome, body),
            self.token,
        )

    def _alive(self) -> bool:
        return not self._closed and shiboken6.isValid(self)

    def _rendered(self, generation: int, outcome: PreviewResult | BaseException, body: str) -> None:
        if not self._alive():
            return
        self._in_flight = False
        if isinstance(outcome, BaseException):
            self.render_failed.emit(f"The preview could not be rendered: {outcome}")
        elif generation > self._html_generation:  # anything older is stale: dropped
            self._set_stats(outcome.words, outcome.characters)
            self._dom_body = body
            self._show(generation, outcome.html)
        self._next()

    def _body_rendered(self, generation: int, outcome: BodyPatchResult | BaseException) -> None:
        if not self._alive():
            return
        self._in_flight = False
        if isinstance(outcome, BaseException):
            self.render_failed.emit(f"The preview could not be rendered: {outcome}")
            self._dirty.update(ALL_PARTS)  # start again from a full render
            self._pending = True
        elif not self._loaded:  # the page is being loaded again: a full render replaces it
            self._dirty.update(ALL_PARTS)
            self._pending = True
        elif generation > self._html_generation:
            self._set_stats(outcome.words, outcome.characters)
            self._dom_body = outcome.body
            self._html_generation = generation
            self.last_body_stats = outcome.stats
            self._patch_body(generation, outcome.patch)
        self._next()

    def _set_stats(self, words: int, characters: int) -> None:
        self.stats = (words, characters)
        self.stats_changed.emit(words, characters)

    def _next(self) -> None:
        if self._pending:
            self._pending = False
            self._submit()

    def _show(self, generation: int, html: str) -> None:
        self.html = html
        self._html_generation = generation
        if not self._loaded:
            if not self._loading:
                self._load_page()
            else:
                self._handler.page_ready(self.token)
            return  # _load_finished patches in anything newer than what was served
        self._patch()

    def _load_page(self) -> None:
        self._loading = True
        self.page.load(self.page_url())

    def _load_finished(self, ok: bool) -> None:
        if not self._loading:
            return
        self._loading = False
        self._loaded = ok
        if not ok:
            self.render_failed.emit("The preview page could not be loaded")
            return
        self.shown_generation = self._served_generation
        self.patched.emit(self.shown_generation)
        if self._html_generation > self._served_generation:
            self._patch()

    def _renderer_gone(self, _status, _exit_code: int) -> None:
        """Qt WebEngine's renderer process ended (crashed, killed, out of
        memory): the view would stay blank. Load the page again, from a full
        render of the current text (the page request waits for it)."""
        if not self._alive():
            return
        now = time.monotonic()
        self._renderer_deaths = [t for t in self._renderer_deaths if now - t < 60] + [now]
        if len(self._renderer_deaths) > 3:  # the page itself kills it: do not loop
            self.render_failed.emit(
                "The preview stopped again and again; reopen the document to try again"
            )
            return
        self.render_failed.emit("The preview stopped unexpectedly; it is being reloaded")
        self._loaded = False
        self._dom_body = None
        self._html_generation = 0
        self._dirty.update(ALL_PARTS)
        # A new page: the old one's next renderer would not get the profile's
        # patch script injected again (Qt WebEngine 6.11), and the page is
        # useless without it.
        old, self.page = self.page, self._new_page(self.page.profile())
        old.deleteLater()
        self._load_page()
        self.request_render(now=True)

    def _patch(self) -> None:
        generation = self._html_generation
        script = (
            "(function(){try{return JSON.stringify(window.__newsdesk.patch("
            f"{json.dumps(self.html)}, {generation}));"
            "}catch(e){return JSON.stringify({error: String(e && e.stack || e)});}})()"
        )
        self.page.runJavaScript(script, PATCH_WORLD, lambda r: self._patched(generation, r))

    def _patch_body(self, generation: int, patch: dict) -> None:
        """Apply an incremental body patch to #article-body."""
        script = (
            "(function(){try{return JSON.stringify(window.__newsdesk.patchBody("
            f"{json.dumps(patch)}, {generation}));"
            "}catch(e){return JSON.stringify({error: String(e && e.stack || e)});}})()"
        )
        self.page.runJavaScript(script, PATCH_WORLD, lambda r: self._patched(generation, r))

    def _patched(self, generation: int, result) -> None:
        if not self._alive():
            return
        try:
            result = json.loads(result) if isinstance(result, str) else {}
        except ValueError:
            result = {}
        if isinstance(result, dict):
            self.last_patch = result
            if "error" in result:
                self.render_failed.emit(f"The preview could not be updated: {result['error']}")
                self._dirty.update(ALL_PARTS)
                self.request_render()
                return
        if generation > self.shown_generation:
            self.shown_generation = generation
            self.patched.emit(generation)

    def run_js(self, script: str, callback: Callable[[Any], None]) -> None:
        """Run a script in the patch world (tests and scroll sync read the DOM)."""
        self.page.runJavaScript(script, PATCH_WORLD, callback)

    def scroll_to(self, y: float) -> None:
        """Scroll the page without the page reporting this scroll back."""
        script = f"window.__newsdesk && window.__newsdesk.scrollTo({float(y)!r}); 0"
        self.page.runJavaScript(script, PATCH_WORLD)

    def measure(self, callback: Callable[[dict], None]) -> None:
        """Ask the page where its body blocks are now (see ScrollBridge)."""

        def done(result) -> None:
            if not self._alive() or not isinstance(result, str):
                return
            try:
                value = json.loads(result)
            except ValueError:
                return
            if isinstance(value, dict):
                callback(value)

        self.run_js("window.__newsdesk ? JSON.stringify(window.__newsdesk.geometry()) : null", done)

    def is_current(self) -> bool:
        """The page shows the newest text (no render or patch outstanding)."""
        return (
            not self._in_flight
            and not self._pending
            and not self._debounce.isActive()
            and self.shown_generation == self._requested
        )

    def close_preview(self) -> None:
        self._closed = True
        self.renderer.forget(self.token)
        self._debounce.stop()
        self._handler.remove_source(self.token)
        with contextlib.suppress(RuntimeError, TypeError):
            self.session.changed.disconnect(self._article_changed)
