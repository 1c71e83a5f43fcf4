"""Fixtures for the browser tests: the seed site built once per session and served on
127.0.0.1, Debian's Chromium driven by Playwright, and tabs that record what a page does.

Rules these fixtures apply:
- With ``CI=true`` a missing browser (Chromium at ``/usr/bin/chromium``, or where
  ``DOSSIER_CHROMIUM`` points, or the Playwright package) is a failure; elsewhere the tests
  skip and say what to install.
- Every tab records console errors, uncaught exceptions and every request; closing a tab
  fails the test if the page logged an error or asked any host but 127.0.0.1 for anything.
- Each test saves screenshots under ``test-artifacts/`` (git-ignored).
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from browsing import ROOT, copy_seed_dossier, is_local, mkdocs_env

ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path(os.environ.get("DOSSIER_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
# Waits in the browser: long enough for a slow CI machine, bounded so a broken page fails.
TIMEOUT_MS = 15_000


def in_ci() -> bool:
    """CI runs set CI=true (or 1/yes); there a missing browser must fail, not skip."""
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def missing_browser_parts() -> list[str]:
    """What is missing to drive a browser here, each with the command that installs it."""
    missing = []
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("the Playwright package (pip install -e '.[test]')")
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        missing.append(f"Chromium at {CHROMIUM} (apt-get install chromium)")
    return missing


def require_browser() -> None:
    """Skip (locally) or fail (CI) when the browser cannot run, naming what to install."""
    missing = missing_browser_parts()
    if not missing:
        return
    message = "browser tests need " + " and ".join(missing)
    if in_ci():
        pytest.fail(message + " (CI=true: a missing browser is a failure)", pytrace=False)
    pytest.skip(message)


def pytest_collection_modifyitems(config, items):
    """Every test in this folder drives the browser: mark it ``browser``."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory) -> Path:
    """The seed dossier built once per session with ``mkdocs build --strict`` in a temp dir;
    returns the ``site`` folder."""
    project = copy_seed_dossier(tmp_path_factory.mktemp("seed-dossier"))
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", "site"],
        cwd=project, env=mkdocs_env(), capture_output=True, text=True, timeout=300,
    )
    if run.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed on the seed dossier:\n{run.stdout}\n{run.stderr}", pytrace=False)
    return project / "site"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, without a log line per request."""

    def log_message(self, format, *args):  # noqa: A002 - signature of the base class
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    """A browser that closes a page early breaks the connection: that is not an error."""

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


@pytest.fixture(scope="session")
def site_url(seed_site: Path):
    """The built seed site served by ``http.server`` on 127.0.0.1, a free port, in a thread."""
    handler = functools.partial(QuietHandler, directory=str(seed_site))
    server = QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium, headless, through Playwright. ``launch`` gives the browser a fresh
    temporary profile (user-data-dir) that Playwright deletes on close."""
    require_browser()
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
    except Exception as exc:
        playwright.stop()
        message = f"Chromium at {CHROMIUM} did not start: {exc}"
        if in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    yield browser
    browser.close()
    playwright.stop()


def artifact_name(text: str) -> str:
    """A file-name-safe version of a test or screenshot name."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-")


class Tab:
    """One browser context and page that records console errors, uncaught exceptions and
    every request (pages and workers), and saves screenshots for its test."""

    def __init__(self, browser, base_url: str, test_name: str, phone: bool = False, dark: bool = False):
        self.base_url = base_url
        self.test_name = test_name
        self.phone = phone
        self.context = browser.new_context(
            viewport=PHONE if phone else DESKTOP,
            device_scale_factor=2 if phone else 1,
            is_mobile=phone,
            has_touch=phone,
            locale="de-DE",
            color_scheme="dark" if dark else "light",
            service_workers="block",
        )
        self.context.set_default_timeout(TIMEOUT_MS)
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.page = self.context.new_page()
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda error: self.errors.append(f"{self.page.url}: uncaught {error}"))

    def _on_console(self, message) -> None:
        """Console messages of type ``error`` are errors of the page."""
        if message.type == "error":
            self.errors.append(f"{self.page.url}: {message.text}")

    def url(self, path: str) -> str:
        """Absolute URL of a site path like ``dossier/sources/``."""
        return self.base_url + path.lstrip("/")

    def open(self, path: str):
        """Load a page of the site and wait until it and its scripts have loaded."""
        response = self.page.goto(self.url(path), wait_until="load")
        assert response is not None and response.ok, f"{path}: HTTP {response.status if response else '?'}"
        return self.page

    def shot(self, label: str, full_page: bool = True) -> Path:
        """Save a screenshot ``test-artifacts/<test>--<label>.png``; returns its path."""
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{artifact_name(self.test_name)}--{artifact_name(label)}.png"
        self.page.screenshot(path=str(path), full_page=full_page)
        return path

    def external_requests(self) -> list[str]:
        """Every recorded request that would leave 127.0.0.1."""
        return [url for url in self.requests if not is_local(url)]

    def horizontal_overflow(self) -> int:
        """How many CSS pixels the page is wider than the viewport (0: no sideways scroll)."""
        return self.page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def new_tab(chromium, site_url, request):
    """Factory for tabs on the seed site: ``new_tab(phone=False, dark=False)``. At the end of
    the test every tab must have logged no error and requested nothing off 127.0.0.1."""
    tabs: list[Tab] = []

    def make(phone: bool = False, dark: bool = False, base_url: str | None = None) -> Tab:
        tab = Tab(chromium, base_url or site_url, request.node.name, phone=phone, dark=dark)
        tabs.append(tab)
        return tab

    yield make
    problems = []
    for tab in tabs:
        problems += [f"console error: {error}" for error in tab.errors]
        problems += [f"request off 127.0.0.1: {url}" for url in tab.external_requests()]
        tab.close()
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


class SitePages:
    """Paths of the built seed site's pages, found from the files MkDocs wrote."""

    def __init__(self, site: Path):
        self.site = site

    def exists(self, path: str) -> bool:
        """A directory URL like ``dossier/actors/jens-stoltenberg/`` has an index.html."""
        return (self.site / path / "index.html").is_file()

    def require(self, path: str, why: str) -> str:
        """``path`` if the site has it; otherwise skip with the precise reason."""
        if not self.exists(path):
            pytest.skip(f"the built seed site has no page {path} ({why})")
        return path

    def under(self, folder: str) -> list[str]:
        """Directory URLs of the pages directly below ``folder`` (not its index, nor list
        pages in folders starting with ``_``, which no slug does), sorted."""
        base = self.site / folder
        if not base.is_dir():
            return []
        return sorted(
            f"{folder.rstrip('/')}/{child.name}/"
            for child in base.iterdir()
            if not child.name.startswith("_") and (child / "index.html").is_file()
        )

    def all_pages(self) -> list[str]:
        """Every HTML page of the site as a URL path (directory URLs), except 404.html."""
        pages = []
        for html in sorted(self.site.rglob("index.html")):
            relative = html.parent.relative_to(self.site).as_posix()
            pages.append("" if relative == "." else relative + "/")
        return pages

    def text_of(self, path: str) -> str:
        """The HTML of a page, for deciding what a test expects."""
        return (self.site / path / "index.html").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def site_pages(seed_site) -> SitePages:
    return SitePages(seed_site)


ISSUE_3 = "actor, topic and quotes pages come from issue 3"


@pytest.fixture(scope="session")
def actor_page(site_pages) -> str:
    """The page of an actor the seeds cite often (Wladimir Putin), or a skip naming why not."""
    return site_pages.require("dossier/actors/wladimir-putin/", ISSUE_3)


@pytest.fixture(scope="session")
def topic_page(site_pages) -> str:
    """The page of the topic Sanktionen, or a skip naming why not."""
    return site_pages.require("dossier/topics/sanktionen/", ISSUE_3)


@pytest.fixture(scope="session")
def quotes_page(site_pages) -> str:
    """The quotes page, or a skip naming why not."""
    return site_pages.require("dossier/quotes/", ISSUE_3)


@pytest.fixture(scope="session")
def source_page(site_pages) -> str:
    """A source page: the first source in file order (seed 000)."""
    sources = site_pages.under("dossier/sources")
    assert sources, "the built seed site has no source pages"
    return sources[0]
