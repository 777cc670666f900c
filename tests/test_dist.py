"""The offline bundle from `make dist`: complete, checksummed, reproducible,
free of the build machine, and working from disk after unzipping."""

from __future__ import annotations

import hashlib
import os
import time
import zipfile
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

import pytest

from cakedoc.site import __main__ as publishing, dist
from cakedoc.dates import source_epoch
from conftest import LANGS, ROOT, SITE
from tour import CHECK_DIAGRAMS_JS

DIST = ROOT / "_build" / "dist"


@pytest.fixture(scope="module")
def bundle() -> Path:
    path = DIST / dist.ZIP_NAME
    if not path.is_file():
        pytest.fail(f"{path} is missing: run `make dist` (make test does)")
    return path


def test_checksum_file_verifies_the_zip(bundle: Path) -> None:
    line = (DIST / dist.SUMS_NAME).read_text(encoding="utf-8")
    assert line == f"{hashlib.sha256(bundle.read_bytes()).hexdigest()}  {dist.ZIP_NAME}\n"


def test_zip_holds_the_whole_site_and_nothing_else(bundle: Path) -> None:
    with zipfile.ZipFile(bundle) as archive:
        names = archive.namelist()
    expected = sorted(f"{dist.NAME}/{p.relative_to(SITE).as_posix()}" for p in SITE.rglob("*")
                      if p.is_file() and not p.name.startswith(".buildinfo"))
    assert names == expected  # also: sorted, one top folder
    for required in ("index.html", "404.html", "robots.txt", "llms.txt", "zh/chips.html",
                     "en/chips.html", "zh/llms-full.txt", "pdf/five-layer-cake-zh.pdf",
                     "pdf/five-layer-cake-en.pdf", "epub/five-layer-cake-zh.epub",
                     "epub/five-layer-cake-en.epub"):
        assert f"{dist.NAME}/{required}" in names, required


def test_zip_is_reproducible_with_source_date_epoch(bundle: Path) -> None:
    with zipfile.ZipFile(bundle) as archive:
        infos = archive.infolist()
    moment = time.gmtime(source_epoch())  # zip keeps even seconds
    assert {info.date_time for info in infos} == {(*moment[:5], moment.tm_sec // 2 * 2)}
    assert {info.external_attr >> 16 for info in infos} == {0o644}
    assert all(info.extra == b"" for info in infos)


def test_nothing_machine_specific_inside(bundle: Path) -> None:
    marker = os.fsencode(ROOT)
    with zipfile.ZipFile(bundle) as archive:
        for info in archive.infolist():
            assert not info.filename.endswith((".log", ".buildinfo")), info.filename
            assert marker not in archive.read(info), info.filename


# -- make dist (cakedoc.site dist) on a small site of its own --------------------------------------

def small_site(root: Path) -> Path:
    """A published site as `make html pdf` leaves it, in BUILDDIR *root*."""
    site = root / "html"
    for rel in ("index.html", *(f"{lang}/index.html" for lang in LANGS),
                *(f"pdf/five-layer-cake-{lang}.pdf" for lang in LANGS),
                *(f"epub/five-layer-cake-{lang}.epub" for lang in LANGS), "zh/.buildinfo"):
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(f"<p>{rel}</p>\n", encoding="utf-8")
    return site


def test_same_site_gives_the_same_bytes_whatever_the_file_times(tmp_path: Path) -> None:
    site = small_site(tmp_path)
    first = dist.make_dist(site, tmp_path / "a", 1773100800).read_bytes()
    for path in site.rglob("*"):
        os.utime(path, (1_900_000_000, 1_900_000_000))
    second = dist.make_dist(site, tmp_path / "b", 1773100800).read_bytes()
    assert first == second


def test_a_file_with_the_build_path_is_refused_by_name(tmp_path: Path, capsys) -> None:
    site = small_site(tmp_path)
    (site / "en" / "index.html").write_text(f"<p>hello</p>\n<p>{ROOT}/docs</p>\n", encoding="utf-8")
    assert publishing.main(["cakedoc.site", "dist", str(tmp_path)]) == 1
    assert f"{site / 'en' / 'index.html'}:2: contains the build machine's path" in capsys.readouterr().err
    assert not (tmp_path / "dist" / dist.ZIP_NAME).exists()


def test_a_site_without_its_pdfs_is_refused(tmp_path: Path, capsys) -> None:
    site = small_site(tmp_path)
    (site / "pdf" / "five-layer-cake-en.pdf").unlink()
    assert publishing.main(["cakedoc.site", "dist", str(tmp_path)]) == 1
    assert "five-layer-cake-en.pdf: missing; run `make pdf`" in capsys.readouterr().err


def test_a_site_without_its_epubs_is_refused(tmp_path: Path, capsys) -> None:
    site = small_site(tmp_path)
    (site / "epub" / "five-layer-cake-zh.epub").unlink()
    assert publishing.main(["cakedoc.site", "dist", str(tmp_path)]) == 1
    assert "five-layer-cake-zh.epub: missing; run `make epub`" in capsys.readouterr().err


# -- the reader's view ---------------------------------------------------------------

def test_unzipped_bundle_works_from_disk(bundle: Path, browser, tmp_path: Path) -> None:
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(tmp_path / "fresh")
    root = tmp_path / "fresh" / dist.NAME
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))

    page.goto((root / "index.html").as_uri())
    page.wait_for_url("**/zh/index.html")
    page.locator("article a[href='chips.html']").first.click()
    page.wait_for_url("**/zh/chips.html")
    # Diagrams show from disk, readable (the site tour's check, tests/tour.py).
    diagrams = page.evaluate(CHECK_DIAGRAMS_JS)
    assert diagrams["svgs"] >= 1, "the chip diagram"
    assert diagrams["svgs"] == diagrams["expected"] and diagrams["problems"] == [], diagrams
    marker = page.evaluate("""() => document.querySelector("nav.cake-layer-marker svg")
        .getBoundingClientRect().height""")
    assert marker > 0, "the layer marker"

    epub = urlparse(page.evaluate("document.querySelector('a.cake-epub-link').href"))
    assert Path(url2pathname(epub.path)) == root / "epub" / "five-layer-cake-zh.epub"
    assert zipfile.ZipFile(Path(url2pathname(epub.path))).read("mimetype") == b"application/epub+zip"

    pdf = urlparse(page.evaluate("document.querySelector('a.cake-pdf-link').href"))
    pdf_file = Path(url2pathname(pdf.path))
    assert pdf.scheme == "file" and pdf_file == root / "pdf" / "five-layer-cake-zh.pdf"
    assert pdf_file.read_bytes().startswith(b"%PDF")

    page.locator("a.cake-language-link").click()
    page.wait_for_url("**/en/chips.html")
    assert page.locator("html").get_attribute("lang") == "en"
    assert errors == []
    assert [url for url in requests if urlparse(url).scheme not in ("file", "data")] == []
    context.close()


def test_a_root_page_that_loads_from_another_host_is_not_published(tmp_path: Path, capsys) -> None:
    """The landing and root 404 pages are written outside Sphinx: publishing
    checks them like the build checks its pages, and publishes nothing."""
    staging = tmp_path / "staging" / "html"
    for lang in LANGS:
        (staging / lang).mkdir(parents=True)
        (staging / lang / "index.html").write_text("<p>ok</p>\n", encoding="utf-8")
    (staging / "extra.html").write_text('<p>x</p>\n<img src="https://cdn.example/x.png">\n',
                                        encoding="utf-8")
    assert publishing.main(["cakedoc.site", "publish", str(tmp_path)]) == 1
    assert f"{staging / 'extra.html'}:2: " in capsys.readouterr().err
    assert not (tmp_path / "html").exists()
    (staging / "extra.html").unlink()
    assert publishing.main(["cakedoc.site", "publish", str(tmp_path)]) == 0
    assert (tmp_path / "html" / "index.html").is_file()
