"""Export…: the portal HTML page, a single-file HTML page, the portal bundle
or a Markdown file, through the core exporters. Remembers the last folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
)

from newsdesk.errors import NewsdeskError

FORMATS = (
    ("html", "HTML page (with a media folder)"),
    ("html-inline", "HTML page, single file (images inlined)"),
    ("bundle", "Portal bundle (.zip, ninjs 3.1)"),
    ("markdown", "Markdown file (.md)"),
)


def export_article(article, profile, kind: str, folder: Path) -> Path:
    """Run the core exporter for `kind`; returns what was written."""
    folder.mkdir(parents=True, exist_ok=True)
    if kind in ("html", "html-inline"):
        from newsdesk.export.html_export import export_html

        return Path(export_html(article, folder, profile, inline=kind == "html-inline"))
    if kind == "bundle":
        from newsdesk.export.bundle import write_bundle

        return Path(write_bundle(article, folder, profile))
    if kind == "markdown":
        from newsdesk.interchange.markdown_file import write_markdown

        target = folder / f"{article.slug}.md"
        write_markdown(article, target)
        return target
    raise ValueError(f"unknown export format {kind!r}")


class ExportDialog(QDialog):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle("Export")
        self.result_path: Path | None = None
        settings = window.settings
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Format:"))
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        last = str(settings._q.value("export/format", "html"))
        for key, text in FORMATS:
            button = QRadioButton(text)
            button.setObjectName(f"format-{key}")
            self.group.addButton(button)
            self.buttons[key] = button
            layout.addWidget(button)
        self.buttons.get(last, self.buttons["html"]).setChecked(True)
        layout.addWidget(QLabel("Folder:"))
        row = QHBoxLayout()
        default = settings.folder("export") or (
            window.session.path.parent if window.session.path else Path.home()
        )
        self.folder = QLineEdit(str(default))
        self.folder.setAccessibleName("Export folder")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        layout.addLayout(row)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox()
        self.export_button = buttons.addButton("Export", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.export_button.clicked.connect(self.export)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def kind(self) -> str:
        return next(k for k, b in self.buttons.items() if b.isChecked())

    def _browse(self) -> None:
        name = QFileDialog.getExistingDirectory(self, "Export to", self.folder.text())
        if name:
            self.folder.setText(name)

    def export(self) -> Path | None:
        folder = Path(self.folder.text()).expanduser()
        kind = self.kind()
        session = self.window_.session
        try:
            written = export_article(session.article, session.profile, kind, folder)
        except (NewsdeskError, OSError) as exc:
            self.message.setText(f"Export failed: {exc}")
            return None
        settings = self.window_.settings
        settings.set_folder("export", folder)
        settings._q.setValue("export/format", kind)
        self.result_path = written
        self.message.setText(f"Exported to {written}")
        self.window_.statusBar().showMessage(f"Exported to {written}", 10_000)
        return written
