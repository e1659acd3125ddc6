"""Opening what is not a (usable) newsdesk document: a typed error naming the
file and the problem, and the file is left exactly as it was."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from helpers.unprivileged import run_unprivileged, shared_folder
from newsdesk.errors import DocumentError, NewerFormatError, NotADocumentError
from newsdesk.model.article import Article, Image
from newsdesk.storage.document import Document, read_document, write_document
from newsdesk.storage.schema import SCHEMA_VERSION


def make_document(path: Path) -> Path:
    article = Article(
        headline="A real document",
        body="word " * 3000,
        images=[Image(filename="p.png", media_type="image/png", data=os.urandom(40_000))],
    )
    Document.create(path, article).close()
    return path


def text_file(path: Path) -> Path:
    path.write_text("# Not a document\n\nJust some Markdown someone renamed.\n")
    return path


def binary_junk(path: Path) -> Path:
    path.write_bytes(os.urandom(8192))
    return path


def empty_file(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def truncated_in_the_header(path: Path) -> Path:
    data = make_document(path).read_bytes()
    path.write_bytes(data[:60])
    return path


def truncated_half_way(path: Path) -> Path:
    data = make_document(path).read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def truncated_at_a_page_boundary(path: Path) -> Path:
    data = make_document(path).read_bytes()
    path.write_bytes(data[: 4096 * 3])
    return path


def other_sqlite_database(path: Path) -> Path:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
        conn.execute("INSERT INTO contacts VALUES ('Ana', '555-0100')")
    conn.close()
    return path


def damaged_pages(path: Path) -> Path:
    """Intact header, garbage over the pages that hold the tables."""
    data = bytearray(make_document(path).read_bytes())
    data[4096 : 4096 * 4] = os.urandom(4096 * 3)
    path.write_bytes(bytes(data))
    return path


def missing_tables(path: Path) -> Path:
    """Our application id and version, but none of our tables."""
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE something (x)")
        conn.execute("PRAGMA application_id = 1313100619")
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    conn.close()
    return path


BAD_FILES: dict[str, tuple[Callable[[Path], Path], type[DocumentError], str]] = {
    "text file": (text_file, NotADocumentError, "not an SQLite database"),
    "binary junk": (binary_junk, NotADocumentError, "not an SQLite database"),
    "empty file": (empty_file, NotADocumentError, "is empty"),
    "truncated in the header": (truncated_in_the_header, NotADocumentError, "truncated"),
    "truncated half way": (truncated_half_way, NotADocumentError, "truncated"),
    "truncated at a page boundary": (
        truncated_at_a_page_boundary,
        NotADocumentError,
        "truncated",
    ),
    "other SQLite database": (
        other_sqlite_database,
        NotADocumentError,
        "SQLite database of another program",
    ),
    "damaged pages": (damaged_pages, NotADocumentError, "damaged"),
    "missing tables": (missing_tables, NotADocumentError, "damaged"),
}


@pytest.mark.parametrize("read_only", [False, True], ids=["open", "open-read-only"])
@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_bad_file_is_refused_and_left_untouched(
    tmp_path: Path, case: str, read_only: bool
) -> None:
    make, error, problem = BAD_FILES[case]
    folder = tmp_path / "docs"
    folder.mkdir()
    path = make(folder / "story.newsdesk")
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(error) as caught:
        Document.open(path, read_only=read_only)
    message = str(caught.value)
    assert str(path) in message
    assert problem in message
    assert "Traceback" not in message
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in folder.iterdir()) == ["story.newsdesk"]  # no journal


@pytest.mark.parametrize("case", ["text file", "other SQLite database", "empty file"])
def test_read_document_and_write_document_refuse_bad_files_too(tmp_path: Path, case: str) -> None:
    make, error, _problem = BAD_FILES[case]
    path = make(tmp_path / "story.newsdesk")
    before = path.read_bytes()
    with pytest.raises(error):
        read_document(path)
    with pytest.raises(error):
        write_document(path, Article(headline="would clobber"))
    assert path.read_bytes() == before


def test_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.newsdesk"
    with pytest.raises(DocumentError, match="no such file") as caught:
        Document.open(path)
    assert str(path) in str(caught.value)
    assert list(tmp_path.iterdir()) == []  # not created by opening


def test_a_directory(tmp_path: Path) -> None:
    path = tmp_path / "folder.newsdesk"
    path.mkdir()
    with pytest.raises(DocumentError, match="is a directory") as caught:
        Document.open(path)
    assert str(path) in str(caught.value)
    with pytest.raises(DocumentError, match="is a directory"):
        Document.create(path, Article())
    assert list(path.iterdir()) == []


# -- a newer format -------------------------------------------------------------------


def test_a_document_from_a_newer_newsdesk_is_refused_untouched(tmp_path: Path) -> None:
    path = make_document(tmp_path / "future.newsdesk")
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 7}")
    conn.close()
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    for attempt in (
        lambda: Document.open(path),
        lambda: Document.open(path, read_only=True),
        lambda: read_document(path),
        lambda: write_document(path, Article()),
    ):
        with pytest.raises(NewerFormatError) as caught:
            attempt()
        message = str(caught.value)
        assert str(path) in message
        assert f"version {SCHEMA_VERSION + 7}" in message
        assert "newer newsdesk" in message
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["future.newsdesk"]


# -- permissions, checked as an unprivileged user ----------------------------------------


def _open_as_unprivileged_user(path: Path) -> str:
    def check() -> str:
        try:
            with Document.open(path) as doc:
                mode = "read-only" if doc.read_only else "writable"
                return f"opened {mode} {doc.load().headline}"
        except DocumentError as exc:
            return f"{type(exc).__name__} {exc}"

    return run_unprivileged(check)


@pytest.fixture(name="shared_folder")
def _shared_folder() -> Iterator[Path]:
    with shared_folder() as folder:
        yield folder


def test_a_file_the_user_may_not_read(shared_folder: Path) -> None:
    path = make_document(shared_folder / "secret.newsdesk")
    path.chmod(0o600)
    if os.geteuid() != 0:
        path.chmod(0o000)
    before = path.read_bytes() if os.geteuid() == 0 else None
    output = _open_as_unprivileged_user(path)
    assert output == f"DocumentError {path}: cannot be read: permission denied"
    if before is not None:
        assert path.read_bytes() == before
    assert sorted(p.name for p in shared_folder.iterdir()) == ["secret.newsdesk"]


def test_a_file_the_user_may_read_but_not_write_opens_read_only(shared_folder: Path) -> None:
    path = make_document(shared_folder / "colleague.newsdesk")
    path.chmod(0o644)  # owned by someone else (root) when the child is nobody
    if os.geteuid() != 0:
        path.chmod(0o444)
    before = path.read_bytes()
    output = _open_as_unprivileged_user(path)
    assert output == "opened read-only A real document"
    assert path.read_bytes() == before
