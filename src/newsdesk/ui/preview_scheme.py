"""The preview's private URL scheme. The page and the document's images are
served from memory at the preview's own addresses (preview_address); nothing
else is reachable (see the request interceptor in preview.py).

The page request may arrive before the first render: the preview starts
loading its URL as soon as it exists, so Qt WebEngine starts its renderer
process while the window is still being built, and the request waits here
until the page's HTML is there (`page_ready`).

`register_preview_scheme()` must run before the QApplication is created."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import unquote

import shiboken6
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtWebEngineCore import (
    QWebEngineUrlRequestJob,
    QWebEngineUrlScheme,
    QWebEngineUrlSchemeHandler,
)

from newsdesk.ui.preview_address import SCHEME, new_token


def register_preview_scheme() -> None:
    if QWebEngineUrlScheme.schemeByName(SCHEME.encode()).name():
        return
    scheme = QWebEngineUrlScheme(SCHEME.encode())
    scheme.setSyntax(QWebEngineUrlScheme.Syntax.Host)
    flag = QWebEngineUrlScheme.Flag
    # Local: the page counts as local content, which the page settings forbid
    # to reach remote URLs; LocalAccessAllowed: it may load its own images.
    scheme.setFlags(flag.SecureScheme | flag.LocalScheme | flag.LocalAccessAllowed)
    QWebEngineUrlScheme.registerScheme(scheme)


@dataclass
class PreviewSource:
    """What one preview serves: its page and its document's images."""

    page: Callable[[], str | None]  # None: not rendered yet, the request waits
    image: Callable[[str], tuple[str, bytes] | None]  # file name -> (media type, bytes)


class PreviewSchemeHandler(QWebEngineUrlSchemeHandler):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._sources: dict[str, PreviewSource] = {}
        self._waiting: dict[str, list[QWebEngineUrlRequestJob]] = {}

    def add_source(self, source: PreviewSource, token: str | None = None) -> str:
        """Register a preview; returns the host (a random token) of its URLs:
        `token` when given (made with new_token) and not taken yet."""
        if token is None or token in self._sources:
            token = new_token()
        self._sources[token] = source
        return token

    def remove_source(self, token: str) -> None:
        self._sources.pop(token, None)
        for job in self._waiting.pop(token, []):
            if shiboken6.isValid(job):
                job.fail(QWebEngineUrlRequestJob.Error.RequestAborted)

    def page_ready(self, token: str) -> None:
        """The page of `token` has HTML now: answer the requests waiting for it."""
        source = self._sources.get(token)
        for job in self._waiting.pop(token, []):
            if shiboken6.isValid(job) and source is not None:
                self._reply_page(job, source)

    def requestStarted(self, job: QWebEngineUrlRequestJob) -> None:  # noqa: N802 - Qt's name
        url = job.requestUrl()
        source = self._sources.get(url.host())
        if source is None:
            job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
            return
        path = url.path()
        if path in ("", "/", "/index.html"):
            self._reply_page(job, source)
            return
        parts = path.split("/", 3)  # "", "media", generation, name
        if len(parts) == 4 and parts[1] == "media":
            found = source.image(unquote(parts[3]))
            if found is not None:
                self._reply(job, found[0], found[1])
                return
        job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)

    def _reply_page(self, job: QWebEngineUrlRequestJob, source: PreviewSource) -> None:
        html = source.page()
        if html is None:
            self._waiting.setdefault(job.requestUrl().host(), []).append(job)
            return
        self._reply(job, "text/html; charset=utf-8", html.encode("utf-8"))

    @staticmethod
    def _reply(job: QWebEngineUrlRequestJob, media_type: str, data: bytes) -> None:
        buffer = QBuffer(job)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        job.reply(media_type.encode("ascii"), buffer)
