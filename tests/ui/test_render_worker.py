"""The render worker's protocol: the first page reuses the primed incremental
renderer's body (and equals render_page), keystrokes send only the changed
span, and a worker that lost its state is sent the whole text again."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import quote

import pytest
from test_preview_large import long_body

from newsdesk.interchange import load_article
from newsdesk.model.text_span import changed_span
from newsdesk.model.text_stats import word_count
from newsdesk.profile.model import Profile
from newsdesk.render.body_patch import join_blocks, shift_block
from newsdesk.render.markdown_body import render_markdown
from newsdesk.render.page import render_page
from newsdesk.resources import sample_article_path
from newsdesk.ui import render_job
from newsdesk.ui.render_job import (
    BodyPatchResult,
    PreviewResult,
    preview_snapshot,
    primes_first,
    render_preview,
)
from newsdesk.ui.render_process import RenderProcess
from newsdesk.ui.render_worker import RenderService

PREFIX = "newsdesk-preview://tok/media/0/"


def _url(name: str) -> str:
    return PREFIX + quote(name)


def _apply(blocks: list[str], patch: dict) -> list[str]:
    """What preview.js patchBody does to the DOM, on strings."""
    if patch["full"]:
        return list(patch["blocks"])
    blocks = list(blocks)
    for op in patch["ops"]:
        if op["op"] == "replace":
            blocks[op["index"] : op["index"] + op["remove"]] = op["blocks"]
        else:
            for i in range(op["index"], op["index"] + op["count"]):
                blocks[i] = shift_block(blocks[i], op["delta"])
    return blocks


BODIES = {
    "sample": None,
    "long with notes": long_body(3_000, seed=2),
    "longer than primed first": long_body(10_000, seed=2),
    "raw html": "Intro.\n\n<div>raw</div>\n\nMore [x][r].\n\n[r]: https://example.org\n",
    "toc": "[TOC]\n\n# One\n\nText.\n\n## Two\n\nMore.\n",
    "empty": "",
}


@pytest.mark.parametrize("name", list(BODIES))
def test_first_page_from_the_primed_renderer_equals_render_page(name):
    article = load_article(sample_article_path("newsdesk"))
    if BODIES[name] is not None:
        article = replace(article, body=BODIES[name])
    profile = Profile.default()
    expected = render_page(article, profile, image_url=_url, preview=True)
    token = f"test-first-{name}"
    try:
        result = render_preview(article, profile, PREFIX, token, 1)
    finally:
        render_job.forget(token)
    assert result.html == expected
    assert result.words == word_count(article.body)
    assert result.characters == len(article.body)


def test_changed_span_finds_the_edit():
    old = "a" * 10_000 + "middle" + "b" * 9_000
    new = "a" * 10_000 + "muddle!" + "b" * 9_000
    start, old_end, new_end = changed_span(old, new)
    assert (start, old_end, new_end) == (10_001, 10_006, 10_007)
    assert old[:start] + new[start:new_end] + old[old_end:] == new
    assert changed_span("same", "same") == (4, 4, 4)
    assert changed_span("", "typed") == (0, 0, 5)


def _typing_session(qtbot, service: RenderService, body: str, edits: list[str]) -> list[str]:
    """Full render of `body`, then each edit as a body patch; returns the
    blocks the preview would show after each step."""
    article = replace(load_article(sample_article_path("newsdesk")), body=body)
    outcomes: list = []
    service.submit(article, Profile.default(), PREFIX, outcomes.append, "tok")
    qtbot.waitUntil(lambda: len(outcomes) == 1, timeout=60_000)
    assert isinstance(outcomes[0], PreviewResult), outcomes[0]
    blocks = None
    base = body
    shown: list[str] = []
    for new in edits:
        expected = len(outcomes) + 1
        service.submit_body("tok", base, new, PREFIX, outcomes.append)
        qtbot.waitUntil(lambda n=expected: len(outcomes) == n, timeout=60_000)
        result = outcomes[-1]
        assert isinstance(result, BodyPatchResult), result
        assert result.body == new and result.characters == len(new)
        assert result.words == word_count(new)
        if blocks is None:
            blocks = _apply([], {"full": True, "blocks": _blocks_of(base)})
        blocks = _apply(blocks, result.patch)
        shown.append(join_blocks(blocks))
        base = result.body
    return shown


def _blocks_of(body: str) -> list[str]:
    from newsdesk.render.body_patch import split_top_level

    return split_top_level(render_markdown(body, image_url=_url))


def _edits(body: str) -> list[str]:
    middle = body.index("\n\n", len(body) // 2)
    steps = []
    text = body
    for ch in " A new sentence[^3].":
        text = text[:middle] + ch + text[middle:]
        middle += 1
        steps.append(text)
    text = text[:middle] + "\n\n## A heading" + text[middle:]
    steps.append(text)
    text = text.replace("## A heading", "", 1)  # a deletion
    steps.append(text)
    return steps


@pytest.mark.parametrize("words", [2_000, 10_000])
def test_keystrokes_send_only_the_change_to_the_worker_process(qtbot, words):
    service = RenderService("process")
    try:
        body = long_body(words, seed=3)
        assert primes_first(body) == (words < 5_000)  # both ways of priming
        edits = _edits(body)
        shown = _typing_session(qtbot, service, body, edits)
        for text, html in zip(edits, shown, strict=True):
            assert html == render_markdown(text, image_url=_url)
        typed = sum(len(e) for e in edits)
        assert service.sent_chars < 100, service.sent_chars  # not the body, ~40 characters
        assert typed > 100 * service.sent_chars
    finally:
        service.shutdown()


def test_a_worker_without_the_base_text_is_sent_the_whole_text(qtbot):
    service = RenderService("thread")  # its state is this process's: it can be dropped here
    try:
        body = long_body(1_000, seed=4)
        edits = _edits(body)[:3]
        _typing_session(qtbot, service, body, edits[:1])
        sent = service.sent_chars
        render_job.forget("tok")  # as if the worker had restarted
        outcomes: list = []
        service.submit_body("tok", edits[0], edits[1], PREFIX, outcomes.append)
        qtbot.waitUntil(lambda: bool(outcomes), timeout=60_000)
        result = outcomes[0]
        assert isinstance(result, BodyPatchResult), result
        # primed with the text the preview shows, so still a patch against it
        blocks = _apply(_blocks_of(edits[0]), result.patch)
        assert join_blocks(blocks) == render_markdown(edits[1], image_url=_url)
        assert service.sent_chars - sent >= len(edits[0]) + len(edits[1])
        # and the next keystroke is a small delta again
        before = service.sent_chars
        service.submit_body("tok", edits[1], edits[2], PREFIX, outcomes.append)
        qtbot.waitUntil(lambda: len(outcomes) == 2, timeout=60_000)
        assert isinstance(outcomes[1], BodyPatchResult)
        assert service.sent_chars - before == 1
    finally:
        render_job.forget("tok")
        service.shutdown()


def test_a_killed_worker_process_is_replaced_and_sent_the_whole_text(qtbot):
    service = RenderService("process")
    try:
        body = long_body(1_000, seed=6)
        edits = _edits(body)[:2]
        _typing_session(qtbot, service, body, edits[:1])
        old = service._worker.process  # noqa: SLF001 - the test kills it
        old.kill()
        old.wait(10)
        qtbot.waitUntil(lambda: service._worker.broken, timeout=10_000)  # noqa: SLF001
        outcomes: list = []
        service.submit_body("tok", edits[0], edits[1], PREFIX, outcomes.append)
        qtbot.waitUntil(lambda: bool(outcomes), timeout=60_000)
        result = outcomes[0]
        assert isinstance(result, BodyPatchResult), result
        assert service._worker.process.pid != old.pid  # noqa: SLF001
        blocks = _apply(_blocks_of(edits[0]), result.patch)
        assert join_blocks(blocks) == render_markdown(edits[1], image_url=_url)
    finally:
        service.shutdown()


def test_an_early_worker_is_adopted_and_stopped_with_the_service(qtbot):
    """`newsdesk` starts the worker before Qt (render_process); the service
    renders with that very process and stops it at shutdown."""
    early = RenderProcess()
    service = RenderService("process", None, early)
    try:
        article = load_article(sample_article_path("md"))
        outcomes: list = []
        service.submit(article, Profile.default(), PREFIX, outcomes.append, "tok")
        qtbot.waitUntil(lambda: bool(outcomes), timeout=60_000)
        assert isinstance(outcomes[0], PreviewResult), outcomes[0]
        assert "<article" in outcomes[0].html
        assert service._worker.process is early.process  # noqa: SLF001
    finally:
        service.shutdown()
    assert early.process.poll() is not None


def test_an_early_worker_never_adopted_is_stopped_too():
    early = RenderProcess()
    service = RenderService("process", None, early)
    service.shutdown()
    assert early.process.poll() is not None


def _sample_document(tmp_path):
    import shutil

    from newsdesk.resources import resource_path

    document = tmp_path / "sample.newsdesk"
    shutil.copy2(resource_path("samples", "nato-ukraine.newsdesk"), document)
    return document


def test_a_page_rendered_before_its_preview_asked_is_the_answer(tmp_path):
    from newsdesk.storage.document import read_document
    from newsdesk.ui.preview_address import media_prefix, new_token

    document = _sample_document(tmp_path)
    profile = Profile.default()
    token = new_token()
    prefix = media_prefix(token)
    snapshot = preview_snapshot(read_document(document))
    try:
        render_job.prerender(str(document), profile, token)
        early = render_job._prerendered[token].result  # noqa: SLF001 - what it holds
        assert early.html == render_page(
            snapshot, profile, image_url=lambda name: prefix + quote(name), preview=True
        )
        answer = render_preview(snapshot, profile, prefix, token, 7)
        assert answer is early  # not rendered again
        assert token not in render_job._prerendered  # noqa: SLF001 - used once
        # typing goes on from it: the incremental renderer holds revision 7
        body = snapshot.body
        end = len(body)
        patch = render_job.render_body_delta(token, 7, len(body), end, end, "\n\nMore.", prefix, 8)
        assert patch.characters == len(body) + len("\n\nMore.")
    finally:
        render_job.forget(token)


def test_a_prerendered_page_of_other_text_is_not_the_answer(tmp_path):
    from newsdesk.storage.document import read_document
    from newsdesk.ui.preview_address import media_prefix, new_token

    document = _sample_document(tmp_path)
    profile = Profile.default()
    token = new_token()
    prefix = media_prefix(token)
    edited = replace(preview_snapshot(read_document(document)), headline="Changed since saved")
    try:
        render_job.prerender(str(document), profile, token)
        early = render_job._prerendered[token].result  # noqa: SLF001
        answer = render_preview(edited, profile, prefix, token, 1)
        assert answer is not early
        assert "Changed since saved" in answer.html
        assert answer.html == render_page(
            edited, profile, image_url=lambda name: prefix + quote(name), preview=True
        )
    finally:
        render_job.forget(token)


def test_the_early_worker_renders_the_document_it_is_told_of(qtbot, tmp_path):
    """`newsdesk FILE`: the command line has the worker render FILE's page
    at once (render_process.RenderProcess.prerender); the preview of FILE takes
    the token chosen for it, and its request gets that page."""
    from newsdesk.storage.document import read_document
    from newsdesk.ui.preview_address import media_prefix

    document = _sample_document(tmp_path)
    profile = Profile.default()
    early = RenderProcess()
    early.prerender(document, profile)
    early.prerender(tmp_path / "notes.md", profile)  # only .newsdesk documents
    early.prerender(tmp_path / "missing.newsdesk", profile)  # only files that are there
    service = RenderService("process", None, early)
    try:
        assert service.take_prerendered(tmp_path / "notes.md") is None
        token = service.take_prerendered(document)
        assert token is not None
        assert service.take_prerendered(document) is None  # once
        article = read_document(document)
        outcomes: list = []
        service.submit(article, profile, media_prefix(token), outcomes.append, token)
        qtbot.waitUntil(lambda: bool(outcomes), timeout=60_000)
        assert outcomes == [render_preview(preview_snapshot(article), profile, media_prefix(token))]
    finally:
        service.shutdown()
