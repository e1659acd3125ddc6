"""A window's .newsdesk file: its edit lock and its Document. Writes run in a
worker thread (sqlite3 releases the GIL while it writes and fsyncs), on an
article snapshot taken on the UI thread, so saving never freezes the window."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from newsdesk.errors import DocumentLockedError
from newsdesk.model.article import Article
from newsdesk.storage.document import Document, RevisionInfo
from newsdesk.storage.lock import EditLock

if TYPE_CHECKING:
    import concurrent.futures as cf


class _Bridge(QObject):
    done = Signal(object, object, object)  # callback, result, error


class Worker(QObject):
    """One background thread, started by the first write (a window that only
    reads never pays for it); callbacks run on the UI thread, in order."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor: cf.ThreadPoolExecutor | None = None
        self._bridge = _Bridge(self)
        self._bridge.done.connect(lambda cb, result, error: cb(result, error))
        self.pending = 0

    def run(
        self,
        fn: Callable[[], Any],
        callback: Callable[[Any, BaseException | None], None] | None = None,
    ) -> cf.Future:
        self.pending += 1

        def finished(future: cf.Future) -> None:
            error = future.exception()
            result = None if error else future.result()
            self._bridge.done.emit(self._finish(callback), result, error)

        if self._executor is None:
            import concurrent.futures

            self._executor = concurrent.futures.ThreadPoolExecutor(
                max_workers=1, thread_name_prefix="newsdesk-io"
            )
        future = self._executor.submit(fn)
        future.add_done_callback(finished)
        return future

    def _finish(self, callback):
        def wrapped(result, error):
            self.pending -= 1
            if callback is not None:
                callback(result, error)

        return wrapped

    def shutdown(self, wait: bool = True) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=wait)


def snapshot(article: Article) -> Article:
    """A copy for the worker; image bytes are shared (bytes never change)."""
    return copy.deepcopy(article)


class DocumentIO:
    """Owns the Document and its edit lock (read-only documents take no lock)."""

    def __init__(self, document: Document, lock: EditLock | None) -> None:
        self.document = document
        self.lock = lock

    @property
    def path(self) -> Path:
        return self.document.path

    @property
    def read_only(self) -> bool:
        return self.document.read_only

    @classmethod
    def open(cls, path: Path, *, read_only: bool = False) -> DocumentIO:
        """Raises DocumentLockedError when another process edits it (unless
        read_only), DocumentError when it cannot be opened."""
        lock = None if read_only else EditLock.acquire(path)
        try:
            document = Document.open(path, read_only=read_only)
        except BaseException:
            if lock is not None:
                lock.release()
            raise
        if document.read_only and lock is not None:
            lock.release()
            lock = None
        return cls(document, lock)

    @classmethod
    def create(cls, path: Path, article: Article, *, label: str | None = None) -> DocumentIO:
        """Write a new document (replacing a file nobody else edits)."""
        path = Path(path)
        lock = EditLock.acquire(path)
        try:
            document = Document.create(path, article, overwrite=True, label=label)
        except BaseException:
            lock.release()
            raise
        return cls(document, lock)

    def save(self, article: Article, label: str | None = None) -> RevisionInfo:
        return self.document.save(article, label=label)

    def autosave(self, article: Article) -> RevisionInfo:
        return self.document.autosave(article)

    def discard_autosave(self) -> None:
        """Closing with Discard: the last explicit save is the latest revision again."""
        self.document.discard_autosave()

    def close(self) -> None:
        try:
            self.document.close()
        finally:
            if self.lock is not None:
                self.lock.release()
                self.lock = None


__all__ = ["DocumentIO", "DocumentLockedError", "Worker", "snapshot"]
