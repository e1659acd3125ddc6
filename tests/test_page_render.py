"""The portal page: its parts, metadata, JSON-LD and the escaping of every field.

rich_article(), sample_article() and png() are shared with the export and
validator tests."""

from __future__ import annotations

import json
import re
import struct
import zlib
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import pytest

from newsdesk.model.article import Article, Faq, Image, Person, RelatedLink
from newsdesk.profile.model import Profile
from newsdesk.render.page import (
    REGION_IDS,
    human_date,
    page_parts,
    portal_css,
    pygments_css,
    render_page,
    text_direction,
)
from test_render_sanitize import INJECTIONS, dangerous_markup

RICH_BODY = """\
NATO chiefs convened on Wednesday to establish a significant new platform for their \
relations with Ukraine, while providing only "indistinct" guarantees of membership.

"Today we converse as equals," said NATO Secretary-General Jens Stoltenberg.[^1]

![Leaders pose for the family photo](family.png "The family photo")

## The pledges

| Country | Pledge (bn €) | Share |
|:--------|-------------:|:-----:|
| Germany | 17.1 | 21% |
| United Kingdom | 6.6 | 8% |
| https://www.nato.int/cps/en/natohq/official_texts_217320.htm | 0.0 | 0% |

> NATO requires us as much as we require NATO.

1. Sweden's bid
2. The G7 framework

Read the [summit communiqué](https://www.nato.int/) or write to \
[the desk](mailto:desk@bigbignews.example). The HTML text is online.

*[HTML]: HyperText Markup Language

```python
def pledge(total: float) -> str:
    return f"{total:.1f} bn"  # a long comment line that would run past the edge of a phone screen
```

[^1]: Remarks at the joint press conference, July 12.
"""


@cache
def png(width: int = 640, height: int = 360, seed: int = 0) -> bytes:
    """A real PNG (a gradient), built with zlib so tests need no image tools."""
    rows = []
    for y in range(height):
        row = bytearray([0])
        for x in range(width):
            row += bytes(
                (
                    (40 + x * 120 // width + seed) % 256,
                    (70 + y * 120 // height) % 256,
                    (130 + (x + y) * 60 // (width + height)) % 256,
                )
            )
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows), 6))
        + chunk(b"IEND", b"")
    )


def rich_article() -> Article:
    """Every part of the page: images, FAQs, a table, footnotes, code, credits."""
    return Article(
        headline="NATO Strengthens Ukraine Relations Without Deciding on Membership",
        standfirst=(
            "Allied leaders launch a permanent NATO-Ukraine Council but offer no "
            "timetable for membership."
        ),
        byline=[Person("Joshua Brown", "Big Big News correspondent"), Person("Ana Ruiz")],
        topic="NATO-Ukraine Relations",
        keywords=["NATO", "Ukraine", "Vilnius summit"],
        dateline="VILNIUS, Lithuania",
        language="en",
        created=datetime(2023, 7, 12, 9, 0, tzinfo=UTC),
        published=datetime(2023, 7, 12, 17, 24, tzinfo=timezone(timedelta(hours=3))),
        updated=datetime(2023, 7, 12, 21, 43, tzinfo=timezone(timedelta(hours=3))),
        body=RICH_BODY,
        contributors=[
            Person("Karl Ritter", "Big Big News correspondent"),
            Person("Liudas Dapkus", "Big Big News correspondent"),
        ],
        faqs=[
            Faq(
                "What is the new initiative launched by NATO with Ukraine?",
                "The **NATO-Ukraine Council**, a permanent body for consultations.",
            ),
            Faq("Has Ukraine been granted NATO membership?", "No.\n\n- not yet\n- no date"),
        ],
        related=[
            RelatedLink("Turkey drops its objections to Sweden", "https://example.org/sweden"),
            RelatedLink("G7 framework explained", "https://example.org/g7"),
        ],
        images=[
            Image(
                "summit.png",
                "image/png",
                png(),
                alt="Flags of NATO members in front of the summit venue",
                caption="Leaders met in *Vilnius*, Lithuania.",
                credit="Photo: Big Big News/Jane Doe",
                featured=True,
            ),
            Image("family.png", "image/png", png(320, 200, 90), alt="Leaders pose"),
        ],
    )


def sample_article() -> Article:
    """The bundled sample, once it is in resources/samples."""
    from newsdesk.interchange import load_article
    from newsdesk.resources import sample_article_path

    path = sample_article_path("md")
    assert path.is_file(), f"the sample article {path} is missing"
    return load_article(path)


class Doc(HTMLParser):
    """Elements with their attributes and text, by id and by tag."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text_by_id: dict[str, str] = {}
        self._open: list[str | None] = []
        self.scripts: list[str] = []
        self._in_script = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.elements.append((tag, a))
        if tag in ("meta", "link", "img", "br", "hr", "input"):
            return
        self._open.append(a.get("id"))
        if a.get("id"):
            self.text_by_id[a["id"]] = ""
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag in ("meta", "link", "img", "br", "hr", "input"):
            return
        if self._open:
            self._open.pop()
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data
        for element_id in self._open:
            if element_id:
                self.text_by_id[element_id] += data

    def all(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        return [
            a
            for t, a in self.elements
            if t == tag and all(a.get(k.replace("_", "-")) == v for k, v in attrs.items())
        ]

    def meta(self, key: str) -> str | None:
        for _, a in self.elements:
            if _ == "meta" and (a.get("name") == key or a.get("property") == key):
                return a.get("content")
        return None

    def text(self, element_id: str) -> str:
        return " ".join(self.text_by_id.get(element_id, "").split())


def jsonld(doc: Doc) -> list[dict]:
    return [json.loads(s) for s in doc.scripts]


@pytest.fixture
def page() -> Doc:
    return Doc(render_page(rich_article(), Profile.default()))


def test_page_has_every_part_in_order(page: Doc):
    html = render_page(rich_article(), Profile.default())
    order = [
        'class="masthead"',
        'id="topic"',
        'id="headline"',
        'id="standfirst"',
        'id="byline"',
        "<time",
        'id="dateline"',
        'id="featured-image"',
        'id="article-body"',
        'id="credits"',
        'id="faqs"',
        'id="related"',
        'id="footer"',
    ]
    positions = [html.index(marker) for marker in order]
    assert positions == sorted(positions)
    assert page.text("masthead") == "Big Big News"
    assert page.text("topic") == "NATO-Ukraine Relations"
    assert page.text("headline") == rich_article().headline
    assert page.text("byline") == ("By Joshua Brown, Big Big News correspondent, and Ana Ruiz")
    assert page.text("dateline") == "VILNIUS, Lithuania"
    assert page.text("credits") == (
        "Karl Ritter and Liudas Dapkus, Big Big News correspondents, contributed to this article."
    )


@pytest.mark.parametrize(
    ("authors", "line"),
    [
        ([Person("Jo Li")], "By Jo Li"),
        ([Person("Jo Li", "staff writer")], "By Jo Li, staff writer"),
        ([Person("A"), Person("B")], "By A and B"),
        ([Person("A"), Person("B"), Person("C")], "By A, B and C"),
        ([Person("A"), Person("B", "editor")], "By A and B, editor"),
        ([Person("A", "x"), Person("B"), Person("C", "z")], "By A, x; B; and C, z"),
    ],
)
def test_byline_joins_authors_in_ap_style(authors, line):
    doc = Doc(render_page(replace(rich_article(), byline=authors), Profile.default()))
    assert doc.text("byline") == line


def test_no_byline_without_authors():
    html = render_page(replace(rich_article(), byline=[Person("  ")]), Profile.default())
    assert 'id="byline"' not in html


def test_section_navigation_only_with_a_base_url():
    assert "<nav" not in render_page(rich_article(), Profile.default())
    doc = Doc(render_page(rich_article(), Profile(base_url="https://bbn.example")))
    links = {a["href"]: a.get("class") for a in doc.all("a") if "/nato" in a.get("href", "")}
    assert links == {"https://bbn.example/nato-ukraine-relations/": "current"}


def _luminance(hex_color: str) -> float:
    h = hex_color.lstrip("#")
    h = "".join(c * 2 for c in h) if len(h) == 3 else h
    channels = [int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_code_colours_meet_wcag_aa_on_the_code_background():
    """Every token colour the Pygments style can emit, not only those in a sample."""
    css = portal_css(Profile.default())
    background = re.search(r"--code-bg:\s*(#[0-9a-fA-F]{3,6})", css).group(1)
    colours = set(re.findall(r"(?<!background-)color:\s*(#[0-9a-fA-F]{3,6})", pygments_css()))
    assert colours
    worst = min(colours, key=lambda c: contrast(c, background))
    assert contrast(worst, background) >= 4.5, worst


def test_page_text_colours_meet_wcag_aa():
    css = portal_css(Profile.default())
    variables = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-fA-F]{6})", css))
    for fg in ("ink", "ink-soft", "brand", "link", "link-visited"):
        assert contrast(variables[fg], variables["paper"]) >= 4.5, fg
        assert contrast(variables[fg], variables["wash"]) >= 4.5, fg


def test_times_carry_machine_readable_dates(page: Doc):
    times = [a["datetime"] for a in page.all("time")]
    assert times == ["2023-07-12T17:24:00+03:00", "2023-07-12T21:43:00+03:00"]


def test_human_dates_follow_ap_style():
    assert human_date(datetime(2023, 7, 12, 17, 24, tzinfo=UTC)) == "July 12, 2023, 5:24 p.m. UTC"
    assert human_date(datetime(2023, 7, 2, 9, 0, tzinfo=UTC)) == "July 2, 2023, 9 a.m. UTC"
    plus3 = timezone(timedelta(hours=3))
    assert (
        human_date(datetime(2023, 1, 1, 0, 5, tzinfo=plus3)) == "January 1, 2023, 12:05 a.m. UTC+03"
    )


def test_unpublished_article_shows_only_the_update():
    doc = Doc(render_page(replace(rich_article(), published=None), Profile.default()))
    assert len(doc.all("time")) == 1
    assert "Updated" in doc.text("article-header")


def test_featured_image_is_a_figure_with_caption_and_credit(page: Doc):
    (img,) = [a for a in page.all("img") if a.get("src") == "media/summit.png"]
    assert img["alt"] == "Flags of NATO members in front of the summit venue"
    assert (img["width"], img["height"]) == ("640", "360")
    assert page.text("featured-image") == (
        "Leaders met in Vilnius, Lithuania. Photo: Big Big News/Jane Doe"
    )


def test_body_images_point_at_media(page: Doc):
    assert any(a.get("src") == "media/family.png" for a in page.all("img"))


def test_faqs_are_all_visible_with_the_topic_heading(page: Doc):
    html = render_page(rich_article(), Profile.default())
    assert "<details" not in html and " hidden" not in html
    assert page.text("faqs-heading") == (
        "Frequently Asked Questions (FAQs) about NATO-Ukraine Relations"
    )
    faq_text = page.text("faqs")
    for faq in rich_article().faqs:
        assert faq.question in faq_text
    assert "NATO-Ukraine Council, a permanent body" in faq_text
    assert "not yet" in faq_text


def test_only_body_blocks_carry_source_lines():
    html = render_page(rich_article(), Profile.default())
    body = re.search(r'<div class="article-body" id="article-body">(.*?)\n</div>\n', html, re.S)
    assert body and body.group(1).count("data-source-line") >= 8
    assert html.count("data-source-line") == body.group(1).count("data-source-line")


def test_related_links(page: Doc):
    assert page.text("related-heading") == "More about NATO-Ukraine Relations"
    hrefs = [
        a["href"] for a in page.all("a") if a.get("href", "").startswith("https://example.org")
    ]
    assert hrefs == ["https://example.org/sweden", "https://example.org/g7"]


def test_related_link_that_is_not_a_web_address_is_shown_as_text():
    article = replace(rich_article(), related=[RelatedLink("Bad", "javascript:alert(1)")])
    html = render_page(article, Profile.default())
    assert "javascript:" not in html
    assert "<li>Bad</li>" in html


def test_footer_has_about_and_copyright(page: Doc):
    footer = page.text("footer")
    assert "BNB – Big Big News is a news portal" in footer
    assert "© 2023 BBN – Big Big News" in footer


def test_head_metadata(page: Doc):
    article = rich_article()
    assert page.all("html")[0]["lang"] == "en"
    assert page.all("html")[0]["dir"] == "ltr"
    assert page.meta("description") == article.standfirst
    assert page.meta("og:title") == article.headline
    assert page.meta("og:type") == "article"
    assert page.meta("og:site_name") == "Big Big News"
    assert page.meta("og:description") == article.standfirst
    assert page.meta("twitter:card") == "summary"  # no absolute image URL without a base URL
    assert page.meta("twitter:title") == article.headline
    assert page.meta("article:section") == "NATO-Ukraine Relations"
    assert page.meta("article:published_time") == "2023-07-12T17:24:00+03:00"
    assert page.all("link", rel="canonical") == []
    title = re.search(r"<title>(.*?)</title>", render_page(article, Profile.default()))
    assert title and title.group(1) == f"{article.headline} | Big Big News"


def test_canonical_and_absolute_images_with_a_base_url():
    profile = Profile(base_url="https://bigbignews.example/world/")
    doc = Doc(render_page(rich_article(), profile))
    slug = rich_article().slug
    canonical = f"https://bigbignews.example/world/{slug}"
    assert doc.all("link", rel="canonical")[0]["href"] == canonical
    assert doc.meta("og:url") == canonical
    assert doc.meta("og:image") == "https://bigbignews.example/world/media/summit.png"
    assert doc.meta("twitter:card") == "summary_large_image"
    article_ld = jsonld(doc)[0]
    assert article_ld["mainEntityOfPage"]["@id"] == canonical
    assert article_ld["image"] == ["https://bigbignews.example/world/media/summit.png"]
    assert article_ld["publisher"]["url"] == "https://bigbignews.example/world/"


@pytest.mark.parametrize(
    ("language", "direction"),
    [
        ("en", "ltr"),
        ("de-CH", "ltr"),
        ("ar", "rtl"),
        ("he-IL", "rtl"),
        ("fa", "rtl"),
        ("ur-PK", "rtl"),
        ("az-Arab", "rtl"),
        ("uz-Latn", "ltr"),
        ("zh-Hant-TW", "ltr"),
    ],
)
def test_html_lang_and_direction(language, direction):
    assert text_direction(language) == direction
    doc = Doc(render_page(replace(rich_article(), language=language), Profile.default()))
    assert doc.all("html")[0] == {"lang": language, "dir": direction}


def test_json_ld_news_article(page: Doc):
    article_ld, faq_ld = jsonld(page)
    assert article_ld["@context"] == "https://schema.org"
    assert article_ld["@type"] == "NewsArticle"
    assert article_ld["headline"] == rich_article().headline
    assert article_ld["author"] == [
        {"@type": "Person", "name": "Joshua Brown", "jobTitle": "Big Big News correspondent"},
        {"@type": "Person", "name": "Ana Ruiz"},
    ]
    assert article_ld["datePublished"] == "2023-07-12T17:24:00+03:00"
    assert article_ld["dateModified"] == "2023-07-12T21:43:00+03:00"
    assert article_ld["image"] == ["media/summit.png"]
    assert article_ld["publisher"] == {"@type": "Organization", "name": "Big Big News"}
    assert article_ld["articleSection"] == "NATO-Ukraine Relations"
    assert article_ld["inLanguage"] == "en"
    assert [c["name"] for c in article_ld["contributor"]] == ["Karl Ritter", "Liudas Dapkus"]
    assert faq_ld["@type"] == "FAQPage"
    questions = faq_ld["mainEntity"]
    assert [q["name"] for q in questions] == [f.question for f in rich_article().faqs]
    assert all(q["@type"] == "Question" for q in questions)
    assert "<strong>NATO-Ukraine Council</strong>" in questions[0]["acceptedAnswer"]["text"]


def test_no_faq_page_without_faqs():
    doc = Doc(render_page(replace(rich_article(), faqs=[]), Profile.default()))
    assert [d["@type"] for d in jsonld(doc)] == ["NewsArticle"]
    assert 'id="faqs"' not in render_page(replace(rich_article(), faqs=[]), Profile.default())


def test_json_ld_cannot_close_its_script_element():
    evil = "</script><script>alert(1)</script><!-- \u2028\u2029 & > <"
    article = replace(
        rich_article(),
        headline=evil,
        standfirst=evil,
        topic=evil,
        byline=[Person(evil, evil)],
        contributors=[Person(evil, evil)],
        faqs=[Faq(evil, evil)],
        keywords=[evil],
        dateline=evil,
    )
    html = render_page(article, Profile.default())
    doc = Doc(html)
    assert len(doc.scripts) == 2
    for script in doc.scripts:
        for bad in ("<", ">", "&", "\u2028", "\u2029"):
            assert bad not in script
        data = json.loads(script)
        assert evil in json.dumps(data, ensure_ascii=False) or data["@type"] == "FAQPage"
    assert jsonld(doc)[0]["headline"] == evil  # the JSON still says exactly what was written


FIELDS = [
    "headline",
    "standfirst",
    "topic",
    "keywords",
    "dateline",
    "byline.name",
    "byline.role",
    "contributors.name",
    "contributors.role",
    "faq.question",
    "faq.answer",
    "related.title",
    "related.url",
    "image.alt",
    "image.caption",
    "image.credit",
    "image.filename",
    "body",
]


def article_with(field: str, payload: str) -> Article:
    """The rich article with `payload` in one field."""
    a = rich_article()
    image = a.images[0]
    match field:
        case "keywords":
            a.keywords = [payload, "NATO"]
        case "byline.name":
            a.byline = [Person(payload, "writer")]
        case "byline.role":
            a.byline = [Person("Jo", payload)]
        case "contributors.name":
            a.contributors = [Person(payload, "editor")]
        case "contributors.role":
            a.contributors = [Person("Jo", payload)]
        case "faq.question":
            a.faqs = [Faq(payload, "Answer.")]
        case "faq.answer":
            a.faqs = [Faq("Question?", payload)]
        case "related.title":
            a.related = [RelatedLink(payload, "https://example.org/")]
        case "related.url":
            a.related = [RelatedLink("Title", payload)]
        case "image.alt":
            image.alt = payload
        case "image.caption":
            image.caption = payload
        case "image.credit":
            image.credit = payload
        case "image.filename":
            image.filename = payload
            a.body += f"\n\n![x]({payload})\n"
        case "body":
            a.body = payload + "\n\n" + a.body + "\n\n" + payload
        case _:
            setattr(a, field, payload)
    return a


def all_fields_article(payload: str) -> Article:
    """One article with the payload in every field at once."""
    a = article_with("body", payload)
    a.headline = a.standfirst = a.topic = a.dateline = payload
    a.keywords = [payload]
    a.byline = [Person(payload, payload)]
    a.contributors = [Person(payload, payload), Person("Jo", payload)]
    a.faqs = [Faq(payload, payload)]
    a.related = [RelatedLink(payload, payload), RelatedLink(payload, "https://example.org/")]
    for image in a.images:
        image.alt = image.caption = image.credit = payload
    return a


@pytest.mark.parametrize("field", FIELDS)
def test_the_corpus_in_each_field_yields_no_dangerous_markup(field):
    for payload in INJECTIONS:
        html = render_page(article_with(field, payload), Profile.default())
        assert dangerous_markup(html, page=True) == [], (field, payload)


@pytest.mark.parametrize("payload", INJECTIONS)
def test_the_corpus_in_every_field_at_once(payload):
    html = render_page(all_fields_article(payload), Profile.default())
    assert dangerous_markup(html, page=True) == []
    preview = render_page(all_fields_article(payload), Profile.default(), preview=True)
    assert dangerous_markup(preview, page=True) == []
    doc = Doc(html)
    assert [d["@type"] for d in jsonld(doc)] == ["NewsArticle", "FAQPage"]


def test_metadata_fields_are_text_not_markup():
    """Everything but the Markdown fields (body, answers, captions) is plain text."""
    payload = '<b class="x">bold</b> & "quoted"'
    a = all_fields_article(payload)
    a.body = "Body."
    a.faqs = [Faq(payload, "Answer.")]
    for image in a.images:
        image.caption = "Caption."
    doc = Doc(render_page(a, Profile.default()))
    for region in ("headline", "topic", "standfirst", "dateline", "byline", "credits"):
        assert payload in doc.text(region), region
    assert payload in doc.text("faqs") and payload in doc.text("related")
    assert doc.meta("description") == payload
    assert doc.meta("og:title") == payload
    assert doc.meta("keywords") == payload
    assert not doc.all("b")


def test_preview_keeps_empty_regions_hidden_and_the_export_leaves_them_out():
    bare = Article(headline="Only a headline", body="Text.")
    exported = render_page(bare, Profile.default())
    preview = render_page(bare, Profile.default(), preview=True)
    for region in ("featured-image", "credits", "faqs", "related"):
        assert f'id="{region}"' not in exported
        assert re.search(rf'id="{region}" hidden', preview)
    assert 'name="robots" content="noindex"' in preview


def test_page_parts_are_the_regions_of_the_page():
    article = rich_article()
    page = render_page(article, Profile.default(), preview=True)
    parts = page_parts(article, Profile.default())
    assert set(parts) == set(REGION_IDS)
    for region, html in parts.items():
        assert html.startswith("<") and f'id="{region}"' in html.split(">", 1)[0]
        assert html in page, region


def test_custom_image_urls_reach_every_image():
    html = render_page(rich_article(), Profile.default(), image_url=lambda n: f"nd-image:{n}")
    srcs = [a["src"] for a in Doc(html).all("img")]
    assert srcs == ["nd-image:summit.png", "nd-image:family.png"]


def test_css_is_inline_and_nothing_is_remote(page: Doc):
    html = render_page(rich_article(), Profile.default())
    assert "<style>" in html and ".codehilite .k" in html
    assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", html)
    assert not page.all("link", rel="stylesheet")
    assert all(not a.get("src") for a in page.all("script"))


def test_linked_css_when_not_inlined():
    html = render_page(rich_article(), Profile.default(), inline_css=False)
    assert '<link rel="stylesheet" href="portal.css">' in html and "<style>" not in html


def test_profile_template_dir_overrides_templates_and_css(tmp_path: Path):
    (tmp_path / "templates" / "regions").mkdir(parents=True)
    (tmp_path / "css").mkdir()
    (tmp_path / "templates" / "regions" / "credits.html.j2").write_text(
        '<p id="credits" class="house-credits">{{ credits }}</p>\n', encoding="utf-8"
    )
    (tmp_path / "css" / "portal.css").write_text("body { color: #101010; }\n", encoding="utf-8")
    html = render_page(rich_article(), Profile(template_dir=tmp_path))
    assert 'class="house-credits"' in html
    assert "body { color: #101010; }" in html and "--brand" not in html
    assert 'id="headline"' in html  # the rest still comes from the bundled templates


def test_the_sample_article_renders():
    article = sample_article()
    doc = Doc(render_page(article, Profile.default()))
    assert doc.text("headline") == article.headline
    assert doc.text("credits") == (
        "Karl Ritter and Liudas Dapkus, Big Big News correspondents, contributed to this article."
    )
    assert doc.text("faqs-heading") == (
        "Frequently Asked Questions (FAQs) about NATO-Ukraine Relations"
    )


def test_portal_texts_keep_the_portal_language_on_a_page_in_another():
    article = rich_article()
    article.language = "ar"
    doc = Doc(render_page(article, Profile.default()))
    html_attrs = doc.all("html")[0]
    assert (html_attrs["lang"], html_attrs["dir"]) == ("ar", "rtl")
    for tag, element_id in (("header", "masthead"), ("footer", "footer"), ("p", "credits")):
        attrs = doc.all(tag, id=element_id)[0]
        assert (attrs.get("lang"), attrs.get("dir")) == ("en", "ltr"), element_id
    english = Doc(render_page(rich_article(), Profile.default()))
    assert "lang" not in english.all("footer", id="footer")[0]


def test_compiled_templates_are_kept_and_a_broken_cache_costs_only_time(tmp_path):
    """Jinja's bytecode cache (page._TemplateCache): a second environment loads
    what the first compiled; a cache that cannot be written or holds garbage
    renders the same page."""
    import jinja2

    from newsdesk.render import page

    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "t.html").write_text("<p>{{ x }}</p>", encoding="utf-8")

    def render(cache) -> str:
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(templates)), bytecode_cache=cache, autoescape=True
        )
        return env.get_template("t.html").render(x="<b>")

    good = tmp_path / "cache"
    good.mkdir()
    assert render(page._TemplateCache(str(good))) == "<p>&lt;b&gt;</p>"  # noqa: SLF001
    cached = list(good.iterdir())
    assert len(cached) == 1
    assert render(page._TemplateCache(str(good))) == "<p>&lt;b&gt;</p>"  # noqa: SLF001
    cached[0].write_bytes(b"not bytecode at all")
    assert render(page._TemplateCache(str(good))) == "<p>&lt;b&gt;</p>"  # noqa: SLF001
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x", encoding="utf-8")
    assert render(page._TemplateCache(str(not_a_folder))) == "<p>&lt;b&gt;</p>"  # noqa: SLF001
