"""manifest.json of a portal bundle: what the bundle holds, so a reader can tell a
complete, untouched bundle from a damaged or tampered one."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from newsdesk import __version__

MANIFEST_NAME = "manifest.json"
BUNDLE_FORMAT = 1
GENERATOR = "newsdesk"


@dataclass(frozen=True)
class ManifestEntry:
    path: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    format: int
    generator: str
    generator_version: str
    created: str
    files: tuple[ManifestEntry, ...]

    def entry(self, path: str) -> ManifestEntry | None:
        return next((e for e in self.files if e.path == path), None)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def build_manifest(members: Mapping[str, bytes], created: datetime) -> bytes:
    """The manifest for `members` (every other file of the bundle), as JSON bytes.

    `created` is passed in rather than read from the clock so that the same article
    version always gives a byte-identical bundle."""
    document = {
        "format": BUNDLE_FORMAT,
        "generator": {"name": GENERATOR, "version": __version__},
        "created": created.isoformat(),
        "files": [
            {"path": path, "size": len(data), "sha256": sha256_hex(data)}
            for path, data in members.items()
        ],
    }
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


class ManifestProblem(ValueError):
    """manifest.json is not what a bundle reader can trust; the caller names the zip."""


def parse_manifest(data: bytes) -> Manifest:
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ManifestProblem(f"manifest.json is not valid JSON ({exc})") from None
    if not isinstance(document, dict):
        raise ManifestProblem("manifest.json is not a JSON object")
    fmt = document.get("format")
    if not isinstance(fmt, int) or isinstance(fmt, bool):
        raise ManifestProblem("manifest.json has no bundle format number")
    if fmt > BUNDLE_FORMAT:
        raise ManifestProblem(
            f"the bundle has format {fmt}, newer than this newsdesk reads ({BUNDLE_FORMAT}); "
            "update newsdesk"
        )
    generator = document.get("generator")
    if not isinstance(generator, dict):
        generator = {}
    files = document.get("files")
    if not isinstance(files, list):
        raise ManifestProblem("manifest.json has no list of files")
    entries: list[ManifestEntry] = []
    for index, item in enumerate(files):
        entries.append(_entry(item, index))
    return Manifest(
        format=fmt,
        generator=str(generator.get("name", "")),
        generator_version=str(generator.get("version", "")),
        created=str(document.get("created", "")),
        files=tuple(entries),
    )


def _entry(item: Any, index: int) -> ManifestEntry:
    if not isinstance(item, dict):
        raise ManifestProblem(f"manifest.json files[{index}] is not an object")
    path, size, digest = item.get("path"), item.get("size"), item.get("sha256")
    if not isinstance(path, str) or not path:
        raise ManifestProblem(f"manifest.json files[{index}] has no path")
    if not isinstance(size, int) or isinstance(size, bool) or size < 0:
        raise ManifestProblem(f"manifest.json gives {path!r} no valid size")
    if (
        not isinstance(digest, str)
        or len(digest) != 64
        or any(c not in "0123456789abcdef" for c in digest)
    ):
        raise ManifestProblem(f"manifest.json gives {path!r} no valid sha256")
    return ManifestEntry(path=path, size=size, sha256=digest)
