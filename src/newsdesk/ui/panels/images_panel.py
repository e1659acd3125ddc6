"""The Images panel: the document's images as thumbnails; add from a file, by
paste or drop; alt text, caption, credit, the featured image; insert into the
body at the cursor."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtCore import QMimeData, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QIcon, QImage, QKeySequence, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from newsdesk.model import operations as ops
from newsdesk.model.article import Article, Image
from newsdesk.model.images import NotAnImageError, markdown_reference, new_image
from newsdesk.ui.panels.base import ProblemLabel, SessionPanel, show_text
from newsdesk.ui.panels.markdown_field import MarkdownField
from newsdesk.ui.session import PART_BODY, PART_FAQS, PART_IMAGES, DocumentSession

THUMBNAIL = QSize(96, 72)
IMAGE_FILTER = "Images (*.png *.jpg *.jpeg *.gif *.webp *.avif *.svg)"


def _article(article: Article) -> Article:
    return article


def images_from_mime(mime: QMimeData) -> list[tuple[str, bytes]]:
    """(file name, bytes) of what was pasted or dropped: local image files
    first, else image data (a screenshot), which becomes "pasted-image.png"."""
    found: list[tuple[str, bytes]] = []
    for url in mime.urls() if mime.hasUrls() else []:
        if url.isLocalFile():
            path = Path(url.toLocalFile())
            if path.is_file():
                found.append((path.name, path.read_bytes()))
    if found:
        return found
    if mime.hasImage():
        image = mime.imageData()
        if isinstance(image, QImage) and not image.isNull():
            from PySide6.QtCore import QBuffer, QByteArray, QIODevice

            data = QByteArray()
            buffer = QBuffer(data)
            buffer.open(QIODevice.OpenModeFlag.WriteOnly)
            image.save(buffer, "PNG")
            return [("pasted-image.png", bytes(data))]
    for fmt in ("image/png", "image/jpeg", "image/gif", "image/webp", "image/svg+xml"):
        if mime.hasFormat(fmt):
            suffix = {"image/jpeg": "jpg", "image/svg+xml": "svg"}.get(fmt, fmt.split("/")[1])
            return [(f"pasted-image.{suffix}", bytes(mime.data(fmt)))]
    return []


class ImageList(QListWidget):
    """Thumbnails; accepts dropped image files and image data."""

    filesDropped = Signal(list)  # noqa: N815 - list[tuple[str, bytes]]

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setIconSize(THUMBNAIL)
        self.setGridSize(QSize(THUMBNAIL.width() + 24, THUMBNAIL.height() + 40))
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setWordWrap(True)
        self.setUniformItemSizes(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)  # icon mode turns it off

    def _acceptable(self, mime: QMimeData) -> bool:
        return (
            mime.hasUrls() or mime.hasImage() or any(f.startswith("image/") for f in mime.formats())
        )

    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if self._acceptable(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:  # noqa: N802
        if self._acceptable(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event) -> None:  # noqa: N802
        found = images_from_mime(event.mimeData())
        if not found:
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        self.filesDropped.emit(found)


class ImagesPanel(SessionPanel):
    parts = frozenset({PART_IMAGES})
    title = "Images"
    object_name = "imagesPanel"
    shortcut = "Ctrl+Alt+5"

    def __init__(
        self,
        session: DocumentSession,
        insert_into_body: Callable[[str], None],
        parent: QWidget | None = None,
    ) -> None:
        self._insert_into_body = insert_into_body
        self._thumbnails: dict[str, QIcon] = {}  # by sha256: the bytes decide the picture
        super().__init__(session, parent)

    def build(self) -> None:
        self.list = ImageList()
        self.list.setAccessibleName("Images in the document")
        self.list.setAccessibleDescription(
            "Drop or paste image files here; Ctrl+V pastes an image from the clipboard"
        )
        self.list.currentRowChanged.connect(self._current_changed)
        self.list.itemDoubleClicked.connect(lambda _item: self.insert_current())
        self.list.filesDropped.connect(self.add_images)
        paste = QAction("Paste image", self.list)
        paste.setShortcut(QKeySequence(QKeySequence.StandardKey.Paste))
        paste.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        paste.triggered.connect(self.paste)
        self.list.addAction(paste)
        remove = QAction("Remove image", self.list)
        remove.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        remove.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        remove.triggered.connect(self.remove_current)
        self.list.addAction(remove)

        self.add_button = self._button("&Add…", "Add images from files", self.add_from_files)
        self.paste_button = self._button("Paste", "Paste an image from the clipboard", self.paste)
        self.remove_button = self._button("Remove", "Remove image", self.remove_current)
        self.insert_button = self._button(
            "&Insert into body", "Insert into the body at the cursor", self.insert_current
        )
        # Two rows, so the panel fits a dock as narrow as the other panels'.
        buttons = QGridLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for column, button in enumerate((self.add_button, self.paste_button, self.remove_button)):
            buttons.addWidget(button, 0, column)
        buttons.addWidget(self.insert_button, 1, 0, 1, 3)

        self.file_info = QLabel()
        self.file_info.setWordWrap(True)  # a long file name must not widen the dock
        self.file_info.setAccessibleName("Image file")
        self.file_info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.alt = QLineEdit()
        self.alt.setAccessibleName("Alt text")
        self.alt.setPlaceholderText("What the image shows, for readers who cannot see it")
        self.alt.textEdited.connect(lambda text: self._edited("alt", text))
        self.alt_problems = ProblemLabel("Alt text problems")
        self.caption = MarkdownField(2)
        self.caption.setAccessibleName("Caption")
        self.caption.setPlaceholderText("Caption (Markdown)")
        self.caption.textChanged.connect(
            lambda: self._edited("caption", self.caption.toPlainText())
        )
        self.credit = QLineEdit()
        self.credit.setAccessibleName("Image credit")
        self.credit.setPlaceholderText("e.g. AP Photo/Mindaugas Kulbis")
        self.credit.textEdited.connect(lambda text: self._edited("credit", text))
        self.featured = QCheckBox("&Featured image")
        self.featured.setAccessibleName("Featured image")
        self.featured.setToolTip("The featured image is shown at the top of the page")
        self.featured.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.featured.toggled.connect(self._featured_toggled)

        self.details = QWidget()
        form = QFormLayout(self.details)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("File", self.file_info)
        alt_box = QWidget()
        alt_layout = QVBoxLayout(alt_box)
        alt_layout.setContentsMargins(0, 0, 0, 0)
        alt_layout.setSpacing(2)
        alt_layout.addWidget(self.alt)
        alt_layout.addWidget(self.alt_problems)
        form.addRow(self._label("A&lt text", self.alt), alt_box)
        form.addRow(self._label("&Caption", self.caption), self.caption)
        form.addRow(self._label("C&redit", self.credit), self.credit)
        form.addRow("", self.featured)

        container = QWidget()
        layout = QVBoxLayout(container)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.details)
        self.setWidget(container)

        order = [
            self.list,
            self.add_button,
            self.paste_button,
            self.remove_button,
            self.insert_button,
            self.alt,
            self.caption,
            self.credit,
            self.featured,
        ]
        self.set_tab_order(order)
        self.route_undo(self.alt, self.caption, self.credit)
        self._uses_timer = QTimer(self)
        self._uses_timer.setSingleShot(True)
        self._uses_timer.setInterval(500)
        self._uses_timer.timeout.connect(self._update_item_texts)
        self.session.changed.connect(self._body_changed)
        self.refresh()

    def _button(self, text: str, name: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name)
        button.setToolTip(name)
        button.clicked.connect(slot)
        return button

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    def first_field(self) -> QWidget:
        return self.list

    # --- prompts (overridable, so tests and other front ends can answer them) ---

    def choose_files(self) -> list[Path]:
        names, _filter = QFileDialog.getOpenFileNames(self, "Add images", "", IMAGE_FILTER)
        return [Path(name) for name in names]

    def confirm_remove_referenced(self, image: Image, references: int) -> bool:
        times = "once" if references == 1 else f"{references} times"
        answer = QMessageBox.warning(
            self,
            "Remove image",
            f"The article shows “{image.filename}” {times}. If you remove the image, "
            "the page will show a broken image there.\n\nRemove it anyway?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def show_error(self, message: str) -> None:
        QMessageBox.warning(self, "Images", message)

    # --- actions ---

    def current_row(self) -> int:
        return self.list.currentRow()

    def current_image(self) -> Image | None:
        row = self.current_row()
        return self.article.images[row] if 0 <= row < len(self.article.images) else None

    def add_from_files(self) -> None:
        found = []
        for path in self.choose_files():
            try:
                found.append((path.name, path.read_bytes()))
            except OSError as error:
                self.show_error(f"Could not read {path}: {error.strerror or error}")
        self.add_images(found)

    def paste(self) -> None:
        found = images_from_mime(QGuiApplication.clipboard().mimeData())
        if not found:
            self.show_error("The clipboard holds no image.")
            return
        self.add_images(found)

    def add_images(self, found: Iterable[tuple[str, bytes]]) -> list[Image]:
        """Add images (file name, bytes) as one undo step; unreadable or
        non-image data is reported, the rest is added."""
        if self.session.read_only:
            return []
        scratch = Article(images=list(self.article.images))
        added: list[Image] = []
        problems: list[str] = []
        for filename, data in found:
            try:
                image = new_image(scratch, filename, data)
            except NotAnImageError as error:
                problems.append(str(error))
                continue
            scratch.images.append(image)
            added.append(image)
        if problems:
            self.show_error("\n".join(problems))
        if added:
            noun = "image" if len(added) == 1 else "images"
            self.set_value(PART_IMAGES, _article, "images", scratch.images, f"Add {noun}")
            self.list.setCurrentRow(len(scratch.images) - len(added))
        return added

    def remove_current(self) -> None:
        image = self.current_image()
        if image is None or self.session.read_only:
            return
        references = ops.image_uses(self.article, image.filename)
        if references and not self.confirm_remove_referenced(image, references):
            return
        row = self.current_row()
        images = ops.remove_item(self.article.images, row)
        self.set_value(PART_IMAGES, _article, "images", images, "Remove image")
        self.list.setCurrentRow(min(row, len(images) - 1))

    def insert_current(self) -> None:
        image = self.current_image()
        if image is not None and not self.session.read_only:
            self._insert_into_body(markdown_reference(image))

    def _edited(self, attribute: str, value: str) -> None:
        row = self.current_row()
        if row < 0 or self.refreshing:
            return
        names = {"alt": "alt text", "caption": "caption", "credit": "credit"}
        self.set_value(
            PART_IMAGES,
            lambda article, row=row: article.images[row],
            attribute,
            value,
            f"Edit image {names[attribute]}",
            ("images", row, attribute),
        )

    def _featured_toggled(self, checked: bool) -> None:
        row = self.current_row()
        if row < 0 or self.refreshing:
            return
        images = ops.with_featured(self.article.images, row if checked else None)
        self.set_value(
            PART_IMAGES,
            _article,
            "images",
            images,
            "Feature image" if checked else "Unfeature image",
        )

    def _current_changed(self, _row: int) -> None:
        if not self.refreshing:
            self.refresh()

    def _body_changed(self, part: str) -> None:
        # "Used in the text" notes follow the text, not every keystroke of it.
        if part in (PART_BODY, PART_FAQS) and not self._uses_timer.isActive():
            self._uses_timer.start()

    # --- refresh ---

    def thumbnail(self, image: Image) -> QIcon:
        key = image.sha256
        icon = self._thumbnails.get(key)
        if icon is None:
            picture = QImage.fromData(image.data)
            canvas = QPixmap(THUMBNAIL)
            canvas.fill(Qt.GlobalColor.transparent)
            painter = QPainter(canvas)
            if picture.isNull():
                painter.drawText(canvas.rect(), Qt.AlignmentFlag.AlignCenter, image.media_type)
            else:
                scaled = picture.scaled(
                    THUMBNAIL,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
                painter.drawImage(
                    (THUMBNAIL.width() - scaled.width()) // 2,
                    (THUMBNAIL.height() - scaled.height()) // 2,
                    scaled,
                )
            painter.end()
            icon = QIcon(canvas)
            self._thumbnails[key] = icon
        return icon

    def _item_text(self, image: Image, used: set[str]) -> tuple[str, str]:
        marks = []
        if image.featured:
            marks.append("★")
        if not image.alt.strip():
            marks.append("⚠")
        text = " ".join([*marks, image.filename])
        notes = []
        if image.featured:
            notes.append("featured")
        if not image.alt.strip():
            notes.append("no alt text")
        if image.filename in used:
            notes.append("shown in the text")
        else:
            notes.append("not used in the text")
        return text, f"{image.filename}: {', '.join(notes)}"

    def _update_item_texts(self) -> None:
        used = ops.used_image_names(self.article)
        for row, image in enumerate(self.article.images[: self.list.count()]):
            item = self.list.item(row)
            text, tip = self._item_text(image, used)
            if item.text() != text:
                item.setText(text)
            item.setToolTip(tip)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, tip)

    def load_from_model(self) -> None:
        images = self.article.images
        row = self.current_row()
        while self.list.count() > len(images):
            self.list.takeItem(self.list.count() - 1)
        while self.list.count() < len(images):
            self.list.addItem(QListWidgetItem())
        for i, image in enumerate(images):
            self.list.item(i).setIcon(self.thumbnail(image))
        self._update_item_texts()
        if images and not 0 <= row < len(images):
            row = min(max(row, 0), len(images) - 1)
        if images and self.list.currentRow() != row:
            self.list.setCurrentRow(row)
        live = {img.sha256 for img in images}
        for key in [k for k in self._thumbnails if k not in live]:
            del self._thumbnails[key]

        image = self.current_image()
        self.details.setEnabled(image is not None)
        self.remove_button.setEnabled(image is not None)
        self.insert_button.setEnabled(image is not None)
        if image is None:
            self.file_info.setText("Add an image: Add…, paste (Ctrl+V) or drop a file here")
        else:
            self.file_info.setText(
                f"{image.filename} · {image.media_type} · {len(image.data) / 1024:,.0f} KB"
            )
        alt = image.alt if image else ""
        show_text(self.alt, alt)
        row_problems = self.problems().get(f"images[{self.current_row()}].alt", []) if image else []
        self.alt_problems.show_problems(row_problems)
        self.caption.set_text_keeping_cursor(image.caption if image else "")
        credit = image.credit if image else ""
        show_text(self.credit, credit)
        self.featured.setChecked(bool(image and image.featured))
        self.widget().setEnabled(not self.session.read_only)
