"""Markdown interchange: round trips, the exact file layout, every error with its
line number, media type sniffing, and the bundled sample article."""

from __future__ import annotations

import hashlib
import struct
import tempfile
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsdesk.errors import InterchangeError
from newsdesk.interchange import load_article, save_article
from newsdesk.interchange.markdown_file import (
    article_from_markdown,
    article_to_markdown,
    read_markdown,
    write_markdown,
)
from newsdesk.model.article import Article, EditorNote, Faq, Image, Person, RelatedLink, Status
from newsdesk.model.media_types import guess_media_type
from newsdesk.model.validation import has_errors, validate
from newsdesk.resources import resource_path, sample_article_path
from strategies import articles

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 24
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 16
# The sample is built from the portal's reference article (shared/reference/
# portal-article-example.txt, outside this repository). Its body and FAQs were
# checked against it verbatim when the sample was made; these fingerprints keep
# them so in a clean checkout.
SAMPLE_BODY_SHA256 = "516acd6a794b1ff12f2180bcd93759e4b74be090a70028a4da070c1feef4319d"
SAMPLE_FIRST_PARAGRAPH = (
    "NATO chiefs convened on Wednesday to establish a significant new platform for their "
    "relations with Ukraine. This move comes after promising to increase military support to "
    "Ukraine in its combat against Russia, while providing only indistinct guarantees of "
    "prospective membership."
)
SAMPLE_LAST_PARAGRAPH = (
    "The Turkish president has been looking to foster his relationship with Biden, even though "
    "he has yet to publicly comment on the deal concerning Sweden’s membership."
)
SAMPLE_FAQS = [
    (
        "What is the new initiative launched by NATO with Ukraine?",
        "The NATO leaders have established a new forum called the NATO-Ukraine Council. This is "
        "a permanent body that allows for consultations and meetings in emergency situations "
        "between the 31 NATO allies and Ukraine.",
    ),
    (
        "Has Ukraine been granted NATO membership?",
        "No, as of the recent summit, Ukraine has not been granted NATO membership. The NATO "
        "leaders stated that Ukraine could join “when allies agree and conditions are met,” but "
        "no specific timeline or clear path for membership has been provided.",
    ),
    (
        "What kind of support has NATO promised to Ukraine?",
        "NATO has committed to providing increased military aid to Ukraine in its ongoing "
        "conflict with Russia. A new G7 framework was also included in the commitments to ensure "
        "Ukraine’s long-term security.",
    ),
    (
        "What has been the response of the Ukrainian President to NATO’s decisions?",
        "Ukrainian President Volodymyr Zelenskyy has expressed frustration at the lack of a clear "
        "timeline for NATO membership, calling it “unprecedented and absurd.” However, he also "
        "acknowledged the benefits of the summit outcomes and expressed gratitude for the pledged "
        "military aid.",
    ),
    (
        "What is the stance of the U.S. President on Ukraine’s NATO membership?",
        "U.S. President Joe Biden has expressed caution, stating openly that he doesn’t believe "
        "Ukraine is ready to join NATO due to concerns over the stability of its democracy and "
        "deep-rooted corruption.",
    ),
]


def parse(text: str, base_dir: Path | None = None) -> Article:
    return article_from_markdown(text, source=Path("article.md"), base_dir=base_dir or Path("."))


def error_of(text: str, base_dir: Path | None = None) -> InterchangeError:
    with pytest.raises(InterchangeError) as caught:
        parse(text, base_dir)
    return caught.value


# ------------------------------------------------------------- property tests


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(articles())
def test_article_to_file_and_back_is_equal(article: Article) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "story.md"
        write_markdown(article, path)
        assert read_markdown(path) == article
        assert not list(Path(tmp).glob(".*.part")), "a temporary file was left behind"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(articles())
def test_generated_text_is_stable(article: Article) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        write_markdown(article, Path(tmp) / "story.md")
        text = (Path(tmp) / "story.md").read_text(encoding="utf-8")
        assert text == article_to_markdown(article)
        again = article_from_markdown(text, source=Path("story.md"), base_dir=Path(tmp))
        assert article_to_markdown(again) == text


_FRAGMENTS = [
    *("", " ", "  ", "\n", "\t", "\r", "\r\n", "\x85", "\u2028", "\u3000", "\ufeff"),
    *("---", "...", "yes", "no", "on", "1.0", "0x1F", "1e3", "2023-07-12", "null", "~"),
    *("# x", ": ", "- ", "'", '"', "|", ">", "\\", "&a", "*a", "!t", "%", "@", "`", "{", "["),
    *("a", "Ж", "ع", "中", "\U0001f600", "e\u0301"),
]
tricky_text = st.lists(st.sampled_from(_FRAGMENTS), max_size=12).map("".join)


@settings(max_examples=300, deadline=None)
@given(tricky_text, tricky_text, tricky_text)
def test_tricky_strings_survive_exactly(a: str, b: str, c: str) -> None:
    article = Article(
        headline=a,
        standfirst=b,
        body=c,
        keywords=[a, b, c],
        byline=[Person(a, b)],
        faqs=[Faq(b, c)],
        related=[RelatedLink(c, "https://x.example/")],
        notes=[EditorNote(author=a, text=c)],
    )
    text = article_to_markdown(article)
    again = parse(text)
    assert again == article
    assert article_to_markdown(again) == text


# ------------------------------------------------------------- layout rules


@pytest.mark.parametrize(
    "body",
    [
        "",
        "\n",
        "no newline at the end",
        "two newlines at the end\n\n",
        "\n\nstarts with blank lines\n",
        "---\nstarts with a dashes line\n---\n",
        "text\n\n---\n\nmore text after a thematic break\n",
        "  indented start and trailing spaces  ",
        "windows\r\nline endings\r\n",
    ],
)
def test_body_round_trips_exactly(body: str) -> None:
    article = Article(headline="H", body=body)
    text = article_to_markdown(article)
    assert parse(text).body == body
    if body:
        assert text.endswith("\n---\n\n" + body)
    else:
        assert text.endswith("\n---\n")


def test_one_blank_separator_line_is_optional_when_reading() -> None:
    assert parse("---\nheadline: H\n---\nBody\n").body == "Body\n"
    assert parse("---\nheadline: H\n---\n\nBody\n").body == "Body\n"
    assert parse("---\nheadline: H\n---\n\n\nBody\n").body == "\nBody\n"
    assert parse("---\nheadline: H\n---").body == ""
    assert parse("\ufeff---  \r\nheadline: H\r\n---\r\n\r\nBody").body == "Body"


def test_hand_written_values_are_read_as_written() -> None:
    article = parse(
        "---\n"
        "headline: yes\n"
        "standfirst: 1.0\n"
        "topic: 2023-07-12\n"
        "dateline: null\n"
        "keywords: [no, 0x10, 2023-07-12, ~]\n"
        "byline: [Ann, {name: Bob, role: Photographer}]\n"
        "status: In-Review\n"
        "published: 2023-07-12\n"
        "updated: 2001-12-14 21:59:43.10 -5\n"
        "created: 2023-07-12T09:05:00Z\n"
        "---\n"
        "Body\n"
    )
    assert article.headline == "yes"
    assert article.standfirst == "1.0"
    assert article.topic == "2023-07-12"
    assert article.dateline == ""
    assert article.keywords == ["no", "0x10", "2023-07-12", ""]
    assert article.byline == [Person("Ann"), Person("Bob", "Photographer")]
    assert article.status is Status.IN_REVIEW
    assert article.published == datetime(2023, 7, 12, tzinfo=UTC)
    assert article.updated == datetime(
        2001, 12, 14, 21, 59, 43, 100000, timezone(-timedelta(hours=5))
    )
    assert article.created == datetime(2023, 7, 12, 9, 5, tzinfo=UTC)


def test_writer_output_is_readable_yaml() -> None:
    article = Article(
        headline="Ümlaut & 'quotes'",
        keywords=["NATO", "yes"],
        published=datetime(2023, 7, 12, 17, 15, tzinfo=timezone(timedelta(hours=3))),
        faqs=[Faq("Q?", "First paragraph.\n\nSecond paragraph.")],
        slug_override="custom-slug",
    )
    text = article_to_markdown(article)
    assert "headline: Ümlaut & 'quotes'\n" in text
    assert "keywords:\n  - NATO\n  - 'yes'\n" in text
    assert "published: 2023-07-12T17:15:00+03:00\n" in text
    assert "    answer: |-\n      First paragraph.\n\n      Second paragraph.\n" in text
    assert "slug: custom-slug\n" in text
    assert "slug:" not in article_to_markdown(Article(headline="Derived slug"))


def test_language_defaults_to_english_only_when_absent_or_null() -> None:
    assert parse("---\nheadline: H\n---\n").language == "en"
    assert parse("---\nlanguage:\n---\n").language == "en"
    assert parse("---\nlanguage: ''\n---\n").language == ""
    assert parse(article_to_markdown(Article(language=""))).language == ""


def test_missing_id_and_created_get_fresh_values() -> None:
    text = "---\nheadline: H\n---\nBody\n"
    first, second = parse(text), parse(text)
    assert first.id and second.id and first.id != second.id
    assert abs(first.created - datetime.now(UTC)) < timedelta(minutes=1)
    assert first.created.tzinfo is not None


def test_file_without_front_matter_takes_its_headline_from_the_first_heading() -> None:
    text = "Intro line\n\n```sh\n# not a heading, a shell comment\n```\n\n# The Title #\n\nBody.\n"
    article = parse(text)
    assert article.headline == "The Title"
    assert article.body == "Intro line\n\n```sh\n# not a heading, a shell comment\n```\n\nBody.\n"
    no_heading = parse("Just text,\nno heading.\n")
    assert (no_heading.headline, no_heading.body) == ("", "Just text,\nno heading.\n")
    plain = parse("Just text,\n## a level-two heading\n")
    assert plain.headline == "" and plain.body == "Just text,\n## a level-two heading\n"


def test_unicode_in_any_script_round_trips(tmp_path: Path) -> None:
    article = Article(
        headline="НАТО укрепляет отношения с Украиной",
        standfirst="قادة الحلف يجتمعون في فيلنيوس",
        byline=[Person("Анна Коваленко", "кореспондентка"), Person("محمد العلي")],
        topic="北约与乌克兰关系",
        keywords=["НАТО", "أوكرانيا", "維爾紐斯"],
        dateline="ВІЛЬНЮС, Литва",
        language="uk",
        body="Перший абзац.\n\nالفقرة الثانية باللغة العربية.\n\n第三段：北约峰会。\n",
        faqs=[Faq("什么是北约-乌克兰理事会？", "一个**常设**机构。")],
        images=[Image("фото-1.png", "image/png", PNG, alt="Прапори", featured=True)],
    )
    path = tmp_path / "стаття.md"
    write_markdown(article, path)
    text = path.read_text(encoding="utf-8")
    assert "headline: НАТО укрепляет отношения с Украиной\n" in text  # not \u-escaped
    assert "topic: 北约与乌克兰关系\n" in text
    assert (tmp_path / "фото-1.png").read_bytes() == PNG
    assert read_markdown(path) == article


def test_body_with_tables_footnotes_and_fenced_code_round_trips(tmp_path: Path) -> None:
    body = (
        "| Country | Joined |\n"
        "|---------|-------:|\n"
        "| Finland | 2023   |\n"
        "| Sweden  | 2024   |\n"
        "\n"
        "Membership is decided by consensus.[^1]\n"
        "\n"
        "[^1]: All 31 allies must agree.\n"
        "\n"
        "```yaml\n"
        "---\n"
        "headline: not front matter\n"
        "---\n"
        "```\n"
        "\n"
        "~~~\n"
        "# not a heading\n"
        "~~~\n"
    )
    article = Article(headline="Tables", body=body)
    path = tmp_path / "tables.md"
    write_markdown(article, path)
    assert read_markdown(path) == article
    assert path.read_text(encoding="utf-8").endswith(body)


def test_image_media_type_is_kept_when_bytes_and_name_disagree(tmp_path: Path) -> None:
    odd = Image("scan.bin", "image/tiff", b"II*\x00rest", alt="scan")
    sniffed = Image("photo.png", "image/jpeg", JPEG, alt="photo")
    article = Article(headline="Types", images=[odd, sniffed])
    text = article_to_markdown(article)
    assert "media_type: image/tiff" in text
    assert text.count("media_type:") == 1  # the JPEG bytes already say image/jpeg
    write_markdown(article, tmp_path / "t.md")
    assert read_markdown(tmp_path / "t.md") == article


def test_images_in_a_subfolder(tmp_path: Path) -> None:
    article = Article(headline="Sub", images=[Image("media/a.png", "image/png", PNG, alt="a")])
    write_markdown(article, tmp_path / "sub.md")
    assert (tmp_path / "media" / "a.png").read_bytes() == PNG
    assert read_markdown(tmp_path / "sub.md") == article


def test_load_and_save_by_suffix(tmp_path: Path) -> None:
    article = Article(headline="By suffix", body="Body\n")
    save_article(article, tmp_path / "a.markdown")
    assert load_article(tmp_path / "a.markdown") == article


# ------------------------------------------------------------- writing safety


def test_unrelated_file_with_the_same_name_is_not_overwritten(tmp_path: Path) -> None:
    (tmp_path / "photo.png").write_bytes(b"someone else's picture")
    article = Article(headline="H", images=[Image("photo.png", "image/png", PNG, alt="a")])
    with pytest.raises(InterchangeError) as caught:
        write_markdown(article, tmp_path / "story.md")
    assert caught.value.path == tmp_path / "photo.png"
    assert "already exists with different content" in caught.value.problem
    assert (tmp_path / "photo.png").read_bytes() == b"someone else's picture"
    assert not (tmp_path / "story.md").exists(), "nothing is written when a file is in the way"


def test_own_image_from_an_earlier_save_is_replaced(tmp_path: Path) -> None:
    path = tmp_path / "story.md"
    article = Article(headline="H", images=[Image("photo.png", "image/png", PNG, alt="a")])
    write_markdown(article, path)
    article.images[0].data = JPEG
    article.images[0].media_type = "image/jpeg"
    write_markdown(article, path)
    assert (tmp_path / "photo.png").read_bytes() == JPEG
    assert read_markdown(path) == article


def test_identical_existing_image_is_left_alone(tmp_path: Path) -> None:
    (tmp_path / "photo.png").write_bytes(PNG)
    before = (tmp_path / "photo.png").stat().st_ino
    article = Article(headline="H", images=[Image("photo.png", "image/png", PNG, alt="a")])
    write_markdown(article, tmp_path / "story.md")
    assert (tmp_path / "photo.png").stat().st_ino == before
    assert read_markdown(tmp_path / "story.md") == article


def test_unwritable_target_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("a file, not a folder")
    with pytest.raises(InterchangeError, match="cannot be written") as caught:
        write_markdown(Article(headline="H"), tmp_path / "file" / "story.md")
    assert caught.value.path == tmp_path / "file" / "story.md"


def test_two_different_images_with_one_name_are_refused(tmp_path: Path) -> None:
    article = Article(
        headline="H",
        images=[Image("a.png", "image/png", PNG), Image("a.png", "image/jpeg", JPEG)],
    )
    with pytest.raises(InterchangeError, match="two different images are both called 'a.png'"):
        write_markdown(article, tmp_path / "story.md")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["../escape.png", "/abs/olute.png", "back\\slash.png", ""])
def test_unsafe_image_file_names_are_refused_when_writing(tmp_path: Path, name: str) -> None:
    article = Article(headline="H", images=[Image(name, "image/png", PNG)])
    with pytest.raises(InterchangeError, match="image"):
        write_markdown(article, tmp_path / "story.md")
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------- errors with lines


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        (
            "---\nheadline: [unclosed\ntopic: x\n---\n",
            3,
            "invalid YAML in the front matter: did not find expected ',' or ']' "
            "(while parsing a flow sequence on line 2)",
        ),
        ("---\nheadline: a: b\n---\n", 2, "invalid YAML"),
        ("---\nheadline: H\n  bad indent: x\n---\n", 3, "invalid YAML"),
        (
            "---\nheadline: H\nkeywords: 5\n---\n",
            3,
            "keywords must be a list of text, not the number 5",
        ),
        ("---\nbyline: {x: 1}\n---\n", 2, "byline must be a list of names, not a mapping"),
        ("---\nbyline:\n  - {x: 1}\n---\n", 3, "byline[0]: unknown key 'x'"),
        ("---\nbyline:\n  - role: editor\n---\n", 3, "byline[0] has no 'name'"),
        ("---\nheadline: [a, b]\n---\n", 2, "headline must be text, not a list"),
        (
            "---\nfaqs:\n  - question: Q1\n    answer: A1\n  - question: Q2\n---\n",
            5,
            "faqs[1] has no 'answer'",
        ),
        ("---\nfaqs:\n  - question: Q\n    anwser: A\n---\n", 4, "did you mean 'answer'?"),
        (
            "---\nheadline: H\nheadlin: H\n---\n",
            3,
            "unknown key 'headlin'; did you mean 'headline'?",
        ),
        ("---\nwibble: 1\n---\n", 2, "unknown key 'wibble'; expected one of: headline"),
        (
            "---\nheadline: A\n\nheadline: B\n---\n",
            4,
            "'headline' is given twice (first on line 2)",
        ),
        ("---\nstatus: published\n---\n", 2, "unknown status 'published'"),
        ("---\npublished: 2023-07-12 10:00\n---\n", 2, "has no time zone"),
        ("---\npublished: 2023-07-12T10:00:00\n---\n", 2, "has no time zone"),
        ("---\nupdated: yesterday\n---\n", 2, "updated must be a date and time"),
        ("---\ncreated: 2023-02-30\n---\n", 2, "is not a valid date"),
        ("---\nnotes:\n  - author: Ed\n    text: t\n    resolved: 2\n---\n", 5, "true or false"),
        ("---\nrelated:\n  - title: T\n---\n", 3, "related[0] has no 'url'"),
        ("---\n- just\n- a list\n---\n", 2, "front matter must be a mapping"),
        ("---\nheadline: H\nno closing line\n", 1, "never closed"),
    ],
)
def test_errors_name_the_line(text: str, line: int, fragment: str) -> None:
    error = error_of(text)
    assert error.path == Path("article.md")
    assert error.line == line, error.message
    assert fragment in error.problem, error.problem
    assert error.message.startswith(f"article.md:{line}: ")


def test_image_errors_name_the_line(tmp_path: Path) -> None:
    (tmp_path / "there.png").write_bytes(PNG)
    head = "---\nheadline: H\nimages:\n  - file: there.png\n    alt: fine\n"
    error = error_of(head + "  - file: missing.png\n    alt: gone\n---\n", tmp_path)
    assert error.line == 6
    assert "image file 'missing.png' not found" in error.problem
    assert str(tmp_path / "missing.png") in error.problem

    error = error_of(head + "    featured: maybe\n---\n", tmp_path)
    assert error.line == 6
    assert "images[0].featured must be true or false, not 'maybe'" in error.problem

    error = error_of(head + '    featured: "maybe"\n---\n', tmp_path)
    assert error.line == 6

    error = error_of("---\nimages:\n  - file: ../../etc/passwd\n---\n", tmp_path)
    assert error.line == 3 and "no '..'" in error.problem

    error = error_of("---\nimages:\n  - alt: no file\n---\n", tmp_path)
    assert error.line == 3 and "images[0] has no 'file'" in error.problem

    (tmp_path / "folder.png").mkdir()
    error = error_of("---\nimages:\n\n  - file: folder.png\n---\n", tmp_path)
    assert error.line == 4 and "is a folder" in error.problem


def test_quoted_true_and_false_are_accepted_for_flags(tmp_path: Path) -> None:
    (tmp_path / "p.png").write_bytes(PNG)
    article = parse('---\nimages:\n  - file: p.png\n    featured: "True"\n---\n', tmp_path)
    assert article.images[0].featured is True
    assert article.images[0].media_type == "image/png"


def test_read_markdown_file_problems(tmp_path: Path) -> None:
    with pytest.raises(InterchangeError, match="file not found"):
        read_markdown(tmp_path / "absent.md")
    with pytest.raises(InterchangeError, match="is a folder"):
        read_markdown(tmp_path)
    latin1 = tmp_path / "latin1.md"
    latin1.write_bytes(b"---\nheadline: ok\ntopic: Z\xfcrich\n---\n")
    with pytest.raises(InterchangeError) as caught:
        read_markdown(latin1)
    assert caught.value.line == 3 and "not UTF-8" in caught.value.problem
    control = tmp_path / "control.md"
    control.write_text("---\nheadline: ok\ntopic: bell \x07\n---\n", encoding="utf-8")
    with pytest.raises(InterchangeError) as caught:
        read_markdown(control)
    assert caught.value.line == 3 and "invalid YAML" in caught.value.problem


# ------------------------------------------------------------- media types


@pytest.mark.parametrize(
    ("filename", "data", "expected"),
    [
        ("x.jpg", PNG, "image/png"),
        ("x.png", JPEG, "image/jpeg"),
        ("x", b"GIF89a\x01\x00", "image/gif"),
        ("x", b"GIF87a\x01\x00", "image/gif"),
        ("x.png", b"RIFF\x10\x00\x00\x00WEBPVP8 ", "image/webp"),
        ("x", b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf", "image/avif"),
        ("x", b"\x00\x00\x00\x20ftypmif1\x00\x00\x00\x00mif1avifmiafMA1B", "image/avif"),
        ("x", b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic", "application/octet-stream"),
        (
            "x.txt",
            b'<?xml version="1.0"?>\n<!-- c -->\n<svg xmlns="http://www.w3.org/2000/svg"/>',
            "image/svg+xml",
        ),
        ("x", b"\xef\xbb\xbf  <svg width='1'></svg>", "image/svg+xml"),
        ("x.svg", b"<html><body>not svg</body></html>", "image/svg+xml"),
        ("photo.JPEG", b"random", "image/jpeg"),
        ("a.webp", b"random", "image/webp"),
        ("a.avif", b"", "image/avif"),
        ("noext", b"random", "application/octet-stream"),
    ],
)
def test_guess_media_type(filename: str, data: bytes, expected: str) -> None:
    assert guess_media_type(filename, data) == expected


# ------------------------------------------------------------- the sample


def test_sample_article_matches_the_reference() -> None:
    article = read_markdown(sample_article_path("md"))
    assert article.headline == "NATO Strengthens Ukraine Relations Without Deciding on Membership"
    assert article.byline == [Person("Joshua Brown")]
    assert article.topic == "NATO-Ukraine Relations"
    assert article.dateline == "VILNIUS, Lithuania"
    assert article.published == datetime(2023, 7, 12, 14, 15, tzinfo=UTC)
    assert article.published.utcoffset() == timedelta(hours=3)
    roles = {p.role for p in article.contributors}
    assert [p.name for p in article.contributors] == ["Karl Ritter", "Liudas Dapkus"]
    assert roles == {"Big Big News correspondent"}
    paragraphs = article.body.split("\n\n")
    assert len(paragraphs) == 20
    assert paragraphs[0] == SAMPLE_FIRST_PARAGRAPH
    assert paragraphs[-1] == SAMPLE_LAST_PARAGRAPH + "\n"
    assert hashlib.sha256(article.body.encode("utf-8")).hexdigest() == SAMPLE_BODY_SHA256
    assert "’" in article.body and "“" in article.body
    assert [(f.question, f.answer) for f in article.faqs] == SAMPLE_FAQS
    for unwanted in ("Leave a Comment", "Mike_the_Realist", "You may also like", "Karl Ritter"):
        assert unwanted not in article.body
    assert article.related and all(
        link.url.startswith("https://") and ".example/" in link.url for link in article.related
    )
    assert not has_errors(validate(article)), validate(article)


def test_sample_featured_image_is_a_real_png() -> None:
    article = read_markdown(sample_article_path("md"))
    [image] = article.images
    assert image.featured and image.alt and image.caption and image.credit
    assert image.media_type == "image/png"
    assert image.data == resource_path("samples", image.filename).read_bytes()
    width, height = struct.unpack(">II", image.data[16:24])
    assert (width, height) == (1200, 675)
    assert len(image.data) < 150_000
    assert image.filename not in article.body, "the template shows the featured image on top"


def test_sample_file_is_in_canonical_form() -> None:
    path = sample_article_path("md")
    assert article_to_markdown(read_markdown(path)) == path.read_text(encoding="utf-8")


def test_sample_markdown_and_document_hold_the_same_article() -> None:
    from_markdown = read_markdown(sample_article_path("md"))
    from_document = load_article(sample_article_path("newsdesk"))
    assert from_document == from_markdown
