"""The article model: derived values and validation problems as data."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from newsdesk.model import Article, Faq, Image, Person, RelatedLink, Severity, validate
from newsdesk.model.serialize import article_from_dict, article_to_dict
from newsdesk.model.slug import slugify
from newsdesk.model.text_stats import reading_minutes, word_count
from newsdesk.model.validation import has_errors, image_references
from newsdesk.profile.model import HouseLimits, Profile


def good_article() -> Article:
    return Article(
        headline="NATO Strengthens Ukraine Relations",
        body="NATO chiefs convened on Wednesday.\n\n![Leaders](summit.png)\n",
        byline=[Person("Joshua Brown")],
        topic="NATO-Ukraine Relations",
        images=[Image("summit.png", "image/png", b"\x89PNG", alt="Leaders at the summit")],
    )


def fields(problems) -> set[str]:
    return {p.field for p in problems}


def test_a_complete_article_has_no_problems():
    assert validate(good_article()) == []


def test_slug_follows_headline_until_set_by_hand():
    article = good_article()
    assert article.slug == "nato-strengthens-ukraine-relations"
    article.headline = "Another headline"
    assert article.slug == "another-headline"
    article.slug_override = "kept"
    article.headline = "Changed again"
    assert article.slug == "kept"


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Zürich’s “big” day — 2023!", "zurich-s-big-day-2023"),
        ("Киев и Вильнюс", "киев-и-вильнюс"),
        ("   ", ""),
        ("a" * 200, "a" * 80),
    ],
)
def test_slugify(text, slug):
    assert slugify(text) == slug


def test_empty_headline_gives_a_usable_slug():
    assert Article().slug == "untitled"


def test_word_count_and_reading_time():
    assert word_count("One two [three](https://x.example/a-b-c) ![four](x.png)") == 4
    assert word_count("北京欢迎你") == 5
    assert word_count("") == 0
    assert reading_minutes(0) == 0
    assert reading_minutes(1) == 1
    assert reading_minutes(250) == 1
    assert reading_minutes(251) == 2


def test_required_fields_and_empty_parts_are_errors():
    problems = validate(Article())
    assert {"headline", "byline", "topic", "body"} <= fields(problems)
    assert has_errors(problems)
    assert all(p.severity is Severity.ERROR for p in problems if p.field == "headline")


def test_house_limits_are_warnings():
    article = good_article()
    article.headline = "x" * 200
    article.standfirst = "y" * 400
    problems = validate(article)
    assert {p.field: p.severity for p in problems} == {
        "headline": Severity.WARNING,
        "standfirst": Severity.WARNING,
    }
    assert not has_errors(problems)


def test_profile_limits_apply():
    profile = Profile(limits=HouseLimits(headline_max=10, required_fields=(), min_words=100))
    article = Article(headline="Short but too long", body="few words")
    messages = [p.message for p in validate(article, profile)]
    assert any("limit is 10" in m for m in messages)
    assert any("minimum is 100" in m for m in messages)


def test_parts_are_flagged_where_they_are():
    article = good_article()
    article.faqs = [Faq("", "An answer"), Faq("A question?", " ")]
    article.related = [
        RelatedLink("Docs", "javascript:alert(1)"),
        RelatedLink("", "https://a.example"),
    ]
    article.contributors = [Person("")]
    article.images[0].alt = ""
    article.language = "not a tag!"
    got = fields(validate(article))
    assert {
        "faqs[0].question",
        "faqs[1].answer",
        "related[0].url",
        "related[1].title",
        "contributors[0].name",
        "images[0].alt",
        "language",
    } <= got


def test_body_may_only_show_images_the_document_holds():
    article = good_article()
    article.body += "\n![Missing](gone.png) ![Remote](https://cdn.example/x.png)\n"
    problems = [p for p in validate(article) if p.field == "body"]
    assert len(problems) == 1 and "gone.png" in problems[0].message
    assert image_references(article.body) == ["summit.png", "gone.png", "https://cdn.example/x.png"]


def test_only_one_featured_image():
    article = good_article()
    article.images.append(Image("b.png", "image/png", b"b", alt="b", featured=True))
    article.images[0].featured = True
    assert "images" in fields(validate(article))


def test_dates_out_of_order_are_warned():
    article = good_article()
    article.updated = article.created - timedelta(days=1)
    assert "updated" in fields(validate(article))


def test_serialized_form_is_json_safe_and_round_trips():
    import json

    article = good_article()
    article.published = datetime(2023, 7, 12, 17, 24, tzinfo=UTC)
    data = json.loads(json.dumps(article_to_dict(article)))
    blobs = {img.sha256: img.data for img in article.images}
    assert article_from_dict(data, blobs.__getitem__) == article


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("قمة الناتو مع أوكرانيا", "قمة-الناتو-مع-أوكرانيا"),  # hamza stays on its letter
        ("नमस्ते दुनिया", "नमस्ते-दुनिया"),  # vowel signs stay in their word
        ("Đà Nẵng", "đa-nang"),
    ],
)
def test_slugify_keeps_the_marks_of_other_scripts(text, slug):
    assert slugify(text) == slug
