"""`newsdesk new / convert / info / history`, run as real processes on real files."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from unittest.mock import patch

import pytest

from helpers.unprivileged import run_unprivileged, shared_folder
from newsdesk.cli.main import main
from newsdesk.interchange.markdown_file import read_markdown
from newsdesk.model.article import Article, Faq, Image, Person, RelatedLink, Status
from newsdesk.model.text_stats import reading_minutes, word_count
from newsdesk.resources import sample_article_path
from newsdesk.storage.document import Document, read_document
from newsdesk.storage.schema import SCHEMA_VERSION

LOCK_HOLDER = Path(__file__).parent / "helpers" / "lock_holder.py"
STAMP = datetime(2026, 3, 4, 10, 15, tzinfo=UTC)


def newsdesk(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newsdesk", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def assert_one_line_error(result: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("newsdesk: error: ")
    assert "Traceback" not in result.stderr
    for needle in needles:
        assert needle in lines[0]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def known_article() -> Article:
    body = "Ministers met in Vilnius on Tuesday. " * 150 + "\n\n![The hall](hall.png)\n"
    return Article(
        id="3f0b8c1a-5d6e-4f70-8a9b-0c1d2e3f4a5b",
        headline="Allies agree on a path forward",
        standfirst="A summit with no date for membership.",
        byline=[Person("Ana Kovač", "Staff writer"), Person("Joshua Brown")],
        topic="NATO-Ukraine Relations",
        keywords=["NATO", "Ukraine"],
        dateline="VILNIUS, Lithuania",
        language="en",
        created=STAMP,
        updated=STAMP,
        published=None,
        body=body,
        faqs=[Faq("When?", "Tuesday."), Faq("Where?", "Vilnius."), Faq("Who?", "Allies.")],
        related=[RelatedLink("Earlier", "https://news.example/earlier")],
        images=[
            Image(
                id="hall",
                filename="hall.png",
                media_type="image/png",
                data=b"\x89PNG\r\n\x1a\n" + b"\x00" * 2040,
                alt="The hall",
                featured=True,
            )
        ],
        status=Status.IN_REVIEW,
    )


# -- new ---------------------------------------------------------------------------


def test_new_creates_an_empty_document(tmp_path: Path) -> None:
    result = newsdesk("new", "story.newsdesk", "--headline", "Fresh story", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "created story.newsdesk\n"
    assert result.stderr == ""
    article = read_document(tmp_path / "story.newsdesk")
    assert article.headline == "Fresh story"
    assert article.body == ""
    assert article.language == "en"
    with Document.open(tmp_path / "story.newsdesk") as doc:
        [revision] = doc.revisions()
    assert revision.label == "created"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["story.newsdesk"]  # no lock left


def test_new_never_replaces_an_existing_file(tmp_path: Path) -> None:
    existing = tmp_path / "story.newsdesk"
    existing.write_text("my precious notes")
    result = newsdesk("new", "story.newsdesk", cwd=tmp_path)
    assert_one_line_error(result, "story.newsdesk", "already exists")
    assert existing.read_text() == "my precious notes"


def test_new_wants_the_newsdesk_suffix(tmp_path: Path) -> None:
    result = newsdesk("new", "story.md", cwd=tmp_path)
    assert_one_line_error(result, "story.md", ".newsdesk")
    assert list(tmp_path.iterdir()) == []


def test_new_from_markdown_takes_the_whole_article(tmp_path: Path) -> None:
    sample = sample_article_path("md")
    result = newsdesk("new", "sample.newsdesk", "--from", sample, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert read_document(tmp_path / "sample.newsdesk") == read_markdown(sample)
    with Document.open(tmp_path / "sample.newsdesk") as doc:
        assert doc.revisions()[0].label == "created from nato-ukraine.md"

    result = newsdesk(
        "new", "retitled.newsdesk", "--from", sample, "--headline", "Other title", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    retitled = read_document(tmp_path / "retitled.newsdesk")
    assert retitled.headline == "Other title"
    assert retitled.body == read_markdown(sample).body


def test_new_from_a_missing_file(tmp_path: Path) -> None:
    result = newsdesk("new", "story.newsdesk", "--from", "nowhere.md", cwd=tmp_path)
    assert result.returncode == 2
    assert "nowhere.md" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert not (tmp_path / "story.newsdesk").exists()


# -- convert ------------------------------------------------------------------------------


def test_convert_markdown_to_document_and_back_loses_nothing(tmp_path: Path) -> None:
    sample = sample_article_path("md")
    original = read_markdown(sample)
    result = newsdesk("convert", sample, "story.newsdesk", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "wrote story.newsdesk\n"
    assert read_document(tmp_path / "story.newsdesk") == original

    result = newsdesk("convert", "story.newsdesk", "out/story.md", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    back = read_markdown(tmp_path / "out" / "story.md")
    assert back == original
    for image in original.images:  # images are written beside the Markdown file
        assert (tmp_path / "out" / image.filename).read_bytes() == image.data


def test_convert_document_to_document_copies_the_latest_revision(tmp_path: Path) -> None:
    with Document.create(tmp_path / "a.newsdesk", Article(headline="old")) as doc:
        doc.save(known_article(), label="filed")
        doc.autosave(Article(headline="unsaved edits"))
    result = newsdesk("convert", "a.newsdesk", "b.newsdesk", "--label", "copy", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    with Document.open(tmp_path / "b.newsdesk") as doc:
        assert doc.load().headline == "unsaved edits"  # the autosave is the latest state
        assert doc.load() == read_document(tmp_path / "a.newsdesk")
        assert [(r.kind, r.label) for r in doc.revisions()] == [("save", "copy")]


def test_convert_refuses_to_replace_without_force(tmp_path: Path) -> None:
    Document.create(tmp_path / "in.newsdesk", known_article()).close()
    target = tmp_path / "out.md"
    target.write_text("someone's file\n")
    result = newsdesk("convert", "in.newsdesk", "out.md", cwd=tmp_path)
    assert_one_line_error(result, "out.md", "already exists", "--force")
    assert target.read_text() == "someone's file\n"

    result = newsdesk("convert", "in.newsdesk", "out.md", "--force", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert read_markdown(target) == known_article()


def test_convert_force_replaces_a_document_and_restarts_its_history(tmp_path: Path) -> None:
    Document.create(tmp_path / "in.newsdesk", known_article()).close()
    with Document.create(tmp_path / "out.newsdesk", Article(headline="old")) as doc:
        doc.save(Article(headline="older"))
    before = digest(tmp_path / "out.newsdesk")
    result = newsdesk("convert", "in.newsdesk", "out.newsdesk", cwd=tmp_path)
    assert_one_line_error(result, "out.newsdesk", "already exists")
    assert digest(tmp_path / "out.newsdesk") == before
    result = newsdesk("convert", "in.newsdesk", "out.newsdesk", "--force", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    with Document.open(tmp_path / "out.newsdesk") as doc:
        assert doc.load() == known_article()
        assert len(doc.revisions()) == 1


def test_convert_refuses_a_document_someone_is_editing(tmp_path: Path) -> None:
    Document.create(tmp_path / "in.newsdesk", known_article()).close()
    Document.create(tmp_path / "busy.newsdesk", Article(headline="being edited")).close()
    holder = subprocess.Popen(
        [sys.executable, str(LOCK_HOLDER), "hold", str(tmp_path / "busy.newsdesk")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().startswith("locked")
        before = digest(tmp_path / "busy.newsdesk")
        result = newsdesk("convert", "in.newsdesk", "busy.newsdesk", "--force", cwd=tmp_path)
        assert_one_line_error(result, "busy.newsdesk", "is being edited", f"process {holder.pid}")
        assert digest(tmp_path / "busy.newsdesk") == before
    finally:
        holder.kill()
        holder.wait(timeout=10)


def test_convert_reads_a_portal_bundle(tmp_path: Path) -> None:
    sample = sample_article_path("md")
    exported = newsdesk("export", sample, "--bundle", "bundles", cwd=tmp_path)
    assert exported.returncode == 0, exported.stderr
    [bundle] = (tmp_path / "bundles").glob("*.zip")
    result = newsdesk("convert", bundle, "from-bundle.newsdesk", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    article = read_document(tmp_path / "from-bundle.newsdesk")
    original = read_markdown(sample)
    assert article.headline == original.headline
    assert article.body == original.body
    assert [i.data for i in article.images] == [i.data for i in original.images]


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (("notes.txt", "out.md"), ("notes.txt", "unknown file type")),
        (("in.newsdesk", "out.zip"), ("out.zip", "newsdesk export --bundle")),
        (("in.newsdesk", "in.newsdesk"), ("same file",)),
        (("text.newsdesk", "out.md"), ("text.newsdesk", "not a newsdesk document")),
        (("missing.newsdesk", "out.md"), ("missing.newsdesk", "no such file")),
    ],
    ids=["unknown type", "bundle out", "same file", "not a document", "missing"],
)
def test_convert_bad_usage_is_one_line_and_exit_2(
    tmp_path: Path, args: tuple[str, str], needles: tuple[str, ...]
) -> None:
    Document.create(tmp_path / "in.newsdesk", known_article()).close()
    (tmp_path / "notes.txt").write_text("notes")
    (tmp_path / "text.newsdesk").write_text("# just text\n")
    before = {p.name: digest(p) for p in tmp_path.iterdir()}
    result = newsdesk("convert", *args, cwd=tmp_path)
    assert_one_line_error(result, *needles)
    assert {p.name: digest(p) for p in tmp_path.iterdir()} == before


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    (tmp_path / "text.newsdesk").write_text("# just text\n")
    result = newsdesk("convert", "text.newsdesk", "out.md", "--debug", cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" in result.stderr
    assert "NotADocumentError" in result.stderr
    assert result.stderr.rstrip().splitlines()[-1].startswith("newsdesk: error: text.newsdesk")


# -- info -----------------------------------------------------------------------------------


def test_info_shows_what_the_article_is(tmp_path: Path) -> None:
    article = known_article()
    with Document.create(tmp_path / "story.newsdesk", article) as doc:
        doc.save(article, label="second")
        doc.autosave(article)  # unchanged: no new revision
    result = newsdesk("info", "story.newsdesk", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    lines = dict(
        (key.strip(), value.strip())
        for key, value in (line.split(":", 1) for line in result.stdout.splitlines())
    )
    words = word_count(article.body)
    assert lines["File"] == "story.newsdesk (newsdesk document)"
    assert lines["Headline"] == article.headline
    assert lines["Slug"] == "allies-agree-on-a-path-forward"
    assert lines["Status"] == "in review"
    assert lines["Byline"] == "Ana Kovač (Staff writer), Joshua Brown"
    assert lines["Topic"] == "NATO-Ukraine Relations"
    assert lines["Language"] == "en"
    assert lines["Created"] == "2026-03-04T10:15:00+00:00"
    assert lines["Published"] == "not published"
    assert lines["Words"] == str(words) == "902"
    assert lines["Reading time"] == f"{reading_minutes(words)} min" == "4 min"
    assert lines["Images"] == "1: hall.png (2.0 KB, featured)"
    assert lines["FAQs"] == "3"
    assert lines["Related links"] == "1"
    assert lines["Revisions"] == "2"


def test_info_json_for_machines(tmp_path: Path) -> None:
    article = known_article()
    with Document.create(tmp_path / "story.newsdesk", article) as doc:
        doc.autosave(Article(**{**article.__dict__, "headline": "Edited headline"}))
    result = newsdesk("info", "--json", "story.newsdesk", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    info = json.loads(result.stdout)
    assert info["headline"] == "Edited headline"
    assert info["slug"] == "edited-headline"
    assert info["status"] == "in review"
    assert info["byline"] == [
        {"name": "Ana Kovač", "role": "Staff writer"},
        {"name": "Joshua Brown", "role": ""},
    ]
    assert info["words"] == word_count(article.body)
    assert info["reading_minutes"] == 4
    assert info["images"] == [
        {
            "file": "hall.png",
            "media_type": "image/png",
            "bytes": 2048,
            "featured": True,
            "alt": "The hall",
        }
    ]
    assert info["faqs"] == 3
    assert info["revisions"] == 2
    assert info["unsaved_autosave"] is True
    assert info["published"] is None


def test_info_on_markdown_has_no_revisions(tmp_path: Path) -> None:
    sample = sample_article_path("md")
    result = newsdesk("info", "--json", sample, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    info = json.loads(result.stdout)
    assert info["kind"] == "markdown"
    assert info["revisions"] is None
    assert info["headline"] == read_markdown(sample).headline
    text = newsdesk("info", sample, cwd=tmp_path)
    assert "Revisions" not in text.stdout
    assert "Reading time:  3 min" in text.stdout


def test_info_refuses_a_newer_document_and_leaves_it_alone(tmp_path: Path) -> None:
    path = tmp_path / "future.newsdesk"
    Document.create(path, known_article()).close()
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    before = digest(path)
    result = newsdesk("info", "future.newsdesk", cwd=tmp_path)
    assert_one_line_error(result, "future.newsdesk", "newer newsdesk", f"{SCHEMA_VERSION + 1}")
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["future.newsdesk"]


def test_info_on_a_file_without_read_permission() -> None:
    """Run as `nobody` (root reads anything), through the CLI's own main() in a
    forked child: the venv's interpreter lives where nobody may not go."""
    with shared_folder() as folder:
        target = folder / "secret.newsdesk"
        Document.create(target, known_article()).close()
        target.chmod(0o600 if os.geteuid() == 0 else 0)

        # nobody has its own (empty) home: profile lookup must not wander into /root
        home = {"HOME": str(folder), "XDG_CONFIG_HOME": str(folder / ".config")}

        def check() -> str:
            stdout, stderr = io.StringIO(), io.StringIO()
            with (
                patch.dict(os.environ, home),
                contextlib.redirect_stdout(stdout),
                contextlib.redirect_stderr(stderr),
            ):
                code = main(["info", str(target)])
            return json.dumps([code, stdout.getvalue(), stderr.getvalue()])

        # Import everything the command needs while we may still read the
        # interpreter's library (nobody may not).
        assert json.loads(check())[0] == 0
        code, stdout, stderr = json.loads(run_unprivileged(check))
    assert code == 2
    assert stdout == ""
    assert stderr == f"newsdesk: error: {target}: cannot be read: permission denied\n"


# -- history -----------------------------------------------------------------------------


def test_history_lists_every_revision(tmp_path: Path) -> None:
    article = known_article()
    with Document.create(tmp_path / "story.newsdesk", Article(headline="First idea")) as doc:
        doc.save(article, label="filed to desk")
        doc.autosave(Article(**{**article.__dict__, "body": "Short now."}))
        revisions = doc.revisions()
    result = newsdesk("history", "story.newsdesk", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    header, *rows = result.stdout.splitlines()
    assert header.split() == ["ID", "TIME", "KIND", "LABEL", "HEADLINE", "WORDS"]
    assert len(rows) == 3
    assert rows[0].split()[0] == str(revisions[0].id)
    assert "save" in rows[0] and "First idea" in rows[0] and rows[0].endswith(" 0")
    assert "filed to desk" in rows[1] and article.headline in rows[1]
    assert rows[1].endswith(f" {word_count(article.body)}")
    assert " autosave " in rows[2] and rows[2].endswith(" 2")
    local = revisions[1].created.astimezone().strftime("%Y-%m-%d %H:%M:%S")
    assert local in rows[1]

    result = newsdesk("history", "--json", "story.newsdesk", cwd=tmp_path)
    listed = json.loads(result.stdout)
    assert [(r["id"], r["kind"], r["label"], r["words"]) for r in listed] == [
        (r.id, r.kind, r.label, r.word_count) for r in revisions
    ]
    assert listed[0]["created"] == revisions[0].created.isoformat()


def test_history_of_markdown_is_refused(tmp_path: Path) -> None:
    result = newsdesk("history", sample_article_path("md"), cwd=tmp_path)
    assert_one_line_error(result, "nato-ukraine.md", "only .newsdesk documents")
