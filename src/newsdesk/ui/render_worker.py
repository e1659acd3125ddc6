"""Renders the preview off the UI thread, newest text first, stale work dropped.

Thread or process? Python-Markdown is pure Python and holds the GIL, so a
worker thread competes with the UI thread for it. benchmarks/ui_render_worker.py
renders a generated article back to back in the worker while the UI thread
runs a 5 ms timer doing ~0.3 ms of Python per tick (keystroke-sized work) and
records how late each tick is. On the 2-core dev machine, ms late at
p50 / p95 / max (one full render: 0.8 s at 20,000 words, 2.5 s at 50,000):

    20,000 words   baseline 0.00 / 0.8 / 12   thread 1.0 / 15.0 / 59   process 0.11 / 2.4 / 12
    50,000 words   baseline 0.09 / 0.5 / 12   thread 1.1 / 15.3 / 30   process 0.00 / 2.4 / 9

With a thread the UI's 95th percentile is 20-32x the baseline (about a 5 ms
GIL switch interval per event, up to 60 ms); with a process it is ~2 ms and
the worst case stays at the baseline's. So the preview renders in one spawned
worker process (`mode="process"`); `mode="thread"` remains for that
measurement and for tests that do not need the process start-up.

A keystroke's round trip carries only the changed span one way and the patch
the other (render_job.render_body_delta): the service remembers, per preview,
which body revision the worker holds and falls back to sending the whole text
when the worker says it does not hold it (StaleBase: it restarted).

The worker process is started by render_process (see there why not with
multiprocessing); a frozen build runs itself as the worker (packaging/entry.py).
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSocketNotifier, QTimer, Signal

from newsdesk.model.article import Article
from newsdesk.model.text_span import changed_span
from newsdesk.profile.model import Profile
from newsdesk.ui.render_job import (
    BodyPatchResult,
    PreviewResult,
    StaleBase,
    forget,
    preview_snapshot,
    prime,
    primes_first,
    render_body_delta,
    render_body_patch,
    render_preview,
    warm_up,
)
from newsdesk.ui.render_process import RenderProcess

if TYPE_CHECKING:
    import concurrent.futures as cf


class WorkerStopped(RuntimeError):
    """The render worker process is gone; the next job starts a new one."""


class _Bridge(QObject):
    """Carries results from the executor's thread to the UI thread (queued)."""

    done = Signal(object, object)  # (callback, outcome)


class _ProcessWorker(QObject):
    """The worker process, talked to over its channel without helper threads
    on this side: jobs are written from the UI thread and results are read
    when a QSocketNotifier says the channel is readable. (A ProcessPoolExecutor hands
    every job and result through two Python threads; each hand-off waits for
    the GIL, which put a ~18 ms floor under every keystroke's round trip.)"""

    def __init__(self, parent: QObject, process: RenderProcess | None = None) -> None:
        super().__init__(parent)
        self._worker = process or RenderProcess()
        self._conn = self._worker.connection
        self.process = self._worker.process
        self._calls: dict[int, Callable | None] = {}
        self._number = 0
        self.broken = False
        self._notifier = QSocketNotifier(self._conn.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._readable)

    def call(self, callback: Callable | None, fn, args: tuple) -> None:
        """Queue `fn(*args)` in the worker; `callback(result or exception)`
        later on the UI thread. Raises WorkerStopped when the worker is gone."""
        if self.broken:
            raise WorkerStopped("the render worker stopped")
        self._number += 1
        self._calls[self._number] = callback
        try:
            self._conn.send((self._number, fn, args))
        except OSError as exc:
            self._calls.pop(self._number, None)
            self._broke()
            raise WorkerStopped("the render worker stopped") from exc

    def _readable(self) -> None:
        try:
            while not self.broken and self._conn.poll():
                number, _ok, outcome = self._conn.recv()
                callback = self._calls.pop(number, None)
                if callback is not None:
                    callback(outcome)
        except (EOFError, OSError):
            self._broke()

    def _broke(self) -> None:
        if self.broken:
            return
        self.broken = True
        self._notifier.setEnabled(False)
        calls, self._calls = self._calls, {}
        error = WorkerStopped("the render worker stopped")
        for callback in calls.values():
            if callback is not None:
                QTimer.singleShot(0, self, lambda c=callback: c(error))

    def stop(self) -> None:
        self.broken = True
        self._notifier.setEnabled(False)
        self._calls.clear()
        self._worker.stop()


class RenderService(QObject):
    """One worker (process or thread) shared by every window of the app."""

    def __init__(
        self,
        mode: str = "process",
        parent: QObject | None = None,
        process: RenderProcess | None = None,
    ) -> None:
        """`process`: a worker started earlier (render_process), used first."""
        super().__init__(parent)
        self.mode = mode
        self._early = process
        self._executor: cf.Executor | None = None  # thread mode
        self._worker: _ProcessWorker | None = None  # process mode
        self._bridge = _Bridge(self)
        self._bridge.done.connect(self._deliver)
        self._revision = 0
        # token -> (revision, body) the worker holds, as far as we know
        self._held: dict[str, tuple[int, str]] = {}
        self._latest: dict[str, int] = {}  # token -> newest revision submitted
        # document -> token its preview takes: the early worker renders its page
        self._prerendered: dict[Path, str] = dict(process.prerendered) if process else {}
        self.sent_chars = 0  # text sent for body patches (the benchmark reads it)

    def _pool(self) -> cf.Executor:
        if self._executor is None:
            from concurrent.futures import ThreadPoolExecutor

            self._executor = ThreadPoolExecutor(max_workers=1)
        return self._executor

    def _process(self) -> _ProcessWorker:
        if self._worker is None or self._worker.broken:
            if self._worker is not None:
                self._worker.stop()
            early, self._early = self._early, None
            self._worker = _ProcessWorker(self, early)
        return self._worker

    def start(self) -> None:
        """Start the worker early (spawning takes a moment). Idempotent."""
        if self.mode == "process":
            self._process()
        elif self._executor is None:
            self._pool().submit(warm_up)

    def take_prerendered(self, path: Path | None) -> str | None:
        """The token for the preview of `path` whose page the worker started
        rendering early (render_process.RenderProcess.prerender), once."""
        return self._prerendered.pop(Path(path).absolute(), None) if path is not None else None

    def _next_revision(self, token: str | None) -> int:
        self._revision += 1
        if token is not None:
            self._latest[token] = self._revision
        return self._revision

    def _expect(self, token: str, revision: int, body: str) -> None:
        """The worker will hold `body` for `token` once the job just queued has
        run (jobs run in order). Optimistic: the worker checks the revision of
        every delta and answers StaleBase when it does not hold it."""
        self._held[token] = (revision, body)

    def _failed(self, token: str, revision: int) -> None:
        if self._latest.get(token) == revision:
            self._held.pop(token, None)

    def submit(
        self,
        article: Article,
        profile: Profile,
        media_prefix: str,
        callback: Callable[[PreviewResult | BaseException], None],
        token: str | None = None,
    ) -> None:
        """Render the whole page (and prime `token`'s incremental renderer:
        in the same job for short bodies, as the next job for long ones)."""
        snapshot = preview_snapshot(article)
        revision = self._next_revision(token)
        body = snapshot.body

        def rendered(outcome: PreviewResult | BaseException) -> None:
            if token is not None and isinstance(outcome, BaseException):
                self._failed(token, revision)
            callback(outcome)

        def primed(outcome: None | BaseException) -> None:
            if token is not None and isinstance(outcome, BaseException):
                self._failed(token, revision)

        self._run(rendered, render_preview, snapshot, profile, media_prefix, token, revision)
        if token is not None:
            if not primes_first(body):
                self._run(primed, prime, token, media_prefix, body, revision)
            self._expect(token, revision, body)

    def submit_body(
        self,
        token: str,
        base_body: str,
        body: str,
        media_prefix: str,
        callback: Callable[[BodyPatchResult | BaseException], None],
    ) -> None:
        """Render only the changed body blocks (issue 5's incremental renderer).
        Sends only the change when the worker holds `base_body`; the result's
        body is `body` (filled in here, not sent back)."""
        revision = self._next_revision(token)
        held = self._held.get(token)

        def whole() -> None:
            self.sent_chars += len(base_body) + len(body)
            self._run(rendered, render_body_patch, token, base_body, body, media_prefix, revision)

        def rendered(outcome: BodyPatchResult | BaseException) -> None:
            if isinstance(outcome, StaleBase):
                whole()
                return
            if isinstance(outcome, BaseException):
                self._failed(token, revision)
            else:
                outcome = dataclasses.replace(outcome, body=body)
            callback(outcome)

        if held is None or not (held[1] is base_body or held[1] == base_body):
            whole()
        else:
            start, old_end, new_end = changed_span(base_body, body)
            inserted = body[start:new_end]
            self.sent_chars += len(inserted)
            self._run(
                rendered,
                render_body_delta,
                token,
                held[0],
                len(base_body),
                start,
                old_end,
                inserted,
                media_prefix,
                revision,
            )
        self._expect(token, revision, body)

    def _run(self, callback, fn, *args) -> None:
        if self.mode == "process":
            try:
                self._process().call(callback, fn, args)
            except WorkerStopped:
                self._process().call(callback, fn, args)  # a new worker
            return
        try:
            future = self._pool().submit(fn, *args)
        except RuntimeError:  # the pool was shut down: start a new one
            self._executor = None
            future = self._pool().submit(fn, *args)

        def finished(f: cf.Future) -> None:
            try:
                outcome = f.result()
            except BaseException as exc:  # delivered to the UI as an error
                outcome = exc
            self._bridge.done.emit(callback, outcome)

        future.add_done_callback(finished)

    def forget(self, token: str) -> None:
        """Drop a closed preview's incremental state in the worker."""
        self._held.pop(token, None)
        self._latest.pop(token, None)
        if self._worker is not None and not self._worker.broken:
            with contextlib.suppress(WorkerStopped):
                self._worker.call(None, forget, (token,))
        if self._executor is not None:
            with contextlib.suppress(RuntimeError):  # shut down already
                self._executor.submit(forget, token)

    def _deliver(self, callback, outcome) -> None:
        callback(outcome)

    def shutdown(self) -> None:
        """Stop now: a long render in the worker process must not hold up exit."""
        executor, self._executor = self._executor, None
        worker, self._worker = self._worker, None
        self._held.clear()
        self._latest.clear()
        if worker is not None:
            worker.stop()
        if self._early is not None:
            self._early.stop()
            self._early = None
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)
