"""The glossary: complete, bilingual, sourced, and its examples really run.

A wrong example failing `make doctest` at its file is a case of the fault
matrix (tests/test_faults.py: failing-glossary-doctest); here it fails pytest.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypinyin import Style, lazy_pinyin

from cakedoc.glossary import stubs
from cakedoc.glossary.entries import load
from conftest import ROOT, SITE, offline_context
from sitescan import soup
from test_links import resolve

GLOSSARY = ROOT / "glossary"
ENTRIES = load(GLOSSARY)
#: Each entry's sheet in the HTML site (conf.py keeps the default size).
SHEET_OF = stubs.sheet_of(ENTRIES, stubs.SHEET_SIZE)
ESSAY_TERMS = (
    "token", "hbm", "grounding", "transformer", "llm", "ai-factory", "first-principles",
    "computing-stack", "parallelism", "interconnect", "unstructured-data", "sql",
    "generative-inference", "reasoning", "hallucination", "open-model", "deepseek-r1",
    "embodied-ai", "copilot", "product-market-fit",
    "energy", "chips", "infrastructure", "models", "applications",
)
YEAR = re.compile(r"^(19|20)\d\d$")
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def test_at_least_36_entries_including_every_essay_term() -> None:
    assert len(ENTRIES) >= 36
    assert set(ESSAY_TERMS) <= set(ENTRIES)


@pytest.mark.parametrize("entry_id", sorted(ENTRIES))
def test_entry_is_complete(entry_id: str) -> None:
    entry = ENTRIES[entry_id]
    assert entry.zh and entry.en and entry.layers
    assert ">>>" in entry.sections["example"].text
    zh, en = entry.sections["zh"].text, entry.sections["en"].text
    assert re.search(r"[\u4e00-\u9fff]", zh), "the zh definition is in Chinese"
    assert not re.search(r"[\u4e00-\u9fff]", re.sub(r"[（(][^）)]*[）)]|“[^”]*”|\*[^*]+\*", "", en)) \
        or "词元" in en, "the en definition is in English"
    paragraphs = lambda text: len([p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()])
    assert paragraphs(zh) == paragraphs(en), "zh and en definitions have as many paragraphs"


@pytest.mark.parametrize("entry_id", sorted(ENTRIES))
def test_numbers_in_definitions_agree_with_the_example(entry_id: str) -> None:
    entry = ENTRIES[entry_id]
    example = entry.sections["example"].text.replace(",", "").replace("_", "")
    for lang in ("zh", "en"):
        for number in NUMBER.findall(entry.sections[lang].text):
            plain = number.replace(",", "")
            if YEAR.match(plain):
                continue
            assert plain in example, f"{entry.path}: {lang} says {number}, the example never does"


@pytest.mark.parametrize("entry_id", sorted(ENTRIES))
def test_entry_cites_sources(entry_id: str) -> None:
    sources = ENTRIES[entry_id].sections["sources"].text
    assert re.search(r"^\s*[-*] ", sources, re.M)


def test_disputed_renderings_are_explained() -> None:
    for entry_id, rendering in (("token", "词元"), ("grounding", "事实依据")):
        entry = ENTRIES[entry_id]
        assert entry.zh == rendering
        assert "note-zh" in entry.sections and "note-en" in entry.sections


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_entry_is_on_its_sheet_headed_by_its_stable_anchor(site: Path, lang: str) -> None:
    """glossary/terms/<layer>[-n].html in both languages, no more than
    SHEET_SIZE entries a sheet; #term-<id> is the entry's section, so a
    link to it lands on its heading; its own address sends on to it."""
    on_sheets: dict[str, list[str]] = {}
    for path in sorted((site / lang / "glossary" / "terms").glob("*.html")):
        sections = soup(path).select("section.cake-glossary-entry")
        assert 1 <= len(sections) <= stubs.SHEET_SIZE, path.name
        on_sheets.update({section["id"].removeprefix("term-"): path.stem for section in sections})
        for section in sections:
            entry = ENTRIES[section["id"].removeprefix("term-")]
            assert section.find("h2").get_text().rstrip("¶") == entry.display(lang)
    assert on_sheets == {entry_id: sheet.removeprefix("glossary/terms/")
                         for entry_id, sheet in SHEET_OF.items()}
    for entry_id, sheet in SHEET_OF.items():
        address = (site / lang / "glossary" / f"{entry_id}.html").read_text(encoding="utf-8")
        assert f'url={sheet.removeprefix("glossary/")}.html#term-{entry_id}"' in address


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_sheet_is_described_by_its_terms(site: Path, lang: str) -> None:
    """Its social card: the names of the terms it holds, not its pager or
    an entry's line of names and layers; llms-full.txt keeps that line."""
    page = soup(site / lang / f"{SHEET_OF['hbm']}.html")
    description = page.find("meta", property="og:description")["content"]
    name = ENTRIES["hbm"].display(lang)
    assert name in description, description
    names = [ENTRIES[entry_id].display(lang) for entry_id, sheet in SHEET_OF.items()
             if sheet == SHEET_OF["hbm"]]
    assert any(description.startswith(other) for other in names), description
    assert sum(other in description for other in names) >= 3, description
    text = (site / lang / "llms-full.txt").read_text(encoding="utf-8")
    other, layer = {"zh": ("High-bandwidth memory (HBM)", "芯片"),
                    "en": ("高带宽内存（HBM）", "Chips")}[lang]
    assert f"\n{other} · {layer}\n" in text


def term_links(site: Path, lang: str) -> list[tuple[str, str, str]]:
    """(page, href, the term's id) of every {term} link of one language."""
    links = []
    for path in sorted((site / lang).rglob("*.html")):
        for span in soup(path).select("a > span.xref.std-term"):
            href = span.parent["href"]
            links.append((path.relative_to(site).as_posix(), href, href.partition("#")[2]))
    return links


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_term_link_lands_on_its_entry(site: Path, lang: str) -> None:
    links = term_links(site, lang)
    assert len(links) >= 100, "the pages link their terms (docs/README.md)"
    landed = set()
    for page, href, fragment in links:
        target, anchor = resolve(page, href)
        assert anchor == fragment and anchor.startswith("term-"), (page, href)
        element = soup(site / target).find(id=anchor)
        assert element is not None, f"{page}: {href} lands on nothing"
        assert "cake-glossary-entry" in element.get("class", []), f"{page}: {href} is no entry"
        landed.add(anchor)
    assert len(landed) >= 30  # many entries, not one


def test_the_term_link_crawl_finds_a_link_to_a_missing_term(tmp_path: Path) -> None:
    """Negative control: a page linking a term whose page lacks the id fails."""
    site = tmp_path / "html"
    shutil.copytree(SITE / "en", site / "en")
    entry = site / "en" / f"{SHEET_OF['hbm']}.html"
    entry.write_text(entry.read_text(encoding="utf-8").replace('id="term-hbm"', 'id="x"'),
                     encoding="utf-8")
    with pytest.raises(AssertionError, match="hbm"):
        test_every_term_link_lands_on_its_entry(site, "en")


def list_terms(site: Path, lang: str) -> list[tuple[str, str, str]]:
    """(entry id, name, name in the other language) of each term on the
    list of all terms, in page order (one page: 40 terms < 200 a page)."""
    other = {"zh": "en", "en": "zh-CN"}[lang]
    terms = []
    page = soup(site / lang / "glossary" / "lists" / "all.html")
    for item in page.select("ul.cake-glossary-list > li"):
        link, span = item.find("a"), item.find("span", class_="cake-term-other", lang=other)
        sheet, _hash, anchor = link["href"].removeprefix("../").partition("#")
        entry_id = anchor.removeprefix("term-")
        assert f"glossary/{sheet}" == f"{SHEET_OF[entry_id]}.html", link["href"]
        terms.append((entry_id, link.get_text(), span.get_text()))
    return terms


def test_zh_glossary_is_in_pinyin_order_and_shows_english_names(site: Path) -> None:
    terms = list_terms(site, "zh")
    assert len(terms) == len(ENTRIES)
    keys = [" ".join(lazy_pinyin(name, style=Style.NORMAL)).lower() for _, name, _ in terms]
    assert keys == sorted(keys)
    for entry_id, _, other in terms:
        assert other.strip() == ENTRIES[entry_id].display("en")


def test_en_glossary_is_alphabetical_and_shows_chinese_names(site: Path) -> None:
    terms = list_terms(site, "en")
    assert len(terms) == len(ENTRIES)
    names = [name.strip().lower() for _, name, _ in terms]
    assert names == sorted(names)
    for entry_id, _, other in terms:
        assert other.strip() == ENTRIES[entry_id].display("zh")


@pytest.mark.parametrize("origin", ["served", "file"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_old_glossary_address_lands_on_the_entry(browser, server: str, site: Path,
                                                   lang: str, origin: str) -> None:
    """glossary.html#term-<id>, the address of every entry before the
    split (bookmarks, other sites), opens the entry on its sheet at its
    heading, through the entry's own address."""
    base = f"{server}{lang}/" if origin == "served" else (site / lang).as_uri() + "/"
    context = offline_context(browser)
    try:
        page = context.new_page()
        for entry_id in ("hbm", "token", "deepseek-r1"):
            page.goto(f"{base}glossary.html#term-{entry_id}")
            page.wait_for_url(f"**/{SHEET_OF[entry_id]}.html#term-{entry_id}")
            title = page.locator(f"#term-{entry_id} h2")
            assert title.inner_text().rstrip("¶").strip() == ENTRIES[entry_id].display(lang)
            # furo scrolls smoothly to the anchor: the heading arrives at the top.
            page.wait_for_function(
                f"() => document.querySelector('#term-{entry_id} h2').getBoundingClientRect().top"
                " < 200", timeout=5_000)
            assert title.is_visible()
        # Other addresses of the glossary page stay where they are.
        page.goto(f"{base}glossary.html#glossary")
        page.wait_for_load_state("load")
        assert page.url.endswith("/glossary.html#glossary")
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_without_scripts_the_old_address_offers_the_lists(browser, server: str, lang: str) -> None:
    """The fallback: with scripts off the glossary page stays, and its
    links reach every entry through the list of all terms; an entry's own
    address still sends on to its sheet."""
    context = offline_context(browser, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{server}{lang}/glossary.html#term-hbm")
        assert page.url.endswith("/glossary.html#term-hbm")
        page.click('a[href="glossary/lists/all.html"]')
        sheet = SHEET_OF["hbm"].removeprefix("glossary/")
        page.click(f'a[href="../{sheet}.html#term-hbm"]')
        assert page.url.endswith(f"/{lang}/glossary/{sheet}.html#term-hbm")
        page.goto(f"{server}{lang}/glossary/token.html")
        page.wait_for_url(f"**/{SHEET_OF['token']}.html#term-token")
        assert page.locator("#term-token h2").is_visible()
    finally:
        context.close()


def break_an_example(project: Path) -> Path:
    entry = project / "glossary" / "hbm.md"
    text = entry.read_text(encoding="utf-8")
    expected = "{'HBM3 (JESD238)': 819.2,"
    assert expected in text
    entry.write_text(text.replace(expected, "{'HBM3 (JESD238)': 819.3,", 1), encoding="utf-8")
    return entry


def test_a_wrong_example_fails_pytest(workdir: Path) -> None:
    entry = break_an_example(workdir)
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                             "--doctest-glob=*.md", str(entry)],
                            capture_output=True, text=True, cwd=workdir)
    assert result.returncode == 1, result.stdout
    assert "819.3" in result.stdout and "819.2" in result.stdout
