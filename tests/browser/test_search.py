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
    page.wait_for_timeout(300)
    # Results are rendered in batches as the list scrolls; scroll until all are there.
    scroll = page.locator(".md-search__scrollwrap")
    count = -1
    while count != page.locator(RESULT_LINKS).count():
        count = page.locator(RESULT_LINKS).count()
        scroll.evaluate("element => element.scrollTo(0, element.scrollHeight)")
        page.wait_for_timeout(300)
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
