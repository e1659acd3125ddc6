"""Forward migrations of the document schema, one step per version.

Each step turns version N into N+1. `migrate` runs all the steps a file needs
inside ONE transaction together with the new user_version, so a crash half-way
leaves the file at its old version, intact. A file newer than SCHEMA_VERSION is
never given to this module (the opener refuses it first).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable

from newsdesk.model.text_stats import word_count
from newsdesk.storage.schema import SCHEMA_VERSION, stamp_writer


def _v1_to_v2(conn: sqlite3.Connection) -> None:
    """Version 1 kept only the snapshot per revision. Version 2 adds summary
    columns (headline, word count) and the revision -> image reference table,
    both filled here from the snapshots."""
    conn.execute("ALTER TABLE revisions ADD COLUMN headline TEXT NOT NULL DEFAULT ''")
    conn.execute("ALTER TABLE revisions ADD COLUMN word_count INTEGER NOT NULL DEFAULT 0")
    conn.execute(
        """CREATE TABLE revision_blobs (
            revision_id INTEGER NOT NULL REFERENCES revisions (id) ON DELETE CASCADE,
            sha256 TEXT NOT NULL REFERENCES blobs (sha256),
            PRIMARY KEY (revision_id, sha256)
        ) WITHOUT ROWID"""
    )
    conn.execute("CREATE INDEX revision_blobs_by_sha256 ON revision_blobs (sha256)")
    rows = conn.execute("SELECT id, snapshot FROM revisions").fetchall()
    for revision_id, snapshot in rows:
        data = json.loads(snapshot)
        conn.execute(
            "UPDATE revisions SET headline = ?, word_count = ? WHERE id = ?",
            (data.get("headline", ""), word_count(data.get("body", "")), revision_id),
        )
        conn.executemany(
            "INSERT OR IGNORE INTO revision_blobs (revision_id, sha256) VALUES (?, ?)",
            [(revision_id, image["sha256"]) for image in data.get("images", [])],
        )
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', '2')")


# from-version -> step to the next version
STEPS: dict[int, Callable[[sqlite3.Connection], None]] = {
    1: _v1_to_v2,
}


def migrate(conn: sqlite3.Connection, from_version: int) -> None:
    """Bring an autocommit connection's database from `from_version` to
    SCHEMA_VERSION in one transaction."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        for version in range(from_version, SCHEMA_VERSION):
            STEPS[version](conn)
        stamp_writer(conn)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
