"""What every page ships (cakedoc.weight): only what it uses.

The weights themselves are measured by `make bench`; these check, on the
built site, that each trim is in place and took nothing a page needs.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import LANGS, ROOT, site_pages
from sitescan import soup


@pytest.mark.parametrize("lang", LANGS)
def test_pygments_css_only_where_code_is_highlighted(site: Path, lang: str) -> None:
    for rel in site_pages(lang):
        page = soup(site / rel)
        sheets = [link["href"].split("?")[0].rsplit("/", 1)[-1]
                  for link in page.find_all("link", rel="stylesheet")]
        assert "furo-extensions.css" not in sheets, rel
        highlighted = page.select_one('[class^="highlight"]') is not None
        assert ("pygments.css" in sheets) == highlighted, rel


@pytest.mark.parametrize("lang", LANGS)
def test_pygments_css_styles_every_token_a_page_uses(site: Path, lang: str) -> None:
    css = (site / lang / "_static" / "pygments.css").read_text(encoding="utf-8")
    styled = set(re.findall(r"\.highlight \.([\w-]+) \{", css))
    used = set()
    for rel in site_pages(lang):
        for span in soup(site / rel).select("div.highlight > pre span[class]"):
            used |= set(span["class"])
    assert used, "the guide has highlighted code"
    # A rule nothing uses is waste; a span with no rule in any scheme should
    # not have been written (it looks like plain text).  hll is not a token.
    assert used == styled - {"hll"}, used ^ (styled - {"hll"})
    assert "n" not in used and "p" not in used, "names and punctuation look like plain text"


@pytest.mark.parametrize("lang", LANGS)
def test_the_site_carries_no_index_its_pages_do_not_load(site: Path, lang: str) -> None:
    """Sphinx's searchindex.js is make search-eval's baseline only
    (cakedoc.search.index; its content: tests/test_sphinx_search_index.py)."""
    assert not (site / lang / "searchindex.js").exists()
    assert (site / lang / "searchstats.js").is_file()
    search = (site / lang / "search.html").read_text(encoding="utf-8")
    assert "searchstats.js" in search and "searchindex.js" not in search


def test_zh_translations_js_holds_what_the_scripts_ask_for_in_our_words(site: Path) -> None:
    from cakedoc.weight.translations import script_messages

    text = (site / "zh" / "_static" / "translations.js").read_text(encoding="utf-8")
    assert "\\u" not in text
    messages = json.loads(text[text.index("(") + 1:text.rindex(")")])["messages"]
    asked = script_messages(site / "zh" / "_static")
    assert {"Search Results", "Searching", "Hide Search Matches"} <= set(messages) <= set(asked)
    assert messages["Search Results"] == "搜索结果"
    # Sphinx's catalog says 您; ours (cakedoc/locale) replaces that message.
    assert "您" not in text and "没有找到匹配的页面" in text


@pytest.mark.parametrize("lang", LANGS)
def test_cake_css_is_served_without_comments_and_with_every_rule(site: Path, lang: str) -> None:
    source = (ROOT / "cakedoc" / "static" / "cake.css").read_text(encoding="utf-8")
    served = (site / lang / "_static" / "cake.css").read_text(encoding="utf-8")
    assert "/*" not in served
    assert len(served) < len(source) * 0.7
    rules = re.sub(r"/\*.*?\*/", "", source, flags=re.S)
    assert re.sub(r"\s+", "", served) == re.sub(r"\s+", "", rules)
