"""An article as an IPTC ninjs 3.1 news item, and the check against the official
schema that every exported article.json passes. docs/ninjs-mapping.md explains
each choice; keep the two in step.

The schema (and the GeoJSON schema it references) ship in resources/schemas, so
validation never touches the network."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urljoin

from newsdesk.errors import ExportError
from newsdesk.model.article import Article, Image, Person, Status
from newsdesk.model.text_stats import word_count
from newsdesk.resources import resource_path

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator

    from newsdesk.profile.model import Profile

NINJS_VERSION = "3.1"
NINJS_SCHEMA_ID = "http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json#"
SCHEMA_FILE = "ninjs-schema_3.1.json"
GEOJSON_FILE = "GeoJSON.json"
URN_PREFIX = "urn:newsdesk"
MEDIA_DIR = "media"
PAGE_NAME = "article.html"
FEATURED_NAME = "featureimage"

# A draft or an article still in review must not go live by accident: a portal
# that honours pubStatus holds it back. Only approved articles are usable.
PUB_STATUS = {
    Status.DRAFT: "withheld",
    Status.IN_REVIEW: "withheld",
    Status.APPROVED: "usable",
}

# Characters RFC 3986 allows in a URI as they are; everything else is %-encoded.
_URI_SAFE = "!#$%&'()*+,-./:;=?@[]_~"
_FIGCAPTION = re.compile(r"<figcaption\b.*?</figcaption>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class HtmlParts:
    """The rendered HTML the item carries: the body, each image caption (by image
    id) and each FAQ answer, all from the one renderer the page uses."""

    body: str
    captions: dict[str, str] = field(default_factory=dict)
    answers: Sequence[str] = ()


def media_path(image: Image) -> str:
    """Where the image file sits in a bundle, beside article.html."""
    return f"{MEDIA_DIR}/{image.filename}"


def article_urn(article: Article) -> str:
    return f"{URN_PREFIX}:article:{quote(article.id, safe='')}"


def article_uri(article: Article, profile: Profile) -> str:
    """The item's identifier: stable across edits (it rests on the article id, not
    the headline), under the newsroom's base URL when it has one."""
    if profile.base_url:
        return urljoin(_with_slash(profile.base_url), f"articles/{quote(article.id, safe='')}")
    return article_urn(article)


def bundle_href(article: Article, profile: Profile, member: str) -> str:
    """An absolute URI for a bundle member (ninjs requires absolute hrefs).

    With a base URL: the public address, as the page's own relative links resolve
    from its canonical URL. Without: the article's URN, then the member's path in
    the bundle (urn:newsdesk:article:ID/media/photo.jpg)."""
    from newsdesk.render.page import canonical_url

    encoded = quote(member, safe="/")
    page = quote(canonical_url(article, profile), safe=_URI_SAFE)  # slugs may be non-ASCII
    if page:
        return page if member == PAGE_NAME else urljoin(page, encoded)
    return f"{article_urn(article)}/{encoded}"


def article_to_ninjs(article: Article, profile: Profile, parts: HtmlParts) -> dict[str, Any]:
    """The ninjs 3.1 item for `article`. Empty fields are left out rather than sent
    as empty strings."""
    from newsdesk.render.credits import join_names

    item: dict[str, Any] = {
        "uri": article_uri(article, profile),
        "standard": {"name": "ninjs", "version": NINJS_VERSION, "schema": NINJS_SCHEMA_ID},
        "type": "text",
        "representationType": "full",
        "profile": "text-photo" if article.images else "text-only",
        "version": version_of(article),
        "firstCreated": _timestamp(article.published or article.created),
        "versionCreated": _timestamp(article.updated),
        "contentCreated": _timestamp(article.created),
        "pubStatus": PUB_STATUS[article.status],
        "language": article.language,
        "slugline": article.slug,
        "copyrightHolder": profile.portal_name,
        "copyrightNotice": profile.copyright_for((article.published or article.updated).year),
    }
    if article.headline:
        item["headlines"] = [
            {"role": "main", "contentType": "text/plain", "value": article.headline}
        ]
    if article.standfirst:
        item["descriptions"] = [
            {"role": "summary", "contentType": "text/plain", "value": article.standfirst}
        ]
    by = join_names([p.name for p in article.byline if p.name.strip()])
    if by:
        item["by"] = by
    if article.dateline:
        item["located"] = article.dateline
    item["bodies"] = [
        {
            "role": "main",
            "contentType": "text/html",
            "charCount": char_count(parts.body),
            "wordCount": word_count(article.body),
            "value": parts.body,
        }
    ]
    people = _people(article.byline, "author") + _people(article.contributors, "contributor")
    if people:
        item["people"] = people
    subjects = []
    if article.topic:
        subjects.append({"name": article.topic, "rel": "topic"})
    subjects += [{"name": k, "rel": "keyword"} for k in article.keywords if k]
    if subjects:
        item["subjects"] = subjects
    item["renditions"] = [
        {
            "name": "page",
            "href": bundle_href(article, profile, PAGE_NAME),
            "contentType": "text/html",
            "title": article.headline or article.slug,
        }
    ]
    associations = (
        _image_associations(article, profile, parts)
        + _faq_associations(article, parts)
        + _related_associations(article)
    )
    if associations:
        item["associations"] = associations
    return item


def version_of(article: Article) -> str:
    """ninjs wants a version string that grows with each version; the last-updated
    time in UTC (YYYYMMDDhhmmss) does, without a counter to keep."""
    return _utc(article.updated).strftime("%Y%m%d%H%M%S")


def char_count(fragment: str) -> int:
    """Characters of the text a reader sees (tags, and figure captions as ninjs asks,
    left out; runs of white space counted once)."""
    text = _TAG.sub(" ", _FIGCAPTION.sub(" ", fragment))
    return len(_SPACE.sub(" ", html.unescape(text)).strip())


def _people(people: Sequence[Person], rel: str) -> list[dict[str, str]]:
    return [{"name": p.name, "rel": rel} for p in people if p.name.strip()]


def _image_associations(
    article: Article, profile: Profile, parts: HtmlParts
) -> list[dict[str, Any]]:
    from newsdesk.render.images import image_size

    result = []
    for index, image in enumerate(article.images, start=1):
        rendition: dict[str, Any] = {
            "name": "original",
            "href": bundle_href(article, profile, media_path(image)),
            "contentType": image.media_type,
            "sizeInBytes": len(image.data),
        }
        size = image_size(image)
        if size is not None:
            rendition["width"], rendition["height"] = size
        association: dict[str, Any] = {
            "name": FEATURED_NAME if image.featured else f"image-{index}",
            "rel": FEATURED_NAME if image.featured else "image",
            "uri": f"{URN_PREFIX}:image:{quote(image.id, safe='')}",
            "type": "picture",
            "renditions": [rendition],
        }
        descriptions = []
        if image.alt:
            descriptions.append({"role": "alt", "contentType": "text/plain", "value": image.alt})
        caption = parts.captions.get(image.id, "")
        if image.caption and caption:
            descriptions.append({"role": "caption", "contentType": "text/html", "value": caption})
        if descriptions:
            association["descriptions"] = descriptions
        if image.credit:
            association["by"] = image.credit
        result.append(association)
    return result


def _faq_associations(article: Article, parts: HtmlParts) -> list[dict[str, Any]]:
    result = []
    for index, faq in enumerate(article.faqs, start=1):
        answer = parts.answers[index - 1] if index - 1 < len(parts.answers) else ""
        result.append(
            {
                "name": f"faq-{index}",
                "rel": "faq",
                "uri": f"{article_urn(article)}:faq:{index}",
                "type": "text",
                "language": article.language,
                "headlines": [{"role": "main", "contentType": "text/plain", "value": faq.question}],
                "bodies": [{"role": "main", "contentType": "text/html", "value": answer}],
            }
        )
    return result


def _related_associations(article: Article) -> list[dict[str, Any]]:
    return [
        {
            "name": f"related-{index}",
            "rel": "related",
            "uri": quote(link.url.strip(), safe=_URI_SAFE),
            "headlines": [{"role": "main", "contentType": "text/plain", "value": link.title}],
        }
        for index, link in enumerate(article.related, start=1)
        if link.url.strip()
    ]


def _with_slash(url: str) -> str:
    return url if url.endswith("/") else url + "/"


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _timestamp(value: datetime) -> str:
    """RFC 3339 with the article's own offset (a naive time is taken as UTC)."""
    return (value.replace(tzinfo=UTC) if value.tzinfo is None else value).isoformat()


# ------------------------------------------------------------------ validation


@cache
def ninjs_validator() -> Draft202012Validator:
    """The official ninjs 3.1 schema with format checks on; GeoJSON, which it
    references by URL, is resolved from our own copy."""
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource

    schema = _load_schema(SCHEMA_FILE)
    geojson = _load_schema(GEOJSON_FILE)
    registry = Registry().with_resources(
        [
            (geojson["$id"], Resource.from_contents(geojson)),
            (schema["$id"], Resource.from_contents(schema)),
        ]
    )
    return Draft202012Validator(
        schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def _load_schema(name: str) -> dict[str, Any]:
    return json.loads(resource_path("schemas", name).read_text(encoding="utf-8"))


def schema_errors(item: dict[str, Any]) -> list[str]:
    """Every way `item` breaks the ninjs 3.1 schema, as 'path: message' lines."""
    errors = sorted(
        ninjs_validator().iter_errors(item), key=lambda e: [str(p) for p in e.absolute_path]
    )
    return [f"{_pointer(e.absolute_path)}: {_short(e.message)}" for e in errors]


def check_ninjs(item: dict[str, Any], *, what: str = "article.json") -> None:
    """Raise ExportError listing the schema errors, if any."""
    errors = schema_errors(item)
    if errors:
        raise ExportError(
            f"{what} does not validate against ninjs {NINJS_VERSION}: " + "; ".join(errors)
        )


def _pointer(path: Sequence[Any]) -> str:
    return "/" + "/".join(str(p) for p in path)


def _short(message: str, limit: int = 300) -> str:
    return message if len(message) <= limit else message[: limit - 1] + "…"
