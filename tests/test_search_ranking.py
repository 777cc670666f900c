"""The ranked search on a tiny site (tests/roots/search-ranking), in Chromium.

Six pages written for one question each: does a page that uses a word ten
times rank above one that uses it once, a title match above a body match,
and does a glossary alias find its entry first?  And the pieces that count
the words, in Python.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from cakedoc.glossary.entries import load
from cakedoc.search.stats import DIGITS, MORE, compact, normalize, varint
from cakedoc.review.terms import pattern
from cakedoc.search.units import ConceptFinder, Tokenizer, renderings

ROOT = Path(__file__).resolve().parent / "roots" / "search-ranking"
SUMMARY = '() => /\\S/.test(document.querySelector("#search-results .search-summary")?.innerText || "")'


@pytest.fixture(scope="module")
def tiny_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("tiny") / "html"
    build = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", "-c", str(ROOT), "-n", "-W",
         "--keep-going", str(ROOT / "docs"), str(out)],
        capture_output=True, text=True, timeout=300)
    assert build.returncode == 0, build.stderr
    return out


def results(browser, site: Path, query: str) -> list[tuple[str, str, list[str]]]:
    """(href, title, classes) of each result, in order, searching from file://."""
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto((site / "search.html").as_uri() + "?q=" + query)
    page.wait_for_function(SUMMARY, timeout=15_000)
    found = page.evaluate("""() => [...document.querySelectorAll("#search-results ul.search li")]
        .map(li => [li.querySelector("a").getAttribute("href"), li.querySelector("a").textContent,
                    [...li.classList]])""")
    page.close()
    assert errors == []
    return found


def test_a_page_using_a_word_ten_times_ranks_above_one_using_it_once(browser, tiny_site: Path) -> None:
    # Named so that a tie would put the other first (alphabetical order).
    pages = [href.split("#")[0] for href, _, _ in results(browser, tiny_site, "turbine")]
    assert pages == ["wind.html", "harbour.html"]


def test_a_title_match_ranks_above_a_body_match(browser, tiny_site: Path) -> None:
    # mentions.html would come first in a tie.
    pages = [href.split("#")[0] for href, _, _ in results(browser, tiny_site, "flywheel")]
    assert pages == ["titled.html", "mentions.html"]


@pytest.mark.parametrize("query", ["thermal pump", "热泵机组", "Heat-pumps"])
def test_a_glossary_alias_finds_its_entry_first(browser, tiny_site: Path, query: str) -> None:
    href, title, classes = results(browser, tiny_site, query)[0]
    assert href == "glossary.html#term-heat-pump"
    assert title == "Heat pump · Glossary"
    assert "cake-term-hit" in classes


def test_a_word_that_is_nowhere_finds_nothing(browser, tiny_site: Path) -> None:
    assert results(browser, tiny_site, "xylophone") == []


def tokenizer() -> Tokenizer:
    from sphinx.search.en import SearchEnglish

    english = SearchEnglish({})
    return Tokenizer(english.split, english.stem, english.word_filter)


def test_the_index_has_no_numbers_single_letters_or_capitalised_stop_words() -> None:
    words = list(tokenizer().words("The 700 W chip's HBM3 turbines: A stack, 1.58 PUE."))
    assert words == ["chip", "hbm3", "turbin", "stack", "pue"]


def test_chinese_function_words_are_neither_indexed_nor_searched() -> None:
    from cakedoc.search.zh_language import ChineseSearch

    chinese = ChineseSearch({})
    assert not chinese.word_filter("可以") and not chinese.word_filter("所以")
    assert "这个" in chinese.stopwords and chinese.word_filter("芯片")
    # Each word once: SearchChinese.split appends the Latin words again.
    assert Counter(chinese.search_words("芯片的 HBM 带宽"))["HBM"] == 1


def test_concepts_count_every_rendering_of_a_term() -> None:
    entries = load(ROOT / "glossary")
    counts = ConceptFinder(entries.values()).count("Heat pumps, a thermal pump and 热泵机组 and 热泵.")
    assert counts == {"@heat-pump": 4}


def full_alternation(entries) -> tuple[re.Pattern[str], list[str]]:
    """Every rendering in one regex, as ConceptFinder matched before it
    picked the renderings a text can hold: the oracle."""
    names = sorted({(name, entry.id) for entry in entries for name in renderings(entry)},
                   key=lambda n: (-len(n[0]), n))
    return (re.compile("|".join(f"({pattern(name)})" for name, _ in names), re.I),
            [entry_id for _, entry_id in names])


@pytest.mark.parametrize("page", ["zh/chips.md", "en/chips.md", "zh/models.md", "en/past-year.md"])
def test_concepts_are_counted_as_by_every_rendering_at_once(page: str) -> None:
    project = ROOT.parents[2]  # the real pages and glossary
    entries = load(project / "glossary")
    text = (project / "docs" / page).read_text(encoding="utf-8")
    regex, owners = full_alternation(entries.values())
    expected = Counter("@" + owners[m.lastindex - 1] for m in regex.finditer(text))
    assert sum(expected.values()) > 10
    assert ConceptFinder(entries.values()).count(text) == expected


def test_names_compare_without_spaces_beside_chinese_or_hyphens() -> None:
    assert normalize("AI工厂") == normalize("AI 工厂") == "ai工厂"
    assert normalize("High-bandwidth  memory") == "high bandwidth memory"


def test_postings_numbers_read_back() -> None:
    def decode(text: str) -> list[int]:  # as cake-search.js reads them
        numbers, value = [], 0
        for char in text:
            if char in MORE:
                value = value * 32 + MORE.index(char)
            else:
                numbers.append(value * 32 + DIGITS.index(char))
                value = 0
        return numbers

    numbers = [0, 1, 31, 32, 255 * 8 + 7, 100_000]
    assert decode("".join(varint(n) for n in numbers)) == numbers


def test_compact_keeps_the_code_and_drops_whole_line_comments() -> None:
    script = "/* a\n * b */\nconst a = 1; // kept\n  // gone\n  const b = '/* not a comment */';\n"
    assert compact(script) == "const a = 1; // kept\nconst b = '/* not a comment */';\n"
