"""The translation review (`make review`): every fault is injected on its own
into a copy of what the review reads (the `review_copy` fixture) and must be
reported at its file and line; the real docs must pass with no finding at all.

The review runs in-process (python -m cakedoc.review's main) for speed; one
test drives it through the Makefile, as an author does, on a copy of the
whole project (the `workdir` fixture).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from html import escape
from pathlib import Path

import pytest
from pypdf import PdfReader

from cakedoc.review.__main__ import main
from cakedoc.review.blocks import split, split_text
from cakedoc.review.figures import figures
from cakedoc.review.lint import findings as lint_findings
from cakedoc.review.pages import Project
from conftest import ROOT
from sitescan import parse

# Long (the bilingual PDF of the whole guide; about 45 s on a quiet
# machine): `make test` starts it first (tests/xdist_groups.py).
pytestmark = pytest.mark.long(seconds=45)

#: The guide's pages as the review lists them (docs/zh/sources/energy.md is
#: sources/energy; the glossary's generated pages are not among them).
ZH_PAGES = sorted(Project.create(ROOT, "zh").pages("zh"))
REVIEWER = "Test Reviewer"


@pytest.fixture(autouse=True)
def reviewer(monkeypatch: pytest.MonkeyPatch) -> None:
    """git's author identity, which review-accept records (the copy has no .git)."""
    monkeypatch.setenv("GIT_AUTHOR_NAME", REVIEWER)
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "reviewer@example.invalid")


#: All the review reads of a project (cakedoc/review/pages.py: Project);
#: the rest of it is the site's build.
REVIEWED_FOLDERS = ("docs", "glossary")


def copy_reviewed(dest: Path) -> Path:
    """A copy of what the review reads, at *dest*: a third of the time of
    `workdir`'s copy of the whole project, which only a test that runs
    `make` needs."""
    for folder in REVIEWED_FOLDERS:
        shutil.copytree(ROOT / folder, dest / folder, ignore=shutil.ignore_patterns("__pycache__"))
    return dest


@pytest.fixture
def review_copy(tmp_path: Path) -> Path:
    """A copy of docs/ and glossary/ to break on purpose (see copy_reviewed)."""
    return copy_reviewed(tmp_path / "project")


def review(project: Path, capsys: pytest.CaptureFixture[str] | None, *args: str) -> tuple[int, list[dict]]:
    """Run the review on *project*; its exit code and its findings (from the
    JSON report).  Its terminal output is read off *capsys*, so that a test
    reads only what follows; without one (a module fixture has none) it
    stays in pytest's own capture."""
    report = project / "_build" / "review.json"
    code = main(["--root", str(project), "--source", "zh", "check", "--json", str(report), *args])
    if capsys is not None:
        capsys.readouterr()
    return code, json.loads(report.read_text(encoding="utf-8"))["findings"]


def the_finding(project: Path, capsys: pytest.CaptureFixture[str]) -> dict:
    """The one finding an injected fault must cause; the review fails."""
    code, found = review(project, capsys)
    assert code == 1 and len(found) == 1, found
    return found[0]


def accept(project: Path, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    code = main(["--root", str(project), "--source", "zh", "accept", *args])
    output = capsys.readouterr()
    assert code == 0, output
    return output.out


def edit(path: Path, old: str, new: str) -> int:
    """Replace *old* (once) in *path*; the 1-based line where it was."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not unique in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text[:text.index(old)].count("\n") + 1


def line_of(path: Path, fragment: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if fragment in line)


# -- the real docs ----------------------------------------------------------------

def test_the_real_docs_have_a_clean_review(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # The options may follow the command, as in `python -m cakedoc.review check --source zh`.
    code = main(["check", "--source", "zh", "--root", str(ROOT), "--json", str(tmp_path / "r.json")])
    output = capsys.readouterr().out
    assert code == 0, output
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["findings"] == []
    assert output.startswith(f"review: {len(ZH_PAGES)} pages,") and "no findings" in output


@pytest.mark.parametrize("page", ZH_PAGES)
def test_page_pair_has_the_same_block_structure(page: str) -> None:
    zh, en = split(ROOT / "docs" / "zh" / f"{page}.md"), split(ROOT / "docs" / "en" / f"{page}.md")
    assert [b.signature for b in zh] == [b.signature for b in en]
    # Never an empty split: the shortest pages (a layer's sources) are a
    # title, a line and their {source-list}.
    assert len(zh) >= 3


# -- alignment ----------------------------------------------------------------

def test_a_deleted_en_paragraph_is_reported_at_its_page_and_line(
        review_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    en, zh = review_copy / "docs/en/chips.md", review_copy / "docs/zh/chips.md"
    gone = line_of(en, "The idea behind HBM is to stack")
    lines = en.read_text(encoding="utf-8").splitlines(keepends=True)
    en.write_text("".join(lines[:gone - 1] + lines[gone:]), encoding="utf-8")
    f = the_finding(review_copy, capsys)
    # At the gap, right after the previous paragraph; naming the zh paragraph's line.
    assert (f["check"], f["path"], f["line"]) == ("alignment", "docs/en/chips.md", gone - 1)
    assert f"docs/zh/chips.md:{line_of(zh, 'HBM 的思路是把多层内存芯片')}" in f["message"]
    assert "missing paragraph" in f["message"]


def test_a_missing_en_page_is_reported(review_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (review_copy / "docs/en/energy.md").unlink()
    f = the_finding(review_copy, capsys)
    assert (f["check"], f["path"], f["line"]) == ("counterpart", "docs/zh/energy.md", 1)
    assert "docs/en/energy.md" in f["message"]


@pytest.mark.parametrize("old,new,message", [
    ("## The numbers that matter", "### The numbers that matter", "heading levels differ"),
    ("## The numbers that matter", "**The numbers that matter**", "block kinds differ"),
])
def test_a_block_of_another_kind_is_reported_in_both_files(
        review_copy: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, message: str) -> None:
    line = edit(review_copy / "docs/en/chips.md", old, new)
    f = the_finding(review_copy, capsys)
    assert (f["check"], f["path"], f["line"]) == ("alignment", "docs/en/chips.md", line)
    assert message in f["message"] and f"docs/zh/chips.md:{line}" in f["message"]


# -- consistency ---------------------------------------------------------------

# One fault in one en block → one finding of its kind, at the block's line,
# naming the zh block's line (chips.md is line for line in both languages).
EN_FAULTS = {
    "changed-number": ("numbers", "system lists 1,440 GB across 8 GPUs",
                       "system lists 1,450 GB across 8 GPUs", ["zh only: 1,440", "en only: 1,450"]),
    "removed-term": ("terms", "and fast {term}`interconnect <interconnect>`", "and fast interconnect",
                     ["{term} targets differ", "zh only: interconnect"]),
    "chinese-left": ("untranslated", "The diagram below sketches it.", "下图把它画成一张示意图。",
                     ["“下图把它画成一张示意图”"]),
    # zh writes 高带宽内存 (hbm): en must write HBM or high-bandwidth memory.
    "wrong-rendering": ("glossary", "{term}`high-bandwidth memory (HBM) <hbm>`",
                        "{term}`stacked memory <hbm>`", ["高带宽内存", "high-bandwidth memory"]),
    "other-link": ("links", "{doc}`infrastructure layer <infrastructure>` has to be built",
                   "{doc}`infrastructure layer <energy>` has to be built",
                   ["zh only: doc:infrastructure", "en only: doc:energy"]),
    "dropped-citation": ("citations", "specification.{footcite}`lockwood-b200,nvidia-gb200-nvl72`",
                         "specification.{footcite}`lockwood-b200`",
                         ["cited sources", "zh only: nvidia-gb200-nvl72"]),
    # The same number of citations, but of other sources: paired by key.
    "other-citation": ("citations", "specification.{footcite}`lockwood-b200,nvidia-gb200-nvl72`",
                       "specification.{footcite}`lockwood-b200,nvidia-h100`",
                       ["zh only: nvidia-gb200-nvl72", "en only: nvidia-h100"]),
    "added-code": ("code", "measured in floating-point operations per second",
                   "measured in `FLOP/s`, floating-point operations per second", ["en only: FLOP/s"]),
}


@pytest.mark.parametrize("fault", EN_FAULTS)
def test_a_fault_in_one_en_block_is_reported_at_its_line(
        review_copy: Path, capsys: pytest.CaptureFixture[str], fault: str) -> None:
    check, old, new, says = EN_FAULTS[fault]
    line = edit(review_copy / "docs/en/chips.md", old, new)
    f = the_finding(review_copy, capsys)
    assert (f["check"], f["path"], f["line"]) == (check, "docs/en/chips.md", line)
    for fragment in (*says, f"docs/zh/chips.md:{line}"):
        assert fragment in f["message"]


def test_thousands_separators_are_not_a_difference(
        review_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(review_copy / "docs/en/chips.md", "system lists 1,440 GB across 8 GPUs", "system lists 1440 GB across 8 GPUs")
    assert review(review_copy, capsys) == (0, [])


def test_numbers_are_compared_as_numbers() -> None:
    assert figures("共 1,440 GB，2048.0 位，2026-03-10") == figures("1440 GB, 2048 bits, 2026-3-10")
    assert figures("18 100") != figures("18100")  # a plain space never joins digits
    assert figures("2,039 and 1,979") == figures("2039 and 1979")


def test_a_changed_diagram_shape_is_flagged(review_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = edit(review_copy / "docs/en/chips.md", '  power["Power"] --> die', '  power["Power"] --> nvl')
    f = the_finding(review_copy, capsys)
    assert (f["check"], f["path"]) == ("diagram", "docs/en/chips.md")
    assert f["line"] < line and "shape differs" in f["message"]


def test_a_broken_glossary_entry_is_reported_at_its_line(
        review_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(review_copy / "glossary/hbm.md", "layers: [chips]", "layers: [no-such-layer]")
    f = the_finding(review_copy, capsys)
    assert (f["check"], f["path"], f["line"]) == ("glossary", "glossary/hbm.md", 1)
    assert "no-such-layer" in f["message"]


def test_a_page_that_is_not_utf8_is_reported(review_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = review_copy / "docs/en/chips.md"
    page.write_bytes(page.read_text(encoding="utf-8").encode("utf-16"))
    f = the_finding(review_copy, capsys)
    assert (f["check"], f["path"], f["line"]) == ("read", "docs/en/chips.md", 1)


# -- staleness -----------------------------------------------------------------

def test_an_edited_zh_paragraph_makes_exactly_its_en_block_stale_until_accepted(
        review_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    zh, en = review_copy / "docs/zh/chips.md", review_copy / "docs/en/chips.md"
    line = edit(zh, "它的任务说起来只有一句话", "它的任务可以用一句话概括")
    stale = the_finding(review_copy, capsys)
    assert (stale["check"], stale["path"], stale["line"]) == ("stale", "docs/en/chips.md", line)
    assert f"docs/zh/chips.md:{line}" in stale["message"] and stale["block"] == 3
    assert any(d.startswith("-") and "只有一句话" in d for d in stale["diff"])
    assert any(d.startswith("+") and "可以用一句话概括" in d for d in stale["diff"])

    # A fix inside the translation alone does not hide a stale block.
    edit(en, "Their job fits in one sentence", "Their job can be summed up in one sentence")
    assert [f["check"] for f in review(review_copy, capsys)[1]] == ["stale"]

    assert "signed off block 3 of chips" in accept(review_copy, capsys, "chips", "3")
    assert review(review_copy, capsys) == (0, [])
    sidecar = (review_copy / "docs/en/chips.review.yaml").read_text(encoding="utf-8")
    assert f"reviewer: {REVIEWER}" in sidecar and "它的任务可以用一句话概括" in sidecar


def test_review_and_review_accept_through_the_makefile(workdir: Path) -> None:
    line = edit(workdir / "docs/zh/chips.md", "本页解释一块 AI 芯片", "本页说明一块 AI 芯片")
    # The project's own venv, never (re)installed from the copy: -o marks it up to date.
    venv = ROOT / ".venv"
    make = ["make", "-s", "-C", str(workdir), f"VENVDIR={venv}", "-o", f"{venv}/.installed"]
    env = {**os.environ, "GIT_AUTHOR_NAME": REVIEWER, "GIT_AUTHOR_EMAIL": "reviewer@example.invalid"}
    failed = subprocess.run([*make, "review"], capture_output=True, text=True, env=env, timeout=120)
    assert failed.returncode != 0
    assert re.search(rf"^docs/en/chips\.md:{line}: error: stale: docs/zh/chips\.md:{line} ",
                     failed.stdout, re.M), failed.stdout + failed.stderr
    assert (workdir / "_build/review/pages/chips.html").is_file()
    signed = subprocess.run([*make, "review-accept", "PAGE=chips", "BLOCK=3"],
                            capture_output=True, text=True, env=env, timeout=120)
    assert signed.returncode == 0, signed.stdout + signed.stderr
    clean = subprocess.run([*make, "review"], capture_output=True, text=True, env=env, timeout=120)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert clean.stdout.count("\n") == 1 and "no findings" in clean.stdout  # quiet when clean


def test_a_new_zh_paragraph_is_unreviewed_and_later_blocks_keep_their_sign_off(
        review_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(review_copy / "docs/zh/chips.md", "## 文章怎么说\n", "## 文章怎么说\n\n新加的一段。\n")
    edit(review_copy / "docs/en/chips.md", "## What the essay says\n", "## What the essay says\n\nA new paragraph.\n")
    f = the_finding(review_copy, capsys)
    assert (f["check"], f["block"]) == ("unreviewed", 5)


def test_a_paragraph_deleted_in_both_languages_leaves_a_warning_until_signed_off(
        review_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for lang, fragment in (("zh", "HBM 的思路是把多层内存芯片"), ("en", "The idea behind HBM is to stack")):
        page = review_copy / "docs" / lang / "chips.md"
        gone = line_of(page, fragment)
        lines = page.read_text(encoding="utf-8").splitlines(keepends=True)
        page.write_text("".join(lines[:gone - 1] + lines[gone + 1:]), encoding="utf-8")
    code, found = review(review_copy, capsys)
    assert code == 0  # nothing to fix in the pages: only the record is out of date
    assert [(f["severity"], f["check"], f["path"]) for f in found] == [
        ("warning", "sidecar", "docs/en/chips.review.yaml")]
    assert "record of block 11" in found[0]["message"]
    accept(review_copy, capsys, "chips")
    assert review(review_copy, capsys) == (0, [])


def test_a_hand_edited_sign_off_is_reported_at_its_line(
        review_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sidecar = review_copy / "docs/en/chips.review.yaml"
    edit(sidecar, "在五层蛋糕里，", "在五层蛋糕中，")
    f = the_finding(review_copy, capsys)
    assert (f["check"], f["path"]) == ("sidecar", "docs/en/chips.review.yaml")
    assert f["line"] == line_of(sidecar, "- block: 3")


def test_accept_refuses_a_misaligned_block(review_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    en = review_copy / "docs/en/chips.md"
    gone = line_of(en, "The idea behind HBM is to stack")
    lines = en.read_text(encoding="utf-8").splitlines(keepends=True)
    en.write_text("".join(lines[:gone - 1] + lines[gone:]), encoding="utf-8")
    assert main(["--root", str(review_copy), "--source", "zh", "accept", "chips", "11"]) == 2
    assert "fix the alignment first" in capsys.readouterr().err


# -- Chinese copywriting -----------------------------------------------------------

def test_copywriting_in_a_zh_paragraph_is_flagged(
        review_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = edit(review_copy / "docs/zh/chips.md", "它的任务说起来只有一句话：把电尽可能高效地变成计算。",
                "您可以这样理解:它把电变成计算,H100有80GB内存。")
    code, found = review(review_copy, capsys)
    copywriting = [f for f in found if f["check"] == "copywriting"]
    assert [(f["path"], f["line"]) for f in copywriting] == [("docs/zh/chips.md", line)]
    message = copywriting[0]["message"]
    assert "你可以这样理解：" in message and "H100 有 80GB 内存" in message


def test_copywriting_never_touches_markup() -> None:
    blocks = split_text("见{term}`数据中心<data-center>`与`code中文`，网址<https://example.com/中文>，"
                        "[链接](https://a.b/c中文)[^a]。\n\n```{mermaid}\nflowchart LR\n  a[\"中文A\"]\n```\n\n"
                        "[^a]: 脚注。\n")
    assert lint_findings(blocks, "x.md", "x") == []


# -- settings ------------------------------------------------------------------------

def test_the_source_language_is_a_setting(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # With en as the source, zh is the translation: its review records are
    # expected beside docs/zh/, which has none.
    code = main(["--root", str(ROOT), "--source", "en", "check", "--json", str(tmp_path / "r.json")])
    capsys.readouterr()
    found = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["findings"]
    assert code == 1
    assert {f["path"] for f in found if f["check"] == "unreviewed"} == {
        f"docs/zh/{page}.md" for page in ZH_PAGES}
    assert "docs/zh/chips.review.yaml is missing" in next(
        f["message"] for f in found if f["path"] == "docs/zh/chips.md" and f["check"] == "unreviewed")
    # Pairs are reported at the translation, now the zh side.
    assert all(f["path"].startswith("docs/zh/") for f in found)
    assert main(["--root", str(ROOT), "--source", "fr", "check"]) == 2
    assert "not one of the guide's languages" in capsys.readouterr().err


# -- the review edition and the print edition ---------------------------------------

def test_the_html_review_edition_shows_every_page_and_each_finding_beside_its_block(
        review_copy: Path, capsys: pytest.CaptureFixture[str], watched) -> None:
    edit(review_copy / "docs/en/chips.md", "system lists 1,440 GB across 8 GPUs", "system lists 1,450 GB across 8 GPUs")
    published = review_copy / "_build" / "review"
    code, _ = review(review_copy, capsys, "--html", str(published),
                     "--staging", str(review_copy / "_build/staging/review"))
    assert code == 1
    index = (published / "index.html").read_text(encoding="utf-8")
    for page in ZH_PAGES:
        assert f'href="pages/{page}.html"' in index
        view = (published / "pages" / f"{page}.html").read_text(encoding="utf-8")
        first_zh, first_en = (split(review_copy / "docs" / lang / f"{page}.md")[0].source for lang in ("zh", "en"))
        assert escape(first_zh) in view and escape(first_en) in view
    chips = (published / "pages/chips.html").read_text(encoding="utf-8")
    [section] = parse(chips).select('section.finding[id^="block-"]')
    assert "numbers differ" in section.get_text() and "1,450" in section.get_text()
    assert json.loads((published / "report.json").read_text(encoding="utf-8"))["errors"] == 1
    # Offline: only its own script, nothing fetched from anywhere, opened from disk.
    watched.page.goto(published.joinpath("pages/chips.html").as_uri())
    assert watched.page.locator("section.finding").count() == 1
    assert watched.foreign_requests() == [] and watched.console_errors == []
    assert [s.get("src") for s in parse(chips).select("script")] == ["../review.js"]
    assert "url(" not in (published / "review.css").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def review_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bilingual PDF of the real docs, built once for this module."""
    output = tmp_path_factory.mktemp("review-pdf") / "review.pdf"
    code = main(["--root", str(ROOT), "--source", "zh", "pdf", str(output),
                 "--latexdir", str(output.parent / "latex")])
    assert code == 0 and output.is_file()
    return output


def squeeze(text: str) -> str:
    return re.sub(r"[\s\"'“”‘’]+", "", re.sub(r"-\n", "", text))


def test_the_bilingual_pdf_holds_every_page_in_both_languages(review_pdf: Path) -> None:
    text = squeeze(subprocess.run(["pdftotext", "-enc", "UTF-8", str(review_pdf), "-"],
                                  check=True, capture_output=True, text=True).stdout)
    for page in ZH_PAGES:
        for lang in ("zh", "en"):
            title = split(ROOT / "docs" / lang / f"{page}.md")[0].inline.visible
            assert squeeze(title) in text, (page, lang, title)
    outline = [item.title for item in PdfReader(review_pdf).outline if not isinstance(item, list)]
    assert outline == ZH_PAGES


def test_the_bilingual_pdf_embeds_its_fonts(review_pdf: Path) -> None:
    listing = subprocess.run(["pdffonts", str(review_pdf)], check=True, capture_output=True,
                             text=True).stdout.splitlines()[2:]
    assert any("NotoSerifCJK" in row for row in listing) and any("FreeSerif" in row for row in listing)
    assert all(row.split()[-5] == "yes" for row in listing)


def test_the_bilingual_pdf_prints_blocks_as_readers_read_them(review_pdf: Path) -> None:
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-layout", str(review_pdf), "-"],
                          check=True, capture_output=True, text=True).stdout
    # No Markdown table rows, fences, roles or footnote labels: tables, code and marks instead.
    assert not re.search(r"^\s*\|.*\|\s*$", text, re.M)
    for syntax in ("```", "{term}", "{doc}", "{footcite}", "[^", ":caption:"):
        assert syntax not in text, syntax
    assert ">>> " in text  # the doctests, as code
    latex = (review_pdf.parent / "latex" / "translation-review.tex").read_text(encoding="utf-8")
    assert latex.count(r"\begin{tabularx}") > 100
    # Every diagram is the PDF edition's drawing, from the diagram cache.
    diagrams = sum(1 for page in ZH_PAGES for lang in ("zh", "en")
                   for block in split(ROOT / "docs" / lang / f"{page}.md") if block.kind == "diagram")
    assert latex.count(r"\includegraphics") == diagrams > 20
