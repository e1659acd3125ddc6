"""The edit lock: one newsdesk process edits a document at a time.

A sidecar file next to the document (``.~NAME.lock``, hidden, the convention
office suites use) holds who edits it as JSON, so a second process can say
who. The file alone cannot tell a live editor from one that crashed, so the
holder also keeps an OS lock on it (flock on POSIX, msvcrt on Windows): the OS
drops that lock when the holder dies, and the next process takes the stale
lock over.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from newsdesk.errors import DocumentError, DocumentLockedError

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    # Lock a byte past the JSON so other processes can still read the owner.
    _LOCK_OFFSET = 1 << 20

    def _try_os_lock(fd: int) -> bool:
        os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _os_unlock(fd: int) -> None:
        os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
        with contextlib.suppress(OSError):
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_os_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _os_unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


def lock_path_for(document: Path) -> Path:
    document = Path(document)
    return document.with_name(f".~{document.name}.lock")


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (containers, services)
        return f"uid {os.getuid()}" if hasattr(os, "getuid") else ""


def _hostname() -> str:
    if hasattr(os, "uname"):  # what socket.gethostname() reads, without its ~4 ms import
        return os.uname().nodename
    import socket

    return socket.gethostname()


@dataclass(frozen=True)
class LockOwner:
    """Who holds (or held) a lock, as written in the lock file."""

    user: str
    hostname: str
    pid: int
    since: str  # ISO 8601, UTC

    @classmethod
    def me(cls) -> LockOwner:
        return cls(
            user=_user(),
            hostname=_hostname(),
            pid=os.getpid(),
            since=datetime.now(UTC).replace(microsecond=0).isoformat(),
        )

    @classmethod
    def from_bytes(cls, raw: bytes) -> LockOwner | None:
        try:
            data = json.loads(raw.decode("utf-8"))
            return cls(
                user=str(data.get("user", "")),
                hostname=str(data.get("hostname", "")),
                pid=int(data.get("pid", 0)),
                since=str(data.get("since", "")),
            )
        except (ValueError, AttributeError, TypeError):
            return None

    def to_bytes(self) -> bytes:
        return json.dumps(
            {"user": self.user, "hostname": self.hostname, "pid": self.pid, "since": self.since}
        ).encode("utf-8")


def _read_owner(fd: int) -> LockOwner | None:
    os.lseek(fd, 0, os.SEEK_SET)
    return LockOwner.from_bytes(os.read(fd, 64 * 1024).rstrip(b"\x00 \n"))


@dataclass
class EditLock:
    """A held edit lock. Release it when the document is closed (or use `with`)."""

    document: Path
    lock_file: Path
    owner: LockOwner
    # The owner of a lock left behind by a process that died, if we took it over.
    took_over_from: LockOwner | None = None
    _fd: int | None = field(default=None, repr=False)

    @classmethod
    def acquire(cls, document: Path) -> EditLock:
        """Take the lock or raise DocumentLockedError naming its live holder.

        The OS lock is per open file description: the same process cannot take
        a document's lock twice either."""
        document = Path(document).absolute()
        lock_file = lock_path_for(document)
        for _attempt in range(20):
            try:
                fd = os.open(lock_file, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError as exc:
                raise DocumentError(
                    document, f"cannot create the lock file {lock_file.name}: {exc.strerror}"
                ) from exc
            try:
                if not _try_os_lock(fd):
                    owner = _read_owner(fd)
                    if owner is None:
                        owner = LockOwner(user="", hostname="", pid=0, since="")
                    raise DocumentLockedError(
                        document,
                        user=owner.user,
                        hostname=owner.hostname,
                        pid=owner.pid,
                        since=owner.since,
                    )
                # The previous holder may have released (and removed) the file
                # between our open and our lock: then we locked an orphan.
                if not _same_file(fd, lock_file):
                    _os_unlock(fd)
                    os.close(fd)
                    continue
                stale = _read_owner(fd)
                me = LockOwner.me()
                os.lseek(fd, 0, os.SEEK_SET)
                os.ftruncate(fd, 0)
                os.write(fd, me.to_bytes())
                os.fsync(fd)
                return cls(document, lock_file, me, took_over_from=stale, _fd=fd)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.close(fd)
                raise
        raise DocumentError(document, f"cannot take the lock file {lock_file.name}")

    @staticmethod
    def holder(document: Path) -> LockOwner | None:
        """Who edits the document now, or None when nobody (a stale lock file
        left by a crashed process counts as nobody)."""
        lock_file = lock_path_for(Path(document).absolute())
        try:
            fd = os.open(lock_file, os.O_RDWR)
        except OSError:
            return None
        try:
            if _try_os_lock(fd):
                _os_unlock(fd)
                return None
            return _read_owner(fd)
        finally:
            os.close(fd)

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        """Remove the lock file, then drop the OS lock (in that order, so a
        waiting process never locks a file that is about to vanish unnoticed)."""
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        if sys.platform == "win32":  # pragma: no cover - an open file cannot be deleted there
            try:
                _os_unlock(fd)
            finally:
                os.close(fd)
            with contextlib.suppress(OSError):
                self.lock_file.unlink()
            return
        try:
            if _same_file(fd, self.lock_file):
                with contextlib.suppress(OSError):
                    self.lock_file.unlink()
            _os_unlock(fd)
        finally:
            os.close(fd)

    def __enter__(self) -> EditLock:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.release()

    def __del__(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None


def _same_file(fd: int, path: Path) -> bool:
    try:
        on_disk = os.stat(path)
    except OSError:
        return False
    mine = os.fstat(fd)
    if sys.platform == "win32":  # pragma: no cover - inode numbers are not reliable there
        return True
    return (mine.st_dev, mine.st_ino) == (on_disk.st_dev, on_disk.st_ino)
