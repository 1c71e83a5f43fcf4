"""Accessibility: axe-core finds no serious or critical violation on the home page, an actor,
a topic, a source and the quotes page, in the light and in the dark colour scheme.

axe-core comes from the PyPI package ``axe-playwright-python`` (test extra), which ships
``axe.min.js``; the test injects that file itself and runs ``axe.run`` in the page."""

from __future__ import annotations

from importlib import resources

import pytest

BLOCKING = {"serious", "critical"}
PAGES = ["home", "actor", "topic", "source", "quotes"]


@pytest.fixture(scope="session")
def axe_source() -> str:
    """The text of axe.min.js from the installed axe-playwright-python package."""
    try:
        return resources.files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")
    except ModuleNotFoundError:
        pytest.fail("axe-core is missing: pip install -e '.[test]' (axe-playwright-python)", pytrace=False)


def page_for(kind: str, request) -> str:
    """The site path of the page of the given kind (skips precisely when the site lacks it)."""
    if kind == "home":
        return ""
    return request.getfixturevalue(f"{kind}_page")


def describe(violations: list[dict]) -> str:
    """One line per violation and affected element, for the failure message."""
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {node['target']}: {node.get('failureSummary', '').splitlines()[-1:]}")
    return "\n".join(lines)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", PAGES)
def test_no_serious_accessibility_violations(new_tab, axe_source, request, kind, scheme):
    path = page_for(kind, request)
    tab = new_tab(dark=scheme == "dark")
    page = tab.open(path)
    page.wait_for_load_state("networkidle")
    page.evaluate(axe_source)
    results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    blocking = [violation for violation in results["violations"] if violation["impact"] in BLOCKING]
    tab.shot(f"{kind}-{scheme}", full_page=False)
    assert not blocking, f"axe-core on {path or 'home'} ({scheme}):\n{describe(blocking)}"


def check_pages(tab, axe_source: str, paths: list[str]) -> list[str]:
    """axe-core on each page; one entry per page with serious or critical violations."""
    failures = []
    for path in paths:
        page = tab.open(path)
        page.evaluate(axe_source)
        results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
        blocking = [violation for violation in results["violations"] if violation["impact"] in BLOCKING]
        if blocking:
            failures.append(f"{path or 'home'}:\n{describe(blocking)}")
    return failures


def test_every_page_has_no_serious_violations(new_tab, axe_source, site_pages):
    """Every page of the seed site (actors, topics, indexes, discrepancies, timeline, tags,
    report …) in the light scheme."""
    failures = check_pages(new_tab(), axe_source, site_pages.all_pages())
    assert not failures, "axe-core:\n" + "\n".join(failures)


def test_every_source_page_has_no_serious_violations_in_the_dark(new_tab, axe_source, site_pages):
    """Source pages differ (headings, off-topic paragraphs, images as links): all of them,
    dark scheme."""
    sources = site_pages.under("dossier/sources")
    assert sources, "the built seed site has no source pages"
    failures = check_pages(new_tab(dark=True), axe_source, sources)
    assert not failures, "axe-core:\n" + "\n".join(failures)
