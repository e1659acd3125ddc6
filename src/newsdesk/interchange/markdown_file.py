"""An article as one Markdown file with YAML front matter, images beside it.

Front matter keys (all optional; the writer writes them in this order)::

    headline, standfirst, topic, dateline: text (empty when absent)
    language:     BCP 47 tag; "en" when absent or null
    byline:       list; each a name, or {name, role}
    keywords:     list of text
    published, updated, created:
                  ISO 8601 date and time with an offset (2023-07-12T14:30:00+03:00,
                  ...Z), or a bare date (2023-07-12 = midnight UTC). A date and
                  time without an offset is an error: guessing a zone would move
                  the time by hours without anyone noticing.
    slug:         text; absent or empty = derived from the headline
    status:       draft | in review | approved (case, - and _ are forgiven)
    contributors: list of {name, role}
    faqs:         list of {question, answer}; answers are Markdown
    related:      list of {title, url}
    images:       list of {file, alt, caption, credit, featured, id, media_type};
                  `file` is a path relative to the Markdown file's folder (no
                  `..`); the bytes are read from there. `media_type` is written
                  only when it differs from what the bytes/extension say.
    notes:        editor notes, list of {author, time, text, resolved};
                  author and text are required
    id:           the article's stable id; a fresh UUID when absent or empty
    created:      a fresh timestamp when absent (as is `updated`)

The list keys must hold YAML lists even for one item (`keywords: NATO` is an
error, `keywords: [NATO]` is right). Required inside entries: `name` (a
{name, role} person), `question` and `answer`, `title` and `url`, `file`.

So that article -> Markdown -> article gives back an equal article, the writer
also writes `id`, `created`, `notes` and each image's `id`. Text values are
taken exactly as written: an unquoted `yes`, `1.0` or `2023-07-12` in a text
field is that text, not a boolean, number or date.

The body follows the closing `---` (see `front_matter` for the exact rule).
A file without front matter is all body; its first level-1 heading (`# Title`,
outside fenced code) becomes the headline and is taken out of the body, with
one empty line after it.

Writing (write_markdown) puts each image file beside the .md (see there for
when an existing file is replaced and when the write is refused).

Every problem raises InterchangeError naming the file and the line: invalid
YAML, a key we do not know (with a "did you mean" suggestion), a key given
twice, a value of the wrong type, a missing required key, an image file that
is not there.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any, NoReturn, TypeVar

import yaml

from newsdesk.errors import InterchangeError
from newsdesk.fsutil import atomic_write_bytes
from newsdesk.interchange import front_matter
from newsdesk.model.article import (
    Article,
    EditorNote,
    Faq,
    Image,
    Person,
    RelatedLink,
    Status,
    new_id,
    now_utc,
)
from newsdesk.model.media_types import guess_media_type

T = TypeVar("T")

TOP_LEVEL_KEYS = (
    "headline",
    "standfirst",
    "byline",
    "topic",
    "keywords",
    "dateline",
    "language",
    "published",
    "updated",
    "slug",
    "status",
    "contributors",
    "faqs",
    "related",
    "images",
    "notes",
    "id",
    "created",
)
PERSON_KEYS = ("name", "role")
FAQ_KEYS = ("question", "answer")
RELATED_KEYS = ("title", "url")
IMAGE_KEYS = ("file", "alt", "caption", "credit", "featured", "id", "media_type")
NOTE_KEYS = ("author", "time", "text", "resolved")

_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BARE_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TRUE = ("true", "yes", "on")
_FALSE = ("false", "no", "off")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_H1 = re.compile(r"^ {0,3}#[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")


# --------------------------------------------------------------------- writing


def _person(person: Person, *, name_only_when_no_role: bool) -> Any:
    if not person.role and name_only_when_no_role:
        return person.name
    entry: dict[str, str] = {"name": person.name}
    if person.role:
        entry["role"] = person.role
    return entry


def _image_entry(image: Image) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "file": image.filename,
        "alt": image.alt,
        "caption": image.caption,
        "credit": image.credit,
        "featured": image.featured,
        "id": image.id,
    }
    if image.media_type != guess_media_type(image.filename, image.data):
        entry["media_type"] = image.media_type
    return entry


def article_to_markdown(article: Article) -> str:
    """The .md text; image bytes are not in it (write_markdown writes them)."""
    data: dict[str, Any] = {
        "headline": article.headline,
        "standfirst": article.standfirst,
        "byline": [_person(p, name_only_when_no_role=True) for p in article.byline],
        "topic": article.topic,
        "keywords": list(article.keywords),
        "dateline": article.dateline,
        "language": article.language,
        "published": article.published,
        "updated": article.updated,
    }
    if article.slug_override:
        data["slug"] = article.slug_override
    data["status"] = article.status.value
    if article.contributors:
        data["contributors"] = [
            _person(p, name_only_when_no_role=False) for p in article.contributors
        ]
    if article.faqs:
        data["faqs"] = [{"question": f.question, "answer": f.answer} for f in article.faqs]
    if article.related:
        data["related"] = [{"title": r.title, "url": r.url} for r in article.related]
    if article.images:
        data["images"] = [_image_entry(img) for img in article.images]
    if article.notes:
        data["notes"] = [
            {"author": n.author, "time": n.time, "text": n.text, "resolved": n.resolved}
            for n in article.notes
        ]
    data["id"] = article.id
    data["created"] = article.created
    return front_matter.join_front_matter(front_matter.dump(data), article.body)


def _checked_image_path(md_path: Path, filename: str) -> Path:
    problem = _image_path_problem(filename)
    if problem:
        raise InterchangeError(md_path, f"image {filename!r}: {problem}")
    return md_path.parent.joinpath(*PurePosixPath(filename).parts)


def _files_listed_by(md_path: Path) -> set[str]:
    """Image files the Markdown file at `md_path` (if any) claims as its own."""
    try:
        split = front_matter.split_front_matter(md_path.read_text(encoding="utf-8"))
        data = yaml.safe_load(split.yaml_text) if split else None
        return {str(entry["file"]) for entry in data["images"]}
    except Exception:  # unreadable or not ours: it claims nothing
        return set()


def write_markdown(article: Article, path: Path) -> None:
    """Write the .md and each image file beside it, every file atomically.

    An existing image file is left alone when its bytes are the same, and
    replaced when the .md being overwritten lists it (it is this article's,
    from an earlier save). Any other existing file of that name belongs to
    something else: nothing at all is written and InterchangeError says so.
    Images are written before the .md, so the .md never points at a missing file.
    """
    path = Path(path)
    text = article_to_markdown(article)
    planned: dict[Path, tuple[str, bytes]] = {}
    for image in article.images:
        target = _checked_image_path(path, image.filename)
        if target == path:
            raise InterchangeError(path, f"image {image.filename!r} has the Markdown file's name")
        earlier = planned.get(target)
        if earlier is not None and earlier[1] != image.data:
            raise InterchangeError(path, f"two different images are both called {image.filename!r}")
        planned[target] = (image.filename, image.data)
    ours = _files_listed_by(path)
    to_write: list[tuple[Path, bytes]] = []
    for target, (filename, data) in planned.items():
        if target.is_dir():
            raise InterchangeError(target, "is a folder; the image cannot be written there")
        if target.exists():
            if target.read_bytes() == data:
                continue
            if filename not in ours:
                raise InterchangeError(
                    target,
                    f"already exists with different content and is not an image of {path.name}; "
                    "move it away or rename the image",
                )
        to_write.append((target, data))
    for target, data in to_write:
        _write(target, data)
    _write(path, text.encode("utf-8"))


def _write(target: Path, data: bytes) -> None:
    try:
        atomic_write_bytes(target, data)
    except OSError as exc:
        raise InterchangeError(target, f"cannot be written: {exc.strerror or exc}") from exc


# --------------------------------------------------------------------- reading


def _image_path_problem(filename: str) -> str | None:
    if not filename:
        return "the file name is empty"
    if "\\" in filename or "\x00" in filename:
        return "use / between folders"
    pure = PurePosixPath(filename)
    if pure.is_absolute() or re.match(r"^[A-Za-z]:", filename):
        return "the path must be relative to the Markdown file's folder"
    if ".." in pure.parts:
        return "the path must stay inside the Markdown file's folder (no '..')"
    return None


def _describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if node.tag == _NULL:
        return "empty"
    if node.tag in (_INT, _FLOAT):
        return f"the number {node.value}"
    return repr(node.value)


def _suggestion(key: str, known: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(key, known, n=1)
    if close:
        return f"; did you mean {close[0]!r}?"
    return "; expected one of: " + ", ".join(known)


class _Reader:
    """Typed values out of the YAML node tree, each failure with its line."""

    def __init__(self, source: Path, first_line: int) -> None:
        self.source = source
        self.first_line = first_line

    def line_of(self, node: yaml.Node) -> int:
        return node.start_mark.line + self.first_line

    def fail(self, node: yaml.Node, problem: str) -> NoReturn:
        raise InterchangeError(self.source, problem, line=self.line_of(node))

    def mapping(
        self, node: yaml.Node, where: str, known: tuple[str, ...], required: tuple[str, ...] = ()
    ) -> dict[str, yaml.Node]:
        if not isinstance(node, yaml.MappingNode):
            keys = ", ".join(known)
            self.fail(node, f"{where} must be a mapping with keys {keys}, not {_describe(node)}")
        found: dict[str, yaml.Node] = {}
        key_lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.fail(key_node, f"{where}: a key must be a name, not {_describe(key_node)}")
            key = key_node.value
            prefix = f"{where}: " if where != "front matter" else ""
            if key not in known:
                self.fail(key_node, f"{prefix}unknown key {key!r}{_suggestion(key, known)}")
            if key in found:
                self.fail(
                    key_node, f"{prefix}{key!r} is given twice (first on line {key_lines[key]})"
                )
            found[key] = value_node
            key_lines[key] = self.line_of(key_node)
        for key in required:
            if key not in found:
                self.fail(node, f"{where} has no {key!r}")
        return found

    def items(
        self, node: yaml.Node, where: str, read: Callable[[yaml.Node, str], T], what: str
    ) -> list[T]:
        if isinstance(node, yaml.ScalarNode) and node.tag == _NULL:
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.fail(node, f"{where} must be a list of {what}, not {_describe(node)}")
        return [read(item, f"{where}[{i}]") for i, item in enumerate(node.value)]

    def text(self, node: yaml.Node, where: str) -> str:
        if not isinstance(node, yaml.ScalarNode):
            self.fail(node, f"{where} must be text, not {_describe(node)}")
        if node.tag == _NULL:
            return ""
        return node.value  # as written, even if YAML would call it a number or date

    def flag(self, node: yaml.Node, where: str) -> bool:
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _NULL:
                return False
            if node.tag in (_BOOL, front_matter.STR_TAG):
                value = node.value.strip().lower()
                if value in _TRUE:
                    return True
                if value in _FALSE:
                    return False
        self.fail(node, f"{where} must be true or false, not {_describe(node)}")

    def timestamp(self, node: yaml.Node, where: str) -> datetime | None:
        if isinstance(node, yaml.ScalarNode) and node.tag == _NULL:
            return None
        value = self.text(node, where).strip()
        if _BARE_DATE.fullmatch(value):
            try:
                return datetime.fromisoformat(value).replace(tzinfo=UTC)
            except ValueError:
                self.fail(node, f"{where}: {value!r} is not a valid date")
        parsed = _parse_datetime(value)
        if parsed is None:
            self.fail(
                node,
                f"{where} must be a date and time such as 2023-07-12T14:30:00+03:00, "
                f"not {_describe(node)}",
            )
        if parsed.tzinfo is None or parsed.utcoffset() is None:
            self.fail(
                node,
                f"{where}: {value!r} has no time zone; add the offset, "
                "e.g. 2023-07-12T14:30:00+03:00 or 2023-07-12T11:30:00Z",
            )
        return parsed

    def person(self, node: yaml.Node, where: str) -> Person:
        if isinstance(node, yaml.ScalarNode):
            return Person(self.text(node, where))
        fields = self.mapping(node, where, PERSON_KEYS, required=("name",))
        return Person(
            name=self.text(fields["name"], f"{where}.name"),
            role=self.text(fields["role"], f"{where}.role") if "role" in fields else "",
        )

    def faq(self, node: yaml.Node, where: str) -> Faq:
        fields = self.mapping(node, where, FAQ_KEYS, required=FAQ_KEYS)
        return Faq(
            question=self.text(fields["question"], f"{where}.question"),
            answer=self.text(fields["answer"], f"{where}.answer"),
        )

    def related(self, node: yaml.Node, where: str) -> RelatedLink:
        fields = self.mapping(node, where, RELATED_KEYS, required=RELATED_KEYS)
        return RelatedLink(
            title=self.text(fields["title"], f"{where}.title"),
            url=self.text(fields["url"], f"{where}.url"),
        )

    def note(self, node: yaml.Node, where: str) -> EditorNote:
        fields = self.mapping(node, where, NOTE_KEYS, required=("author", "text"))
        note = EditorNote(
            author=self.text(fields["author"], f"{where}.author"),
            text=self.text(fields["text"], f"{where}.text"),
        )
        if "time" in fields:
            note.time = self.timestamp(fields["time"], f"{where}.time") or note.time
        if "resolved" in fields:
            note.resolved = self.flag(fields["resolved"], f"{where}.resolved")
        return note

    def image(self, node: yaml.Node, where: str, base_dir: Path) -> Image:
        fields = self.mapping(node, where, IMAGE_KEYS, required=("file",))
        file_node = fields["file"]
        filename = self.text(file_node, f"{where}.file")
        problem = _image_path_problem(filename)
        if problem:
            self.fail(file_node, f"{where}.file: {filename!r}: {problem}")
        location = base_dir.joinpath(*PurePosixPath(filename).parts)
        try:
            data = location.read_bytes()
        except FileNotFoundError:
            self.fail(file_node, f"image file {filename!r} not found (looked for {location})")
        except IsADirectoryError:
            self.fail(file_node, f"image file {filename!r} is a folder ({location})")
        except OSError as exc:
            self.fail(file_node, f"image file {filename!r} cannot be read: {exc.strerror}")

        def optional_text(key: str) -> str:
            return self.text(fields[key], f"{where}.{key}") if key in fields else ""

        media_type = optional_text("media_type") or guess_media_type(filename, data)
        image = Image(
            filename=filename,
            media_type=media_type,
            data=data,
            alt=optional_text("alt"),
            caption=optional_text("caption"),
            credit=optional_text("credit"),
            featured=self.flag(fields["featured"], f"{where}.featured")
            if "featured" in fields
            else False,
        )
        image.id = optional_text("id") or image.id
        return image

    def status(self, node: yaml.Node, where: str) -> Status:
        value = self.text(node, where)
        normal = re.sub(r"[-_\s]+", " ", value.strip().lower())
        if normal == "":
            return Status.DRAFT
        try:
            return Status(normal)
        except ValueError:
            choices = tuple(s.value for s in Status)
            self.fail(node, f"{where}: unknown status {value!r}{_suggestion(normal, choices)}")


def _parse_datetime(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        pass
    # YAML's own timestamp spellings, e.g. "2001-12-14 21:59:43.10 -5".
    constructor = yaml.constructor.SafeConstructor()
    if not constructor.timestamp_regexp.match(value):
        return None
    node = yaml.ScalarNode("tag:yaml.org,2002:timestamp", value)
    try:
        result = constructor.construct_yaml_timestamp(node)
    except ValueError:
        return None
    return result if isinstance(result, datetime) else None


def _article_from_front_matter(
    root: yaml.Node | None, body: str, reader: _Reader, base_dir: Path
) -> Article:
    article = Article(body=body)
    if root is None:
        return article
    fields = reader.mapping(root, "front matter", TOP_LEVEL_KEYS)
    text_fields = {
        "headline": "headline",
        "standfirst": "standfirst",
        "topic": "topic",
        "dateline": "dateline",
        "slug": "slug_override",
    }
    for key, attribute in text_fields.items():
        if key in fields:
            setattr(article, attribute, reader.text(fields[key], key))
    language = fields.get("language")
    if language is not None and not (
        isinstance(language, yaml.ScalarNode) and language.tag == _NULL
    ):
        article.language = reader.text(language, "language")  # '' stays '' (validation flags it)
    if "byline" in fields:
        article.byline = reader.items(fields["byline"], "byline", reader.person, "names")
    if "keywords" in fields:
        article.keywords = reader.items(fields["keywords"], "keywords", reader.text, "text")
    if "contributors" in fields:
        article.contributors = reader.items(
            fields["contributors"], "contributors", reader.person, "{name, role}"
        )
    if "faqs" in fields:
        article.faqs = reader.items(fields["faqs"], "faqs", reader.faq, "{question, answer}")
    if "related" in fields:
        article.related = reader.items(fields["related"], "related", reader.related, "{title, url}")
    if "images" in fields:
        article.images = reader.items(
            fields["images"],
            "images",
            lambda node, where: reader.image(node, where, base_dir),
            "{file, alt, caption, credit, featured}",
        )
    if "notes" in fields:
        article.notes = reader.items(
            fields["notes"], "notes", reader.note, "{author, time, text, resolved}"
        )
    if "status" in fields:
        article.status = reader.status(fields["status"], "status")
    if "id" in fields:
        article.id = reader.text(fields["id"], "id").strip() or article.id
    if "published" in fields:
        article.published = reader.timestamp(fields["published"], "published")
    for key in ("created", "updated"):
        if key in fields:
            value = reader.timestamp(fields[key], key)
            if value is not None:
                setattr(article, key, value)
    return article


def _headline_from_heading(text: str) -> tuple[str, str]:
    """(headline, body) for a file without front matter."""
    lines = text.splitlines(keepends=True)
    fence: str | None = None
    for index, line in enumerate(lines):
        stripped = line.rstrip("\r\n")
        opening = _FENCE.match(stripped)
        if fence is not None:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
            continue
        if opening:
            fence = opening.group(1)
            continue
        heading = _H1.match(stripped)
        if heading:
            rest = lines[index + 1 :]
            if rest and not rest[0].strip():
                rest = rest[1:]
            return heading.group(1), "".join(lines[:index] + rest)
    return "", text


def article_from_markdown(text: str, *, source: Path, base_dir: Path) -> Article:
    """Parse a .md file's text; `source` names the file in messages, image files
    are read from `base_dir`. Missing id/created/updated get fresh values."""
    source = Path(source)
    try:
        split = front_matter.split_front_matter(text)
    except front_matter.UnclosedFrontMatter as exc:
        raise InterchangeError(source, str(exc), line=1) from None
    if split is None:
        headline, body = _headline_from_heading(text.removeprefix("\ufeff"))
        return Article(headline=headline, body=body, id=new_id(), created=now_utc())
    reader = _Reader(source, split.yaml_first_line)
    try:
        root = front_matter.compose(split.yaml_text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + split.yaml_first_line if mark is not None else None
        problem = exc.problem or exc.context or "malformed"
        context = exc.context_mark
        if exc.problem and exc.context and context is not None and context.line != mark.line:
            problem += f" ({exc.context} on line {context.line + split.yaml_first_line})"
        if "mapping values are not allowed" in problem:
            problem += "; put text that contains ': ' in quotes"
        raise InterchangeError(
            source, f"invalid YAML in the front matter: {problem}", line=line
        ) from None
    except yaml.YAMLError as exc:  # e.g. a character YAML does not allow
        position = getattr(exc, "position", None)
        line = (
            split.yaml_text.count("\n", 0, position) + split.yaml_first_line
            if isinstance(position, int)
            else None
        )
        raise InterchangeError(
            source, f"invalid YAML in the front matter: {exc}", line=line
        ) from None
    return _article_from_front_matter(root, split.body, reader, Path(base_dir))


def read_markdown(path: Path) -> Article:
    """Read a .md file and the image files it lists (relative to its folder)."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InterchangeError(path, "file not found") from None
    except IsADirectoryError:
        raise InterchangeError(path, "is a folder, not a Markdown file") from None
    except OSError as exc:
        raise InterchangeError(path, f"cannot be read: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise InterchangeError(path, "is not UTF-8 text", line=line) from None
    return article_from_markdown(text, source=path, base_dir=path.parent)
