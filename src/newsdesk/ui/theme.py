"""Light and dark themes. "system" follows the platform's colour scheme
(QStyleHints.colorScheme, Qt 6.5+) and switches when it changes."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication


@dataclass(frozen=True)
class EditorColors:
    """Colours of the Markdown highlighter; one set per theme."""

    heading: str
    emphasis: str
    link: str
    url: str
    code: str
    code_background: str
    quote: str
    list_marker: str
    footnote: str
    syntax: str  # the Markdown punctuation itself, dimmed


LIGHT_COLORS = EditorColors(
    heading="#1f3a93",
    emphasis="#3d3d3d",
    link="#0b57d0",
    url="#6b7280",
    code="#a31515",
    code_background="#f1f3f4",
    quote="#4b5563",
    list_marker="#b45309",
    footnote="#7c3aed",
    syntax="#9ca3af",
)
DARK_COLORS = EditorColors(
    heading="#8ab4f8",
    emphasis="#e8eaed",
    link="#8ab4f8",
    url="#9aa0a6",
    code="#f28b82",
    code_background="#2d2f31",
    quote="#bdc1c6",
    list_marker="#fbbc04",
    footnote="#c58af9",
    syntax="#80868b",
)


def system_is_dark() -> bool:
    hints = QGuiApplication.styleHints()
    scheme = getattr(hints, "colorScheme", None)
    if scheme is not None:
        from PySide6.QtCore import Qt  # not at import: see EditorApp.ensure_theme

        return scheme() == Qt.ColorScheme.Dark
    return QGuiApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128


def resolve(theme: str) -> str:
    """ "light" or "dark" for a theme setting ("system", "light", "dark")."""
    if theme in ("light", "dark"):
        return theme
    return "dark" if system_is_dark() else "light"


def colors_for(effective: str) -> EditorColors:
    return DARK_COLORS if effective == "dark" else LIGHT_COLORS


def _palette(dark: bool) -> QPalette:
    p = QPalette()
    if dark:
        window, base, text, button = "#202124", "#17181a", "#e8eaed", "#2d2f31"
        alt, highlight, disabled = "#26282b", "#3c63b0", "#7f8387"
        link = "#8ab4f8"
    else:
        window, base, text, button = "#f3f3f3", "#ffffff", "#1f1f1f", "#f7f7f7"
        alt, highlight, disabled = "#f6f7f9", "#2f6fdf", "#9a9a9a"
        link = "#0b57d0"
    role = QPalette.ColorRole
    p.setColor(role.Window, QColor(window))
    p.setColor(role.WindowText, QColor(text))
    p.setColor(role.Base, QColor(base))
    p.setColor(role.AlternateBase, QColor(alt))
    p.setColor(role.ToolTipBase, QColor(base))
    p.setColor(role.ToolTipText, QColor(text))
    p.setColor(role.PlaceholderText, QColor(disabled))
    p.setColor(role.Text, QColor(text))
    p.setColor(role.Button, QColor(button))
    p.setColor(role.ButtonText, QColor(text))
    p.setColor(role.BrightText, QColor("#ff5555"))
    p.setColor(role.Highlight, QColor(highlight))
    p.setColor(role.HighlightedText, QColor("#ffffff"))
    p.setColor(role.Link, QColor(link))
    for r in (role.Text, role.WindowText, role.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, r, QColor(disabled))
    return p


STYLE = "Fusion"  # the same look on every platform, palettes honoured
_STYLE_SET = "newsdesk_style"


def style_arguments() -> list[str]:
    """QApplication arguments that select the style as it starts: cheaper than
    setStyle afterwards, which makes PySide build QStyle's Python enums
    (~20 ms). Call `style_chosen(app)` on the application made with them."""
    return ["-style", STYLE]


def style_chosen(app: QApplication) -> None:
    app.setProperty(_STYLE_SET, STYLE)


def apply_theme(app: QApplication, theme: str) -> str:
    """Apply a theme setting to the whole application; returns the effective one."""
    effective = resolve(theme)
    if app.property(_STYLE_SET) != STYLE:
        app.setStyle(STYLE)
        style_chosen(app)
    app.setPalette(_palette(effective == "dark"))
    app.setProperty("newsdesk_theme", effective)
    return effective


def current_theme(app: QApplication | None = None) -> str:
    app = app or QApplication.instance()
    value = app.property("newsdesk_theme") if app is not None else None
    return value if value in ("light", "dark") else "light"
