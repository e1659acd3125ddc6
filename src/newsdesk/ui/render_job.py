"""The preview's render job, run in the render worker process. No Qt here:
the worker imports only the renderer."""

from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass
from urllib.parse import quote

from newsdesk.model.article import Article
from newsdesk.model.text_stats import word_count
from newsdesk.profile.model import Profile


@dataclass(frozen=True)
class PreviewResult:
    html: str
    words: int
    characters: int


def preview_snapshot(article: Article) -> Article:
    """A copy safe to hand to another thread or process: later edits cannot
    reach it, and image bytes are left out (the preview fetches images from
    the document through its URL scheme)."""
    snapshot = copy.copy(article)
    for name in ("byline", "contributors", "faqs", "related", "keywords", "notes"):
        setattr(snapshot, name, copy.deepcopy(getattr(article, name)))
    snapshot.images = [dataclasses.replace(img, data=b"") for img in article.images]
    return snapshot


def render_preview(article: Article, profile: Profile, media_prefix: str) -> PreviewResult:
    from newsdesk.render.page import render_page

    html = render_page(
        article,
        profile,
        image_url=lambda name: media_prefix + quote(name),
        preview=True,
    )
    return PreviewResult(html, word_count(article.body), len(article.body))


def warm_up() -> None:
    """Worker initializer: import the renderer before the first keystroke."""
    import newsdesk.render.page  # noqa: F401
