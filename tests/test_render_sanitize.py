"""The sanitizer against a corpus of HTML/JS injections, in Markdown and raw HTML.

INJECTIONS and dangerous_markup() are shared with the page tests, which put the
same corpus in every field and run the pages in Chromium."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from newsdesk.render.markdown_body import render_markdown
from newsdesk.render.sanitize import safe_href, safe_img_src, sanitize_html

# Each payload tries to run alert()/console.log() with the marker XSS, so a
# browser test can see any that gets through.
INJECTIONS: list[str] = [
    '<script>alert("XSS-script")</script>',
    "<SCRIPT SRC=\"data:text/javascript,alert('XSS-src')\"></SCRIPT>",
    '<img src=x onerror=alert("XSS-onerror")>',
    '<img src="x" ONERROR="console.log(\'XSS-upper\')">',
    '<svg onload=alert("XSS-svg")>',
    '<svg><script>alert("XSS-svg-script")</script></svg>',
    '<svg><a xlink:href="javascript:alert(\'XSS-xlink\')"><text y="20">x</text></a></svg>',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert("XSS-mxss")>',
    "<iframe src=\"javascript:alert('XSS-iframe')\"></iframe>",
    "<iframe srcdoc=\"<script>alert('XSS-srcdoc')</script>\"></iframe>",
    "<object data=\"javascript:alert('XSS-object')\"></object>",
    "<embed src=\"javascript:alert('XSS-embed')\">",
    "<form action=\"javascript:alert('XSS-form')\"><button>go</button></form>",
    '<input autofocus onfocus=alert("XSS-autofocus")>',
    '<details open ontoggle=alert("XSS-toggle")><summary>x</summary></details>',
    '<video><source onerror=alert("XSS-video")></video>',
    '<body onload=alert("XSS-body")>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(\'XSS-meta\')">',
    "<base href=\"javascript:alert('XSS-base')//\">",
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<style>@import "https://evil.example/x.css"; body{display:none}</style>',
    "<div style=\"background:url(javascript:alert('XSS-style'))\">styled</div>",
    "[click](javascript:alert('XSS-md-link'))",
    "[click](JaVaScRiPt:alert('XSS-case'))",
    "[click](<javascript:alert('XSS-angle')>)",
    "[click]( javascript:alert('XSS-space'))",
    "[ref][evil]\n\n[evil]: javascript:alert('XSS-ref')",
    "<javascript:alert('XSS-autolink')>",
    "![img](javascript:alert('XSS-md-img'))",
    "![x\" onerror=\"alert('XSS-alt')](y.png)",
    "<a href=\"jav&#x09;ascript:alert('XSS-tab')\">tab</a>",
    "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;:alert('XSS-ent')\">e</a>",
    "<a href=\"java\nscript:alert('XSS-newline')\">nl</a>",
    "<a href=\"vbscript:msgbox('XSS-vbs')\">vb</a>",
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgnWFNTLWRhdGEnKTwvc2NyaXB0Pg==">d</a>',
    "[data](data:text/html,<script>alert('XSS-md-data')</script>)",
    "<img src=\"data:text/html,<script>alert('XSS-img-data')</script>\">",
    '<a href="#" onclick="alert(\'XSS-onclick\')">c</a>',
    "Paragraph {: onclick=\"alert('XSS-attr-list')\" }",
    "## Heading {: onmouseover=\"alert('XSS-attr-h')\" }",
    '</script><script>alert("XSS-close")</script>',
    "</style><script>alert('XSS-style-close')</script>",
    '"><script>alert("XSS-quote")</script>',
    "'><img src=x onerror=alert('XSS-squote')>",
    "<!--<script>alert('XSS-comment')</script>-->",
    "<noscript><p title=\"</noscript><img src=x onerror=alert('XSS-noscript')>\"></noscript>",
    "<textarea></textarea><script>alert('XSS-textarea')</script>",
    "<title></title><script>alert('XSS-title')</script>",
    "\u2028\u2029</script><script>alert('XSS-u2028')</script>",
    "&lt;script&gt;alert('XSS-escaped')&lt;/script&gt;",
    "<scr<script>ipt>alert('XSS-nested')</scr</script>ipt>",
    '<a href="https://ok.example" target="_blank" rel="opener">opener</a>',
]

_URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "data", "srcdoc", "poster"}
_FORBIDDEN_TAGS = {
    "iframe", "object", "embed", "form", "input", "button", "base", "link", "meta",
    "svg", "math", "textarea", "select", "video", "audio", "source", "frame", "frameset",
    "details", "template", "noscript",
}  # fmt: skip


class _Scan(HTMLParser):
    def __init__(self, page: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.problems: list[str] = []
        self.in_head = False
        self.scripts: list[dict[str, str | None]] = []
        self.styles = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "head":
            self.in_head = True
        if tag == "body":
            self.in_head = False
        if tag == "script":
            self.scripts.append(a)
            if not (self.page and a.get("type") == "application/ld+json" and len(a) == 1):
                self.problems.append(f"script element {a}")
        elif tag == "style":
            self.styles += 1
            if not (self.page and self.in_head and self.styles == 1):
                self.problems.append("style element")
        elif tag in ("meta", "link") and self.page and self.in_head:
            if tag == "meta" and "http-equiv" in a:
                self.problems.append(f"meta http-equiv {a}")
            if tag == "link" and a.get("rel") not in ("canonical", "stylesheet"):
                self.problems.append(f"link {a}")
        elif tag in _FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}> element")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"event handler {name}={value!r} on <{tag}>")
            if name == "style":
                self.problems.append(f"style attribute on <{tag}>")
            if name in _URL_ATTRS and value is not None:
                url = re.sub(r"[\x00-\x20]+", "", value).lower()
                if url.startswith(("javascript:", "vbscript:")) or (
                    url.startswith("data:") and not url.startswith("data:image/")
                ):
                    self.problems.append(f"{name}={value[:60]!r} on <{tag}>")
                if url.startswith("data:") and tag != "img":
                    self.problems.append(f"data: URL in {name} on <{tag}>")
            if name == "rel" and value and "opener" in value.split():
                self.problems.append("rel=opener")
            if name == "target":
                self.problems.append("target attribute")

    handle_startendtag = handle_starttag


def dangerous_markup(html: str, *, page: bool = False) -> list[str]:
    """What a parser finds that could run script or pull in remote content.
    A whole page may have one <style> in its head and JSON-LD scripts."""
    scan = _Scan(page)
    scan.feed(html)
    scan.close()
    return scan.problems


@pytest.mark.parametrize("payload", INJECTIONS)
def test_every_injection_is_neutralised_in_the_body(payload):
    html = render_markdown(f"Before.\n\n{payload}\n\nAfter.")
    assert dangerous_markup(html) == [], html
    if "<style>" not in payload or "</style>" in payload:
        assert "After." in html  # an unclosed <style> rightly swallows the rest


@pytest.mark.parametrize("payload", INJECTIONS)
def test_every_injection_is_neutralised_inline(payload):
    html = render_markdown(f"Text {payload} text")
    assert dangerous_markup(html) == [], html


def test_the_whole_corpus_at_once():
    html = render_markdown("\n\n".join(INJECTIONS) + "\n\n" + " ".join(INJECTIONS))
    assert dangerous_markup(html) == []
    assert "<script" not in html.lower()


def test_script_and_style_contents_are_removed_not_shown():
    html = sanitize_html("<p>a</p><script>var secret = 1;</script><style>p{}</style><p>b</p>")
    assert html == "<p>a</p><p>b</p>"


def test_escaped_markup_stays_visible_text():
    html = render_markdown("Write &lt;script&gt; to start a script.")
    assert "&lt;script&gt;" in html and "<script" not in html


def test_links_keep_web_mail_and_anchor_targets_and_get_rel():
    html = render_markdown(
        "[w](https://example.org/a?b=1) [m](mailto:desk@example.org) [h](#section) "
        "[rel](other-article.html) [ftp](ftp://example.org/x) [tel](tel:+123)"
    )
    assert 'href="https://example.org/a?b=1" rel="noopener noreferrer"' in html
    assert 'href="mailto:desk@example.org"' in html
    assert 'href="#section"' in html
    for gone in ("other-article.html", "ftp:", "tel:"):
        assert gone not in html


def test_images_keep_web_data_and_document_sources_only():
    html = render_markdown(
        "![a](photo.jpg) ![b](https://example.org/x.png) ![c](data:image/gif;base64,R0lG) "
        "![d](../../etc/passwd) ![e](/etc/passwd) ![f](file:///etc/passwd) "
        "![g](data:image/svg+xml;base64,PHN2Zz4=) ![h](c:/x.png)"
    )
    for kept in ("photo.jpg", "https://example.org/x.png", "data:image/gif", "data:image/svg"):
        assert f'src="{kept}' in html
    for gone in ("passwd", "file:", "c:/x.png"):
        assert gone not in html


def test_no_style_attributes_survive_anything():
    html = sanitize_html(
        '<p style="color:red">a</p><table><tr><td style="text-align:right" align="right">1'
        "</td></tr></table>"
    )
    assert "style" not in html and "align=" not in html


def test_allowed_markup_passes_unchanged():
    fragment = (
        '<h2 data-source-line="3" id="x">T</h2>\n'
        '<p><abbr title="North">N</abbr> <sup id="fnref:1"><a class="footnote-ref" '
        'href="#fn:1" rel="noopener noreferrer">1</a></sup></p>\n'
        '<div class="codehilite"><pre><span></span><code><span class="k">def</span>\n'
        "</code></pre></div>\n"
        '<img alt="a" src="x.png" title="t" width="10" height="5">'
    )
    assert sanitize_html(fragment) == fragment


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://a.example", True),
        ("HTTP://A.EXAMPLE", True),
        ("mailto:x@y.z", True),
        ("#frag", True),
        ("javascript:alert(1)", False),
        (" JavaScript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("data:text/html,x", False),
        ("relative/page.html", False),
        ("//evil.example/x", False),
        ("", False),
    ],
)
def test_safe_href(url, ok):
    assert (safe_href(url) is not None) is ok


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("photo.jpg", True),
        ("media/photo.jpg", True),
        ("https://a.example/x.png", True),
        ("data:image/png;base64,AAAA", True),
        ("DATA:IMAGE/PNG;base64,AAAA", True),
        ("data:text/html,x", False),
        ("data:image/png", False),
        ("javascript:x", False),
        ("../x.png", False),
        ("/abs.png", False),
        ("file:///x.png", False),
    ],
)
def test_safe_img_src(url, ok):
    assert (safe_img_src(url) is not None) is ok


@pytest.mark.parametrize("url", ["https://[x/", "http://[::1"])
def test_unparsable_addresses_are_dropped_not_a_crash(url):
    html = render_markdown(f"[link]({url}) ![img]({url})")
    assert "href=" not in html
    assert "src=" not in html
    assert safe_href(url) is None and safe_img_src(url) is None
