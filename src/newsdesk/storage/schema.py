"""The tables of a .newsdesk file and how a file is recognised as one.

A document is marked twice in the SQLite header, where it can be read without
opening a connection (so a stranger's file is never touched):
``PRAGMA application_id`` says "this is newsdesk", ``PRAGMA user_version`` is the
schema version. The ``meta`` table repeats both in words for people who open
the file with the sqlite3 shell.
"""

from __future__ import annotations

import sqlite3

from newsdesk import __version__

APPLICATION_ID = 0x4E44534B  # "NDSK"
SCHEMA_VERSION = 2
FORMAT_NAME = "newsdesk document"

# Offsets in the 100-byte SQLite database header (https://sqlite.org/fileformat.html).
HEADER_SIZE = 100
SQLITE_MAGIC = b"SQLite format 3\x00"
OFFSET_PAGE_SIZE = 16
OFFSET_CHANGE_COUNTER = 24
OFFSET_PAGE_COUNT = 28
OFFSET_USER_VERSION = 60
OFFSET_APPLICATION_ID = 68
OFFSET_VERSION_VALID_FOR = 92

# Version 2. `revisions.headline` / `word_count` let the history be listed
# without parsing every snapshot; `revision_blobs` says which images each
# revision uses, so unused ones can be dropped without parsing either.
CREATE_TABLES = (
    """CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )""",
    # AUTOINCREMENT: an id is never reused after a replaced autosave, so a
    # revision id the editor has shown keeps meaning the same snapshot.
    """CREATE TABLE revisions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        created TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('save', 'autosave')),
        label TEXT,
        headline TEXT NOT NULL DEFAULT '',
        word_count INTEGER NOT NULL DEFAULT 0,
        snapshot TEXT NOT NULL
    )""",
    """CREATE TABLE blobs (
        sha256 TEXT PRIMARY KEY,
        data BLOB NOT NULL
    )""",
    """CREATE TABLE revision_blobs (
        revision_id INTEGER NOT NULL REFERENCES revisions (id) ON DELETE CASCADE,
        sha256 TEXT NOT NULL REFERENCES blobs (sha256),
        PRIMARY KEY (revision_id, sha256)
    ) WITHOUT ROWID""",
    "CREATE INDEX revision_blobs_by_sha256 ON revision_blobs (sha256)",
)


def create_schema(conn: sqlite3.Connection) -> None:
    """Lay out an empty document in a fresh database (caller commits)."""
    # Must precede the first table: lets close() hand freed image pages back
    # to the file system without a full VACUUM.
    conn.execute("PRAGMA auto_vacuum = INCREMENTAL")
    for statement in CREATE_TABLES:
        conn.execute(statement)
    conn.executemany(
        "INSERT INTO meta (key, value) VALUES (?, ?)",
        [
            ("format", FORMAT_NAME),
            ("schema_version", str(SCHEMA_VERSION)),
            ("created_by", f"newsdesk {__version__}"),
            ("written_by", f"newsdesk {__version__}"),
        ],
    )
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def stamp_writer(conn: sqlite3.Connection) -> None:
    """Record which newsdesk wrote last (inside the caller's transaction)."""
    conn.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES ('written_by', ?)",
        (f"newsdesk {__version__}",),
    )
