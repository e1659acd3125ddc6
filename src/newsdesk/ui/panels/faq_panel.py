"""The FAQ panel: question/answer pairs; answers are Markdown."""

from __future__ import annotations

from newsdesk.model.article import Faq
from newsdesk.ui.panels.record_section import FieldSpec, RecordListPanel, RecordSection
from newsdesk.ui.session import PART_FAQS


class FaqPanel(RecordListPanel):
    parts = frozenset({PART_FAQS})
    title = "FAQs"
    object_name = "faqPanel"
    shortcut = "Ctrl+Alt+3"

    def build(self) -> None:
        section = RecordSection(
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
        self.install_section(section)
