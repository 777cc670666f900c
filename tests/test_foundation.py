"""The bilingual site: both languages, language links, UI strings, search index.

Build failures are tested on small sites (tests/test_small_sites.py: broken
references, missing counterparts …; there too the pinyin anchors and their
memory) and, for what only the Makefile shows (jieba missing …), in the
fault matrix of tests/test_faults.py.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import LANGS, ROOT, seed_cache, site_pages, sphinx_build
from sitescan import soup
from smallsite import ROOTS

PAGES = ("index", "energy", "chips", "infrastructure", "models", "applications")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", PAGES)
def test_required_page_exists_in_both_languages(site: Path, lang: str, page: str) -> None:
    assert (ROOT / "docs" / lang / f"{page}.md").is_file()
    assert (site / lang / f"{page}.html").is_file()


def test_every_zh_page_has_an_en_counterpart_and_back() -> None:
    zh = {p.relative_to(ROOT / "docs/zh") for p in (ROOT / "docs/zh").rglob("*.md")}
    en = {p.relative_to(ROOT / "docs/en") for p in (ROOT / "docs/en").rglob("*.md")}
    assert zh == en


@pytest.mark.parametrize("lang,attr", [("zh", "zh-CN"), ("en", "en")])
def test_html_lang_and_hreflang(site: Path, lang: str, attr: str) -> None:
    for rel in site_pages(lang):
        page = soup(site / rel)
        assert page.html["lang"] == attr, rel
        alternates = {link.get("hreflang"): link["href"]
                      for link in page.find_all("link", rel="alternate") if link.get("hreflang")}
        name = rel.split("/", 1)[1]
        if name == "404.html":
            # Served at any missing URL, so no relative alternates: it has
            # none at all (noindex); see test_publishing for its links.
            assert alternates == {}, rel
            continue
        depth = "../" * (name.count("/") + 1)
        assert alternates == {hreflang: f"{depth}{code}/{name}" for hreflang, code in
                              (("zh-CN", "zh"), ("en", "en"), ("x-default", "en"))}, rel


def test_landing_page_links_both_languages(site: Path) -> None:
    page = soup(site / "index.html")
    assert {"zh/index.html", "en/index.html"} <= {a["href"] for a in page.find_all("a", href=True)}
    assert any("navigator.languages" in script.get_text() for script in page.find_all("script"))


@pytest.mark.parametrize("string", ["下一页", "上一页", "本页目录", "回到顶部"])
def test_furo_speaks_chinese(site: Path, string: str) -> None:
    found = [rel for rel in site_pages("zh") if string in soup(site / rel).get_text()]
    assert found, f"no zh page shows {string}"
    english = {"下一页": "Next", "上一页": "Previous", "本页目录": "On this page", "回到顶部": "Back to top"}[string]
    assert english not in [span.get_text() for span in soup(site / found[0]).find_all("span")]


def test_zh_search_script_names_a_stemmer_that_exists(site: Path) -> None:
    # sphinx-doc/sphinx#14229: ChineseStemmer is assigned but never defined.
    text = (site / "zh" / "_static" / "language_data.js").read_text(encoding="utf-8")
    match = re.search(r"window\.Stemmer = (\w+);", text)
    assert match and f"var {match.group(1)}=" in text


def test_chinese_headings_get_readable_stable_anchors(site: Path) -> None:
    page = soup(site / "zh" / "chips.html")
    assert page.find("section", id="wen-zhang-zen-me-shuo") is not None  # ## 文章怎么说
    toc = [a["href"].removeprefix("#") for a in page.select('a.reference.internal[href^="#"]')]
    assert "wen-zhang-zen-me-shuo" in toc
    assert not [anchor for anchor in toc if re.fullmatch(r"id\d+", anchor)]


def test_a_change_to_cakedoc_code_rewrites_every_page(workdir: Path) -> None:
    """env_version is a digest of the code (cakedoc.build.codeversion): nobody has
    to remember to raise it for the pages to be written with the new code."""
    # The small site's pages, built with the copy's own cakedoc and conf.py:
    # what is tested is the digest, not the size of the guide.
    pages = workdir / "docs" / "en"
    shutil.rmtree(pages)
    shutil.copytree(ROOTS / "test-pages" / "en", pages, ignore=shutil.ignore_patterns("conf.py"))
    env = seed_cache(workdir)
    assert sphinx_build(workdir, "en", env=env).returncode == 0
    out = workdir / "_build" / "html-en"

    def written() -> dict[str, int]:
        """When each page was written (404 and search are written by every build)."""
        return {page.stem: (out / f"{page.stem}.html").stat().st_mtime_ns
                for page in pages.glob("*.md")}

    first = written()
    assert sphinx_build(workdir, "en", env=env).returncode == 0
    assert written() == first  # nothing changed, nothing written
    module = workdir / "cakedoc" / "site" / "social.py"
    module.write_text(module.read_text(encoding="utf-8") + "\n# an edit\n", encoding="utf-8")
    result = sphinx_build(workdir, "en", env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    after = written()
    assert len(after) >= 2 and all(after[name] != first[name] for name in first)


def test_the_code_version_covers_what_shapes_the_pages() -> None:
    from cakedoc.build.codeversion import PACKAGE, build_code

    names = {path.relative_to(PACKAGE).as_posix() for path in build_code()}
    assert {"tables.py", "diagrams/renderer.py", "glossary/directive.py",
            "locale/zh_CN/LC_MESSAGES/sphinx.po"} <= names
    assert not [name for name in names if name.startswith("review/")]
