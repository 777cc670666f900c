"""The site's root page: links both languages and sends a reader to theirs.

Written by :func:`write` after both language builds (``python -m cakedoc.site
publish``) as the site's ``index.html``.  The redirect reads ``navigator.languages`` and
works from ``file://`` as well as over http (no fetch, no server logic).  A
reader who came back to choose (``index.html#choose``) is not redirected.
"""

from __future__ import annotations

import html
from pathlib import Path

from cakedoc.languages import DEFAULT, LANGUAGES

#: The look of the root pages (this one and the root 404 page, cakedoc.site.root_files).
STYLE = """<style>
  :root { color-scheme: light dark; font-family: system-ui, "Noto Sans CJK SC", sans-serif; }
  body { max-width: 36rem; margin: 15vh auto; padding: 0 1.5rem; line-height: 1.6;
         background: #fff; color: #111; }
  h1 { font-size: 1.6rem; margin-bottom: 0.6rem; }
  h1 span { display: block; }
  ul { list-style: none; padding: 0; display: flex; gap: 1rem; flex-wrap: wrap; }
  a.lang { display: block; padding: 1rem 1.4rem; border: 1px solid; border-radius: 0.5rem;
           text-decoration: none; font-size: 1.2rem; color: #0645ad; }
  p.sub { opacity: 0.8; margin-top: 0; }
  /* Explicit colours in both schemes (furo's dark ones): the browser's
     own dark-scheme link blue is too dim on its dark canvas. */
  @media (prefers-color-scheme: dark) {
    body { background: #131416; color: #cfd0d0; }
    a.lang { color: #9ecbff; }
  }
</style>"""

#: The skeleton of the root pages: the heading in each language, then the choice.
PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
{meta}<title>{title}</title>
{head}
</head>
<body>
<main>
{headings}
<ul>
{links}
</ul>
</main>
</body>
</html>
"""

REDIRECT = """<script>
  (function () {{
    if (location.hash === "#choose") return;
    var targets = {targets};
    var wanted = navigator.languages || [navigator.language || ""];
    for (var i = 0; i < wanted.length; i++) {{
      var tag = String(wanted[i]).toLowerCase();
      for (var code in targets) {{
        if (tag === code || tag.indexOf(code + "-") === 0) {{
          location.replace(targets[code]);
          return;
        }}
      }}
    }}
    location.replace(targets[{default_code!r}]);
  }})();
</script>"""


def language_choice(prefix: str = "") -> str:
    """One big link per language to its home page, under *prefix*."""
    return "\n".join(
        f'<li><a class="lang" href="{prefix}{lang.code}/index.html" hreflang="{lang.bcp47}" '
        f'lang="{lang.bcp47}">{html.escape(lang.name)}</a></li>'
        for lang in LANGUAGES.values()
    )


def root_page(*, lang: str, title: str, headings: dict[str, tuple[str, str]],
              links: str, head: str = STYLE, meta: str = "") -> str:
    """A page at the site root: *headings* maps each language code to its
    heading and line below it (plain text); *head* and *meta* are HTML.

    One <h1>, a span per language: a page has one title, whatever the
    number of languages it is written in (html-validate: heading-level)."""
    title_spans = " ".join(f'<span lang="{LANGUAGES[code].bcp47}">{html.escape(heading)}</span>'
                           for code, (heading, _) in headings.items())
    blocks = f"<h1>{title_spans}</h1>\n" + "\n".join(
        f'<p class="sub" lang="{LANGUAGES[code].bcp47}">{html.escape(line)}</p>'
        for code, (_, line) in headings.items()
    )
    return PAGE.format(lang=lang, meta=meta, title=title, head=head, headings=blocks, links=links)


def render(default_code: str = DEFAULT) -> str:
    langs = list(LANGUAGES.values())
    targets = "{" + ", ".join(f'"{lang.code}": "{lang.code}/index.html"' for lang in langs) + "}"
    alternates = "\n".join(
        f'<link rel="alternate" hreflang="{lang.bcp47}" href="{lang.code}/index.html">'
        for lang in langs
    )
    script = REDIRECT.format(targets=targets, default_code=default_code)
    return root_page(
        lang=LANGUAGES[default_code].bcp47,
        title=" · ".join(html.escape(lang.title) for lang in langs),
        headings={lang.code: (lang.title, lang.subtitle) for lang in langs},
        links=language_choice(), head=f"{alternates}\n{STYLE}\n{script}",
    )


class LandingError(Exception):
    """The site lacks a language the landing page would send readers to."""


def write(site: Path) -> None:
    """Write the landing page into *site*, which must hold every language."""
    missing = [lang.code for lang in LANGUAGES.values() if not (site / lang.code / "index.html").is_file()]
    if missing:
        raise LandingError(f"{site} lacks the built language(s) {missing}")
    (site / "index.html").write_text(render(), encoding="utf-8")
