"""What the editor remembers between runs, in QSettings under newsdesk's
organisation and application names (tests point QSettings at a temporary
folder with `use_settings_folder`)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QCoreApplication, QSettings

from newsdesk import APP_NAME, ORG_NAME

MAX_RECENT = 10

PREVIEW_LAYOUTS = ("side", "editor", "preview")  # side by side, preview hidden, preview alone
PREVIEW_WIDTHS = ("desktop", "phone")
THEMES = ("system", "light", "dark")


def set_application_names() -> None:
    QCoreApplication.setOrganizationName(ORG_NAME)
    QCoreApplication.setApplicationName(APP_NAME)


def use_settings_folder(folder: Path) -> None:
    """Keep settings in INI files under `folder` (tests: never the user's own)."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
        QSettings.setPath(QSettings.Format.IniFormat, scope, str(folder))


class Settings:
    """Typed access to the editor's QSettings."""

    def __init__(self) -> None:
        self._q = QSettings(
            QSettings.defaultFormat(), QSettings.Scope.UserScope, ORG_NAME, APP_NAME
        )

    def sync(self) -> None:
        self._q.sync()

    # -- recent files ------------------------------------------------------
    def recent_files(self) -> list[Path]:
        value = self._q.value("files/recent", [])
        if isinstance(value, str):
            value = [value]
        return [Path(v) for v in (value or []) if v]

    def add_recent_file(self, path: Path) -> list[Path]:
        path = Path(path).absolute()
        recent = [p for p in self.recent_files() if p != path]
        recent.insert(0, path)
        recent = recent[:MAX_RECENT]
        self._q.setValue("files/recent", [str(p) for p in recent])
        return recent

    def remove_recent_file(self, path: Path) -> None:
        recent = [p for p in self.recent_files() if p != Path(path).absolute()]
        self._q.setValue("files/recent", [str(p) for p in recent])

    def clear_recent_files(self) -> None:
        self._q.setValue("files/recent", [])

    # -- folders -----------------------------------------------------------
    def folder(self, key: str) -> Path | None:
        value = self._q.value(f"folders/{key}", "")
        return Path(value) if value else None

    def set_folder(self, key: str, folder: Path) -> None:
        self._q.setValue(f"folders/{key}", str(folder))

    # -- window layout -----------------------------------------------------
    def window_state(self, key: str) -> QByteArray | None:
        value = self._q.value(f"window/{key}")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_window_state(self, key: str, value: QByteArray) -> None:
        self._q.setValue(f"window/{key}", value)

    def splitter_sizes(self) -> list[int] | None:
        value = self._q.value("window/splitter")
        if isinstance(value, list | tuple) and len(value) == 2:
            try:
                return [int(v) for v in value]
            except (TypeError, ValueError):
                return None
        return None

    def set_splitter_sizes(self, sizes: list[int]) -> None:
        self._q.setValue("window/splitter", [int(s) for s in sizes])

    # -- choices -----------------------------------------------------------
    def _choice(self, key: str, allowed: tuple[str, ...]) -> str:
        value = str(self._q.value(key, allowed[0]))
        return value if value in allowed else allowed[0]

    def preview_layout(self) -> str:
        return self._choice("preview/layout", PREVIEW_LAYOUTS)

    def set_preview_layout(self, value: str) -> None:
        self._q.setValue("preview/layout", value)

    def preview_width(self) -> str:
        return self._choice("preview/width", PREVIEW_WIDTHS)

    def set_preview_width(self, value: str) -> None:
        self._q.setValue("preview/width", value)

    def theme(self) -> str:
        return self._choice("appearance/theme", THEMES)

    def set_theme(self, value: str) -> None:
        self._q.setValue("appearance/theme", value)

    def show_outline(self) -> bool:
        return str(self._q.value("window/outline", "true")).lower() == "true"

    def set_show_outline(self, value: bool) -> None:
        self._q.setValue("window/outline", "true" if value else "false")

    def sync_scrolling(self) -> bool:
        return str(self._q.value("preview/sync-scrolling", "true")).lower() == "true"

    def set_sync_scrolling(self, value: bool) -> None:
        self._q.setValue("preview/sync-scrolling", "true" if value else "false")
