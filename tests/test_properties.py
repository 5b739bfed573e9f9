"""Property tests: escaping, readers and the renderer never raise, and article text never
produces markup.

"Markup the text did not legitimately produce" is checked against a twin: the same page
rendered with every article string replaced by a plain word. Both pages, converted by
Python-Markdown with exactly the extensions of the site's mkdocs.yml, must have the same
elements with the same attributes (only `id` and `href` values may differ: headings get ids
from their text). Anything a hostile string adds (a tag, an attribute, a block) breaks that.
"""

from __future__ import annotations

import html
import re
import unicodedata
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from generator.escape import escape_attr, escape_markdown, plain_text, safe_url, strip_invisible
from generator.models import (
    Author,
    BoxRegime,
    BoxResolution,
    Brief,
    Callout,
    Caption,
    Fact,
    KeyPoint,
    Paragraph,
    RelatedBrief,
    SanctionsBox,
    SidebarItem,
)
from generator.problems import SourceError
from generator.render import front_matter_filter, linked_filter, make_environment, render_brief

ROOT = Path(__file__).resolve().parent.parent
PROPERTY_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Fragments of every syntax an article could smuggle in; hypothesis glues them together.
FRAGMENTS = [
    "<script>", "</script>", "<img src=x onerror=alert(1)>", "<svg onload=alert(1)>", "<iframe src=//x>",
    "<style>", "<!--", "-->", "<!-- more -->", "<!-- material/tags -->", "<div markdown>", "</div>",
    "javascript:", "data:text/html,", "[", "]", "(", ")", "](", "![", "<http://x.invalid>", "[TOC]",
    "!!! danger \"x\"", "??? note \"x\"", "???+ ", "=== \"t\"", "/// ", ":::", ": ", "{: ", "{ ", "}",
    " onclick=\"alert(1)\"", "#x", ".cls", "# ", "## ", "1. ", "2) ", "- ", "+ ", "* ", "> ", "---", "***",
    "```", "~~~", "`", "|", "||", "\\", "&", "&lt;", "&#60;", "&amp;", ";", "{{ ", " }}", "{% ", " %}",
    "*", "_", "__", "~~", "^", "=", "\"", "'", "\n", "\n\n", "    ", "\t", " ", "x", "0", "\u200b", "\u202e",
    "\u2066", "\ufeff", "\U000e0041", "\x00", "\x02", "\x03", "wzxhzdk:0", "klzzwxh:0", "\ud800", "\u2028",
    "\u0301", "١", "*[x]: y", "[^1]", "[x]: http://x.invalid", "markdown=\"1\"",
]
hostile_text = st.one_of(
    st.text(max_size=60),
    st.lists(st.sampled_from(FRAGMENTS), max_size=24).map("".join),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=4)), max_size=16).map("".join),
)


@lru_cache(maxsize=1)
def site_markdown() -> markdown.Markdown:
    """Python-Markdown with exactly the extensions MkDocs uses for this site (mkdocs.yml)."""
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    return markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"])


def to_html(text: str) -> str:
    return site_markdown().reset().convert(text)


class Structure(HTMLParser):
    """Every start tag with its attributes (id and href values blanked), and the text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, tuple]] = []
        self.hrefs: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "href":
                self.hrefs.append(value or "")
        shown = tuple(sorted((n, "" if n in ("id", "href") else (v or "")) for n, v in attrs))
        self.tags.append((tag, shown))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        self.text.append(data)

    def handle_comment(self, data):
        # A comment is markup too (the generated-file notice is ours); its words are not.
        self.tags.append(("<!--", ()))


def structure(html_text: str) -> Structure:
    parser = Structure()
    parser.feed(html_text)
    parser.close()
    return parser


def assert_safe_hrefs(parser: Structure) -> None:
    for href in parser.hrefs:
        scheme = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*):", href)
        assert scheme is None or scheme.group(1).lower() in ("http", "https"), href


def literal(text: str) -> str:
    """What a field shows on the page: visible characters, whitespace runs as one space."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", strip_invisible(text))).strip()


# --- escaping ------------------------------------------------------------------------------

# Every kind of place a template puts an escaped field, with the markup the place itself makes.
CONTEXTS = {
    "paragraph": "{t}\n{{: #para-1 .brief-para }}\n",
    "heading": "# {t}\n",
    "emphasis": "*{t}*\n{{: .brief-dek }}\n",
    "list item": "- {t}\n",
    "admonition": '!!! quote "Key quote"\n\n    “{t}”\n\n    — {t}, {t}\n',
    "admonition list": '!!! abstract "Key points"\n\n    - {t} [¶ 1](#para-1)\n',
    "html block": '<div class="brief-dateline" markdown>\nBy {t} ({t})\n</div>\n',
    "aside": '<aside class="brief-sidebar" markdown>\n\n**People**\n\n- [{t}](../people/x.md), {t}\n\n</aside>\n',
    "link label": "[{t}](https://example.org/)\n",
    "span": '<p class="meta" markdown="span">{t} · {t}</p>\n',
}


@pytest.mark.parametrize("context", sorted(CONTEXTS))
@PROPERTY_SETTINGS
@given(text=hostile_text)
def test_escaped_text_renders_literally_and_adds_no_markup(context, text):
    escaped = escape_markdown(text)
    shown = literal(text)
    template = CONTEXTS[context]
    page = structure(to_html(template.format(t=escaped)))
    twin = structure(to_html(template.format(t="x" if shown else "")))
    assert page.tags == twin.tags, (text, escaped)
    assert_safe_hrefs(page)
    if shown:
        # Each occurrence of the field shows exactly its characters.
        assert shown in "".join(page.text), (text, escaped, "".join(page.text))


@PROPERTY_SETTINGS
@given(text=hostile_text)
def test_escaped_text_is_one_line_and_never_starts_a_block(text):
    escaped = escape_markdown(text)
    assert "\n" not in escaped and escaped == escaped.strip()
    assert escape_markdown(text) == escaped  # deterministic
    escaped.encode("utf-8")  # no lone surrogate reaches a file


@PROPERTY_SETTINGS
@given(text=hostile_text)
def test_escape_attr_leaves_no_character_that_ends_a_value_or_opens_a_tag(text):
    escaped = escape_attr(text)
    assert not re.search(r"[<>\"'\n]", escaped)
    # Every & starts a character reference, and decoding gives back the visible text.
    assert not re.search(r"&(?!(?:amp|lt|gt|quot|#\d+);)", escaped)
    assert html.unescape(escaped) == plain_text(text)


@PROPERTY_SETTINGS
@given(url=st.one_of(hostile_text, st.builds(lambda a, b: a + "://" + b, st.sampled_from(["http", "https", "HTTP", "javascript", "data", "ftp", " http"]), hostile_text)))
def test_safe_url_passes_only_http_links_that_stay_one_link(url):
    result = safe_url(url)
    if result is None:
        return
    assert re.match(r"^https?://[^/?#]", result, re.IGNORECASE), result
    assert not re.search(r"[\s\"'<>()\\`]", result), result
    page = structure(to_html(f"[x]({result})\n"))
    assert [tag for tag, _ in page.tags] == ["p", "a"] and page.hrefs and page.hrefs[0].lower().startswith("http")


@PROPERTY_SETTINGS
@given(text=hostile_text)
def test_strip_invisible_is_idempotent_and_leaves_nothing_invisible(text):
    once = strip_invisible(text)
    assert strip_invisible(once) == once
    assert not any(unicodedata.category(c) in ("Cc", "Cs") and c not in "\t\n\r" for c in once), repr(once)
    assert not any(c in once for c in "\u200b\u200c\u200d\u2060\ufeff\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


# --- page metadata -------------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(title=hostile_text, description=hostile_text, tags=st.lists(hostile_text, max_size=3), name=hostile_text)
def test_front_matter_reads_back_escaped_and_never_breaks_out(title, description, tags, name):
    from mkdocs.utils.meta import get_data

    meta = {"title": title, "description": description, "tags": tags, "mentions": [{"name": name, "type": "person"}]}
    page = f"---\n{front_matter_filter(meta)}\n---\n# Body\n"
    body, parsed = get_data(page)
    assert body.strip() == "# Body"
    expected = {k: v for k, v in {
        "title": escape_attr(title), "description": escape_attr(description),
        "tags": [escape_attr(t) for t in tags if escape_attr(t)], "mentions": [{"name": escape_attr(name), "type": "person"}],
    }.items() if v not in ("", [])}
    assert parsed == expected


# --- the brief template --------------------------------------------------------------------

# Fields that hold our own structure (slugs, anchors, links we built, enum values), not text.
STRUCTURAL = {"slug", "anchor", "url", "speaker_url", "id", "type", "speaker_type", "trigger_anchor", "sources", "links"}


def full_brief() -> Brief:
    """A brief with every optional section filled, so every template branch prints text."""
    when = datetime(2024, 3, 1, 10, 0, tzinfo=timezone(timedelta(hours=9)))
    item = lambda kind, n: SidebarItem(name=f"{kind} {n}", type=kind, url=f"../people/{kind}-{n}.md", role="role", acronym="ACR", mentions=2)
    return Brief(
        slug="2024-03-01-x", source_path="briefs/x.txt", title="title", dek="dek", published=when,
        modified=when + timedelta(hours=2), authors=[Author(name="author", role="role"), Author(name="second")],
        source="outlet", url="https://example.org/story", tags=["tag one", "tag two"],
        key_points=[KeyPoint(text="point", anchor="para-1"), KeyPoint(text="point two", anchor="para-2")],
        callouts=[Callout(text="quote", speaker="speaker", role="role", speaker_url="../people/person-1.md", anchor="para-2")],
        sanctions_box=SanctionsBox(
            regimes=[BoxRegime(id="un-dprk", name="regime", url="https://example.org/regime", issuer="issuer", target="target", status="status", sources=["https://example.org/s"])],
            resolutions=[BoxResolution(number=1718, title="resolution", url="https://example.org/r", facts=[Fact(label="label", value="value", sources=["https://example.org/f"])], trigger_sentence="sentence", trigger_anchor="para-1", sources=["https://example.org/s"])],
        ),
        people=[item("person", 1)], organizations=[item("organization", 1)], places=[item("place", 1)],
        credits=["credit"], captions=[Caption(text="caption", credit="credit")],
        paragraphs=[Paragraph(anchor="para-1", text="first"), Paragraph(anchor="para-2", text="second")],
        related=[RelatedBrief(slug="2024-02-01-y", title="related", url="2024-02-01-y.md", date="1 February 2024", shared=["shared"])],
        editor_note="note",
    )


def map_text(value, replace, path=""):
    """Copy a model, passing every article-text string (not our structure) through replace."""
    if isinstance(value, BaseModel):
        changes = {
            name: map_text(getattr(value, name), replace, f"{path}.{name}")
            for name in type(value).model_fields
            if name not in STRUCTURAL
        }
        return value.model_copy(update=changes)
    if isinstance(value, list):
        return [map_text(v, replace, f"{path}[{i}]") for i, v in enumerate(value)]
    if isinstance(value, str):
        return replace(path, value)
    return value


def text_paths(brief: Brief) -> list[str]:
    paths: list[str] = []
    map_text(brief, lambda path, v: paths.append(path) or v)
    return paths


class Twin:
    """Plain words standing in for article strings, one per distinct string.

    A visible word where the string shows something, the string itself where it shows
    nothing (only invisible characters), so every `if` and `unique` in the templates takes
    the same branch for the twin as for the original.
    """

    def __init__(self):
        self.words: dict[str, str] = {}

    def word(self, text: str) -> str:
        if not literal(text):
            return text
        if text not in self.words:
            n, letters = len(self.words), ""
            while True:
                n, r = divmod(n, 26)
                letters += "abcdefghijklmnopqrstuvwxyz"[r]
                if not n:
                    break
            self.words[text] = "word" + letters
        return self.words[text]


@lru_cache(maxsize=1)
def environment():
    env = make_environment(ROOT / "templates")
    env.globals.setdefault("site", {})
    return env


def page_parts(markdown_text: str) -> tuple[dict, Structure]:
    from mkdocs.utils.meta import get_data

    body, meta = get_data(markdown_text)
    return meta, structure(to_html(body))


@PROPERTY_SETTINGS
@given(data=st.data())
def test_brief_page_has_the_same_markup_whatever_the_article_says(data):
    skeleton = full_brief()
    drawn = {path: data.draw(hostile_text, label=path) for path in text_paths(skeleton)}
    hostile = map_text(skeleton, lambda path, v: drawn[path])
    words = Twin()
    twin = map_text(skeleton, lambda path, v: words.word(drawn[path]))
    meta, page = page_parts(render_brief(environment(), hostile))
    twin_meta, twin_page = page_parts(render_brief(environment(), twin))
    assert page.tags == twin_page.tags
    assert_safe_hrefs(page)
    assert set(meta) == set(twin_meta)
    for value in _strings(meta):
        assert value == escape_attr(html.unescape(value)), value


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


@PROPERTY_SETTINGS
@given(url=hostile_text)
def test_article_url_becomes_a_link_only_when_http(url):
    brief = full_brief().model_copy(update={"url": url})
    _, page = page_parts(render_brief(environment(), brief))
    assert_safe_hrefs(page)
    assert (safe_url(url) is not None) == any(h.startswith(safe_url(url) or "\0") for h in page.hrefs)


@PROPERTY_SETTINGS
@given(text=hostile_text, spans=st.lists(st.tuples(st.integers(-3, 70), st.integers(-3, 70), st.one_of(st.just("../people/x.md"), hostile_text)), max_size=4))
def test_entity_links_in_paragraphs_only_link_our_pages(text, spans):
    paragraph = Paragraph(anchor="para-1", text=text, links=spans)
    out = linked_filter(paragraph)
    page = structure(to_html(f"{out}\n{{: #para-1 .brief-para }}\n"))
    assert {tag for tag, _ in page.tags} <= {"p", "a"}
    for href in page.hrefs:
        assert href == "../people/x.md", href
    if literal(text):
        assert re.sub(r"\s+", " ", "".join(page.text)).strip() == literal(text)


# --- readers -------------------------------------------------------------------------------


def _reader_extensions() -> list[str]:
    from generator.readers import READERS

    return sorted(READERS)


article_bytes = st.one_of(
    st.binary(max_size=400),
    hostile_text.map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.tuples(hostile_text, hostile_text, hostile_text).map(
        lambda p: f"{p[0]}\nPosted on : 2024-03-01 10:00\n{p[1]}\n\n{p[2]}\n\nA closing paragraph.\n".encode("utf-8", "surrogatepass")
    ),
    st.tuples(hostile_text, hostile_text, hostile_text).map(
        lambda p: f"---\ntitle: {p[0]}\ndek: {p[1]}\ntags: [{p[1]}]\n---\n{p[2]}\n\nA body paragraph.\n".encode("utf-8", "surrogatepass")
    ),
    st.tuples(hostile_text, hostile_text).map(
        lambda p: f"<html><head><title>{p[0]}</title></head><body><article><h1>{p[0]}</h1><p>{p[1]}</p><p>More text here.</p></article></body></html>".encode("utf-8", "surrogatepass")
    ),
)


@pytest.mark.parametrize("extension", _reader_extensions())
@PROPERTY_SETTINGS
@given(data=article_bytes)
def test_readers_raise_only_source_errors_and_the_page_stays_clean(extension, data):
    from generator.models import Annotations
    from generator.readers import read_bytes
    from generator.select import make_brief

    try:
        article = read_bytes(data, f"briefs/x{extension}", max_bytes=100_000)
    except SourceError as error:
        assert error.problem.code.startswith("BRF1"), error.problem
        return
    brief = make_brief(article, Annotations(text=""))
    meta, page = page_parts(render_brief(environment(), brief))
    words = Twin()
    twin = map_text(brief, lambda path, v: words.word(v))
    twin_meta, twin_page = page_parts(render_brief(environment(), twin))
    assert page.tags == twin_page.tags
    assert_safe_hrefs(page)


@PROPERTY_SETTINGS
@given(text=hostile_text, key=st.sampled_from(["entities", "quotes", "key_points", "draft", "title", "x"]))
def test_sidecar_loader_raises_only_sidecar_errors(tmp_path_factory, text, key):
    sidecar = pytest.importorskip("generator.sidecar")
    folder = tmp_path_factory.mktemp("sidecar")
    (folder / "briefs").mkdir()
    (folder / "briefs" / "a.txt").write_text("Headline\n\nBody text.\n", "utf-8")
    for content in (text, f"{key}: {text}\n", f"{key}:\n  - {text}\n", yaml.safe_dump({key: text})):
        (folder / "briefs" / "a.yml").write_bytes(content.encode("utf-8", "surrogatepass"))
        try:
            sidecar.load_sidecar(folder / "briefs" / "a.txt", folder)
        except sidecar.SidecarError as error:
            assert all(p.code.startswith("BRF3") for p in error.problems), error.problems


# --- file names and slugs ------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(title=hostile_text, name=hostile_text)
def test_slugs_are_plain_names_that_stay_in_their_folder(title, name):
    from generator.slugs import article_slug, make_slug
    from generator.write import check_inside

    for slug in (make_slug(title), article_slug(title, datetime(2024, 3, 1, tzinfo=timezone.utc)), make_slug(name)):
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug), slug
        check_inside(Path("docs"), f"briefs/{slug}.md")


@pytest.mark.parametrize("rel", ["../index.md", "briefs/../../x.md", "/etc/passwd", "briefs\\..\\x.md", "C:x.md", "", "briefs//x.md"])
def test_a_page_path_that_could_leave_docs_is_refused(tmp_path, rel):
    from generator.write import sync_pages

    with pytest.raises(ValueError, match="refusing to write"):
        sync_pages(tmp_path / "docs", {rel: "# x\n"}, ("briefs",))
    assert not any(tmp_path.rglob("*.md"))


# --- limits and containment ----------------------------------------------------------------


def test_an_article_over_the_text_limit_is_reported_with_the_setting_to_raise(tmp_path):
    from conftest import make_project
    from generator.build import discover, read_all
    from generator.config import load_config

    long_body = "\n\n".join(f"Paragraph {n} of a long fictional report from the Ebbside tide office." for n in range(40))
    project = make_project(tmp_path / "project", {"long.txt": f"A long report from Ebbside\n\n{long_body}\n"})
    config = load_config(project, max_text_chars=1_000)
    articles, problems = read_all(config, discover(config))
    assert "briefs/long.txt" not in [a.source_path for a in articles]
    [too_long] = [p for p in problems if p.path == "briefs/long.txt"]
    assert too_long.code == "BRF116" and "max_text_chars" in too_long.message and "1,000" in too_long.message


def test_a_reader_crash_on_one_file_is_reported_and_the_others_are_read(tmp_path, monkeypatch):
    from conftest import make_project
    from generator import readers
    from generator.build import discover, read_all
    from generator.config import load_config

    project = make_project(tmp_path / "project", {"crash.md": "# Headline\n\nBody.\n"})

    def crash(source):
        raise AssertionError("a bug deep inside a parsing library")

    monkeypatch.setitem(readers.READERS, ".md", crash)
    config = load_config(project)
    articles, problems = read_all(config, discover(config))
    assert [a.source_path for a in articles] == ["briefs/000_4ad485723bc6e419.txt"]
    [crashed] = [p for p in problems if p.code == "BRF117"]
    assert crashed.path == "briefs/crash.md" and "AssertionError" in crashed.message
