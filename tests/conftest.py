"""Shared test set-up: Qt runs offscreen, Qt WebEngine without its sandbox (root)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
