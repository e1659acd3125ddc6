"""The exported page against real validators: the W3C Nu Html Checker (vnu),
axe-core in headless Chromium, script execution in Chromium, phone layout and print.

These never skip: a missing tool fails the test with what to install
(`bash scripts/bootstrap.sh test` sets all of them up)."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from browser import BrowserError, Chromium, Page
from newsdesk.export.html_export import export_html
from newsdesk.model.article import Article, Faq, Person
from newsdesk.profile.model import Profile
from newsdesk.render.page import render_page
from test_page_render import all_fields_article, rich_article, sample_article
from test_render_sanitize import INJECTIONS, dangerous_markup

pytestmark = pytest.mark.browser

TOOLS = Path(__file__).parent / "tools" / "node_modules"
VNU_JAR = TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = TOOLS / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SETUP = "run `bash scripts/bootstrap.sh test` (or `cd tests/tools && npm ci`)"


def require(condition: object, message: str) -> None:
    if not condition:
        pytest.fail(message, pytrace=False)


def arabic_article() -> Article:
    a = rich_article()
    a.language = "ar"
    a.headline = "الناتو يعزز علاقاته مع أوكرانيا دون حسم العضوية"
    a.standfirst = "قادة الحلف يطلقون مجلسًا دائمًا مع أوكرانيا."
    a.topic = "العلاقات بين الناتو وأوكرانيا"
    a.byline = [Person("جوشوا براون", "مراسل")]
    a.faqs = [Faq("ما هو المجلس الجديد؟", "هيئة دائمة للتشاور.")]
    return a


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Exported pages to validate, by name."""
    root = tmp_path_factory.mktemp("pages")
    profile = Profile.default()
    with_base = Profile(base_url="https://bigbignews.example/")
    out = {
        "rich": export_html(rich_article(), root / "rich", profile),
        "rich-inline": export_html(rich_article(), root / "inline", with_base, inline=True),
        "sample": export_html(sample_article(), root / "sample", with_base),
        "arabic": export_html(arabic_article(), root / "arabic", profile),
        "minimal": export_html(Article(headline="Short", body="One line."), root / "min", profile),
    }
    preview = root / "preview" / "preview.html"
    preview.parent.mkdir()
    preview.write_text(
        render_page(Article(headline="Draft", body="Text."), profile, preview=True),
        encoding="utf-8",
    )
    out["preview"] = preview
    return out


@pytest.fixture(scope="module")
def vnu_report(pages: dict[str, Path]) -> dict[str, list[dict]]:
    """vnu's messages per page name, from one run over all pages."""
    java = shutil.which("java")
    require(java, "vnu needs a Java runtime: install Debian's default-jre-headless")
    require(VNU_JAR.is_file(), f"the vnu checker is missing ({VNU_JAR}); {SETUP}")
    files = [str(p) for p in pages.values()]
    proc = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--format", "json", "--stdout", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(proc.stdout)
    by_file: dict[str, list[dict]] = {name: [] for name in pages}
    names = {str(p.resolve()): name for name, p in pages.items()}
    for message in report["messages"]:
        path = unquote(urlsplit(message.get("url", "")).path)
        by_file[names.get(path, "rich")].append(message)
    return by_file


@pytest.mark.parametrize("name", ["rich", "rich-inline", "sample", "arabic", "minimal", "preview"])
def test_vnu_finds_no_errors(vnu_report: dict[str, list[dict]], name: str):
    errors = [
        f"{m.get('lastLine')}: {m['message']} [{m.get('extract', '')!r}]"
        for m in vnu_report[name]
        if m["type"] in ("error", "non-document-error")
    ]
    assert errors == []


def test_vnu_has_no_warnings_on_the_sample(vnu_report: dict[str, list[dict]]):
    assert [m["message"] for m in vnu_report["sample"]] == []


@pytest.fixture(scope="module")
def browser():
    try:
        with Chromium() as chromium:
            yield chromium
    except BrowserError as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture(scope="module")
def axe_source() -> str:
    require(AXE_JS.is_file(), f"axe-core is missing ({AXE_JS}); {SETUP}")
    return AXE_JS.read_text(encoding="utf-8")


def axe_violations(page: Page, axe_source: str) -> list[str]:
    page.evaluate(axe_source)
    options = json.dumps({"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    result = page.evaluate(
        f"axe.run(document, {options})"
        ".then(r => r.violations.map(v => v.id + ': ' + v.help + ' @ ' +"
        " v.nodes.map(n => n.target.join(' ')).join(', ')))",
        await_promise=True,
        timeout=120,
    )
    return list(result)


@pytest.mark.parametrize("name", ["rich", "sample", "arabic", "minimal", "preview"])
@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)])
def test_axe_finds_no_wcag_violations(browser, axe_source, pages, name, width, height):
    page = browser.new_page(width=width, height=height, mobile=width < 600)
    page.navigate(pages[name])
    assert axe_violations(page, axe_source) == []
    assert page.exceptions == []


@pytest.mark.parametrize("width", [360, 390, 768])
def test_page_fits_narrow_screens_without_sideways_scrolling(browser, pages, width):
    page = browser.new_page(width=width, height=800, mobile=width < 600)
    for name in ("rich", "sample"):
        page.navigate(pages[name])
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (name, width)


def test_text_column_keeps_a_comfortable_measure(browser, pages):
    page = browser.new_page(width=1600, height=900)
    page.navigate(pages["sample"])
    chars_per_line = page.evaluate(
        """(() => {
          const p = document.querySelector('#article-body p');
          const style = getComputedStyle(p);
          const c = document.createElement('canvas').getContext('2d');
          c.font = style.fontSize + ' ' + style.fontFamily;
          const avg = c.measureText('abcdefghijklmnopqrstuvwxyz ').width / 27;
          return p.getBoundingClientRect().width / avg;
        })()"""
    )
    assert 55 <= chars_per_line <= 85


def test_screenshots_desktop_and_phone(browser, pages, tmp_path):
    """Saved for looking at; the sizes prove the whole page was captured."""
    shots = {}
    for label, width, mobile in (("desktop", 1280, False), ("phone", 390, True)):
        page = browser.new_page(width=width, height=900, mobile=mobile)
        page.navigate(pages["sample"])
        height = page.evaluate("document.documentElement.scrollHeight")
        shots[label] = page.screenshot(tmp_path / f"sample-{label}.png")
        png = shots[label].read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        assert int.from_bytes(png[16:20], "big") == width
        assert int.from_bytes(png[20:24], "big") >= min(height, 900)
    assert shots["phone"].stat().st_size > 20_000


def test_print_stylesheet_and_pdf(browser, pages, tmp_path):
    pdftoppm = shutil.which("pdftoppm")
    require(pdftoppm, "pdftoppm is needed to look at the PDF: install Debian's poppler-utils")
    page = browser.new_page()
    page.navigate(pages["sample"])
    page.send("Emulation.setEmulatedMedia", {"media": "print"})
    shown = page.evaluate(
        """(() => {
          const a = document.querySelector('#related a');
          return {
            after: getComputedStyle(a, '::after').content,
            skip: getComputedStyle(document.querySelector('.skip-link')).display,
          };
        })()"""
    )
    assert "attr(href)" in shown["after"] or "https://" in shown["after"]
    assert shown["skip"] == "none"
    page.send("Emulation.setEmulatedMedia", {"media": ""})
    pdf = page.print_pdf(tmp_path / "sample.pdf")
    assert pdf.read_bytes()[:5] == b"%PDF-"
    subprocess.run(
        [pdftoppm, "-f", "1", "-l", "1", "-r", "60", "-png", str(pdf), str(tmp_path / "p")],
        check=True,
        timeout=120,
    )
    (first,) = list(tmp_path.glob("p-*1.png"))
    assert first.stat().st_size > 5_000
    text = subprocess.run(
        [shutil.which("pdftotext") or "pdftotext", "-f", "1", "-l", "1", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "NATO Strengthens Ukraine Relations" in text


def _ran(page: Page) -> list[str]:
    hits = [f"dialog: {d.get('message')}" for d in page.dialogs]
    hits += [f"console: {t}" for t in page.console_texts if "XSS" in t]
    hits += [f"exception: {e.get('exceptionDetails', {}).get('text')}" for e in page.exceptions]
    return hits


def test_the_harness_sees_script_that_runs(browser, tmp_path):
    """Control: the watcher below does catch alert() and console.log()."""
    page = browser.new_page()
    page.set_content(
        "<!DOCTYPE html><title>x</title><img src=nope onerror=\"alert('XSS-control')\">"
        "<script>console.log('XSS-console')</script>",
        tmp_path,
    )
    assert page.connection.wait_for(lambda: len(page.dialogs) >= 1, 10)
    assert any("XSS-control" in h for h in _ran(page))
    assert any("XSS-console" in h for h in _ran(page))


@pytest.mark.parametrize("preview", [False, True], ids=["export", "preview"])
def test_injections_in_every_field_do_not_run_in_chromium(browser, tmp_path, preview):
    page = browser.new_page()
    ran: dict[str, list[str]] = {}
    for i, payload in enumerate(INJECTIONS):
        article = all_fields_article(payload)
        if preview:
            html = render_page(article, Profile.default(), preview=True)
            path = tmp_path / f"p{i}.html"
            path.write_text(html, encoding="utf-8")
        else:
            path = export_html(replace(article, slug_override=f"p{i}"), tmp_path, Profile.default())
            html = path.read_text(encoding="utf-8")
        assert dangerous_markup(html, page=True) == [], payload
        page.dialogs.clear()
        page.console.clear()
        page.exceptions.clear()
        page.navigate(path, settle=0.15)
        # Focus and hover everything, in case a handler waits for it.
        page.evaluate(
            "document.querySelectorAll('*').forEach(e => { try { e.focus();"
            " e.dispatchEvent(new MouseEvent('mouseover', {bubbles: true})); } catch (x) {} })"
        )
        if _ran(page):
            ran[payload] = _ran(page)
    assert ran == {}
