"""The build's guards on what a page holds: no script, nothing loaded from another host.

cakedoc.source.safety refuses raw HTML that runs code or changes the page
(``<script>``, ``<iframe>``, ``<object>``, ``<embed>``, ``<base>``,
``<meta>``, ``<form>``, ``on…=``, ``javascript:`` / ``data:`` URLs);
cakedoc.source.remote refuses anything a page, a template, a style sheet or
a setting would load from another host.  Each case fails a small site's
build at file:line (cakedoc/source/htmlscan.py reads the HTML as a browser
does); the cases are listed in docs/README.md.  That such a warning fails
``make html`` and leaves the published site as it was is shown once, on the
whole project, in tests/test_faults.py ("remote-image").
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import conf  # the project's conf.py (pytest puts its folder on sys.path)
from cakedoc.source import htmlscan
from cakedoc.source.remote import css_resources, html_resources
from cakedoc.source.safety import is_unsafe_url, raw_html_problems
from conftest import ROOT
from smallsite import build, copy_root, write

# -- the HTML, read as a browser reads it -------------------------------------------


@pytest.mark.parametrize("html,problem", [
    ("<script>alert(1)</script>", "a <script> element"),
    ("<SCRIPT src=x.js></SCRIPT>", "a <script> element"),
    ("<svg><script>alert(1)</script></svg>", "a <script> element"),
    ('<iframe src="page.html"></iframe>', "an <iframe> element"),
    ('<object data="x.svg"></object>', "an <object> element"),
    ('<embed src="x.svg">', "an <embed> element"),
    ('<base href="https://example.org/">', "a <base> element"),
    ('<meta http-equiv="refresh" content="0; url=https://example.org/">', "a <meta> element"),
    ('<form action="https://example.org/"><input name=q></form>', "a <form> element"),
    ('<span onclick="alert(1)">x</span>', "an on…= event attribute (onclick=)"),
    ('<img src=x\nonerror = "alert(1)">', "an on…= event attribute (onerror=)"),
    ('<a href="javascript:alert(1)">x</a>', "a javascript: URL (href=)"),
    ('<a href="java&#115;cript:alert(1)">x</a>', "a javascript: URL (href=)"),
    ('<a href="java\tscript:alert(1)">x</a>', "a javascript: URL (href=)"),
    ('<a href="JavaScript:alert(1)">x</a>', "a javascript: URL (href=)"),
    ('<a href=" JavaScript:alert(1)">x</a>', "a javascript: URL (href=)"),
    ('<a href="data:text/html,<script>alert(1)</script>">x</a>', "a data: URL (href=)"),
    ('<img src="data:image/svg+xml,<svg/>" alt="">', "a data: URL (src=)"),
    ('<img srcset="a.png 1x, data:image/png;base64,AAAA 2x" alt="">', "a data: URL (srcset=)"),
    ('<svg><animate attributeName="href" to="javascript:alert(1)"/></svg>',
     "a javascript: URL (to=)"),
])
def test_unsafe_raw_html_is_found(html: str, problem: str) -> None:
    assert problem in [found for _, found in raw_html_problems(html)]


@pytest.mark.parametrize("html", [
    '<abbr title="go online=now">online</abbr>',  # "=" in a value is no attribute
    '<abbr title="a onclick=b">x</abbr>',
    '<span class="note">the only event is the ONNX release</span>',
    '<abbr title="on premises">on-prem</abbr>',
    "<br>",
    '<a href="https://example.com/javascript">the JavaScript page</a>',
    "<span>JavaScript: the language of the web</span>",
    '<span title="data: the new oil">data</span>',
    "<!-- <script>alert(1)</script> -->",  # a comment is no element
    "<kbd>&lt;script&gt;</kbd>",
])
def test_safe_raw_html_passes(html: str) -> None:
    assert raw_html_problems(html) == []


def test_a_problem_is_placed_on_its_line_in_the_block() -> None:
    assert raw_html_problems("<div>\n<p>fine</p>\n<embed src=x.svg>\n</div>") == [
        (3, "an <embed> element")]


@pytest.mark.parametrize("uri,unsafe", [
    ("javascript:alert(1)", True),
    (" \tJavaScript:alert(1)", True),
    ("java&#x73;cript:alert(1)", True),
    ("data:text/html,x", True),
    ("https://example.com/", False),
    ("chips.html#hbm", False),
    ("mailto:someone@example.com", False),
])
def test_unsafe_link_targets(uri: str, unsafe: bool) -> None:
    assert is_unsafe_url(uri) is unsafe


@pytest.mark.parametrize("url,remote", [
    ("https://example.org/a.png", True),
    ("HTTP://example.org/a.png", True),
    ("ht\ttps://example.org/a.png", True),
    ("//example.org/a.png", True),
    (" //example.org/a.png", True),
    ("\\\\example.org/a.png", True),
    ("/\\example.org/a.png", True),
    ("img/a.png", False),
    ("/zh/a.png", False),
    ("../_static/a.png", False),
    ("data:image/png;base64,AAAA", False),
    ("#fragment", False),
])
def test_what_counts_as_another_host(url: str, remote: bool) -> None:
    assert htmlscan.is_remote(url) is remote


@pytest.mark.parametrize("html,what", [
    ('<img src="https://example.org/a.png" alt="">', "<img src>"),
    ('<img srcset="a.png 1x, https://example.org/a@2x.png 2x" alt="">', "<img srcset>"),
    ('<picture><source srcset="//example.org/a.webp"></picture>', "<source srcset>"),
    ('<link rel="stylesheet" href="https://example.org/a.css">', "<link href>"),
    ('<link rel="preload" as="font" href="https://example.org/a.woff2">', "<link href>"),
    ('<link rel="icon" href="//example.org/favicon.ico">', "<link href>"),
    ('<video src="v.mp4" poster="https://example.org/p.jpg"></video>', "<video poster>"),
    ('<audio src="https://example.org/a.ogg"></audio>', "<audio src>"),
    ('<video><source src="https://example.org/v.mp4"><track src="https://example.org/v.vtt">'
     "</video>", "<source src>"),
    ('<video><track src="https://example.org/v.vtt"></video>', "<track src>"),
    ('<iframe src="https://example.org/"></iframe>', "<iframe src>"),
    ('<script src="https://example.org/a.js"></script>', "<script src>"),
    ('<svg><image href="https://example.org/a.png"/></svg>', "<image href>"),
    ('<svg><use xlink:href="https://example.org/s.svg#i"/></svg>', "<use xlink:href>"),
    ('<table background="https://example.org/b.png"></table>', "<table background>"),
    ("<style>@import url(https://example.org/a.css);</style>", "CSS"),
    ('<style>@import "https://example.org/a.css";</style>', "CSS"),
    ("<style>@font-face { font-family: x; src: url('https://example.org/f.woff2') }</style>",
     "CSS"),
    ('<span style="background: url(//example.org/b.png)">x</span>', "CSS"),
    ('<span style="background: u\\72l(https://example.org/b.png)">x</span>', "CSS"),
    ('<span style="background-image: image-set(\'https://example.org/b.png\' 1x)">x</span>', "CSS"),
])
def test_remote_resources_in_html_are_found(html: str, what: str) -> None:
    assert what in [found for _, found, _ in html_resources(html)]


@pytest.mark.parametrize("html", [
    '<a href="https://example.org/">a link is followed, not loaded</a>',
    '<link rel="canonical" href="https://example.org/cake/en/chips.html">',
    '<link rel="alternate" hreflang="zh-CN" href="https://example.org/cake/zh/chips.html">',
    '<img src="img/chart.png" srcset="img/chart@2x.png 2x" alt="">',
    '<span style="background: url(img/b.png)">x</span>',
    "<style>/* url(https://example.org/a.css) */ p { color: red }</style>",
    '<meta property="og:image" content="https://example.org/card.png">',
    '<form action="https://example.org/">nothing is sent until it is submitted</form>',
])
def test_links_and_local_resources_are_not_remote(html: str) -> None:
    assert html_resources(html) == []


def test_css_lines_are_counted_through_comments() -> None:
    css = "/* a\n comment */\np { color: red }\n@import url('//example.org/x.css');\n"
    assert css_resources(css) == [(4, "CSS", "//example.org/x.css")]


# -- on a small site: the build fails at file:line ------------------------------------

UNSAFE_PAGE = [
    "# Chips",
    "",
    "<script>alert(1)</script>",
    "",
    '<iframe src="energy.html"></iframe>',
    "",
    "A <span onclick=\"alert(1)\">click</span>.",
    "",
    '<object data="x.svg"></object>',
    "",
    '<embed src="x.svg">',
    "",
    '<base href="https://example.org/">',
    "",
    "<div>",
    "<p>a block whose third line is the problem</p>",
    '<meta http-equiv="refresh" content="0; url=https://example.org/">',
    "</div>",
    "",
    '<form action="chips.html"><input name="q"></form>',
    "",
    'A <a href="java&#115;cript:alert(1)">link</a>.',
    "",
    'A <a href="data:text/html,hello">link</a>.',
    "",
    "```{image} ../../cakedoc/static/cake.css",
    ":alt: x",
    ":target: javascript:alert(1)",
    "```",
    "",
    'A harmless <abbr title="go online=now">abbreviation</abbr>.',
]


def assert_warned_at(make_app, tmp_path: Path, lines: list[str], subtype: str,
                    expected: list[tuple[int, str]]) -> str:
    """Build a small site whose en/chips.md is *lines*: it must fail with
    each *expected* warning at its line, and no other of *subtype*."""
    project = copy_root(tmp_path)
    write(project, "en/chips.md", lines)
    built = build(make_app, project)
    for line, text in expected:
        assert f"{project}/en/chips.md:{line}: WARNING: {text}" in built.warnings, built.warnings
    # Each once: (remote) the check of the written pages does not repeat the page's.
    assert built.warnings.count(f"[cake.{subtype}]") == len(expected), built.warnings
    assert built.statuscode != 0
    return built.warnings


def test_unsafe_raw_html_fails_the_build_at_file_and_line(make_app, tmp_path: Path) -> None:
    warnings = assert_warned_at(make_app, tmp_path, UNSAFE_PAGE, "unsafe", [
        (3, "raw HTML with a <script> element"),
        (5, "raw HTML with an <iframe> element"),
        (7, "raw HTML with an on…= event attribute (onclick=)"),
        (9, "raw HTML with an <object> element"),
        (11, "raw HTML with an <embed> element"),
        (13, "raw HTML with a <base> element"),
        (17, "raw HTML with a <meta> element"),
        (20, "raw HTML with a <form> element"),
        (22, "raw HTML with a javascript: URL (href=)"),
        (24, "raw HTML with a data: URL (href=)"),
        (26, "link to a javascript: URL is not allowed"),
    ])
    assert "abbr" not in warnings


def test_harmless_raw_html_is_published_as_written(make_app, tmp_path: Path) -> None:
    """The negative control: the root's own pages hold <abbr title="go
    online=now"> and a link to another site, and build with no warning."""
    built = build(make_app, copy_root(tmp_path))
    assert built.warnings == ""
    assert '<abbr title="go online=now">raw HTML</abbr>' in built.page("index")
    assert 'href="https://example.org/"' in built.page("index")


REMOTE_PAGE = [
    "# Chips",
    "",
    "![A chart](https://example.org/chart.png)",
    "",
    "```{image} //example.org/chart.png",
    ":alt: A chart",
    "```",
    "",
    "```{figure} https://example.org/figure.png",
    ":alt: A figure",
    "",
    "A caption.",
    "```",
    "",
    '<img src="https://example.org/raw.png" alt="">',
    "",
    '<img src="local.png" srcset="https://example.org/raw@2x.png 2x" alt="">',
    "",
    '<link rel="stylesheet" href="https://example.org/style.css">',
    "",
    "<style>",
    "p { color: inherit }",
    "@import url(https://example.org/imported.css);",
    "@font-face { font-family: x; src: url('https://example.org/font.woff2') }",
    "</style>",
    "",
    'Some <span style="background: url(//example.org/bg.png)">styled</span> text.',
    "",
    '<video src="local.mp4" poster="https://example.org/poster.jpg">',
    '<track src="https://example.org/captions.vtt">',
    "</video>",
    "",
    '<audio><source src="https://example.org/sound.ogg"></audio>',
    "",
    "[A link to another site](https://example.org/) and",
    '<a href="https://example.org/">another</a> are fine: a link is not loaded.',
]


def test_remote_resources_in_a_page_fail_the_build_at_file_and_line(
        make_app, tmp_path: Path) -> None:
    loads = [
        (3, "image loads https://example.org/chart.png"),
        (5, "image loads //example.org/chart.png"),
        (9, "image loads https://example.org/figure.png"),
        (15, "<img src> loads https://example.org/raw.png"),
        (17, "<img srcset> loads https://example.org/raw@2x.png"),
        (19, "<link href> loads https://example.org/style.css"),
        (23, "CSS loads https://example.org/imported.css"),
        (24, "CSS loads https://example.org/font.woff2"),
        (27, "CSS loads //example.org/bg.png"),
        (29, "<video poster> loads https://example.org/poster.jpg"),
        (30, "<track src> loads https://example.org/captions.vtt"),
        (33, "<source src> loads https://example.org/sound.ogg"),
    ]
    warnings = assert_warned_at(make_app, tmp_path, REMOTE_PAGE, "remote",
                                [(line, f"{text} from another host") for line, text in loads])
    # The links on lines 35 and 36 are not loaded.
    assert ":35:" not in warnings and ":36:" not in warnings


def copy_of(folder: Path, tmp_path: Path, name: str) -> Path:
    copy = tmp_path / name
    shutil.copytree(folder, copy)
    return copy


def test_a_remote_stylesheet_in_a_template_fails_at_the_template_line(
        make_app, tmp_path: Path) -> None:
    templates = copy_of(ROOT / "cakedoc" / "templates", tmp_path, "templates")
    page = templates / "page.html"
    lines = page.read_text(encoding="utf-8").splitlines()
    block = next(n for n, line in enumerate(lines) if "{% block extrahead %}" in line)
    lines.insert(block + 1, '<link rel="stylesheet" href="https://fonts.example.org/css?f=x">')
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    project = copy_root(tmp_path)
    # Built twice: the second time Sphinx rewrites no page, and must fail again.
    for attempt in ("first", "second"):
        built = build(make_app, project, templates_path=[str(templates)])
        assert (f"{page}:{block + 2}: WARNING: <link href> loads "
                "https://fonts.example.org/css?f=x from another host") in built.warnings, \
            f"{attempt} build: {built.warnings}"
        assert built.warnings.count("[cake.remote]") == 1, built.warnings  # not once per page


def test_a_remote_import_in_our_css_fails_at_its_line(make_app, tmp_path: Path) -> None:
    static = copy_of(ROOT / "cakedoc" / "static", tmp_path, "static")
    css = static / "cake.css"
    css.write_text("@import url('https://fonts.example.org/face.css');\n"
                   + css.read_text(encoding="utf-8"), encoding="utf-8")
    # html_static_path is per language: conf.py's table, with our copy in it.
    settings = {lang: dict(values) for lang, values in conf.cake_language_settings.items()}
    settings["en"]["html_static_path"] = [str(static), *settings["en"]["html_static_path"][1:]]
    built = build(make_app, copy_root(tmp_path), cake_language_settings=settings)
    assert (f"{css}:1: WARNING: CSS loads https://fonts.example.org/face.css "
            "from another host") in built.warnings, built.warnings


def test_a_remote_stylesheet_from_a_setting_fails_at_the_written_page(
        make_app, tmp_path: Path) -> None:
    """No template or static file of ours holds it: the warning names a
    written page and line, and says where such a URL comes from."""
    built = build(make_app, copy_root(tmp_path),
                  html_css_files=["cake.css", "https://fonts.example.org/x.css"])
    assert "WARNING: <link href> loads https://fonts.example.org/x.css from another host" \
        in built.warnings, built.warnings
    assert "a setting such as html_css_files" in built.warnings
    location = built.warnings.split(": WARNING: <link href>")[0].splitlines()[-1]
    path, line = location.rsplit(":", 1)
    assert path.endswith(".html") and Path(path).is_file()
    assert "https://fonts.example.org/x.css" in Path(path).read_text(
        encoding="utf-8").splitlines()[int(line) - 1]
