"""Help > About: who we are, which version, and the versions a bug report needs."""

from __future__ import annotations

import platform
import sys

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from newsdesk import APP_ID, APP_NAME, __version__
from newsdesk.profile.model import Profile
from newsdesk.ui.app_icon import app_icon

DESCRIPTION = (
    "Write news articles in Markdown with their structure — headline, standfirst, "
    "byline, topic, FAQs, related links, images — see them exactly as the portal will, "
    "and export a standalone HTML page or a ninjs bundle."
)
LICENSE = "MIT License"


def version_details() -> dict[str, str]:
    """The versions a bug report needs, in display order."""
    details = {
        APP_NAME: __version__,
        "Qt": qVersion(),
        "PySide6": pyside_version,
    }
    try:
        from PySide6.QtWebEngineCore import qWebEngineChromiumVersion

        details["Chromium (preview)"] = qWebEngineChromiumVersion()
    except ImportError:  # the preview module is optional at import time
        pass
    details["Python"] = platform.python_version()
    details["System"] = f"{platform.system()} {platform.release()} ({platform.machine()})"
    if getattr(sys, "frozen", False):
        details["Build"] = "installed package"
    return details


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, profile: Profile | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"About {APP_NAME}")
        self.setObjectName("aboutDialog")
        self.details = version_details()

        icon_label = QLabel()
        icon_label.setObjectName("aboutIcon")
        icon_label.setPixmap(app_icon().pixmap(96, 96))
        icon_label.setAlignment(Qt.AlignmentFlag.AlignTop)
        icon_label.setAccessibleName(f"{APP_NAME} icon")

        title = QLabel(f"<h2 style='margin:0'>{APP_NAME}</h2>")
        title.setObjectName("aboutTitle")
        version = QLabel(f"Version {__version__}")
        version.setObjectName("aboutVersion")
        description = QLabel(DESCRIPTION)
        description.setWordWrap(True)
        description.setObjectName("aboutDescription")

        texts = QVBoxLayout()
        texts.addWidget(title)
        texts.addWidget(version)
        texts.addSpacing(6)
        texts.addWidget(description)
        if profile is not None:
            configured = QLabel(f"Configured for: {profile.portal_name}")
            configured.setObjectName("aboutProfile")
            configured.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            texts.addWidget(configured)
        license_label = QLabel(f"{LICENSE} · application id {APP_ID}")
        license_label.setObjectName("aboutLicense")
        texts.addWidget(license_label)
        texts.addSpacing(6)
        versions = QLabel(
            "<table>"
            + "".join(
                f"<tr><td style='padding-right:12px'>{name}</td><td>{value}</td></tr>"
                for name, value in self.details.items()
                if name != APP_NAME
            )
            + "</table>"
        )
        versions.setObjectName("aboutVersions")
        versions.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        texts.addWidget(versions)
        texts.addStretch(1)

        top = QHBoxLayout()
        top.addWidget(icon_label)
        top.addSpacing(12)
        top.addLayout(texts, 1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        copy = QPushButton("Copy version details")
        copy.setObjectName("aboutCopy")
        copy.setToolTip("Copy the versions above, for a bug report")
        copy.clicked.connect(self.copy_details)
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)

    def details_text(self) -> str:
        return "\n".join(f"{name}: {value}" for name, value in self.details.items())

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details_text())
