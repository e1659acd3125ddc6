"""The standalone HTML export: `{slug}.html` with its images in `media/` beside it,
or one self-contained file with the images inlined as data: URIs.

Every file goes through fsutil's atomic writes: an interrupted export leaves the
previous files (or nothing), never half a page."""

from __future__ import annotations

import os
from pathlib import Path

from newsdesk.errors import ExportError
from newsdesk.fsutil import atomic_path
from newsdesk.model.article import Article, Image
from newsdesk.model.validation import image_references
from newsdesk.profile.model import Profile
from newsdesk.render.images import MEDIA_DIR, inline_resolver, media_filename, media_resolver
from newsdesk.render.page import render_page

# What a web server or a colleague needs to read the files (mkstemp makes 0600).
FILE_MODE = 0o644


def _write(target: Path, data: bytes) -> None:
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
        os.chmod(tmp, FILE_MODE)


def page_filename(article: Article) -> str:
    return f"{article.slug}.html"


def used_images(article: Article) -> list[Image]:
    """Images the page shows: the featured one and those the body or answers name."""
    names = set(image_references(article.body))
    for faq in article.faqs:
        names.update(image_references(faq.answer))
    return [img for img in article.images if img.featured or img.filename in names]


def export_html(article: Article, out_dir: Path, profile: Profile, *, inline: bool = False) -> Path:
    """Write the page into `out_dir` and return its path."""
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"{out_dir}: cannot create the export folder ({exc.strerror})") from exc
    target = out_dir / page_filename(article)
    try:
        if inline:
            html = render_page(article, profile, image_url=inline_resolver(article))
        else:
            written: dict[str, bytes] = {}
            for image in used_images(article):
                name = media_filename(image)
                if name in written and written[name] != image.data:
                    raise ExportError(
                        f"two different images would both be saved as {MEDIA_DIR}/{name}"
                    )
                if name not in written:
                    _write(out_dir / MEDIA_DIR / name, image.data)
                    written[name] = image.data
            html = render_page(article, profile, image_url=media_resolver(article))
        _write(target, html.encode("utf-8"))
    except OSError as exc:
        raise ExportError(f"{target}: cannot write the page ({exc.strerror or exc})") from exc
    return target
