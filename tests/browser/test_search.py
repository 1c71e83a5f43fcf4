"""Search in German, in the browser: Material's search (lunr in a web worker, German
trimmer and stop words as configured in mkdocs.yml) finds inflected forms from their stem,
whole words, and words with umlauts."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import pytest

RESULT_LINKS = "li.md-search-result__item > a.md-search-result__link"


def pages_saying(site_pages, word: str, folder: str) -> set[str]:
    """Pages below ``folder`` whose HTML contains ``word`` as a whole word."""
    pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)")
    return {path for path in site_pages.under(folder) if pattern.search(site_pages.text_of(path))}


def search(tab, query: str) -> list[str]:
    """Type ``query`` into the search box like a reader and return the pages of all results,
    best first, as site paths (``dossier/sources/…/``). Waits for the search worker."""
    page = tab.page
    if tab.phone:
        page.locator("label.md-header__button[for='__search']").click()
    field = page.locator("input.md-search__input")
    field.click()
    field.fill("")
    field.press_sequentially(query, delay=30)
    meta = page.locator(".md-search-result__meta")
    # The worker first answers "Suche wird initialisiert"; then it names a count or "Keine".
    meta.filter(has_text=re.compile(r"Suchergebnis|Keine")).wait_for()
    # Every keystroke sent a query; wait until the answer to the last one stays put.
    previous, stable = None, 0
    for _ in range(50):
        text = meta.inner_text() + "|" + str(page.locator("li.md-search-result__item").count())
        stable = stable + 1 if text == previous else 0
        if stable >= 2:
            break
        previous = text
        page.wait_for_timeout(150)
    # "24 Suchergebnisse": one result per page. Material renders 10, then 4 more each time
    # the list is scrolled to its end (an edge, so scroll away and back); bounded.
    announced = re.search(r"\d+", meta.inner_text())
    total = int(announced.group(0)) if announced else 0
    scroll = page.locator(".md-search__scrollwrap")
    items = page.locator("li.md-search-result__item")
    for _ in range(total):
        if items.count() >= total:
            break
        scroll.evaluate("element => element.scrollTo(0, 0)")
        page.wait_for_timeout(100)
        scroll.evaluate("element => element.scrollTo(0, element.scrollHeight)")
        page.wait_for_timeout(300)
    assert items.count() == total, f"{total} results announced, {items.count()} shown"
    hrefs = page.locator(RESULT_LINKS).evaluate_all("links => links.map(link => link.href)")
    base = urlsplit(tab.base_url).path
    paths = []
    for href in hrefs:
        path = urlsplit(urljoin(page.url, href)).path
        path = path[len(base):] if path.startswith(base) else path
        if path not in paths:
            paths.append(path)
    return paths


def test_sanktion_finds_the_pages_that_say_sanktionen(new_tab, site_pages):
    expected = pages_saying(site_pages, "Sanktionen", "dossier/sources")
    assert expected, "the seed sources no longer say 'Sanktionen'"
    tab = new_tab()
    tab.open("")
    found = search(tab, "Sanktion")
    tab.shot(full_page=False, label="sanktion")
    missing = expected - set(found)
    assert not missing, f"'Sanktion' did not find {sorted(missing)}; results: {found}"


def test_the_whole_word_sanktionen_finds_them_too(new_tab, site_pages):
    """Material appends `*` to query words and lunr does not stem those: with a stemmed
    index (`sanktion`) the whole word `Sanktionen` would find nothing. Guards mkdocs.yml's
    search pipeline against that trap."""
    expected = pages_saying(site_pages, "Sanktionen", "dossier/sources")
    tab = new_tab()
    tab.open("")
    found = search(tab, "Sanktionen")
    tab.shot(full_page=False, label="sanktionen")
    missing = expected - set(found)
    assert not missing, f"'Sanktionen' did not find {sorted(missing)}; results: {found}"


def test_word_with_umlaut_is_found(new_tab, site_pages):
    expected = pages_saying(site_pages, "Pjöngjang", "dossier/sources")
    assert expected, "the seed sources no longer say 'Pjöngjang'"
    tab = new_tab()
    tab.open("")
    found = search(tab, "Pjöngjang")
    tab.shot(full_page=False, label="pjoengjang")
    missing = expected - set(found)
    assert not missing, f"'Pjöngjang' did not find {sorted(missing)}; results: {found}"


def test_stoltenberg_lists_his_actor_page_first(new_tab, site_pages):
    actor = site_pages.require("dossier/actors/jens-stoltenberg/", "actor pages come from issue 3")
    tab = new_tab()
    tab.open("")
    found = search(tab, "Stoltenberg")
    tab.shot(full_page=False, label="stoltenberg")
    assert found, "'Stoltenberg' found nothing"
    assert found[0] == actor, f"first result for 'Stoltenberg' is {found[0]}, not {actor}; results: {found}"


@pytest.mark.parametrize("query", ["Sanktion"])
def test_search_on_a_phone(new_tab, site_pages, query):
    """The search opens from the header's magnifier on a phone and lists results."""
    tab = new_tab(phone=True)
    tab.open("")
    found = search(tab, query)
    tab.shot(full_page=False, label="search-phone")
    assert found, f"'{query}' found nothing on a phone"
    assert tab.horizontal_overflow() <= 0
