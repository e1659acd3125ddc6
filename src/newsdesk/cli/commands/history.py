"""`newsdesk history FILE [--json]`: the revisions a .newsdesk document keeps."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from newsdesk.errors import FileProblem
from newsdesk.interchange import kind_of
from newsdesk.storage.document import Document, RevisionInfo

if TYPE_CHECKING:
    from newsdesk.cli.main import CliContext

HELP = "list the revisions of a .newsdesk document"

_HEADLINE_WIDTH = 48
_LABEL_WIDTH = 24


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "List the revisions kept in a .newsdesk document, oldest first: every explicit "
        "save, and at most one autosave after the latest save. Times are local."
    )
    parser.add_argument("file", type=Path, metavar="FILE", help=".newsdesk document")
    parser.add_argument("--json", action="store_true", help="machine-readable output")


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def as_table(revisions: list[RevisionInfo]) -> str:
    header = ("ID", "TIME", "KIND", "LABEL", "HEADLINE", "WORDS")
    rows = [
        (
            str(r.id),
            r.created.astimezone().strftime("%Y-%m-%d %H:%M:%S"),
            r.kind,
            _clip(r.label or "", _LABEL_WIDTH),
            _clip(r.headline, _HEADLINE_WIDTH),
            str(r.word_count),
        )
        for r in revisions
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = []
    for row in [header, *rows]:
        cells = [cell.ljust(widths[i]) for i, cell in enumerate(row[:-1])]
        lines.append("  ".join([*cells, row[-1].rjust(widths[-1])]))
    return "\n".join(lines)


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    path: Path = args.file
    if kind_of(path) != "document":
        raise FileProblem(path, "has no revision history; only .newsdesk documents keep one")
    with Document.open(path, read_only=True) as document:
        revisions = document.revisions()
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "id": r.id,
                        "created": r.created.isoformat(),
                        "kind": r.kind,
                        "label": r.label,
                        "headline": r.headline,
                        "words": r.word_count,
                    }
                    for r in revisions
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        print(as_table(revisions))
    return 0
