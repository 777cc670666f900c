"""A page printed from the browser: the article alone, link addresses on paper,
light diagrams even for a reader in dark mode, no table or figure cut in two.

Printed to PDF by Chromium (page.pdf(), the browser's own print path), then
read back as text with pdftotext; the PDFs are kept in
_build/test-artifacts/print/ for inspection.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import LANGS, ROOT, entry_sheet

ARTIFACTS = ROOT / "_build" / "test-artifacts" / "print"
LIGHT_FILL = "rgb(232, 236, 251)"  # the layer marker's light rows (cakedoc.diagrams.marker)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def print_page(browser, server: str, rel: str, scheme: str,
               before: str = "") -> tuple[list[str], object, object]:
    """Print *rel* as a reader in *scheme* would (after running *before* in
    it); its sheets' text, and the browser page (in print media) to ask
    what it drew."""
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(server + rel, wait_until="load")
    if scheme == "dark":
        # Chosen with furo's toggle, not only by the system preference.
        page.evaluate("document.body.dataset.theme = 'dark'")
    page.context.blocks = page.evaluate(before) if before else []
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{rel.replace('/', '-').removesuffix('.html')}-{scheme}.pdf"
    page.pdf(path=str(path), format="A4")
    assert len(PdfReader(path).pages) >= 1
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout
    page.emulate_media(media="print")
    return text.split("\f"), page, context


# Before printing: a tag at the start and at the end of every table and
# figure of the article, in 1 px type (it changes no line), so each one's
# first and last sheet can be read from the text.  Tags, not the cells' own
# words: pdftotext interleaves the lines of neighbouring cells.
TAG_BLOCKS_JS = r"""() => {
  const tag = (el, text, atEnd) => {
    const span = document.createElement("span");
    span.style.fontSize = "1px";
    span.textContent = text;
    atEnd ? el.append(span) : el.prepend(span);
  };
  const blocks = [...document.querySelectorAll("article table, article figure")];
  blocks.forEach((block, n) => {
    const cells = block.querySelectorAll("th, td");
    const kind = block.tagName === "TABLE" ? "table" : "figure";
    tag(cells.length ? cells[0] : block, `cakeblock${n}start`, false);
    tag(cells.length ? cells[cells.length - 1] : block.querySelector("figcaption") || block,
        `cakeblock${n}end`, true);
  });
  return blocks.map((block) => block.tagName.toLowerCase());
}"""


def sheet_of(pages: list[str], tag: str) -> int:
    sheets = [n for n, sheet in enumerate(pages) if tag in squeeze(sheet)]
    assert len(sheets) == 1, (tag, sheets)
    return sheets[0]


SHOWN_JS = """(selector) => [...document.querySelectorAll(selector)]
  .filter((el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; }).length"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("lang", LANGS)
def test_printed_layer_page_is_the_article_with_light_diagrams(browser, server: str, lang: str,
                                                                scheme: str) -> None:
    pages, page, context = print_page(browser, server, f"{lang}/chips.html", scheme, TAG_BLOCKS_JS)
    text = "\f".join(pages)
    # No site furniture on paper: language and download links, sidebar, search, theme button.
    for word in {"zh": ("下载 PDF", "下载 EPUB", "English", "搜索"),
                 "en": ("Download PDF", "Download EPUB", "中文", "Search")}[lang]:
        assert word not in text, word
    for selector in (".sidebar-drawer", ".toc-drawer", ".theme-toggle", "input[type=search]",
                     ".cake-page-links", ".mobile-header", ".related-pages"):
        assert page.evaluate(SHOWN_JS, selector) == 0, selector
    # The light drawings, whatever the reader's scheme.
    assert page.evaluate(SHOWN_JS, ".cake-diagram-dark") == 0
    assert page.evaluate(SHOWN_JS, ".cake-diagram-light") >= 1
    fills = page.evaluate("""() => [...document.querySelectorAll('.cake-layer-marker .cake-layer rect')]
                                   .map((r) => getComputedStyle(r).fill)""")
    assert fills and set(fills) == {LIGHT_FILL}, fills
    # The article is all there: its title, the marker's text, its footnotes.
    title = page.evaluate("document.querySelector('article h1').firstChild.textContent")
    assert squeeze(title) in squeeze(text)
    assert squeeze({"zh": "2 芯片", "en": "2 Chips"}[lang]) in squeeze(text)
    # A footnote's bare URL is printed once, not followed by itself again.
    url = page.evaluate("document.querySelector('aside.footnote a.reference.external').getAttribute('href')")
    assert squeeze(text).count(url) == 1, url
    # No table and no figure split across two sheets.
    blocks = page.context.blocks
    assert "table" in blocks and "figure" in blocks, blocks
    for n, kind in enumerate(blocks):
        first, last = sheet_of(pages, f"cakeblock{n}start"), sheet_of(pages, f"cakeblock{n}end")
        assert first == last, f"{kind} {n} runs from sheet {first + 1} to sheet {last + 1}"
    context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_printed_links_show_where_they_go(browser, server: str, lang: str) -> None:
    """A glossary entry's sources are links labelled with a host name: on
    paper each is followed by its full address (token's sheet cites four,
    and the other entries on it more)."""
    pages, page, context = print_page(browser, server, f"{lang}/{entry_sheet('token')}.html",
                                      "light")
    text = squeeze("".join(pages))
    hrefs = page.evaluate("""() => [...document.querySelectorAll('article a.reference.external')]
                                   .filter((a) => a.textContent.trim() !== a.getAttribute('href')).map((a) => a.getAttribute('href'))""")
    assert len(hrefs) >= 3  # not a vacuous pass: the entry cites several linked sources
    # pdftotext joins a line broken after a hyphen without it: compare without hyphens.
    missing = [href for href in hrefs if f"<{href}>".replace("-", "") not in text.replace("-", "")]
    assert not missing, missing[:5]
    context.close()
