"""The edit lock between real processes: a live holder is named, a crashed
holder's lock is taken over."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers.unprivileged import run_unprivileged, shared_folder
from newsdesk.errors import DocumentError, DocumentLockedError
from newsdesk.model.article import Article
from newsdesk.storage.document import Document, write_document
from newsdesk.storage.lock import EditLock, lock_path_for

HOLDER = Path(__file__).parent / "helpers" / "lock_holder.py"


def start_holder(document: Path) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, str(HOLDER), "hold", str(document)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    line = child.stdout.readline()
    assert line.startswith("locked"), line
    return child


@pytest.fixture
def document(tmp_path: Path) -> Path:
    path = tmp_path / "story.newsdesk"
    Document.create(path, Article(headline="Shared story")).close()
    return path


@pytest.fixture
def holder(document: Path) -> Iterator[subprocess.Popen[str]]:
    child = start_holder(document)
    yield child
    if child.poll() is None:
        child.kill()
    child.wait(timeout=10)


def test_the_lock_file_sits_beside_the_document_and_says_who(document: Path) -> None:
    with EditLock.acquire(document) as lock:
        lock_file = lock_path_for(document)
        assert lock_file == document.with_name(".~story.newsdesk.lock")
        assert lock.lock_file == lock_file.absolute()
        owner = json.loads(lock_file.read_text())
        assert owner["pid"] == os.getpid()
        assert owner["hostname"] == socket.gethostname()
        assert owner["user"]
        assert owner["since"].endswith("+00:00")
        assert lock.held
        assert lock.took_over_from is None
    assert not lock.held
    assert not lock_file.exists()


def test_a_second_process_is_told_who_edits_the_document(
    document: Path, holder: subprocess.Popen[str]
) -> None:
    with pytest.raises(DocumentLockedError) as caught:
        EditLock.acquire(document)
    error = caught.value
    assert isinstance(error, DocumentError)
    assert error.pid == holder.pid
    assert error.hostname == socket.gethostname()
    assert error.since
    message = str(error)
    assert str(document.absolute()) in message
    assert f"process {holder.pid}" in message
    assert f"on {socket.gethostname()}" in message
    owner = EditLock.holder(document)
    assert owner is not None
    assert owner.pid == holder.pid
    # ... and the document still opens read-only for that second process
    with Document.open(document, read_only=True) as doc:
        assert doc.load().headline == "Shared story"


def test_write_document_refuses_while_another_process_edits(
    document: Path, holder: subprocess.Popen[str]
) -> None:
    before = document.read_bytes()
    with pytest.raises(DocumentLockedError, match=f"process {holder.pid}"):
        write_document(document, Article(headline="clobbered"))
    assert document.read_bytes() == before


def test_the_lock_is_free_again_once_the_holder_releases(
    document: Path, holder: subprocess.Popen[str]
) -> None:
    assert holder.stdin is not None
    holder.stdin.close()  # the holder releases and exits
    assert holder.wait(timeout=10) == 0
    assert not lock_path_for(document).exists()
    assert EditLock.holder(document) is None
    with EditLock.acquire(document) as lock:
        assert lock.took_over_from is None


def test_a_crashed_holders_lock_is_taken_over(
    document: Path, holder: subprocess.Popen[str]
) -> None:
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=10)
    assert lock_path_for(document).exists()  # left behind by the crash
    assert EditLock.holder(document) is None  # ... but nobody holds it
    with EditLock.acquire(document) as lock:
        assert lock.took_over_from is not None
        assert lock.took_over_from.pid == holder.pid
        assert json.loads(lock_path_for(document).read_text())["pid"] == os.getpid()


def test_another_process_cannot_take_our_lock(document: Path) -> None:
    with EditLock.acquire(document):
        result = subprocess.run(
            [sys.executable, str(HOLDER), "try", str(document)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 3, result.stderr
        assert f"process {os.getpid()}" in result.stdout
        assert "DocumentLockedError" in result.stdout
    result = subprocess.run(
        [sys.executable, str(HOLDER), "try", str(document)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_same_process_cannot_lock_a_document_twice(document: Path) -> None:
    with EditLock.acquire(document), pytest.raises(DocumentLockedError):
        EditLock.acquire(document)


def test_a_lock_in_a_folder_the_user_may_not_write() -> None:
    with shared_folder() as folder:
        document = folder / "story.newsdesk"
        Document.create(document, Article()).close()  # owned by us, 0755 folder

        def check() -> str:
            try:
                EditLock.acquire(document)
            except DocumentError as exc:
                return f"{type(exc).__name__} {exc}"
            return "locked"

        output = run_unprivileged(check)
        assert output == (
            f"DocumentError {document}: cannot create the lock file "
            ".~story.newsdesk.lock: Permission denied"
        ) or (os.geteuid() != 0 and output == "locked")
