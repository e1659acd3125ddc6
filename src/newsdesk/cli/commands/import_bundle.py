"""`newsdesk import BUNDLE.zip [OUT]`: the article a portal bundle was made from, back
as a .newsdesk document or a Markdown file. Every member of the bundle is checked
first (see newsdesk.interchange.bundle_import)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from newsdesk.errors import UsageError
from newsdesk.interchange import kind_of

if TYPE_CHECKING:
    from newsdesk.cli.main import CliContext

HELP = "restore an article from a portal bundle (.zip) as a .newsdesk document or .md file"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Restore the article of BUNDLE.zip into OUT (.newsdesk or .md; default "
        "{slug}.newsdesk in the current folder). An unsafe, damaged or incomplete bundle "
        "is refused with the reason. Exit 2 if the bundle is refused or OUT exists "
        "(use --force to replace it)."
    )
    parser.add_argument("bundle", type=Path, metavar="BUNDLE.zip", help="a portal bundle")
    parser.add_argument(
        "output", type=Path, nargs="?", metavar="OUT", help="OUT.newsdesk or OUT.md"
    )
    parser.add_argument("--force", action="store_true", help="replace OUT if it exists")


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    from newsdesk.interchange.bundle_import import read_bundle

    if args.output is not None and kind_of(args.output) == "bundle":
        raise UsageError("OUT must be a .newsdesk document or a .md file, not a bundle")
    article = read_bundle(args.bundle)
    output: Path = args.output or Path.cwd() / f"{article.file_stem}.newsdesk"
    if output.exists() and not args.force:
        raise UsageError(f"{output} already exists; use --force to replace it")
    label = f"imported from {args.bundle.name}"
    if kind_of(output) == "document":
        from newsdesk.storage.document import Document
        from newsdesk.storage.lock import EditLock

        with EditLock.acquire(output):
            Document.create(output, article, overwrite=args.force, label=label).close()
    else:
        from newsdesk.interchange.markdown_file import write_markdown

        write_markdown(article, output)
    print(output)
    return 0
