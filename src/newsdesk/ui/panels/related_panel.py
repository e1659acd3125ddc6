"""The Related links panel: title and http(s) address, in page order."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from newsdesk.model.article import RelatedLink
from newsdesk.ui.panels.base import SessionPanel
from newsdesk.ui.panels.record_section import FieldSpec, RecordSection
from newsdesk.ui.session import PART_RELATED, DocumentSession


class RelatedPanel(SessionPanel):
    parts = frozenset({PART_RELATED})
    title = "Related links"
    object_name = "relatedPanel"
    shortcut = "Ctrl+Alt+4"

    def __init__(self, session: DocumentSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.section = RecordSection(
            self,
            PART_RELATED,
            "related",
            noun="link",
            list_rows=8,
            make_new=lambda: RelatedLink(title="", url="https://"),
            label=lambda link: link.title or link.url,
            fields=[
                FieldSpec("title", "&Title", "Link title", "What the reader will find"),
                FieldSpec("url", "&Address", "Link address", "https://…"),
            ],
        )
        container = QWidget()
        layout = QVBoxLayout(container)
        layout.addWidget(self.section)
        layout.addStretch(1)
        self.setWidget(container)
        self.set_tab_order(self.section.tab_chain())
        self.refresh()

    @property
    def list_editor(self):
        return self.section.list_editor

    def first_field(self) -> QWidget:
        return self.section.list_editor.list

    def load_from_model(self) -> None:
        self.section.load_from_model(self.problems())
        self.widget().setEnabled(not self.session.read_only)
