"""The guide's pages: complete, long enough, cited, and honest about quotations.

Lengths count what a reader reads: prose, without code blocks, doctests,
footnote definitions or the markup of roles and links.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cakedoc.glossary.entries import load
from cakedoc.sources import registry
from cakedoc.review.figures import normalise, numbers
from conftest import ROOT

PAGES = ("index", "software", "stack", "energy", "chips", "infrastructure", "models",
         "models-inference-cost", "models-open-weights", "applications", "applications-agents",
         "token-to-power", "past-year", "implications", "sources")
LAYER_PAGES = ("energy", "chips", "infrastructure", "models", "applications")
GLOSSARY = load(ROOT / "glossary")
SOURCES = registry.load(ROOT / "sources")
#: The essay's English title as the original spells it (the registry's row).
ESSAY_TITLE = SOURCES["essay"].title.en
HAN = re.compile(r"[\u4e00-\u9fff]")
FENCE = re.compile(r"^(`{3,}|:{3,}).*?^\1\s*$", re.S | re.M)
FOOTNOTE_DEFINITION = re.compile(r"^\[\^[^\]]+\]:.*(?:\n(?!\n).*)*", re.M)
ROLE = re.compile(r"\{[a-z-]+\}`([^`<]*?)(?:\s*<[^>]+>)?`")
FOOTCITE = re.compile(r"\{footcite\}`([^`]+)`")
LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def source(lang: str, page: str) -> str:
    return (ROOT / "docs" / lang / f"{page}.md").read_text(encoding="utf-8")


def prose(text: str) -> str:
    """The text a reader reads: no code, no footnote definitions, no markup."""
    text = FENCE.sub("", text)
    text = FOOTNOTE_DEFINITION.sub("", text)
    text = FOOTCITE.sub("", text)  # registry keys are no prose
    text = ROLE.sub(r"\1", text)
    text = LINK.sub(r"\1", text)
    return re.sub(r"\[\^[^\]]+\]", "", text)


@pytest.mark.parametrize("page", PAGES)
def test_page_is_long_enough_in_both_languages(page: str) -> None:
    han = len(HAN.findall(prose(source("zh", page))))
    words = len(re.findall(r"[A-Za-z][A-Za-z'’-]*", prose(source("en", page))))
    minimum_han, minimum_words = (1500, 900) if page in LAYER_PAGES else (800, 500)
    assert han >= minimum_han, f"docs/zh/{page}.md has {han} 汉字 of prose"
    assert words >= minimum_words, f"docs/en/{page}.md has {words} words of prose"


def cited_keys(text: str) -> list[str]:
    """The registry keys a page cites, in order, each time it cites them."""
    return [key.strip() for keys in FOOTCITE.findall(text) for key in keys.split(",")]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", LAYER_PAGES)
def test_layer_page_cites_at_least_three_sources(lang: str, page: str) -> None:
    text = source(lang, page)
    cited = set(cited_keys(text))
    assert len(cited) >= 3 and cited <= set(SOURCES), cited - set(SOURCES)
    # Its own footnotes (notes, not sources) are each referenced.
    defined = set(re.findall(r"^\[\^([^\]]+)\]:", text, re.M))
    assert set(re.findall(r"\[\^([^\]]+)\](?!:)", text)) == defined


@pytest.mark.parametrize("page", PAGES)
def test_footnotes_match_between_languages(page: str) -> None:
    labels = [re.findall(r"^\[\^([^\]]+)\]:", source(lang, page), re.M) for lang in ("zh", "en")]
    assert labels[0] == labels[1]
    assert cited_keys(source("zh", page)) == cited_keys(source("en", page))


def test_no_placeholders_anywhere() -> None:
    for path in [*ROOT.glob("docs/*/*.md"), *ROOT.glob("glossary/*.md")]:
        if path.name == "README.md":  # the authoring guides name the markers
            continue
        text = path.read_text(encoding="utf-8")
        for marker in ("TODO", "TBD", "FIXME", "lorem", "Lorem", "待补充", "待定"):
            assert marker not in text, f"{path}: {marker}"


def test_chinese_pages_say_ni_not_nin() -> None:
    for path in [*ROOT.glob("docs/zh/*.md"), *ROOT.glob("glossary/[!R]*.md")]:
        assert "您" not in path.read_text(encoding="utf-8"), path


#: Sentences read in the English original, which en pages may quote as they are.
ORIGINAL_EXCERPTS = {
    line.replace("\u2011", "-") for line in
    (ROOT / "tests" / "data" / "essay-en-excerpts.txt").read_text(encoding="utf-8").splitlines()
    if line and not line.startswith("#")
}


def from_the_original(quote: str) -> bool:
    return quote.replace("\u2011", "-") in ORIGINAL_EXCERPTS


def unmarked_translations(paragraph: str) -> list[str]:
    """The paragraph's long quotations of the essay that are neither read in
    the English original nor marked as translated from the Chinese edition."""
    if "Chinese edition" in paragraph:
        return []
    if not re.search(r"\b(Huang|essay|he writes|he says|in his words)\b", paragraph, re.I):
        return []
    quotes = re.findall(r"[\"“]([^\"”]+)[\"”]", paragraph)
    return [q for q in quotes if q != ESSAY_TITLE and not from_the_original(q)
            and len(re.findall(r"[A-Za-z]+", q)) >= 6 and not q.istitle()]


def essay_titles(text: str) -> list[str]:
    """Every quoted or italic "AI Is a … Cake" in *text*."""
    return re.findall(r"[\"“*](AI Is an? [^\"”*]*?Cake)[\"”*]", text)


def test_the_essay_s_english_title_is_written_as_the_original_spells_it() -> None:
    """The original says "5-Layer"; a title retyped from memory ("Five-Layer")
    is a misquotation a careful reader notices."""
    quoted = {path.relative_to(ROOT).as_posix(): titles
              for path in sorted((ROOT / "docs").glob("*/*.md"))
              if (titles := essay_titles(path.read_text(encoding="utf-8")))}
    assert len(quoted) >= 4
    assert {path: titles for path, titles in quoted.items()
            if set(titles) != {ESSAY_TITLE}} == {}
    assert essay_titles('In "AI Is a Five-Layer Cake" (NVIDIA blog)') == ["AI Is a Five-Layer Cake"]


@pytest.mark.parametrize("page", PAGES)
def test_english_quotations_of_the_essay_are_marked_as_translated(page: str) -> None:
    """An English quotation of the essay is either a sentence read in the
    English original (tests/data/essay-en-excerpts.txt) or our translation
    of the Chinese edition, which must say so.  List items are read one by
    one: a list about the essay's date may quote another source."""
    for paragraph in re.split(r"\n\s*\n|\n(?=- )", prose(source("en", page))):
        assert not unmarked_translations(paragraph), (page, paragraph[:200])


def test_a_translated_quotation_not_marked_as_such_is_caught() -> None:
    quote = 'Huang writes: "Every layer of the stack will be rebuilt around the factory."'
    marked = quote.replace("writes:", "writes (translated from the Chinese edition):")
    original = 'Huang writes: "For most of computing history, software was pre\u2011recorded."'
    assert [bool(unmarked_translations(p)) for p in (quote, marked, original)] == [True, False, False]


def doctest_numbers(text: str) -> set[str]:
    numbers: set[str] = set()
    for block in re.findall(r"^```\{doctest\}\n(.*?)^```", text, re.S | re.M):
        numbers.update(n.replace(",", "").replace("_", "") for n in re.findall(r"\d[\d,_]*(?:\.\d+)?", block))
    return numbers


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_number_on_token_to_power_comes_from_a_doctest(lang: str) -> None:
    text = source(lang, "token-to-power")
    computed = doctest_numbers(text)
    assert len(computed) > 20
    body = prose(text)
    body = re.sub(r"\b[A-Z][A-Za-z]*-?\d[\w.-]*", "", body)  # product names: H100, Llama-3.1-8B
    body = re.sub(r"\d{4}-\d{2}(-\d{2})?", "", body)  # ISO dates
    computed = {normalise(number) for number in computed}
    missing = []
    # As written (1 万亿 from a doctest's 1e12 … 1) or by value, as the
    # review reads them (4.8 万 in zh is the doctest's 48000).
    for value, written in numbers(body):
        digits = normalise(re.match(r"[\d,.]+", written).group(0))
        if re.fullmatch(r"(19|20)\d\d", digits):
            continue  # a year
        if value not in computed and digits not in computed:
            missing.append(written)
    assert missing == [], f"docs/{lang}/token-to-power.md quotes numbers no doctest computes: {missing}"


# Terms whose names are distinctive enough to find in running text.
LINKED_TERMS = ("hbm", "pue", "nvlink", "moe", "deepseek-r1", "transformer", "hallucination",
                "grounding", "liquid-cooling", "context-window", "embodied-ai", "ai-factory",
                "joules-per-token", "first-principles", "product-market-fit")


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_a_page_that_mentions_a_term_links_it_to_the_glossary(lang: str, page: str) -> None:
    text = source(lang, page)
    body = FOOTNOTE_DEFINITION.sub("", FENCE.sub("", text))
    plain = ROLE.sub(lambda m: "", body)  # mentions outside any role
    unlinked = []
    for entry_id in LINKED_TERMS:
        names = [n for n in GLOSSARY[entry_id].renderings(lang) if len(n) >= 3 or HAN.search(n)]
        if not any(name in plain for name in names):
            continue
        link = re.search(r"\{term\}`[^`]*<" + re.escape(entry_id) + ">`", body)
        if link is None:
            unlinked.append(entry_id)
    assert unlinked == [], f"docs/{lang}/{page}.md mentions but never links: {unlinked}"
