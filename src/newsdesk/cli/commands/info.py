"""`newsdesk info FILE [--json]`: what an article is, at a glance."""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsdesk.interchange import kind_of, load_article
from newsdesk.model.article import Article
from newsdesk.model.text_stats import reading_minutes, word_count
from newsdesk.storage.document import Document

if TYPE_CHECKING:
    from newsdesk.cli.main import CliContext

HELP = "show an article's metadata, word count, reading time and revisions"

KIND_NAMES = {"document": "newsdesk document", "markdown": "Markdown", "bundle": "portal bundle"}


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Show the headline, slug, status, byline, topic, language, dates, word count, "
        "reading time, images, FAQs and (for .newsdesk) the number of revisions of the "
        "article in FILE (.newsdesk, .md or bundle .zip)."
    )
    parser.add_argument("file", type=Path, metavar="FILE", help=".newsdesk, .md or bundle .zip")
    parser.add_argument("--json", action="store_true", help="machine-readable output")


def _when(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def describe(path: Path) -> dict[str, Any]:
    """Everything `info` reports, as JSON-safe data."""
    kind = kind_of(path)
    revisions: int | None = None
    unsaved_autosave: bool | None = None
    if kind == "document":
        with Document.open(path, read_only=True) as document:
            article = document.load()
            revisions = len(document.revisions())
            unsaved_autosave = document.has_unsaved_autosave
    else:
        article = load_article(path)
    words = word_count(article.body)
    return {
        "file": str(path),
        "kind": kind,
        "id": article.id,
        "headline": article.headline,
        "slug": article.slug,
        "status": article.status.value,
        "byline": [{"name": p.name, "role": p.role} for p in article.byline],
        "topic": article.topic,
        "keywords": list(article.keywords),
        "dateline": article.dateline,
        "language": article.language,
        "created": _when(article.created),
        "updated": _when(article.updated),
        "published": _when(article.published),
        "words": words,
        "reading_minutes": reading_minutes(words),
        "images": _images(article),
        "faqs": len(article.faqs),
        "related": len(article.related),
        "contributors": len(article.contributors),
        "revisions": revisions,
        "unsaved_autosave": unsaved_autosave,
    }


def _images(article: Article) -> list[dict[str, Any]]:
    return [
        {
            "file": image.filename,
            "media_type": image.media_type,
            "bytes": len(image.data),
            "featured": image.featured,
            "alt": image.alt,
        }
        for image in article.images
    ]


def _people(people: list[dict[str, str]]) -> str:
    return ", ".join(f"{p['name']} ({p['role']})" if p["role"] else p["name"] for p in people)


def _size(count: int) -> str:
    for unit in ("bytes", "KB", "MB"):
        if count < 1024 or unit == "MB":
            return f"{count} {unit}" if unit == "bytes" else f"{count:.1f} {unit}"
        count /= 1024  # type: ignore[assignment]
    return str(count)


def as_text(info: dict[str, Any]) -> str:
    dash = "—"
    images = info["images"]
    image_text = str(len(images))
    if images:
        image_text += ": " + ", ".join(
            f"{i['file']} ({_size(i['bytes'])}{', featured' if i['featured'] else ''})"
            for i in images
        )
    rows = [
        ("File", f"{info['file']} ({KIND_NAMES[info['kind']]})"),
        ("Headline", info["headline"] or dash),
        ("Slug", info["slug"]),
        ("Status", info["status"]),
        ("Byline", _people(info["byline"]) or dash),
        ("Topic", info["topic"] or dash),
        ("Keywords", ", ".join(info["keywords"]) or dash),
        ("Dateline", info["dateline"] or dash),
        ("Language", info["language"]),
        ("Created", info["created"] or dash),
        ("Updated", info["updated"] or dash),
        ("Published", info["published"] or "not published"),
        ("Words", str(info["words"])),
        ("Reading time", f"{info['reading_minutes']} min"),
        ("Images", image_text),
        ("FAQs", str(info["faqs"])),
        ("Related links", str(info["related"])),
        ("Contributors", str(info["contributors"])),
    ]
    if info["revisions"] is not None:
        revisions = str(info["revisions"])
        if info["unsaved_autosave"]:
            revisions += " (the latest is an autosave: edits not saved explicitly)"
        rows.append(("Revisions", revisions))
    width = max(len(label) for label, _ in rows) + 2
    return "\n".join(f"{label + ':':<{width}}{value}" for label, value in rows)


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    info = describe(args.file)
    if args.json:
        print(json.dumps(info, ensure_ascii=False, indent=2))
    else:
        print(as_text(info))
    return 0
