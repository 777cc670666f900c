"""The EPUB edition as a reading app gets it: valid, in the reader's language,
complete, self-contained, and readable at phone width.

`make epub` (run by `make test`) writes _build/epub/five-layer-cake-<lang>.epub.
EPUBCheck is Debian's; the pages are rendered by Chromium from the unzipped
book, screenshots kept in _build/test-artifacts/epub/ for inspection.
"""

from __future__ import annotations

import base64
import posixpath
import re
import shutil
import subprocess
import time
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import pytest

from cakedoc.dates import source_epoch
from cakedoc.epub import GUIDE_TITLES, epub_name, identifier
from cakedoc.glossary.stubs import is_generated
from cakedoc.messages import gettext
from cakedoc.languages import LANGUAGES
from conftest import LANGS, ROOT, SITE, site_pages

# Long (EPUBCheck on both books; about 35 s on a quiet
# machine): `make test` starts it first (tests/xdist_groups.py).
pytestmark = pytest.mark.long(seconds=35)

EPUB_DIR = ROOT / "_build" / "epub"
STAGING = ROOT / "_build" / "staging" / "epub"
ARTIFACTS = ROOT / "_build" / "test-artifacts" / "epub"
EPUBCHECK = Path("/usr/share/java/epubcheck.jar")
NS = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/",
      "container": "urn:oasis:names:tc:opendocument:xmlns:container",
      "xhtml": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"


def book_path(lang: str) -> Path:
    path = EPUB_DIR / epub_name(LANGUAGES[lang])
    if not path.is_file():
        pytest.fail(f"{path} is missing: run `make epub` (make test does)")
    return path


class Book:
    """An EPUB read the way a reading system reads it: container, package, pages."""

    def __init__(self, path: Path) -> None:
        self.zip = zipfile.ZipFile(path)
        container = ET.fromstring(self.zip.read("META-INF/container.xml"))
        self.opf_path = container.find(".//container:rootfile", NS).get("full-path")
        self.opf = ET.fromstring(self.zip.read(self.opf_path))
        self.base = PurePosixPath(self.opf_path).parent
        self.items = {item.get("id"): item for item in self.opf.iterfind(".//opf:manifest/opf:item", NS)}

    def href(self, item: ET.Element) -> str:
        return str(self.base / item.get("href"))

    def spine(self) -> list[str]:
        return [self.href(self.items[ref.get("idref")])
                for ref in self.opf.iterfind(".//opf:spine/opf:itemref", NS)]

    def page(self, name: str) -> ET.Element:
        return ET.fromstring(self.zip.read(name))

    def pages(self) -> list[str]:
        return [self.href(item) for item in self.items.values()
                if item.get("media-type") == "application/xhtml+xml"]


@pytest.fixture(scope="module", params=LANGS)
def book(request: pytest.FixtureRequest) -> tuple[str, Book]:
    return request.param, Book(book_path(request.param))


def docnames(lang: str) -> list[str]:
    """The authors' pages; not the glossary's generated ones, which only the
    HTML site has (the book's glossary is one chapter)."""
    found = (p.relative_to(ROOT / "docs" / lang).with_suffix("").as_posix()
             for p in (ROOT / "docs" / lang).rglob("*.md") if p.name != "README.md")
    return sorted(page for page in found if not is_generated(page))


def first_heading(lang: str, page: str) -> str:
    text = (ROOT / "docs" / lang / f"{page}.md").read_text(encoding="utf-8")
    return re.search(r"^# (.+)$", text, re.M).group(1).strip()


@pytest.mark.parametrize("lang", LANGS)
def test_epubcheck_finds_nothing(lang: str) -> None:
    if shutil.which("java") is None or not EPUBCHECK.is_file():
        pytest.fail("EPUBCheck is not installed: run `make bootstrap` as root (Debian epubcheck)")
    # As `make epubcheck` runs it (C1 only: half the CPU of a one-off run).
    run = subprocess.run(["java", "-XX:TieredStopAtLevel=1", "-jar", str(EPUBCHECK),
                          "--failonwarnings", str(book_path(lang))],
                         capture_output=True, text=True, timeout=300)
    report = run.stdout + run.stderr
    assert "Messages: 0 fatals / 0 errors / 0 warnings / 0 infos" in report, report
    assert run.returncode == 0, report


def test_package_document_names_the_book_in_its_language(book: tuple[str, Book]) -> None:
    lang, epub = book
    language = LANGUAGES[lang]
    meta = epub.opf.find("opf:metadata", NS)
    assert meta.findtext("dc:language", namespaces=NS) == language.bcp47
    assert meta.findtext("dc:title", namespaces=NS) == language.title
    assert meta.findtext("dc:creator", namespaces=NS) == language.author
    assert meta.findtext("dc:identifier", namespaces=NS) == identifier(language)
    modified = meta.find("opf:meta[@property='dcterms:modified']", NS).text
    assert modified == time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(source_epoch()))
    # The navigation document: in the reader's language, every page in book order.
    nav_item = next(item for item in epub.items.values() if "nav" in (item.get("properties") or ""))
    nav = epub.page(epub.href(nav_item))
    assert nav.get(XML_LANG) == language.bcp47
    toc = nav.find(".//xhtml:nav", NS)
    assert toc.get(EPUB_TYPE) == "toc"
    assert toc.findtext("xhtml:h1", namespaces=NS) == gettext(GUIDE_TITLES["toc"], LANGUAGES[lang].sphinx)
    top = [("".join(a.itertext()), a.get("href")) for a in toc.findall("xhtml:ol/xhtml:li/xhtml:a", NS)]
    assert [href for _, href in top][1:] == [f"{page}.xhtml" for page in toctree(lang)]
    for text, href in top:
        assert plain(first_heading(lang, href.removesuffix(".xhtml"))) == plain(text)
    # Every page of the guide is in the book, once, in the spine.
    spine = epub.spine()
    assert sorted(set(spine)) == sorted(spine)
    assert {f"{page}.xhtml" for page in docnames(lang)} <= set(spine), set(spine)
    # The cover is the language's social-card artwork.
    cover = next(item for item in epub.items.values() if item.get("properties") == "cover-image")
    card = ROOT / "cakedoc" / "site" / "cards" / lang / "social-card.png"
    assert epub.zip.read(epub.href(cover)) == card.read_bytes()


def plain(text: str) -> str:
    """Text without markup or quote styles (Sphinx makes "smart" quotes)."""
    return re.sub(r"[`*\"'“”‘’]", "", text)


def toctree(lang: str) -> list[str]:
    """The chapters, in the order of the home page's toctree."""
    text = (ROOT / "docs" / lang / "index.md").read_text(encoding="utf-8")
    block = re.search(r"```\{toctree\}\n(.*?)```", text, re.S).group(1)
    return [line.strip() for line in block.splitlines() if line.strip() and not line.startswith(":")]


def test_every_page_is_in_the_readers_language_and_self_contained(book: tuple[str, Book]) -> None:
    lang, epub = book
    language = LANGUAGES[lang]
    for name in epub.pages():
        text = epub.zip.read(name).decode("utf-8")
        root = ET.fromstring(text)
        assert (root.get(XML_LANG), root.get("lang")) == (language.bcp47, language.bcp47), name
        assert "<script" not in text, f"{name}: the book needs no JavaScript"
        # Nothing is fetched from anywhere: no remote stylesheet, image, font or frame.
        for element in root.iter():
            for attr in ("src", "{http://www.w3.org/1999/xlink}href"):
                value = element.get(attr) or ""
                assert not urlsplit(value).scheme, (name, value)
            if element.tag.endswith("}link"):
                assert not urlsplit(element.get("href", "")).scheme, (name, element.get("href"))
        assert "url(http" not in text and "@import" not in text, name
        # Site furniture stays on the site.
        assert "cake-page-links" not in text and 'rel="alternate"' not in text, name


def ids_of(epub: Book, name: str, cache: dict[str, set[str]]) -> set[str]:
    if name not in cache:
        cache[name] = {e.get("id") for e in epub.page(name).iter() if e.get("id")}
    return cache[name]


def test_every_link_inside_the_book_resolves(book: tuple[str, Book]) -> None:
    """Glossary terms, footnotes, the layer marker and the navigation all point
    at a page of the book and an id on it."""
    lang, epub = book
    names = set(epub.zip.namelist())
    seen: dict[str, set[str]] = {}
    glossary_links = 0
    for name in epub.pages():
        for a in epub.page(name).iter("{http://www.w3.org/1999/xhtml}a"):
            href = a.get("href")
            if not href or urlsplit(href).scheme:
                continue
            path, _, fragment = href.partition("#")
            target = posixpath.normpath(str(PurePosixPath(name).parent / unquote(path))) \
                if path else name
            assert target in names, f"{name}: {href} is not in the book"
            if fragment:
                assert fragment in ids_of(epub, target, seen), f"{name}: {href} has no target"
            if target == "glossary.xhtml" and fragment.startswith("term-"):
                glossary_links += 1
    glossary_terms = len(list((ROOT / "glossary").glob("*.md"))) - 1  # its README
    assert glossary_links >= glossary_terms, (glossary_links, glossary_terms)


def test_footnotes_are_epub_notes(book: tuple[str, Book]) -> None:
    lang, epub = book
    refs = 0
    for name in epub.pages():
        page = epub.page(name)
        notes = {e.get("id") for e in page.iter() if e.get(EPUB_TYPE) == "footnote"}
        for a in page.iter("{http://www.w3.org/1999/xhtml}a"):
            if "footnote-reference" in (a.get("class") or ""):
                assert a.get(EPUB_TYPE) == "noteref", (name, a.get("href"))
                assert a.get("href").lstrip("#") in notes, (name, a.get("href"))
                refs += 1
    assert refs >= 30, "the guide cites its numbers in footnotes"


def test_diagrams_are_light_svg_with_their_text(book: tuple[str, Book]) -> None:
    lang, epub = book
    for rel in site_pages(lang):
        page = rel.split("/", 1)[1].removesuffix(".html")
        name = f"{page}.xhtml"
        if name not in epub.zip.namelist():
            continue  # the site's search and 404 pages are not in the book
        text = epub.zip.read(name).decode("utf-8")
        site = (SITE / rel).read_text(encoding="utf-8")
        assert text.count('class="cake-diagram cake-diagram-light"') == \
            site.count('class="cake-diagram cake-diagram-light"'), name
        assert "cake-diagram-dark" not in text, name
        assert text.count('<nav class="cake-layer-marker"') == site.count('<nav class="cake-layer-marker"')
    svgs = [svg for name in epub.pages() for svg in epub.page(name).iter("{http://www.w3.org/2000/svg}svg")]
    assert len(svgs) >= 10
    for svg in svgs:
        assert "".join(t for el in svg.iter("{http://www.w3.org/2000/svg}text") for t in el.itertext()).strip()


def test_book_bytes_depend_only_on_the_sources(tmp_path: Path) -> None:
    """Zipping the builder's output again gives the same bytes; every entry is
    dated SOURCE_DATE_EPOCH, and mimetype comes first, stored."""
    from cakedoc.epub import package

    moment = time.gmtime(source_epoch())
    for lang in LANGS:
        published = book_path(lang)
        again = tmp_path / f"{lang}.epub"
        package.package(STAGING / lang, again, source_epoch())
        assert again.read_bytes() == published.read_bytes(), lang
        with zipfile.ZipFile(published) as archive:
            infos = archive.infolist()
        assert infos[0].filename == "mimetype" and infos[0].compress_type == zipfile.ZIP_STORED
        assert {info.date_time for info in infos} == {(*moment[:5], moment.tm_sec // 2 * 2)}


def test_packaging_a_broken_build_keeps_the_last_good_book(tmp_path: Path, capsys) -> None:
    from cakedoc.epub import package

    broken = tmp_path / "book"
    shutil.copytree(STAGING / "en", broken)
    (broken / "chips.xhtml").unlink()
    output = tmp_path / "out.epub"
    output.write_bytes(b"last good")
    assert package.main(["package", str(broken), str(output)]) == 1
    assert f"{broken / 'content.opf'}: lists chips.xhtml, which is not in {broken}" in capsys.readouterr().err
    assert output.read_bytes() == b"last good"


# (every page's EPUB link: tests/test_pdf.py, with the PDF's)


# -- a reading engine: the book's pages in Chromium at phone width -------------------

INK_JS = """
async (png) => {
  const img = new Image();
  img.src = "data:image/png;base64," + png;
  await img.decode();
  const canvas = document.createElement("canvas");
  canvas.width = img.width; canvas.height = img.height;
  const ctx = canvas.getContext("2d");
  ctx.drawImage(img, 0, 0);
  const data = ctx.getImageData(0, 0, img.width, img.height).data;
  let ink = 0;
  for (let i = 0; i < data.length; i += 4) if (Math.min(data[i], data[i + 1], data[i + 2]) < 200) ink++;
  return ink / (data.length / 4);
}
"""


@pytest.mark.parametrize("lang", LANGS)
def test_chapter_diagram_and_glossary_render_at_phone_width(browser, tmp_path: Path, lang: str) -> None:
    with zipfile.ZipFile(book_path(lang)) as archive:
        archive.extractall(tmp_path)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=True)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    checker = context.new_page()
    checker.goto("about:blank")
    for name, what in (("chips.xhtml", "chapter"), ("token-to-power.xhtml", "diagram"),
                       ("glossary.xhtml", "glossary")):
        page.goto((tmp_path / name).as_uri(), wait_until="load")
        if what == "diagram":
            page.locator(".cake-diagram svg").first.scroll_into_view_if_needed()
        shot = page.screenshot(path=str(ARTIFACTS / f"{lang}-{what}.png"))
        ink = checker.evaluate(INK_JS, base64.b64encode(shot).decode())
        assert ink > 0.02, f"{lang}/{name} renders blank ({ink:.3f} of the screen inked)"
        report = page.evaluate("""() => ({
            overflow: document.documentElement.scrollWidth - window.innerWidth,
            text: document.body.innerText,
            svgs: [...document.querySelectorAll("svg")].map((s) => s.getBoundingClientRect().width),
        })""")
        assert report["overflow"] <= 1, f"{name} scrolls sideways on a phone"
        if lang == "zh":
            assert len(re.findall(r"[\u4e00-\u9fff]", report["text"])) > 200, name
        if what != "glossary":
            assert report["svgs"] and all(0 < width <= 390 for width in report["svgs"]), report["svgs"]
    # No page of the book scrolls sideways on a phone (wide tables, long URLs).
    for name in sorted(n.name for n in tmp_path.glob("*.xhtml")):
        page.goto((tmp_path / name).as_uri(), wait_until="load")
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1, name
    # A note link takes the reader to the note.
    page.goto((tmp_path / "chips.xhtml").as_uri(), wait_until="load")
    ref = page.locator("a.footnote-reference").first
    target = ref.get_attribute("href")
    ref.click()
    page.wait_for_function("(id) => location.hash === id", arg=target)
    box = page.locator(f"[id='{target[1:]}']").bounding_box()
    assert box is not None and -2 <= box["y"] < 844, box  # scrolled to, give or take a subpixel
    context.close()
    assert all(url.startswith(("file:", "data:", "about:")) for url in requests), requests
