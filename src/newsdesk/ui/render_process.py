"""The preview's render worker process, which the editor starts first thing.

This module imports no Qt, so `newsdesk` can spawn the worker before it
imports Qt and builds the window (cli `_launch_editor`): the worker's
interpreter then imports the renderer and renders the first page on the
other core while this one starts Qt (benchmarks/bench_editor.py, "start").
render_worker.RenderService adopts the process and talks to it.

The worker is a plain child interpreter (`python -m newsdesk.ui.render_process`,
or the frozen app with RENDER_WORKER_FLAG) joined to us by two pipes (a
socket on Windows, whose pipes select() cannot watch): multiprocessing's
spawn cost the UI's start-up ~40 ms of imports, a resource tracker process
and a second run of the main script in the worker. Plain pipes also spare
the start-up the `socket` module (~4 ms of enum building)."""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import struct
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newsdesk.profile.model import Profile

RENDER_WORKER_FLAG = "--newsdesk-render-worker"
_HEADER = struct.Struct("!Q")
_SHARED = "shared"  # Windows: the socket arrives on stdin (socket.share)


class Channel:
    """Pickled messages both ways, each prefixed with its length. Only ever
    between newsdesk and its own worker. Built by `pipe_channel` or
    `socket_channel`; `fileno` is the end to watch for incoming messages."""

    def __init__(
        self,
        fileno: int,
        read: Callable[[int], bytes],
        write_all: Callable[[bytes], object],
        close: Callable[[], None],
    ) -> None:
        self._fileno = fileno
        self._read_some = read
        self._write_all = write_all
        self._close = close

    def fileno(self) -> int:
        return self._fileno

    def send(self, message: object) -> None:
        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        self._write_all(_HEADER.pack(len(data)) + data)

    def recv(self) -> object:
        (size,) = _HEADER.unpack(self._read(_HEADER.size))
        return pickle.loads(self._read(size))

    def poll(self) -> bool:
        """A message (or the end) is waiting to be read."""
        if hasattr(select, "poll"):  # select() fails on descriptors past 1023
            waiting = select.poll()
            waiting.register(self._fileno, select.POLLIN)
            return bool(waiting.poll(0))
        readable, _, _ = select.select([self._fileno], [], [], 0)
        return bool(readable)

    def close(self) -> None:
        self._close()

    def _read(self, size: int) -> bytes:
        data = bytearray()
        while len(data) < size:
            chunk = self._read_some(min(size - len(data), 1 << 20))
            if not chunk:
                raise EOFError("the other end closed the connection")
            data += chunk
        return bytes(data)


def pipe_channel(read_fd: int, write_fd: int) -> Channel:
    """Messages come in on `read_fd` and go out on `write_fd` (POSIX pipes)."""

    def write_all(data: bytes) -> None:
        view = memoryview(data)
        while view:
            view = view[os.write(write_fd, view) :]

    def close() -> None:
        for fd in (read_fd, write_fd):
            with contextlib.suppress(OSError):
                os.close(fd)

    return Channel(read_fd, lambda size: os.read(read_fd, size), write_all, close)


def socket_channel(sock) -> Channel:
    """Both ways over one connected socket (Windows)."""
    return Channel(sock.fileno(), sock.recv, sock.sendall, sock.close)


def worker_command() -> list[str]:
    """How to start a worker: the frozen app runs itself with the flag
    (packaging/entry.py), an installed or source newsdesk runs this module."""
    if getattr(sys, "frozen", False):
        return [sys.executable, RENDER_WORKER_FLAG]
    # -P: the folder newsdesk was started from is not put on sys.path, so a
    # file there named like a module (json.py) cannot stand in for it.
    return [sys.executable, "-P", "-m", "newsdesk.ui.render_process"]


# The number of the job `prerender` sends: the worker's adopter numbers its own
# jobs from 1 and drops replies it did not ask for (render_worker._ProcessWorker).
PRERENDER_JOB = 0


class RenderProcess:
    """One worker running render_job.serve, and our end of its channel."""

    def __init__(self) -> None:
        if sys.platform == "win32":
            self.process, self.connection = _spawn_with_socket()
        else:
            self.process, self.connection = _spawn_with_pipes()
        self.prerendered: dict[Path, str] = {}  # document -> token of its future preview

    def prerender(self, path: Path, profile: Profile) -> None:
        """Have the worker render the page of the .newsdesk document `path` now,
        for a preview whose token is chosen here (render_job.prerender): the
        editor opens it next, and its preview's request finds the page done
        instead of waiting for a render that competes with Qt WebEngine's start
        for the CPU (benchmarks/bench_editor.py, "start"). Anything else, or a
        file that is not there, is left to the editor, which reports problems."""
        from newsdesk.interchange import DOCUMENT_SUFFIX
        from newsdesk.ui.preview_address import new_token
        from newsdesk.ui.render_job import prerender

        path = Path(path).absolute()
        if path.suffix.lower() != DOCUMENT_SUFFIX or not path.is_file():
            return
        token = new_token()
        try:
            self.connection.send((PRERENDER_JOB, prerender, (str(path), profile, token)))
        except OSError:
            return  # the worker is gone: the editor starts another
        self.prerendered[path] = token

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self.connection.close()
        with contextlib.suppress(OSError):
            self.process.terminate()
        try:
            self.process.wait(1)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _spawn_with_pipes() -> tuple[subprocess.Popen, Channel]:
    to_worker = os.pipe()
    from_worker = os.pipe()
    theirs = (to_worker[0], from_worker[1])
    try:
        process = subprocess.Popen(
            [*worker_command(), ",".join(map(str, theirs))],
            pass_fds=theirs,
            stdin=subprocess.DEVNULL,
        )
    except BaseException:
        for fd in (to_worker[1], from_worker[0]):
            os.close(fd)
        raise
    finally:
        for fd in theirs:
            os.close(fd)
    return process, pipe_channel(from_worker[0], to_worker[1])


def _spawn_with_socket() -> tuple[subprocess.Popen, Channel]:
    import socket

    ours, theirs = socket.socketpair()
    try:
        process = subprocess.Popen([*worker_command(), _SHARED], stdin=subprocess.PIPE)
        assert process.stdin is not None
        process.stdin.write(theirs.share(process.pid))
        process.stdin.close()
    except BaseException:
        ours.close()
        raise
    finally:
        theirs.close()
    return process, socket_channel(ours)


def main(argv: Sequence[str]) -> None:
    """The worker's side: `argv` is "READ_FD,WRITE_FD" of its pipes, or
    "shared" for a socket.share() blob on stdin (Windows)."""
    if list(argv) == [_SHARED]:
        import socket

        channel = socket_channel(socket.fromshare(sys.stdin.buffer.read()))
    else:
        read_fd, write_fd = (int(fd) for fd in argv[0].split(","))
        channel = pipe_channel(read_fd, write_fd)
    from newsdesk.ui.render_job import serve

    serve(channel)


if __name__ == "__main__":
    main(sys.argv[1:])
