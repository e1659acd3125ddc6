"""The contributors sentence under the body, in the portal's AP style:
"Karl Ritter and Liudas Dapkus, Big Big News correspondents, contributed to this article."

People who share a role are grouped and the role pluralized; series have no
serial comma unless an item carries its own commas, when AP switches to
semicolons ("A, a photographer; B, an editor; and C contributed ...").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsdesk.model.article import Person

_PREPOSITIONS = frozenset(
    {"in", "at", "for", "of", "from", "with", "on", "to", "based", "covering", "reporting"}
)
_COMPOUND = re.compile(r"^([^-]+)(-(?:in|of|at|to|on)-.+)$", re.IGNORECASE)
_DETERMINERS = frozenset({"a", "an", "the", "his", "her", "their", "our", "its", "my", "your"})
_IRREGULAR = {
    "man": "men",
    "woman": "women",
    "person": "people",
    "chief": "chiefs",
    "staff": "staff",
    "child": "children",
}
# Letters whose English names start with a vowel sound: "an AP writer", "an NBC producer".
_VOWEL_SOUND_LETTERS = frozenset("AEFHILMNORSX")
_CONSONANT_SOUND_PREFIXES = ("uni", "use", "usu", "eu", "one", "once", "u.s.", "ubiq", "ure")
_SILENT_H = ("hour", "honest", "honor", "honour", "heir")


def pluralize_word(word: str) -> str:
    lower = word.lower()
    for singular, plural in _IRREGULAR.items():
        compound = singular in ("man", "woman", "person")  # spokeswoman, chairperson
        if lower.endswith(singular) and (lower == singular or compound):
            stem = word[: len(word) - len(singular)]
            tail = plural if word[-len(singular) :].islower() else plural.capitalize()
            return stem + tail
    if is_plural_word(word):
        return word
    if re.search(r"(s|x|z|ch|sh)$", lower):
        return word + "es"
    if re.search(r"[^aeiou]y$", lower):
        return word[:-1] + "ies"
    return word + "s"


def is_plural_word(word: str) -> bool:
    lower = word.lower()
    if lower in _IRREGULAR.values() or lower.endswith(("men", "people")):
        return True
    return lower.endswith("s") and not lower.endswith(("ss", "us", "is", "ous"))


def pluralize_role(role: str) -> str:
    """Pluralize the role's head noun: "staff writer" -> "staff writers",
    "correspondent in Kyiv" -> "correspondents in Kyiv", "editor-in-chief" ->
    "editors-in-chief". A role already plural stays as it is."""
    words = role.split()
    if not words:
        return role
    head = len(words) - 1
    for i, w in enumerate(words[1:], start=1):
        if w.lower() in _PREPOSITIONS:
            head = i - 1
            break
    word = words[head]
    m = _COMPOUND.match(word)
    if m:
        first = m.group(1)
        words[head] = (first if is_plural_word(first) else pluralize_word(first)) + m.group(2)
    else:
        words[head] = pluralize_word(word)
    return " ".join(words)


def indefinite_article(phrase: str) -> str:
    """ "a" or "an" by the sound of the first word (acronyms by their letters)."""
    first = phrase.split()[0] if phrase.split() else ""
    letters = re.sub(r"[^A-Za-z.]", "", first)
    if not letters:
        return "a"
    bare = letters.replace(".", "")
    lower = letters.lower()
    if bare.isupper() and len(bare) > 1:
        return "an" if bare[0] in _VOWEL_SOUND_LETTERS else "a"
    if lower.startswith(_SILENT_H):
        return "an"
    if lower.startswith(_CONSONANT_SOUND_PREFIXES):
        return "a"
    return "an" if lower[0] in "aeiou" else "a"


def join_names(names: list[str]) -> str:
    """AP series: "A", "A and B", "A, B and C"."""
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


@dataclass
class _Group:
    role: str
    names: list[str]

    def text(self, *, with_article: bool) -> tuple[str, bool]:
        """The group as words, and whether it carries an appositive role."""
        names = join_names(self.names)
        if not self.role:
            return names, False
        if len(self.names) > 1:
            return f"{names}, {pluralize_role(self.role)}", True
        role = self.role
        first = role.split()[0].lower()
        if with_article and first not in _DETERMINERS:
            role = f"{indefinite_article(role)} {role}"
        return f"{names}, {role}", True


def _groups(contributors: list[Person]) -> list[_Group]:
    """Role groups in order of first appearance, then everyone without a role as
    one last group (an appositive after them would read as theirs too)."""
    groups: list[_Group] = []
    by_role: dict[str, _Group] = {}
    unnamed_role = _Group("", [])
    for person in contributors:
        name = " ".join(person.name.split())
        role = " ".join(person.role.split())
        if not name:
            continue
        if not role:
            unnamed_role.names.append(name)
            continue
        key = role.casefold()
        if key in by_role:
            by_role[key].names.append(name)
        else:
            by_role[key] = _Group(role, [name])
            groups.append(by_role[key])
    if unnamed_role.names:
        groups.append(unnamed_role)
    return groups


def credit_sentence(contributors: list[Person]) -> str:
    """The sentence, or "" when nobody is credited."""
    groups = _groups(contributors)
    if not groups:
        return ""
    if all(not g.role for g in groups):
        return f"{join_names([n for g in groups for n in g.names])} contributed to this article."
    if len(groups) == 1:
        text, _ = groups[0].text(with_article=False)
        return f"{text}, contributed to this article."
    items = [g.text(with_article=True) for g in groups]
    any_role = any(has_role for _, has_role in items)
    parts: list[str] = []
    if len(items) == 2:
        (a, a_role), (b, b_role) = items
        parts.append(f"{a}, and {b}" if a_role else f"{a} and {b}")
        last_role = b_role
    else:
        sep = "; " if any_role else ", "
        texts = [t for t, _ in items]
        parts.append(sep.join(texts[:-1]) + f"{sep.rstrip()} and {texts[-1]}")
        last_role = items[-1][1]
    sentence = parts[0]
    return f"{sentence}{',' if last_role else ''} contributed to this article."
