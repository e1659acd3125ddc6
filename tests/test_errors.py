"""newsdesk's errors survive pickle (the render worker sends them back to the
editor): same class, same message, same details."""

from __future__ import annotations

import pickle

import pytest

from newsdesk import errors


def _made() -> list[errors.NewsdeskError]:
    return [
        errors.NewsdeskError("plain"),
        errors.FileProblem("/tmp/a.md", "bad YAML", line=3),
        errors.NotADocumentError("/tmp/b.newsdesk", "is not a newsdesk document"),
        errors.DocumentLockedError(
            "/tmp/c.newsdesk", user="ana", hostname="desk-2", pid=41, since="09:12"
        ),
        errors.ProfileError("/etc/newsdesk/profile.toml", "languages", "must be a list"),
        errors.BundleError("/tmp/d.zip", "article.json is missing"),
    ]


@pytest.mark.parametrize("error", _made(), ids=lambda e: type(e).__name__)
def test_errors_survive_pickle(error):
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is type(error)
    assert str(again) == str(error) and again.args == error.args
    assert vars(again) == vars(error)
