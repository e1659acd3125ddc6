"""Errors the user can cause. Each carries a message fit to show as-is."""

from __future__ import annotations

from pathlib import Path


class NewsdeskError(Exception):
    """Base for every error that is the input's fault rather than a bug."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message

    def __reduce__(self):
        # Pickled as it is: the render worker process sends errors back to the
        # editor, and Exception's own way (the class called with self.args)
        # does not fit subclasses whose __init__ takes other arguments.
        return _rebuild, (type(self), self.message, dict(self.__dict__))


def _rebuild(cls: type[NewsdeskError], message: str, state: dict) -> NewsdeskError:
    error = cls.__new__(cls)
    Exception.__init__(error, message)
    error.__dict__.update(state)
    return error


class FileProblem(NewsdeskError):
    """A problem tied to one file; the message always names the file."""

    def __init__(self, path: Path | str, problem: str, *, line: int | None = None) -> None:
        self.path = Path(path)
        self.problem = problem
        self.line = line
        where = f"{self.path}:{line}" if line is not None else f"{self.path}"
        super().__init__(f"{where}: {problem}")


class DocumentError(FileProblem):
    """A .newsdesk document cannot be opened, read or written."""


class NotADocumentError(DocumentError):
    """The file exists but is not a newsdesk document."""


class NewerFormatError(DocumentError):
    """The document was written by a newer newsdesk; we refuse to touch it."""


class ReadOnlyError(DocumentError):
    """A write was attempted on a document opened read-only."""


class DocumentLockedError(DocumentError):
    """Another newsdesk process is editing the document; the holder is named so
    the user can decide whether to open it read-only."""

    def __init__(self, path: Path | str, *, user: str, hostname: str, pid: int, since: str) -> None:
        self.user = user
        self.hostname = hostname
        self.pid = pid
        self.since = since
        super().__init__(
            path,
            f"is being edited by {user or 'someone'} on {hostname or 'another computer'} "
            f"(process {pid}) since {since or 'an unknown time'}",
        )


class InterchangeError(FileProblem):
    """A Markdown interchange file is malformed (bad YAML, wrong type, unknown key)."""


class BundleError(FileProblem):
    """A portal bundle is unsafe, incomplete or inconsistent."""


class ExportError(NewsdeskError):
    """An export could not be produced."""


class ProfileError(FileProblem):
    """A newsroom profile is malformed; carries the key that is wrong."""

    def __init__(self, path: Path | str, key: str | None, problem: str) -> None:
        self.key = key
        super().__init__(path, f"{key}: {problem}" if key else problem)


class UsageError(NewsdeskError):
    """The command line was used wrongly."""
