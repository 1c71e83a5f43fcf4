"""No analysis page lists everything: the quotes, discrepancies and timeline pages are
split like the actor and topic pages (``citations.chunked``, ``page_links``), and nothing
is lost on the way."""

from __future__ import annotations

import re

import pytest

from .conftest import make_dossier
from .test_entity_pages import check_links, mkdocs_build
from dossier_build.build import build
from dossier_build.model import Discrepancy, Dossier, Paragraph, PassageRef, Source
from dossier_build.render.actors import QUOTES_SHOWN
from dossier_build.render.citations import ALL_PAGE_LINKS, PAGE_SIZE, page_links
from dossier_build.render.discrepancies import DISCREPANCIES_PER_PAGE, render_discrepancy_pages
from dossier_build.render.graph import render_timeline_pages

QUOTED = PAGE_SIZE + 25  # one more page than fits
YML = "title: T\nsources: sources\noutput: docs/dossier\nactors:\n  - name: Erika Muster\n    kind: person\n"


def numbered(n: int) -> str:
    """A number as letters only (a quote per number, unlike any other)."""
    return "".join("abcdefghij"[int(d)] for d in str(n))


@pytest.fixture(scope="module")
def quoted(tmp_path_factory):
    """A dossier of QUOTED dated sources, each with a quote of its own by one listed actor."""
    root = tmp_path_factory.mktemp("quoted")
    files = {}
    for n in range(QUOTED):
        day = f"2024-{n % 12 + 1:02d}-{n % 28 + 1:02d}"
        files[f"q{n:03d}.txt"] = f'date {day} Bericht {numbered(n)}\n\n"Wir halten Kurs {numbered(n)}, was auch immer kommt", sagte Erika Muster am Abend.\n'
    config = make_dossier(root, files, YML)
    return root, build(config)


def page_items(text: str) -> list[str]:
    return re.findall(r"^- „(.*?)“", text, re.M)


def test_quotes_are_split_into_linked_pages_and_none_is_lost(quoted):
    root, result = quoted
    output = root / "docs" / "dossier"
    first, second = (output / "quotes.md").read_text(encoding="utf-8"), (output / "quotes--2.md").read_text(encoding="utf-8")
    assert not (output / "quotes--3.md").exists()
    assert "[2](quotes--2.md)" in first and "[1](quotes.md)" in second
    assert "# Zitate (Seite 2)" in second
    assert second.count("## Erika Muster {: #erika-muster }") == 1  # the speaker is named again on the next page
    items = page_items(first) + page_items(second)
    assert len(page_items(first)) == PAGE_SIZE and len(items) == QUOTED
    assert sorted(items) == sorted(f"Wir halten Kurs {numbered(n)}, was auch immer kommt" for n in range(QUOTED))
    for page in (first, second):  # footnotes are numbered per page, each defined there
        cited = set(re.findall(r"\[\^(\d+)\](?!:)", page))
        defined = set(re.findall(r"^\[\^(\d+)\]:", page, re.M))
        assert cited == defined and len(defined) == len(page_items(page))


def test_the_actor_page_shows_some_quotes_and_links_all(quoted):
    root, _ = quoted
    page = (root / "docs" / "dossier" / "actors" / "erika-muster.md").read_text(encoding="utf-8")
    start = page.index("## Zitate")
    shown = page_items(page[start : page.index("\n## ", start + 1)])
    assert len(shown) == QUOTES_SHOWN
    assert f"[Zitate](../quotes.md#erika-muster) ({QUOTED - QUOTES_SHOWN} weitere)" in page


def test_the_timeline_is_split_and_every_source_is_on_it(quoted):
    root, result = quoted
    output = root / "docs" / "dossier"
    pages = sorted(output.glob("timeline*.md"))
    assert [p.name for p in pages] == ["timeline--2.md", "timeline.md"]
    rows = [line for page in pages for line in page.read_text(encoding="utf-8").splitlines() if line.startswith("| ") and "](sources/" in line]
    assert len(rows) == len(result.dossier.analysis["timeline"]) >= QUOTED
    assert all(len([l for l in p.read_text(encoding="utf-8").splitlines() if "](sources/" in l]) <= PAGE_SIZE for p in pages)


@pytest.mark.slow
def test_split_pages_build_with_mkdocs_strict(quoted):
    root, _ = quoted
    assert check_links(root / "docs" / "dossier") >= QUOTED  # every link and anchor, quotes#erika-muster too
    mkdocs_build(root)
    assert (root / "site" / "dossier" / "quotes--2" / "index.html").is_file()
    html = (root / "site" / "dossier" / "quotes" / "index.html").read_text(encoding="utf-8")
    assert 'id="erika-muster"' in html


def _dossier_with_discrepancies(count: int) -> Dossier:
    sentence = "Die Zahl der Toten stieg auf 12."
    sources = [Source(id=f"s{n}", path=f"s{n}.txt", format="text", encoding="utf-8", title=f"T{n}", blocks=[Paragraph("p1", sentence, sentences=[sentence])]) for n in range(2)]
    dossier = Dossier(title="t", description=None, language="de", sources=sources)
    dossier.discrepancies = [
        Discrepancy("number" if n % 3 else "name", f"d{n}", [PassageRef("s0", "p1", sentence), PassageRef("s1", "p1", sentence)], [f"{n}", f"{n + 1}"]) for n in range(count)
    ]
    return dossier


def test_discrepancies_are_split_numbered_per_page_and_none_is_lost():
    count = 2 * DISCREPANCIES_PER_PAGE + 7
    dossier = _dossier_with_discrepancies(count)
    pages = render_discrepancy_pages(dossier)
    assert list(pages) == ["discrepancies.md", "discrepancies--2.md", "discrepancies--3.md"]
    entries = [re.findall(r"^(\d+)\. „(\d+)“ ≠", text, re.M) for text in pages.values()]
    assert [len(e) for e in entries] == [DISCREPANCIES_PER_PAGE, DISCREPANCIES_PER_PAGE, 7]
    assert sorted(int(value) for page in entries for _, value in page) == list(range(count))
    second = pages["discrepancies--2.md"]
    assert "## Zahlen (" in second and second.index("## Zahlen (") < second.index("1. „")  # the kind is named again
    assert entries[1][0][0] == "1"  # numbered on the page: Markdown shows every list from 1
    assert "[1](discrepancies.md) · **2** · [3](discrepancies--3.md)" in second
    assert "Stellen, an denen" in pages["discrepancies.md"] and "Stellen, an denen" not in second


def test_small_lists_stay_on_one_page():
    assert list(render_discrepancy_pages(_dossier_with_discrepancies(3))) == ["discrepancies.md"]
    dossier = _dossier_with_discrepancies(0)
    assert list(render_timeline_pages(dossier)) == ["timeline.md"]


def test_page_links_do_not_grow_with_the_pages():
    assert page_links("topics/x", 3, 2, "de") == "Seiten: [1](x.md) · **2** · [3](x--3.md)\n\n"
    assert page_links("x", ALL_PAGE_LINKS, 1, "de").count("](") == ALL_PAGE_LINKS - 1
    many = page_links("x", 500, 250, "de")
    assert many == "Seiten: [1](x.md) · … · [248](x--248.md) · [249](x--249.md) · **250** · [251](x--251.md) · [252](x--252.md) · … · [500](x--500.md)\n\n"
    assert len(page_links("x", 50_000, 25_000, "de")) < 2 * len(many)
    assert page_links("x", 500, 1, "de").startswith("Seiten: **1** · [2](x--2.md) · [3](x--3.md) · … · [500]")
