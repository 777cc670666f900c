"""The review's term matching: the same matches as one alternation of every
rendering, at a cost per line that does not grow with the glossary (issue 17).

The oracle is the method the review used before (cakedoc/review/termbase.py
and terms.py up to issue 17): one regex listing every rendering, longest
first, run over each line.  It is compared with the shortlist on every line
the review reads of the real pages and glossary; the scaling test grows the
termbase to 1,600 made-up terms and counts the work per line in the same run.
"""

from __future__ import annotations

import random
import re
import sys
import time

import pytest

from cakedoc.glossary.entries import LANGS
from cakedoc.review import termbase
from cakedoc.review.blocks import split
from cakedoc.review.shortlist import FOLD, Shortlist, normal
from cakedoc.review.termbase import ALIAS, FORBIDDEN, PREFERRED, VARIANT, Term, Termbase
from cakedoc.review.terms import Glossary, own_renderings, pattern
from conftest import ROOT

PAGES = sorted((ROOT / "docs").glob("*/*.md"))


def relative(path) -> str:
    return path.relative_to(ROOT).as_posix()


# -- the oracle: one alternation of every rendering -------------------------------------

def termbase_alternation(terms: dict[str, Term], lang: str) -> tuple[re.Pattern[str], list[tuple[str, str]]]:
    """Termbase.finder before issue 17, verbatim but for its cache."""
    spellings: dict[str, tuple[str, str, bool]] = {}
    for term in terms.values():
        for status, names in ((FORBIDDEN, term.forbidden[lang]), (VARIANT, term.variants[lang]),
                              (PREFERRED, [term.preferred[lang]]), (ALIAS, term.aliases[lang])):
            for name in names:
                spellings.setdefault(name, (term.id, status, term.kind == "names"))
    ordered = sorted(spellings, key=lambda name: -len(name))
    return (re.compile("|".join(f"({pattern(name)})" if spellings[name][2] else f"((?i:{pattern(name)}))"
                                for name in ordered) or "(?!)"),
            [spellings[name][:2] for name in ordered])


def old_uses(alternation, text: str) -> list[tuple[str, str, str, int, int]]:
    regex, owners = alternation
    return [(*owners[m.lastindex - 1], m.group(0), m.start(), m.end()) for m in regex.finditer(text)]


def new_uses(terms: Termbase, text: str, lang: str) -> list[tuple[str, str, str, int, int]]:
    return [(use.term, use.status, use.written, start, end)
            for use, start, end in terms.uses(text, lang, "p.md", 1)]


def review_lines() -> dict[str, list[str]]:
    """Every line the termbase check reads, by language: the pages' visible
    lines and the glossary entries' prose."""
    lines: dict[str, list[str]] = {lang: [] for lang in LANGS}
    for path in PAGES:
        lines[path.parent.name] += [text for block in split(path)
                                    for _, text in termbase.scanned_lines(block)]
    for entry in Glossary.load(ROOT / "glossary").entries.values():
        for lang, numbered in termbase.entry_lines(entry)[0].items():
            lines[lang] += [text for _, text in numbered]
    return lines


# -- the same matches ---------------------------------------------------------------------

def test_the_termbase_finds_what_one_alternation_finds_on_every_line_of_the_guide() -> None:
    terms = termbase.load(ROOT / "glossary", relative)
    total = 0
    for lang, lines in review_lines().items():
        alternation = termbase_alternation(terms.terms, lang)
        assert len(lines) > 300
        for text in lines:
            expected = old_uses(alternation, text)
            assert new_uses(terms, text, lang) == expected, text
            total += len(expected)
    assert total > 1000  # the guide uses its terms: the comparison is not of empty lists


def test_the_glossary_finds_what_one_alternation_finds_on_every_line_of_the_guide() -> None:
    glossary = Glossary.load(ROOT / "glossary")
    total = 0
    for lang, lines in review_lines().items():
        # Glossary.finder before issue 17 (the same set, so the same order of equal lengths).
        names = sorted({(name, entry.id) for entry in glossary.entries.values()
                        for name in own_renderings(entry, lang)}, key=lambda n: -len(n[0]))
        regex = re.compile("|".join(f"({pattern(name)})" for name, _ in names), re.I)
        for text in lines:
            expected: dict[str, str] = {}
            for match in regex.finditer(text):
                expected.setdefault(names[match.lastindex - 1][1], match.group(0))
            assert glossary.used(text, lang) == expected, text
            total += len(expected)
    assert total > 500


def test_a_rendering_is_found_in_any_case_spacing_and_plural_the_pattern_allows() -> None:
    shortlist = Shortlist([(name, f"({pattern(name)})", name) for name in
                           ("逻辑推理", "推理", "liquid cooling", "GPU", "Transistor")], re.I)
    found = [(match.group(0), owner) for match, owner in shortlist.finditer(
        "逻辑推理与推理; LIQUID-cooling and liquid \t cooling; GPUs; tranſistors")]
    assert found == [("逻辑推理", "逻辑推理"), ("推理", "推理"), ("LIQUID-cooling", "liquid cooling"),
                     ("liquid \t cooling", "liquid cooling"), ("GPUs", "GPU"),
                     ("tranſistors", "Transistor")]
    # Negative control: a line holding none of them compiles and tries nothing.
    tried = shortlist.tried
    assert list(shortlist.finditer("cooling liquid; G P U; 理推")) == [] and shortlist.tried == tried


def test_the_fold_is_the_case_folding_of_re() -> None:
    """Every character that case-insensitive re matches to a character of a
    rendering folds as that character does (else a line could hold a match
    that the shortlist does not look for)."""
    everything = "".join(chr(code) for code in range(sys.maxunicode + 1) if not 0xD800 <= code < 0xE000)
    terms = termbase.load(ROOT / "glossary", relative)
    written = {char for term in terms.terms.values() for lang in LANGS
               for name in (term.preferred[lang], *term.aliases[lang], *term.variants[lang],
                            *term.forbidden[lang]) for char in name}
    cased = sorted({char for char in written if char.lower() != char.upper()}
                   | set("abcdefghijklmnopqrstuvwxyzİıſςµ"))
    assert len(cased) > 40
    for char in cased:
        matched = re.findall(re.escape(char), everything, re.I)
        assert {other.translate(FOLD) for other in matched} == {char.translate(FOLD)}, char
    # re matches more than str.lower() says (the reason for the fold): long s, Kelvin sign, dotted İ.
    assert set(re.findall("s", everything, re.I)) == {"s", "S", "ſ"}
    assert "\u212a" in re.findall("k", everything, re.I) and "İ" in re.findall("i", everything, re.I)
    assert "ſ".lower() != "s" and normal("Liquid -  Cooling ſ") == "liquid cooling s"


# -- the cost per line ----------------------------------------------------------------------

def grown(terms: dict[str, Term], count: int) -> dict[str, Term]:
    """*terms* and *count* made-up ones, as a grown guide would have: copies of
    the real terms renamed (高带宽内存 17, HBM 17: they share the real ones'
    prefixes) and new words in both scripts (three common 汉字; two Latin words)."""
    rng = random.Random(17)
    han = [chr(code) for code in range(0x4E00, 0x4E00 + 3000)]
    real = list(terms.values())
    more = dict(terms)
    for number in range(count):
        if number % 2:
            base = real[number % len(real)]
            zh, en = f"{base.preferred['zh']} {number}", f"{base.preferred['en']} {number}"
        else:
            zh = "".join(rng.choice(han) for _ in range(3))
            en = " ".join("".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(4, 9)))
                          for _ in range(2))
        more[f"made-up-{number}"] = Term(
            f"made-up-{number}", "entry", {"zh": zh, "en": en}, {"zh": [], "en": [f"MU{number}"]},
            {"zh": [zh + "学"], "en": [en + " plan"]}, {"zh": [], "en": []}, "", "glossary/x.md")
    return more


def work(terms: Termbase, lines: dict[str, list[str]]) -> tuple[float, float, list]:
    """Trie steps and alternatives tried per line, and what was found."""
    found, count = [], 0
    for lang, texts in lines.items():
        for text in texts:
            found.append(new_uses(terms, text, lang))
            count += 1
    shortlists = terms.shortlists.values()
    return (sum(s.steps for s in shortlists) / count, sum(s.tried for s in shortlists) / count, found)


def test_the_work_per_line_does_not_grow_with_the_number_of_terms() -> None:
    real = termbase.load(ROOT / "glossary", relative).terms
    lines = {lang: texts[:400] for lang, texts in review_lines().items()}
    small, large = Termbase(dict(real)), Termbase(grown(real, 1600))
    steps_small, tried_small, found_small = work(small, lines)
    steps_large, tried_large, found_large = work(large, lines)
    renderings = {size: sum(len(t.shortlists[lang].alternatives) for lang in LANGS)
                  for size, t in (("small", small), ("large", large))}
    assert renderings["large"] > 20 * renderings["small"]  # the alternation grew 20-fold and more
    assert found_large == found_small  # the made-up terms are not in the guide
    assert steps_large < 1.5 * steps_small, (steps_small, steps_large)
    assert tried_large < 1.5 * tried_small + 1, (tried_small, tried_large)


def test_at_1600_terms_the_shortlist_is_far_cheaper_than_one_alternation() -> None:
    """Measured in the same run on the same lines, as a ratio of CPU times (the
    best of two): one alternation costs per line in proportion to the renderings."""
    terms = Termbase(grown(termbase.load(ROOT / "glossary", relative).terms, 1600))
    # One line that uses four terms or more: the alternation takes about a
    # second a line here, a hundred times the shortlist's.
    lines = [next(text for text in review_lines()["zh"]
                  if len(text) > 40 and len(new_uses(terms, text, "zh")) >= 4)]
    alternation = termbase_alternation(terms.terms, "zh")
    warm = [new_uses(terms, text, "zh") for text in lines]  # time the matching, not compiling

    def best(run) -> tuple[float, list]:
        times = []
        for _ in range(2):
            start = time.process_time()
            found = [run(text) for text in lines]
            times.append(time.process_time() - start)
        return min(times), found

    old, expected = best(lambda text: old_uses(alternation, text))
    new, found = best(lambda text: new_uses(terms, text, "zh"))
    assert found == warm == expected and sum(map(len, expected)) >= 4
    assert old > 10 * new, (old, new)


@pytest.mark.parametrize("text", ["", "   ", "-"])
def test_a_line_without_letters_finds_nothing(text: str) -> None:
    terms = termbase.load(ROOT / "glossary", relative)
    assert new_uses(terms, text, "zh") == new_uses(terms, text, "en") == []
