"""Citations, in the browser: a footnote on an actor page shows its text as a tooltip, its
link lands on the cited paragraph of the source page, visibly highlighted, and the browser's
back button returns to the footnote."""

from __future__ import annotations

import re

# A footnote whose text links to a paragraph anchor of a source page.
CITING_FOOTNOTE = ".footnote li[id^='fn'] a[href*='/sources/'][href*='#p']"


def in_viewport(page, selector: str) -> bool:
    """The element's box overlaps the visible part of the window, below the fixed header."""
    return page.evaluate(
        """selector => {
            const box = document.querySelector(selector).getBoundingClientRect();
            const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
            return box.bottom > header && box.top < window.innerHeight;
        }""",
        selector,
    )


def css_id(element_id: str) -> str:
    """A CSS selector for an element id (footnote ids contain a colon)."""
    return "#" + re.sub(r"([^A-Za-z0-9_-])", r"\\\1", element_id)


def test_footnote_tooltip_target_and_way_back(new_tab, actor_page):
    tab = new_tab()
    page = tab.open(actor_page)
    citation = page.locator(CITING_FOOTNOTE).first
    assert citation.count() == 1, f"{actor_page} has no footnote citing a source paragraph"
    footnote_id = citation.evaluate("link => link.closest('li').id")
    # Material's instant navigation makes every href absolute: match the end.
    reference = page.locator(f"a.footnote-ref[href$='#{footnote_id}']").first
    reference_id = reference.evaluate("link => link.closest('sup').id")
    footnote_text = page.locator(css_id(footnote_id)).inner_text().replace("↩", "").strip()

    # Hovering the footnote number shows the footnote as a tooltip.
    reference.scroll_into_view_if_needed()
    reference.hover()
    tooltip = page.locator(".md-tooltip2--active").first
    tooltip.wait_for(state="visible")
    page.wait_for_function("() => getComputedStyle(document.querySelector('.md-tooltip2--active')).opacity === '1'")
    tooltip_text = tooltip.inner_text().replace("↩", "").strip()
    assert tooltip_text == footnote_text, f"tooltip {tooltip_text!r} is not the footnote {footnote_text!r}"
    tab.shot("tooltip", full_page=False)

    # The reader follows the footnote number, then the citation to the source.
    page.mouse.move(0, 0)
    reference.click()
    page.wait_for_url(re.compile(re.escape(f"#{footnote_id}") + "$"))
    actor_url_with_footnote = page.url
    href = citation.get_attribute("href")
    anchor = href.rsplit("#", 1)[1]
    citation.click()
    page.wait_for_url(re.compile(r"/sources/[^/]+/#" + re.escape(anchor) + "$"))
    paragraph = page.locator(f"#{anchor}")
    paragraph.wait_for(state="visible")
    page.wait_for_timeout(400)  # the highlight fades in (CSS transition)
    style = paragraph.evaluate(
        """element => ({
            target: element.matches(':target'),
            background: getComputedStyle(element).backgroundColor,
            border: getComputedStyle(element).borderLeftColor,
            accent: getComputedStyle(document.body).getPropertyValue('--md-accent-fg-color').trim(),
            page: getComputedStyle(document.querySelector('.md-main')).backgroundColor,
        })"""
    )
    assert style["target"], f"#{anchor} is not the :target after following the citation"
    assert style["background"] not in ("rgba(0, 0, 0, 0)", "transparent", style["page"]), f"#{anchor} is not highlighted: {style}"
    assert style["border"] not in ("rgba(0, 0, 0, 0)", "transparent"), f"#{anchor} has no visible marker: {style}"
    assert in_viewport(page, f"#{anchor}"), f"#{anchor} is not scrolled into view below the header"
    tab.shot("cited-paragraph", full_page=False)

    # The way back: the browser's back button returns to the footnote on the actor page.
    page.go_back()
    page.wait_for_url(actor_url_with_footnote)
    page.locator(css_id(footnote_id)).wait_for(state="visible")
    page.wait_for_timeout(400)
    assert in_viewport(page, css_id(footnote_id)), "after going back the footnote is not in view"
    tab.shot("back", full_page=False)

    # And the footnote's own back link (one per place that cites it) returns to the citation.
    page.locator(f"{css_id(footnote_id)} a.footnote-backref[href$='#{reference_id}']").click()
    page.wait_for_url(re.compile(re.escape(f"#{reference_id}") + "$"))
    page.wait_for_timeout(400)
    assert in_viewport(page, css_id(reference_id)), "the footnote's back link did not return to the citation"
