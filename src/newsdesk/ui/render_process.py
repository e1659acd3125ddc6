"""The preview's render worker process, which the editor starts first thing.

This module imports no Qt, so `newsdesk` can spawn the worker before it
imports Qt and builds the window (cli `_launch_editor`): the worker's
interpreter then imports the renderer and renders the first page on the
other core while this one starts Qt (benchmarks/bench_editor.py, "start").
render_worker.RenderService adopts the process and talks to it.

The worker is a plain child interpreter (`python -m newsdesk.ui.render_process`,
or the frozen app with RENDER_WORKER_FLAG) joined to us by a socket pair:
multiprocessing's spawn cost the UI's start-up ~40 ms of imports, a resource
tracker process and a second run of the main script in the worker, and its
Windows pipe cannot be watched by a QSocketNotifier; a socket can."""

from __future__ import annotations

import contextlib
import pickle
import select
import socket
import struct
import subprocess
import sys
from collections.abc import Sequence

RENDER_WORKER_FLAG = "--newsdesk-render-worker"
_HEADER = struct.Struct("!Q")
_SHARED = "shared"  # Windows: the socket arrives on stdin (socket.share)


class Channel:
    """Pickled messages both ways over a connected socket, each prefixed with
    its length. Only ever between newsdesk and its own worker."""

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock

    def fileno(self) -> int:
        return self._sock.fileno()

    def send(self, message: object) -> None:
        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        self._sock.sendall(_HEADER.pack(len(data)) + data)

    def recv(self) -> object:
        (size,) = _HEADER.unpack(self._read(_HEADER.size))
        return pickle.loads(self._read(size))

    def poll(self) -> bool:
        """A message (or the end) is waiting to be read."""
        readable, _, _ = select.select([self._sock], [], [], 0)
        return bool(readable)

    def close(self) -> None:
        self._sock.close()

    def _read(self, size: int) -> bytes:
        data = bytearray()
        while len(data) < size:
            chunk = self._sock.recv(min(size - len(data), 1 << 20))
            if not chunk:
                raise EOFError("the other end closed the connection")
            data += chunk
        return bytes(data)


def worker_command() -> list[str]:
    """How to start a worker: the frozen app runs itself with the flag
    (packaging/entry.py), an installed or source newsdesk runs this module."""
    if getattr(sys, "frozen", False):
        return [sys.executable, RENDER_WORKER_FLAG]
    # -P: the folder newsdesk was started from is not put on sys.path, so a
    # file there named like a module (json.py) cannot stand in for it.
    return [sys.executable, "-P", "-m", "newsdesk.ui.render_process"]


class RenderProcess:
    """One worker running render_job.serve, and our end of its socket."""

    def __init__(self) -> None:
        ours, theirs = socket.socketpair()
        try:
            if sys.platform == "win32":
                self.process = subprocess.Popen([*worker_command(), _SHARED], stdin=subprocess.PIPE)
                assert self.process.stdin is not None
                self.process.stdin.write(theirs.share(self.process.pid))
                self.process.stdin.close()
            else:
                self.process = subprocess.Popen(
                    [*worker_command(), str(theirs.fileno())],
                    pass_fds=[theirs.fileno()],
                    stdin=subprocess.DEVNULL,
                )
        except BaseException:
            ours.close()
            raise
        finally:
            theirs.close()
        self.connection = Channel(ours)

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


def main(argv: Sequence[str]) -> None:
    """The worker's side: `argv` is the socket's file descriptor, or
    "shared" for a socket.share() blob on stdin (Windows)."""
    if list(argv) == [_SHARED]:
        sock = socket.fromshare(sys.stdin.buffer.read())
    else:
        sock = socket.socket(fileno=int(argv[0]))
    from newsdesk.ui.render_job import serve

    serve(Channel(sock))


if __name__ == "__main__":
    main(sys.argv[1:])
