"""`newsdesk new OUT.newsdesk [--from ARTICLE] [--headline TEXT]`: start a
document, empty or from an existing article."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from newsdesk.errors import DocumentError, UsageError
from newsdesk.interchange import DOCUMENT_SUFFIX, load_article
from newsdesk.model.article import Article
from newsdesk.storage.document import Document
from newsdesk.storage.lock import EditLock

if TYPE_CHECKING:
    from newsdesk.cli.main import CliContext

HELP = "create a new .newsdesk document, empty or from a Markdown file, bundle or document"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Create OUT.newsdesk. Without --from the article is empty (in the profile's "
        "default language); with --from it is the article read from ARTICLE (.md with "
        "its images beside it, a bundle .zip, or another .newsdesk: its latest revision). "
        "An existing OUT is never replaced (exit 2)."
    )
    parser.add_argument("output", type=Path, metavar="OUT.newsdesk", help="document to create")
    parser.add_argument(
        "--from",
        dest="source",
        type=Path,
        metavar="ARTICLE",
        help="start from this article (.md, .zip bundle or .newsdesk)",
    )
    parser.add_argument("--headline", metavar="TEXT", help="set the headline")


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    output: Path = args.output
    if output.suffix.lower() != DOCUMENT_SUFFIX:
        raise UsageError(f"{output}: a new document's name must end in {DOCUMENT_SUFFIX}")
    if output.exists() or output.is_symlink():
        raise DocumentError(output, "already exists; choose another name or remove it first")
    if args.source is not None:
        article = load_article(args.source)
        label = f"created from {args.source.name}"
    else:
        article = Article(language=ctx.profile.default_language)
        label = "created"
    if args.headline is not None:
        article.headline = args.headline
    try:
        output.absolute().parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DocumentError(output, f"cannot be created: {exc.strerror}") from exc
    with EditLock.acquire(output):
        Document.create(output, article, label=label).close()
    print(f"created {output}")
    return 0
