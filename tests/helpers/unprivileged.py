"""Run a check as a user without root powers: root reads and writes every file
whatever its mode, so a permission test run as root would prove nothing."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

NOBODY = 65534


def run_unprivileged(check: Callable[[], str]) -> str:
    """Call `check` in a forked child that dropped to `nobody` (when running as
    root) and return what it returned. A fork, not a new interpreter: ours
    lives under /root, which nobody may not enter."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        status = 1
        try:
            os.close(read_end)
            if os.geteuid() == 0:
                os.setgroups([])
                os.setgid(NOBODY)
                os.setuid(NOBODY)
            os.write(write_end, check().encode())
            status = 0
        except BaseException as exc:  # report, never return into pytest
            os.write(write_end, f"child failed: {type(exc).__name__}: {exc}".encode())
        finally:
            os._exit(status)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        output = pipe.read().decode()
    _pid, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, output
    return output


@contextmanager
def shared_folder() -> Iterator[Path]:
    """A folder every user may enter but only its owner may write (pytest's
    tmp_path is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="newsdesk-perm-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder)
