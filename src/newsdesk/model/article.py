"""The article and its parts.

Plain data: equality compares every field (image bytes included), which is what
round-trip tests and "has the document changed?" checks rely on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum

from newsdesk.model.slug import slugify


def now_utc() -> datetime:
    """Timestamps are timezone-aware, second precision (what front matter shows)."""
    return datetime.now(UTC).replace(microsecond=0)


def new_id() -> str:
    import uuid  # on first use: loading a document needs no new ids (~4 ms at start-up)

    return str(uuid.uuid4())


class Status(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in review"
    APPROVED = "approved"


@dataclass
class Person:
    """A byline author or a contributor: a name and an optional role/affiliation."""

    name: str
    role: str = ""


@dataclass
class Faq:
    question: str
    answer: str  # Markdown


@dataclass
class RelatedLink:
    title: str
    url: str


@dataclass
class Image:
    """An image held by the document. `filename` is how the body refers to it:
    ``![alt](filename)``."""

    filename: str
    media_type: str
    data: bytes = field(repr=False)
    alt: str = ""
    caption: str = ""  # Markdown
    credit: str = ""
    featured: bool = False
    id: str = field(default_factory=new_id)

    @property
    def sha256(self) -> str:
        import hashlib  # here: OpenSSL's load costs every start-up ~3 ms

        return hashlib.sha256(self.data).hexdigest()


@dataclass
class EditorNote:
    author: str
    text: str
    time: datetime = field(default_factory=now_utc)
    resolved: bool = False


@dataclass
class Article:
    headline: str = ""
    body: str = ""
    standfirst: str = ""
    byline: list[Person] = field(default_factory=list)
    topic: str = ""
    keywords: list[str] = field(default_factory=list)
    dateline: str = ""
    language: str = "en"
    created: datetime = field(default_factory=now_utc)
    updated: datetime = field(default_factory=now_utc)
    published: datetime | None = None
    slug_override: str = ""  # empty: derived from the headline
    contributors: list[Person] = field(default_factory=list)
    faqs: list[Faq] = field(default_factory=list)
    related: list[RelatedLink] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    status: Status = Status.DRAFT
    notes: list[EditorNote] = field(default_factory=list)
    id: str = field(default_factory=new_id)

    @property
    def slug(self) -> str:
        return self.slug_override or slugify(self.headline) or "untitled"

    @property
    def file_stem(self) -> str:
        """The slug as a file name for exports: a hand-set slug that is not a
        plain file name (a path, a dot file) is slugified."""
        slug = self.slug
        if slug.startswith(".") or any(ch in slug for ch in "/\\:\x00"):
            slug = slugify(slug) or "untitled"
        return slug

    @property
    def featured_image(self) -> Image | None:
        return next((img for img in self.images if img.featured), None)

    def image_by_filename(self, filename: str) -> Image | None:
        return next((img for img in self.images if img.filename == filename), None)
