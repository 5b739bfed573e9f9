"""The hostile corpus in a real browser: nothing an article carried runs, loads or appears.

The site built from tests/hostile/ (see hostile/site.py) is served on 127.0.0.1 and every page
is opened in Debian's Chromium through Playwright, with listeners for dialogs (alert, confirm,
prompt: what the payloads call) and for every request (a request to any other host would be a
tracker or an exfiltration the article caused). The DOM is then searched for elements and
attributes the payloads would create, and the search box is fed the payloads' words.

Skipped with a clear message when Playwright or Chromium is missing, unless
BRIEFS_REQUIRE_BROWSER=1 (CI), where that is a failure.
"""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from hostile.site import BuiltSite, build_corpus

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LOCAL_HOSTS = {"127.0.0.1", "localhost"}

# Runs in each page: every element or attribute that would mean article markup got through.
FIND_INJECTED = """
() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      if (attr.name.toLowerCase().startsWith('on')) found.push(`${el.tagName}[${attr.name}]`);
      if (['href', 'src', 'action', 'formaction', 'data', 'xlink:href'].includes(attr.name.toLowerCase())
          && /^\\s*(javascript|data|vbscript):/i.test(attr.value)) found.push(`${el.tagName}[${attr.name}=${attr.value.slice(0, 40)}]`);
    }
  }
  for (const el of document.querySelectorAll('iframe, frame, frameset, object, embed, applet, base, marquee, video, audio, meta[http-equiv]')) {
    found.push(el.tagName);
  }
  const content = document.querySelector('article.md-content__inner');
  if (content) {
    for (const el of content.querySelectorAll('script, style, link, img, svg, form, input, button, textarea, select, template, noscript, math')) {
      found.push(`content ${el.tagName}`);
    }
    for (const el of content.querySelectorAll('[style]')) found.push(`content ${el.tagName}[style]`);
  }
  return found;
}
"""


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory) -> BuiltSite:
    return build_corpus(tmp_path_factory.getbasetemp())


@pytest.fixture(scope="session")
def served(hostile_site):
    """Serve the built site on 127.0.0.1 (a free port) for the session."""

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(hostile_site.site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


class Watch:
    """Dialogs and requests to other hosts, recorded from a browser context."""

    def __init__(self, context):
        self.dialogs: list[str] = []
        self.foreign: list[str] = []
        context.on("request", self._request)
        # Never let a request leave the machine, whatever it is; it is recorded above.
        context.route(lambda url: urlsplit(url).hostname not in LOCAL_HOSTS, lambda route: route.abort())

    def watch(self, page) -> None:
        page.on("dialog", self._dialog)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def _request(self, request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.hostname not in LOCAL_HOSTS:
            self.foreign.append(request.url)


def all_pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def test_every_page_of_the_hostile_site_runs_loads_and_shows_nothing_injected(browser, hostile_site, served):
    pages = all_pages(hostile_site.site)
    briefs = [p for p in pages if p.startswith("briefs/")]
    assert len(briefs) == len(hostile_site.pages), "every published brief has a page"
    context = browser.new_context(java_script_enabled=True)
    watch = Watch(context)
    problems: dict[str, list[str]] = {}
    try:
        page = context.new_page()
        watch.watch(page)
        for rel in pages:
            before = (len(watch.dialogs), len(watch.foreign))
            page.goto(served + rel, wait_until="load", timeout=120_000)
            page.wait_for_timeout(50)  # let asynchronous events (onerror, ontoggle) fire
            found = page.evaluate(FIND_INJECTED)
            found += watch.dialogs[before[0]:] + watch.foreign[before[1]:]
            if found:
                problems[rel] = found
    finally:
        context.close()
    assert not problems, problems


@pytest.mark.parametrize("words", ["script alert", "Injected admonition", "Quarrymen Hesket"])
def test_search_results_for_the_payloads_run_nothing(browser, hostile_site, served, words):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    context = browser.new_context()
    watch = Watch(context)
    try:
        page = context.new_page()
        watch.watch(page)
        page.goto(served, wait_until="load")
        page.keyboard.press("/")  # Material's search shortcut
        box = page.locator("input.md-search__input")
        # The index (large: one page has 10,000 paragraphs) is built in a worker; keystrokes
        # sent before it is ready are lost, so type again until results show (Material reacts
        # to key events, not to fill()). A guard against a hang, not a timing assertion.
        for _attempt in range(30):
            box.fill("")
            box.press_sequentially(words, delay=30)
            try:
                page.wait_for_selector(".md-search-result__item", timeout=10_000)
                break
            except PlaywrightTimeout:
                continue
        page.wait_for_timeout(300)  # results render in steps; let the list settle
        results = page.locator(".md-search-result__item").count()
        meta = page.locator(".md-search-result__meta").inner_text()
        found = page.evaluate(FIND_INJECTED)
        injected = page.evaluate(
            "() => [...document.querySelectorAll('.md-search-result script, .md-search-result img, .md-search-result iframe')].map(e => e.tagName)"
        )
    finally:
        context.close()
    assert results > 0, f"the search for {words!r} found nothing ({meta!r}): the payload text should be searchable"
    assert not found and not injected and not watch.dialogs and not watch.foreign, (found, injected, watch.dialogs, watch.foreign)
