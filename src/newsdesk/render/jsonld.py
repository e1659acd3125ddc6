"""schema.org JSON-LD for the page: NewsArticle, and FAQPage when there are FAQs.

The JSON goes inside <script type="application/ld+json">, so it is escaped to
the point where no field can close the element or open a comment there."""

from __future__ import annotations

import json
import re
from typing import Any

from newsdesk.model.article import Article, Person
from newsdesk.profile.model import Profile

_SCRIPT_UNSAFE = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_UNSAFE_RE = re.compile("[<>&\u2028\u2029]")


def script_safe_json(data: Any) -> str:
    """JSON text safe to place verbatim between <script> and </script>."""
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False)
    return _UNSAFE_RE.sub(lambda m: _SCRIPT_UNSAFE[m.group(0)], text)


def _person(person: Person) -> dict[str, Any]:
    entry: dict[str, Any] = {"@type": "Person", "name": person.name}
    if person.role:
        entry["jobTitle"] = person.role
    return entry


def news_article(
    article: Article,
    profile: Profile,
    *,
    canonical_url: str = "",
    image_urls: list[str] | None = None,
) -> dict[str, Any]:
    published = article.published or article.updated
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline,
    }
    if article.standfirst:
        data["description"] = article.standfirst
    data["author"] = [_person(p) for p in article.byline]
    data["datePublished"] = published.isoformat()
    data["dateModified"] = article.updated.isoformat()
    if image_urls:
        data["image"] = image_urls
    publisher: dict[str, Any] = {"@type": "Organization", "name": profile.portal_name}
    if profile.base_url:
        publisher["url"] = profile.base_url
    data["publisher"] = publisher
    if article.topic:
        data["articleSection"] = article.topic
    if article.keywords:
        data["keywords"] = ", ".join(article.keywords)
    data["inLanguage"] = article.language
    if article.contributors:
        data["contributor"] = [_person(p) for p in article.contributors]
    if article.dateline:
        data["locationCreated"] = {"@type": "Place", "name": article.dateline}
    if canonical_url:
        data["url"] = canonical_url
        data["mainEntityOfPage"] = {"@type": "WebPage", "@id": canonical_url}
    return data


def faq_page(questions: list[tuple[str, str]]) -> dict[str, Any]:
    """FAQPage from (question text, answer HTML) pairs."""
    return {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": [
            {
                "@type": "Question",
                "name": question,
                "acceptedAnswer": {"@type": "Answer", "text": answer_html},
            }
            for question, answer_html in questions
        ],
    }
