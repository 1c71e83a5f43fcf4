"""Actor, topic, quotes and timeline pages, end to end: `dossier build`, then
`mkdocs build --strict` (links and anchors validated) as a subprocess."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .analysis_support import SEED, copy_second_dossier
from .conftest import make_dossier
from dossier_build.build import build
from dossier_build.model import Dossier, Paragraph, PassageRef, SharedPassage, Source
from dossier_build.render import render_dossier
from dossier_build.render.graph import mermaid_label, relations_graph

FOOTNOTE_LINK = re.compile(r"^\[\^\d+\]: \[[^\]]*\]\((?P<target>[^)]+)\)$", re.M)
LINK = re.compile(r"\]\((?P<target>[^)\s]+)\)")


def statements(page: str) -> list[str]:
    """The statement lines of an actor or topic page (list items after "## Aussagen")."""
    start = page.find("## Aussagen")
    return re.findall(r"^- .*$", page[start:], re.M) if start >= 0 else []


def mkdocs_build(root: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=root, capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def anchors_of(markdown: str) -> set[str]:
    return set(re.findall(r"\{: #([\w-]+) ", markdown))  # paragraph and heading ids


def check_links(output: Path) -> int:
    """Every relative link of every generated page points at an existing page (and
    paragraph anchor); returns the number of footnote citations checked."""
    citations = 0
    for page in output.rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        citations += len(FOOTNOTE_LINK.findall(text))
        for match in LINK.finditer(text):
            target = match.group("target")
            if target.startswith(("http://", "https://", "mailto:", "#")):
                continue
            path, _, anchor = target.partition("#")
            base = output.parent if page.name == ".home.md" else page.parent  # the home block sits in docs/index.md
            resolved = (base / path).resolve()
            assert resolved.is_file(), f"{page.relative_to(output)} links to missing {target}"
            if anchor:
                assert anchor in anchors_of(resolved.read_text(encoding="utf-8")), f"{page.relative_to(output)}: no anchor {target}"
    return citations


@pytest.fixture(scope="module")
def built_seeds(tmp_path_factory):
    from .conftest import ROOT, SEEDS
    import shutil

    root = tmp_path_factory.mktemp("seeds")
    shutil.copytree(SEEDS, root / "seeds")
    shutil.copy(ROOT / "dossier.yml", root / "dossier.yml")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    (root / "docs").mkdir()
    for name in ("index.md", "tags.md"):
        shutil.copy(ROOT / "docs" / name, root / "docs" / name)
    result = build(root / "dossier.yml")
    mkdocs_build(root)
    return root, result


def test_every_actor_and_topic_has_a_page_in_the_site(built_seeds):
    root, result = built_seeds
    site = root / "site" / "dossier"
    for actor in result.config.actors:
        assert (site / "actors" / actor.id / "index.html").is_file(), actor.id
    for topic in result.config.topics:
        assert (site / "topics" / topic.id / "index.html").is_file(), topic.id
    for page in ("actors", "topics", "quotes", "discrepancies", "timeline"):
        assert (site / page / "index.html").is_file(), page


def test_citations_resolve_to_paragraph_anchors(built_seeds):
    root, _ = built_seeds
    assert check_links(root / "docs" / "dossier") > 100
    putin = (root / "docs" / "dossier" / "actors" / "wladimir-putin.md").read_text(encoding="utf-8")
    assert re.search(r"^\[\^1\]: \[.*, Abs\. \d+\]\(\.\./sources/[a-z0-9-]+\.md#p\d+\)$", putin, re.M)
    html = (root / "site" / "dossier" / "actors" / "wladimir-putin" / "index.html").read_text(encoding="utf-8")
    assert 'class="footnote"' in html
    assert "../../sources/003-d349342649c47bb0/#p" in html


def test_actor_page_contents(built_seeds):
    root, _ = built_seeds
    kim = (root / "docs" / "dossier" / "actors" / "kim-jong-un.md").read_text(encoding="utf-8")
    assert kim.startswith("---\nnames:\n- Kim Jong Un\n- Kim Jong-un\n- Kim\ntags:\n- Akteur\n- Person\ntitle: Kim Jong Un\n---\n")
    assert "**Schreibweisen** | " in kim and "Kim Jong-un" in kim and "Kims" in kim
    assert "**Erste datierte Nennung** | September 2023[^" in kim
    assert "**Letzte datierte Nennung** | 19.06.2024[^" in kim
    assert "„Das ist ein gewaltiger Vertrag“[^" in kim
    assert "## Aussagen nach Thema" in kim and "### Strategische Partnerschaft" in kim
    assert "## Oft zusammen genannt mit" in kim and "[Wladimir Putin](wladimir-putin.md)" in kim
    ryder = (root / "docs" / "dossier" / "actors" / "pat-ryder.md").read_text(encoding="utf-8")
    assert "Die sich vertiefende Zusammenarbeit" in ryder


def test_off_topic_paragraph_is_muted_and_left_out(built_seeds):
    root, _ = built_seeds
    output = root / "docs" / "dossier"
    for folder in ("actors", "topics"):
        for page in (output / folder).glob("*.md"):
            assert "Geiseln" not in page.read_text(encoding="utf-8"), page.name
    html = (root / "site" / "dossier" / "sources" / SEED["003"] / "index.html").read_text(encoding="utf-8")
    assert re.search(r'id="p14"[^>]*class="[^"]*dossier-offtopic|class="[^"]*dossier-offtopic[^"]*"[^>]*id="p14"', html)


def test_topic_page_in_date_order_with_actors(built_seeds):
    root, _ = built_seeds
    page = (root / "docs" / "dossier" / "topics" / "sanktionen.md").read_text(encoding="utf-8")
    assert "## Beteiligte Akteure" in page and "[Nordkorea](../actors/nordkorea.md)" in page
    dated = [m for m in re.findall(r"^- .*?\[\^(\d+)\]", page, re.M)]
    assert dated, page
    # September 2023 (seed 004) comes before June 2024 (seed 003)
    assert page.index("Sanktionsregime") < page.index("Beide Länder unterliegen internationalen Sanktionen")


def test_quotes_page_by_speaker_and_home_blocks(built_seeds):
    root, _ = built_seeds
    quotes = (root / "docs" / "dossier" / "quotes.md").read_text(encoding="utf-8")
    assert "## Jenny Town" in quotes and "## Weitere Sprecher (nicht im Dossier geführt)" in quotes
    assert "### der südkoreanische Generalstab" in quotes
    assert "Russland unterstützte &#91;Nordkorea&#93;" in quotes  # source text stays text
    home = (root / "site" / "index.html").read_text(encoding="utf-8")
    assert 'class="mermaid"' in home
    assert "im Jahr 2000" in home and "Zeitleiste" in home


def test_tags_listing_names_the_generated_pages(built_seeds):
    root, _ = built_seeds
    tags = (root / "site" / "tags" / "index.html").read_text(encoding="utf-8")
    assert "Akteur" in tags and "Thema" in tags and "Kim Jong Un" in tags


def test_dossier_json_has_the_analysis(built_seeds):
    import json

    root, result = built_seeds
    data = json.loads((root / "docs" / "dossier" / "dossier.json").read_text(encoding="utf-8"))
    assert {a["id"] for a in data["actors"]} == {a.id for a in result.config.actors}
    assert {t["id"] for t in data["topics"]} == {t.id for t in result.config.topics}
    assert all(a["page"].startswith("dossier/actors/") for a in data["actors"])
    assert any(q["speaker"] == "jenny-town" for q in data["quotes"])
    paragraph = next(p for s in data["sources"] if s["id"] == SEED["003"] for p in s["paragraphs"] if p["id"] == "p14")
    assert paragraph["off_topic"] is True
    assert data["timeline"] and {"kind", "date", "source", "paragraph", "text", "expression"} <= set(data["timeline"][0])
    first = next(p for s in data["sources"] for p in s["paragraphs"] if p["mentions"])
    assert {"actor", "surface", "start", "end", "alias"} <= set(first["mentions"][0])


def test_second_dossier_builds_strict(tmp_path):
    config = copy_second_dossier(tmp_path)
    result = build(config)
    mkdocs_build(tmp_path)
    output = tmp_path / "docs" / "dossier"
    assert check_links(output) > 20
    for actor in result.config.actors:
        assert (tmp_path / "site" / "dossier" / "actors" / actor.id / "index.html").is_file()
    leyen = (output / "actors" / "ursula-von-der-leyen.md").read_text(encoding="utf-8")
    assert "Von der Leyens" in leyen and "Kommissionschefin" in leyen
    assert "Pokalspiel" not in (output / "topics" / "handelsabkommen.md").read_text(encoding="utf-8")


def test_a_dossier_without_actors_or_topics_still_builds_every_nav_page(tmp_path):
    config = make_dossier(tmp_path, {"a.txt": "date 2024-01 Ein Text über nichts Besonderes, der im Jahr 2020 spielt.\n"})
    build(config)
    mkdocs_build(tmp_path)
    output = tmp_path / "docs" / "dossier"
    assert "keine Akteure" in (output / "actors" / "index.md").read_text(encoding="utf-8")
    assert "keine Themen" in (output / "topics" / "index.md").read_text(encoding="utf-8")
    assert "keine Zitate" in (output / "quotes.md").read_text(encoding="utf-8")
    assert (output / "discrepancies.md").is_file()


def test_dossier_init_scaffold_builds_strict(tmp_path):
    target = tmp_path / "neu"
    subprocess.run([sys.executable, "-m", "dossier_build.cli", "init", str(target)], check=True, capture_output=True)
    subprocess.run([sys.executable, "-m", "dossier_build.cli", "build", "--strict"], cwd=target, check=True, capture_output=True)
    mkdocs_build(target)


def test_actor_and_topic_pages_split_by_period_and_link_their_pages(tmp_path):
    paragraphs = "\n\n".join(f"Absatz {i}: Die Ministerin Erika Muster sprach über Haushaltsfragen und Sanktionen." for i in range(450))
    yml = (
        "title: Viel\nsources: sources\noutput: docs/dossier\n"
        "actors:\n  - name: Erika Muster\n    kind: person\n"
        "topics:\n  - name: Sanktionen\n    keywords: [\"Sanktion*\"]\n"
    )
    files = {
        "viel.txt": "date 2024-02-01 " + paragraphs + "\n",
        "jahr.txt": "date 2024 Erika Muster kam zu Gesprächen über Sanktionen.\n",
        "alt.txt": "date 2023-05 Erika Muster sprach schon damals über Sanktionen.\n",
        "ohne.txt": "Erika Muster sprach ohne Datum über Sanktionen.\n",
    }
    config = make_dossier(tmp_path, files, yml)
    files = build(config, keep_files=True).files
    expected = ["", "--2023", "--2024-00", "--2024-02", "--2024-02--2", "--2024-02--3", "--undatiert"]
    assert sorted(p for p in files if p.startswith("actors/erika-muster")) == sorted(f"actors/erika-muster{s}.md" for s in expected)
    assert sorted(p for p in files if p.startswith("topics/sanktionen")) == sorted(f"topics/sanktionen{s}.md" for s in expected)
    first = files["actors/erika-muster.md"]
    assert "## Aussagen nach Thema" not in first and "**Schreibweisen**" in first  # the facts stay, the statements move
    assert "- [2023](erika-muster--2023.md) (1 Aussage)" in first
    assert "- **2024**: [ohne Monat](erika-muster--2024-00.md) (1 Aussage) · [Februar](erika-muster--2024-02.md) (450 Aussagen; Teile: [1](erika-muster--2024-02.md) · [2](erika-muster--2024-02--2.md) · [3](erika-muster--2024-02--3.md))" in first
    part = files["actors/erika-muster--2024-02--2.md"]
    assert "# Erika Muster: Februar 2024 (Teil 2)" in part and "title: 'Erika Muster: Februar 2024 (Teil 2)'" in part
    assert "[Übersicht](erika-muster.md) · ← [2024 (ohne Monat)](erika-muster--2024-00.md) · [undatiert](erika-muster--undatiert.md) →" in part
    assert len(statements(part)) == 200 and "### Sanktionen" in part and "Absatz 200:" in part
    assert sum(len(statements(files[f"topics/sanktionen{s}.md"])) for s in expected) == 453
    assert "## Absätze nach Zeitraum" in files["topics/sanktionen.md"]
    mkdocs_build(tmp_path)
    assert check_links(tmp_path / "docs" / "dossier") >= 453


def test_one_statement_added_changes_only_its_period_pages(tmp_path):
    """The point of splitting by period: a statement added in one month leaves the pages
    of every other period byte for byte as they were."""
    yml = "title: T\nsources: sources\noutput: docs/dossier\nactors:\n  - name: Erika Muster\n    kind: person\n"
    def word(month: int, n: int) -> str:  # unlike every other, so no passage is shared
        return "".join("abcdefghij"[int(d)] for d in f"{month}{n:02d}")

    files = {f"m{month:02d}-{n}.txt": f"date 2024-{month:02d}-{n % 28 + 1:02d} Bericht {n}\n\nErika Muster sprach über {word(month, n)} und Haushaltsfragen.\n" for month in range(1, 13) for n in range(20)}
    config = make_dossier(tmp_path, files, yml)
    before = build(config, keep_files=True).files
    (tmp_path / "sources" / "neu.txt").write_text("date 2024-06-15 Bericht neu\n\nErika Muster sprach über jjjj und Haushaltsfragen.\n", encoding="utf-8")
    after = build(config, keep_files=True).files
    changed = {p for p in after if p.startswith("actors/erika-muster") and before.get(p) != after[p]}
    assert sum(path.startswith("actors/erika-muster--2024-") for path in after) == 12  # split by month
    assert changed == {"actors/erika-muster.md", "actors/erika-muster--2024-06.md"}


def test_shared_passage_appears_once_citing_every_source():
    texts = {
        "a": "Die Agentur meldet: Erika Muster hat den Vertrag unterschrieben.",
        "b": "Die Agentur meldet: Erika Muster hat den Vertrag unterschrieben.",
    }
    sources = []
    for name, text in texts.items():
        paragraph = Paragraph(id="p1", text=text, sentences=[text])
        sources.append(Source(id=name, path=f"{name}.txt", format="text", encoding="utf-8", title=f"Quelle {name.upper()}", blocks=[paragraph]))
    dossier = Dossier(title="T", description=None, language="de", sources=sources)
    from dossier_build.analyse import analyse
    from dossier_build.config import ActorSpec, Config, TopicSpec

    config = Config(path=Path("dossier.yml"), title="T", actors=[ActorSpec(id="erika-muster", name="Erika Muster", kind="person")], topics=[TopicSpec(id="vertrag", name="Vertrag", keywords=("Vertrag*",))])
    analyse(dossier, config)
    dossier.shared_passages = [SharedPassage(id="s1", refs=[PassageRef("a", "p1", texts["a"]), PassageRef("b", "p1", texts["b"])])]
    files = render_dossier(dossier, "dossier")
    for page in ("actors/erika-muster.md", "topics/vertrag.md"):
        text = files[page]
        assert len(statements(text)) == 1, text
        assert "*auch berichtet in* Quelle B[^2]" in text
        assert "[^2]: [Quelle B, undatiert, Abs. 1](../sources/b.md#p1)" in text


def test_duplicates_fold_paragraphs_without_sentence_passages():
    text = "Erika Muster hat den Vertrag unterschrieben."
    sources = [
        Source(id=n, path=n, format="text", encoding="utf-8", title=n.upper(), blocks=[Paragraph(id="p1", text=text, sentences=[text], actors=["erika-muster"], topics=["vertrag"], duplicates=[f"{o}#p1"])])
        for n, o in (("a", "b"), ("b", "a"))
    ]
    dossier = Dossier(title="T", description=None, language="de", sources=sources)
    dossier.analysis = {"topics": [{"id": "vertrag", "name": "Vertrag", "keywords": [], "description": None, "paragraphs": 2, "sources": 2, "actors": [], "first": None, "last": None, "page": ""}], "actors": [], "timeline": []}
    files = render_dossier(dossier, "dossier")
    assert len(statements(files["topics/vertrag.md"])) == 1
    assert "*auch berichtet in* B[^2]" in files["topics/vertrag.md"]


def test_builds_are_deterministic(seed_dossier):
    first = build(seed_dossier, write=False).files
    second = build(seed_dossier, write=False).files
    assert first == second


def test_mermaid_labels_cannot_break_out():
    assert mermaid_label('Evil"] --> x[<script>') == "Evil -- x script"
    assert mermaid_label("Kim Jong-un") == "Kim Jong-un"
    dossier = Dossier(title="T", description=None, language="de")
    dossier.analysis = {"actors": [
        {"id": "a", "name": 'A"]; click', "paragraphs": 2, "with": [{"actor": "b", "count": 2}]},
        {"id": "b", "name": "B|x", "paragraphs": 2, "with": [{"actor": "a", "count": 2}]},
    ]}
    graph = relations_graph(dossier)
    assert 'a0["A click"]' in graph and 'a1["B x"]' in graph and "a0 ---|2| a1" in graph


def test_an_actor_called_index_does_not_replace_the_index_page(tmp_path):
    yml = (
        "title: T\nsources: sources\noutput: docs/dossier\n"
        "actors:\n  - name: Index\n    kind: organisation\n  - name: Erika Muster\n    kind: person\n"
        "topics:\n  - name: Index\n    keywords: [\"Index*\"]\n"
    )
    config = make_dossier(tmp_path, {"a.txt": "date 2024-02-01 Erika Muster und der Index stiegen. Erika Muster lobte den Index sehr.\n"}, yml)
    files = build(config, keep_files=True).files
    assert files["actors/index.md"].count("](index--page.md)") == 1
    assert "actors/index--page.md" in files and "topics/index--page.md" in files
    mkdocs_build(tmp_path)


def test_the_same_quote_from_two_sources_is_listed_once_with_both_citations(tmp_path):
    yml = "title: T\nsources: sources\noutput: docs/dossier\nactors:\n  - name: Erika Muster\n    kind: person\n"
    text = '"Wir halten Kurs, was auch immer kommt", sagte Erika Muster am Abend.\n'
    config = make_dossier(tmp_path, {"a.txt": "date 2024-02-01 " + text, "b.txt": "date 2024-02-02 " + text}, yml)
    files = build(config, keep_files=True).files
    for page in ("quotes.md", "actors/erika-muster.md"):
        lines = [line for line in files[page].splitlines() if line.startswith("- „") and "Wir halten Kurs" in line]
        assert len(lines) == 1, files[page]
        assert re.search(r"“\[\^\d+\]\[\^\d+\]$", lines[0]), lines[0]


def test_citations_per_statement_and_quote_are_capped(tmp_path):
    """Agency copy in many sources: one statement, one quote, a bounded list of citations."""
    from dossier_build.build import build
    from dossier_build.render.citations import MAX_CITED

    from .conftest import make_dossier

    story = (
        "date 2024-06 Treffen in der Hauptstadt\n\n"
        "Die Außenministerin Erika Beispiel empfing am Mittwoch ihren Amtskollegen aus dem Nachbarland "
        "zu langen Gesprächen über Handel, Grenzschutz und Energie in der Hauptstadt.\n\n"
        "„Wir haben heute sehr viel für beide Länder erreicht“, sagte Erika Beispiel nach dem Treffen.\n"
    )
    files = {f"quelle-{n:02d}.txt": story for n in range(25)}
    yml = (
        "title: T\nsources: sources\noutput: docs/dossier\n"
        "actors:\n  - name: Erika Beispiel\n    kind: person\n"
        "topics:\n  - name: Handel\n    keywords: [Handel*]\n"
    )
    config = make_dossier(tmp_path, files, yml)
    build(config)
    page = (tmp_path / "docs/dossier/actors/erika-beispiel.md").read_text(encoding="utf-8")
    footnotes = [line for line in page.splitlines() if line.startswith("[^")]
    assert len(footnotes) <= 3 * (MAX_CITED + 1)  # two statements and one quote, whatever the number of sources
    assert "und 14 weitere (alle in dossier.json)" in page
    data = (tmp_path / "docs/dossier/dossier.json").read_text(encoding="utf-8")
    assert data.count("quelle-24") >= 2  # every source is still in the data


def test_pages_left_to_the_cache_are_rendered_again_when_the_cache_lost_them(tmp_path):
    """A rebuild gives a page the last build made to the writer as deferred, fetched from
    the cache only if its file changed; if the cache lost it meanwhile, it is rendered
    again, and the output is what a build from nothing makes."""
    import sqlite3

    from dossier_build.cache import CACHE_FILE

    yml = "title: T\nsources: sources\noutput: docs/dossier\nactors:\n  - name: Erika Muster\n    kind: person\n"
    files = {f"m{n:03d}.txt": f"date 2024-{n % 12 + 1:02d}-{n % 28 + 1:02d} Bericht {n}\n\nErika Muster sprach über {'abcdefghij'[n % 10]}{'abcdefghij'[n // 10 % 10]}{'abcdefghij'[n // 100]} und Haushaltsfragen.\n" for n in range(260)}
    config = make_dossier(tmp_path, files, yml)
    build(config)
    (tmp_path / "sources" / "neu.txt").write_text("date 2024-06-15 Bericht neu\n\nErika Muster sprach über jjjj und Haushaltsfragen.\n", encoding="utf-8")
    build(config)  # the manifest of page keys is there now
    output = tmp_path / "docs" / "dossier"
    (output / "actors" / "erika-muster--2024-03.md").unlink()  # the writer must make this one
    database = next(tmp_path.rglob(CACHE_FILE))
    with sqlite3.connect(database) as db:  # every page the cache holds is lost
        assert db.execute("DELETE FROM results WHERE substr(value, 1, 4) = X'2D2D2D0A'").rowcount > 12
    (tmp_path / "sources" / "neu2.txt").write_text("date 2024-07-15 Bericht neu\n\nErika Muster sprach über iiii und Haushaltsfragen.\n", encoding="utf-8")
    warm = build(config, keep_files=True).files
    cold = build(config, use_cache=False, write=False).files
    assert warm == cold
    assert (output / "actors" / "erika-muster--2024-03.md").read_text(encoding="utf-8") == cold["actors/erika-muster--2024-03.md"]
