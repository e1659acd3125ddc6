"""Recognise a .newsdesk file from its first 100 bytes, without SQLite.

Everything here only reads: a file that is not ours (a text file, someone
else's database, a truncated copy) is refused before any SQLite connection
exists, so it cannot gain a journal file or have its header rewritten.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from newsdesk.errors import DocumentError, NewerFormatError, NotADocumentError
from newsdesk.storage.schema import (
    APPLICATION_ID,
    HEADER_SIZE,
    OFFSET_APPLICATION_ID,
    OFFSET_CHANGE_COUNTER,
    OFFSET_PAGE_COUNT,
    OFFSET_PAGE_SIZE,
    OFFSET_USER_VERSION,
    OFFSET_VERSION_VALID_FOR,
    SCHEMA_VERSION,
    SQLITE_MAGIC,
)


@dataclass(frozen=True)
class Probe:
    """What the header says about a document that passed every check."""

    schema_version: int
    writable: bool  # the user may write the file and create its journal beside it
    hot_journal: bool  # an interrupted save left a rollback journal


def _u32(header: bytes, offset: int) -> int:
    return int.from_bytes(header[offset : offset + 4], "big")


def journal_path(path: Path) -> Path:
    return path.with_name(path.name + "-journal")


def _writable(path: Path, st: os.stat_result) -> bool:
    """May we write here? Besides access(2): a file with no write bit at all
    is read-only even for root (the user said so with chmod), and so is one
    in a folder without write bits: the rollback journal is created beside
    the file during a save."""
    if not st.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        return False
    if not os.access(path, os.W_OK):
        return False
    directory = path.absolute().parent
    try:
        dir_mode = os.stat(directory).st_mode
    except OSError:
        return False
    if not dir_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        return False
    if not os.access(directory, os.W_OK | os.X_OK):
        return False
    if hasattr(os, "statvfs"):
        try:
            if os.statvfs(directory).f_flag & os.ST_RDONLY:
                return False
        except OSError:
            return False
    return True


def newer_format_problem(version: int) -> str:
    return (
        f"was written by a newer newsdesk (document format version {version}; "
        f"this newsdesk reads up to version {SCHEMA_VERSION}); update newsdesk to open it"
    )


def _has_hot_journal(path: Path) -> bool:
    """A journal an interrupted save left, that SQLite would roll back. One
    still starting with zeros was abandoned before its first sync: the save
    had not touched the document yet, and SQLite ignores it (as do we)."""
    try:
        with open(journal_path(path), "rb") as fh:
            start = fh.read(8)
    except OSError:
        return False
    return bool(start.strip(b"\x00"))


def probe(path: Path) -> Probe:
    """Check that `path` is a newsdesk document we can read, or raise a
    DocumentError that says what is wrong with it."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise DocumentError(path, "no such file") from None
    except PermissionError:
        raise DocumentError(path, "cannot be read: permission denied") from None
    except OSError as exc:
        raise DocumentError(path, f"cannot be read: {exc.strerror}") from None
    if stat.S_ISDIR(st.st_mode):
        raise DocumentError(path, "is a directory, not a newsdesk document")
    if not stat.S_ISREG(st.st_mode):
        raise NotADocumentError(path, "is not a regular file")
    try:
        with open(path, "rb") as fh:
            header = fh.read(HEADER_SIZE)
    except PermissionError:
        raise DocumentError(path, "cannot be read: permission denied") from None
    except OSError as exc:
        if exc.errno == errno.EISDIR:
            raise DocumentError(path, "is a directory, not a newsdesk document") from None
        raise DocumentError(path, f"cannot be read: {exc.strerror}") from None
    if not header:
        raise NotADocumentError(path, "is empty, not a newsdesk document")
    if not header.startswith(SQLITE_MAGIC):
        if SQLITE_MAGIC.startswith(header):
            raise NotADocumentError(path, "is truncated: not a complete newsdesk document")
        raise NotADocumentError(path, "is not a newsdesk document (not an SQLite database)")
    if len(header) < HEADER_SIZE:
        raise NotADocumentError(path, "is truncated: not a complete newsdesk document")
    if _u32(header, OFFSET_APPLICATION_ID) != APPLICATION_ID:
        raise NotADocumentError(
            path, "is an SQLite database of another program, not a newsdesk document"
        )
    version = _u32(header, OFFSET_USER_VERSION)
    if version > SCHEMA_VERSION:
        raise NewerFormatError(path, newer_format_problem(version))
    if version < 1:
        raise NotADocumentError(path, "is damaged: its format version is missing")
    hot_journal = _has_hot_journal(path)
    if not hot_journal:
        # The header's page count is trustworthy only when written by a
        # SQLite that also stamped "version-valid-for" (all current ones).
        page_size = _u32(header, OFFSET_PAGE_SIZE) >> 16
        page_size = 65536 if page_size == 1 else page_size
        page_count = _u32(header, OFFSET_PAGE_COUNT)
        if (
            page_size
            and page_count
            and _u32(header, OFFSET_CHANGE_COUNTER) == _u32(header, OFFSET_VERSION_VALID_FOR)
            and st.st_size < page_size * page_count
        ):
            raise NotADocumentError(
                path,
                f"is truncated: {st.st_size} bytes of {page_size * page_count}; "
                "restore it from a backup",
            )
    return Probe(schema_version=version, writable=_writable(path, st), hot_journal=hot_journal)
