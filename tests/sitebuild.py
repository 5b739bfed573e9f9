"""A real site for the site, link and browser tests: built once, served under a sub-path.

`built_site()` creates a throwaway project with the seed plus two FICTIONAL articles (invented
people, places and outlets; one has a headline full of characters that must be escaped), builds
it twice with `briefs build` (once for the default site_url, once with SITE_URL pointing at a
local server under /briefs-demo/), and serves the second build with a ThreadingHTTPServer the
way GitHub Pages serves a project site (404.html with status 404 for a missing page).
"""

from __future__ import annotations

import contextlib
import functools
import os
import subprocess
import sys
import threading
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

from conftest import make_project

SUB_PATH = "/briefs-demo/"
SEED_SLUG = "2023-09-13-makeup-of-n-koreas-delegation-to-russia-suggests-arms-deal"

# Fictional: Veloria, Marden, their ministers and the Marden Ledger do not exist.
PORT_PACT = """Veloria & Marden sign port pact after “48 hours” of talks

Posted on : 2024-02-20 09:30 CET Modified on : 2024-02-20 11:10 CET
Harbor ministers of the two island states promise shared customs checks by the summer

The island states of Veloria and Marden signed a port cooperation pact on Monday after two days of talks in the Velorian capital, Port Ismay, ending a decade of disputes over duplicate customs inspections.

Velorian harbor minister Tomas Ilvane said the agreement would let ships cleared in one state dock in the other without a second inspection. “This pact ends a decade of duplicate inspections at our docks,” Ilvane said.

Marden’s trade minister, Hedda Brauning, told reporters that joint customs teams would start work at the ports of Port Ismay and Selk by July. “Our shippers have waited long enough for a single checkpoint,” Brauning said.

The Marden Ledger reported that the pact still needs the approval of both parliaments.

By Anika Strand, staff reporter
"""

# Fictional, and hostile on purpose: the headline and dek carry markup and quote characters.
HOSTILE = """Selk harbor row: 5 < 7 & "fees" </script> for 'all' berths

Posted on : 2024-03-04 08:00 UTC
A dek with "double", 'single' & <i>angle</i> characters

Selk harbor master Oren Vask said the new berth rules would take effect in April.

“We will publish every berth fee online,” Vask said at a meeting with shipping agents in Selk.

By Lio Marr, staff reporter
"""


@dataclass(frozen=True)
class BuiltSite:
    """The project folder and its two builds."""

    project: Path
    site_dir: Path
    """Built with SITE_URL = url and served there."""
    url: str
    """Where site_dir is served: http://127.0.0.1:<port>/briefs-demo/."""
    default_site_dir: Path
    """Built with the site_url of mkdocs.yml (no SITE_URL)."""
    default_url: str

    def page(self, rel: str) -> Path:
        """Path of a built page (URL path relative to the site root) in the served build."""
        target = self.site_dir / rel
        return target / "index.html" if rel.endswith("/") or not rel else target


class SubPathHandler(SimpleHTTPRequestHandler):
    """Serve a folder under a sub-path, and 404.html for anything missing, like GitHub Pages."""

    sub_path = SUB_PATH

    def translate_path(self, path: str) -> str:
        clean = path.split("?", 1)[0].split("#", 1)[0]
        if not clean.startswith(self.sub_path):
            return str(Path(self.directory) / ".outside-the-sub-path")  # never exists: a 404
        return super().translate_path("/" + clean[len(self.sub_path) :])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:  # quiet test output
        pass


def run_build(project: Path, site_dir: str, site_url: str | None) -> None:
    """Run `briefs build` in project; fail with its output when it does not exit 0."""
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    env["NO_MKDOCS_2_WARNING"] = "1"
    if site_url:
        env["SITE_URL"] = site_url
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--site-dir", site_dir],
        cwd=project, env=env, capture_output=True, text=True,
    )
    if result.returncode != 0:
        raise AssertionError(f"briefs build failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")


def default_site_url(project: Path) -> str:
    """site_url of the project's mkdocs.yml when SITE_URL is not set."""
    from generator.siteurl import read_site_settings

    saved = os.environ.pop("SITE_URL", None)
    try:
        return read_site_settings(project / "mkdocs.yml").site_url
    finally:
        if saved is not None:
            os.environ["SITE_URL"] = saved


@contextlib.contextmanager
def built_site(folder: Path) -> Iterator[BuiltSite]:
    """Build the demo project twice and serve the sub-path build until the context exits."""
    project = make_project(folder / "project", {"001_port-pact.txt": PORT_PACT, "002_selk-berths.txt": HOSTILE})
    site_dir = project / "site"
    # Bind first: the build must know the port, because Material's instant navigation only
    # works when site_url matches the host and port the pages are served from.
    handler = functools.partial(SubPathHandler, directory=str(site_dir))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    url = f"http://127.0.0.1:{server.server_address[1]}{SUB_PATH}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    try:
        run_build(project, "site-default", None)
        run_build(project, "site", url)
        thread.start()
        yield BuiltSite(project, site_dir, url, project / "site-default", default_site_url(project))
    finally:
        if thread.is_alive():
            server.shutdown()
        server.server_close()
