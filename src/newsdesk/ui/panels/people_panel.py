"""The People panel: byline authors and contributors, with the credit sentence
exactly as the page prints it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from newsdesk.model.article import Person
from newsdesk.render.credits import credit_sentence
from newsdesk.ui.panels.base import SessionPanel
from newsdesk.ui.panels.record_section import FieldSpec, RecordSection
from newsdesk.ui.session import PART_PEOPLE


def _person_label(person: Person) -> str:
    return f"{person.name} — {person.role}" if person.role and person.name else person.name


class PeoplePanel(SessionPanel):
    parts = frozenset({PART_PEOPLE})
    title = "People"
    object_name = "peoplePanel"
    shortcut = "Ctrl+Alt+2"

    def build(self) -> None:
        self.byline = RecordSection(
            self,
            PART_PEOPLE,
            "byline",
            noun="author",
            heading="&Byline",
            list_rows=3,
            make_new=lambda: Person(name=""),
            label=_person_label,
            fields=[
                FieldSpec("name", "&Name", "Author name", "Joshua Brown"),
                FieldSpec("role", "&Role", "Author role", "optional, e.g. Big Big News"),
            ],
        )
        self.contributors = RecordSection(
            self,
            PART_PEOPLE,
            "contributors",
            noun="contributor",
            heading="&Contributors",
            list_rows=4,
            make_new=lambda: Person(name=""),
            label=_person_label,
            fields=[
                FieldSpec("name", "Na&me", "Contributor name", "Karl Ritter"),
                FieldSpec("role", "R&ole", "Contributor role", "e.g. Big Big News correspondent"),
            ],
        )
        self.credit = QLabel()
        self.credit.setWordWrap(True)
        self.credit.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.credit.setAccessibleName("Credit sentence as printed on the page")
        self.credit.setFrameShape(QFrame.Shape.StyledPanel)
        self.credit.setMargin(6)
        self.credit.setStyleSheet("font-style: italic;")

        caption = QLabel("Credit line on the page:")
        caption.setBuddy(self.credit)
        container = QWidget()
        layout = QVBoxLayout(container)
        layout.addWidget(self.byline)
        layout.addSpacing(8)
        layout.addWidget(self.contributors)
        layout.addWidget(caption)
        layout.addWidget(self.credit)
        layout.addStretch(1)
        self.setWidget(container)
        self.set_tab_order([*self.byline.tab_chain(), *self.contributors.tab_chain()])
        self.refresh()

    def first_field(self) -> QWidget:
        return self.byline.list_editor.list

    def credit_text(self) -> str:
        return credit_sentence(self.article.contributors)

    def load_from_model(self) -> None:
        problems = self.problems()
        self.byline.load_from_model(problems)
        self.contributors.load_from_model(problems)
        sentence = self.credit_text()
        self.credit.setText(sentence or "(no contributors: no credit line)")
        self.credit.setEnabled(bool(sentence))
        self.widget().setEnabled(not self.session.read_only)
