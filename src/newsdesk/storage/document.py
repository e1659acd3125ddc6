"""The .newsdesk document: one SQLite file per article, holding its revisions
(full JSON snapshots) and its images (stored once each, by sha256).

Journal mode: rollback journal (DELETE) with synchronous=FULL, not WAL.
A document is something users copy, mail and keep on USB sticks and network
shares. With DELETE the file is complete and self-contained whenever no save
is running: nothing lives in side files. WAL would keep committed saves in
``-wal``/``-shm`` files beside the document while it is open (a copy of the
.newsdesk alone then lacks them), needs shared memory that network file
systems do not provide, and cannot be read from read-only media without them.
Every save is one transaction; SQLite writes the original pages to
``NAME-journal`` and fsyncs it before touching the document, so after a crash
or power loss at any moment the next writable open rolls the half-done save
back to the last committed state. The price, a few fsyncs per save, is small
at the rate people (and a few-seconds autosave) save.

The edit lock (one editing process per document) is separate, in
`newsdesk.storage.lock`: the editor takes it before Document.open and offers
read-only when it cannot.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import sqlite3
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from newsdesk.errors import (
    DocumentError,
    NewerFormatError,
    NotADocumentError,
    ReadOnlyError,
)
from newsdesk.fsutil import atomic_path
from newsdesk.model.article import Article
from newsdesk.model.serialize import article_from_dict, article_to_dict
from newsdesk.model.text_stats import word_count
from newsdesk.storage.lock import EditLock
from newsdesk.storage.migrations import migrate
from newsdesk.storage.probe import newer_format_problem, probe
from newsdesk.storage.schema import APPLICATION_ID, SCHEMA_VERSION, create_schema, stamp_writer

SAVE = "save"
AUTOSAVE = "autosave"

_BUSY_TIMEOUT_S = 10.0
_SQLITE_READONLY_ROLLBACK = 776  # a read-only connection met a hot journal
# Free pages left by dropped images are handed back to the file system on
# close once they add up to this much.
_VACUUM_THRESHOLD_BYTES = 1 << 20


@dataclass(frozen=True)
class RevisionInfo:
    """One entry of a document's history, without its snapshot."""

    id: int
    created: datetime  # timezone-aware (UTC)
    kind: str  # SAVE or AUTOSAVE
    label: str | None
    headline: str
    word_count: int


def _now() -> datetime:
    return datetime.now(UTC)


def _connect(path: Path, mode: str) -> sqlite3.Connection:
    """Autocommit connection (we issue BEGIN/COMMIT ourselves) opened through a
    URI, so mode=ro / mode=rw never creates a missing file."""
    uri = f"{path.absolute().as_uri()}?mode={mode}"
    return sqlite3.connect(
        uri,
        uri=True,
        isolation_level=None,
        timeout=_BUSY_TIMEOUT_S,
        check_same_thread=False,
    )


class Document:
    """An open .newsdesk file. Use `Document.create` / `Document.open`; close
    it (or use `with`) when done. Methods are safe to call from one thread at
    a time each (an internal mutex serialises them)."""

    def __init__(self, path: Path, conn: sqlite3.Connection, *, read_only: bool) -> None:
        self._path = path
        self._conn: sqlite3.Connection | None = conn
        self._read_only = read_only
        self._mutex = threading.RLock()

    # -- opening -----------------------------------------------------------

    @classmethod
    def create(
        cls,
        path: Path,
        article: Article,
        *,
        overwrite: bool = False,
        label: str | None = None,
    ) -> Document:
        """Write a new document whose first revision is `article` and open it.

        The file appears complete or not at all (built beside the target and
        renamed over it). An existing file is refused unless overwrite=True."""
        path = Path(path)
        if path.is_dir():
            raise DocumentError(path, "is a directory; give a file name ending in .newsdesk")
        if path.exists() and not overwrite:
            raise DocumentError(path, "already exists; choose another name or remove it first")
        try:
            with atomic_path(path) as tmp:
                conn = sqlite3.connect(tmp, isolation_level=None)
                try:
                    # A temporary file: atomic_path fsyncs it once at the end.
                    conn.execute("PRAGMA journal_mode = MEMORY")
                    conn.execute("PRAGMA synchronous = OFF")
                    conn.execute("BEGIN")
                    create_schema(conn)
                    _insert_revision(conn, _Snapshot.of(article), SAVE, label)
                    conn.execute("COMMIT")
                finally:
                    conn.close()
        except sqlite3.Error as exc:
            raise DocumentError(path, f"cannot be written: {exc}") from exc
        except OSError as exc:
            raise DocumentError(path, f"cannot be written: {exc.strerror or exc}") from exc
        return cls.open(path)

    @classmethod
    def open(cls, path: Path, *, read_only: bool = False) -> Document:
        """Open an existing document. It opens read-only when asked, or when
        the file or its folder cannot be written (check `.read_only`).

        Anything that is not a newsdesk document raises DocumentError (or a
        subclass) naming the file and the problem, and is not written to."""
        path = Path(path)
        found = probe(path)
        writable = found.writable and not read_only
        conn: sqlite3.Connection | None = None
        try:
            if writable:
                conn = _connect(path, "rw")
                conn.execute("PRAGMA journal_mode = DELETE")
                conn.execute("PRAGMA synchronous = FULL")
                conn.execute("PRAGMA foreign_keys = ON")
                _verify(path, conn)  # also rolls back an interrupted save
                version = _schema_version(path, conn)
                if version < SCHEMA_VERSION:
                    migrate(conn, version)
            else:
                conn = _open_read_only(path, hot_journal=found.hot_journal)
                _verify(path, conn)
                version = _schema_version(path, conn)
                if version < SCHEMA_VERSION:
                    # Never rewrite a file we only read: upgrade a private copy.
                    conn = _in_memory_copy(conn)
                    migrate(conn, version)
        except BaseException as exc:
            if conn is not None:
                conn.close()
            if isinstance(exc, sqlite3.Error):
                raise _damaged(path, exc) from exc
            raise
        return cls(path, conn, read_only=not writable)

    # -- properties ----------------------------------------------------------

    @property
    def path(self) -> Path:
        return self._path

    @property
    def read_only(self) -> bool:
        return self._read_only

    @property
    def closed(self) -> bool:
        return self._conn is None

    @property
    def has_unsaved_autosave(self) -> bool:
        """The latest revision is an autosave: the last session ended (or
        crashed) with edits that were never saved explicitly."""
        with self._reading() as conn:
            row = conn.execute("SELECT kind FROM revisions ORDER BY id DESC LIMIT 1").fetchone()
        return row is not None and row[0] == AUTOSAVE

    # -- reading -------------------------------------------------------------

    def load(self) -> Article:
        """The latest revision (an autosave included)."""
        with self._reading() as conn:
            row = conn.execute("SELECT snapshot FROM revisions ORDER BY id DESC LIMIT 1").fetchone()
            if row is None:
                raise NotADocumentError(self._path, "is damaged: it holds no revision")
            return self._article(conn, row[0])

    def load_revision(self, revision_id: int) -> Article:
        with self._reading() as conn:
            row = conn.execute(
                "SELECT snapshot FROM revisions WHERE id = ?", (int(revision_id),)
            ).fetchone()
            if row is None:
                raise DocumentError(self._path, f"has no revision {revision_id}")
            return self._article(conn, row[0])

    def revisions(self) -> list[RevisionInfo]:
        """The history, oldest first."""
        with self._reading() as conn:
            rows = conn.execute(
                "SELECT id, created, kind, label, headline, word_count FROM revisions ORDER BY id"
            ).fetchall()
        return [_revision_info(row) for row in rows]

    def meta(self) -> dict[str, str]:
        """The meta table (format, versions of the programs that wrote it)."""
        with self._reading() as conn:
            return dict(conn.execute("SELECT key, value FROM meta").fetchall())

    # -- writing -------------------------------------------------------------

    def save(self, article: Article, label: str | None = None) -> RevisionInfo:
        """An explicit save: a new revision, which replaces the autosave (if
        any) taken since the previous explicit save."""
        snapshot = _Snapshot.of(article)
        with self._writing("saved") as conn:
            replaced = _delete_autosaves(conn)
            revision_id = _insert_revision(conn, snapshot, SAVE, label)
            if replaced:
                _collect_garbage(conn)
            stamp_writer(conn)
            row = _revision_row(conn, revision_id)
        return _revision_info(row)

    def autosave(self, article: Article) -> RevisionInfo:
        """Keep unsaved edits safe: at most one autosave revision follows the
        latest explicit save; later autosaves update it in place (same id)."""
        snapshot = _Snapshot.of(article)
        with self._writing("autosaved") as conn:
            latest = conn.execute(
                "SELECT id, kind, snapshot FROM revisions ORDER BY id DESC LIMIT 1"
            ).fetchone()
            if latest is not None and latest[2] == snapshot.json:
                return _revision_info(_revision_row(conn, latest[0]))  # nothing changed
            if latest is not None and latest[1] == AUTOSAVE:
                revision_id = latest[0]
                conn.execute(
                    "UPDATE revisions SET created = ?, headline = ?, word_count = ?, snapshot = ?"
                    " WHERE id = ?",
                    (
                        _now().isoformat(),
                        snapshot.headline,
                        snapshot.word_count,
                        snapshot.json,
                        revision_id,
                    ),
                )
                conn.execute("DELETE FROM revision_blobs WHERE revision_id = ?", (revision_id,))
                _link_blobs(conn, revision_id, snapshot)
                _collect_garbage(conn)
            else:
                revision_id = _insert_revision(conn, snapshot, AUTOSAVE, None)
            stamp_writer(conn)
            row = _revision_row(conn, revision_id)
        return _revision_info(row)

    def discard_autosave(self) -> bool:
        """Drop the autosave revision, for a user who chose not to keep the
        unsaved edits: the latest explicit save is the latest revision again.
        Returns whether there was an autosave to drop."""
        with self._writing("changed") as conn:
            removed = _delete_autosaves(conn)
            if removed:
                _collect_garbage(conn)
                stamp_writer(conn)
        return bool(removed)

    # -- closing -------------------------------------------------------------

    def close(self) -> None:
        with self._mutex:
            conn, self._conn = self._conn, None
            if conn is None:
                return
            try:
                if not self._read_only:
                    free = conn.execute("PRAGMA freelist_count").fetchone()[0]
                    page = conn.execute("PRAGMA page_size").fetchone()[0]
                    if free * page >= _VACUUM_THRESHOLD_BYTES:
                        # execute() would step it once (one page); the
                        # script runs it to the end, in one transaction.
                        conn.executescript("PRAGMA incremental_vacuum")
            except sqlite3.Error:
                pass  # only housekeeping; the saved state is already committed
            finally:
                conn.close()

    def __enter__(self) -> Document:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self.closed else ("read-only" if self._read_only else "open")
        return f"<Document {self._path} {state}>"

    # -- internals -------------------------------------------------------------

    @contextlib.contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        with self._mutex:
            if self._conn is None:
                raise RuntimeError(f"{self._path}: document is closed")
            try:
                yield self._conn
            except sqlite3.Error as exc:
                raise _damaged(self._path, exc) from exc

    @contextlib.contextmanager
    def _writing(self, what: str) -> Iterator[sqlite3.Connection]:
        """One transaction: everything inside commits together or not at all."""
        with self._mutex:
            if self._conn is None:
                raise RuntimeError(f"{self._path}: document is closed")
            if self._read_only:
                raise ReadOnlyError(
                    self._path, f"is open read-only and cannot be {what}; save a copy instead"
                )
            conn = self._conn
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise DocumentError(self._path, f"cannot be {what}: {exc}") from exc
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException as exc:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise DocumentError(self._path, f"cannot be {what}: {exc}") from exc
                raise

    def _article(self, conn: sqlite3.Connection, snapshot: str) -> Article:
        def image_data(sha256: str) -> bytes:
            row = conn.execute("SELECT data FROM blobs WHERE sha256 = ?", (sha256,)).fetchone()
            if row is None:
                raise NotADocumentError(self._path, f"is damaged: image {sha256[:12]}… is missing")
            return bytes(row[0])

        try:
            return article_from_dict(json.loads(snapshot), image_data)
        except (ValueError, KeyError, TypeError) as exc:
            raise NotADocumentError(self._path, f"is damaged: unreadable revision ({exc})") from exc


# -- helpers shared by create/save/autosave -----------------------------------


@dataclass(frozen=True)
class _Snapshot:
    """An article turned into what one revision row stores."""

    json: str
    headline: str
    word_count: int
    images: dict[str, bytes]  # sha256 -> bytes, each distinct image once

    @classmethod
    def of(cls, article: Article) -> _Snapshot:
        data = article_to_dict(article)
        images: dict[str, bytes] = {}
        for entry, image in zip(data["images"], article.images, strict=True):
            images.setdefault(entry["sha256"], image.data)
        return cls(
            json=json.dumps(data, ensure_ascii=False, separators=(",", ":")),
            headline=article.headline,
            word_count=word_count(article.body),
            images=images,
        )


def _insert_revision(
    conn: sqlite3.Connection, snapshot: _Snapshot, kind: str, label: str | None
) -> int:
    cursor = conn.execute(
        "INSERT INTO revisions (created, kind, label, headline, word_count, snapshot)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (
            _now().isoformat(),
            kind,
            label or None,
            snapshot.headline,
            snapshot.word_count,
            snapshot.json,
        ),
    )
    revision_id = int(cursor.lastrowid or 0)
    _link_blobs(conn, revision_id, snapshot)
    return revision_id


def _link_blobs(conn: sqlite3.Connection, revision_id: int, snapshot: _Snapshot) -> None:
    """Store images not yet in the file (unchanged ones are not rewritten) and
    record that this revision uses them."""
    if not snapshot.images:
        return
    wanted = list(snapshot.images)
    present: set[str] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ",".join("?" * len(chunk))
        present.update(
            row[0]
            for row in conn.execute(f"SELECT sha256 FROM blobs WHERE sha256 IN ({marks})", chunk)
        )
    conn.executemany(
        "INSERT INTO blobs (sha256, data) VALUES (?, ?)",
        [(sha, snapshot.images[sha]) for sha in wanted if sha not in present],
    )
    conn.executemany(
        "INSERT INTO revision_blobs (revision_id, sha256) VALUES (?, ?)",
        [(revision_id, sha) for sha in wanted],
    )


def _delete_autosaves(conn: sqlite3.Connection) -> int:
    ids = [row[0] for row in conn.execute("SELECT id FROM revisions WHERE kind = ?", (AUTOSAVE,))]
    for revision_id in ids:
        conn.execute("DELETE FROM revision_blobs WHERE revision_id = ?", (revision_id,))
        conn.execute("DELETE FROM revisions WHERE id = ?", (revision_id,))
    return len(ids)


def _collect_garbage(conn: sqlite3.Connection) -> None:
    """Drop images no revision uses any more (after an autosave was replaced)."""
    conn.execute(
        "DELETE FROM blobs WHERE NOT EXISTS"
        " (SELECT 1 FROM revision_blobs WHERE revision_blobs.sha256 = blobs.sha256)"
    )


def _revision_row(conn: sqlite3.Connection, revision_id: int) -> tuple[Any, ...]:
    return conn.execute(
        "SELECT id, created, kind, label, headline, word_count FROM revisions WHERE id = ?",
        (revision_id,),
    ).fetchone()


def _revision_info(row: tuple[Any, ...]) -> RevisionInfo:
    created = datetime.fromisoformat(row[1])
    if created.tzinfo is None:
        created = created.replace(tzinfo=UTC)
    return RevisionInfo(
        id=int(row[0]),
        created=created,
        kind=str(row[2]),
        label=row[3],
        headline=str(row[4]),
        word_count=int(row[5]),
    )


# -- opening helpers ------------------------------------------------------------


def _damaged(path: Path, exc: sqlite3.Error) -> DocumentError:
    message = str(exc)
    if "locked" in message or "busy" in message:
        return DocumentError(path, f"is busy: another program is writing it ({message})")
    return NotADocumentError(path, f"is damaged ({message}); restore it from a backup")


def _verify(path: Path, conn: sqlite3.Connection) -> None:
    """Read every page once (quick_check) and the tables we need, so damage is
    reported at open rather than in the middle of editing."""
    result = [row[0] for row in conn.execute("PRAGMA quick_check").fetchall()]
    if result != ["ok"]:
        detail = "; ".join(str(r) for r in result[:3])
        raise NotADocumentError(path, f"is damaged ({detail}); restore it from a backup")
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    missing = {"meta", "revisions", "blobs"} - tables
    if missing:
        raise NotADocumentError(path, f"is damaged: table {', '.join(sorted(missing))} is missing")


def _schema_version(path: Path, conn: sqlite3.Connection) -> int:
    """The version after any interrupted save was rolled back: the header the
    probe read may have come from that save (a migration, say)."""
    if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
        raise NotADocumentError(path, "is damaged: it is no longer marked as a newsdesk document")
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        raise NewerFormatError(path, newer_format_problem(version))
    if version < 1:
        raise NotADocumentError(path, "is damaged: its format version is missing")
    return version


def _open_read_only(path: Path, *, hot_journal: bool) -> sqlite3.Connection:
    conn = _connect(path, "ro")
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.Error as exc:
        conn.close()
        if getattr(exc, "sqlite_errorcode", None) != _SQLITE_READONLY_ROLLBACK and not hot_journal:
            raise
    return _recovered_copy(path)


def _recovered_copy(path: Path) -> sqlite3.Connection:
    """An interrupted save left a journal we may not apply to the file itself
    (it is read-only): apply it to a private copy and read that."""
    with tempfile.TemporaryDirectory(prefix="newsdesk-recover-") as tmp:
        copy = Path(tmp) / path.name
        shutil.copyfile(path, copy)
        shutil.copyfile(
            path.with_name(path.name + "-journal"), Path(tmp) / (path.name + "-journal")
        )
        return _in_memory_copy(sqlite3.connect(copy, isolation_level=None))


def _in_memory_copy(conn: sqlite3.Connection) -> sqlite3.Connection:
    """Copy a database into memory and close the source connection."""
    try:
        memory = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        conn.backup(memory)
        return memory
    finally:
        conn.close()


# -- one-call helpers -----------------------------------------------------------------


def read_document(path: Path) -> Article:
    """The latest revision of a document, opened read-only (an old format is
    upgraded in memory, never on disk)."""
    with Document.open(Path(path), read_only=True) as document:
        return document.load()


def write_document(path: Path, article: Article, label: str | None = None) -> RevisionInfo:
    """Save `article` to `path`: a new document, or a new revision of an
    existing one. Refused (DocumentLockedError) while another process — or
    this one, through its own EditLock — is editing the file."""
    path = Path(path)
    try:
        path.absolute().parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DocumentError(path, f"cannot be written: {exc.strerror}") from exc
    with EditLock.acquire(path):
        if not path.exists():
            with Document.create(path, article, label=label) as document:
                return document.revisions()[-1]
        with Document.open(path) as document:
            if document.read_only:
                raise ReadOnlyError(path, "is read-only; it cannot take a new revision")
            return document.save(article, label)
