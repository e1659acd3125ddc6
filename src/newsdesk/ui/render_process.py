"""The preview's render worker process, which the editor starts first thing.

This module imports no Qt, so `newsdesk` can spawn the worker before it
imports Qt and builds the window (cli `_launch_editor`): the worker's
interpreter then imports the renderer and renders the first page on the
other core while this one starts Qt (benchmarks/bench_editor.py, "start").
render_worker.RenderService adopts the process and talks to it."""

from __future__ import annotations

import contextlib
import multiprocessing

from newsdesk.ui.render_job import serve


class RenderProcess:
    """One spawned worker running render_job.serve, and our end of its pipe."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")
        self.connection, child = context.Pipe(duplex=True)
        self.process = context.Process(
            target=serve, args=(child,), name="newsdesk-render", daemon=True
        )
        self.process.start()
        child.close()

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self.connection.close()
        with contextlib.suppress(Exception):
            self.process.terminate()
            self.process.join(1)
