"""The standalone HTML export: `{slug}.html` with its images in `media/` beside it,
or one self-contained file with the images inlined as data: URIs.

Every file goes through fsutil's atomic writes: an interrupted export leaves the
previous files (or nothing), never half a page."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from newsdesk.errors import ExportError
from newsdesk.fsutil import atomic_write_bytes, create_file_once
from newsdesk.model.article import Article, Image
from newsdesk.model.validation import image_references
from newsdesk.profile.model import Profile
from newsdesk.render.images import MEDIA_DIR, inline_resolver, media_filename
from newsdesk.render.page import render_page


def page_filename(article: Article) -> str:
    return f"{article.file_stem}.html"


def used_images(article: Article) -> list[Image]:
    """Images the page shows: the featured one and those the body or answers name."""
    names = set(image_references(article.body))
    for faq in article.faqs:
        names.update(image_references(faq.answer))
    return [img for img in article.images if img.featured or img.filename in names]


def _write_media(article: Article, media_dir: Path) -> dict[str, str]:
    """Write the shown images into media/ and return reference -> file name there.

    Several articles may be exported into one folder: a file already in media/
    with other bytes (another article's photo.jpg) is never overwritten; this
    image gets a name with its checksum instead."""
    names: dict[str, str] = {}
    for image in used_images(article):
        name = media_filename(image)
        if not _holds(media_dir / name, image.data):
            stem, dot, ext = name.rpartition(".")
            name = f"{stem or ext}-{image.sha256[:12]}{dot}{ext if stem else ''}"
            if not _holds(media_dir / name, image.data):
                raise ExportError(f"{media_dir / name}: exists with other content")
        names[image.filename] = name
    return names


def _holds(path: Path, data: bytes) -> bool:
    """Make `path` hold `data` if it is free; True when it does now."""
    return create_file_once(path, data) or path.read_bytes() == data


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
            names = _write_media(article, out_dir / MEDIA_DIR)
            html = render_page(
                article,
                profile,
                image_url=lambda ref: f"{MEDIA_DIR}/{quote(names[ref])}" if ref in names else ref,
            )
        atomic_write_bytes(target, html.encode("utf-8"))
    except OSError as exc:
        raise ExportError(f"{target}: cannot write the page ({exc.strerror or exc})") from exc
    return target
