"""The FAQ panel: question/answer pairs; answers are Markdown."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from newsdesk.model.article import Faq
from newsdesk.ui.panels.base import SessionPanel
from newsdesk.ui.panels.record_section import FieldSpec, RecordSection
from newsdesk.ui.session import PART_FAQS, DocumentSession


class FaqPanel(SessionPanel):
    parts = frozenset({PART_FAQS})
    title = "FAQs"
    object_name = "faqPanel"
    shortcut = "Ctrl+Alt+3"

    def __init__(self, session: DocumentSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.section = RecordSection(
            self,
            PART_FAQS,
            "faqs",
            noun="FAQ",
            make_new=lambda: Faq(question="", answer=""),
            label=lambda faq: faq.question,
            fields=[
                FieldSpec("question", "&Question", "Question", "What is…?"),
                FieldSpec("answer", "&Answer", "Answer", "Markdown", markdown_lines=6),
            ],
        )
        container = QWidget()
        layout = QVBoxLayout(container)
        layout.addWidget(self.section)
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
