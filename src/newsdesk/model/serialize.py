"""Article <-> JSON-safe dict. Image bytes travel separately, keyed by sha256,
so a store can keep each distinct image once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from newsdesk.model.article import (
    Article,
    EditorNote,
    Faq,
    Image,
    Person,
    RelatedLink,
    Status,
)


def _dt(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _parse_dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def article_to_dict(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "headline": article.headline,
        "standfirst": article.standfirst,
        "byline": [{"name": p.name, "role": p.role} for p in article.byline],
        "topic": article.topic,
        "keywords": list(article.keywords),
        "dateline": article.dateline,
        "language": article.language,
        "created": _dt(article.created),
        "updated": _dt(article.updated),
        "published": _dt(article.published),
        "slug_override": article.slug_override,
        "body": article.body,
        "contributors": [{"name": p.name, "role": p.role} for p in article.contributors],
        "faqs": [{"question": f.question, "answer": f.answer} for f in article.faqs],
        "related": [{"title": r.title, "url": r.url} for r in article.related],
        "images": [
            {
                "id": img.id,
                "filename": img.filename,
                "media_type": img.media_type,
                "sha256": img.sha256,
                "alt": img.alt,
                "caption": img.caption,
                "credit": img.credit,
                "featured": img.featured,
            }
            for img in article.images
        ],
        "status": article.status.value,
        "notes": [
            {"author": n.author, "text": n.text, "time": _dt(n.time), "resolved": n.resolved}
            for n in article.notes
        ],
    }


def article_from_dict(data: dict[str, Any], image_data: Callable[[str], bytes]) -> Article:
    """Inverse of article_to_dict; `image_data(sha256)` supplies each image's bytes."""
    return Article(
        id=data["id"],
        headline=data["headline"],
        standfirst=data["standfirst"],
        byline=[Person(**p) for p in data["byline"]],
        topic=data["topic"],
        keywords=list(data["keywords"]),
        dateline=data["dateline"],
        language=data["language"],
        created=_parse_dt(data["created"]),
        updated=_parse_dt(data["updated"]),
        published=_parse_dt(data["published"]),
        slug_override=data["slug_override"],
        body=data["body"],
        contributors=[Person(**p) for p in data["contributors"]],
        faqs=[Faq(**f) for f in data["faqs"]],
        related=[RelatedLink(**r) for r in data["related"]],
        images=[
            Image(
                id=i["id"],
                filename=i["filename"],
                media_type=i["media_type"],
                data=image_data(i["sha256"]),
                alt=i["alt"],
                caption=i["caption"],
                credit=i["credit"],
                featured=i["featured"],
            )
            for i in data["images"]
        ],
        status=Status(data["status"]),
        notes=[
            EditorNote(
                author=n["author"],
                text=n["text"],
                time=_parse_dt(n["time"]),
                resolved=n["resolved"],
            )
            for n in data["notes"]
        ],
    )
