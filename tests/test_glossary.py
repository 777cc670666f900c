"""The glossary: complete, bilingual, sourced, and its examples really run.

A wrong example failing `make doctest` at its file is a case of the fault
matrix (tests/test_faults.py: failing-glossary-doctest); here it fails pytest.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from pypinyin import Style, lazy_pinyin

from cakedoc.glossary.entries import load
from conftest import ROOT
from sitescan import soup

GLOSSARY = ROOT / "glossary"
ENTRIES = load(GLOSSARY)
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
@pytest.mark.parametrize("anchor", ["term-token", "term-hbm", "term-grounding"])
def test_stable_anchors_on_both_glossary_pages(site: Path, lang: str, anchor: str) -> None:
    assert soup(site / lang / "glossary.html").find(id=anchor) is not None


def glossary_terms(site: Path, lang: str) -> list[tuple[str, str, str]]:
    """(entry id, name, name in the other language) of each term, in page order."""
    other = {"zh": "en", "en": "zh-CN"}[lang]
    terms = []
    for span in soup(site / lang / "glossary.html").select(f'dt > span.cake-term-other[lang="{other}"]'):
        term = span.parent
        before = term.contents[:term.contents.index(span)]
        name = "".join(piece.get_text() for piece in before)
        terms.append((term["id"].removeprefix("term-"), name, span.get_text()))
    return terms


def test_zh_glossary_is_in_pinyin_order_and_shows_english_names(site: Path) -> None:
    terms = glossary_terms(site, "zh")
    assert len(terms) == len(ENTRIES)
    keys = [" ".join(lazy_pinyin(name, style=Style.NORMAL)).lower() for _, name, _ in terms]
    assert keys == sorted(keys)
    for entry_id, _, other in terms:
        assert other.strip() == ENTRIES[entry_id].display("en")


def test_en_glossary_is_alphabetical_and_shows_chinese_names(site: Path) -> None:
    terms = glossary_terms(site, "en")
    assert len(terms) == len(ENTRIES)
    names = [name.strip().lower() for _, name, _ in terms]
    assert names == sorted(names)
    for entry_id, _, other in terms:
        assert other.strip() == ENTRIES[entry_id].display("zh")


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
