"""cakedoc.source.safety sees unsafe HTML the way a browser would, and lets safe HTML be."""

from __future__ import annotations

import pytest

from cakedoc.source.safety import is_javascript_url, raw_html_problems


@pytest.mark.parametrize("html,problem", [
    ("<script>alert(1)</script>", "a <script> element"),
    ("<SCRIPT src=x.js></SCRIPT>", "a <script> element"),
    ('<iframe src="https://example.com/"></iframe>', "an <iframe> element"),
    ('<span onclick="alert(1)">x</span>', "an on…= event attribute"),
    ('<img src=x\nonerror = "alert(1)">', "an on…= event attribute"),
    ('<a href="javascript:alert(1)">x</a>', "a javascript: URL"),
    ('<a href="java&#115;cript:alert(1)">x</a>', "a javascript: URL"),
    ('<a href="java\tscript:alert(1)">x</a>', "a javascript: URL"),
    ('<a href="JavaScript:alert(1)">x</a>', "a javascript: URL"),
])
def test_unsafe_raw_html_is_found(html: str, problem: str) -> None:
    assert problem in raw_html_problems(html)


@pytest.mark.parametrize("html", [
    '<span class="note">the only event is the ONNX release</span>',
    '<abbr title="on premises">on-prem</abbr>',
    "<br>",
    '<a href="https://example.com/javascript">the JavaScript page</a>',
    "<span>JavaScript: the language of the web</span>",
])
def test_safe_raw_html_passes(html: str) -> None:
    assert raw_html_problems(html) == []


@pytest.mark.parametrize("uri,unsafe", [
    ("javascript:alert(1)", True),
    (" \tJavaScript:alert(1)", True),
    ("java&#x73;cript:alert(1)", True),
    ("https://example.com/", False),
    ("chips.html#hbm", False),
    ("mailto:someone@example.com", False),
])
def test_javascript_urls(uri: str, unsafe: bool) -> None:
    assert is_javascript_url(uri) is unsafe
