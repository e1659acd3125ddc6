"""The baseline of bench_editor.py's start-up and memory figures: a bare PySide6
window with a QWebEngineView showing a page, and nothing else.

Run as a script it is the start-up baseline: it imports only PySide6, shows the
page and prints READY when the page has loaded, then quits. It must stay that
lean: anything it imports is counted against the baseline, not the editor."""

import sys


def show_bare_window(html_path: str):
    """The application and the shown view; the page is loaded on return."""
    from PySide6.QtCore import QEventLoop, QUrl
    from PySide6.QtWebEngineWidgets import QWebEngineView
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0]])
    view = QWebEngineView()
    loop = QEventLoop()
    view.loadFinished.connect(lambda _ok: loop.quit())
    with open(html_path, encoding="utf-8") as page:
        view.setHtml(page.read(), QUrl("https://localhost/"))
    view.resize(1400, 900)
    view.show()
    loop.exec()
    return app, view


if __name__ == "__main__":
    _app, _view = show_bare_window(sys.argv[1])
    print("READY", flush=True)
