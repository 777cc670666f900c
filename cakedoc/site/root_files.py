"""The site root's files for search engines, written after both language builds.

``python -m cakedoc.site publish`` writes them next to the landing page, on
the staging tree, before it is published.  Each language is its own Sphinx build, so what spans both
languages is written here:

* ``sitemap.xml``: the languages' sitemaps (cakedoc.site.sitemap) merged, every
  page of both languages with its hreflang alternates; only with a BASE_URL,
  because sitemap URLs must be absolute;
* ``robots.txt``: allows everything and, with a BASE_URL, names the sitemap;
* ``404.html``: what most static hosts serve for any missing URL; it offers
  both languages' home pages, by absolute path (from BASE_URL's path, or
  ``/``), so its links work at any depth.  Each language's own 404 page is
  cakedoc.site.notfound_page's;
* ``llms.txt``: where tools look first; it points to each language's
  llms.txt and llms-full.txt (cakedoc.site.llms).
"""

from __future__ import annotations

import html
from pathlib import Path
from xml.etree import ElementTree

from cakedoc.site import landing, llms, sitemap, siteurl
from cakedoc.languages import DEFAULT, LANGUAGES
from cakedoc.site.notfound_page import NOINDEX, texts

class PublishingError(Exception):
    """A root file could not be written; the message names the file."""


def merge_sitemaps(outdir: Path, base: str) -> None:
    target = outdir / sitemap.FILENAME
    if not base:
        target.unlink(missing_ok=True)  # left by an earlier deployed build
        return
    merged = ElementTree.Element(f"{{{sitemap.SITEMAP_NS}}}urlset")
    for lang in LANGUAGES.values():
        source = outdir / lang.code / sitemap.FILENAME
        try:
            merged.extend(ElementTree.parse(source).getroot())
        except (OSError, ElementTree.ParseError) as error:
            raise PublishingError(f"{source}: cannot read the {lang.name} sitemap ({error}); "
                                  f"was docs/{lang.code} built with the same BASE_URL?") from None
    sitemap.write(merged, target)


def robots_txt(base: str) -> str:
    lines = ["User-agent: *", "Allow: /"]
    if base:
        # Crawlers read robots.txt only at a host's root; under a path
        # (https://host/cake/) this line belongs in the host's own file.
        lines.append(f"Sitemap: {base}{sitemap.FILENAME}")
    return "\n".join(lines) + "\n"


def not_found_page(base: str, default_code: str = DEFAULT) -> str:
    """The root 404 page: the message in every language, then the choice."""
    return landing.root_page(
        lang=LANGUAGES[default_code].bcp47, meta=NOINDEX,
        title=" · ".join(html.escape(texts(lang)["title"]) for lang in LANGUAGES.values()),
        headings={code: (texts(lang)["title"], texts(lang)["lead"]) for code, lang in LANGUAGES.items()},
        links=landing.language_choice(siteurl.path_prefix(base)),
    )


def llms_txt(base: str) -> str:
    """The root llms.txt: the guide in a line, then each language's files."""
    langs = list(LANGUAGES.values())
    lines = [f"# {' · '.join(lang.title for lang in langs)}", ""]
    lines += [f"> {lang.subtitle}" for lang in langs]
    for lang in langs:
        lines += ["", f"## {lang.name}", ""]
        lines += [f"- [{name}]({base}{lang.code}/{name})" for name in (llms.INDEX, llms.FULL)]
    return "\n".join(lines) + "\n"


def publish_root(outdir: Path, base: str) -> None:
    merge_sitemaps(outdir, base)
    (outdir / "robots.txt").write_text(robots_txt(base), encoding="utf-8")
    (outdir / "404.html").write_text(not_found_page(base), encoding="utf-8")
    (outdir / llms.INDEX).write_text(llms_txt(base), encoding="utf-8")
