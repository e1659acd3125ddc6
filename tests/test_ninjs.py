"""The ninjs 3.1 mapping and its validation against the official schema (draft
2020-12, format checks on, GeoJSON resolved offline)."""

from __future__ import annotations

import hashlib
import json
import socket
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from jsonschema import Draft202012Validator

from newsdesk.errors import ExportError
from newsdesk.export.bundle import html_parts
from newsdesk.export.ninjs import (
    PUB_STATUS,
    article_to_ninjs,
    check_ninjs,
    ninjs_validator,
    schema_errors,
)
from newsdesk.interchange import load_article
from newsdesk.model.article import Article, RelatedLink, Status
from newsdesk.model.text_stats import word_count
from newsdesk.profile.model import Profile
from newsdesk.resources import resource_path, sample_article_path
from strategies import articles
from test_bundle import rich_article

PROFILE = Profile.default()
# SHA-256 of the files as published (see /work/shared/standards/ninjs/SHA256SUMS).
OFFICIAL = {
    "ninjs-schema_3.1.json": "404f578a299bf34e76e98f2de26ad9989882ebd7abf3a4d3cf3aa689b70a8744",
    "GeoJSON.json": "5456d0bdf070d3b654ee6b78c7d807c2663756931cf9f5e50726ed6241535666",
}


def ninjs_of(article: Article, profile: Profile = PROFILE) -> dict[str, Any]:
    return article_to_ninjs(article, profile, html_parts(article))


def by_name(item: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {a["name"]: a for a in item.get("associations", [])}


# ---------------------------------------------------------------- the schema


@pytest.mark.parametrize("name", sorted(OFFICIAL))
def test_shipped_schemas_are_the_official_files(name: str) -> None:
    data = resource_path("schemas", name).read_bytes()
    assert hashlib.sha256(data).hexdigest() == OFFICIAL[name]


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    schema = json.loads(resource_path("schemas", "ninjs-schema_3.1.json").read_text("utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    assert isinstance(ninjs_validator(), Draft202012Validator)


def test_geojson_is_resolved_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("validation tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    ninjs_validator.cache_clear()
    try:
        point = {"type": "Point", "coordinates": [25.28, 54.69]}
        good = {"uri": "urn:x:1", "places": [{"name": "Vilnius", "geoJSON": point}]}
        assert schema_errors(good) == []
        bad = {"uri": "urn:x:1", "places": [{"name": "Vilnius", "geoJSON": {"type": "Point"}}]}
        assert [e.split(":")[0] for e in schema_errors(bad)] == ["/places/0/geoJSON"]
    finally:
        ninjs_validator.cache_clear()


def test_format_checks_are_on() -> None:
    item = {
        "uri": "media/photo.png",  # a relative reference is not a URI
        "versionCreated": "2023-07-12T18:40:00",  # no offset: not RFC 3339
        "pubStatus": "draft",
        "keywords": ["not a ninjs 3.1 property"],
    }
    errors = schema_errors(item)
    assert "/uri: 'media/photo.png' is not a 'uri'" in errors
    assert "/versionCreated: '2023-07-12T18:40:00' is not a 'date-time'" in errors
    assert any(e.startswith("/pubStatus: 'draft' is not one of") for e in errors)
    assert any("'keywords' was unexpected" in e for e in errors)
    with pytest.raises(ExportError, match="does not validate against ninjs 3.1: /"):
        check_ninjs(item)


def test_format_checks_need_only_the_cheap_checkers() -> None:
    """ninjs 3.1 uses the 'uri' and 'date-time' formats; the packages behind them are
    declared dependencies, so format checking is on in every installation."""
    checker = ninjs_validator().format_checker
    assert checker is not None
    assert {"uri", "date-time"} <= set(checker.checkers)


# --------------------------------------------------------------- the mapping


def test_the_sample_article_maps_field_by_field() -> None:
    article = load_article(sample_article_path("md"))
    item = ninjs_of(article)
    assert schema_errors(item) == []
    assert item["uri"] == f"urn:newsdesk:article:{article.id}"
    assert item["type"] == "text"
    assert item["standard"]["version"] == "3.1"
    assert item["headlines"] == [
        {"role": "main", "contentType": "text/plain", "value": article.headline}
    ]
    assert item["descriptions"] == [
        {"role": "summary", "contentType": "text/plain", "value": article.standfirst}
    ]
    body = item["bodies"][0]
    assert body["role"] == "main" and body["contentType"] == "text/html"
    assert body["wordCount"] == word_count(article.body)
    assert 0 < body["charCount"] < len(body["value"])
    assert body["value"].startswith("<p>NATO chiefs convened")
    assert "data-source-line" not in body["value"]
    assert item["by"] == "Joshua Brown"
    assert item["people"] == [
        {"name": "Joshua Brown", "rel": "author"},
        {"name": "Karl Ritter", "rel": "contributor"},
        {"name": "Liudas Dapkus", "rel": "contributor"},
    ]
    assert item["subjects"][0] == {"name": "NATO-Ukraine Relations", "rel": "topic"}
    assert [s["name"] for s in item["subjects"][1:]] == article.keywords
    assert {s["rel"] for s in item["subjects"][1:]} == {"keyword"}
    assert item["located"] == "VILNIUS, Lithuania"
    assert item["language"] == "en"
    assert item["firstCreated"] == "2023-07-12T17:15:00+03:00"  # published
    assert item["versionCreated"] == "2023-07-12T18:40:00+03:00"  # updated
    assert item["contentCreated"] == "2023-07-12T09:05:00+03:00"  # created
    assert item["version"] == "20230712154000"  # updated, in UTC
    assert item["pubStatus"] == "usable"  # approved
    assert item["copyrightNotice"] == "© 2023 BBN – Big Big News"

    associations = by_name(item)
    feature = associations["featureimage"]
    assert feature["rel"] == "featureimage" and feature["type"] == "picture"
    image = article.images[0]
    assert feature["uri"] == f"urn:newsdesk:image:{image.id}"
    assert feature["renditions"] == [
        {
            "name": "original",
            "href": f"urn:newsdesk:article:{article.id}/media/nato-summit-vilnius.png",
            "contentType": "image/png",
            "sizeInBytes": len(image.data),
            "width": 1200,
            "height": 675,
        }
    ]
    roles = {d["role"]: d for d in feature["descriptions"]}
    assert roles["alt"]["value"] == image.alt
    assert roles["caption"]["contentType"] == "text/html"
    assert "Vilnius, Lithuania, on July 11–12, 2023." in roles["caption"]["value"]
    assert feature["by"] == image.credit

    faqs = [a for a in item["associations"] if a["rel"] == "faq"]
    assert [f["headlines"][0]["value"] for f in faqs] == [f.question for f in article.faqs]
    assert faqs[0]["bodies"][0]["contentType"] == "text/html"
    assert faqs[0]["bodies"][0]["value"].startswith("<p>The NATO leaders")
    related = [a for a in item["associations"] if a["rel"] == "related"]
    assert [r["uri"] for r in related] == [link.url for link in article.related]


def test_every_part_of_a_rich_article_maps() -> None:
    article = rich_article()
    item = ninjs_of(article)
    assert schema_errors(item) == []
    assert item["by"] == "Anna Müller and Карл Риттер"
    assert item["language"] == "de-CH"
    assert item["pubStatus"] == "withheld"  # in review
    assert item["profile"] == "text-photo"
    associations = by_name(item)
    assert set(associations) >= {"featureimage", "image-2", "faq-1", "faq-2", "related-1"}
    jpeg = associations["image-2"]
    assert jpeg["rel"] == "image"
    assert jpeg["renditions"][0]["href"].endswith("/media/fotos/stra%C3%9Fe.jpg")
    assert (jpeg["renditions"][0]["width"], jpeg["renditions"][0]["height"]) == (640, 480)
    assert jpeg["renditions"][0]["contentType"] == "image/jpeg"
    assert "<strong>Swiss</strong>" in associations["faq-1"]["bodies"][0]["value"]
    body = item["bodies"][0]["value"]
    assert 'src="media/chart.png"' in body and "<table>" in body
    # The headline is plain text: its markup-looking characters are kept as text.
    assert item["headlines"][0]["value"] == article.headline
    assert "edNote" not in item  # the desk's notes stay in the newsroom


@pytest.mark.parametrize("status", list(Status))
def test_publication_status(status: Status) -> None:
    article = rich_article()
    article.status = status
    expected = "usable" if status is Status.APPROVED else "withheld"
    assert PUB_STATUS[status] == expected
    assert ninjs_of(article)["pubStatus"] == expected


def test_with_a_base_url_identifiers_and_links_are_public_addresses() -> None:
    profile = replace(PROFILE, base_url="https://bigbignews.example/news/")
    article = rich_article()
    item = ninjs_of(article, profile)
    assert schema_errors(item) == []
    assert item["uri"] == f"https://bigbignews.example/news/articles/{article.id}"
    page = "https://bigbignews.example/news/zurich-talks-peace-is-em-not-em-near-yet"
    assert item["renditions"][0] == {
        "name": "page",
        "href": page,
        "contentType": "text/html",
        "title": article.headline,
    }
    hrefs = [a["renditions"][0]["href"] for a in item["associations"] if a.get("type") == "picture"]
    # Where the page's relative media/ links resolve from its canonical address.
    assert hrefs == [
        "https://bigbignews.example/news/media/chart.png",
        "https://bigbignews.example/news/media/fotos/stra%C3%9Fe.jpg",
    ]


def test_an_empty_article_still_validates() -> None:
    item = ninjs_of(Article())
    assert schema_errors(item) == []
    assert "headlines" not in item and "by" not in item and "associations" not in item
    assert item["slugline"] == "untitled"


def test_a_related_link_that_is_not_a_uri_is_a_schema_error() -> None:
    article = rich_article()
    article.related = [RelatedLink("Broken", "https://bigbignews.example/%zz")]
    assert schema_errors(ninjs_of(article)) == [
        "/associations/4/uri: 'https://bigbignews.example/%zz' is not a 'uri'"
    ]


def test_link_addresses_with_spaces_and_letters_beyond_ascii_are_encoded() -> None:
    article = rich_article()
    article.related = [RelatedLink("Spaced", "https://bigbignews.example/a b/ä?q=1#x")]
    item = ninjs_of(article)
    assert schema_errors(item) == []
    assert by_name(item)["related-1"]["uri"] == "https://bigbignews.example/a%20b/%C3%A4?q=1#x"


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(article=articles())
def test_generated_articles_validate(article: Article) -> None:
    assert schema_errors(ninjs_of(article)) == []
    assert schema_errors(ninjs_of(article, replace(PROFILE, base_url="https://x.example"))) == []
