"""Real validators on the real site: every page of both languages and the landing page.

* axe-core (tools/npm, pinned), injected in Debian's Chromium, in the light
  and the dark scheme, into the pages that together hold every kind of
  element of the site (tests/tour.py, audited_pages): no serious or
  critical violation.  While the tour visits every page, every request is
  recorded: none may go to a host but 127.0.0.1.  The visits are the site
  tour's, shared with the other in-page checks.
* html-validate (tools/npm, pinned) with tools/npm/.htmlvalidate.json: the
  HTML standard preset plus document rules (one <h1> per level, a doctype,
  labelled inputs, no id reference to nothing).  It finds no error, so no
  exception is listed; axe is the judge of accessibility.  (Left out on
  purpose: require-sri, whose subject is third-party resources — there are
  none, see tests/test_privacy.py — and the style rules of the
  "recommended" preset, which are not about validity.)  One node process
  validates every page, and the control page with them.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from conftest import LANGS, ROOT, SITE, offline_context, site_pages
from tour import AXE, AXE_RESULT, AXE_START, SCHEMES, audited_pages, every_page, page_kinds

NPM = ROOT / "tools" / "npm"
HTML_VALIDATE = NPM / "node_modules" / "html-validate" / "bin" / "html-validate.mjs"
HTML_VALIDATE_CONFIG = NPM / ".htmlvalidate.json"


@pytest.mark.parametrize("scheme", SCHEMES)
def test_axe_finds_no_serious_or_critical_violation(tour, scheme: str) -> None:
    audited = [visit for visit in tour.of(scheme) if visit.axe is not None]
    # axe ran on exactly the sample (the next test: it holds every kind of element).
    assert {visit.rel for visit in audited} == {rel.split("#")[0] for rel in audited_pages(every_page())}
    assert all(any(visit.rel.startswith(f"{lang}/") for visit in audited) for lang in LANGS)
    assert {visit.rel: visit.axe for visit in audited if visit.axe} == {}


def test_the_audited_pages_hold_every_kind_of_element_of_the_toured_ones() -> None:
    """axe's sample (tests/tour.py) leaves no kind of element unaudited."""
    pages = every_page()
    audited = audited_pages(pages)
    assert len(audited) < len(pages)
    assert set().union(*map(page_kinds, pages)) == set().union(*map(page_kinds, audited))


def test_no_page_requests_another_host(tour) -> None:
    assert len(tour.requests) > 100
    assert tour.foreign_requests() == []


def test_axe_finds_an_image_without_alt(browser: object, server: str) -> None:
    """The audit above fails when what it guards is broken."""
    context = offline_context(browser)
    page = context.new_page()
    page.goto(server + "en/chips.html", wait_until="load")
    page.evaluate("""() => document.querySelector("article").append(
        Object.assign(document.createElement("img"), {src: "../_static/none.png"}))""")
    page.add_script_tag(path=str(AXE))
    page.evaluate(AXE_START)
    assert any(v.startswith("critical image-alt:") for v in page.evaluate(AXE_RESULT))
    context.close()


def html_validate(paths: list[Path]) -> dict[str, list[str]]:
    """html-validate's errors, by file, as "file:line:column: rule: message"
    lines: one node process for all the files."""
    with tempfile.TemporaryDirectory() as scratch:
        # The report goes to a file: through a pipe, node cuts it short on exit.
        report_path = Path(scratch) / "report.json"
        result = subprocess.run(
            ["node", str(HTML_VALIDATE), "--config", str(HTML_VALIDATE_CONFIG),
             "--formatter", f"json={report_path}", *map(str, paths)],
            capture_output=True, text=True, timeout=300)
        assert result.returncode in (0, 1) and report_path.is_file(), result.stderr
        reports = json.loads(report_path.read_text(encoding="utf-8"))
    errors: dict[str, list[str]] = {str(path): [] for path in paths}
    for report in reports:
        errors.setdefault(report["filePath"], []).extend(
            f"{report['filePath']}:{message['line']}:{message['column']}: "
            f"{message['ruleId']}: {message['message']}"
            for message in report["messages"] if message["severity"] == 2)
    return errors


@pytest.fixture(scope="module")
def validated(site: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, list[str]], Path]:
    """html-validate's errors for every page of the site and, in the same
    run, for a copy of one page broken on purpose (the control)."""
    control = tmp_path_factory.mktemp("html-validate") / "chips.html"
    shutil.copyfile(SITE / "en" / "chips.html", control)
    control.write_text(control.read_text(encoding="utf-8").replace(
        "</article>", '<p id="furo-main-content" aria-labelledby="nowhere">x</p></article>', 1),
        encoding="utf-8")
    pages = [site / "index.html", site / "404.html",
             *(site / rel for lang in LANGS for rel in site_pages(lang))]
    return html_validate([*pages, control]), control


def test_html_validate_finds_no_error(validated) -> None:
    errors, control = validated
    site_errors = {name: found for name, found in errors.items() if name != str(control)}
    assert len(site_errors) > 20
    assert [line for found in site_errors.values() for line in found] == []


def test_html_validate_finds_a_duplicate_id_and_a_dangling_reference(validated) -> None:
    """The check above fails when what it guards is broken."""
    errors, control = validated
    found = "\n".join(errors[str(control)])
    assert "no-dup-id" in found and "no-missing-references" in found
