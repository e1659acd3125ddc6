"""Model checks. Problems are data so the editor can list them beside the field
and the command line can print them; nothing here raises."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from newsdesk.model.article import Article
from newsdesk.model.text_stats import word_count

if TYPE_CHECKING:
    from newsdesk.profile.model import Profile

# BCP 47, simplified: language, optional script, region, variants.
_BCP47 = re.compile(
    r"^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|\d{3}))?(-([A-Za-z\d]{5,8}|\d[A-Za-z\d]{3}))*$"
)
# Alt text may hold backslash-escaped brackets: ![a \[b\]](photo.jpg).
_IMAGE_REF = re.compile(r"!\[(?:\\.|[^\]\\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    field: str  # e.g. "headline", "faqs[2].answer", "images[0].alt"
    severity: Severity
    message: str

    def __str__(self) -> str:
        return f"{self.severity}: {self.field}: {self.message}"


def is_web_url(url: str) -> bool:
    try:
        parts = urlsplit(url.strip())
    except ValueError:  # e.g. "https://[x/": an unclosed IPv6 host
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def image_references(body: str) -> list[str]:
    """File names the body's Markdown image syntax points at, in order."""
    return _IMAGE_REF.findall(body)


def validate(article: Article, profile: Profile | None = None) -> list[Problem]:
    from newsdesk.profile.model import Profile

    profile = profile or Profile.default()
    limits = profile.limits
    problems: list[Problem] = []

    def err(field_name: str, message: str) -> None:
        problems.append(Problem(field_name, Severity.ERROR, message))

    def warn(field_name: str, message: str) -> None:
        problems.append(Problem(field_name, Severity.WARNING, message))

    if not article.headline.strip():
        err("headline", "the headline is empty")
    elif len(article.headline) > limits.headline_max:
        warn(
            "headline",
            f"the headline has {len(article.headline)} characters; "
            f"the house limit is {limits.headline_max}",
        )
    if len(article.standfirst) > limits.standfirst_max:
        warn(
            "standfirst",
            f"the standfirst has {len(article.standfirst)} characters; "
            f"the house limit is {limits.standfirst_max}",
        )
    for name in limits.required_fields:
        value = getattr(article, name, None)
        if not value or (isinstance(value, str) and not value.strip()):
            err(name, f"{name} is required by the house style")
    body_empty = not article.body.strip()
    if body_empty:
        err("body", "the body is empty")
    words = 0 if body_empty else word_count(article.body)  # the panels pass no body
    if limits.min_words and words < limits.min_words:
        warn("body", f"the body has {words} words; the house minimum is {limits.min_words}")
    if limits.max_words and words > limits.max_words:
        warn("body", f"the body has {words} words; the house maximum is {limits.max_words}")
    if not _BCP47.match(article.language):
        err("language", f"{article.language!r} is not a BCP 47 language tag (e.g. en, de-CH)")
    if article.updated < article.created:
        warn("updated", "the updated time is before the created time")
    if article.published and article.updated < article.published:
        warn("updated", "the updated time is before the published time")
    for i, person in enumerate(article.byline):
        if not person.name.strip():
            err(f"byline[{i}].name", "an author has no name")
    for i, person in enumerate(article.contributors):
        if not person.name.strip():
            err(f"contributors[{i}].name", "a contributor has no name")
    for i, faq in enumerate(article.faqs):
        if not faq.question.strip():
            err(f"faqs[{i}].question", "the question is empty")
        if not faq.answer.strip():
            err(f"faqs[{i}].answer", "the answer is empty")
    if article.faqs and not article.topic.strip():
        warn("topic", "FAQs are headed by the topic, which is empty")
    for i, link in enumerate(article.related):
        if not link.title.strip():
            err(f"related[{i}].title", "the link has no title")
        if not is_web_url(link.url):
            err(f"related[{i}].url", f"{link.url!r} is not an http or https address")
    seen: set[str] = set()
    for i, image in enumerate(article.images):
        if not image.alt.strip():
            err(f"images[{i}].alt", f"image {image.filename!r} has no alt text")
        if image.filename in seen:
            err(f"images[{i}].filename", f"two images are called {image.filename!r}")
        seen.add(image.filename)
    if sum(1 for img in article.images if img.featured) > 1:
        err("images", "more than one image is marked as featured")
    known = {img.filename for img in article.images}
    for ref in image_references(article.body):
        if "://" not in ref and not ref.startswith("data:") and ref not in known:
            err("body", f"the body shows image {ref!r}, which the document does not hold")
    return problems


def has_errors(problems: list[Problem]) -> bool:
    return any(p.severity is Severity.ERROR for p in problems)
