"""A reader's tour: home, sources, a source, an actor, a topic, the quotes and the search,
on a desktop and on a phone. Each page is screenshotted (test-artifacts/) for a person to
look at, has its title in view, and never scrolls sideways."""

from __future__ import annotations

import pytest

from test_search import search

KINDS = ["home", "sources", "source", "actor", "topic", "quotes"]


def tour_paths(request, site_pages) -> tuple[dict[str, str], list[str]]:
    """The page of each kind the site has, and the kinds it lacks (with the reason)."""
    paths, missing = {"home": "", "sources": "dossier/sources/"}, []
    for kind in KINDS[2:]:
        try:
            paths[kind] = request.getfixturevalue(f"{kind}_page")
        except pytest.skip.Exception as skip:
            missing.append(f"{kind}: {skip.msg}")
    return paths, missing


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_reader_tour(new_tab, site_pages, request, device):
    paths, missing = tour_paths(request, site_pages)
    tab = new_tab(phone=device == "phone")
    for kind, path in paths.items():
        page = tab.open(path)
        page.wait_for_load_state("networkidle")
        title = page.locator("article h1").first
        title.wait_for(state="visible")
        assert title.inner_text().strip(), f"{kind} page {path} has an empty title"
        tab.shot(kind, full_page=False)
        tab.shot(f"{kind}-full")
        overflow = tab.horizontal_overflow()
        assert overflow <= 0, f"{kind} page {path} is {overflow}px too wide on a {device}"
    tab.open("")
    assert search(tab, "Putin"), "searching 'Putin' found nothing"
    tab.shot("search", full_page=False)
    if missing:
        pytest.skip("tour incomplete, the site lacks: " + "; ".join(missing))
