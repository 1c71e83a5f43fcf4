"""No analysis page lists everything: the quotes, discrepancies and timeline pages are
split by period like the actor and topic pages (``render.periods``), and nothing is lost
on the way."""

from __future__ import annotations

import re

import pytest

from .conftest import make_dossier
from .test_entity_pages import check_links, mkdocs_build
from dossier_build.build import build
from dossier_build.model import Discrepancy, Dossier, Paragraph, PartialDate, PassageRef, Source
from dossier_build.render.actors import QUOTES_SHOWN
from dossier_build.render.citations import PAGE_SIZE
from dossier_build.render.periods import ALL_PAGE_LINKS, period_links, period_overview, split_by_period
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


def quote_pages(output):
    return sorted(output.glob("quotes--*.md"))


def test_quotes_are_split_by_month_into_linked_pages_and_none_is_lost(quoted):
    root, result = quoted
    output = root / "docs" / "dossier"
    first = (output / "quotes.md").read_text(encoding="utf-8")
    pages = quote_pages(output)
    assert [p.name for p in pages] == sorted(f"quotes--2024-{m:02d}.md" for m in range(1, 13))  # 2024 has > PAGE_SIZE: by month
    assert page_items(first) == []  # the first page lists the periods
    assert "- **2024**: [Januar](quotes--2024-01.md) (19 Zitate) · [Februar](quotes--2024-02.md)" in first
    march = (output / "quotes--2024-03.md").read_text(encoding="utf-8")
    assert "# Zitate: März 2024" in march
    assert "[Übersicht](quotes.md) · ← [Februar 2024](quotes--2024-02.md) · [April 2024](quotes--2024-04.md) →" in march
    items = []
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert text.count("## Erika Muster {: #erika-muster }") == 1  # the speaker is named on every page
        items += page_items(text)
        cited = set(re.findall(r"\[\^(\d+)\](?!:)", text))  # footnotes are numbered per page, each defined there
        defined = set(re.findall(r"^\[\^(\d+)\]:", text, re.M))
        assert cited == defined and len(defined) == len(page_items(text))
    assert sorted(items) == sorted(f"Wir halten Kurs {numbered(n)}, was auch immer kommt" for n in range(QUOTED))
    assert all(f"Kurs {numbered(n)}," in march for n in range(2, QUOTED, 12))  # each quote on its source's month


def test_the_actor_page_shows_some_quotes_and_links_all(quoted):
    root, _ = quoted
    page = (root / "docs" / "dossier" / "actors" / "erika-muster.md").read_text(encoding="utf-8")
    start = page.index("## Zitate")
    shown = page_items(page[start : page.index("\n## ", start + 1)])
    assert len(shown) == QUOTES_SHOWN
    assert f"[Zitate](../quotes--2024-01.md#erika-muster) ({QUOTED - QUOTES_SHOWN} weitere)" in page  # the first period quoting her


def test_the_timeline_is_split_by_month_and_every_source_is_on_it(quoted):
    root, result = quoted
    output = root / "docs" / "dossier"
    pages = sorted(output.glob("timeline--*.md"))
    assert [p.name for p in pages] == sorted(f"timeline--2024-{m:02d}.md" for m in range(1, 13))
    overview = (output / "timeline.md").read_text(encoding="utf-8")
    assert "](sources/" not in overview and "[Dezember](timeline--2024-12.md)" in overview
    rows = [line for page in pages for line in page.read_text(encoding="utf-8").splitlines() if line.startswith("| ") and "](sources/" in line]
    assert len(rows) == len(result.dossier.analysis["timeline"]) >= QUOTED
    june = (output / "timeline--2024-06.md").read_text(encoding="utf-8")
    assert all(line.startswith("| 06.2024") or "2024-06" in line or ".06.2024" in line for line in june.splitlines() if "](sources/" in line)


@pytest.mark.slow
def test_split_pages_build_with_mkdocs_strict(quoted):
    root, _ = quoted
    assert check_links(root / "docs" / "dossier") >= QUOTED  # every link and anchor, quotes--2024-01#erika-muster too
    mkdocs_build(root)
    assert (root / "site" / "dossier" / "quotes--2024-02" / "index.html").is_file()
    html = (root / "site" / "dossier" / "quotes--2024-01" / "index.html").read_text(encoding="utf-8")
    assert 'id="erika-muster"' in html


def _dossier_with_discrepancies(count: int, dated: bool = False) -> Dossier:
    """Two sources sharing a sentence, and ``count`` discrepancies between them; with
    ``dated``, the first source is dated 2024-03 and the second undated."""
    sentence = "Die Zahl der Toten stieg auf 12."
    sources = [Source(id=f"s{n}", path=f"s{n}.txt", format="text", encoding="utf-8", title=f"T{n}", blocks=[Paragraph("p1", sentence, sentences=[sentence])]) for n in range(2)]
    if dated:
        sources[0].date = PartialDate(2024, 3)
    dossier = Dossier(title="t", description=None, language="de", sources=sources)
    dossier.discrepancies = [
        Discrepancy("number" if n % 3 else "name", f"d{n}", [PassageRef("s1", "p1", sentence), PassageRef("s0", "p1", sentence)], [f"{n}", f"{n + 1}"]) for n in range(count)
    ]
    return dossier


def test_discrepancies_are_split_by_period_numbered_per_page_and_none_is_lost():
    count = 2 * DISCREPANCIES_PER_PAGE + 7
    pages = render_discrepancy_pages(_dossier_with_discrepancies(count, dated=True))
    assert list(pages) == ["discrepancies.md", "discrepancies--2024-03.md", "discrepancies--2024-03--2.md", "discrepancies--2024-03--3.md"]
    entries = [re.findall(r"^(\d+)\. „(\d+)“ ≠", text, re.M) for text in pages.values()]
    assert [len(e) for e in entries] == [0, DISCREPANCIES_PER_PAGE, DISCREPANCIES_PER_PAGE, 7]
    assert sorted(int(value) for page in entries for _, value in page) == list(range(count))
    second = pages["discrepancies--2024-03--2.md"]
    assert second.index("## Namen (") < second.index("1. „") < second.index("## Zahlen (")  # in passage order, by kind on the page
    assert "## Zahlen (67)" in second and entries[2][0][0] == "1"  # counted and numbered on the page: Markdown shows every list from 1
    assert "Teile: [1](discrepancies--2024-03.md) · **2** · [3](discrepancies--2024-03--3.md)" in second
    assert "# Abweichungen: März 2024 (Teil 2)" in second
    assert "Stellen, an denen" in pages["discrepancies.md"] and "Stellen, an denen" not in second
    assert "- **2024**: [März](discrepancies--2024-03.md) (207 Abweichungen; Teile: [1](discrepancies--2024-03.md)" in pages["discrepancies.md"]
    undated = render_discrepancy_pages(_dossier_with_discrepancies(count))  # no side dated
    assert list(undated)[1:3] == ["discrepancies--undatiert.md", "discrepancies--undatiert--2.md"]
    assert all(re.fullmatch(r"discrepancies--undatiert(--\d+)?\.md", name) for name in list(undated)[1:])
    undated_entries = [re.findall(r"^(\d+)\. „(\d+)“ ≠", text, re.M) for name, text in undated.items() if name != "discrepancies.md"]
    assert all(0 < len(e) <= DISCREPANCIES_PER_PAGE for e in undated_entries) and sum(map(len, undated_entries)) == count


def test_small_lists_stay_on_one_page():
    assert list(render_discrepancy_pages(_dossier_with_discrepancies(3))) == ["discrepancies.md"]
    dossier = _dossier_with_discrepancies(0)
    assert list(render_timeline_pages(dossier)) == ["timeline.md"]


def _dated(year: int | None, month: int | None = None) -> PartialDate | None:
    return None if year is None else PartialDate(year, month)


def test_the_period_rule():
    """A year up to the page size is one page, a larger one is split by month (year-only
    dates under month 00), a larger month in parts; undated last, in parts too."""
    items = [_dated(2020)] * 3 + [_dated(2021, 5)] * 5 + [_dated(2021)] * 2 + [_dated(2021, 2)] * 2 + [None] * 5
    pages = split_by_period(items, lambda date: date, 4)
    assert [page.slug for page in pages] == ["2020", "2021-00", "2021-02", "2021-05", "2021-05--2", "undatiert", "undatiert--2"]
    assert [len(page.items) for page in pages] == [3, 2, 2, 4, 1, 4, 1]
    assert [page.label("de") for page in pages] == ["2020", "2021 (ohne Monat)", "Februar 2021", "Mai 2021 (Teil 1)", "Mai 2021 (Teil 2)", "undatiert (Teil 1)", "undatiert (Teil 2)"]
    assert pages[2].label("en") == "February 2021"
    assert split_by_period([], lambda date: date, 4) == []


def test_an_item_added_changes_only_its_period():
    """Items added to one month leave every other page's items as they were (count-based
    pages would shift every later page)."""
    items = [_dated(2021, month) for month in range(1, 13) for _ in range(30)]
    before = {page.slug: page.items for page in split_by_period(items, lambda date: date, 200)}
    items.insert(0, _dated(2021, 6))  # out of order: grouping, not position, decides
    after = {page.slug: page.items for page in split_by_period(items, lambda date: date, 200)}
    assert set(before) == set(after) and [slug for slug in after if after[slug] != before[slug]] == ["2021-06"]


def test_period_links_do_not_grow_with_the_parts():
    pages = split_by_period([_dated(2024, 3)] * 5000 + [_dated(2024, 4)], lambda date: date, 10)
    assert len(pages) == 501
    links = period_links("x", pages, 250, "x.md", "de")
    assert links.startswith("[Übersicht](x.md) · [April 2024](x--2024-04.md) →\n\nTeile: [1](x--2024-03.md) · … · [249](x--2024-03--249.md) · [250](x--2024-03--250.md) · **251** · ")
    assert links.count("](") < 2 * ALL_PAGE_LINKS
    assert period_overview("x", pages, "de", ("Aussage", "Aussagen")).count("](") < 2 * ALL_PAGE_LINKS


def test_undated_items_are_cut_by_name_so_an_item_added_changes_one_part():
    """Undated items have no period: they are cut where an item's name says so (not by
    count), so one added near the start leaves the later parts as they were."""
    names = [f"quelle-{n:05d}#p1" for n in range(3000)]
    before = split_by_period(names, lambda name: None, PAGE_SIZE, lambda name: name)
    after = split_by_period(names[:10] + ["quelle-00010a#p1"] + names[10:], lambda name: None, PAGE_SIZE, lambda name: name)
    assert all(len(page.items) <= PAGE_SIZE for page in before) and sum(len(page.items) for page in before) == 3000
    assert len(before) > 3000 // PAGE_SIZE
    changed = [page.slug for page in after if page.items != next((p.items for p in before if p.slug == page.slug), None)]
    assert changed == ["undatiert"]
    counted = split_by_period(names, lambda name: None, PAGE_SIZE)  # without names: by count
    assert [len(page.items) for page in counted] == [PAGE_SIZE] * 15


def test_a_long_time_span_with_few_items_a_year_is_grouped_by_century_and_decade():
    dates = [_dated(year) for year in range(1020, 1090, 7)] + [_dated(1995), _dated(1998)] + [_dated(2024, 3)] * 5 + [_dated(2023)]
    pages = split_by_period(dates, lambda date: date, 4)
    assert [(page.slug, len(page.items)) for page in pages] == [
        ("1020-1029", 2), ("1034", 1), ("1040-1049", 2), ("1055", 1), ("1060-1069", 2), ("1076", 1), ("1083", 1),  # the century has too many: its decades
        ("1900-1999", 2),  # a century with few
        ("2023", 1), ("2024-03", 4), ("2024-03--2", 1),  # a decade with too many: its years, then months
    ]
    assert pages[7].label("de") == "1900–1999" and pages[0].label("en") == "1020–1029"
