"""The render worker's channel and process, without Qt: pickled messages of any
size both ways over pipes (POSIX) and a socket pair (Windows), the end of the
connection seen as EOFError,
and a real worker interpreter answering jobs."""

from __future__ import annotations

import os
import socket
import threading
from urllib.parse import quote

import pytest

from newsdesk.interchange import load_article
from newsdesk.profile.model import Profile
from newsdesk.render.page import render_page
from newsdesk.resources import sample_article_path
from newsdesk.ui.render_job import PreviewResult, StaleBase, render_preview
from newsdesk.ui.render_process import Channel, RenderProcess, pipe_channel, socket_channel


def _pipes() -> tuple[Channel, Channel]:
    to_theirs, to_ours = os.pipe(), os.pipe()
    return (
        pipe_channel(to_ours[0], to_theirs[1]),
        pipe_channel(to_theirs[0], to_ours[1]),
    )


def _socket_pair() -> tuple[Channel, Channel]:
    a, b = socket.socketpair()
    return socket_channel(a), socket_channel(b)


@pytest.mark.parametrize("connect", [_pipes, _socket_pair], ids=["pipes", "socket"])
def test_messages_of_any_size_cross_both_ways(connect):
    ours, theirs = connect()
    big = "ü" * 3_000_000  # far more than a pipe's buffer: the reader reads meanwhile
    received: list = []
    reader = threading.Thread(target=lambda: received.append(theirs.recv()))
    reader.start()
    ours.send((1, "render", (big,)))
    reader.join(30)
    assert received == [(1, "render", (big,))]
    theirs.send((1, False, StaleBase("not held")))
    number, ok, outcome = ours.recv()
    assert (number, ok) == (1, False) and isinstance(outcome, StaleBase)
    assert not ours.poll()
    theirs.close()
    with pytest.raises(EOFError):
        ours.recv()
    ours.close()


def test_a_worker_process_renders_the_page_and_stops():
    worker = RenderProcess()
    try:
        article = load_article(sample_article_path("md"))
        profile = Profile.default()
        worker.connection.send((7, render_preview, (article, profile, "media/")))
        number, ok, result = worker.connection.recv()
        assert (number, ok) == (7, True)
        assert isinstance(result, PreviewResult)
        expected = render_page(
            article, profile, image_url=lambda n: "media/" + quote(n), preview=True
        )
        assert result.html == expected
    finally:
        worker.stop()
    assert worker.process.poll() is not None


def test_a_failing_job_comes_back_as_its_error():
    worker = RenderProcess()
    try:
        worker.connection.send((1, int, ("not a number",)))
        number, ok, result = worker.connection.recv()
        assert (number, ok) == (1, False) and isinstance(result, ValueError)
        # the worker goes on with the next job
        worker.connection.send((2, len, ("four",)))
        assert worker.connection.recv() == (2, True, 4)
    finally:
        worker.stop()


def test_newsdesk_s_own_errors_come_back_whole(tmp_path):
    # A file named on the command line is rendered early (prerender); when it
    # is no document, the error must reach the editor intact, not break the read.
    from newsdesk.errors import NotADocumentError
    from newsdesk.ui.render_job import prerender

    bad = tmp_path / "bad.newsdesk"
    bad.write_bytes(os.urandom(4096))
    worker = RenderProcess()
    try:
        worker.connection.send((3, prerender, (str(bad), Profile.default(), "tok")))
        number, ok, result = worker.connection.recv()
        assert (number, ok) == (3, False)
        assert isinstance(result, NotADocumentError) and result.path == bad
        assert str(result).startswith(str(bad))
    finally:
        worker.stop()


def test_an_error_pickle_cannot_rebuild_comes_back_as_its_message():
    from newsdesk.ui.render_job import _sendable

    class Picky(Exception):
        def __init__(self, what: str, why: str) -> None:
            super().__init__(f"{what}: {why}")

    sent = _sendable(Picky("page", "too odd"))
    assert type(sent) is RuntimeError and str(sent) == "Picky: page: too odd"
    plain = ValueError("kept")
    assert _sendable(plain) is plain


def test_files_in_the_folder_newsdesk_starts_from_cannot_stand_in_for_modules(
    tmp_path, monkeypatch
):
    (tmp_path / "pickle.py").write_text("raise SystemExit('a stranger pickle')\n", "utf-8")
    (tmp_path / "markdown.py").write_text("raise SystemExit('a stranger markdown')\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    worker = RenderProcess()
    try:
        worker.connection.send((1, len, ("four",)))
        assert worker.connection.recv() == (1, True, 4)
    finally:
        worker.stop()
