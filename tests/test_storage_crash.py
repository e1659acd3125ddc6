"""Crash safety: a real process saving and autosaving in a tight loop is killed
with SIGKILL at random moments, again and again; after every kill the document
opens at a committed state at least as new as the last one it reported."""

from __future__ import annotations

import importlib.util
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

from newsdesk.storage.document import AUTOSAVE, Document

SAVER = Path(__file__).parent / "helpers" / "crash_saver.py"
ROUNDS = 30


def load_saver_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("crash_saver", SAVER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def is_hot(journal: Path) -> bool:
    """A journal SQLite rolls back: it starts with its header, not zeros."""
    return journal.exists() and journal.read_bytes()[:8].strip(b"\0") != b""


def run_and_kill(path: Path, rng: random.Random) -> tuple[int, list[int]]:
    """Start the saver, let it work for a random moment, SIGKILL it. Returns the
    state it started from and the states it reported committed."""
    child = subprocess.Popen(
        [sys.executable, "-u", str(SAVER), str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    ready = child.stdout.readline()
    assert ready.startswith("ready "), ready + child.stderr.read()
    time.sleep(rng.uniform(0.0, 0.25))
    child.send_signal(signal.SIGKILL)
    # read through the same buffered streams readline() used (communicate()
    # would skip what they already buffered)
    out = child.stdout.read()
    assert child.stderr is not None
    err = child.stderr.read()
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL, err
    assert "Traceback" not in err, err
    reported = [int(line) for line in out.split()]
    return int(ready.split()[1]), reported


def test_a_killed_saver_always_leaves_a_committed_state(tmp_path: Path) -> None:
    saver = load_saver_module()
    path = tmp_path / "crash.newsdesk"
    rng = random.Random(20260726)
    last_known = 0
    journals_left = 0  # kills that left a hot journal behind
    rolled_back = 0
    total_reported = 0
    for round_number in range(ROUNDS):
        started_from, reported = run_and_kill(path, rng)
        assert started_from >= last_known
        assert reported == list(range(started_from + 1, started_from + 1 + len(reported)))
        total_reported += len(reported)
        newest_reported = reported[-1] if reported else started_from
        journal = path.with_name(path.name + "-journal")
        interrupted = journal.exists()
        journals_left += interrupted and is_hot(journal)

        if round_number % 2:
            # A reader that may not write sees the same committed state,
            # recovering the interrupted save in memory only.
            with Document.open(path, read_only=True) as reader:
                read_only_state = saver.state_of(reader.load())
            assert journal.exists() == interrupted
        with Document.open(path) as doc:
            loaded = doc.load()
            state = saver.state_of(loaded)
            # exactly a committed state: the last one reported, or the one
            # whose commit happened just before the kill and was not printed
            assert state in (newest_reported, newest_reported + 1), (
                round_number,
                state,
                newest_reported,
            )
            assert loaded == saver.state_article(state)
            if round_number % 2:
                assert read_only_state == state
            revisions = doc.revisions()
            kinds = [r.kind for r in revisions]
            assert AUTOSAVE not in kinds[:-1]  # at most one autosave, and last
            assert doc.has_unsaved_autosave == (not saver.is_explicit_save(state))
            assert revisions[-1].headline == f"State {state}"
        if journal.exists():
            # abandoned before its first sync (the document was not touched
            # yet): SQLite ignores it and the next save replaces it
            assert not is_hot(journal)
        else:
            rolled_back += interrupted
        last_known = state

    print(
        f"{ROUNDS} kills, {total_reported} states committed, "
        f"{journals_left} kills inside a save rolled back"
    )
    assert total_reported > ROUNDS * 3, "the saver hardly saved anything"
    assert journals_left > 0, "no kill landed inside a save; the test proved little"
    assert rolled_back >= journals_left
    # every revision in the history is still whole
    with Document.open(path) as doc:
        for info in doc.revisions():
            article = doc.load_revision(info.id)
            assert article == saver.state_article(saver.state_of(article))
