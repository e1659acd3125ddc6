"""Entry point: `newsdesk [FILE...]` opens the editor, `newsdesk COMMAND ...` runs a
command headless. Exit codes: 0 ok, 1 problems found, 2 bad usage or unreadable input."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import traceback
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from newsdesk import __version__
from newsdesk.errors import NewsdeskError
from newsdesk.profile.loader import load_profile
from newsdesk.profile.model import Profile

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2

# name -> module under newsdesk.cli.commands
COMMANDS: dict[str, str] = {
    "new": "new",
    "convert": "convert",
    "info": "info",
    "history": "history",
    "export": "export",
    "import": "import_bundle",
    "check": "check",
    "profile": "profile",
}


@dataclass
class CliContext:
    profile: Profile
    debug: bool
    profile_warnings: tuple[str, ...] = ()


def _common(parser: argparse.ArgumentParser, default: object = None) -> None:
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    parser.add_argument(
        "--profile",
        type=Path,
        metavar="FILE",
        default=default,
        help="newsroom profile (TOML) to use",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsdesk",
        description="Write, review and export news articles. "
        "Without a command, opens the editor on the given files.",
    )
    parser.add_argument("--version", action="version", version=f"newsdesk {__version__}")
    _common(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, module_name in COMMANDS.items():
        module = importlib.import_module(f"newsdesk.cli.commands.{module_name}")
        cmd = sub.add_parser(name, help=module.HELP, description=module.HELP)
        # SUPPRESS: a subcommand's default must not wipe `newsdesk --profile F COMMAND`.
        _common(cmd, argparse.SUPPRESS)
        module.configure(cmd)
        cmd.set_defaults(_run=module.run)
    return parser


def build_gui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsdesk",
        description="Open the newsdesk editor. Commands: "
        + ", ".join(COMMANDS)
        + " (see `newsdesk COMMAND --help`).",
    )
    parser.add_argument("--version", action="version", version=f"newsdesk {__version__}")
    _common(parser)
    parser.add_argument(
        "files",
        nargs="*",
        type=Path,
        metavar="FILE",
        help=".newsdesk documents, Markdown files or bundles to open",
    )
    return parser


def _first_positional(argv: Sequence[str]) -> str | None:
    skip_next = False
    for arg in argv:
        if skip_next:
            skip_next = False
        elif arg == "--profile":
            skip_next = True
        elif not arg.startswith("-"):
            return arg
    return None


def _is_command_line(argv: Sequence[str]) -> bool:
    first = _first_positional(argv)
    if first is None:
        return "-h" in argv or "--help" in argv
    return first in COMMANDS


def _error(message: str) -> None:
    print(f"newsdesk: error: {message}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv
    try:
        if _is_command_line(argv):
            args = build_parser().parse_args(argv)
            if args.command is None:
                build_parser().print_help()
                return EXIT_OK
        else:
            args = build_gui_parser().parse_args(argv)
        loaded = load_profile(getattr(args, "profile", None))
        for warning in loaded.warnings:
            print(f"newsdesk: warning: {warning}", file=sys.stderr)
        ctx = CliContext(
            profile=loaded.profile, debug=debug, profile_warnings=tuple(loaded.warnings)
        )
        if getattr(args, "_run", None) is not None:
            return int(args._run(args, ctx))
        return _launch_editor(args.files, ctx)
    except NewsdeskError as exc:
        if debug:
            traceback.print_exc()
        _error(str(exc))
        return EXIT_USAGE
    except KeyboardInterrupt:
        _error("interrupted")
        return 130
    except BrokenPipeError:
        # The reader went away (`newsdesk history F | head`): not an error of ours.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK


def _launch_editor(files: list[Path], ctx: CliContext) -> int:
    # The preview's worker first, before Qt is imported (see newsdesk.ui.app).
    from newsdesk.ui.render_process import RenderProcess

    worker = RenderProcess()
    if files:
        worker.prerender(files[0], ctx.profile)  # the first window's page, meanwhile
    try:
        from newsdesk.ui.pyside_setup import prepare_pyside

        prepare_pyside()
        from newsdesk.ui.app import run_editor
    except ImportError as exc:
        worker.stop()
        if ctx.debug:
            traceback.print_exc()
        _error(f"the editor cannot start: {exc}")
        return EXIT_USAGE
    return run_editor(files, ctx.profile, ctx.profile_warnings, worker)


def entry_point() -> None:
    sys.exit(main())
