"""Shared test set-up: Qt runs offscreen, Qt WebEngine without its sandbox (root),
and no test sees the developer's own newsroom profiles."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")

# Profile lookup goes to empty places (tests that need layers set their own);
# set in the environment so CLI subprocesses inherit it too.
_NO_PROFILES = Path(tempfile.mkdtemp(prefix="newsdesk-no-profiles-"))
os.environ["NEWSDESK_CONFIG_DIR"] = str(_NO_PROFILES / "config")
os.environ["NEWSDESK_SYSTEM_PROFILE"] = str(_NO_PROFILES / "system.toml")
os.environ["NEWSDESK_BAKED_PROFILE"] = str(_NO_PROFILES / "baked.toml")


@pytest.fixture(scope="session")
def qapp_cls():
    """pytest-qt's application is newsdesk's own, as the editor creates it."""
    from newsdesk.ui.qt_application import NewsdeskApplication

    return NewsdeskApplication
