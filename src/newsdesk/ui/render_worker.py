"""Renders the preview off the UI thread, newest text first, stale work dropped.

Thread or process? Python-Markdown is pure Python and holds the GIL; a worker
thread competes with the UI thread for it. Measured with
benchmarks/ui_render_worker.py (a 50,000-word article rendered in a loop while
the UI thread handles a 5 ms timer, i.e. typing-sized event work; 2-core
machine), see the figures in that script's docstring: with a thread the UI
thread's event latency reached tens of milliseconds per event at the 95th
percentile and beyond 100 ms at worst, with a process it stayed at the
baseline (~1 ms). So the preview renders in one spawned worker process
(`mode="process"`); `mode="thread"` exists for that measurement.
"""

from __future__ import annotations

import concurrent.futures as cf
import multiprocessing
from collections.abc import Callable
from concurrent.futures.process import BrokenProcessPool

from PySide6.QtCore import QObject, Signal

from newsdesk.model.article import Article
from newsdesk.profile.model import Profile
from newsdesk.ui.render_job import PreviewResult, preview_snapshot, render_preview, warm_up


class _Bridge(QObject):
    """Carries results from the executor's thread to the UI thread (queued)."""

    done = Signal(object, object)  # (callback, outcome)


class RenderService(QObject):
    """One worker (process or thread) shared by every window of the app."""

    def __init__(self, mode: str = "process", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.mode = mode
        self._executor: cf.Executor | None = None
        self._bridge = _Bridge(self)
        self._bridge.done.connect(self._deliver)

    def _pool(self) -> cf.Executor:
        if self._executor is None:
            if self.mode == "process":
                self._executor = cf.ProcessPoolExecutor(
                    max_workers=1,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=warm_up,
                )
            else:
                self._executor = cf.ThreadPoolExecutor(max_workers=1)
        return self._executor

    def start(self) -> None:
        """Start the worker early (spawning takes a moment)."""
        self._pool().submit(warm_up)

    def submit(
        self,
        article: Article,
        profile: Profile,
        media_prefix: str,
        callback: Callable[[PreviewResult | BaseException], None],
    ) -> None:
        snapshot = preview_snapshot(article)
        try:
            future = self._pool().submit(render_preview, snapshot, profile, media_prefix)
        except (BrokenProcessPool, RuntimeError):
            self._executor = None  # the worker died: start a new one
            future = self._pool().submit(render_preview, snapshot, profile, media_prefix)

        def finished(f: cf.Future) -> None:
            try:
                outcome = f.result()
            except BaseException as exc:  # delivered to the UI as an error
                outcome = exc
                if isinstance(exc, BrokenProcessPool):
                    self._executor = None
            self._bridge.done.emit(callback, outcome)

        future.add_done_callback(finished)

    def _deliver(self, callback, outcome) -> None:
        callback(outcome)

    def shutdown(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None
