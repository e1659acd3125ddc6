"""Hypothesis strategies for articles, shared by the round-trip tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from hypothesis import strategies as st

from newsdesk.model.article import (
    Article,
    EditorNote,
    Faq,
    Image,
    Person,
    RelatedLink,
    Status,
)

# Printable text in any script (no control characters, no surrogates).
_alphabet = st.characters(
    categories=("L", "M", "N", "P", "S", "Zs"), exclude_characters="\u2028\u2029\x85\xa0"
)
line = st.text(_alphabet, max_size=40)
words = st.text(_alphabet, min_size=1, max_size=20).filter(lambda s: s.strip() == s and s)
multiline = st.lists(line, max_size=5).map("\n".join)

timestamps = st.datetimes(
    min_value=datetime(1990, 1, 1),
    max_value=datetime(2090, 1, 1),
    timezones=st.sampled_from([UTC, timezone(timedelta(hours=2)), timezone(timedelta(hours=-5))]),
).map(lambda d: d.replace(microsecond=0))

people = st.builds(Person, name=words, role=st.one_of(st.just(""), words))
faqs = st.builds(Faq, question=words, answer=multiline)
links = st.builds(
    RelatedLink,
    title=words,
    url=st.from_regex(r"https://[a-z]{1,10}\.example/[a-z0-9/]{0,12}", fullmatch=True),
)
notes = st.builds(EditorNote, author=words, text=multiline, time=timestamps, resolved=st.booleans())


@st.composite
def images(draw: st.DrawFn, index: int) -> Image:
    return Image(
        filename=f"image-{index}.png",
        media_type="image/png",
        data=draw(st.binary(min_size=1, max_size=64)),
        alt=draw(line),
        caption=draw(line),
        credit=draw(line),
        featured=False,
    )


@st.composite
def articles(draw: st.DrawFn) -> Article:
    count = draw(st.integers(0, 3))
    imgs = [draw(images(i)) for i in range(count)]
    if imgs and draw(st.booleans()):
        imgs[0].featured = True
    if len(imgs) >= 2 and draw(st.booleans()):
        imgs[1].data = imgs[0].data  # the same bytes referenced twice
    return Article(
        headline=draw(line),
        standfirst=draw(line),
        byline=draw(st.lists(people, max_size=3)),
        topic=draw(line),
        keywords=draw(st.lists(words, max_size=4)),
        dateline=draw(line),
        language=draw(st.sampled_from(["en", "de-CH", "uk", "ar", "zh-Hant-TW"])),
        created=draw(timestamps),
        updated=draw(timestamps),
        published=draw(st.one_of(st.none(), timestamps)),
        slug_override=draw(
            st.one_of(st.just(""), st.from_regex(r"[a-z0-9]+(-[a-z0-9]+){0,3}", fullmatch=True))
        ),
        body=draw(multiline),
        contributors=draw(st.lists(people, max_size=3)),
        faqs=draw(st.lists(faqs, max_size=3)),
        related=draw(st.lists(links, max_size=3)),
        images=imgs,
        status=draw(st.sampled_from(list(Status))),
        notes=draw(st.lists(notes, max_size=2)),
    )
