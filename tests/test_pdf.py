"""The PDF edition as an offline reader gets it: text, fonts, outline, diagrams, pages."""

from __future__ import annotations

import re
import subprocess
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from pypdf import PdfReader

from cakedoc.layers import LAYERS
from cakedoc.sources import registry
from conftest import LANGS, ROOT, SITE, site_pages
from test_charts_browser import CHART_PAGES, charts_in
from sitescan import soup

PDF_DIR = ROOT / "_build" / "pdf"
ARTIFACTS = ROOT / "_build" / "test-artifacts" / "pdf"
def chapters() -> tuple[str, ...]:
    """The book's chapters after the introduction: the home page's toctree."""
    text = (ROOT / "docs" / "zh" / "index.md").read_text(encoding="utf-8")
    toctree = re.search(r"^```\{toctree\}\n(.*?)^```", text, re.S | re.M).group(1)
    return tuple(line.strip() for line in toctree.splitlines()
                 if line.strip() and not line.startswith(":"))


CHAPTERS = chapters()


def pdf_path(lang: str) -> Path:
    path = PDF_DIR / f"five-layer-cake-{lang}.pdf"
    if not path.is_file():
        pytest.fail(f"{path} is missing: run `make pdf` (make test does)")
    return path


def pdf_text(lang: str, *, reading_order: bool = False) -> str:
    """The PDF's text.  *reading_order*: in the order the page draws it
    (``-raw``), so a raised footnote mark does not split the line it ends,
    as pdftotext's layout analysis does."""
    raw = ["-raw"] if reading_order else []
    return subprocess.run(["pdftotext", *raw, "-enc", "UTF-8", str(pdf_path(lang)), "-"],
                          check=True, capture_output=True, text=True).stdout


def squeeze(text: str) -> str:
    """Text without line breaks, hyphenation, spaces or quote styles (Sphinx
    makes "smart" quotes), to compare across layouts."""
    text = re.sub(r"-\n", "", text)
    return re.sub(r"[\s\"'“”‘’]+", "", text)


def markdown_headings(lang: str, page: str) -> list[str]:
    text = (ROOT / "docs" / lang / f"{page}.md").read_text(encoding="utf-8")
    return [re.sub(r"[`*{}]|\(.*?\)|\[\^[^\]]+\]", "", m).strip()
            for m in re.findall(r"^#{1,2} (.+)$", text, re.M)]


def body_sample(lang: str, page: str) -> str:
    """A stretch of plain prose from the page's first real paragraph."""
    text = (ROOT / "docs" / lang / f"{page}.md").read_text(encoding="utf-8")
    for block in re.split(r"\n\s*\n", text):
        if block.startswith(("#", "`", ":", "|", "-", ">", "[^", "*", "1.")):
            continue
        plain = re.sub(r"\{[a-z]+\}`([^`<]*?)(?:\s*<[^>]+>)?`|\[\^[^\]]+\]|\[([^\]]*)\]\([^)]*\)|[*_`]", r"\1\2", block)
        runs = re.findall(r"[\u4e00-\u9fff，、]{10,}" if lang == "zh" else r"(?:[A-Za-z]+ ){5}[A-Za-z]+", plain)
        if runs:
            return runs[0]
    raise AssertionError(f"no prose found on {page}")


@pytest.mark.parametrize("lang", LANGS)
def test_pdf_text_holds_headings_and_sentences_of_the_pages(lang: str) -> None:
    text = squeeze(pdf_text(lang, reading_order=True))
    for page in ("energy", "chips", "models", "applications", "token-to-power"):
        for heading in markdown_headings(lang, page)[:3]:
            assert squeeze(heading) in text, (page, heading)
        assert squeeze(body_sample(lang, page)) in text, (page, body_sample(lang, page))


def test_zh_pdf_has_no_english_book_furniture() -> None:
    text = pdf_text("zh")
    for word in ("Contents", "CHAPTER", "Chapter", "Index"):
        assert not re.search(rf"\b{word}\b", text), word
    for word in ("目录", "第 1 章", "图 1", "索引"):
        assert squeeze(word) in squeeze(text), word


@pytest.mark.parametrize("lang", LANGS)
def test_every_font_is_embedded(lang: str) -> None:
    listing = subprocess.run(["pdffonts", str(pdf_path(lang))], check=True,
                             capture_output=True, text=True).stdout.splitlines()[2:]
    assert listing
    for row in listing:
        # columns: name type encoding emb sub uni object ID (name may be "[none]")
        fields = row.split()
        assert fields[-5] == "yes", row


@pytest.mark.parametrize("lang", LANGS)
def test_outline_has_a_bookmark_per_chapter_in_the_readers_language(lang: str) -> None:
    reader = PdfReader(pdf_path(lang))
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    for page in CHAPTERS:
        heading = markdown_headings(lang, page)[0]
        assert any(squeeze(heading) in squeeze(title) for title in titles), (heading, titles)


def diagrams_in_pages(lang: str) -> int:
    """Diagrams the HTML pages of the book draw: Mermaid ones, the layer
    markers, which the book draws as the full highlighted stack, and charts
    (cakedoc.charts): each is one included vector PDF."""
    pages = [soup(SITE / rel) for rel in site_pages(lang)
             if rel.split("/", 1)[1].removesuffix(".html") in (*CHAPTERS, "index")]
    return sum(len(page.select(".cake-diagram.cake-diagram-light")) + len(page.select("nav.cake-layer-marker"))
               + len(page.select(".cake-chart-drawing.cake-chart-light")) for page in pages)


def placed_forms(page) -> int:
    """How many times a page draws a Form XObject (an included vector PDF)."""
    xobjects = (page.get("/Resources") or {}).get("/XObject") or {}
    forms = {name for name, ref in xobjects.items() if ref.get_object().get("/Subtype") == "/Form"}
    if not forms:
        return 0
    content = page.get_contents().get_data().decode("latin-1")
    return sum(1 for name in re.findall(r"(/\S+)\s+Do\b", content) if name in forms)


@pytest.mark.parametrize("lang", LANGS)
def test_diagrams_are_vector_forms_one_per_diagram(lang: str) -> None:
    reader = PdfReader(pdf_path(lang))
    # The same diagram on two pages is one object drawn twice: count drawings.
    assert sum(placed_forms(page) for page in reader.pages) == diagrams_in_pages(lang)
    images = subprocess.run(["pdfimages", "-list", str(pdf_path(lang))], check=True,
                            capture_output=True, text=True).stdout.splitlines()[2:]
    assert images == [], "diagrams must be vector, not raster images"


def first_page_with(lang: str, needle: str, also: str = "") -> int:
    # pdftotext, not pypdf: it reads the CJK of Chromium's Type 3 fonts too.
    for number, page in enumerate(pdf_text(lang).split("\f"), start=1):
        text = squeeze(page)
        if squeeze(needle) in text and squeeze(also) in text:
            return number
    raise AssertionError(f"no page shows {needle!r}")


def ink(lang: str, page: int, name: str) -> float:
    """Render one page to PNG (kept for inspection) and return its share of ink."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    stem = ARTIFACTS / f"{lang}-{name}"
    subprocess.run(["pdftoppm", "-r", "40", "-f", str(page), "-l", str(page), "-png",
                    "-singlefile", str(pdf_path(lang)), str(stem)], check=True)
    gray = subprocess.run(["pdftoppm", "-r", "20", "-f", str(page), "-l", str(page), "-gray",
                           "-singlefile", str(pdf_path(lang))], check=True, capture_output=True).stdout
    header_end = 0
    for _ in range(4):  # P5, width, height, maxval: four tokens, then binary pixels
        while gray[header_end:header_end + 1].isspace():
            header_end += 1
        while not gray[header_end:header_end + 1].isspace():
            header_end += 1
    pixels = gray[header_end + 1:]
    return sum(1 for value in pixels if value < 200) / len(pixels)


@pytest.mark.parametrize("lang", LANGS)
def test_title_chapter_and_diagram_pages_are_not_blank(lang: str) -> None:
    from cakedoc.languages import LANGUAGES
    from cakedoc.pdf.latex import source_date

    language = LANGUAGES[lang]
    first = pdf_text(lang).split("\f")[0]
    assert squeeze(language.title) in squeeze(first)
    assert squeeze(source_date(lang)) in squeeze(first)
    number = CHAPTERS.index("energy") + 2  # after the introduction chapter
    label = {"zh": f"第 {number} 章", "en": f"Chapter {number}"}[lang]
    chapter = first_page_with(lang, markdown_headings(lang, "energy")[0], also=label)
    diagram = first_page_with(lang, getattr(LAYERS[0], f"{lang}_blurb"))
    for page, name in ((1, "title"), (chapter, "chapter"), (diagram, "diagram")):
        assert ink(lang, page, name) > 0.002, f"page {page} ({name}) is blank"


#: Every page's downloads: (folder in the site, the built file, its link's label).
DOWNLOADS = {"pdf": (PDF_DIR, {"zh": "下载 PDF", "en": "Download PDF"}),
             "epub": (ROOT / "_build" / "epub", {"zh": "下载 EPUB", "en": "Download EPUB"})}


@pytest.mark.parametrize("kind", sorted(DOWNLOADS))
@pytest.mark.parametrize("lang", LANGS)
def test_every_page_links_its_pdf_and_epub_and_the_site_carries_them(site: Path, lang: str,
                                                                      kind: str) -> None:
    built, labels = DOWNLOADS[kind]
    name = f"five-layer-cake-{lang}.{kind}"
    if not (built / name).is_file():
        pytest.fail(f"{built / name} is missing: run `make {kind}` (make test does)")
    assert (site / kind / name).read_bytes() == (built / name).read_bytes()
    for rel in site_pages(lang):
        page = soup(site / rel)
        # The 404 page is served at any depth: its links are absolute paths.
        depth = "/" if rel.endswith("/404.html") else "../" * rel.count("/")
        assert page.find_all("a", href=f"{depth}{kind}/{name}"), rel
        assert labels[lang] in page.get_text(), rel


def pdfinfo(lang: str) -> dict[str, str]:
    """The document information dictionary as poppler's pdfinfo shows it."""
    out = subprocess.run(["pdfinfo", "-enc", "UTF-8", str(pdf_path(lang))], check=True,
                         capture_output=True, text=True).stdout
    return dict(re.match(r"([^:]+):\s*(.*)", line).groups() for line in out.splitlines() if ":" in line)


XMP_NS = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
          "dc": "http://purl.org/dc/elements/1.1/", "pdf": "http://ns.adobe.com/pdf/1.3/",
          "xmp": "http://ns.adobe.com/xap/1.0/"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def xmp(lang: str) -> ET.Element:
    """The XMP packet, as `pdfinfo -meta` prints it, parsed."""
    out = subprocess.run(["pdfinfo", "-meta", str(pdf_path(lang))], check=True,
                         capture_output=True).stdout.decode("utf-8")
    assert "<x:xmpmeta" in out, "the PDF has no XMP metadata stream"
    return ET.fromstring(out[out.index("<x:xmpmeta"):out.index("</x:xmpmeta>") + len("</x:xmpmeta>")])


@pytest.mark.parametrize("lang", LANGS)
def test_pdf_names_its_title_author_subject_keywords_and_language(lang: str) -> None:
    from cakedoc.languages import LANGUAGES

    language = LANGUAGES[lang]
    info = pdfinfo(lang)
    assert info.get("Title") == language.title, info
    assert info.get("Author") == language.author, info
    assert info.get("Subject") == language.subtitle, info
    keywords = [word.strip() for word in info.get("Keywords", "").split(",")]
    assert all(getattr(layer, lang) in keywords for layer in LAYERS), keywords
    assert info.get("Metadata Stream") == "yes", info
    root = PdfReader(pdf_path(lang)).trailer["/Root"]
    assert root.get("/Lang") == language.bcp47
    # Viewers open the outline beside the first page and show the title, not the file name.
    assert root.get("/PageMode") == "/UseOutlines"
    assert root["/ViewerPreferences"].get("/DisplayDocTitle") == True  # noqa: E712 (a pypdf BooleanObject)


@pytest.mark.parametrize("lang", LANGS)
def test_pdf_xmp_metadata_says_the_same_in_the_readers_language(lang: str) -> None:
    from cakedoc.dates import source_epoch
    from cakedoc.languages import LANGUAGES

    language = LANGUAGES[lang]
    meta = xmp(lang).find(".//rdf:Description", XMP_NS)
    title = meta.find("dc:title/rdf:Alt/rdf:li", XMP_NS)
    assert (title.text, title.get(XML_LANG)) == (language.title, language.bcp47)
    assert [li.text for li in meta.findall("dc:creator/rdf:Seq/rdf:li", XMP_NS)] == [language.author]
    assert [li.text for li in meta.findall("dc:language/rdf:Bag/rdf:li", XMP_NS)] == [language.bcp47]
    description = meta.find("dc:description/rdf:Alt/rdf:li", XMP_NS)
    assert description is not None and description.text == language.subtitle
    subjects = [li.text for li in meta.findall("dc:subject/rdf:Bag/rdf:li", XMP_NS)]
    assert all(getattr(layer, lang) in subjects for layer in LAYERS), subjects
    # Dates from SOURCE_DATE_EPOCH, never the clock of the build (reproducible bytes).
    day = time.strftime("%Y-%m-%d", time.gmtime(source_epoch()))
    assert meta.find("xmp:CreateDate", XMP_NS).text.startswith(day)
    assert meta.find("xmp:MetadataDate", XMP_NS).text.startswith(day)


@pytest.mark.parametrize("lang", LANGS)
def test_charts_carry_their_axis_titles_as_text(lang: str) -> None:
    """A chart's labels are text in the PDF (its CJK font embedded), not
    outlines: each chart's axis title is in pdftotext's output."""
    text = squeeze(pdf_text(lang))
    titles = [options["ylabel"] + (f"（{options['unit']}）" if lang == "zh" else f"({options['unit']})")
              if options.get("unit") else options["ylabel"]
              for page in CHART_PAGES for _, options, _ in charts_in(lang, page)]
    assert len(titles) >= 7
    missing = [title for title in titles if squeeze(title) not in text]
    assert not missing, missing


@pytest.mark.parametrize("lang", LANGS)
def test_footnotes_and_the_sources_tables_come_from_the_registry(lang: str) -> None:
    """Each source's generated reference is in the PDF (as a footnote of the
    pages that cite it, and a row of the sources chapter), confidence in words."""
    text = squeeze(pdf_text(lang))
    sources = registry.load(ROOT / "sources")
    words = {"zh": ("一手资料", "二手转述", "推算"),
             "en": ("Primary source", "Secondary report", "Our estimate")}[lang]
    assert all(text.count(squeeze(word)) >= 2 for word in words)  # footnotes and the legend
    for key in ("jedec-hbm2", "iea-energy-ai", "mlenergy-longitudinal", "deepseek-r1"):
        assert squeeze(sources[key].supports(lang))[5:35] in text, key  # a footnote
    # A source only the glossary cites: its short reference, in the glossary chapter.
    assert squeeze(sources["techradar-nvl72"].title(lang))[:30] in text
    # A report we read a source through is named with it.
    assert squeeze("经 PC Perspective" if lang == "zh" else "Via PC Perspective") in text
    assert "可信度H" not in text and "ConfidenceH" not in text  # no letters left
