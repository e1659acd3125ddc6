"""A ListEditor with a detail form for the current record's text fields: what
the People, FAQ and Related links panels are made of."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from newsdesk.ui.panels.base import ProblemLabel, SessionPanel, show_text
from newsdesk.ui.panels.list_editor import ListEditor
from newsdesk.ui.panels.markdown_field import MarkdownField


@dataclass(frozen=True)
class FieldSpec:
    attribute: str  # on the record, e.g. "question"
    label: str  # with a mnemonic, e.g. "&Question"
    accessible_name: str
    placeholder: str = ""
    markdown_lines: int = 0  # > 0: a Markdown field this many lines high


class RecordSection(QWidget):
    """Records of ``article.<attribute>``: the list, then the fields of the
    current record, each with its problems flagged beside it."""

    def __init__(
        self,
        panel: SessionPanel,
        part: str,
        attribute: str,
        *,
        noun: str,
        make_new: Callable[[], Any],
        label: Callable[[Any], str],
        fields: list[FieldSpec],
        heading: str = "",
        list_rows: int = 0,
        **list_options: Any,
    ) -> None:
        super().__init__()
        self.panel = panel
        self.part = part
        self.attribute = attribute
        self.noun = noun
        self.specs = fields
        self._problems: dict[str, list] = {}
        self.list_editor = ListEditor(
            panel.session,
            part,
            attribute,
            noun=noun,
            make_new=make_new,
            label=label,
            flagged=self._row_flagged,
            **list_options,
        )
        self.list_editor.currentRowChanged.connect(self._current_changed)
        # Alt+Up / Alt+Down also work while typing in the record's fields.
        self.addActions(self.list_editor.actions())
        self.fields: dict[str, QLineEdit | MarkdownField] = {}
        self.problem_labels: dict[str, ProblemLabel] = {}

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        if heading:
            title = QLabel(f"<b>{heading}</b>")
            title.setBuddy(self.list_editor.list)
            layout.addWidget(title)
        if list_rows:  # a short list; the panel's spare room goes elsewhere
            rows = self.list_editor.list.fontMetrics().lineSpacing() + 4
            self.list_editor.list.setFixedHeight(rows * list_rows + 6)
        layout.addWidget(self.list_editor, 0 if list_rows else 1)
        self.form_box = QWidget()
        form = QFormLayout(self.form_box)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for spec in fields:
            if spec.markdown_lines:
                widget: QLineEdit | MarkdownField = MarkdownField(spec.markdown_lines)
                widget.setPlaceholderText(spec.placeholder)
                widget.textChanged.connect(
                    lambda w=widget, s=spec: self._edited(s, w.toPlainText())
                )
            else:
                widget = QLineEdit()
                widget.setPlaceholderText(spec.placeholder)
                widget.textEdited.connect(lambda text, s=spec: self._edited(s, text))
            widget.setAccessibleName(spec.accessible_name)
            problems = ProblemLabel(f"{spec.accessible_name} problems")
            box = QWidget()
            box_layout = QVBoxLayout(box)
            box_layout.setContentsMargins(0, 0, 0, 0)
            box_layout.setSpacing(2)
            box_layout.addWidget(widget)
            box_layout.addWidget(problems)
            label_widget = QLabel(spec.label)
            label_widget.setBuddy(widget)
            form.addRow(label_widget, box)
            panel.route_undo(widget)
            self.fields[spec.attribute] = widget
            self.problem_labels[spec.attribute] = problems
        layout.addWidget(self.form_box, 0 if list_rows else 2)

    def tab_chain(self) -> list[QWidget]:
        """The list, its buttons, then the fields: the panel sets the order
        once everything sits in one window."""
        editor = self.list_editor
        buttons = [
            editor.add_button,
            editor.duplicate_button,
            editor.remove_button,
            editor.up_button,
            editor.down_button,
        ]
        return [editor.list, *buttons, *self.fields.values()]

    def _current_changed(self, _row: int) -> None:
        if not self.panel.refreshing:
            self.panel.refresh()

    # --- edits ---

    def _edited(self, spec: FieldSpec, value: str) -> None:
        row = self.list_editor.current_row()
        if row < 0 or self.panel.refreshing:
            return
        self.panel.set_value(
            self.part,
            lambda article, row=row: getattr(article, self.attribute)[row],
            spec.attribute,
            value,
            f"Edit {self.noun} {spec.accessible_name.lower()}",
            (self.attribute, row, spec.attribute),
        )

    # --- refresh (called inside the panel's guarded refresh) ---

    def _row_flagged(self, row: int) -> bool:
        prefix = f"{self.attribute}[{row}]."
        return any(name.startswith(prefix) for name in self._problems)

    def load_from_model(self, problems: dict[str, list]) -> None:
        self._problems = problems
        self.list_editor.refresh()
        row = self.list_editor.current_row()
        records = getattr(self.panel.article, self.attribute)
        record = records[row] if 0 <= row < len(records) else None
        self.form_box.setEnabled(record is not None)
        for spec in self.specs:
            widget = self.fields[spec.attribute]
            value = getattr(record, spec.attribute) if record is not None else ""
            if isinstance(widget, MarkdownField):
                widget.set_text_keeping_cursor(value)
            else:
                show_text(widget, value)
            self.problem_labels[spec.attribute].show_problems(
                problems.get(f"{self.attribute}[{row}].{spec.attribute}", [])
                if record is not None
                else []
            )


class RecordListPanel(SessionPanel):
    """A panel that is one RecordSection (FAQs, related links)."""

    section: RecordSection

    def install_section(self, section: RecordSection, *, stretch: bool = False) -> None:
        self.section = section
        container = QWidget()
        layout = QVBoxLayout(container)
        layout.addWidget(section)
        if stretch:
            layout.addStretch(1)
        self.setWidget(container)
        self.set_tab_order(section.tab_chain())
        self.refresh()

    @property
    def list_editor(self) -> ListEditor:
        return self.section.list_editor

    def first_field(self) -> QWidget:
        return self.section.list_editor.list

    def load_from_model(self) -> None:
        self.section.load_from_model(self.problems())
        self.widget().setEnabled(not self.session.read_only)
