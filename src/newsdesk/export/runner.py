"""Exporting many articles at once, in parallel, with progress.

Rendering is pure Python (Python-Markdown, Jinja2, the ninjs mapping) and holds the
GIL, so parallel exports run in worker processes; threads are kept as an option for
measuring (benchmarks/bench_export.py compares them). Each input is loaded and
exported inside the worker, so only paths and messages cross process boundaries."""

from __future__ import annotations

import concurrent.futures as futures
import multiprocessing
import multiprocessing.context
import os
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from newsdesk.errors import ExportError, NewsdeskError

if TYPE_CHECKING:
    from newsdesk.model.article import Article
    from newsdesk.profile.model import Profile


class ExportFormat(StrEnum):
    HTML = "html"
    BUNDLE = "bundle"
    MARKDOWN = "markdown"


class Parallelism(StrEnum):
    PROCESSES = "processes"
    THREADS = "threads"


@dataclass(frozen=True)
class ExportJob:
    source: Path
    format: ExportFormat
    out_dir: Path
    inline: bool = False  # HTML only: images as data: URIs


@dataclass(frozen=True)
class ExportOutcome:
    source: Path
    output: Path | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


Progress = Callable[[int, int, ExportOutcome], None]


def export_article(
    article: Article,
    fmt: ExportFormat,
    out_dir: Path,
    profile: Profile,
    *,
    inline: bool = False,
    source: Path | None = None,
) -> Path:
    """Write one export of `article` into `out_dir`; returns the file written.
    `source` (the file the article came from) is never overwritten."""
    out_dir = Path(out_dir)
    if fmt is ExportFormat.BUNDLE:
        from newsdesk.export.bundle import write_bundle

        return write_bundle(article, out_dir, profile)
    if fmt is ExportFormat.HTML:
        from newsdesk.export.html_export import export_html

        return export_html(article, out_dir, profile, inline=inline)
    from newsdesk.interchange.markdown_file import write_markdown

    target = out_dir / f"{article.file_stem}.md"
    if source is not None and _same_file(target, source):
        raise ExportError(f"{target} is the input itself; choose another output folder")
    write_markdown(article, target)
    return target


def run_job(job: ExportJob, profile: Profile) -> ExportOutcome:
    """Load and export one input; every failure becomes a message, never an
    exception, so one bad input cannot stop the others."""
    from newsdesk.interchange import load_article

    try:
        article = load_article(job.source)
        output = export_article(
            article, job.format, job.out_dir, profile, inline=job.inline, source=job.source
        )
    except NewsdeskError as exc:
        return ExportOutcome(job.source, error=str(exc))
    except OSError as exc:
        where = exc.filename or job.source
        return ExportOutcome(job.source, error=f"{where}: {exc.strerror or exc}")
    except Exception as exc:  # a bug: still report it against its input
        return ExportOutcome(job.source, error=f"internal error: {type(exc).__name__}: {exc}")
    return ExportOutcome(job.source, output=output)


def run_exports(
    jobs: Sequence[ExportJob],
    profile: Profile,
    *,
    workers: int = 1,
    parallelism: Parallelism = Parallelism.PROCESSES,
    progress: Progress | None = None,
) -> list[ExportOutcome]:
    """Run every job; outcomes come back in job order. With workers > 1 the jobs
    run in a pool of that many processes (or threads)."""
    total = len(jobs)
    outcomes: list[ExportOutcome | None] = [None] * total
    done = 0

    writers: dict[Path, Path] = {}

    def record(index: int, outcome: ExportOutcome) -> None:
        nonlocal done
        outcome = _flag_collision(outcome, writers)
        outcomes[index] = outcome
        done += 1
        if progress is not None:
            progress(done, total, outcome)

    workers = max(1, min(workers, total))
    if workers == 1:
        for index, job in enumerate(jobs):
            record(index, run_job(job, profile))
    else:
        _warm_up(jobs)
        pool: futures.Executor
        if parallelism is Parallelism.THREADS:
            pool = futures.ThreadPoolExecutor(max_workers=workers)
        else:
            pool = futures.ProcessPoolExecutor(
                max_workers=workers, mp_context=_process_start(), initializer=_ignore_interrupts
            )
        try:
            pending = {pool.submit(run_job, job, profile): i for i, job in enumerate(jobs)}
            for future in futures.as_completed(pending):
                index = pending[future]
                try:
                    outcome = future.result()
                except Exception as exc:  # the worker died (killed, out of memory)
                    outcome = ExportOutcome(
                        jobs[index].source, error=f"the export worker failed: {exc}"
                    )
                record(index, outcome)
        except BaseException:
            # Ctrl-C: queued exports never start; running ones finish their atomic
            # write (a few at most), so nothing is left half-written.
            pool.shutdown(wait=True, cancel_futures=True)
            raise
        pool.shutdown()
    return [o for o in outcomes if o is not None]


def _process_start() -> multiprocessing.context.BaseContext:
    """fork where it is safe (Linux, a single-threaded parent such as the command
    line): workers start at once, with the parent's imports. spawn elsewhere:
    forking a threaded process (the editor) can deadlock, and macOS and Windows
    spawn anyway."""
    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _ignore_interrupts() -> None:
    """Ctrl-C reaches the workers too; the parent alone decides what stops."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


MAX_DEFAULT_WORKERS = 8  # each worker holds the export machinery (~40 MB resident)


def default_workers() -> int:
    """One worker per CPU, up to MAX_DEFAULT_WORKERS."""
    return max(1, min(os.cpu_count() or 1, MAX_DEFAULT_WORKERS))


def _warm_up(jobs: Sequence[ExportJob]) -> None:
    """Import the export machinery once in the parent: forked workers then start
    with it loaded instead of each importing it again."""
    formats = {job.format for job in jobs}
    import newsdesk.interchange.markdown_file  # noqa: F401
    import newsdesk.storage.document  # noqa: F401

    if formats & {ExportFormat.BUNDLE, ExportFormat.HTML}:
        import newsdesk.render.page  # noqa: F401
    if ExportFormat.BUNDLE in formats:
        from newsdesk.export.ninjs import ninjs_validator

        ninjs_validator()


def _flag_collision(outcome: ExportOutcome, writers: dict[Path, Path]) -> ExportOutcome:
    """Two inputs with the same slug write the same file and the later rename wins.
    Report the later one as failed instead of calling both fine."""
    if outcome.output is None:
        return outcome
    key = outcome.output.resolve()
    earlier = writers.setdefault(key, outcome.source)
    if earlier == outcome.source:
        return outcome
    return ExportOutcome(
        outcome.source,
        error=f"exports to {outcome.output}, as {earlier} does (same slug); "
        "only one of the two is there now",
    )


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == Path(b).resolve()
    except OSError:
        return False


class ProgressBar:
    """A one-line text bar redrawn in place; meant for a terminal on stderr."""

    def __init__(self, stream: TextIO | None = None, *, width: int = 30, label: str = "") -> None:
        self.stream = stream or sys.stderr
        self.width = width
        self.label = label
        self._drawn = False

    def draw(self, done: int, total: int) -> None:
        filled = self.width * done // total if total else self.width
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r{self.label}[{bar}] {done}/{total}")
        self.stream.flush()
        self._drawn = True

    def clear(self) -> None:
        if self._drawn:
            self.stream.write("\r" + " " * (self.width + len(self.label) + 24) + "\r")
            self.stream.flush()
            self._drawn = False
