"""On a phone (390×844): the navigation opens from the header, leads to the sources, and an
actor page reads without scrolling sideways."""

from __future__ import annotations


def drawer_is_open(page) -> bool:
    """The primary navigation has slid in: the drawer toggle is on and the sidebar is on screen."""
    return page.evaluate(
        """() => {
            const toggle = document.getElementById('__drawer');
            const box = document.querySelector('.md-sidebar--primary').getBoundingClientRect();
            return toggle.checked && box.left >= -1 && box.right > 0 && box.right <= window.innerWidth + 1;
        }"""
    )


def test_navigation_opens_on_a_phone(new_tab, source_page):
    tab = new_tab(phone=True)
    page = tab.open(source_page)
    assert tab.horizontal_overflow() <= 0, "the source page scrolls sideways on a phone"
    page.locator("label.md-header__button[for='__drawer']").click()
    page.wait_for_function(
        """() => {
            const box = document.querySelector('.md-sidebar--primary').getBoundingClientRect();
            return document.getElementById('__drawer').checked && box.left >= -1;
        }"""
    )
    page.wait_for_timeout(400)  # the drawer's slide-in transition
    assert drawer_is_open(page)
    tab.shot("navigation-open", full_page=False)
    sources_link = page.locator(".md-sidebar--primary a.md-nav__link", has_text="Quellen").first
    sources_link.click()
    page.wait_for_url(tab.url("dossier/sources/"))
    page.locator("h1").wait_for(state="visible")
    assert not drawer_is_open(page), "the navigation stayed open after choosing a page"
    tab.shot("sources-index", full_page=False)


def test_actor_page_reads_without_sideways_scrolling(new_tab, actor_page):
    tab = new_tab(phone=True)
    page = tab.open(actor_page)
    page.locator("h1").wait_for(state="visible")
    tab.shot("actor", full_page=False)
    tab.shot("actor-full")
    overflow = tab.horizontal_overflow()
    assert overflow <= 0, f"{actor_page} is {overflow}px wider than a 390px phone screen"
    # Wide content (tables) may scroll inside its own box, never the page: nothing sticks out.
    sticking_out = page.evaluate(
        """() => [...document.querySelectorAll('.md-content *')]
            .filter(element => element.getBoundingClientRect().right > window.innerWidth + 1)
            .filter(element => !element.closest('.md-typeset__scrollwrap, .md-typeset__table, pre, .mermaid'))
            .map(element => element.tagName + '.' + element.className)
            .slice(0, 5)"""
    )
    assert not sticking_out, f"elements wider than the phone screen: {sticking_out}"
