"""The Article panel with real widgets: edits reach the model as undoable steps,
refreshes from the model push nothing, and the edits survive a save and reopen."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from PySide6.QtCore import Qt

from newsdesk.model.article import Article, Person, Status
from newsdesk.profile.model import HouseLimits, Profile
from newsdesk.storage.document import Document
from newsdesk.ui.panels.article_panel import ArticlePanel
from newsdesk.ui.panels.base import TypingMerger
from newsdesk.ui.session import PART_META, DocumentSession


def _type(qtbot, field, text: str) -> None:
    """Type at the end of a line edit, as after clicking behind its text."""
    field.end(False)
    qtbot.keyClicks(field, text)


def _panel(qtbot, **fields) -> tuple[DocumentSession, ArticlePanel]:
    article = Article(
        headline="NATO meets", body="Text.", byline=[Person("Joshua Brown")], **fields
    )
    profile = Profile(limits=HouseLimits(headline_max=20, standfirst_max=30))
    session = DocumentSession(article, profile)
    panel = ArticlePanel(session)
    qtbot.addWidget(panel)
    panel.show()
    return session, panel


def test_typing_a_headline_is_one_undo_step_and_counts_characters(qtbot):
    session, panel = _panel(qtbot)
    panel.headline.setFocus()
    panel.headline.end(False)
    _type(qtbot, panel.headline, " in Vilnius")
    assert session.article.headline == "NATO meets in Vilnius"
    assert session.modified
    assert session.undo_stack.count() == 1
    assert panel.headline_count.text() == "21 / 20"
    assert panel.headline_count.over
    assert "b3261e" in panel.headline_count.styleSheet()
    session.undo_stack.undo()
    assert session.article.headline == "NATO meets" == panel.headline.text()
    assert panel.headline_count.text() == "10 / 20" and not panel.headline_count.over
    assert not session.modified


def test_a_pause_or_another_field_starts_a_new_undo_step(qtbot):
    session, panel = _panel(qtbot)
    now = [0.0]
    panel.merger = TypingMerger(pause_seconds=1.5, clock=lambda: now[0])
    _type(qtbot, panel.headline, "A")
    now[0] = 0.5
    _type(qtbot, panel.headline, "B")
    now[0] = 3.0  # a pause
    _type(qtbot, panel.headline, "C")
    _type(qtbot, panel.dateline, "VILNIUS")
    _type(qtbot, panel.headline, "D")
    assert session.undo_stack.count() == 4
    texts = [session.undo_stack.text(i) for i in range(4)]
    assert texts == ["Edit headline", "Edit headline", "Edit dateline", "Edit headline"]
    session.undo_stack.undo()
    session.undo_stack.undo()
    assert session.article.dateline == ""
    session.undo_stack.undo()
    assert session.article.headline == "NATO meetsAB" == panel.headline.text()


def test_ctrl_z_in_a_field_undoes_on_the_shared_stack(qtbot):
    session, panel = _panel(qtbot)
    session.edit(PART_META, lambda a: a, "topic", "World", "Edit topic")
    _type(qtbot, panel.dateline, "KYIV")
    qtbot.keyClick(panel.dateline, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert session.article.dateline == "" == panel.dateline.text()
    qtbot.keyClick(panel.dateline, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert session.article.topic == "" == panel.topic.currentText()  # the other field, too
    qtbot.keyClick(
        panel.dateline,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert session.article.topic == "World"


def test_refreshing_from_the_model_pushes_nothing(qtbot):
    session, panel = _panel(qtbot)
    seen: list[str] = []
    session.changed.connect(seen.append)
    session.edit(PART_META, lambda a: a, "headline", "Changed elsewhere", "Edit headline")
    session.edit(PART_META, lambda a: a, "keywords", ["A", "B"], "Edit keywords")
    session.edit(PART_META, lambda a: a, "status", Status.APPROVED, "Change status")
    session.edit(PART_META, lambda a: a, "language", "de-CH", "Edit language")
    session.edit(PART_META, lambda a: a, "published", datetime(2023, 7, 12, tzinfo=UTC), "Pub")
    assert session.undo_stack.count() == 5
    assert panel.headline.text() == "Changed elsewhere"
    assert panel.keywords.keywords() == ["A", "B"]
    assert panel.status.currentData() == Status.APPROVED
    assert panel.language.currentText() == "de-CH"
    assert panel.published_set.isChecked() and panel.published.isEnabled()
    for _ in range(5):
        session.undo_stack.undo()
    assert session.undo_stack.count() == 5 and session.undo_stack.index() == 0
    assert panel.headline.text() == "NATO meets"
    assert panel.keywords.keywords() == []
    assert panel.status.currentData() == Status.DRAFT
    assert not panel.published_set.isChecked() and not panel.published.isEnabled()
    assert seen == [PART_META] * 10


def test_keywords_as_chips(qtbot):
    session, panel = _panel(qtbot, keywords=["NATO"])
    entry = panel.keywords.entry
    qtbot.keyClicks(entry, "Ukraine")
    qtbot.keyClick(entry, Qt.Key.Key_Return)
    qtbot.keyClicks(entry, "Vilnius,")
    assert session.article.keywords == ["NATO", "Ukraine", "Vilnius"]
    assert [chip.keyword for chip in panel.keywords.chips()] == ["NATO", "Ukraine", "Vilnius"]
    assert entry.text() == ""
    qtbot.keyClick(entry, Qt.Key.Key_Backspace)
    assert session.article.keywords == ["NATO", "Ukraine"]
    chip = panel.keywords.chips()[0]
    assert chip.remove_button.accessibleName() == "Remove keyword NATO"
    qtbot.mouseClick(chip.remove_button, Qt.MouseButton.LeftButton)
    assert session.article.keywords == ["Ukraine"]
    assert session.undo_stack.count() == 4
    session.undo_stack.undo()
    assert panel.keywords.keywords() == ["NATO", "Ukraine"]


def test_slug_is_derived_until_typed_and_clearing_returns_to_derived(qtbot):
    session, panel = _panel(qtbot)
    assert panel.slug.text() == ""
    assert panel.slug.placeholderText() == "nato-meets"
    _type(qtbot, panel.headline, " again")
    assert panel.slug.placeholderText() == "nato-meets-again"
    _type(qtbot, panel.slug, "Summit Day-1")
    assert session.article.slug_override == "Summit Day-1"  # as typed while typing...
    panel.slug.editingFinished.emit()
    assert session.article.slug_override == "summit-day-1"  # ...cleaned when done
    assert panel.slug.text() == "summit-day-1"
    assert session.article.slug == "summit-day-1"
    panel.slug.clear()
    panel.slug.textEdited.emit("")
    assert session.article.slug_override == ""
    assert session.article.slug == "nato-meets-again" == panel.slug.placeholderText()


def test_language_is_validated_in_place(qtbot):
    session, panel = _panel(qtbot)
    line = panel.language.lineEdit()
    line.selectAll()
    qtbot.keyClicks(line, "english")
    assert session.article.language == "english"
    assert panel.language_problems.isVisible()
    assert "BCP 47" in panel.language_problems.text()
    line.selectAll()
    qtbot.keyClicks(line, "de-CH")
    assert session.article.language == "de-CH"
    assert not panel.language_problems.isVisible()


def test_topic_offers_the_profile_topics_and_takes_free_text(qtbot):
    session, panel = _panel(qtbot)
    offered = [panel.topic.itemText(i) for i in range(panel.topic.count())]
    assert offered == list(session.profile.topics)
    panel.topic.textActivated.emit("Sports")
    assert session.article.topic == "Sports"
    panel.topic.lineEdit().selectAll()
    qtbot.keyClicks(panel.topic.lineEdit(), "Baltic security")
    assert session.article.topic == "Baltic security"


def test_dates_keep_their_timezone_and_published_is_optional(qtbot):
    kyiv = timezone(timedelta(hours=3))
    session, panel = _panel(qtbot, updated=datetime(2023, 7, 12, 17, 24, tzinfo=kyiv))
    assert panel.updated.text() == "2023-07-12 17:24 UTC+03:00"
    panel.updated.setDateTime(panel.updated.dateTime().addSecs(3600))
    assert session.article.updated == datetime(2023, 7, 12, 18, 24, tzinfo=kyiv)
    assert session.article.updated.utcoffset() == timedelta(hours=3)
    assert session.article.published is None
    qtbot.mouseClick(panel.published_set, Qt.MouseButton.LeftButton)
    assert session.article.published is not None
    assert panel.published.isEnabled()
    qtbot.mouseClick(panel.published_set, Qt.MouseButton.LeftButton)
    assert session.article.published is None


def test_status_and_standfirst(qtbot):
    session, panel = _panel(qtbot)
    panel.status.setCurrentIndex(panel.status.findData(Status.IN_REVIEW))
    assert session.article.status is Status.IN_REVIEW
    qtbot.keyClicks(panel.standfirst, "A summary that is longer than thirty")
    assert session.article.standfirst == "A summary that is longer than thirty"
    assert panel.standfirst_count.over
    assert panel.standfirst_problems.isVisible()


def test_edits_reach_the_saved_file_and_come_back(qtbot, tmp_path):
    session, panel = _panel(qtbot)
    _type(qtbot, panel.headline, " in Vilnius")
    qtbot.keyClicks(panel.keywords.entry, "NATO,Ukraine,")
    _type(qtbot, panel.dateline, "VILNIUS, Lithuania")
    panel.status.setCurrentIndex(panel.status.findData(Status.APPROVED))
    _type(qtbot, panel.slug, "nato-vilnius")
    path = tmp_path / "article.newsdesk"
    Document.create(path, session.article).close()
    with Document.open(path) as document:
        reopened = document.load()
    assert reopened == session.article
    assert reopened.headline == "NATO meets in Vilnius"
    assert reopened.keywords == ["NATO", "Ukraine"]
    assert reopened.slug == "nato-vilnius"

    other = DocumentSession(reopened, session.profile)
    second = ArticlePanel(other)
    qtbot.addWidget(second)
    assert second.headline.text() == "NATO meets in Vilnius"
    assert second.keywords.keywords() == ["NATO", "Ukraine"]
    assert second.dateline.text() == "VILNIUS, Lithuania"
    assert second.status.currentData() == Status.APPROVED
    assert second.slug.text() == "nato-vilnius"
    assert other.undo_stack.count() == 0
