"""The sources index does not grow with the dossier: past SOURCES_PER_PAGE sources it links
list pages (a year, a month, or part of one), each with at most SOURCES_PER_PAGE rows."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

from tests.conftest import ROOT
from dossier_build.build import build
from dossier_build.model import Dossier, PartialDate, Source
from dossier_build.render.sources import LIST_DIR, SOURCES_PER_PAGE, render_sources_index, source_list_pages

sys.path.insert(0, str(ROOT / "benchmarks"))
from make_corpus import make_corpus  # noqa: E402

LINK = re.compile(r"\]\(([^)\s]+\.md)\)")


def source(number: int, date: PartialDate | None) -> Source:
    return Source(id=f"s{number:04d}", path=f"s{number}.txt", format="text", encoding="utf-8", title=f"Titel {number}", date=date)


def test_small_dossier_lists_every_source_on_the_index():
    dossier = Dossier("T", None, "de", sources=[source(i, PartialDate(2024, 1 + i % 12)) for i in range(SOURCES_PER_PAGE)])
    assert source_list_pages(dossier) == []
    index = render_sources_index(dossier)
    assert len(LINK.findall(index)) == SOURCES_PER_PAGE


def test_periods_split_until_each_page_is_short_enough():
    sources = [source(i, PartialDate(2023, 5, 1 + i % 28)) for i in range(450)]  # one long month
    sources += [source(1000 + i, PartialDate(2022)) for i in range(30)]  # a short year
    sources += [source(2000 + i, PartialDate(2024, 1 + i % 12)) for i in range(260)]  # a long year
    sources += [source(3000 + i, None) for i in range(210)]  # undated, last
    dossier = Dossier("T", None, "de", sources=sources)
    pages = source_list_pages(dossier)
    slugs = [page.slug for page in pages]
    assert slugs[0] == "2022"
    assert slugs[1:4] == ["2023-05", "2023-05-2", "2023-05-3"]
    assert [s for s in slugs if s.startswith("2024")] == [f"2024-{m:02d}" for m in range(1, 13)]
    assert slugs[-2:] == ["undatiert", "undatiert-2"]
    assert all(0 < len(page.sources) <= SOURCES_PER_PAGE for page in pages)
    listed = [s.id for page in pages for s in page.sources]
    assert sorted(listed) == sorted(s.id for s in sources) and len(set(listed)) == len(listed)
    index = render_sources_index(dossier)
    assert LINK.findall(index) == [f"{LIST_DIR}/{slug}.md" for slug in slugs]


def test_a_few_hundred_sources_build_with_mkdocs_strict(tmp_path: Path):
    make_corpus(230, tmp_path, seed=3, cp1252_share=0.0)
    # sources only: actor and topic pages are not what this test is about
    (tmp_path / "dossier.yml").write_text("title: Viele Quellen\nsources: sources\noutput: docs/dossier\n", encoding="utf-8")
    result = build(tmp_path / "dossier.yml")
    assert not result.dossier.errors and not result.dossier.warnings
    output = tmp_path / "docs" / "dossier"
    index = (output / "sources" / "index.md").read_text(encoding="utf-8")
    list_pages = sorted((output / "sources" / LIST_DIR).glob("*.md"))
    assert len(list_pages) >= 2
    assert LINK.findall(index) == [f"{LIST_DIR}/{p.name}" for p in list_pages]
    seen = []
    for page in list_pages:
        rows = [line for line in page.read_text(encoding="utf-8").splitlines() if line.startswith("| ") and "](../" in line]
        assert 0 < len(rows) <= SOURCES_PER_PAGE
        seen += [LINK.search(row).group(1) for row in rows]
    assert sorted(seen) == sorted(f"../{s.id}.md" for s in result.dossier.sources)

    done = subprocess.run(
        [str(Path(sys.executable).parent / "mkdocs"), "build", "--strict"],
        cwd=tmp_path,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    site = tmp_path / "site" / "dossier" / "sources"
    assert (site / LIST_DIR / list_pages[0].stem / "index.html").is_file()
    # the navigation stays sections only: no list page and no source in it
    nav = yaml.load((tmp_path / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)["nav"]
    assert not any(LIST_DIR in str(entry) for entry in nav)
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert LIST_DIR not in home.split('<nav class="md-nav md-nav--primary"', 1)[1].split("</nav>", 1)[0]
