"""Live preview: ``mkdocs serve`` on a copy of the seed dossier rebuilds when a new article
lands in the sources folder, and the open page reloads itself and lists it within seconds.
This fails if live reload is off (Click >= 8.2.2 turns it off with MkDocs 1.6, which is why
pyproject.toml pins ``click<8.2.2``)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from browsing import copy_seed_dossier, mkdocs_env

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


@pytest.fixture
def live_server(tmp_path):
    """``mkdocs serve`` (default options, so live reload as a user gets it) on a free port,
    in a temp copy of the seed dossier; yields (base URL, dossier folder)."""
    project = copy_seed_dossier(tmp_path / "dossier")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
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
