"""The Article panel: headline, standfirst, topic, keywords, dateline, language,
slug, dates and status."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from newsdesk.model.article import Status, now_utc
from newsdesk.model.operations import COMMON_LANGUAGES, derived_slug, slug_override_for
from newsdesk.ui.panels.base import WARNING_STYLE, ProblemLabel, SessionPanel, show_text
from newsdesk.ui.panels.dates import DISPLAY_FORMAT, from_qdatetime, to_qdatetime
from newsdesk.ui.panels.tag_edit import TagEdit
from newsdesk.ui.session import PART_META

STATUS_LABELS = {Status.DRAFT: "Draft", Status.IN_REVIEW: "In review", Status.APPROVED: "Approved"}


def _article(article):
    return article


class CharacterCount(QLabel):
    """ "42 / 110", in the warning colour over the house limit."""

    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._what = what
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.over = False

    def show_count(self, count: int, limit: int) -> None:
        self.over = bool(limit) and count > limit
        self.setText(f"{count} / {limit}" if limit else str(count))
        self.setStyleSheet(
            WARNING_STYLE + " font-weight: 600;"
            if self.over
            else "color: palette(placeholder-text);"
        )
        state = f", {count - limit} over the limit" if self.over else ""
        self.setAccessibleName(f"{self._what} length: {count} of {limit} characters{state}")
        self.setToolTip(self.accessibleName())


class ArticlePanel(SessionPanel):
    parts = frozenset({PART_META})
    title = "Article"
    object_name = "articlePanel"
    shortcut = "Ctrl+Alt+1"

    def build(self) -> None:
        body = QWidget()
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)

        # Headline
        self.headline = QLineEdit()
        self.headline.setAccessibleName("Headline")
        self.headline.setPlaceholderText("What happened, in a line")
        self.headline_count = CharacterCount("Headline")
        self.headline_problems = ProblemLabel("Headline problems")
        self.headline.textEdited.connect(
            lambda text: self.set_value(
                PART_META, _article, "headline", text, "Edit headline", "headline"
            )
        )
        form.addRow(
            self._label("&Headline", self.headline),
            self._with_count(self.headline, self.headline_count, self.headline_problems),
        )

        # Standfirst
        self.standfirst = QPlainTextEdit()
        self.standfirst.setAccessibleName("Standfirst")
        self.standfirst.setPlaceholderText("The summary under the headline")
        self.standfirst.setTabChangesFocus(True)
        self.standfirst.setFixedHeight(self.standfirst.fontMetrics().lineSpacing() * 5 + 12)
        self.standfirst_count = CharacterCount("Standfirst")
        self.standfirst_problems = ProblemLabel("Standfirst problems")
        self.standfirst.textChanged.connect(
            lambda: self.set_value(
                PART_META,
                _article,
                "standfirst",
                self.standfirst.toPlainText(),
                "Edit standfirst",
                "standfirst",
            )
        )
        form.addRow(
            self._label("&Standfirst", self.standfirst),
            self._with_count(self.standfirst, self.standfirst_count, self.standfirst_problems),
        )

        # Topic
        self.topic = QComboBox()
        self.topic.setEditable(True)
        self.topic.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.topic.addItems(list(self.session.profile.topics))
        self.topic.setAccessibleName("Topic")
        self.topic.lineEdit().setAccessibleName("Topic")
        self.topic.lineEdit().setPlaceholderText("Choose or type a topic")
        self.topic.lineEdit().textEdited.connect(
            lambda text: self.set_value(PART_META, _article, "topic", text, "Edit topic", "topic")
        )
        self.topic.textActivated.connect(
            lambda text: self.set_value(PART_META, _article, "topic", text, "Choose topic")
        )
        self.topic_problems = ProblemLabel("Topic problems")
        form.addRow(self._label("&Topic", self.topic), self._stack(self.topic, self.topic_problems))

        # Keywords
        self.keywords = TagEdit()
        self.keywords.keywordsEdited.connect(
            lambda words: self.set_value(PART_META, _article, "keywords", words, "Edit keywords")
        )
        form.addRow(self._label("&Keywords", self.keywords.entry), self.keywords)

        # Dateline
        self.dateline = QLineEdit()
        self.dateline.setAccessibleName("Dateline")
        self.dateline.setPlaceholderText("VILNIUS, Lithuania")
        self.dateline.textEdited.connect(
            lambda text: self.set_value(
                PART_META, _article, "dateline", text, "Edit dateline", "dateline"
            )
        )
        form.addRow(self._label("&Dateline", self.dateline), self.dateline)

        # Language
        self.language = QComboBox()
        self.language.setEditable(True)
        self.language.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.language.addItems(list(COMMON_LANGUAGES))
        self.language.setAccessibleName("Language")
        self.language.lineEdit().setAccessibleName("Language")
        self.language.setToolTip("A BCP 47 language tag, e.g. en, de-CH, zh-Hant")
        self.language.lineEdit().textEdited.connect(
            lambda text: self.set_value(
                PART_META, _article, "language", text.strip(), "Edit language", "language"
            )
        )
        self.language.textActivated.connect(
            lambda text: self.set_value(PART_META, _article, "language", text, "Choose language")
        )
        self.language_problems = ProblemLabel("Language problems")
        form.addRow(
            self._label("&Language", self.language),
            self._stack(self.language, self.language_problems),
        )

        # Slug
        self.slug = QLineEdit()
        self.slug.setAccessibleName("Slug")
        self.slug.setAccessibleDescription("Empty: derived from the headline")
        self.slug.setToolTip("The page's address; leave empty to derive it from the headline")
        self.slug.setClearButtonEnabled(True)
        self.slug.textEdited.connect(
            lambda text: self.set_value(
                PART_META, _article, "slug_override", text, "Edit slug", "slug"
            )
        )
        self.slug.editingFinished.connect(self._clean_slug)
        form.addRow(self._label("Sl&ug", self.slug), self.slug)

        # Published / updated
        self.published_set = QCheckBox("Publis&hed")
        self.published_set.setAccessibleName("Published: set a publication time")
        self.published_set.toggled.connect(self._published_toggled)
        self.published = self._datetime_edit("Published time")
        self.published.dateTimeChanged.connect(
            lambda value: (
                self.set_value(
                    PART_META,
                    _article,
                    "published",
                    from_qdatetime(value),
                    "Edit published time",
                    "published",
                )
                if self.published_set.isChecked()
                else None
            )
        )
        form.addRow(self.published_set, self.published)

        self.updated = self._datetime_edit("Updated time")
        self.updated.dateTimeChanged.connect(
            lambda value: self.set_value(
                PART_META,
                _article,
                "updated",
                from_qdatetime(value),
                "Edit updated time",
                "updated",
            )
        )
        self.updated_problems = ProblemLabel("Updated time problems")
        form.addRow(
            self._label("U&pdated", self.updated), self._stack(self.updated, self.updated_problems)
        )

        # Status
        self.status = QComboBox()
        self.status.setAccessibleName("Status")
        for status, label in STATUS_LABELS.items():
            self.status.addItem(label, status)
        self.status.currentIndexChanged.connect(
            lambda index: self.set_value(
                PART_META, _article, "status", Status(self.status.itemData(index)), "Change status"
            )
        )
        form.addRow(self._label("St&atus", self.status), self.status)

        outer = QVBoxLayout(body)
        outer.addLayout(form)
        outer.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setAccessibleName("Article fields")
        scroll.setWidget(body)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(300)
        self.setWidget(scroll)

        order = [
            self.headline,
            self.standfirst,
            self.topic,
            self.keywords.entry,
            self.dateline,
            self.language,
            self.slug,
            self.published_set,
            self.published,
            self.updated,
            self.status,
        ]
        self.set_tab_order(order)
        self.route_undo(
            self.headline,
            self.standfirst,
            self.topic.lineEdit(),
            self.keywords.entry,
            self.dateline,
            self.language.lineEdit(),
            self.slug,
        )
        self.refresh()

    # --- building helpers ---

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    def _stack(self, *widgets: QWidget) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        for widget in widgets:
            layout.addWidget(widget)
        return box

    def _with_count(self, field: QWidget, count: QLabel, problems: QLabel) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(field)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(problems, 1)
        row.addWidget(count, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(row)
        return box

    def _datetime_edit(self, name: str) -> QDateTimeEdit:
        edit = QDateTimeEdit()
        edit.setDisplayFormat(DISPLAY_FORMAT)
        edit.setCalendarPopup(True)
        edit.setAccessibleName(name)
        return edit

    def first_field(self) -> QWidget:
        return self.headline

    # --- edits needing more than one value ---

    def _clean_slug(self) -> None:
        cleaned = slug_override_for(self.slug.text())
        if cleaned != self.article.slug_override:
            self.set_value(PART_META, _article, "slug_override", cleaned, "Edit slug", "slug")
        self.merger.break_merge()

    def _published_toggled(self, checked: bool) -> None:
        self.published.setEnabled(checked)
        if self.refreshing:
            return
        value: datetime | None = None
        if checked:
            value = self.article.published or now_utc()
        self.set_value(
            PART_META,
            _article,
            "published",
            value,
            "Set published time" if checked else "Clear published time",
        )

    # --- refresh ---

    def load_from_model(self) -> None:
        article = self.article
        limits = self.session.profile.limits
        problems = self.problems()
        show_text(self.headline, article.headline)
        self.headline_count.show_count(len(article.headline), limits.headline_max)
        self.headline_problems.show_problems(
            p for p in problems.get("headline", []) if article.headline
        )
        if self.standfirst.toPlainText() != article.standfirst:
            self.standfirst.setPlainText(article.standfirst)
        self.standfirst_count.show_count(len(article.standfirst), limits.standfirst_max)
        self.standfirst_problems.show_problems(problems.get("standfirst", []))
        if self.topic.currentText() != article.topic:
            self.topic.setEditText(article.topic)
        self.topic_problems.show_problems(problems.get("topic", []))
        self.keywords.set_keywords(article.keywords)
        show_text(self.dateline, article.dateline)
        if self.language.currentText() != article.language:
            self.language.setEditText(article.language)
        self.language_problems.show_problems(problems.get("language", []))
        show_text(self.slug, article.slug_override)
        self.slug.setPlaceholderText(derived_slug(article.headline))
        self.published_set.setChecked(article.published is not None)
        self.published.setEnabled(article.published is not None)
        self._show_datetime(self.published, article.published or article.updated)
        self._show_datetime(self.updated, article.updated)
        self.updated_problems.show_problems(problems.get("updated", []))
        index = self.status.findData(article.status)
        if index != self.status.currentIndex():
            self.status.setCurrentIndex(index)
        self.widget().setEnabled(not self.session.read_only)

    def _show_datetime(self, edit: QDateTimeEdit, value: datetime) -> None:
        wanted: QDateTime = to_qdatetime(value)
        if edit.dateTime() != wanted or edit.dateTime().offsetFromUtc() != wanted.offsetFromUtc():
            edit.setTimeZone(wanted.timeZone())
            edit.setDateTime(wanted)
