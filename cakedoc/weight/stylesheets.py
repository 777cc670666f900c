"""Stylesheets: a page links only the CSS it uses, which holds only rules in use.

* ``furo-extensions.css`` styles extensions this guide does not use
  (sphinx-design, copybutton, the Read the Docs flyout): it is not linked;
* ``pygments.css`` is linked only from pages with highlighted code, and
  holds rules only for the token classes some page uses (furo writes them
  for every token type, three times: light, dark, and dark by preference);
* ``cake.css``, the guide's own stylesheet, is served without its comments:
  they explain its rules to authors, and were half its bytes on every page.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pygments.token import STANDARD_TYPES
from sphinx.application import Sphinx

from cakedoc.build import written

UNUSED_CSS = {"styles/furo-extensions.css"}
TOKEN_CLASSES = frozenset(name for name in STANDARD_TYPES.values() if name)
#: A token's rule in furo's pygments.css, one per line, with its comment.
TOKEN_RULE = re.compile(r"^(?P<rule>.*\.highlight \.(?P<token>[\w-]+) \{[^}]*\})(?: /\*.*\*/)?$")
SPAN_CLASSES = re.compile(r'<span class="([^"]+)">')
OUR_CSS = "cake.css"
CSS_COMMENT = re.compile(r"/\*.*?\*/\n?", re.S)


def trim_assets(app: Sphinx, pagename: str, templatename: str,
                context: dict[str, Any], doctree: Any) -> None:
    """Drop the stylesheets this page does not use (after furo's handler)."""
    unused = set(UNUSED_CSS)
    if 'class="highlight' not in context.get("body", ""):
        unused.add("pygments.css")
    if "css_files" in context:
        context["css_files"] = [
            css for css in context["css_files"]
            if str(getattr(css, "filename", css)).removeprefix("_static/") not in unused]


#: Beside the environment: each written page's token classes.
USED_TOKENS = "cake-pygments-classes.pickle"


def token_classes(page: Path) -> frozenset[str]:
    """The Pygments token classes *page* uses."""
    return frozenset(name for names in SPAN_CLASSES.findall(page.read_text(encoding="utf-8"))
                     for name in names.split() if name in TOKEN_CLASSES)


def prune_pygments_css(app: Sphinx, exception: Exception | None) -> None:
    """Drop the rules of token classes no page of the site uses.

    Runs after furo's own build-finished handler has written the file, and
    looks at every page in the output (not only those written this time),
    so an incremental build keeps what unchanged pages need: a page's
    classes are kept between builds and read again only from pages written
    since (cakedoc.build.written).
    """
    css = app.builder.outdir / "_static" / "pygments.css"
    if exception is not None or app.builder.format != "html" or not css.is_file():
        return
    used = set().union(*written.scanned(app, USED_TOKENS, [".html"], token_classes).values())
    kept = []
    for line in css.read_text(encoding="utf-8").splitlines():
        token = TOKEN_RULE.match(line)
        if token is None or token["token"] not in TOKEN_CLASSES:
            kept.append(line)
        elif token["token"] in used:
            kept.append(token["rule"])  # without the comment naming the token
    css.write_text("\n".join(kept) + "\n", encoding="utf-8")


def strip_css_comments(app: Sphinx, exception: Exception | None) -> None:
    """The site's copy of cake.css without the comments its source keeps."""
    css = app.builder.outdir / "_static" / OUR_CSS
    if exception is not None or app.builder.format != "html" or not css.is_file():
        return
    css.write_text(CSS_COMMENT.sub("", css.read_text(encoding="utf-8")), encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", trim_assets, priority=600)  # after furo's (500)
    app.connect("build-finished", prune_pygments_css, priority=600)  # after furo writes it
    app.connect("build-finished", strip_css_comments)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
