"""The editor window at scale, with the real Qt WebEngine preview (offscreen).

For the sample article and generated 5,000- and 50,000-word articles (the
generator of bench_preview_core.py), each case in a fresh process:

- typing: a sentence typed key by key in a paragraph in the middle, at a fast
  typist's pace (one key every 60 ms). Per keystroke: the time the UI thread
  takes to handle the key (QTest.keyClick: editor, highlighter, session, word
  count), the UI thread's CPU time until the next key (everything the key
  caused: debounce, submit, patch callback), and the event loop's longest
  stall measured by a 1 ms timer. p50 / p95. Goal at 50k: p95 < 16 ms.
- latency: after a pause, one key; time until the preview's DOM is patched
  (PreviewPane.patched for the render that includes the key). Median, against
  a full Python-Markdown render (render_markdown) of the same text in the same
  process. Goal at 50k: < 100 ms.
- start: process start to the window shown with the sample's preview loaded:
  `python -m newsdesk sample.newsdesk` as a writer starts it (its smoke hook
  reports the moment), against bare_window.py, a script that imports only
  PySide6 and shows a QWebEngineView loading the same page HTML (images
  inlined). Goal: within 1.5x. 21 runs of each, alternating, medians;
  newsdesk's bytecode compiled first, as installed.
- open: opening the 50,000-word document until the editor accepts input (a key
  typed into it is in the text), and until its preview is loaded; against a
  bare QPlainTextEdit given the same text.
- memory: resident memory of the process tree (psutil, children included:
  QtWebEngineProcess and the render worker) with the 50,000-word article open
  and its preview loaded, against the bare window showing the same page.
  Goal: within 1.3x. USS (memory unique to the processes) is shown as well,
  since RSS counts shared pages once per process.

Run: .venv/bin/python benchmarks/bench_editor.py [--quick] [--render-mode process|thread]
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SENTENCE = " The allies agreed on a new package of support."
KEY_INTERVAL_MS = 60


# -- shared -------------------------------------------------------------------------


def child_env(scratch: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        QTWEBENGINE_DISABLE_SANDBOX="1",
        HOME=str(scratch / "home"),
        XDG_CONFIG_HOME=str(scratch / "config"),
        XDG_DATA_HOME=str(scratch / "data"),
        XDG_CACHE_HOME=str(scratch / "cache"),
        NEWSDESK_DATA_DIR=str(scratch / "newsdesk-data"),
        PYTHONPATH=os.pathsep.join([str(HERE), env.get("PYTHONPATH", "")]),
    )
    for key in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        Path(env[key]).mkdir(parents=True, exist_ok=True)
    return env


def tree_memory() -> tuple[int, int]:
    """RSS and USS of this process and all its descendants, in bytes."""
    import psutil

    me = psutil.Process()
    rss = uss = 0
    for proc in [me, *me.children(recursive=True)]:
        try:
            info = proc.memory_full_info()
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
        rss += info.rss
        uss += info.uss
    return rss, uss


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


# -- child processes ----------------------------------------------------------------


def _qt_app():
    from newsdesk.ui.app import create_qt_application
    from newsdesk.ui.settings import use_settings_folder

    app = create_qt_application()
    use_settings_folder(Path(os.environ["NEWSDESK_DATA_DIR"]) / "settings")
    return app


def _wait(predicate, timeout: float = 120.0, step_ms: int = 5) -> None:
    from PySide6.QtTest import QTest

    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("the editor did not get there in time")
        QTest.qWait(step_ms)


def _editor_app(mode: str, render_process=None):
    from newsdesk.profile.model import Profile
    from newsdesk.ui.app import EditorApp

    editor = EditorApp(Profile.default(), render_mode=mode, render_process=render_process)
    editor.show_error = lambda _parent, title, text: print(f"ERROR {title}: {text}", flush=True)
    return editor


def _preview_ready(window) -> bool:
    preview = window.preview
    return (
        window.isVisible()
        and preview._loaded  # noqa: SLF001 - a benchmark may look inside
        and preview.shown_generation >= 1
        and preview.shown_generation == preview._requested  # noqa: SLF001
    )


def _caught_up(window) -> bool:
    preview = window.preview
    return (
        not preview._in_flight  # noqa: SLF001
        and not preview._pending  # noqa: SLF001
        and not preview._debounce.isActive()  # noqa: SLF001
        and preview.shown_generation == preview._requested  # noqa: SLF001
    )


def child_typing(doc: Path, mode: str, quick: bool) -> dict:
    from bench_preview_core import middle_paragraph_offset
    from PySide6.QtCore import QElapsedTimer, Qt, QTimer
    from PySide6.QtTest import QTest

    from newsdesk.render.markdown_body import render_markdown

    app = _qt_app()
    editor = _editor_app(mode)
    editor.start([doc], recover=False)
    window = editor.windows[-1]
    window.show()
    window.resize(1400, 900)
    _wait(lambda: _preview_ready(window))

    session = window.session
    body = session.article.body
    cursor = window.editor.textCursor()
    cursor.setPosition(session.to_position(middle_paragraph_offset(body)))
    window.editor.setTextCursor(cursor)
    window.editor.setFocus()
    _wait(lambda: _caught_up(window))

    # The event loop's stalls: a 1 ms timer notes how late each tick is.
    stalls: list[float] = []
    clock = QElapsedTimer()
    clock.start()
    last = [clock.nsecsElapsed()]

    def tick() -> None:
        now = clock.nsecsElapsed()
        stalls.append((now - last[0]) / 1e6)
        last[0] = now

    ticker = QTimer()
    ticker.setTimerType(Qt.TimerType.PreciseTimer)
    ticker.timeout.connect(tick)

    def key(ch: str) -> None:
        if ch == " ":
            QTest.keyClick(window.editor, Qt.Key.Key_Space)
        else:
            QTest.keyClick(window.editor, ch)

    handling: list[float] = []
    cpu: list[float] = []
    sentence = SENTENCE if not quick else SENTENCE[:20]
    ticker.start(1)
    for ch in sentence:
        cpu_start = time.thread_time()
        started = time.perf_counter()
        key(ch)
        handling.append((time.perf_counter() - started) * 1000)
        QTest.qWait(KEY_INTERVAL_MS)
        cpu.append((time.thread_time() - cpu_start) * 1000)
    ticker.stop()
    typing_stalls = [max(s - 1.0, 0.0) for s in stalls]
    _wait(lambda: _caught_up(window))
    assert sentence in session.article.body

    # Keystroke to patched preview, after a pause; where the time goes: until
    # the body is submitted (debounce), the worker (transfer and incremental
    # render), the page script patching the DOM.
    latencies: list[float] = []
    parts: dict[str, list[float]] = {"submit": [], "worker": [], "ipc": [], "patch": []}
    sent: list[int] = []
    marks: dict[str, float] = {}
    patched_at: list[tuple[int, float]] = []
    window.preview.patched.connect(lambda g: patched_at.append((g, time.perf_counter())))
    renderer = window.preview.renderer
    submit_body = renderer.submit_body

    def timed_submit(token, base_body, body, media_prefix, callback):
        marks["submit"] = time.perf_counter()

        def arrived(outcome):
            marks["result"] = time.perf_counter()
            stats = getattr(outcome, "stats", None) or {}
            marks["render"] = stats.get("seconds", 0.0) * 1000
            callback(outcome)

        submit_body(token, base_body, body, media_prefix, arrived)

    renderer.submit_body = timed_submit
    for _ in range(4 if quick else 12):
        QTest.qWait(300)
        _wait(lambda: _caught_up(window))
        before = window.preview._requested  # noqa: SLF001
        sent_before = getattr(renderer, "sent_chars", None)
        patched_at.clear()
        started = time.perf_counter()
        key("x")
        _wait(lambda b=before: window.preview._requested > b and _caught_up(window), step_ms=1)  # noqa: SLF001
        target = window.preview._requested  # noqa: SLF001
        done = next(t for g, t in patched_at if g >= target)
        latencies.append((done - started) * 1000)
        parts["submit"].append((marks["submit"] - started) * 1000)
        parts["worker"].append((marks["result"] - marks["submit"]) * 1000)
        parts["ipc"].append(parts["worker"][-1] - marks["render"])
        if sent_before is not None:
            sent.append(renderer.sent_chars - sent_before)
        parts["patch"].append((done - marks["result"]) * 1000)
    body = session.article.body
    full = []
    for _ in range(3):
        started = time.perf_counter()
        render_markdown(body)
        full.append((time.perf_counter() - started) * 1000)
    result = {
        "handling": handling,
        "cpu": cpu,
        "stall": typing_stalls,
        "latency": latencies,
        "parts": parts,
        "full_render": statistics.median(full),
        "body_stats": dict(window.preview.last_body_stats),
        "sent": sent,
        "body_chars": len(body),
    }
    for w in list(editor.windows):
        w.session.mark_saved()
    editor.shutdown()
    app.processEvents()
    return result


def child_open(doc: Path, mode: str) -> dict:
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QPlainTextEdit

    from newsdesk.interchange import load_article

    app = _qt_app()
    editor = _editor_app(mode)
    editor.start([], recover=False)
    first = editor.windows[-1]
    first.show()
    _wait(lambda: _preview_ready(first))

    started = time.perf_counter()
    window = editor.open_path(doc)
    window.show()
    window.editor.setFocus()
    QTest.keyClick(window.editor, "q")
    assert "q" in window.session.article.body
    editable = time.perf_counter() - started
    _wait(lambda: _preview_ready(window), step_ms=2)
    preview = time.perf_counter() - started

    text = load_article(doc).body
    started = time.perf_counter()
    plain = QPlainTextEdit()
    plain.setPlainText(text)
    plain.show()
    QTest.keyClick(plain, "q")
    bare = time.perf_counter() - started

    for w in list(editor.windows):
        w.session.mark_saved()
    editor.shutdown()
    app.processEvents()
    return {"editable": editable * 1000, "preview": preview * 1000, "bare": bare * 1000}


def child_memory_app(doc: Path, mode: str) -> dict:
    from PySide6.QtTest import QTest

    app = _qt_app()
    editor = _editor_app(mode)
    editor.start([doc], recover=False)
    window = editor.windows[-1]
    window.show()
    window.resize(1400, 900)
    _wait(lambda: _preview_ready(window))
    QTest.qWait(3000)
    rss, uss = tree_memory()
    for w in list(editor.windows):
        w.session.mark_saved()
    editor.shutdown()
    app.processEvents()
    return {"rss": rss, "uss": uss}


def child_memory_bare(html_path: Path) -> dict:
    from bare_window import show_bare_window
    from PySide6.QtTest import QTest

    _app, _view = show_bare_window(str(html_path))
    QTest.qWait(3000)
    rss, uss = tree_memory()
    return {"rss": rss, "uss": uss}


def child_main(args: argparse.Namespace) -> None:
    path = Path(args.path)
    if args.case == "typing":
        result = child_typing(path, args.render_mode, args.quick)
    elif args.case == "open":
        result = child_open(path, args.render_mode)
    elif args.case == "memory-app":
        result = child_memory_app(path, args.render_mode)
    elif args.case == "memory-bare":
        result = child_memory_bare(path)
    else:
        raise SystemExit(f"unknown case {args.case}")
    print("RESULT " + json.dumps(result), flush=True)
    # Qt WebEngine can take its time to wind down; the measurement is done.
    os._exit(0)


# -- the parent ---------------------------------------------------------------------


def prepare(folder: Path, quick: bool) -> dict[str, dict[str, Path]]:
    """Documents (.newsdesk) and standalone page HTML for each article size."""
    from bench_preview_core import generated_body

    from newsdesk.interchange import load_article, save_article
    from newsdesk.profile.model import Profile
    from newsdesk.render.page import render_page
    from newsdesk.resources import sample_article_path

    sample = load_article(sample_article_path("newsdesk"))
    profile = Profile.default()
    cases: dict[str, dict[str, Path]] = {}
    sizes = [("sample", None), ("5,000 words", 5_000), ("50,000 words", 50_000)]
    for name, words in sizes:
        article = sample if words is None else _with_body(sample, generated_body(words))
        slug = name.split()[0].replace(",", "")
        doc = folder / f"{slug}.newsdesk"
        save_article(article, doc)

        def data_uri(filename: str, article=article) -> str:
            image = article.image_by_filename(filename)
            if image is None:
                return filename
            encoded = base64.b64encode(image.data).decode("ascii")
            return f"data:{image.media_type};base64,{encoded}"

        page = folder / f"{slug}.html"
        page.write_text(render_page(article, profile, image_url=data_uri), encoding="utf-8")
        cases[name] = {"doc": doc, "page": page}
    return cases


def _with_body(article, body: str):
    from dataclasses import replace

    return replace(article, body=body)


def compile_package() -> None:
    """Bytecode for newsdesk, as an installed wheel or app has it: the bare
    window's PySide6 comes compiled, and a source checkout on a machine with
    PYTHONDONTWRITEBYTECODE set would otherwise compile ~150 ms of modules in
    every start."""
    import compileall

    import newsdesk

    compileall.compile_dir(Path(newsdesk.__file__).parent, quiet=1)


def run_start(command: list[str], env: dict[str, str], marker: str) -> float:
    """Milliseconds from starting `command` until it prints a line starting
    with `marker` (on stdout or stderr); the process is then left to quit."""
    started = time.monotonic()
    proc = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    assert proc.stdout is not None
    ready_at = None
    output: list[str] = []
    for line in proc.stdout:
        output.append(line)
        if ready_at is None and line.startswith(marker):
            ready_at = (time.monotonic() - started) * 1000
    proc.wait(timeout=300)
    if ready_at is None or proc.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{''.join(output)[-3000:]}")
    return ready_at


def start_app_ms(doc: Path, env: dict[str, str]) -> float:
    """`newsdesk DOC` as a writer starts it (the CLI, crash recovery, the
    render worker process before Qt; --render-mode does not apply), until the
    window is shown with the preview loaded: the smoke hook of newsdesk.ui.app
    reports it and quits."""
    env = dict(env, NEWSDESK_SMOKE_QUIT_AFTER_MS="ready")
    command = [sys.executable, "-m", "newsdesk", str(doc)]
    return run_start(command, env, "newsdesk: smoke: preview generation")


def start_bare_ms(page: Path, env: dict[str, str]) -> float:
    """The baseline: bare_window.py, which imports nothing but PySide6."""
    return run_start([sys.executable, str(HERE / "bare_window.py"), str(page)], env, "READY")


def run_child(case: str, path: Path, env: dict[str, str], mode: str, quick: bool) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", case, str(path)]
    command += ["--render-mode", mode] + (["--quick"] if quick else [])
    proc = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    result = None
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("RESULT "):
            result = json.loads(line[len("RESULT ") :])
        elif line.startswith("ERROR"):
            print(line.rstrip(), file=sys.stderr)
    proc.wait(timeout=300)
    if result is None:
        stderr = proc.stderr.read() if proc.stderr else ""
        raise RuntimeError(f"{case} on {path.name} failed:\n{stderr[-3000:]}")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer keys and runs")
    parser.add_argument("--render-mode", default="process", choices=["process", "thread"])
    parser.add_argument("--child", nargs=2, metavar=("CASE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        args.case, args.path = args.child
        child_main(args)
        return

    mode, quick = args.render_mode, args.quick
    scratch = Path(tempfile.mkdtemp(prefix="newsdesk-bench-editor-"))
    env = child_env(scratch)
    cases = prepare(scratch, quick)

    compile_package()
    typing = {name: run_child("typing", c["doc"], env, mode, quick) for name, c in cases.items()}
    sample = cases["sample"]
    start_app: list[float] = []
    start_bare: list[float] = []
    for _ in range(1 if quick else 21):  # alternating: load on the machine hits both alike
        start_app.append(start_app_ms(sample["doc"], env))
        start_bare.append(start_bare_ms(sample["page"], env))
    big = cases["50,000 words"]
    opened = run_child("open", big["doc"], env, mode, quick)
    mem_app = run_child("memory-app", big["doc"], env, mode, quick)
    mem_bare = run_child("memory-bare", big["page"], env, mode, quick)

    print()
    print(f"Editor at scale (offscreen, Qt WebEngine, render worker: {mode})")
    print()
    print("Typing a sentence mid-document, one key every 60 ms (milliseconds)")
    header = (
        f"{'article':<14}{'key p50':>9}{'key p95':>9}{'cpu p50':>9}{'cpu p95':>9}"
        f"{'stall p95':>10}{'stall max':>10}"
    )
    print(header)
    print("-" * len(header))
    for name, r in typing.items():
        print(
            f"{name:<14}{percentile(r['handling'], 0.5):9.1f}{percentile(r['handling'], 0.95):9.1f}"
            f"{percentile(r['cpu'], 0.5):9.1f}{percentile(r['cpu'], 0.95):9.1f}"
            f"{percentile(r['stall'], 0.95):10.1f}{max(r['stall'] or [0]):10.1f}"
        )
    print("key = QTest.keyClick handled on the UI thread; cpu = UI-thread CPU per key until")
    print("the next; stall = how late a 1 ms timer fired while typing (goal p95 < 16 ms).")
    print()
    print("Keystroke to preview patched, after a pause (milliseconds, median)")
    header = (
        f"{'article':<14}{'latency':>9}{'full render':>13}{'ratio':>8}"
        f"{'submit':>9}{'worker':>9}{'(ipc)':>9}{'patch':>9}{'sent/key':>10}"
    )
    print(header)
    print("-" * len(header))
    for name, r in typing.items():
        latency = statistics.median(r["latency"])
        part = {k: statistics.median(v) for k, v in r["parts"].items()}
        sent = r.get("sent") or []
        # without sent_chars (older worker): the old and new body went over
        per_key = statistics.median(sent) if sent else 2 * r["body_chars"]
        print(
            f"{name:<14}{latency:9.1f}{r['full_render']:13.1f}{latency / r['full_render']:8.2f}"
            f"{part['submit']:9.1f}{part['worker']:9.1f}{part['ipc']:9.1f}{part['patch']:9.1f}"
            f"{per_key:10.0f}"
        )
    print("full render = render_markdown(body) in the same process (goal: latency < 100 ms);")
    print("submit = key to body sent to the worker (debounce), worker = until its patch is")
    print("back (transfer + incremental render), (ipc) = worker minus the render itself:")
    print("the round trip's floor; patch = the page script patching the DOM;")
    print("sent/key = characters of text sent to the worker per keystroke.")
    print()
    app_ms, bare_ms = statistics.median(start_app), statistics.median(start_bare)
    print("Start to window shown with the sample's preview loaded (milliseconds, median)")
    print(f"  newsdesk {app_ms:8.0f}   bare QWebEngineView {bare_ms:8.0f}", end="")
    print(f"   ratio {app_ms / bare_ms:.2f}")
    print()
    print("Opening the 50,000-word document (milliseconds)")
    editable, bare_edit = opened["editable"], opened["bare"]
    print(
        f"  editor accepts input {editable:8.0f}   preview loaded {opened['preview']:8.0f}", end=""
    )
    print(f"   bare QPlainTextEdit {bare_edit:8.0f}   ratio {editable / bare_edit:.2f}")
    print()
    mb = 1024 * 1024
    print("Memory of the process tree with the 50,000-word article (MiB)")
    print(
        f"  RSS newsdesk {mem_app['rss'] / mb:8.0f}   bare {mem_bare['rss'] / mb:8.0f}"
        f"   ratio {mem_app['rss'] / mem_bare['rss']:.2f}"
    )
    print(
        f"  USS newsdesk {mem_app['uss'] / mb:8.0f}   bare {mem_bare['uss'] / mb:8.0f}"
        f"   ratio {mem_app['uss'] / mem_bare['uss']:.2f}"
    )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
