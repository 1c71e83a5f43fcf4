"""Live preview: ``mkdocs serve`` on a copy of the seed dossier rebuilds when a new article
lands in the sources folder, and the open page reloads itself and lists it within seconds.
This fails if live reload is off (Click >= 8.2.2 turns it off with MkDocs 1.6, which is why
pyproject.toml pins ``click<8.2.2``).

``mkdocs serve --dirty`` (what the README recommends for large dossiers) rebuilds only the
pages whose Markdown changed: an edited source shows on its open page, the home page shows
the new counts, an edit of ``docs/index.md`` shows too, and search still finds the pages
that were not rebuilt."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from browsing import copy_seed_dossier, mkdocs_env
from test_search import search

START_TIMEOUT_S = 120
RELOAD_TIMEOUT_MS = 20_000
NEW_TITLE = "Testmeldung zur Livevorschau aus Wladiwostok"
NEW_ARTICLE = f"""date 2024-06-20
{NEW_TITLE}

Wladiwostok (dpa) – Dieser Artikel wurde während des Tests in den Quellenordner gelegt.
Die Vorschau soll ihn ohne Neustart des Servers zeigen.
"""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_serving(url: str, server: subprocess.Popen) -> None:
    """Poll ``url`` until the server answers (bounded); fail with its output if it dies."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"mkdocs serve exited with {server.returncode}:\n{server.stdout.read()}", pytrace=False)
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"mkdocs serve did not answer on {url} within {START_TIMEOUT_S}s", pytrace=False)


@contextmanager
def serving(folder: Path, *options: str):
    """``mkdocs serve`` with ``options`` (live reload on, as a user gets it) on a free port,
    in a temp copy of the seed dossier; yields (base URL, dossier folder)."""
    project = copy_seed_dossier(folder)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", *options],
        cwd=project, env=mkdocs_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    base_url = f"http://127.0.0.1:{port}/"
    try:
        wait_until_serving(base_url + "dossier/sources/", server)
        yield base_url, project
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture
def live_server(tmp_path):
    with serving(tmp_path / "dossier") as server:
        yield server


@pytest.fixture
def dirty_server(tmp_path):
    with serving(tmp_path / "dossier", "--dirty") as server:
        yield server


def test_new_source_appears_in_the_open_page(new_tab, live_server):
    base_url, project = live_server
    tab = new_tab(base_url=base_url)
    page = tab.open("dossier/sources/")
    assert NEW_TITLE not in page.locator("article").inner_text()
    (project / "seeds" / "900_livevorschau.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    written = time.monotonic()
    # No manual reload: MkDocs' live reload must rebuild and reload the page by itself.
    page.locator("article a", has_text=NEW_TITLE).wait_for(timeout=RELOAD_TIMEOUT_MS)
    seconds = time.monotonic() - written
    tab.shot("new-source-listed", full_page=False)
    print(f"new source listed {seconds:.1f}s after it was written")
    page.locator("article a", has_text=NEW_TITLE).click()
    page.locator("h1", has_text=NEW_TITLE).wait_for()
    tab.shot("new-source-page", full_page=False)


EDITED_SOURCE = "003_d349342649c47bb0.txt"  # a seed; its page is the one the reader has open
UNCHANGED_TITLE_WORD = "Kriegsaggression"  # in the text of other seeds, not of the edited one
HOME_NOTE = "Hinweis der Redaktion: Die Vorschau zeigt auch Änderungen an dieser Seite."
ADDED_PARAGRAPH = "Nachtrag zur Livevorschau: Das Kosmodrom Wostotschny wurde erneut besichtigt."


def paragraphs_on_home(tab) -> int:
    """The paragraph count the home page shows ("Absätze" in its table)."""
    row = tab.page.locator("article tr", has_text="Absätze")
    return int(row.locator("td").last.inner_text().replace(".", ""))


def source_page_of(project: Path, file_name: str) -> str:
    """The site path of the page of source ``file_name``, from dossier.json."""
    data = json.loads((project / "docs/dossier/dossier.json").read_text(encoding="utf-8"))
    return next(source["page"] for source in data["sources"] if source["path"] == file_name)


def test_dirty_serve_shows_an_edited_source_and_keeps_search(new_tab, dirty_server):
    base_url, project = dirty_server
    tab = new_tab(base_url=base_url)
    tab.open("")
    home_paragraphs = paragraphs_on_home(tab)
    others = {source_page_of(project, p.name) for p in (project / "seeds").iterdir() if p.name != EDITED_SOURCE}
    edited = source_page_of(project, EDITED_SOURCE)
    unchanged_found = others & set(search(tab, UNCHANGED_TITLE_WORD))
    assert unchanged_found, f"{UNCHANGED_TITLE_WORD!r} is not on the other seeds' pages any more"
    page = tab.open(edited)
    assert ADDED_PARAGRAPH not in page.locator("article").inner_text()
    with (project / "seeds" / EDITED_SOURCE).open("a", encoding="utf-8") as source:
        source.write(f"\n\n{ADDED_PARAGRAPH}\n")
    written = time.monotonic()
    page.locator("article p", has_text=ADDED_PARAGRAPH).wait_for(timeout=RELOAD_TIMEOUT_MS)
    print(f"edited source shown {time.monotonic() - written:.1f}s after it was written (serve --dirty)")
    tab.shot("edited-source", full_page=False)
    # The home page was not edited, but its generated block was: it must show the new count.
    tab.open("")
    assert paragraphs_on_home(tab) == home_paragraphs + 1
    # A hand-written page in docs/ is still watched (the plugin only stops watching its output).
    with (project / "docs" / "index.md").open("a", encoding="utf-8") as home:
        home.write(f"\n{HOME_NOTE}\n")
    tab.page.locator("article p", has_text=HOME_NOTE).wait_for(timeout=RELOAD_TIMEOUT_MS)
    # Search: the edited page with its new words, and the pages this rebuild did not touch.
    assert edited in search(tab, "Kosmodrom Wostotschny besichtigt")
    found = search(tab, UNCHANGED_TITLE_WORD)
    assert unchanged_found <= set(found), f"after a dirty rebuild, {UNCHANGED_TITLE_WORD!r} finds only {found}"
