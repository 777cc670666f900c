"""The guide's search page in Chromium, both languages: what a reader sees.

Term hits first with their definition, links to the section that matched,
the query's words marked in each snippet (served, from the page's text; from
file://, from the index), and Sphinx's message, in the reader's language,
when nothing matches.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest

from conftest import entry_href, offline_context

SUMMARY = '() => /\\S/.test(document.querySelector("#search-results .search-summary")?.innerText || "")'
RESULTS = """() => [...document.querySelectorAll("#search-results ul.search li")].map(li => ({
    href: li.querySelector("a").getAttribute("href"), title: li.querySelector("a").textContent,
    classes: [...li.classList], snippet: li.querySelector("p.context")?.textContent || "",
    marks: [...li.querySelectorAll("p.context mark")].map(m => m.textContent)}))"""
NO_MATCH = {
    "zh": "没有找到匹配的页面。请检查拼写，或换一个词再搜索。",
    "en": "Your search did not match any documents. Please make sure that all words are "
          "spelled correctly and that you've selected enough categories.",
}


def search(watched, base: str, lang: str, query: str) -> list[dict]:
    watched.page.goto(f"{base}{lang}/search.html?q={quote(query)}")
    watched.page.wait_for_function(SUMMARY, timeout=15_000)
    return watched.page.evaluate(RESULTS)


@pytest.mark.parametrize("lang,query,title", [
    ("zh", "HBM", "高带宽内存（HBM） · 术语表"),
    ("zh", "高带宽内存", "高带宽内存（HBM） · 术语表"),
    ("en", "高带宽内存", "High-bandwidth memory (HBM) · Glossary"),
    ("en", "HBM", "High-bandwidth memory (HBM) · Glossary"),
])
def test_a_term_is_found_first_with_its_definition(server: str, watched, lang: str, query: str,
                                                  title: str) -> None:
    found = search(watched, server, lang, query)
    first = found[0]
    # The entry on its sheet, at its heading (cakedoc.glossary.pages).
    assert first["href"] == entry_href("hbm") and first["title"] == title
    assert "cake-term-hit" in first["classes"]
    # One line of definition: the entry's first sentence.
    definition = {"zh": "高带宽内存（HBM）是把多层 DRAM 芯片垂直堆叠",
                  "en": "High-bandwidth memory (HBM) is memory made of several DRAM dies"}[lang]
    assert first["snippet"].startswith(definition)
    # Then the page that discusses it most.
    assert found[1]["href"].startswith("chips.html")
    assert watched.console_errors == [] and watched.foreign_requests() == []


@pytest.mark.parametrize("lang,query,other", [
    ("zh", "电能使用效率", "PUE"), ("zh", "缩放定律", "规模定律"), ("zh", "开源模型", "开放权重模型"),
    ("en", "电能使用效率", "Power usage effectiveness"), ("en", "缩放定律", "Scaling law"),
])
def test_another_rendering_finds_the_term(server: str, watched, lang: str, query: str,
                                          other: str) -> None:
    first = search(watched, server, lang, query)[0]
    entry_id = first["href"].partition("#term-")[2]
    assert entry_id and first["href"] == entry_href(entry_id), first["href"]
    assert other in first["title"]


@pytest.mark.parametrize("lang,query", [("zh", "液冷"), ("en", "liquid cooling")])
def test_section_links_land_on_their_anchor(server: str, watched, lang: str, query: str) -> None:
    found = search(watched, server, lang, query)
    sections = [result for result in found if "#" in result["href"]
                and not result["href"].startswith("glossary/")]
    assert len(sections) >= 3
    # Titled "section · page".
    assert all(" · " in result["title"] for result in sections)
    for result in sections:
        watched.page.goto(f"{server}{lang}/{result['href']}")
        anchor = result["href"].split("#", 1)[1]
        heading = watched.page.locator(f"[id='{anchor}'] > h2, [id='{anchor}'] > h3").first
        assert heading.inner_text().startswith(result["title"].split(" · ")[0])
    # A click scrolls the section's heading into view.
    search(watched, server, lang, query)
    link = watched.page.locator(f"#search-results a[href='{sections[-1]['href']}']")
    link.click()
    watched.page.wait_for_url(f"**/{sections[-1]['href']}")
    anchor = sections[-1]["href"].split("#", 1)[1]
    # furo scrolls smoothly: wait for the heading to arrive at the top.
    watched.page.wait_for_function(
        f"() => {{ const r = document.getElementById('{anchor}').getBoundingClientRect();"
        " return r.top >= -1 && r.top < window.innerHeight / 3; }", timeout=10_000)


@pytest.mark.parametrize("lang,query,word", [
    ("zh", "液冷", "液冷"), ("zh", "幻觉", "幻觉"), ("en", "liquid cooling", "cooling"),
])
def test_served_snippets_mark_the_query_words_in_the_passage(server: str, watched, lang: str,
                                                             query: str, word: str) -> None:
    search(watched, server, lang, query)
    # The passage comes from the page's own text once fetched.
    watched.page.wait_for_function(
        """() => [...document.querySelectorAll("#search-results li.kind-text p.context")]
            .every(p => p.dataset.passage === "page")""", timeout=15_000)
    found = watched.page.evaluate(RESULTS)
    pages = [result for result in found if "cake-term-hit" not in result["classes"]]
    assert pages
    marked = [result for result in pages[:3] if any(word.lower() in m.lower() for m in result["marks"])]
    assert len(marked) == min(3, len(pages)), pages[:3]
    assert watched.console_errors == []


def test_snippets_are_marked_from_disk_too(browser, site) -> None:
    context = offline_context(browser)
    page = context.new_page()
    page.goto((site / "zh" / "search.html").as_uri() + "?q=" + quote("高带宽内存"))
    page.wait_for_function(SUMMARY, timeout=15_000)
    found = page.evaluate(RESULTS)
    assert found[0]["href"] == entry_href("hbm")
    assert "高带宽内存" in found[0]["marks"]
    context.close()


@pytest.mark.parametrize("lang,query", [
    ("zh", "不存在的词语"), ("zh", "可以"), ("zh", "所以这个"), ("en", "xylophone"), ("en", "the"),
])
def test_no_match_says_so_in_the_readers_language(server: str, watched, lang: str, query: str) -> None:
    assert search(watched, server, lang, query) == []
    assert watched.page.locator("#search-results .search-summary").inner_text() == NO_MATCH[lang]
    assert watched.page.locator("#search-results h2").inner_text() == {"zh": "搜索结果",
                                                                        "en": "Search Results"}[lang]


def test_results_follow_the_reader_typing(server: str, watched) -> None:
    watched.page.goto(f"{server}en/search.html")
    box = watched.page.locator("input[name=q]").first
    box.press_sequentially("PUE", delay=20)
    watched.page.wait_for_function(SUMMARY, timeout=15_000)
    first = watched.page.locator("#search-results ul.search li a").first
    assert first.get_attribute("href") == entry_href("pue")
    assert re.search(r"[?&]q=PUE\b", watched.page.url)
    timings = watched.page.evaluate("() => CakeSearch.timings")
    assert len(timings) == 3
