"""Qt set-up for the editor tests: the preview's URL scheme is registered
before any QApplication exists (Qt WebEngine requires it), and QSettings and
the data folder point at throw-away folders, never at the user's own."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from newsdesk.ui.preview_scheme import register_preview_scheme
from newsdesk.ui.settings import set_application_names, use_settings_folder

register_preview_scheme()
set_application_names()
_SCRATCH = Path(tempfile.mkdtemp(prefix="newsdesk-ui-tests-"))
use_settings_folder(_SCRATCH / "settings")
os.environ.setdefault("NEWSDESK_DATA_DIR", str(_SCRATCH / "data"))
