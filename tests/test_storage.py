"""The .newsdesk document: revisions, autosave coalescing, images by hash,
read-only files and interrupted saves, on real SQLite files."""

from __future__ import annotations

import copy
import hashlib
import os
import sqlite3
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from newsdesk.errors import DocumentError, ReadOnlyError
from newsdesk.model.article import Article, Faq, Image, Person
from newsdesk.model.text_stats import word_count
from newsdesk.storage.document import (
    AUTOSAVE,
    SAVE,
    Document,
    RevisionInfo,
    read_document,
    write_document,
)
from newsdesk.storage.schema import APPLICATION_ID, SCHEMA_VERSION
from strategies import articles

PNG_A = b"\x89PNG\r\n\x1a\n" + b"A" * 3000
PNG_B = b"\x89PNG\r\n\x1a\n" + b"B" * 3000


STAMP = datetime(2026, 7, 11, 9, 30, tzinfo=UTC)


def make_article(body: str = "Kyiv hosted the talks on Tuesday.") -> Article:
    """The same article each call except for the body (fixed ids and times)."""
    return Article(
        id="0d6c2f4e-7a51-4d0e-9b8e-3f2a1c5d6e7f",
        created=STAMP,
        updated=STAMP,
        headline="Allies weigh a path to membership",
        standfirst="Leaders met in Vilnius.",
        byline=[Person("Ana Kovač", "Staff writer")],
        topic="NATO-Ukraine Relations",
        keywords=["NATO", "Ukraine"],
        body=body + "\n\n![The summit hall](hall.png)\n",
        faqs=[Faq("When?", "In *July*.")],
        images=[
            Image(
                id="img-hall",
                filename="hall.png",
                media_type="image/png",
                data=PNG_A,
                featured=True,
            ),
            Image(id="img-copy", filename="hall-copy.png", media_type="image/png", data=PNG_A),
        ],
    )


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def blob_hashes(path: Path) -> set[str]:
    with sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True) as conn:
        return {row[0] for row in conn.execute("SELECT sha256 FROM blobs")}


def sidecars(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p.name != path.name)


# -- round trips ------------------------------------------------------------------


def test_create_then_load_gives_the_same_article(tmp_path: Path) -> None:
    article = make_article()
    path = tmp_path / "story.newsdesk"
    with Document.create(path, article, label="first draft") as doc:
        assert doc.path == path
        assert doc.read_only is False
        assert doc.load() == article
        [info] = doc.revisions()
        assert info.kind == SAVE
        assert info.label == "first draft"
        assert info.headline == article.headline
        assert info.word_count == word_count(article.body) == 9
        assert info.created.tzinfo is not None
    assert read_document(path) == article
    # one self-contained file once closed: no journal, no -wal/-shm
    assert sidecars(path) == []


def test_the_file_is_marked_as_a_newsdesk_document(tmp_path: Path) -> None:
    path = tmp_path / "story.newsdesk"
    Document.create(path, make_article()).close()
    with sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True) as conn:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        meta = dict(conn.execute("SELECT key, value FROM meta"))
    assert meta["format"] == "newsdesk document"
    assert meta["schema_version"] == str(SCHEMA_VERSION)
    assert meta["written_by"].startswith("newsdesk ")


def test_create_refuses_to_overwrite_unless_asked(tmp_path: Path) -> None:
    path = tmp_path / "story.newsdesk"
    Document.create(path, make_article("old")).close()
    before = file_hash(path)
    with pytest.raises(DocumentError, match="already exists") as caught:
        Document.create(path, make_article("new"))
    assert str(path) in str(caught.value)
    assert file_hash(path) == before
    Document.create(path, make_article("new"), overwrite=True).close()
    assert read_document(path).body.startswith("new")
    assert sidecars(path) == []  # no temporary file left behind


def test_a_new_document_gets_ordinary_permissions(tmp_path: Path) -> None:
    path = tmp_path / "story.newsdesk"
    Document.create(path, make_article()).close()
    umask = os.umask(0o022)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask
    path.chmod(0o640)
    Document.create(path, make_article(), overwrite=True).close()
    assert path.stat().st_mode & 0o777 == 0o640


def test_explicit_saves_are_kept_and_each_can_be_loaded(tmp_path: Path) -> None:
    path = tmp_path / "story.newsdesk"
    versions = [make_article(f"Version {i} of the story.") for i in range(4)]
    with Document.create(path, versions[0]) as doc:
        infos = [doc.revisions()[0]]
        for i, version in enumerate(versions[1:], start=1):
            infos.append(doc.save(version, label=f"v{i}" if i != 2 else None))
        listed = doc.revisions()
        assert listed == infos
        assert [info.kind for info in listed] == [SAVE] * 4
        assert [info.label for info in listed] == [None, "v1", None, "v3"]
        assert [info.id for info in listed] == sorted(info.id for info in listed)
        for info, version in zip(listed, versions, strict=True):
            assert doc.load_revision(info.id) == version
        assert doc.load() == versions[-1]
        with pytest.raises(DocumentError, match="has no revision 999"):
            doc.load_revision(999)


def test_autosaves_coalesce_into_one_revision_after_the_last_save(tmp_path: Path) -> None:
    path = tmp_path / "story.newsdesk"
    article = make_article()
    with Document.create(path, article) as doc:
        assert doc.has_unsaved_autosave is False
        first = doc.autosave(make_article("typing"))
        second = doc.autosave(make_article("typing more"))
        third = doc.autosave(make_article("typing even more"))
        assert first.kind == AUTOSAVE
        assert first.id == second.id == third.id  # updated in place
        assert third.word_count > first.word_count
        assert [r.kind for r in doc.revisions()] == [SAVE, AUTOSAVE]
        assert doc.has_unsaved_autosave is True
        assert doc.load() == make_article("typing even more")

        saved = doc.save(make_article("final"), label="filed")
        assert [r.kind for r in doc.revisions()] == [SAVE, SAVE]  # autosave replaced
        assert saved.id not in (first.id,)
        assert doc.has_unsaved_autosave is False
        assert doc.load() == make_article("final")

        again = doc.autosave(make_article("after filing"))
        assert again.id > saved.id  # ids are never reused
        assert [r.kind for r in doc.revisions()] == [SAVE, SAVE, AUTOSAVE]
    # crash recovery: a fresh open sees the autosave as the latest state
    with Document.open(path) as doc:
        assert doc.has_unsaved_autosave is True
        assert doc.load() == make_article("after filing")


def test_an_unchanged_autosave_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "story.newsdesk"
    article = make_article()
    with Document.create(path, article) as doc:
        before = file_hash(path)
        info = doc.autosave(copy.deepcopy(article))
        assert info.kind == SAVE  # still the explicit save
        assert file_hash(path) == before
        assert doc.has_unsaved_autosave is False


def test_images_are_stored_once_by_content_hash(tmp_path: Path) -> None:
    path = tmp_path / "story.newsdesk"
    article = make_article()  # two images, same bytes
    with Document.create(path, article) as doc:
        for i in range(5):
            doc.save(make_article(f"save {i}"))
    assert blob_hashes(path) == {hashlib.sha256(PNG_A).hexdigest()}
    with Document.open(path) as doc:
        loaded = doc.load()
    assert [img.data for img in loaded.images] == [PNG_A, PNG_A]


def test_images_only_an_autosave_used_are_dropped_when_it_is_replaced(tmp_path: Path) -> None:
    path = tmp_path / "story.newsdesk"
    sha_a = hashlib.sha256(PNG_A).hexdigest()
    sha_b = hashlib.sha256(PNG_B).hexdigest()
    sha_c = hashlib.sha256(b"C" * 5000).hexdigest()
    with Document.create(path, make_article()) as doc:
        with_b = make_article()
        with_b.images.append(Image(filename="b.png", media_type="image/png", data=PNG_B))
        doc.autosave(with_b)
        assert blob_hashes(path) == {sha_a, sha_b}
        with_c = make_article()
        with_c.images.append(Image(filename="c.png", media_type="image/png", data=b"C" * 5000))
        doc.autosave(with_c)  # B was only in the replaced autosave
        assert blob_hashes(path) == {sha_a, sha_c}
        doc.save(make_article("no extra image"))  # replaces the autosave: C goes too
        assert blob_hashes(path) == {sha_a}
        # an image an explicit save uses stays, whatever later revisions do
        doc.save(with_b)
        doc.autosave(make_article("B removed again"))
        doc.save(make_article("still without B"))
        assert blob_hashes(path) == {sha_a, sha_b}
        assert doc.load_revision(doc.revisions()[-2].id) == with_b


def test_freed_image_pages_are_returned_on_close(tmp_path: Path) -> None:
    path = tmp_path / "story.newsdesk"
    big = make_article()
    big.images.append(Image(filename="big.png", media_type="image/png", data=os.urandom(3 << 20)))
    with Document.create(path, make_article()) as doc:
        doc.autosave(big)
        size_with_big_image = path.stat().st_size
        doc.autosave(make_article("big image removed"))
    assert size_with_big_image > 3 << 20
    assert path.stat().st_size < 1 << 20


def test_write_document_creates_then_adds_revisions(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "folder" / "story.newsdesk"
    first = write_document(path, make_article("one"), label="created")
    second = write_document(path, make_article("two"))
    assert isinstance(first, RevisionInfo)
    assert (first.label, second.label) == ("created", None)
    assert read_document(path) == make_article("two")
    with Document.open(path) as doc:
        assert [r.id for r in doc.revisions()] == [first.id, second.id]
        assert doc.load_revision(first.id) == make_article("one")
    assert sidecars(path) == []  # the edit lock file is gone again


def test_a_closed_document_refuses_work(tmp_path: Path) -> None:
    doc = Document.create(tmp_path / "story.newsdesk", make_article())
    doc.close()
    doc.close()  # twice is fine
    assert doc.closed
    with pytest.raises(RuntimeError, match="closed"):
        doc.load()


# -- property: any article survives the file -------------------------------------------


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(first=articles(), second=articles())
def test_any_article_round_trips_through_a_document(first: Article, second: Article) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "any.newsdesk"
        with Document.create(path, first) as doc:
            assert doc.load() == first
            doc.autosave(second)
            assert doc.load() == second
            doc.save(second, label="second")
            assert doc.load() == second
        with Document.open(path) as doc:
            revisions = doc.revisions()
            assert doc.load_revision(revisions[0].id) == first
            assert doc.load_revision(revisions[-1].id) == second
        assert read_document(path) == second


# -- read-only files ----------------------------------------------------------------------


def test_a_file_without_write_permission_opens_read_only(tmp_path: Path) -> None:
    path = tmp_path / "story.newsdesk"
    Document.create(path, make_article()).close()
    path.chmod(0o444)
    before = file_hash(path)
    with Document.open(path) as doc:
        assert doc.read_only is True
        assert doc.load() == make_article()
        with pytest.raises(ReadOnlyError, match="read-only") as caught:
            doc.save(make_article("changed"))
        assert str(path) in str(caught.value)
        with pytest.raises(ReadOnlyError):
            doc.autosave(make_article("changed"))
    with pytest.raises(ReadOnlyError):
        write_document(path, make_article("changed"))
    assert file_hash(path) == before
    assert sidecars(path) == []


def test_a_document_in_a_read_only_folder_opens_read_only(tmp_path: Path) -> None:
    folder = tmp_path / "archive"
    folder.mkdir()
    path = folder / "story.newsdesk"
    Document.create(path, make_article()).close()
    folder.chmod(0o555)  # the rollback journal could not be created beside it
    try:
        with Document.open(path) as doc:
            assert doc.read_only is True
            assert doc.load() == make_article()
    finally:
        folder.chmod(0o755)


def test_read_only_on_request(tmp_path: Path) -> None:
    path = tmp_path / "story.newsdesk"
    Document.create(path, make_article()).close()
    with Document.open(path, read_only=True) as doc:
        assert doc.read_only is True
        with pytest.raises(ReadOnlyError):
            doc.save(make_article("x"))


def test_read_only_open_sees_saves_made_by_a_writer(tmp_path: Path) -> None:
    path = tmp_path / "story.newsdesk"
    with (
        Document.create(path, make_article("one")) as writer,
        Document.open(path, read_only=True) as reader,
    ):
        writer.save(make_article("two"))
        assert reader.load() == make_article("two")
        assert len(reader.revisions()) == 2


# -- an interrupted save ----------------------------------------------------------------------

_INTERRUPTED_SAVE = """
import os, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA cache_size = 2")  # spill changed pages into the file mid-transaction
conn.execute("BEGIN IMMEDIATE")
conn.execute("UPDATE revisions SET snapshot = '{}', headline = 'half-written'")
conn.execute("INSERT INTO blobs (sha256, data) VALUES ('junk', randomblob(400000))")
os._exit(0)  # the process dies with the transaction open, as in a crash
"""


def _interrupt_a_save(path: Path) -> None:
    subprocess.run([sys.executable, "-c", _INTERRUPTED_SAVE, str(path)], check=True)
    journal = path.with_name(path.name + "-journal")
    assert journal.exists(), "the simulated crash should leave a hot journal"


def test_an_interrupted_save_is_rolled_back_on_open(tmp_path: Path) -> None:
    path = tmp_path / "story.newsdesk"
    Document.create(path, make_article()).close()
    _interrupt_a_save(path)
    with Document.open(path) as doc:
        assert doc.read_only is False
        assert doc.load() == make_article()
        assert len(doc.revisions()) == 1
    assert sidecars(path) == []  # the journal was applied and removed


def test_an_interrupted_save_in_a_read_only_file_is_recovered_in_memory(tmp_path: Path) -> None:
    path = tmp_path / "story.newsdesk"
    Document.create(path, make_article()).close()
    _interrupt_a_save(path)
    path.chmod(0o444)
    before = file_hash(path)
    with Document.open(path) as doc:
        assert doc.read_only is True
        assert doc.load() == make_article()
        assert [r.headline for r in doc.revisions()] == [make_article().headline]
    assert read_document(path) == make_article()
    assert file_hash(path) == before  # the file we may not write was not written
    assert sidecars(path) == ["story.newsdesk-journal"]


def test_revision_times_are_utc_and_ordered(tmp_path: Path) -> None:
    start = datetime.now(UTC)
    with Document.create(tmp_path / "s.newsdesk", make_article()) as doc:
        doc.save(make_article("x"))
        times = [r.created for r in doc.revisions()]
    assert times == sorted(times)
    assert all(t.utcoffset().total_seconds() == 0 for t in times)
    assert times[0] >= start


def test_opening_for_editing_without_saving_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "story.newsdesk"
    with Document.create(path, make_article()) as doc:
        doc.save(make_article("second"))
    before = file_hash(path)
    with Document.open(path) as doc:
        assert doc.read_only is False
        doc.load()
        doc.revisions()
        assert doc.has_unsaved_autosave is False
    assert file_hash(path) == before
    assert sidecars(path) == []


def test_discarding_the_autosave_brings_back_the_last_save(tmp_path: Path) -> None:
    path = tmp_path / "story.newsdesk"
    extra = make_article("unsaved")
    extra.images.append(Image(id="b", filename="b.png", media_type="image/png", data=PNG_B))
    with Document.create(path, make_article("saved")) as doc:
        assert doc.discard_autosave() is False  # nothing to drop
        doc.autosave(extra)
        assert hashlib.sha256(PNG_B).hexdigest() in blob_hashes(path)
        assert doc.discard_autosave() is True
        assert doc.has_unsaved_autosave is False
        assert [r.kind for r in doc.revisions()] == [SAVE]
        assert doc.load() == make_article("saved")
    assert blob_hashes(path) == {hashlib.sha256(PNG_A).hexdigest()}  # its image went too
    with Document.open(path, read_only=True) as doc, pytest.raises(ReadOnlyError):
        doc.discard_autosave()
