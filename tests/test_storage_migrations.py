"""A document written in format version 1 is upgraded to the current schema:
in place when opened for editing, in memory when only read."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from newsdesk.model.article import Article, Image, Person
from newsdesk.model.serialize import article_to_dict
from newsdesk.model.text_stats import word_count
from newsdesk.storage.document import AUTOSAVE, SAVE, Document, read_document
from newsdesk.storage.migrations import STEPS
from newsdesk.storage.schema import APPLICATION_ID, SCHEMA_VERSION

# Version 1 exactly as it was written (frozen here on purpose: the migration
# must keep working on such files whatever the current schema becomes).
V1_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE revisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('save', 'autosave')),
    label TEXT,
    snapshot TEXT NOT NULL
);
CREATE TABLE blobs (sha256 TEXT PRIMARY KEY, data BLOB NOT NULL);
INSERT INTO meta VALUES ('format', 'newsdesk document'), ('schema_version', '1'),
    ('created_by', 'newsdesk 0.0.1'), ('written_by', 'newsdesk 0.0.1');
"""

PHOTO = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20
STAMP = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)


def article(version: int, with_photo: bool = True) -> Article:
    return Article(
        id="5b0c7a52-1b44-4b6e-8f49-0a0d1f7b6c2e",
        headline=f"Draft number {version}",
        byline=[Person("Ana Kovač")],
        body=f"Version {version} of the body. " * version,
        created=STAMP,
        updated=STAMP,
        images=[Image(id="photo", filename="photo.png", media_type="image/png", data=PHOTO)]
        if with_photo
        else [],
    )


def write_v1_file(path: Path) -> list[Article]:
    """A version-1 document: two saves and an autosave."""
    states = [article(1), article(2, with_photo=False), article(3)]
    conn = sqlite3.connect(path)
    conn.executescript(V1_SCHEMA)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO blobs VALUES (?, ?)", (hashlib.sha256(PHOTO).hexdigest(), PHOTO))
    for state, kind, label in zip(
        states, [SAVE, SAVE, AUTOSAVE], ["first", None, None], strict=True
    ):
        conn.execute(
            "INSERT INTO revisions (created, kind, label, snapshot) VALUES (?, ?, ?, ?)",
            ("2025-03-01T08:00:00+00:00", kind, label, json.dumps(article_to_dict(state))),
        )
    conn.commit()
    conn.close()
    return states


def user_version(path: Path) -> int:
    with sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True) as conn:
        return conn.execute("PRAGMA user_version").fetchone()[0]


def test_every_old_version_has_a_step() -> None:
    assert sorted(STEPS) == list(range(1, SCHEMA_VERSION))


def test_a_version_1_file_is_migrated_in_place_when_opened(tmp_path: Path) -> None:
    path = tmp_path / "old.newsdesk"
    states = write_v1_file(path)
    assert user_version(path) == 1
    with Document.open(path) as doc:
        assert doc.read_only is False
        assert user_version(path) == SCHEMA_VERSION
        assert doc.meta()["schema_version"] == str(SCHEMA_VERSION)
        revisions = doc.revisions()
        assert [(r.kind, r.label) for r in revisions] == [
            (SAVE, "first"),
            (SAVE, None),
            (AUTOSAVE, None),
        ]
        # the summary columns version 2 added were filled from the snapshots
        assert [r.headline for r in revisions] == [s.headline for s in states]
        assert [r.word_count for r in revisions] == [word_count(s.body) for s in states]
        assert doc.has_unsaved_autosave is True
        assert doc.load() == states[-1]
        for info, state in zip(revisions, states, strict=True):
            assert doc.load_revision(info.id) == state
        # the image references were filled too: saving over the autosave and
        # dropping the photo keeps it for revision 1, which still uses it
        doc.save(article(4, with_photo=False))
        assert doc.load_revision(revisions[0].id) == states[0]
        doc.autosave(article(5))
        doc.save(article(6, with_photo=False))
        assert doc.load_revision(revisions[0].id) == states[0]
    with sqlite3.connect(path) as conn:
        linked = conn.execute("SELECT revision_id FROM revision_blobs ORDER BY 1").fetchall()
    conn.close()
    assert linked == [(revisions[0].id,)]
    assert read_document(path) == article(6, with_photo=False)


def test_reading_a_version_1_file_leaves_it_as_it_is(tmp_path: Path) -> None:
    path = tmp_path / "old.newsdesk"
    states = write_v1_file(path)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    assert read_document(path) == states[-1]
    with Document.open(path, read_only=True) as doc:
        assert doc.read_only is True
        assert [r.headline for r in doc.revisions()] == [s.headline for s in states]
        assert doc.load_revision(doc.revisions()[0].id) == states[0]
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert user_version(path) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.newsdesk"]


def test_a_read_only_version_1_file_opens_read_only(tmp_path: Path) -> None:
    path = tmp_path / "old.newsdesk"
    states = write_v1_file(path)
    path.chmod(0o444)
    with Document.open(path) as doc:
        assert doc.read_only is True
        assert doc.load() == states[-1]
    assert user_version(path) == 1


_INTERRUPTED_MIGRATION = """
import os, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA cache_size = 2")  # spill changed pages into the file mid-transaction
conn.execute("BEGIN IMMEDIATE")
conn.execute("PRAGMA user_version = 2")
conn.execute("ALTER TABLE revisions ADD COLUMN headline TEXT NOT NULL DEFAULT ''")
conn.execute("INSERT INTO blobs (sha256, data) VALUES ('junk', randomblob(400000))")
os._exit(0)  # killed half-way through an upgrade
"""


def test_a_migration_interrupted_by_a_crash_is_redone(tmp_path: Path) -> None:
    path = tmp_path / "old.newsdesk"
    states = write_v1_file(path)
    subprocess.run([sys.executable, "-c", _INTERRUPTED_MIGRATION, str(path)], check=True)
    assert path.with_name("old.newsdesk-journal").exists()
    # SQLite may write the changed first page (the header, with the new
    # version) into the file before the crash; this run it did not, so put it
    # there the way a spill would. The journal holds the original page.
    with open(path, "r+b") as fh:
        fh.seek(60)
        assert fh.read(4) == (1).to_bytes(4, "big")
        fh.seek(60)
        fh.write((2).to_bytes(4, "big"))
    with Document.open(path) as doc:
        assert doc.load() == states[-1]
        assert [r.headline for r in doc.revisions()] == [s.headline for s in states]
    assert user_version(path) == SCHEMA_VERSION
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.newsdesk"]
