"""The Images panel: add from files, paste and drop (real image bytes), alt
text flagged, one featured image, insert into the body at the cursor, the
warning before removing an image the text shows, and the exported page."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent, QGuiApplication, QImage
from PySide6.QtWidgets import QApplication, QPlainTextEdit

from newsdesk.export.html_export import export_html
from newsdesk.model.article import Article, Faq, Image
from newsdesk.profile.model import Profile
from newsdesk.resources import resource_path
from newsdesk.storage.document import Document
from newsdesk.ui.panels.images_panel import ImagesPanel
from newsdesk.ui.session import PART_FAQS, DocumentSession


def _png(color: str = "#336699", size: tuple[int, int] = (64, 40)) -> bytes:
    image = QImage(*size, QImage.Format.Format_RGB32)
    image.fill(QColor(color))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(buffer, "PNG")
    return bytes(data)


class _Panel(ImagesPanel):
    """The panel with its prompts answered by the test (the overridable hooks)."""

    def __init__(self, *args, **kwargs) -> None:
        self.files: list = []
        self.confirm_answer = False
        self.confirm_asked: list[tuple[str, int]] = []
        self.errors: list[str] = []
        super().__init__(*args, **kwargs)

    def choose_files(self):
        return list(self.files)

    def confirm_remove_referenced(self, image, references):
        self.confirm_asked.append((image.filename, references))
        return self.confirm_answer

    def show_error(self, message):
        self.errors.append(message)


def _setup(qtbot, **fields) -> tuple[DocumentSession, _Panel, QPlainTextEdit]:
    article = Article(headline="NATO summit", body="First paragraph.\n\nSecond.", **fields)
    session = DocumentSession(article, Profile.default())
    body = QPlainTextEdit()
    qtbot.addWidget(body)
    session.attach_body_document(body.document())
    panel = _Panel(session, lambda text: body.textCursor().insertText(text))
    qtbot.addWidget(panel)
    panel.resize(380, 640)
    panel.show()
    return session, panel, body


def test_add_from_files_makes_thumbnails_and_flags_missing_alt(qtbot, tmp_path):
    session, panel, _body = _setup(qtbot)
    sample = resource_path("samples", "nato-summit-vilnius.png")
    other = tmp_path / "Summit photo (1).png"
    other.write_bytes(_png())
    not_image = tmp_path / "notes.txt"
    not_image.write_text("hello")
    panel.files = [sample, other, not_image]
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    names = [img.filename for img in session.article.images]
    assert names == ["nato-summit-vilnius.png", "summit-photo-1.png"]
    assert session.article.images[0].data == sample.read_bytes()
    assert session.article.images[1].media_type == "image/png"
    assert panel.errors and "notes.txt" in panel.errors[0]
    assert session.undo_stack.count() == 1  # both images: one step
    assert panel.list.count() == 2
    assert not panel.list.item(0).icon().isNull()
    assert panel.current_row() == 0
    assert panel.alt_problems.isVisible()
    assert "has no alt text" in panel.alt_problems.text()
    assert panel.list.item(0).text().startswith("⚠")
    qtbot.keyClicks(panel.alt, "Leaders at the summit")
    assert session.article.images[0].alt == "Leaders at the summit"
    assert not panel.alt_problems.isVisible()
    assert panel.list.item(0).text() == "nato-summit-vilnius.png"
    # The same picture again: the thumbnail comes from the cache.
    assert panel.thumbnail(session.article.images[0]) is panel.thumbnail(session.article.images[0])
    session.undo_stack.undo()
    assert session.article.images[0].alt == ""
    session.undo_stack.undo()
    assert session.article.images == [] and panel.list.count() == 0


def test_paste_and_drop(qtbot, tmp_path):
    session, panel, _body = _setup(qtbot)
    mime = QMimeData()
    mime.setImageData(QImage.fromData(_png("#aa0000")))
    QGuiApplication.clipboard().setMimeData(mime)
    qtbot.mouseClick(panel.paste_button, Qt.MouseButton.LeftButton)
    QGuiApplication.clipboard().clear()  # the clipboard owns `mime`: let it go now, not at exit
    assert [img.filename for img in session.article.images] == ["pasted-image.png"]
    assert QImage.fromData(session.article.images[0].data).pixelColor(0, 0) == QColor("#aa0000")

    dropped = tmp_path / "dropped.png"
    dropped.write_bytes(_png("#00aa00"))
    drop = QMimeData()
    drop.setUrls([QUrl.fromLocalFile(str(dropped))])
    point = QPointF(10, 10)
    for kind in (QDragEnterEvent, QDropEvent):
        event = kind(
            point if kind is QDropEvent else point.toPoint(),  # Qt: QPoint for drag events
            Qt.DropAction.CopyAction,
            drop,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
        QApplication.sendEvent(panel.list.viewport(), event)
        assert event.isAccepted()
    assert [img.filename for img in session.article.images] == ["pasted-image.png", "dropped.png"]
    assert session.article.images[1].data == dropped.read_bytes()
    assert panel.current_row() == 1


def test_only_one_featured_image(qtbot):
    images = [
        Image(f"{n}.png", "image/png", _png(c), alt=n) for n, c in (("a", "#111"), ("b", "#222"))
    ]
    session, panel, _body = _setup(qtbot, images=images)
    panel.list.setCurrentRow(0)
    qtbot.mouseClick(panel.featured, Qt.MouseButton.LeftButton)
    assert [img.featured for img in session.article.images] == [True, False]
    panel.list.setCurrentRow(1)
    assert not panel.featured.isChecked()
    qtbot.mouseClick(panel.featured, Qt.MouseButton.LeftButton)
    assert [img.featured for img in session.article.images] == [False, True]
    assert panel.list.item(1).text().startswith("★")
    session.undo_stack.undo()
    assert [img.featured for img in session.article.images] == [True, False]
    assert not panel.featured.isChecked()  # row 1 shown, no longer featured


def test_insert_into_body_at_the_cursor_and_export(qtbot, tmp_path):
    sample = resource_path("samples", "nato-summit-vilnius.png").read_bytes()
    image = Image("summit.png", "image/png", sample)
    session, panel, body = _setup(qtbot, images=[image])
    qtbot.keyClicks(panel.alt, "Leaders pose [for] a photo")
    qtbot.keyClicks(panel.credit, "AP Photo")
    cursor = body.textCursor()
    cursor.setPosition(len("First paragraph.\n\n"))
    body.setTextCursor(cursor)
    qtbot.mouseClick(panel.insert_button, Qt.MouseButton.LeftButton)
    expected = "First paragraph.\n\n![Leaders pose \\[for\\] a photo](summit.png)Second."
    assert session.article.body == expected == body.toPlainText()
    session.undo_stack.undo()
    assert session.article.body == "First paragraph.\n\nSecond."
    session.undo_stack.redo()
    assert session.article.body == expected

    page = export_html(session.article, tmp_path / "out", session.profile)
    html = page.read_text(encoding="utf-8")
    assert 'alt="Leaders pose [for] a photo"' in html
    media = list((tmp_path / "out").rglob("*.png"))
    assert len(media) == 1 and media[0].read_bytes() == sample
    assert media[0].name in html


def test_removing_an_image_the_text_shows_asks_first(qtbot):
    images = [
        Image("used.png", "image/png", _png("#123456"), alt="Used"),
        Image("unused.png", "image/png", _png("#654321"), alt="Unused"),
    ]
    session, panel, _body = _setup(qtbot, images=images, faqs=[Faq("Q", "See ![x](used.png)")])
    session.edit("body", lambda a: a, "body", "Text ![Used](used.png) more.", "Replace text")
    count = session.undo_stack.count()
    panel.list.setCurrentRow(0)
    panel.confirm_answer = False
    qtbot.mouseClick(panel.remove_button, Qt.MouseButton.LeftButton)
    assert panel.confirm_asked == [("used.png", 2)]  # body and FAQ answer
    assert [img.filename for img in session.article.images] == ["used.png", "unused.png"]
    assert session.undo_stack.count() == count
    panel.confirm_answer = True
    qtbot.mouseClick(panel.remove_button, Qt.MouseButton.LeftButton)
    assert [img.filename for img in session.article.images] == ["unused.png"]
    # An image nothing shows goes without asking.
    panel.confirm_asked.clear()
    qtbot.mouseClick(panel.remove_button, Qt.MouseButton.LeftButton)
    assert session.article.images == [] and panel.confirm_asked == []
    session.undo_stack.undo()
    session.undo_stack.undo()
    assert [img.filename for img in session.article.images] == ["used.png", "unused.png"]
    session.edit(PART_FAQS, lambda a: a, "faqs", [], "Remove FAQ")  # refresh path for FAQs


def test_image_edits_reach_the_saved_file(qtbot, tmp_path):
    session, panel, _body = _setup(qtbot)
    panel.add_images([("photo.png", _png())])
    qtbot.keyClicks(panel.alt, "A photo")
    qtbot.keyClicks(panel.caption, "Leaders *meet*")
    qtbot.keyClicks(panel.credit, "AP")
    qtbot.mouseClick(panel.featured, Qt.MouseButton.LeftButton)
    path = tmp_path / "images.newsdesk"
    Document.create(path, session.article).close()
    with Document.open(path) as document:
        reopened = document.load()
    assert reopened.images == session.article.images
    image = reopened.images[0]
    assert (image.alt, image.caption, image.credit, image.featured) == (
        "A photo",
        "Leaders *meet*",
        "AP",
        True,
    )
    again = ImagesPanel(DocumentSession(reopened, Profile.default()), lambda text: None)
    qtbot.addWidget(again)
    assert again.alt.text() == "A photo"
    assert again.caption.toPlainText() == "Leaders *meet*"
    assert again.featured.isChecked()
