"""The preview's render job, run in the render worker process. No Qt here:
the worker imports only the renderer.

Typing sends little: the worker keeps, per preview, the body it last rendered
(numbered by a revision the UI side chooses), and a keystroke sends only the
changed span against that revision (render_body_delta). The result carries the
patch, not the body: the UI side has the body already."""

from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass
from urllib.parse import quote

from newsdesk.model.article import Article
from newsdesk.model.text_stats import word_count
from newsdesk.profile.model import Profile


@dataclass(frozen=True)
class PreviewResult:
    html: str
    words: int
    characters: int


@dataclass(frozen=True)
class BodyPatchResult:
    """Operations turning the body the preview shows into the new body's
    blocks (BodyPatch.to_json(): replace/shift ops, or full)."""

    patch: dict
    body: str | None  # None from the worker: the sender fills in what it sent
    words: int
    characters: int
    stats: dict


class StaleBase(Exception):  # noqa: N818 - a request, not a failure
    """The worker does not hold the revision a delta was computed against (it
    restarted, or a render failed): the sender sends the whole text instead."""


@dataclass
class _BodyState:
    renderer: object  # IncrementalRenderer
    media_prefix: str
    body: str | None  # what the renderer last rendered
    revision: int = -1  # the sender's number for `body`


# Worker-process state: one incremental renderer per preview (by its token).
_bodies: dict[str, _BodyState] = {}


def preview_snapshot(article: Article) -> Article:
    """A copy safe to hand to another thread or process: later edits cannot
    reach it, and image bytes are left out (the preview fetches images from
    the document through its URL scheme)."""
    snapshot = copy.copy(article)
    for name in ("byline", "contributors", "faqs", "related", "keywords", "notes"):
        setattr(snapshot, name, copy.deepcopy(getattr(article, name)))
    snapshot.images = [dataclasses.replace(img, data=b"") for img in article.images]
    return snapshot


# Below this many characters the incremental renderer renders the first page's
# body (one pass instead of two). Above it, its first pass (~2x a plain render:
# 1.2 s against 0.6 s at 50,000 words) would hold up the page, so the page is
# rendered plainly and prime() runs as the worker's next job.
PRIME_FIRST_CHARS = 40_000


def primes_first(body: str) -> bool:
    return len(body) < PRIME_FIRST_CHARS


def render_preview(
    article: Article,
    profile: Profile,
    media_prefix: str,
    token: str | None = None,
    revision: int = -1,
) -> PreviewResult:
    """The whole page. With a preview's token and a body short enough, the
    incremental renderer is primed with the body first and its HTML goes into
    the page: the body is rendered once and the next keystroke is incremental.
    (Longer bodies: the sender queues prime() next.)"""
    from newsdesk.render.page import render_page

    early = _prerendered.pop(token, None) if token is not None else None
    if early is not None and early.matches(article, profile, media_prefix):
        if token in _bodies:
            _bodies[token].revision = revision
        return early.result
    body_html = None
    words = None
    if token is not None and primes_first(article.body):
        state = _state(token, media_prefix, article.body)
        state.revision = revision
        body_html = state.renderer.html
        words = state.renderer.word_count()
    html = render_page(
        article,
        profile,
        image_url=lambda name: media_prefix + quote(name),
        preview=True,
        body_html=body_html,
    )
    if words is None:
        words = word_count(article.body)
    return PreviewResult(html, words, len(article.body))


@dataclass(frozen=True)
class _Prerendered:
    snapshot: Article
    profile: Profile
    media_prefix: str
    result: PreviewResult

    def matches(self, article: Article, profile: Profile, media_prefix: str) -> bool:
        return (self.media_prefix, self.snapshot, self.profile) == (media_prefix, article, profile)


# Worker-process state: pages rendered before their preview asked (by token).
_prerendered: dict[str, _Prerendered] = {}


def prerender(path: str, profile: Profile, token: str) -> None:
    """Render the page of the document the editor is about to open, read from
    disk, for the preview that will have `token`: the command line asks for it
    right after spawning the worker, so the page is rendered while the editor
    starts Qt, not when the preview asks (render_process.RenderProcess.prerender).
    The preview's own request gets this result when it is for the same article,
    profile and media prefix; otherwise it is rendered as always."""
    from pathlib import Path

    from newsdesk.storage.document import read_document
    from newsdesk.ui.preview_address import media_prefix

    snapshot = preview_snapshot(read_document(Path(path)))
    prefix = media_prefix(token)
    result = render_preview(snapshot, profile, prefix, token)
    _prerendered[token] = _Prerendered(snapshot, profile, prefix, result)


def prime(token: str, media_prefix: str, body: str, revision: int) -> None:
    """Get the preview's incremental renderer ready for `body` (the page shows it)."""
    _state(token, media_prefix, body).revision = revision


def _state(token: str, media_prefix: str, base_body: str) -> _BodyState:
    """This preview's incremental renderer, showing `base_body`."""
    from newsdesk.render.incremental import IncrementalRenderer

    state = _bodies.get(token)
    if state is None or state.media_prefix != media_prefix:
        renderer = IncrementalRenderer(image_url=lambda name: media_prefix + quote(name))
        state = _bodies[token] = _BodyState(renderer, media_prefix, None)
    if state.body != base_body:
        state.renderer.reset()
        state.renderer.update(base_body)  # the blocks the page shows
        state.body = base_body
    return state


def render_body_patch(
    token: str, base_body: str, body: str, media_prefix: str, revision: int = -1
) -> BodyPatchResult:
    """Re-render only the body blocks that changed since `base_body` (what the
    preview shows), with the incremental renderer kept for this preview."""
    state = _state(token, media_prefix, base_body)
    return _update(state, body, revision)


def render_body_delta(
    token: str,
    base_revision: int,
    base_length: int,
    start: int,
    end: int,
    inserted: str,
    media_prefix: str,
    revision: int,
) -> BodyPatchResult:
    """render_body_patch for the body revision `base_revision` with
    `[start:end]` replaced by `inserted`: a keystroke sends a few characters,
    not the document twice."""
    state = _bodies.get(token)
    if (
        state is None
        or state.body is None
        or state.revision != base_revision
        or state.media_prefix != media_prefix
        or len(state.body) != base_length
    ):
        raise StaleBase(token)
    base = state.body
    return _update(state, base[:start] + inserted + base[end:], revision)


def _update(state: _BodyState, body: str, revision: int) -> BodyPatchResult:
    state.revision = -1  # unknown until the update succeeds
    patch = state.renderer.update(body)
    state.body = body
    state.revision = revision
    words = state.renderer.word_count()  # per block: ~0.2 ms instead of ~50 ms at 50k words
    return BodyPatchResult(patch.to_json(), None, words, len(body), dict(state.renderer.last_stats))


def forget(token: str) -> None:
    _bodies.pop(token, None)
    _prerendered.pop(token, None)


def warm_up() -> None:
    """Worker initializer: import the renderer before the first keystroke."""
    import newsdesk.render.page  # noqa: F401

    warm_up_typing()


def warm_up_typing() -> None:
    """What body patches need and the first page does not."""
    import newsdesk.render.incremental  # noqa: F401


def _sendable(exc: Exception) -> Exception:
    """`exc`, or a RuntimeError saying the same when it would not come out of
    pickle on the other side (an exception class whose __init__ takes other
    arguments than its message): the UI must get an outcome, not a failing read."""
    import pickle

    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:  # noqa: BLE001 - any failure: send what can be read
        return RuntimeError(f"{type(exc).__name__}: {exc}")
    return exc


def serve(conn) -> None:
    """The worker process's loop: jobs `(number, function, args)` come in on
    `conn` (render_process.Channel), `(number, ok, result or exception)` go
    back, in order (a result that cannot be pickled goes back as an error). A thread
    reads while a job runs, so the UI never blocks sending a long text."""
    import pickle
    import queue
    import threading

    import newsdesk.render.page  # noqa: F401 - the first job renders the page

    jobs: queue.SimpleQueue = queue.SimpleQueue()

    def read() -> None:
        try:
            while True:
                jobs.put(conn.recv())
        except (EOFError, OSError):
            jobs.put(None)

    threading.Thread(target=read, name="newsdesk-render-reader", daemon=True).start()
    while (job := jobs.get()) is not None:
        number, function, args = job
        try:
            reply = (number, True, function(*args))
        except Exception as exc:  # goes back to the UI as the job's outcome
            reply = (number, False, _sendable(exc))
        try:
            try:
                conn.send(reply)
            except (TypeError, AttributeError, ValueError, pickle.PicklingError) as exc:
                conn.send((number, False, RuntimeError(f"{reply[2]!r} ({exc})")))
        except OSError:
            return
        if jobs.empty():  # idle after the first page (the editor's start): ready for typing
            warm_up_typing()
