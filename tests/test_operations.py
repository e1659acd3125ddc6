"""Pure edits behind the structure panels: list moves, keywords, slugs, images,
problems by field."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsdesk.model import operations as ops
from newsdesk.model.article import Article, Faq, Image, Person, RelatedLink

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 20


def test_move_item_moves_and_clamps_without_mutating():
    items = ["a", "b", "c", "d"]
    assert ops.move_item(items, 0, 2) == ["b", "c", "a", "d"]
    assert ops.move_item(items, 3, 0) == ["d", "a", "b", "c"]
    assert ops.move_item(items, 1, 99) == ["a", "c", "d", "b"]
    assert items == ["a", "b", "c", "d"]
    with pytest.raises(IndexError):
        ops.move_item(items, 4, 0)


@given(st.lists(st.integers(), min_size=1), st.data())
def test_move_is_a_permutation_and_undoable(items, data):
    i = data.draw(st.integers(0, len(items) - 1))
    j = data.draw(st.integers(0, len(items) - 1))
    moved = ops.move_item(items, i, j)
    assert sorted(moved) == sorted(items)
    assert moved[j] == items[i]
    assert ops.move_item(moved, j, i) == items


def test_duplicate_is_a_deep_copy_right_after_the_original():
    faqs = [Faq("Q1", "A1"), Faq("Q2", "A2")]
    result = ops.duplicate_item(faqs, 0)
    assert [f.question for f in result] == ["Q1", "Q1", "Q2"]
    assert result[1] == result[0] and result[1] is not result[0]
    result[1].question = "changed"
    assert faqs[0].question == "Q1"


def test_remove_insert_replace():
    people = [Person("A"), Person("B")]
    assert ops.remove_item(people, 0) == [Person("B")]
    assert ops.insert_item(people, 1, Person("C")) == [Person("A"), Person("C"), Person("B")]
    assert ops.insert_item(people, 10, Person("C"))[-1] == Person("C")
    assert ops.replace_item(people, 1, Person("D")) == [Person("A"), Person("D")]
    assert people == [Person("A"), Person("B")]


def test_keywords_split_on_commas_skip_empties_and_duplicates():
    assert ops.add_keywords(["NATO"], "Ukraine, nato,  Vilnius  summit ,,") == [
        "NATO",
        "Ukraine",
        "Vilnius summit",
    ]
    assert ops.add_keywords([], "   ") == []


def test_slug_derived_and_override_cleaned():
    assert ops.derived_slug("NATO Strengthens Ukraine Relations") == (
        "nato-strengthens-ukraine-relations"
    )
    assert ops.derived_slug("") == "untitled"
    assert Article(headline="Zürich votes").slug == ops.derived_slug("Zürich votes")
    assert ops.slug_override_for("  My Own Slug! ") == "my-own-slug"
    assert ops.slug_override_for("") == ""


def test_body_references_count_exact_file_names():
    body = "![a](photo.png) text ![b](photo.png) ![c](photo.png.bak) ![d](other.png)"
    assert ops.body_references(body, "photo.png") == 2
    assert ops.body_references(body, "missing.png") == 0


def test_only_one_image_is_featured():
    images = [Image(f"{n}.png", "image/png", PNG, featured=(n == "a")) for n in "abc"]
    result = ops.with_featured(images, 2)
    assert [img.featured for img in result] == [False, False, True]
    assert [img.featured for img in images] == [True, False, False]  # inputs untouched
    assert not any(img.featured for img in ops.with_featured(images, None))


def test_duplicate_image_gets_its_own_name_and_id_and_is_not_featured():
    images = [Image("photo.png", "image/png", PNG, alt="Alt", featured=True)]
    result = ops.duplicate_image(images, 0)
    assert [img.filename for img in result] == ["photo.png", "photo-2.png"]
    assert result[1].id != result[0].id
    assert result[1].alt == "Alt" and not result[1].featured
    assert result[1].data == PNG


def test_structure_problems_by_field_leave_out_the_body():
    article = Article(
        headline="H",
        body="",  # an empty body is an error, but not the panels' to show
        faqs=[Faq("", "answer"), Faq("Q", " ")],
        related=[RelatedLink("Site", "ftp://example.com/")],
        images=[Image("a.png", "image/png", PNG)],
    )
    problems = ops.structure_problems(article)
    assert "body" not in problems
    assert set(problems) >= {
        "faqs[0].question",
        "faqs[1].answer",
        "related[0].url",
        "images[0].alt",
    }
    assert "faqs[0].answer" not in problems
    assert (
        problems["related[0].url"][0].message
        == "'ftp://example.com/' is not an http or https address"
    )


def test_image_uses_count_body_and_answers_with_escaped_alt_text():
    article = Article(
        body="![Leaders pose \\[for\\] a photo](summit.png) and ![b](other.png)",
        faqs=[Faq("Q", "See ![x](summit.png)")],
    )
    assert ops.image_uses(article, "summit.png") == 2
    assert ops.used_image_names(article) == {"summit.png", "other.png"}
