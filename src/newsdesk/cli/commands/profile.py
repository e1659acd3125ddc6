"""`newsdesk profile show`: the effective newsroom profile and where each value
came from, so an administrator can check a rollout on a writer's machine."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from newsdesk.profile.loader import LoadedProfile, load_profile, profile_values

HELP = "show the effective newsroom profile and where each value comes from"


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="profile_action", metavar="ACTION")
    show = sub.add_parser(
        "show",
        help="print every profile key, its value and its source",
        description="Print every profile key, its value and its source "
        "(first found wins per key: --profile, user config, system-wide, baked in, "
        "built-in default). Exit 1 if a profile file is broken.",
    )
    show.add_argument("--json", action="store_true", help="machine-readable output")
    # SUPPRESS: given before `show` (newsdesk profile --profile F show) it must survive.
    show.add_argument(
        "--profile",
        type=Path,
        metavar="FILE",
        default=argparse.SUPPRESS,
        help="newsroom profile (TOML) to use",
    )
    show.add_argument(
        "--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS
    )


def _plain(value: Any) -> Any:
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, tuple):
        return list(value)
    return value


def as_json(loaded: LoadedProfile) -> dict[str, Any]:
    values = profile_values(loaded.profile)
    return {
        "profile": {key: _plain(value) for key, value in values.items()},
        "sources": dict(loaded.sources),
        "locations": [
            {
                "kind": c.location.kind,
                "label": c.location.label,
                "path": str(c.location.path),
                "status": c.status,
            }
            for c in loaded.consulted
        ],
        "problems": [
            {
                "file": str(p.path),
                "key": p.key,
                "problem": p.problem.removeprefix(f"{p.key}: ") if p.key else p.problem,
                "message": str(p),
            }
            for p in loaded.problems
        ],
        "warnings": list(loaded.warnings),
    }


def _show_value(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, str):
        shown = value if len(value) <= 70 else value[:67] + "..."
        return json.dumps(shown, ensure_ascii=False)
    if isinstance(value, tuple):
        return "[" + ", ".join(_show_value(v) for v in value) + "]"
    if isinstance(value, Path):
        return str(value)
    return str(value)


def as_text(loaded: LoadedProfile) -> str:
    values = profile_values(loaded.profile)
    width = max(len(key) for key in values)
    lines = ["Effective profile (first found wins per key):"]
    for key, value in values.items():
        lines.append(f"  {key:<{width}}  {_show_value(value)}")
        lines.append(f"  {'':<{width}}    from: {loaded.sources[key]}")
    lines.append("")
    lines.append("Profile files, highest priority first:")
    for c in loaded.consulted:
        lines.append(f"  {c.location.label:<18} {c.location.path}  [{c.status}]")
    lines.append("  built-in default   Big Big News")
    if loaded.warnings:
        lines.append("")
        lines.append("Problems:")
        lines.extend(f"  {w}" for w in loaded.warnings)
    return "\n".join(lines)


def run(args: argparse.Namespace, ctx: object) -> int:
    if getattr(args, "profile_action", None) != "show":
        print("usage: newsdesk profile show [--json] [--profile FILE]", file=sys.stderr)
        return 2
    # ctx.profile holds the values only; load again to know the sources.
    loaded = load_profile(getattr(args, "profile", None))
    if args.json:
        print(json.dumps(as_json(loaded), indent=2, ensure_ascii=False))
    else:
        print(as_text(loaded))
    return 1 if loaded.warnings else 0
