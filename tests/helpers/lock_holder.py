"""Child process for the edit-lock tests.

python lock_holder.py hold DOCUMENT     take the lock, print "locked", hold it
                                        until stdin closes, release, exit 0
python lock_holder.py try DOCUMENT      try to take the lock once: print
                                        "locked" and exit 0, or print the
                                        error and exit 3
"""

from __future__ import annotations

import sys
from pathlib import Path

from newsdesk.errors import DocumentLockedError
from newsdesk.storage.lock import EditLock


def main() -> int:
    action, document = sys.argv[1], Path(sys.argv[2])
    try:
        lock = EditLock.acquire(document)
    except DocumentLockedError as exc:
        print(f"{type(exc).__name__}: {exc}", flush=True)
        return 3
    stale = lock.took_over_from
    print(f"locked took_over_from={stale.pid if stale else None}", flush=True)
    if action == "hold":
        sys.stdin.read()
    lock.release()
    return 0


if __name__ == "__main__":
    sys.exit(main())
