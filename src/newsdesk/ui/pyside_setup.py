"""PySide6 set up for the editor's start-up, before the UI modules are imported.

PySide6 replaces `__import__` so that a module may opt in to its
`from __feature__ import snake_case` syntax, and classifies every module
imported after it by reading the module's whole source (inspect.getsource)
to see whether it mentions PySide6: about 150 modules and 30 ms of the
editor's start-up on the UI thread. newsdesk opts in to no feature, so every
module is classified without reading it as "uses no feature" (a module that
does opt in still records its choice when its `from __feature__` import runs,
as PySide6 does it)."""

from __future__ import annotations

import sys


def prepare_pyside() -> None:
    import PySide6.QtCore  # noqa: F401 - installs the feature import hook

    feature = sys.modules.get("shibokensupport.feature")
    if feature is not None and callable(getattr(feature, "_mod_uses_pyside", None)):
        feature._mod_uses_pyside = _uses_no_feature


def _uses_no_feature(_module: object) -> bool:
    return True  # PySide's "0": the module selects no feature
