"""Does saving freeze the window? Saves a large article (words given, default
50,000, plus a 4 MB image) into a .newsdesk document, once on the UI thread
and once through the editor's worker thread (newsdesk.ui.document_io.Worker,
as MainWindow.save does), while a 5 ms UI timer measures how late its ticks
are. Prints the worst stall of the UI thread for each, and the ratio to the
save's own duration.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/ui_save_latency.py [WORDS]
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    words = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from newsdesk.model.article import Article, Image
    from newsdesk.storage.document import Document
    from newsdesk.ui.document_io import DocumentIO, Worker, snapshot

    app = QApplication.instance() or QApplication([])
    body = "\n\n".join(" ".join(["word"] * 50) for _ in range(words // 50))
    image = Image("big.png", "image/png", b"\x89PNG\r\n\x1a\n" + os.urandom(4 << 20))
    article = Article(headline="Big", body=body, images=[image])
    folder = Path(tempfile.mkdtemp())
    Document.create(folder / "a.newsdesk", Article()).close()
    io = DocumentIO.open(folder / "a.newsdesk")
    worker = Worker()

    def run(label: str, start_save) -> None:
        clock = QElapsedTimer()
        clock.start()
        last = [clock.nsecsElapsed()]
        worst = [0.0]

        def tick() -> None:
            now = clock.nsecsElapsed()
            worst[0] = max(worst[0], (now - last[0]) / 1e6 - 5.0)
            last[0] = now

        timer = QTimer(interval=5)
        timer.timeout.connect(tick)
        timer.start()
        for _ in range(20):  # settle
            app.processEvents()
            time.sleep(0.005)
        worst[0] = 0.0
        done: list[float] = []
        started = time.perf_counter()
        start_save(lambda: done.append(time.perf_counter() - started))
        while not done:
            app.processEvents()
            time.sleep(0.001)
        for _ in range(10):
            app.processEvents()
            time.sleep(0.005)
        timer.stop()
        print(
            f"{label:28} save {done[0] * 1000:8.0f} ms   worst UI stall {worst[0]:7.1f} ms"
            f"   stall/save {worst[0] / (done[0] * 1000):5.2f}"
        )

    def on_ui_thread(finished) -> None:
        io.save(snapshot(article))
        finished()

    def in_worker(finished) -> None:
        copy = snapshot(article)  # the UI thread's part
        worker.run(lambda: io.save(copy), lambda _r, _e: finished())

    print(f"{words} words + 4 MB image")
    run("save on the UI thread", on_ui_thread)
    run("save in the worker (shipped)", in_worker)
    worker.shutdown()
    io.close()


if __name__ == "__main__":
    main()
