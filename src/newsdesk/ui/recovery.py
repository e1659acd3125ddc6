"""Crash recovery. Untitled documents autosave as drafts in
<AppDataLocation>/drafts; every running editor keeps a session record
(<AppDataLocation>/sessions/*.json) listing the documents it has open, held
under an edit lock. A record whose lock nobody holds belongs to a process that
died; its documents with an unsaved autosave, and every draft nobody has open,
are offered on the next start (recovery_dialog.RecoveryDialog).

NEWSDESK_DATA_DIR overrides the data folder (tests and portable installs)."""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QStandardPaths

from newsdesk.errors import NewsdeskError
from newsdesk.fsutil import atomic_write_text
from newsdesk.storage.document import Document
from newsdesk.storage.lock import EditLock

DATA_DIR_ENV = "NEWSDESK_DATA_DIR"


def app_data_dir() -> Path:
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(location)


def drafts_dir() -> Path:
    return app_data_dir() / "drafts"


def sessions_dir() -> Path:
    return app_data_dir() / "sessions"


def new_draft_path() -> Path:
    folder = drafts_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"draft-{os.urandom(6).hex()}.newsdesk"


class SessionRecord:
    """This process's list of open documents, locked while it runs."""

    def __init__(self) -> None:
        folder = sessions_dir()
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / f"session-{os.getpid()}-{os.urandom(4).hex()}.json"
        self._lock = EditLock.acquire(self.path)
        self.write([])

    def write(self, documents: list[Path]) -> None:
        data = {"pid": os.getpid(), "documents": [str(Path(p).absolute()) for p in documents]}
        atomic_write_text(self.path, json.dumps(data, indent=1))

    def close(self) -> None:
        """A clean exit: nothing to recover from this process."""
        with contextlib.suppress(OSError):
            self.path.unlink()
        self._lock.release()


@dataclass(frozen=True)
class Recoverable:
    path: Path
    draft: bool  # an untitled document's autosave
    headline: str
    words: int
    modified: str  # when it was last autosaved

    @property
    def title(self) -> str:
        name = self.headline or "Untitled"
        return name if self.draft else f"{name} — {self.path.name}"


def _describe(path: Path, *, draft: bool) -> Recoverable | None:
    try:
        with Document.open(path, read_only=True) as document:
            if not draft and not document.has_unsaved_autosave:
                return None
            revisions = document.revisions()
    except (NewsdeskError, OSError):
        return None
    if not revisions:
        return None
    last = revisions[-1]
    when = last.created.astimezone().strftime("%Y-%m-%d %H:%M")
    return Recoverable(path, draft, last.headline, last.word_count, when)


def dead_session_records() -> list[Path]:
    folder = sessions_dir()
    if not folder.is_dir():
        return []
    return [p for p in sorted(folder.glob("session-*.json")) if EditLock.holder(p) is None]


def find_recoverable() -> list[Recoverable]:
    """Drafts nobody has open, and documents left with unsaved autosaves by
    editors that died."""
    found: list[Recoverable] = []
    seen: set[Path] = set()
    if drafts_dir().is_dir():
        for draft in sorted(drafts_dir().glob("*.newsdesk")):
            if EditLock.holder(draft) is None:
                item = _describe(draft, draft=True)
                if item is not None:
                    found.append(item)
                    seen.add(draft.absolute())
    for record in dead_session_records():
        try:
            paths = json.loads(record.read_text(encoding="utf-8")).get("documents", [])
        except (OSError, ValueError, AttributeError):
            continue
        for name in paths:
            path = Path(name).absolute()
            if path in seen or not path.is_file() or EditLock.holder(path) is not None:
                continue
            item = _describe(path, draft=False)
            if item is not None:
                found.append(item)
                seen.add(path)
    return found


def forget_dead_sessions() -> None:
    for record in dead_session_records():
        with contextlib.suppress(OSError):
            record.unlink()


def discard_draft(path: Path) -> None:
    for p in (path, path.with_name(path.name + "-journal")):
        with contextlib.suppress(OSError):
            p.unlink()
