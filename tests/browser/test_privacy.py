"""No errors, no tracking: every page of the seed site loads without a console error and
without a single request that leaves 127.0.0.1 (fonts, icons, scripts, diagrams, search)."""

from __future__ import annotations

import re

from browsing import is_local


def test_every_page_loads_without_errors_or_requests_elsewhere(new_tab, site_pages):
    pages = site_pages.all_pages()
    assert len(pages) >= 5, f"the seed site has only {pages}"
    tab = new_tab()
    for path in pages:
        page = tab.open(path)
        page.wait_for_load_state("networkidle")
    # Search loads the index and the German language support in a worker: use it once.
    field = tab.page.locator("input.md-search__input")
    field.click()
    field.press_sequentially("Pjöngjang", delay=20)
    tab.page.locator(".md-search-result__meta").filter(has_text=re.compile(r"Suchergebnis|Keine")).wait_for()
    tab.page.wait_for_load_state("networkidle")
    tab.shot("last-page-with-search", full_page=False)
    elsewhere = sorted({url for url in tab.requests if not is_local(url)})
    assert not elsewhere, f"requests leaving 127.0.0.1: {elsewhere}"
    assert not tab.errors, "console errors:\n" + "\n".join(tab.errors)
    assert any("search_index.json" in url for url in tab.requests), "the search index was never requested"


def test_pages_request_no_fonts_or_scripts_from_elsewhere(site_pages):
    """The built HTML itself names no stylesheet, script or font on another host (the
    browser check above only sees what one visit loads)."""
    reference = re.compile(r'<(?:script|link|img|iframe)\b[^>]*?\b(?:src|href)="(https?:)?//([^"/]+)', re.IGNORECASE)
    offenders = {}
    for path in site_pages.all_pages():
        html = site_pages.text_of(path)
        for tag in re.finditer(r"<(?:script|link|img|iframe)\b[^>]*>", html, re.IGNORECASE):
            match = reference.match(tag.group(0))
            if match and not tag.group(0).lower().startswith("<link rel=\"canonical\""):
                offenders.setdefault(path, []).append(tag.group(0)[:120])
    assert not offenders, f"pages loading resources from other hosts: {offenders}"


def test_site_ships_its_own_mermaid_and_every_page_loads_the_stand_in(site_pages):
    """Material fetches Mermaid from a CDN unless a global `mermaid` exists: every page must
    load the dossier's stand-in, and the site must carry the Mermaid it loads."""
    assets = site_pages.site / "assets" / "dossier"
    assert (assets / "mermaid.min.js").stat().st_size > 1_000_000
    assert "mermaid.min.js" in (assets / "mermaid-loader.js").read_text(encoding="utf-8")
    without = [path for path in site_pages.all_pages() if 'assets/dossier/mermaid-loader.js"' not in site_pages.text_of(path)]
    assert not without, f"pages without the Mermaid stand-in: {without}"


def test_search_dialog_has_a_name(site_pages):
    """axe-core's aria-dialog-name: Material's search dialog is named by the plugin."""
    html = site_pages.text_of("")
    assert re.search(r'<div class="md-search" data-md-component="search" role="dialog" aria-label="Suche"', html)
