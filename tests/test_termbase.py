"""The termbase, the number systems and the house style, on small fixture pages.

Each test writes one tiny page pair (and, where it matters, edits one
glossary entry) in a copy of the real glossary, runs the review in-process
and looks at what it reports: the check, the file and line, and what the
message tells the author to write.  The real guide's clean review is checked
in tests/test_review.py.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from cakedoc.glossary.entries import GlossaryError, load
from cakedoc.review.check import review
from cakedoc.review.figures import figures
from cakedoc.review.pages import Project
from cakedoc.review.style import line_problems
from cakedoc.review.terms import Glossary
from conftest import ROOT


def project(tmp_path: Path, zh: str, en: str = "") -> Path:
    """A project with the real glossary and one page pair, docs/*/p.md:
    a title, then *zh* / *en* as the page's body (line 3 onward)."""
    root = tmp_path / "project"
    shutil.copytree(ROOT / "glossary", root / "glossary")
    (root / "docs" / "zh").mkdir(parents=True)
    (root / "docs" / "en").mkdir(parents=True)
    (root / "docs/zh/p.md").write_text(f"# 标题\n\n{zh}\n", encoding="utf-8")
    (root / "docs/en/p.md").write_text(f"# Title\n\n{en or 'A paragraph.'}\n", encoding="utf-8")
    return root


def findings(root: Path, *checks: str) -> list:
    """The findings of the review of *root* (every check but the sign-off,
    which a fixture never has), or only those of *checks*."""
    found = [f for f in review(Project.create(root, "zh")).findings if f.check != "unreviewed"]
    return [f for f in found if not checks or f.check in checks]


def edit(path: Path, old: str, new: str) -> int:
    """Replace *old* (once) in *path*; the 1-based line where it was."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not unique in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text[:text.index(old)].count("\n") + 1


# -- renderings ---------------------------------------------------------------------

def test_a_variant_is_flagged_at_its_line_with_the_preferred_rendering(tmp_path: Path) -> None:
    root = project(tmp_path, "模型的表现服从缩放定律。")
    [f] = findings(root, "termbase")
    assert (f.severity, f.path, f.line) == ("error", "docs/zh/p.md", 3)
    assert "“缩放定律”" in f.message and "write “规模定律”" in f.message
    assert "glossary/scaling-law.md" in f.message


def test_the_preferred_rendering_is_not_flagged(tmp_path: Path) -> None:
    assert findings(project(tmp_path, "模型的表现服从{term}`规模定律（Scaling Law）<scaling-law>`。"),
                    "termbase", "gloss") == []


def test_a_forbidden_rendering_is_an_error(tmp_path: Path) -> None:
    root = project(tmp_path, "第一段。\n\nGoogle 全舰队的年均 PUE 为 1.10。", "A paragraph.\n\nGoogle: 1.10.")
    [f] = findings(root, "termbase")
    assert (f.severity, f.path, f.line) == ("error", "docs/zh/p.md", 5)
    assert "forbidden" in f.message and "“所有数据中心”" in f.message


def test_an_entry_s_own_note_may_name_its_variants_and_no_other_place_may(tmp_path: Path) -> None:
    root = project(tmp_path, "一段。")
    entry = root / "glossary/scaling-law.md"
    # The real note says 缩放定律, 扩展定律 … : no finding.
    assert "缩放定律" in entry.read_text(encoding="utf-8").split("## note-zh")[1]
    assert findings(root) == []
    line = edit(entry, "规模定律指模型的性能", "缩放定律指模型的性能")
    [f] = findings(root, "termbase")
    assert (f.path, f.line) == ("glossary/scaling-law.md", line)
    # Another entry's note is not scaling-law's own note.
    edit(entry, "缩放定律指模型的性能", "规模定律指模型的性能")
    line = edit(root / "glossary/token.md", "## note-zh\n\n", "## note-zh\n\n缩放定律也是这样。")
    [f] = findings(root, "termbase")
    assert (f.path, f.line) == ("glossary/token.md", line + 2)  # after the heading and a blank line


def test_a_quoted_mention_and_a_gloss_are_not_uses(tmp_path: Path) -> None:
    root = project(tmp_path, "有人称它为“缩放定律”。英伟达（NVIDIA）发布了新芯片。",
                   'Some call it 缩放定律. NVIDIA released a new chip.')
    assert findings(root, "termbase") == []
    (root / "docs/zh/p.md").write_text("# 标题\n\n英伟达发布了新芯片。\n", encoding="utf-8")
    [f] = findings(root, "termbase")
    assert f.line == 3 and "write “NVIDIA”" in f.message and "glossary/names.yaml" in f.message


def test_a_name_keeps_its_capitals_and_a_word_does_not(tmp_path: Path) -> None:
    root = project(tmp_path, "一段。", "Nvidia makes chips. Open models are free.")
    messages = sorted(f.message for f in findings(root, "termbase"))
    assert len(messages) == 2
    assert "“Nvidia”" in messages[0] and "“Open models”" in messages[1]
    assert "write “open-weight model”" in messages[1]


def test_the_first_use_of_a_term_needs_its_gloss(tmp_path: Path) -> None:
    root = project(tmp_path, "模型按词元计费。\n\n一个{term}`词元（Token）<token>`约是半个汉字。",
                   "Models charge by the token.\n\nA {term}`token <token>` is about half a character.")
    [f] = findings(root, "gloss")
    assert (f.path, f.line) == ("docs/zh/p.md", 3) and "“词元（Token）”" in f.message
    edit(root / "docs/zh/p.md", "模型按词元计费", "模型按词元（Token）计费")
    assert findings(root, "gloss") == []


def test_a_quotation_is_not_glossed_inside(tmp_path: Path) -> None:
    root = project(tmp_path, "他说：“这是推理。”随后的{term}`推理（Inference）<inference>`很快。")
    assert findings(root, "gloss") == []


def test_a_variant_is_an_alias_for_search_and_term_links(tmp_path: Path) -> None:
    entries = load(ROOT / "glossary")
    assert "缩放定律" in entries["scaling-law"].aliases["zh"]  # one list for search and review
    assert "缩放定律" in entries["scaling-law"].renderings("zh")
    assert Glossary(entries).term_id("缩放定律") == "scaling-law"
    assert entries["rack"].zh == "机柜" and entries["rack"].variants["zh"] == ["机架"]


@pytest.mark.parametrize("old,new,message", [
    ("gloss: Scaling Law\n", "gloss: Scaling Law\nforbidden:\n  zh: [规模定律]\n", "the preferred zh rendering"),
    ("variants:\n  zh: [缩放定律", "forbidden:\n  zh: [缩放定律]\nvariants:\n  zh: [缩放定律", "both forbidden"),
    ("variants:\n  zh: [缩放定律, 扩展定律, 规模法则, 尺度定律]\n", "variants: [缩放定律]\n", "a mapping"),
])
def test_a_broken_termbase_key_is_reported_at_its_line(
        tmp_path: Path, old: str, new: str, message: str) -> None:
    root = project(tmp_path, "一段。")
    entry = root / "glossary/scaling-law.md"
    edit(entry, old, new)
    with pytest.raises(GlossaryError) as error:
        load(root / "glossary")
    key = re.search(r"^(forbidden|variants):", new, re.M).group(1)
    assert message in error.value.message
    assert error.value.line == next(n for n, line in enumerate(
        entry.read_text(encoding="utf-8").splitlines(), 1) if line.startswith(f"{key}:"))
    [f] = findings(root)
    assert (f.check, f.path, f.line) == ("glossary", "glossary/scaling-law.md", error.value.line)


def test_a_broken_names_list_is_reported_at_its_line(tmp_path: Path) -> None:
    root = project(tmp_path, "一段。")
    names = root / "glossary/names.yaml"
    line = edit(names, "  - id: google\n    zh: Google\n", "  - id: google\n")
    [f] = findings(root)
    assert (f.check, f.path, f.line) == ("glossary", "glossary/names.yaml", line)
    assert "lacks 'zh'" in f.message


# -- numbers in two systems -----------------------------------------------------------

@pytest.mark.parametrize("zh,en", [
    ("约 60 万块", "about 600,000"),
    ("60 万块", "600k"),
    ("约 3,150 亿美元", "about $315 billion"),
    ("1,305 亿美元", "US$130.5B"),
    ("1.4 万亿个词元", "1.4 trillion tokens"),
    ("130 万块 GPU", "1,300,000 GPUs"),
    ("600～650 亿美元", "$60–65 billion"),
    ("780 亿～830 亿美元", "78B–83B dollars"),
    ("约 2,000 块到 6.6 万块", "about 2,000 to 66,000"),
    ("约 3～4 J", "about 3–4 J"),
    ("增长 142%", "up 142%"),
])
def test_numbers_match_across_the_two_systems(zh: str, en: str) -> None:
    assert figures(zh) == figures(en)


@pytest.mark.parametrize("zh,en", [
    ("约 60 万块", "about 6 million"),
    ("约为 315 十亿美元", "about $315 billion"),  # 十亿 is not a unit: write 3,150 亿
    ("600～650 亿美元", "$600–650 billion"),
])
def test_a_real_mismatch_is_still_a_difference(zh: str, en: str) -> None:
    assert figures(zh) != figures(en)


def test_a_pair_in_two_number_systems_is_consistent_and_a_mismatch_is_reported(tmp_path: Path) -> None:
    root = project(tmp_path, "集群约有 60 万块 GPU，投资约 3,150 亿美元。",
                   "The cluster has about 600,000 GPUs and cost about $315 billion.")
    assert findings(root, "numbers") == []
    (root / "docs/en/p.md").write_text(
        "# Title\n\nThe cluster has about 6 million GPUs and cost about $315 billion.\n", encoding="utf-8")
    [f] = findings(root, "numbers")
    assert (f.path, f.line) == ("docs/en/p.md", 3)
    assert "zh only: 60 万" in f.message and "en only: 6 million" in f.message


# -- 倍 and typography ----------------------------------------------------------------

def test_a_decrease_in_bei_is_an_error_with_a_rewrite(tmp_path: Path) -> None:
    root = project(tmp_path, "能耗在 12 个月内下降了 33 倍。", "Energy fell to 1/33 in 12 months.")
    [f] = findings(root, "times")
    assert (f.severity, f.path, f.line) == ("error", "docs/zh/p.md", 3)
    assert "“下降了 33 倍”" in f.message and "“降至原来的 1/33”" in f.message


def test_an_increase_in_bei_is_a_warning_asking_which_is_meant(tmp_path: Path) -> None:
    root = project(tmp_path, "每瓦算力提高了约 2.9 倍。", "Compute per watt is about 2.9 times as high.")
    [f] = findings(root, "times")
    assert (f.severity, f.line) == ("warning", 3)
    assert "“是原来的 2.9 倍”" in f.message and "“增加了 1.9 倍”" in f.message
    assert [f for f in findings(root) if f.severity == "error"] == []  # make review still passes


def test_n_times_lower_in_english_is_a_warning(tmp_path: Path) -> None:
    root = project(tmp_path, "能耗降至原来的 1/33。", "Energy was 33 times lower.")
    [f] = findings(root, "times")
    assert (f.severity, f.path, f.line) == ("warning", "docs/en/p.md", 3)


def test_a_glossary_entry_is_checked_for_bei_too(tmp_path: Path) -> None:
    root = project(tmp_path, "一段。")
    line = edit(root / "glossary/pue.md", "行业平均的额外开销约是 Google 的 5.8 倍", "开销约少 5.8 倍")
    [f] = findings(root, "times")
    assert (f.path, f.line, f.severity) == ("glossary/pue.md", line, "error")


def test_a_space_after_a_full_width_bracket_is_flagged(tmp_path: Path) -> None:
    root = project(tmp_path, "行业平均{term}`电能利用效率（PUE）<pue>` 为 1.58，即（PUE） 1.58。",
                   "The industry average {term}`PUE <pue>` is 1.58, that is (PUE) 1.58.")
    [f] = findings(root, "copywriting")
    assert f.line == 3 and "“即（PUE） 1.58。” → “即（PUE）1.58。”" in f.message


@pytest.mark.parametrize("text,lang,flagged", [
    ("功率约 120–132 kW", "zh", True),
    ("2019—2020 年", "zh", True),
    ("功率约 120～132 kW", "zh", False),
    ("日期 2025-05-01", "zh", False),
    ("about 120–132 kW", "en", False),
    ("about 120～132 kW", "en", True),
    ("2019—2020", "en", True),
])
def test_one_range_dash_per_language(text: str, lang: str, flagged: bool) -> None:
    problems = [p for p in line_problems(text, lang) if p[1] == "typography"]
    assert bool(problems) == flagged, problems


def test_an_en_dash_range_in_zh_is_flagged_at_its_line(tmp_path: Path) -> None:
    root = project(tmp_path, "一段。\n\n每个词元约 3–4 J。", "A paragraph.\n\nAbout 3–4 J per token.")
    [f] = findings(root, "typography")
    assert (f.path, f.line) == ("docs/zh/p.md", 5) and "“3～4”" in f.message


def test_nested_full_width_parentheses_are_flagged(tmp_path: Path) -> None:
    root = project(tmp_path, "产品（{term}`词元（Token）<token>`）源源不断地出去。",
                   "Products ({term}`tokens <token>`) flow out.")
    [f] = findings(root, "typography")
    assert f.line == 3 and "nested" in f.message
    assert [p for p in line_problems("产品（词元）与原料（电）", "zh") if p[1] == "typography"] == []


def test_a_half_width_comma_or_colon_between_han_is_flagged(tmp_path: Path) -> None:
    root = project(tmp_path, "芯片,内存:互连。")
    [f] = findings(root, "copywriting")
    assert "芯片，内存：互连" in f.message


# -- the review edition ---------------------------------------------------------------

def test_the_review_edition_lists_every_rendering_in_use_and_shows_findings_beside_blocks(
        tmp_path: Path) -> None:
    from cakedoc.review import html

    root = project(tmp_path, "第一段。\n\n模型服从缩放定律。", "A paragraph.\n\nModels follow {term}`scaling laws <scaling-law>`.")
    html.build(review(Project.create(root, "zh")), tmp_path / "edition")
    terms = (tmp_path / "edition/terms.html").read_text(encoding="utf-8")
    row = re.search(r'<tr id="term-scaling-law">(.*?)</tr>', terms, re.S).group(1)
    assert re.search(r'<li class="variant"><span class="rendering">缩放定律</span>.*?docs/zh/p\.md: 5', row)
    assert re.search(r'<li class="preferred"><span class="rendering">规模定律</span>.*?glossary/scaling-law\.md', row)
    assert 'href="terms.html"' in (tmp_path / "edition/index.html").read_text(encoding="utf-8")
    page = (tmp_path / "edition/pages/p.html").read_text(encoding="utf-8")
    section = re.search(r'<section class="[^"]*finding[^"]*" id="block-3">(.*?)</section>', page, re.S)
    assert section and "termbase" in section.group(1) and "规模定律" in section.group(1)


def test_the_page_of_terms_reads_offline_and_marks_a_variant(tmp_path: Path, watched) -> None:
    from cakedoc.review import html

    root = project(tmp_path, "第一段。\n\n模型服从缩放定律。", "A paragraph.\n\nModels follow scaling laws.")
    html.build(review(Project.create(root, "zh")), tmp_path / "edition")
    watched.page.goto((tmp_path / "edition/terms.html").as_uri())
    # 缩放定律 on the fixture page (the entry's own note names the other variants).
    variant = watched.page.locator("#term-scaling-law li.variant", has_text="docs/zh/p.md: 5").locator(".rendering")
    preferred = watched.page.locator("#term-scaling-law li.preferred .rendering").first
    assert variant.inner_text() == "缩放定律" and variant.is_visible()
    # Marked: bold, and not the colour of a preferred rendering.
    style = "e => [getComputedStyle(e).fontWeight, getComputedStyle(e).color]"
    assert variant.evaluate(style)[0] == "700"
    assert variant.evaluate(style)[1] != preferred.evaluate(style)[1]
    assert watched.foreign_requests() == [] and watched.console_errors == []
