"""The portal bundle: layout, manifest, determinism, article -> bundle -> import
equality, and damaged bundles reported."""

from __future__ import annotations

import hashlib
import json
import struct
import tempfile
import zipfile
import zlib
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsdesk.errors import BundleError, ExportError
from newsdesk.export.bundle import (
    bundle_image_url,
    bundle_name,
    bundle_source_article,
    original_source_article,
    write_bundle,
)
from newsdesk.export.ninjs import schema_errors
from newsdesk.interchange import load_article
from newsdesk.interchange.bundle_import import read_bundle
from newsdesk.interchange.markdown_file import read_markdown
from newsdesk.model.article import (
    Article,
    EditorNote,
    Faq,
    Image,
    Person,
    RelatedLink,
    Status,
)
from newsdesk.model.validation import validate
from newsdesk.profile.model import Profile
from newsdesk.render.page import render_page
from newsdesk.resources import sample_article_path
from strategies import articles

PROFILE = Profile.default()


def png(width: int, height: int, rgb: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    """A real, decodable PNG of one colour."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


def jpeg_header(width: int, height: int) -> bytes:
    """JPEG markers up to the frame header: enough for anything reading sizes."""
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    sof0 = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app0 + sof0 + b"\xff\xd9"


def rich_article() -> Article:
    """Every field filled, in several scripts, with two images (one in a subfolder)."""
    plus2 = timezone(timedelta(hours=2))
    return Article(
        headline="Zürich talks: “peace” is <em>not</em> near — yet",
        standfirst='Negotiators meet again & again; the "final" round starts Monday.',
        byline=[Person("Anna Müller", "Big Big News"), Person("Карл Риттер")],
        topic="Diplomacy",
        keywords=["Zürich", "talks", "мир", "和平"],
        dateline="ZÜRICH, Switzerland",
        language="de-CH",
        created=datetime(2024, 3, 1, 8, 0, tzinfo=plus2),
        updated=datetime(2024, 3, 2, 19, 45, 30, tzinfo=UTC),
        published=datetime(2024, 3, 2, 9, 30, tzinfo=plus2),
        body=(
            "The talks *resumed* on Monday.[^1]\n\n"
            '![A chart of the rounds](chart.png "Rounds so far")\n\n'
            "## Who is there\n\n"
            "| Party | Seats |\n|:--|--:|\n| A | 3 |\n| B | 4 |\n\n"
            "- one\n- two\n\n"
            "```python\nprint('hello')\n```\n\n"
            "![Delegates](fotos/straße.jpg)\n\n"
            "[^1]: According to the hosts.\n"
        ),
        contributors=[
            Person("Karl Ritter", "Big Big News correspondent"),
            Person("Liudas Dapkus", "Big Big News correspondent"),
            Person("Jane Roe", "researcher"),
        ],
        faqs=[
            Faq("Who hosts the talks?", "The **Swiss** government."),
            Faq("When do they end?", "Nobody knows.\n\nPerhaps in *May*."),
        ],
        related=[
            RelatedLink("Earlier round", "https://bigbignews.example/diplomacy/earlier-round"),
            RelatedLink("Background", "https://bigbignews.example/diplomacy/background"),
        ],
        images=[
            Image(
                filename="chart.png",
                media_type="image/png",
                data=png(4, 3),
                alt="A bar chart of the rounds",
                caption="The rounds *so far*.",
                credit="Graphic: Big Big News",
                featured=True,
                id="img-chart",
            ),
            Image(
                filename="fotos/straße.jpg",
                media_type="image/jpeg",
                data=jpeg_header(640, 480),
                alt="Delegates at the table",
                caption="Delegates on Monday.",
                credit="AP Photo/Jane Doe",
                id="img-delegates",
            ),
        ],
        status=Status.IN_REVIEW,
        notes=[EditorNote("Desk", "Check the seats.", datetime(2024, 3, 2, 10, 0, tzinfo=UTC))],
        id="9a1c2b3d-0000-4000-8000-000000000001",
    )


def members_of(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def rewrite_zip(target: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return target


# ------------------------------------------------------------------ round trips


def test_rich_article_survives_bundle_and_import(tmp_path: Path) -> None:
    article = rich_article()
    path = write_bundle(article, tmp_path, PROFILE)
    assert path == tmp_path / "zurich-talks-peace-is-em-not-em-near-yet.zip"
    assert read_bundle(path) == article


def test_sample_article_survives_bundle_and_import(tmp_path: Path) -> None:
    article = load_article(sample_article_path("md"))
    path = write_bundle(article, tmp_path, PROFILE)
    assert read_bundle(path) == article
    assert schema_errors(json.loads(members_of(path)["article.json"])) == []


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(article=articles())
def test_generated_articles_survive_bundle_and_import(article: Article) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = write_bundle(article, Path(tmp), PROFILE)
        assert read_bundle(path) == article


def test_body_references_that_already_say_media_come_back_unchanged(tmp_path: Path) -> None:
    article = rich_article()
    article.body = (
        "![a](chart.png) ![b](media/chart.png) ![c](<media/media/chart.png>) "
        '![d](other.png) ![e](media/other.png "t") ![f](https://x.example/chart.png)\n'
    )
    path = write_bundle(article, tmp_path, PROFILE)
    source = members_of(path)["source.md"].decode()
    assert (
        "![a](media/chart.png) ![b](media/media/chart.png) ![c](<media/media/media/chart.png>) "
        '![d](other.png) ![e](media/other.png "t") ![f](https://x.example/chart.png)'
    ) in source
    assert read_bundle(path) == article


def test_source_md_opens_from_an_unpacked_bundle(tmp_path: Path) -> None:
    article = rich_article()
    path = write_bundle(article, tmp_path / "out", PROFILE)
    unpacked = tmp_path / "unpacked"
    with zipfile.ZipFile(path) as archive:
        archive.extractall(unpacked)
    opened = read_markdown(unpacked / "source.md")
    assert [img.filename for img in opened.images] == ["media/chart.png", "media/fotos/straße.jpg"]
    assert [img.data for img in opened.images] == [img.data for img in article.images]
    # The references match the files: no "the body shows image ... which the document
    # does not hold" error.
    assert not [p for p in validate(opened) if p.field == "body"]


# ---------------------------------------------------------------------- layout


def test_bundle_members_manifest_and_timestamps(tmp_path: Path) -> None:
    article = rich_article()
    path = write_bundle(article, tmp_path, PROFILE)
    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
    names = [info.filename for info in infos]
    assert names == [
        "article.json",
        "article.html",
        "source.md",
        "media/chart.png",
        "media/fotos/straße.jpg",
        "manifest.json",
    ]
    for info in infos:
        assert info.date_time == (2024, 3, 2, 19, 45, 30)  # article.updated in UTC
        assert info.external_attr >> 16 == 0o100644
        stored = info.filename.startswith("media/")  # PNG and JPEG are compressed already
        assert info.compress_type == (zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)
    members = members_of(path)
    manifest = json.loads(members["manifest.json"])
    assert manifest["format"] == 1
    assert manifest["generator"]["name"] == "newsdesk"
    assert manifest["generator"]["version"]
    assert datetime.fromisoformat(manifest["created"]) == article.updated
    assert [f["path"] for f in manifest["files"]] == names[:-1]
    for entry in manifest["files"]:
        data = members[entry["path"]]
        assert entry["size"] == len(data)
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
    assert members["media/chart.png"] == article.images[0].data


def test_article_html_is_the_page_with_images_in_media(tmp_path: Path) -> None:
    members = members_of(write_bundle(rich_article(), tmp_path, PROFILE))
    page = members["article.html"].decode()
    assert page.startswith("<!DOCTYPE html>") or page.lower().startswith("<!doctype html>")
    assert 'src="media/chart.png"' in page
    assert 'src="media/fotos/stra%C3%9Fe.jpg"' in page
    assert "Zürich talks" in page
    assert "<em>not</em> near" not in page  # the headline is text, escaped


def test_article_html_is_exactly_what_render_page_gives(tmp_path: Path) -> None:
    article = rich_article()
    members = members_of(write_bundle(article, tmp_path, PROFILE))
    expected = render_page(article, PROFILE, image_url=bundle_image_url(article))
    assert members["article.html"].decode() == expected


def test_article_json_in_the_bundle_validates(tmp_path: Path) -> None:
    members = members_of(write_bundle(rich_article(), tmp_path, PROFILE))
    item = json.loads(members["article.json"])
    assert schema_errors(item) == []
    assert item["bodies"][0]["value"].count('src="media/') == 2


def test_the_same_article_gives_the_same_bytes(tmp_path: Path) -> None:
    first = write_bundle(rich_article(), tmp_path / "a", PROFILE).read_bytes()
    second = write_bundle(rich_article(), tmp_path / "b", PROFILE).read_bytes()
    assert first == second


def test_a_slug_that_is_a_path_stays_in_the_output_folder(tmp_path: Path) -> None:
    article = rich_article()
    article.slug_override = "../../etc/evil"
    assert bundle_name(article) == "etc-evil.zip"
    assert write_bundle(article, tmp_path, PROFILE).parent == tmp_path


# --------------------------------------------------------------------- refusals


def test_an_invalid_ninjs_item_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    article = rich_article()
    previous = write_bundle(article, tmp_path, PROFILE)
    before = previous.read_bytes()
    article.related.append(RelatedLink("Broken", "https://bigbignews.example/%zz"))
    with pytest.raises(ExportError) as caught:
        write_bundle(article, tmp_path, PROFILE)
    message = str(caught.value)
    assert "article.json does not validate against ninjs 3.1" in message
    assert "/associations/6/uri" in message and "is not a 'uri'" in message
    assert previous.read_bytes() == before  # the earlier bundle is untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == [previous.name]  # no temp files


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["../escape.png"], "cannot go into a bundle"),
        (["Photo.png", "photo.png"], "differ only in upper/lower case"),
    ],
)
def test_image_names_a_bundle_cannot_hold_are_refused(
    tmp_path: Path, names: list[str], expected: str
) -> None:
    article = rich_article()
    article.images = [
        Image(filename=name, media_type="image/png", data=png(1, i + 1), alt="x")
        for i, name in enumerate(names)
    ]
    with pytest.raises(ExportError, match=expected):
        write_bundle(article, tmp_path, PROFILE)
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------ damaged bundles


def test_an_edited_member_is_reported(tmp_path: Path) -> None:
    original = write_bundle(rich_article(), tmp_path / "out", PROFILE)
    members = members_of(original)
    members["article.html"] = members["article.html"].replace(b"talks", b"TALKS")  # same size
    broken = rewrite_zip(tmp_path / "edited.zip", members)
    with pytest.raises(BundleError, match="member 'article.html' does not match its sha256"):
        read_bundle(broken)


def test_a_wrong_checksum_in_the_manifest_is_reported(tmp_path: Path) -> None:
    original = write_bundle(rich_article(), tmp_path / "out", PROFILE)
    members = members_of(original)
    manifest = json.loads(members["manifest.json"])
    manifest["files"][2]["sha256"] = "0" * 64
    members["manifest.json"] = json.dumps(manifest).encode()
    broken = rewrite_zip(tmp_path / "sum.zip", members)
    with pytest.raises(BundleError, match="member 'source.md' does not match its sha256"):
        read_bundle(broken)


def test_a_removed_file_is_reported(tmp_path: Path) -> None:
    original = write_bundle(rich_article(), tmp_path / "out", PROFILE)
    members = members_of(original)
    del members["media/chart.png"]
    broken = rewrite_zip(tmp_path / "removed.zip", members)
    with pytest.raises(
        BundleError, match="lists 'media/chart.png', which the bundle does not contain"
    ):
        read_bundle(broken)


_targets = st.builds(
    "".join,
    st.tuples(
        st.sampled_from(["", "media/", "media/media/", "<", "<media/"]),
        st.sampled_from(["a.png", "b/c.png", "media/a.png", "other.png", "b"]),
    ),
).map(lambda t: t + ">" if t.startswith("<") else t)
_references = st.builds(
    "![{}]({}{})".format,
    st.sampled_from(["", "alt", "a \\] b"]),
    _targets,
    st.sampled_from(["", ' "title"']),
)
_pieces = st.one_of(
    _references,
    st.sampled_from(["![", "](", ")", "]", "<", ">", " ", "\\", "\n", "media/", "a.png", "x"]),
)


@settings(max_examples=150, deadline=None)
@given(texts=st.lists(st.lists(_pieces, max_size=30).map("".join), min_size=3, max_size=3))
def test_moving_image_references_under_media_is_undone_exactly(texts: list[str]) -> None:
    body, answer, caption = texts
    article = Article(
        body=body,
        faqs=[Faq("Q?", answer)],
        images=[
            Image(filename=name, media_type="image/png", data=b"x", caption=caption, id=name)
            for name in ("a.png", "b/c.png", "media/a.png")
        ],
    )
    moved = bundle_source_article(article)
    assert [img.filename for img in moved.images] == [
        "media/a.png",
        "media/b/c.png",
        "media/media/a.png",
    ]
    assert article.images[0].filename == "a.png"  # the original is untouched
    assert original_source_article(moved) == article


def test_answers_and_captions_point_at_media_in_source_md(tmp_path: Path) -> None:
    article = rich_article()
    article.faqs[0].answer = "See ![the chart](chart.png)."
    article.images[1].caption = "Next to ![the chart](chart.png)."
    source = members_of(write_bundle(article, tmp_path, PROFILE))["source.md"].decode()
    assert "answer: See ![the chart](media/chart.png)." in source
    assert "caption: Next to ![the chart](media/chart.png)." in source
