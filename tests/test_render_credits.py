"""The contributors sentence: joining, grouping, pluralizing, articles."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsdesk.model.article import Person
from newsdesk.render.credits import (
    credit_sentence,
    indefinite_article,
    join_names,
    pluralize_role,
)

BBN = "Big Big News correspondent"


def people(*pairs: tuple[str, str] | str) -> list[Person]:
    return [Person(p) if isinstance(p, str) else Person(*p) for p in pairs]


@pytest.mark.parametrize(
    ("contributors", "sentence"),
    [
        ([], ""),
        (
            people(("Karl Ritter", BBN)),
            "Karl Ritter, Big Big News correspondent, contributed to this article.",
        ),
        (
            people(("Karl Ritter", BBN), ("Liudas Dapkus", BBN)),
            "Karl Ritter and Liudas Dapkus, Big Big News correspondents, contributed to this "
            "article.",
        ),
        (
            people(("A", BBN), ("B", BBN), ("C", BBN)),
            "A, B and C, Big Big News correspondents, contributed to this article.",
        ),
        (people("A"), "A contributed to this article."),
        (people("A", "B"), "A and B contributed to this article."),
        (people("A", "B", "C", "D"), "A, B, C and D contributed to this article."),
        (
            people(("A", "photographer"), ("B", BBN)),
            "A, a photographer, and B, a Big Big News correspondent, contributed to this article.",
        ),
        (
            people(("A", BBN), ("B", "photographer"), ("C", BBN)),
            "A and C, Big Big News correspondents, and B, a photographer, contributed to this "
            "article.",
        ),
        (
            people(("A", "photographer"), "B"),
            "A, a photographer, and B contributed to this article.",
        ),
        (
            people("B", ("A", "photographer")),
            "A, a photographer, and B contributed to this article.",
        ),
        (
            people("A", ("B", BBN), ("C", BBN)),
            "B and C, Big Big News correspondents, and A contributed to this article.",
        ),
        (
            people(("A", "photographer"), ("B", "editor"), "C"),
            "A, a photographer; B, an editor; and C contributed to this article.",
        ),
        (
            people(("A", "photographer"), ("B", "editor"), ("C", "AP writer")),
            "A, a photographer; B, an editor; and C, an AP writer, contributed to this article.",
        ),
        (
            people(("A", "staff writer"), ("B", "staff writer")),
            "A and B, staff writers, contributed to this article.",
        ),
        (
            people(("A", "editor-in-chief"), ("B", "editor-in-chief")),
            "A and B, editors-in-chief, contributed to this article.",
        ),
        (
            people(("A", "correspondents"), ("B", "correspondents")),
            "A and B, correspondents, contributed to this article.",
        ),
        (
            people(("A", "the paper's Kyiv bureau chief"), ("B", "U.S. correspondent")),
            "A, the paper's Kyiv bureau chief, and B, a U.S. correspondent, contributed to this "
            "article.",
        ),
        (
            people(("A", "Staff Writer"), ("B", "staff  writer")),
            "A and B, Staff Writers, contributed to this article.",
        ),
        (people(("  Karl   Ritter ", "  "), ("", BBN)), "Karl Ritter contributed to this article."),
    ],
)
def test_credit_sentence(contributors, sentence):
    assert credit_sentence(contributors) == sentence


@pytest.mark.parametrize(
    ("role", "plural"),
    [
        ("correspondent", "correspondents"),
        ("Big Big News correspondent", "Big Big News correspondents"),
        ("staff writer", "staff writers"),
        ("editor-in-chief", "editors-in-chief"),
        ("editor-at-large", "editors-at-large"),
        ("correspondent in Kyiv", "correspondents in Kyiv"),
        ("spokeswoman", "spokeswomen"),
        ("cameraman", "cameramen"),
        ("spokesperson", "spokespeople"),
        ("bureau chief", "bureau chiefs"),
        ("secretary", "secretaries"),
        ("essayist", "essayists"),
        ("boss", "bosses"),
        ("researchers", "researchers"),
        ("staff", "staff"),
    ],
)
def test_pluralize_role(role, plural):
    assert pluralize_role(role) == plural


@pytest.mark.parametrize(
    ("phrase", "article"),
    [
        ("photographer", "a"),
        ("editor", "an"),
        ("AP writer", "an"),
        ("NBC producer", "an"),
        ("BBC producer", "a"),
        ("U.S. correspondent", "a"),
        ("university lecturer", "a"),
        ("European correspondent", "a"),
        ("hour-long guest", "an"),
        ("honorary fellow", "an"),
        ("intern", "an"),
        ("Big Big News correspondent", "a"),
    ],
)
def test_indefinite_article(phrase, article):
    assert indefinite_article(phrase) == article


def test_join_names_has_no_serial_comma():
    assert join_names(["A"]) == "A"
    assert join_names(["A", "B"]) == "A and B"
    assert join_names(["A", "B", "C"]) == "A, B and C"


names = st.text(alphabet="ABCDEFGHIJ abcdefghij", min_size=1, max_size=12).filter(str.strip)
roles = st.sampled_from(["", "photographer", "editor", BBN, "staff writer"])


@given(st.lists(st.builds(Person, name=names, role=roles), max_size=8))
def test_every_named_contributor_appears_once_in_one_sentence(contributors):
    sentence = credit_sentence(contributors)
    named = [" ".join(p.name.split()) for p in contributors if p.name.strip()]
    if not named:
        assert sentence == ""
        return
    assert sentence.endswith(" contributed to this article.")
    assert sentence.count(" contributed to this article.") == 1
    assert ",," not in sentence and " ," not in sentence and ";," not in sentence
    for role in {p.role for p in contributors if p.role and p.name.strip()}:
        assert role in sentence or pluralize_role(role) in sentence
