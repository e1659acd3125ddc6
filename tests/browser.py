"""Drive headless Chromium over the DevTools protocol (CDP), standard library only.

Chromium is started with --remote-debugging-pipe: commands go in on fd 3 and
replies and events come out on fd 4, each message JSON ending in a NUL byte.
No websocket, no port, nothing to leak between tests running side by side.

    with Chromium() as browser:
        page = browser.new_page(width=390, height=844, mobile=True)
        page.navigate(path_or_url)
        title = page.evaluate("document.title")
        page.screenshot(Path("phone.png"), full_page=True)
        page.dialogs, page.console, page.exceptions  # what the page did

Shared by the page, preview and editor tests; keep it general.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")
INSTALL_HINT = (
    "headless Chromium is needed: install Debian's `chromium` package "
    "(scripts/bootstrap.sh test does it; or set NEWSDESK_CHROMIUM to a Chromium binary)"
)
# The flags the common brief asks for, plus quiet, deterministic rendering.
BASE_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--mute-audio",
    "--font-render-hinting=none",
)


class BrowserError(RuntimeError):
    """Chromium is missing, crashed, or a CDP command failed."""


def find_chromium() -> str:
    """Path of a Chromium binary, or BrowserError naming what to install."""
    override = os.environ.get("NEWSDESK_CHROMIUM")
    for candidate in ((override,) if override else ()) + CHROMIUM_CANDIDATES:
        found = shutil.which(candidate) if candidate else None
        if found:
            return found
    raise BrowserError(INSTALL_HINT)


class _Connection:
    """One CDP pipe: numbered commands, replies matched by id, events queued."""

    def __init__(self, proc: subprocess.Popen[bytes], to_browser: int, from_browser: int):
        self.proc = proc
        self._out = os.fdopen(to_browser, "wb", buffering=0)
        self._in = os.fdopen(from_browser, "rb", buffering=0)
        self._next_id = 0
        self._lock = threading.Lock()
        self._cond = threading.Condition()
        self._replies: dict[int, dict[str, Any]] = {}
        self._listeners: list[Any] = []
        self._closed = False
        self._reader = threading.Thread(target=self._read_loop, daemon=True)
        self._reader.start()

    def _read_loop(self) -> None:
        buffer = b""
        while True:
            try:
                chunk = self._in.read(65536)
            except OSError:
                chunk = b""
            if not chunk:
                break
            buffer += chunk
            while b"\0" in buffer:
                raw, buffer = buffer.split(b"\0", 1)
                message = json.loads(raw)
                if "id" in message:
                    with self._cond:
                        self._replies[message["id"]] = message
                        self._cond.notify_all()
                else:
                    for listener in list(self._listeners):
                        listener(message)
                    with self._cond:
                        self._cond.notify_all()
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    def add_listener(self, listener: Any) -> None:
        self._listeners.append(listener)

    def send(
        self,
        method: str,
        params: dict[str, Any] | None = None,
        *,
        session: str | None = None,
        timeout: float = 60.0,
    ) -> dict[str, Any]:
        with self._lock:
            self._next_id += 1
            message_id = self._next_id
        message: dict[str, Any] = {"id": message_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        try:
            self._out.write(json.dumps(message).encode("utf-8") + b"\0")
        except OSError as exc:
            raise BrowserError(f"Chromium went away while sending {method}: {exc}") from exc
        deadline = time.monotonic() + timeout
        with self._cond:
            while message_id not in self._replies:
                if self._closed:
                    raise BrowserError(f"Chromium exited while waiting for {method}")
                left = deadline - time.monotonic()
                if left <= 0:
                    raise BrowserError(f"no reply to {method} within {timeout:.0f} s")
                self._cond.wait(left)
            reply = self._replies.pop(message_id)
        if "error" in reply:
            raise BrowserError(f"{method} failed: {reply['error']}")
        return reply.get("result", {})

    def wait_for(self, predicate: Any, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        with self._cond:
            while not predicate():
                left = deadline - time.monotonic()
                if left <= 0 or self._closed:
                    return bool(predicate())
                self._cond.wait(left)
        return True

    def close(self) -> None:
        for stream in (self._out, self._in):
            with suppress(OSError):
                stream.close()


@dataclass
class Page:
    """One tab. Dialogs are dismissed as they open and recorded, like console
    calls and uncaught exceptions, so a test can assert that nothing ran."""

    connection: _Connection
    session: str
    target_id: str
    dialogs: list[dict[str, Any]] = field(default_factory=list)
    console: list[dict[str, Any]] = field(default_factory=list)
    exceptions: list[dict[str, Any]] = field(default_factory=list)
    _loads: int = 0

    def send(self, method: str, params: dict[str, Any] | None = None, **kw: Any) -> dict:
        return self.connection.send(method, params, session=self.session, **kw)

    def _on_event(self, message: dict[str, Any]) -> None:
        if message.get("sessionId") != self.session:
            return
        method = message.get("method")
        params = message.get("params", {})
        if method == "Page.javascriptDialogOpening":
            self.dialogs.append(params)
            threading.Thread(target=self._dismiss_dialog, daemon=True, name="cdp-dialog").start()
        elif method == "Runtime.consoleAPICalled":
            self.console.append(params)
        elif method == "Runtime.exceptionThrown":
            self.exceptions.append(params)
        elif method == "Page.loadEventFired":
            self._loads += 1

    def _dismiss_dialog(self) -> None:
        with suppress(BrowserError):
            self.send("Page.handleJavaScriptDialog", {"accept": False}, timeout=10)

    @property
    def console_texts(self) -> list[str]:
        """Console messages as plain strings (each argument's value or description)."""
        texts = []
        for call in self.console:
            parts = [str(a.get("value", a.get("description", ""))) for a in call.get("args", [])]
            texts.append(" ".join(parts))
        return texts

    def set_viewport(self, width: int, height: int, *, mobile: bool = False, scale: float = 1):
        self.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": scale, "mobile": mobile},
        )

    def navigate(self, url: str | Path, *, timeout: float = 60.0, settle: float = 0.2) -> None:
        """Load a URL (or a local file) and wait for its load event."""
        target = Path(url).resolve().as_uri() if isinstance(url, Path) else url
        before = self._loads
        reply = self.send("Page.navigate", {"url": target}, timeout=timeout)
        if reply.get("errorText"):
            raise BrowserError(f"cannot load {target}: {reply['errorText']}")
        if not self.connection.wait_for(lambda: self._loads > before, timeout):
            raise BrowserError(f"{target} did not finish loading within {timeout:.0f} s")
        time.sleep(settle)  # let late script (timers, onerror of broken images) run

    def set_content(self, html: str, directory: Path) -> Path:
        """Write `html` to a file in `directory` and load it (file:// URL)."""
        path = Path(directory) / "page.html"
        path.write_text(html, encoding="utf-8")
        self.navigate(path)
        return path

    def evaluate(self, expression: str, *, await_promise: bool = False, timeout: float = 60):
        """Run JavaScript in the page and return its value (JSON-serialisable)."""
        reply = self.send(
            "Runtime.evaluate",
            {
                "expression": expression,
                "returnByValue": True,
                "awaitPromise": await_promise,
                "userGesture": False,
            },
            timeout=timeout,
        )
        if "exceptionDetails" in reply:
            details = reply["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text")
            raise BrowserError(f"script failed: {text}")
        return reply.get("result", {}).get("value")

    def screenshot(self, path: Path, *, full_page: bool = True) -> Path:
        """A PNG of the viewport, or of the whole page."""
        params: dict[str, Any] = {"format": "png"}
        if full_page:
            metrics = self.send("Page.getLayoutMetrics")
            size = metrics.get("cssContentSize") or metrics["contentSize"]
            params["captureBeyondViewport"] = True
            params["clip"] = {
                "x": 0,
                "y": 0,
                "width": size["width"],
                "height": size["height"],
                "scale": 1,
            }
        data = self.send("Page.captureScreenshot", params)["data"]
        Path(path).write_bytes(base64.b64decode(data))
        return Path(path)

    def print_pdf(self, path: Path, **options: Any) -> Path:
        """Print with the page's print stylesheet (A4 unless told otherwise)."""
        params = {"printBackground": True, "paperWidth": 8.27, "paperHeight": 11.69}
        params.update(options)
        data = self.send("Page.printToPDF", params)["data"]
        Path(path).write_bytes(base64.b64decode(data))
        return Path(path)


class Chromium:
    """A headless Chromium process with a fresh profile, closed on exit."""

    def __init__(self, *, extra_flags: tuple[str, ...] = (), binary: str | None = None):
        self.binary = binary or find_chromium()
        self.extra_flags = extra_flags
        self._profile: tempfile.TemporaryDirectory[str] | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self._conn: _Connection | None = None
        self.pages: list[Page] = []

    def __enter__(self) -> Chromium:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> None:
        self._profile = tempfile.TemporaryDirectory(prefix="newsdesk-chromium-")
        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()

        def wire_pipes() -> None:  # runs in the child, before exec
            # Copy out of the way first: a pipe end may already sit on fd 3 or 4.
            read_end, write_end = os.dup(to_child_r), os.dup(from_child_w)
            os.dup2(read_end, 3, inheritable=True)
            os.dup2(write_end, 4, inheritable=True)

        args = [
            self.binary,
            *BASE_FLAGS,
            f"--user-data-dir={self._profile.name}",
            "--remote-debugging-pipe",
            *self.extra_flags,
            "about:blank",
        ]
        try:
            self._proc = subprocess.Popen(
                args,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                preexec_fn=wire_pipes,  # noqa: PLW1509 (no threads of ours yet)
                close_fds=False,
            )
        except OSError as exc:
            raise BrowserError(f"cannot start {self.binary}: {exc}; {INSTALL_HINT}") from exc
        finally:
            os.close(to_child_r)
            os.close(from_child_w)
        self._conn = _Connection(self._proc, to_child_w, from_child_r)
        self._conn.send("Target.setDiscoverTargets", {"discover": False}, timeout=30)

    @property
    def connection(self) -> _Connection:
        if self._conn is None:
            raise BrowserError("Chromium is not running")
        return self._conn

    def new_page(self, *, width: int = 1280, height: int = 900, mobile: bool = False) -> Page:
        conn = self.connection
        target = conn.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = conn.send("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        page = Page(conn, session, target)
        conn.add_listener(page._on_event)
        page.send("Page.enable")
        page.send("Runtime.enable")
        page.set_viewport(width, height, mobile=mobile)
        self.pages.append(page)
        return page

    def close(self) -> None:
        if self._conn is not None:
            with suppress(BrowserError):
                self._conn.send("Browser.close", timeout=10)
        if self._proc is not None:
            try:
                self._proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait(timeout=10)
        if self._conn is not None:
            self._conn.close()
        if self._profile is not None:
            self._profile.cleanup()
        self._proc = self._conn = self._profile = None


@contextmanager
def chromium_page(**page_options: Any) -> Iterator[Page]:
    """One browser with one page, for a test that needs just that."""
    with Chromium() as browser:
        yield browser.new_page(**page_options)
