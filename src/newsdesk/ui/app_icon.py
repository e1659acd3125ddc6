"""The application icon (its own module: the editor sets it at start-up,
before anything else of the About dialog is needed)."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon

from newsdesk import APP_ID
from newsdesk.resources import resource_path

SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def app_icon() -> QIcon:
    """The SVG plus the rendered sizes for crisp small icons (given with their
    size, so none is read before it is shown)."""
    icon = QIcon()
    for size in SIZES:
        png = resource_path("icons", "hicolor", f"{size}x{size}", "apps", f"{APP_ID}.png")
        if png.is_file():
            icon.addFile(str(png), QSize(size, size))
    svg = resource_path("icons", f"{APP_ID}.svg")
    if svg.is_file():
        icon.addFile(str(svg))
    return icon
