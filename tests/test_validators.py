"""Real validators on the real site: every page of both languages and the landing page.

* axe-core (tools/npm, pinned), injected into each page in Debian's Chromium,
  in the light and the dark scheme: no serious or critical violation.  While
  it visits, every request is recorded: none may go to a host but 127.0.0.1.
* html-validate (tools/npm, pinned) with tools/npm/.htmlvalidate.json: the
  HTML standard preset plus document rules (one <h1> per level, a doctype,
  labelled inputs, no id reference to nothing).  It finds no error, so no
  exception is listed; axe is the judge of accessibility.  (Left out on
  purpose: require-sri, whose subject is third-party resources — there are
  none, see tests/test_privacy.py — and the style rules of the
  "recommended" preset, which are not about validity.)
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import LANGS, ROOT, SITE, PageWatch, offline_context, site_pages

NPM = ROOT / "tools" / "npm"
AXE = NPM / "node_modules" / "axe-core" / "axe.min.js"
HTML_VALIDATE = NPM / "node_modules" / "html-validate" / "bin" / "html-validate.mjs"
HTML_VALIDATE_CONFIG = NPM / ".htmlvalidate.json"

#: What axe must not find, as "impact rule: help (where)" lines.
AXE_RUN = """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
  .filter((v) => v.impact === "serious" || v.impact === "critical")
  .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")})`)"""


def every_page() -> list[str]:
    # #choose: the landing page sends a reader on at once unless asked to stay.
    return ["index.html#choose", "404.html", *(rel for lang in LANGS for rel in site_pages(lang))]


def axe_violations(page: object) -> list[str]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate(AXE_RUN)


@pytest.fixture(scope="module", params=["light", "dark"])
def audit(request: pytest.FixtureRequest, browser: object,
          server: str) -> Iterator[tuple[dict[str, list[str]], PageWatch]]:
    """Each page's serious and critical axe violations in one colour scheme,
    and every request the pages made."""
    context = offline_context(browser, color_scheme=request.param)
    watch = PageWatch(context.new_page())
    violations = {}
    for rel in every_page():
        response = watch.page.goto(server + rel, wait_until="load")
        assert response is not None and response.ok, rel
        violations[rel] = axe_violations(watch.page)
    yield violations, watch
    context.close()


def test_axe_finds_no_serious_or_critical_violation(audit) -> None:
    violations, _ = audit
    assert len(violations) > 20
    assert {rel: found for rel, found in violations.items() if found} == {}


def test_no_page_requests_another_host(audit) -> None:
    _, watch = audit
    assert len(watch.requests) > 100
    assert watch.foreign_requests() == []


def test_axe_finds_an_image_without_alt(browser: object, server: str) -> None:
    """The audit above fails when what it guards is broken."""
    context = offline_context(browser)
    page = context.new_page()
    page.goto(server + "en/chips.html", wait_until="load")
    page.evaluate("""() => document.querySelector("article").append(
        Object.assign(document.createElement("img"), {src: "../_static/none.png"}))""")
    assert any(v.startswith("critical image-alt:") for v in axe_violations(page))
    context.close()


def html_validate(paths: list[Path]) -> list[str]:
    """html-validate's errors as "file:line:column: rule: message" lines."""
    with tempfile.TemporaryDirectory() as scratch:
        # The report goes to a file: through a pipe, node cuts it short on exit.
        report_path = Path(scratch) / "report.json"
        result = subprocess.run(
            ["node", str(HTML_VALIDATE), "--config", str(HTML_VALIDATE_CONFIG),
             "--formatter", f"json={report_path}", *map(str, paths)],
            capture_output=True, text=True, timeout=300)
        assert result.returncode in (0, 1) and report_path.is_file(), result.stderr
        reports = json.loads(report_path.read_text(encoding="utf-8"))
    return [f"{report['filePath']}:{message['line']}:{message['column']}: "
            f"{message['ruleId']}: {message['message']}"
            for report in reports for message in report["messages"] if message["severity"] == 2]


def test_html_validate_finds_no_error(site: Path) -> None:
    pages = [site / "index.html", site / "404.html",
             *(site / rel for lang in LANGS for rel in site_pages(lang))]
    assert html_validate(pages) == []


def test_html_validate_finds_a_duplicate_id_and_a_dangling_reference(tmp_path: Path) -> None:
    """The check above fails when what it guards is broken."""
    page = tmp_path / "chips.html"
    shutil.copyfile(SITE / "en" / "chips.html", page)
    page.write_text(page.read_text(encoding="utf-8").replace(
        "</article>", '<p id="furo-main-content" aria-labelledby="nowhere">x</p></article>', 1),
        encoding="utf-8")
    errors = "\n".join(html_validate([page]))
    assert "no-dup-id" in errors and "no-missing-references" in errors
