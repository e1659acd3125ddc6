"""Thread or process for the preview's render worker?

Python-Markdown is pure Python and holds the GIL. This script renders a
generated article over and over in the worker (each render starts when the
previous one ends, like continuous typing) while the UI thread runs a 5 ms
timer doing ~0.3 ms of Python work per tick (about what a keystroke costs:
highlighting one line, bookkeeping). It prints how late the UI thread's ticks
were, against a baseline with no rendering, for both worker kinds.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/ui_render_worker.py [WORDS]
"""

from __future__ import annotations

import random
import statistics
import sys
import time


def article_with(words: int):
    from newsdesk.model.article import Article

    rng = random.Random(5)
    vocab = [
        "NATO",
        "allies",
        "summit",
        "Ukraine",
        "membership",
        "council",
        "leaders",
        "said",
        "the",
        "of",
        "and",
        "a",
        "to",
        "in",
        "support",
        "military",
        "**strong**",
        "*aid*",
        "[link](https://example.com)",
        "`code`",
        "Vilnius",
        "Wednesday",
        "security",
    ]
    paragraphs, count = [], 0
    while count < words:
        n = rng.randint(40, 90)
        paragraphs.append(" ".join(rng.choice(vocab) for _ in range(n)) + ".")
        if len(paragraphs) % 12 == 0:
            paragraphs.append(f"## Section {len(paragraphs) // 12}")
        count += n
    return Article(headline="Benchmark article", body="\n\n".join(paragraphs))


def measure(app, mode: str | None, article, profile, seconds: float) -> tuple[list[float], int]:
    from PySide6.QtCore import QElapsedTimer, QTimer

    from newsdesk.ui.render_worker import RenderService

    lateness: list[float] = []
    renders = 0
    service = RenderService(mode) if mode else None
    running = True

    def render_again(_outcome=None) -> None:
        nonlocal renders
        if _outcome is not None:
            renders += 1
        if running and service is not None:
            service.submit(article, profile, "newsdesk-preview://x/media/0/", render_again)

    if service is not None:
        # warm up: first render outside the measurement (imports, spawn)
        done = []
        service.submit(article, profile, "p/", done.append)
        while not done:
            app.processEvents()
            time.sleep(0.01)
        render_again()

    clock = QElapsedTimer()
    clock.start()
    last = [clock.nsecsElapsed()]

    def tick() -> None:
        now = clock.nsecsElapsed()
        lateness.append(max(0.0, (now - last[0]) / 1e6 - 5.0))
        last[0] = now
        sum(i * i for i in range(2500))  # ~0.3 ms of Python work

    timer = QTimer(interval=5)
    timer.setTimerType(timer.timerType().PreciseTimer)
    timer.timeout.connect(tick)
    timer.start()
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.0005)
    timer.stop()
    running = False
    if service is not None:
        service.shutdown()
    return lateness[5:], renders


def main() -> None:
    words = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    from PySide6.QtWidgets import QApplication

    from newsdesk.profile.model import Profile

    app = QApplication.instance() or QApplication([])
    article = article_with(words)
    profile = Profile.default()
    t0 = time.perf_counter()
    from newsdesk.ui.render_job import render_preview

    render_preview(article, profile, "p/")
    one = time.perf_counter() - t0
    print(f"{words} words; one full preview render on this machine: {one * 1000:.0f} ms")
    rows = []
    for mode in (None, "thread", "process"):
        late, renders = measure(app, mode, article, profile, seconds=6.0)
        late.sort()
        p50 = statistics.median(late)
        p95 = late[int(len(late) * 0.95)]
        rows.append((mode or "baseline (no render)", p50, p95, late[-1], renders))
    base95 = max(rows[0][2], 0.01)
    print(
        f"{'worker':22} {'p50 late ms':>12} {'p95 late ms':>12} {'max ms':>8} "
        f"{'renders':>8} {'p95 vs baseline':>16}"
    )
    for name, p50, p95, worst, renders in rows:
        print(f"{name:22} {p50:12.2f} {p95:12.2f} {worst:8.1f} {renders:8d} {p95 / base95:15.1f}x")


if __name__ == "__main__":
    main()
