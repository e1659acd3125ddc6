"""The Related links panel: title and http(s) address, in page order."""

from __future__ import annotations

from newsdesk.model.article import RelatedLink
from newsdesk.ui.panels.record_section import FieldSpec, RecordListPanel, RecordSection
from newsdesk.ui.session import PART_RELATED


class RelatedPanel(RecordListPanel):
    parts = frozenset({PART_RELATED})
    title = "Related links"
    object_name = "relatedPanel"
    shortcut = "Ctrl+Alt+4"

    def build(self) -> None:
        section = RecordSection(
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
        self.install_section(section, stretch=True)
