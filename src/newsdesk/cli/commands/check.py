"""`newsdesk check INPUT...`: the problems an editor would see beside each field, and
whatever would stop the article from becoming a valid portal bundle."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from newsdesk.errors import NewsdeskError
from newsdesk.model.validation import Severity, validate

if TYPE_CHECKING:
    from newsdesk.cli.main import CliContext

HELP = "report problems in articles (house rules, missing fields, ninjs schema errors)"

EXIT_OK, EXIT_PROBLEMS, EXIT_UNREADABLE = 0, 1, 2


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Check each INPUT (.newsdesk, .md or bundle .zip): the article's problems "
        "(errors and warnings) and the ninjs 3.1 schema errors its bundle would have. "
        "Exit 1 if any input has an error (warnings alone exit 0), 2 if an input "
        "cannot be read."
    )
    parser.add_argument(
        "inputs", nargs="+", type=Path, metavar="INPUT", help=".newsdesk, .md or bundle .zip"
    )


def check_one(path: Path, ctx: CliContext) -> int:
    from newsdesk.export.bundle import bundle_problems
    from newsdesk.interchange import load_article

    try:
        article = load_article(path)
    except NewsdeskError as exc:
        print(f"newsdesk: error: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    problems = validate(article, ctx.profile)
    lines = [f"{path}: {problem}" for problem in problems]
    try:
        export_problems = bundle_problems(article, ctx.profile)
    except NewsdeskError as exc:
        export_problems = [str(exc)]
    lines += [f"{path}: {Severity.ERROR}: bundle: {problem}" for problem in export_problems]
    for line in lines:
        print(line)
    has_error = bool(export_problems) or any(p.severity is Severity.ERROR for p in problems)
    if not lines:
        print(f"{path}: ok")
    return EXIT_PROBLEMS if has_error else EXIT_OK


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    return max(check_one(path, ctx) for path in args.inputs)
