"""Privacy: nothing in the built site makes a reader's browser call another host.

Every .html, .css and .js file in _build/html is read for what a browser
would fetch: src/srcset/poster attributes, stylesheets, icons and preloads,
SVG <use>, a meta refresh, CSS url() and @import (so no third-party fonts),
and script code that fetches a literal URL.  Links a reader may follow
(<a href="https://…">) are fine.  The browser side of the same promise —
no request to any host but 127.0.0.1 from any page — is checked in
tests/test_validators.py while the site tour visits every page.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import SITE
from sitescan import is_remote, read_page, remote_fetches_in_css, remote_fetches_in_js


def remote_fetches(site: Path) -> list[str]:
    found = []
    for path in sorted(site.rglob("*")):
        name = path.relative_to(site).as_posix()
        if path.suffix == ".html":
            page = read_page(path)
            found += [f"{name}:{line}: {what} {url}" for line, what, url in page.loads
                      if is_remote(url)]
            found += [f"{name}:{line}: CSS fetches {url}" for line, css in page.styles
                      for url in remote_fetches_in_css(css)]
            found += [f"{name}:{line}: script fetches {url}" for line, js in page.scripts
                      for url in remote_fetches_in_js(js)]
        elif path.suffix == ".css":
            found += [f"{name}: CSS fetches {url}"
                      for url in remote_fetches_in_css(path.read_text(encoding="utf-8"))]
        elif path.suffix == ".js":
            found += [f"{name}: script fetches {url}"
                      for url in remote_fetches_in_js(path.read_text(encoding="utf-8"))]
    return found


def test_no_third_party_resource_in_the_output(site: Path) -> None:
    assert len(list(site.rglob("*.css"))) > 5 and len(list(site.rglob("*.js"))) > 5
    assert remote_fetches(site) == []


def test_the_scan_finds_a_font_a_stylesheet_and_a_script(tmp_path: Path) -> None:
    """The check above fails when what it guards is broken."""
    site = tmp_path / "html"
    shutil.copytree(SITE, site)
    page = site / "en" / "chips.html"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "</head>",
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Inter">'
        '<script src="//cdn.example.com/analytics.js"></script></head>', 1), encoding="utf-8")
    with (site / "en" / "_static" / "cake.css").open("a", encoding="utf-8") as css:
        css.write('\n@font-face { font-family: X; src: url("https://fonts.gstatic.com/x.woff2"); }\n')
    with (site / "en" / "_static" / "doctools.js").open("a", encoding="utf-8") as js:
        js.write('\nfetch("https://telemetry.example.com/ping");\n')
    found = "\n".join(remote_fetches(site))
    for url in ("fonts.googleapis.com", "//cdn.example.com/analytics.js", "fonts.gstatic.com",
                "telemetry.example.com"):
        assert url in found
