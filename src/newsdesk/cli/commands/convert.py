"""`newsdesk convert IN OUT [--force]`: an article from one form into another
(.md <-> .newsdesk, .newsdesk -> .newsdesk, bundle .zip -> either)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from newsdesk.errors import FileProblem, UsageError
from newsdesk.interchange import kind_of, load_article, save_article
from newsdesk.storage.document import Document
from newsdesk.storage.lock import EditLock

if TYPE_CHECKING:
    from newsdesk.cli.main import CliContext

HELP = "convert an article between Markdown (.md) and .newsdesk (also from a bundle .zip)"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Read the article in IN (.newsdesk: its latest revision; .md with its images "
        "beside it; or a portal bundle .zip) and write it to OUT, whose type follows "
        "its name (.newsdesk or .md; images are written beside a .md). A .newsdesk OUT "
        "is a fresh document whose history starts here; copy the file to keep a "
        "document's history. An existing OUT is replaced only with --force."
    )
    parser.add_argument("input", type=Path, metavar="IN", help=".newsdesk, .md or bundle .zip")
    parser.add_argument("output", type=Path, metavar="OUT", help=".newsdesk or .md")
    parser.add_argument("--force", action="store_true", help="replace OUT if it exists")
    parser.add_argument(
        "--label", metavar="TEXT", help="label of the first revision of a .newsdesk OUT"
    )


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (b.exists() and a.samefile(b))
    except OSError:
        return False


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    source: Path = args.input
    output: Path = args.output
    kind_of(source)  # an unknown type is refused before anything is read
    out_kind = kind_of(output)
    if out_kind == "bundle":
        raise UsageError(f"{output}: bundles are written with `newsdesk export --bundle DIR`")
    if _same_file(source, output):
        raise UsageError(f"{output}: IN and OUT are the same file")
    if (output.exists() or output.is_symlink()) and not args.force:
        raise FileProblem(output, "already exists; add --force to replace it")
    if output.is_dir():
        raise FileProblem(output, "is a directory")
    article = load_article(source)
    if out_kind == "document":
        output.absolute().parent.mkdir(parents=True, exist_ok=True)
        # Refused while someone edits OUT: replacing it under them loses work.
        with EditLock.acquire(output):
            label = args.label or f"converted from {source.name}"
            Document.create(output, article, overwrite=args.force, label=label).close()
    else:
        save_article(article, output)
    print(f"wrote {output}")
    return 0
