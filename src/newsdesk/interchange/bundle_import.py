"""Reading a portal bundle back into an article.

A bundle may come from anywhere, so nothing in it is trusted: every member is checked
(name, type, declared and actual size, compression ratio, checksum against the
manifest) before a single byte is used, and the sizes are enforced while
decompressing, because the sizes a zip declares can lie."""

from __future__ import annotations

import os
import re
import stat
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from newsdesk.errors import BundleError, InterchangeError
from newsdesk.export.manifest import MANIFEST_NAME, Manifest, ManifestProblem, parse_manifest
from newsdesk.export.manifest import sha256_hex as _sha256
from newsdesk.model.article import Article

SOURCE_NAME = "source.md"
MEDIA_DIR = "media/"
_MiB = 1024 * 1024
_CHUNK = 64 * 1024
_DRIVE = re.compile(r"^[A-Za-z]:")


@dataclass(frozen=True)
class BundleLimits:
    """What a bundle may hold. Generous for real articles, small enough that a
    hostile zip cannot fill the disk or the memory."""

    max_member_bytes: int = 200 * _MiB
    max_total_bytes: int = 500 * _MiB
    max_members: int = 10_000
    max_ratio: float = 100.0  # uncompressed / compressed
    ratio_floor_bytes: int = 1 * _MiB  # small members may compress well; only big ones matter
    max_manifest_bytes: int = 8 * _MiB


def read_bundle(path: Path, limits: BundleLimits | None = None) -> Article:
    """The article a bundle was made from, restored from its source.md and media."""
    from newsdesk.export.bundle import original_source_article
    from newsdesk.interchange.markdown_file import article_from_markdown

    path = Path(path)
    members = read_bundle_members(path, limits)
    if SOURCE_NAME not in members:
        raise BundleError(path, f"the bundle has no {SOURCE_NAME}, so it cannot be imported")
    try:
        text = members[SOURCE_NAME].decode("utf-8")
    except UnicodeDecodeError:
        raise BundleError(path, f"member {SOURCE_NAME!r} is not UTF-8 text") from None
    with tempfile.TemporaryDirectory(prefix="newsdesk-bundle-") as tmp:
        base = Path(tmp)
        for name, data in members.items():
            if name.startswith(MEDIA_DIR):
                target = base.joinpath(*name.split("/"))
                # Names were checked already; this is the belt to those braces.
                if not target.resolve().is_relative_to(base.resolve()):
                    raise BundleError(path, f"member {name!r} would be written outside the bundle")
                try:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(data)
                except OSError as exc:  # e.g. a name Windows does not allow
                    problem = exc.strerror or str(exc)
                    raise BundleError(
                        path, f"member {name!r} cannot be unpacked: {problem}"
                    ) from None
        try:
            article = article_from_markdown(text, source=path, base_dir=base)
        except InterchangeError as exc:
            where = f"member {SOURCE_NAME!r}" + (f", line {exc.line}" if exc.line else "")
            problem = exc.problem.replace(str(base) + os.sep, "")  # no temporary paths
            raise BundleError(path, f"{where}: {problem}") from None
    restored = original_source_article(article)
    if restored is None:
        raise BundleError(path, f"member {SOURCE_NAME!r} lists an image that is not under media/")
    return restored


def read_bundle_members(path: Path, limits: BundleLimits | None = None) -> dict[str, bytes]:
    """Every file of the bundle except the manifest, each verified against it."""
    path = Path(path)
    limits = limits or BundleLimits()
    if not path.is_file():
        raise BundleError(path, "no such file" if not path.exists() else "not a file")
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise BundleError(path, "not a zip file, or the zip is truncated or damaged") from None
    except OSError as exc:
        raise BundleError(path, f"cannot be read ({exc.strerror or exc})") from None
    with archive:
        files = _check_entries(path, archive.infolist(), limits)
        manifest = _read_manifest(path, archive, files, limits)
        _check_listing(path, manifest, files)
        members: dict[str, bytes] = {}
        total = 0
        for entry in manifest.files:
            info = files[entry.path]
            cap = min(limits.max_member_bytes, limits.max_total_bytes - total)
            data = _read_capped(path, archive, info, cap)
            total += len(data)
            if len(data) != entry.size:
                raise BundleError(
                    path,
                    f"member {entry.path!r} has {len(data)} bytes but manifest.json "
                    f"says {entry.size}",
                )
            if _sha256(data) != entry.sha256:
                raise BundleError(
                    path,
                    f"member {entry.path!r} does not match its sha256 in manifest.json "
                    "(the file was changed or damaged)",
                )
            members[entry.path] = data
        return members


def unsafe_name_reason(name: str) -> str | None:
    """Why a member name must not be used as a path, or None when it is a plain
    relative path."""
    if not name:
        return "has an empty name"
    if "\x00" in name or any(ord(ch) < 32 for ch in name):
        return "has control characters in its name"
    if name.startswith(("/", "\\")) or _DRIVE.match(name):
        return "has an absolute path"
    parts = re.split(r"[\\/]", name.rstrip("/"))
    if ".." in parts:
        return "has a path that climbs out of the bundle (..)"
    if "\\" in name:
        return "has a backslash in its name (not a portable zip path)"
    if any(part in ("", ".") for part in parts):
        return "has an empty or '.' path segment"
    return None


def _check_entries(
    path: Path, infos: list[zipfile.ZipInfo], limits: BundleLimits
) -> dict[str, zipfile.ZipInfo]:
    """Structural checks on what the zip declares, before anything is decompressed.
    Returns the regular files by name (directory entries dropped)."""
    if len(infos) > limits.max_members:
        raise BundleError(
            path, f"the bundle has {len(infos)} members; at most {limits.max_members} are allowed"
        )
    files: dict[str, zipfile.ZipInfo] = {}
    seen: dict[str, str] = {}
    declared_total = 0
    for info in infos:
        name = info.filename
        where = f"member {name!r}"
        reason = unsafe_name_reason(name)
        if reason:
            raise BundleError(path, f"{where} {reason}")
        folded = name.casefold()
        if folded in seen:
            same = "appears twice" if seen[folded] == name else f"clashes with {seen[folded]!r}"
            raise BundleError(path, f"{where} {same} (duplicate name)")
        seen[folded] = name
        mode = info.external_attr >> 16
        kind = stat.S_IFMT(mode)
        if kind == stat.S_IFLNK:
            raise BundleError(path, f"{where} is a symbolic link; bundles hold only plain files")
        if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
            raise BundleError(path, f"{where} is a special file; bundles hold only plain files")
        if info.flag_bits & 0x1:
            raise BundleError(path, f"{where} is encrypted; bundles are never encrypted")
        if info.is_dir():
            if info.file_size or info.compress_size > 2:
                raise BundleError(path, f"{where} is a directory entry that holds data")
            continue
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise BundleError(
                path,
                f"{where} uses compression method {info.compress_type}; "
                "bundles use only stored or deflated members",
            )
        if info.file_size > limits.max_member_bytes:
            raise BundleError(
                path,
                f"{where} is {_size(info.file_size)} uncompressed; "
                f"the limit is {_size(limits.max_member_bytes)}",
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > limits.ratio_floor_bytes and ratio > limits.max_ratio:
            raise BundleError(
                path,
                f"{where} expands {ratio:.0f} times when decompressed "
                f"(more than {limits.max_ratio:.0f}); refusing a possible zip bomb",
            )
        declared_total += info.file_size
        if declared_total > limits.max_total_bytes:
            raise BundleError(
                path,
                f"the bundle holds more than {_size(limits.max_total_bytes)} uncompressed "
                f"(at member {name!r})",
            )
        files[name] = info
    return files


def _read_manifest(
    path: Path,
    archive: zipfile.ZipFile,
    files: dict[str, zipfile.ZipInfo],
    limits: BundleLimits,
) -> Manifest:
    info = files.pop(MANIFEST_NAME, None)
    if info is None:
        raise BundleError(path, f"the bundle has no {MANIFEST_NAME}; it is not a newsdesk bundle")
    data = _read_capped(path, archive, info, limits.max_manifest_bytes)
    try:
        return parse_manifest(data)
    except ManifestProblem as exc:
        raise BundleError(path, str(exc)) from None


def _check_listing(path: Path, manifest: Manifest, files: dict[str, zipfile.ZipInfo]) -> None:
    listed: set[str] = set()
    for entry in manifest.files:
        if entry.path in listed:
            raise BundleError(path, f"manifest.json lists {entry.path!r} twice")
        listed.add(entry.path)
        if entry.path not in files:
            raise BundleError(
                path, f"manifest.json lists {entry.path!r}, which the bundle does not contain"
            )
    for name in files:
        if name not in listed:
            raise BundleError(
                path, f"member {name!r} is not listed in manifest.json (an unexpected file)"
            )


def _read_capped(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> bytes:
    """The member's bytes, refusing as soon as more than `cap` (or more than it
    declared) come out of the decompressor."""
    where = f"member {info.filename!r}"
    limit = min(cap, info.file_size)
    chunks: list[bytes] = []
    count = 0
    try:
        with archive.open(info) as stream:
            while True:
                chunk = stream.read(_CHUNK)
                if not chunk:
                    break
                count += len(chunk)
                if count > limit:
                    if count > info.file_size:
                        problem = "holds more data than it declares"
                    else:
                        problem = f"is larger than the {_size(cap)} allowed"
                    raise BundleError(path, f"{where} {problem}")
                chunks.append(chunk)
    except BundleError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError) as exc:
        raise BundleError(path, f"{where} is damaged ({exc})") from None
    except (RuntimeError, NotImplementedError) as exc:
        raise BundleError(path, f"{where} cannot be read ({exc})") from None
    if count != info.file_size:
        raise BundleError(path, f"{where} is truncated ({count} of {info.file_size} bytes)")
    return b"".join(chunks)


def _size(n: int) -> str:
    if n >= _MiB:
        return f"{n / _MiB:.0f} MB"
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n} bytes"
