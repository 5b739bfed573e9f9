"""Escaping at one place: article text renders literally, never as markup."""

import markdown
import pytest

from generator.escape import escape_attr, escape_markdown, safe_url

MD = markdown.Markdown(extensions=["admonition", "attr_list", "md_in_html", "toc"])


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[click](javascript:alert(1))",
        "![x](http://evil.example/x.png)",
        "!!! danger \"pwned\"",
        "# Heading",
        "1. list",
        "- item",
        "> quote",
        "a | b | c",
        "`code`",
        "*em* __strong__",
        "{ onclick=alert(1) }",
        "<!-- more -->",
        "&lt;script&gt;",
    ],
)
def test_escaped_text_renders_as_one_plain_paragraph(text):
    html = MD.reset().convert(escape_markdown(text))
    assert elements(html) == [("p", [])]


def elements(html: str) -> list[tuple[str, list]]:
    """Every start tag in html with its attributes."""
    from html.parser import HTMLParser

    found = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, attrs))

    Collector().feed(html)
    return found


def test_escape_attr_quotes():
    assert escape_attr('a" onmouseover="x') == "a&quot; onmouseover=&quot;x"


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "ftp://x", "//evil", "", None])
def test_only_http_urls_pass(url):
    assert safe_url(url) is None


def test_http_url_is_kept_and_parentheses_encoded():
    assert safe_url("https://example.org/a (b)") == "https://example.org/a%20%28b%29"
