"""`newsdesk export INPUT... (--html DIR | --bundle DIR | --markdown DIR)`: portal
pages, portal bundles or Markdown files from documents, Markdown files or bundles,
several at once in parallel."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from newsdesk.errors import UsageError
from newsdesk.export.runner import (
    ExportFormat,
    ExportJob,
    ExportOutcome,
    ProgressBar,
    default_workers,
    run_exports,
)
from newsdesk.interchange import kind_of

if TYPE_CHECKING:
    from newsdesk.cli.main import CliContext

HELP = "export articles as portal pages (HTML), portal bundles (ninjs zip) or Markdown"


def _jobs(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return number


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Export each INPUT (.newsdesk, .md or a bundle .zip) into DIR, named by the "
        "article's slug. Files appear complete or not at all. Exit 1 if any input "
        "failed (one line each on stderr), 2 for bad usage."
    )
    parser.add_argument(
        "inputs", nargs="+", type=Path, metavar="INPUT", help=".newsdesk, .md or bundle .zip"
    )
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument(
        "--html", type=Path, metavar="DIR", help="standalone portal page, images in DIR/media"
    )
    target.add_argument(
        "--bundle", type=Path, metavar="DIR", help="portal bundle {slug}.zip (ninjs 3.1 inside)"
    )
    target.add_argument(
        "--markdown", type=Path, metavar="DIR", help="Markdown with front matter, images beside"
    )
    parser.add_argument(
        "--inline", action="store_true", help="with --html: images inside the page (data: URIs)"
    )
    parser.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        metavar="N",
        default=None,
        help="export N inputs at a time in worker processes (default: one per CPU, at most 8)",
    )


def _target(args: argparse.Namespace) -> tuple[ExportFormat, Path]:
    for fmt in ExportFormat:
        directory = getattr(args, fmt.value)
        if directory is not None:
            return fmt, directory
    raise UsageError("choose --html DIR, --bundle DIR or --markdown DIR")


def failure_line(outcome: ExportOutcome) -> str:
    """One line naming the input; messages that name it already are not prefixed."""
    message = " ".join((outcome.error or "").split())  # one line, whatever the error held
    source = str(outcome.source)
    return message if message.startswith(source) else f"{source}: {message}"


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    fmt, out_dir = _target(args)
    if args.inline and fmt is not ExportFormat.HTML:
        raise UsageError("--inline goes with --html only")
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"{out_dir} is not a folder")
    sources: list[Path] = []
    seen: set[Path] = set()
    for source in args.inputs:
        kind_of(source)  # an unknown file type is bad usage: stop before exporting anything
        key = source.resolve()
        if key not in seen:  # the same file named twice is exported once
            seen.add(key)
            sources.append(source)
    jobs = [ExportJob(source, fmt, out_dir, inline=args.inline) for source in sources]
    workers = args.jobs if args.jobs is not None else default_workers()

    bar = ProgressBar(sys.stderr, label="Exporting ") if sys.stderr.isatty() else None

    def progress(done: int, total: int, outcome: ExportOutcome) -> None:
        if bar is not None:
            bar.clear()
        if outcome.ok:
            print(outcome.output, flush=True)
        else:
            print(f"newsdesk: error: {failure_line(outcome)}", file=sys.stderr, flush=True)
        if bar is not None and done < total:
            bar.draw(done, total)

    if bar is not None:
        bar.draw(0, len(jobs))
    outcomes = run_exports(jobs, ctx.profile, workers=workers, progress=progress)
    if bar is not None:
        bar.clear()
    return 0 if all(o.ok for o in outcomes) else 1
