"""Hostile sources: text from a source never becomes markup on the published site.

A whole site is built (``dossier build --strict`` and ``mkdocs build --strict`` with every
network connection refused) from sources that try every trick in titles, front matter and
bodies; the HTML is then read with the standard library's parser and scanned for anything
live. The hostile strings must still be on the page, as the text they are.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .conftest import make_dossier
from .sitecheck import live_markup, run_dossier, run_mkdocs_offline, scan

MARK = "alert(1337)"

TITLE_ESCAPE = "</title><script>alert(1337)</script> Titel <b>fett</b> Ende"
TAG_SCRIPT = "<script>alert(1337)</script>"
TAG_QUOTE = '"><img src=x onerror=alert(1337)>'
CATEGORY = "{: onclick=alert(1337) }"
PUBLISHER = "<iframe src=javascript:alert(1337)></iframe> Verlag"

FRONT_MATTER_SOURCE = f"""---
title: {json.dumps(TITLE_ESCAPE)}
date: 2024-06-19
tags: [{json.dumps(TAG_SCRIPT)}, {json.dumps(TAG_QUOTE)}, "{{{{ config.site_name }}}}"]
categories: [{json.dumps(CATEGORY)}]
publisher: {json.dumps(PUBLISHER)}
url: "javascript:alert(1337)"
---

Ein Absatz mit <script>alert(1337)</script> darin und einem Bild <img src=x onerror=alert(1337)> dazu.

<iframe src="https://evil.example/frame"></iframe>

<div markdown="1">
<script>alert(1337)</script>
</div>

Ein Link [klick](javascript:alert(1337)) und noch einer [daten](data:text/html,alert(1337)) im Text.

[ref]: https://evil.example/reference "Referenz"

Ein Absatz mit Attributliste {{: onclick="alert(1337)" .evil }} am Ende.

Fußnote im Text[^1] und die Definition folgt.

[^1]: Die Fußnote mit alert(1337).

--8<-- "/etc/passwd"

Jinja {{{{ config.site_name }}}} und {{% include "x.html" %}} bleiben Text.

<!-- dossier:home -->

&lt;script&gt; bleibt als Entität sichtbar, ebenso &#x3C;b&#x3E;.

![Bild von fremder Seite](https://evil.example/pic.jpg)

<https://evil.example/autolink> und <mailto:x@evil.example> als spitze Klammern.

!!! danger "Admonition alert(1337)"

=== "Tab alert(1337)"

$$ x^2 $$ und `code` und **fett** und ~~durch~~ und ==mark==.

| Spalte | alert(1337) |
"""

BODY_LINES_EXPECTED = [
    "Ein Absatz mit <script>alert(1337)</script> darin und einem Bild <img src=x onerror=alert(1337)> dazu.",
    '<iframe src="https://evil.example/frame"></iframe>',
    "Ein Link [klick](javascript:alert(1337)) und noch einer [daten](data:text/html,alert(1337)) im Text.",
    '[ref]: https://evil.example/reference "Referenz"',
    'Ein Absatz mit Attributliste {: onclick="alert(1337)" .evil } am Ende.',
    "Fußnote im Text[^1] und die Definition folgt.",
    "[^1]: Die Fußnote mit alert(1337).",
    '--8<-- "/etc/passwd"',
    'Jinja {{ config.site_name }} und {% include "x.html" %} bleiben Text.',
    "<!-- dossier:home -->",
    "<https://evil.example/autolink> und <mailto:x@evil.example> als spitze Klammern.",
    '!!! danger "Admonition alert(1337)"',
    '=== "Tab alert(1337)"',
    "$$ x^2 $$ und `code` und **fett** und ~~durch~~ und ==mark==.",
    "| Spalte | alert(1337) |",
]

PLAIN_TITLE = "<img src=x onerror=alert(1337)> Überschrift [x](javascript:alert(1337))"
PLAIN_SOURCE = f"""date 2024-06
{PLAIN_TITLE}

<script>alert(1337)</script>

Zwischenzeile <b onmouseover=alert(1337)>

Der letzte Absatz hat einen Punkt.
"""

# A YAML tag that would run a command if any loader built objects from it.
EXEC_SOURCE = """---
title: !!python/object/apply:os.system ["touch {marker}"]
---

Text.
"""

# Same slug for two files: both must get pages.
SAME_SLUG_A = "Gleicher Name.txt"
SAME_SLUG_B = "gleicher-name.md"


# Quotes and actor mentions carry hostile text onto the actor, topic and quotes pages.
QUOTE_SOURCE = """date 2024-06-19
Putin trifft Kim

„<script>alert(1337)</script> [x](javascript:alert(1337)) {: onclick=alert(1337) }“, sagte Putin am Mittwoch in Pjöngjang.

Kim Jong Un sagte: „Die Sanktionen <img src=x onerror=alert(1337)> sind wirkungslos.“

Die Sanktionen gegen Russland wurden verschärft, hieß es <iframe src=x></iframe> in Brüssel.
"""
HOSTILE_YML = """title: Testdossier
sources: sources
output: docs/dossier
actors:
  - name: Wladimir Putin
    kind: person
    aliases: [Putin]
  - name: Kim Jong Un
    kind: person
  - name: "Böse </title><script>alert(7)</script> Akteurin"
    kind: person
    description: "<img src=x onerror=alert(8)> [x](javascript:alert(9))"
topics:
  - name: Sanktionen
    keywords: ["Sanktion*"]
  - name: "Thema <script>alert(10)</script>"
    keywords: ["wirkungslos"]
"""
ACTOR_ESCAPE = "Böse </title><script>alert(7)</script> Akteurin"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    marker = root / "pwned"
    files = {
        "angriff.md": FRONT_MATTER_SOURCE,
        "plain.txt": PLAIN_SOURCE,
        SAME_SLUG_A: "Erster Text mit gleichem Namen. Er hat zwei Sätze.\n",
        SAME_SLUG_B: "Zweiter Text mit gleichem Namen. Auch er hat zwei Sätze.\n",
    }
    files["zitat.txt"] = QUOTE_SOURCE
    make_dossier(root, files, HOSTILE_YML)
    (root / "exec-sources").mkdir()
    (root / "exec-sources" / "exec.md").write_text(EXEC_SOURCE.format(marker=marker), encoding="utf-8")
    build = run_dossier(root, "build", "--strict")
    mkdocs, attempts = run_mkdocs_offline(root)
    data = json.loads((root / "docs" / "dossier" / "dossier.json").read_text(encoding="utf-8"))
    return {"root": root, "build": build, "mkdocs": mkdocs, "net": attempts, "data": data, "marker": marker}


def _page(hostile_site, path: str):
    source = next(s for s in hostile_site["data"]["sources"] if s["path"] == path)
    return source, scan(hostile_site["root"] / "site" / source["page"] / "index.html")


def test_builds_pass_strict_and_make_no_network_request(hostile_site):
    build, mkdocs = hostile_site["build"], hostile_site["mkdocs"]
    assert build.returncode == 0, build.stdout + build.stderr
    assert mkdocs.returncode == 0, mkdocs.stderr[-3000:]
    assert hostile_site["net"] == []


def test_no_page_of_the_site_has_live_markup(hostile_site):
    site = hostile_site["root"] / "site"
    problems = {}
    for html in sorted(site.rglob("*.html")):
        found = live_markup(scan(html))
        if found:
            problems[str(html.relative_to(site))] = found
    assert problems == {}


def test_no_script_carries_the_payload(hostile_site):
    site = hostile_site["root"] / "site"
    for html in sorted(site.rglob("*.html")):
        page = scan(html)
        for attrs, code in page.scripts:
            assert MARK not in code, html
            assert not attrs.get("src", "").startswith(("javascript", "data")), html


def test_hostile_title_is_text_in_title_h1_and_index(hostile_site):
    source, page = _page(hostile_site, "angriff.md")
    assert source["title"] == TITLE_ESCAPE
    assert page.title.startswith(TITLE_ESCAPE)
    assert TITLE_ESCAPE in page.article_text
    index = scan(hostile_site["root"] / "site" / "dossier" / "sources" / "index.html")
    assert TITLE_ESCAPE in index.article_text
    source, page = _page(hostile_site, "plain.txt")
    assert source["title"] == PLAIN_TITLE
    assert page.title.startswith(PLAIN_TITLE)


def test_hostile_actor_and_topic_names_from_dossier_yml_are_text(hostile_site):
    site = hostile_site["root"] / "site" / "dossier"
    actor = scan(site / "actors" / "boese-title-script-alert-7-script-akteurin" / "index.html")
    assert actor.title.startswith(ACTOR_ESCAPE)
    assert ACTOR_ESCAPE in actor.article_text
    assert "<img src=x onerror=alert(8)>" in actor.article_text
    topic = scan(site / "topics" / "thema-script-alert-10-script" / "index.html")
    assert topic.title.startswith("Thema <script>alert(10)</script>")


def test_hostile_body_lines_are_visible_as_text(hostile_site):
    _, page = _page(hostile_site, "angriff.md")
    missing = [line for line in BODY_LINES_EXPECTED if line not in page.article_text]
    assert missing == []


def test_quotes_and_entity_pages_show_hostile_quotes_as_text(hostile_site):
    data, site = hostile_site["data"], hostile_site["root"] / "site"
    assert any("<script>alert(1337)</script>" in q["text"] for q in data["quotes"]), data["quotes"]
    pages = [p for p in site.joinpath("dossier").rglob("*.html") if "/sources/" not in p.as_posix()]
    shown = " ".join(scan(p).article_text for p in pages)
    assert "<script>alert(1337)</script>" in shown
    assert "<img src=x onerror=alert(1337)>" in shown
    for page in pages:
        assert live_markup(scan(page)) == [], page


def test_every_paragraph_is_on_the_page_exactly_as_in_dossier_json(hostile_site):
    """Entities in a source (``&lt;script&gt;``) are decoded by the mojibake repair
    (recorded); whatever text normalisation gives is what the page shows, as text."""
    for path in ("angriff.md", "plain.txt"):
        source, page = _page(hostile_site, path)
        for paragraph in source["paragraphs"]:
            assert paragraph["text"] in page.article_text, paragraph["text"]
    source, page = _page(hostile_site, "angriff.md")
    assert any(p["text"].startswith("<script> bleibt als Entität") for p in source["paragraphs"])


def test_hostile_front_matter_values_are_text(hostile_site):
    source, page = _page(hostile_site, "angriff.md")
    for value in (TAG_SCRIPT, TAG_QUOTE, CATEGORY, PUBLISHER):
        assert value in page.article_text, value
    assert source["url"] is None  # javascript: is not a link
    assert all(not href.lower().startswith("javascript") for href in page.links)


def test_tags_page_shows_hostile_tags_as_text(hostile_site):
    tags = scan(hostile_site["root"] / "site" / "tags" / "index.html")
    assert TAG_SCRIPT in tags.text
    assert live_markup(tags) == []


def test_images_become_links_never_embedded(hostile_site):
    _, page = _page(hostile_site, "angriff.md")
    assert "https://evil.example/pic.jpg" in page.links
    assert not [attrs for tag, attrs, inside in page.elements if tag == "img" and inside]


def test_links_keep_only_http_https_mailto(hostile_site):
    site = hostile_site["root"] / "site"
    for html in sorted((site / "dossier").rglob("*.html")):
        for href in scan(html).links:
            scheme = urlsplit(href.strip()).scheme.lower()
            assert scheme in ("", "http", "https", "mailto"), (html, href)


def test_home_marker_in_a_source_stays_text(hostile_site):
    site = hostile_site["root"] / "site"
    home = (site / "index.html").read_text(encoding="utf-8")
    _, page = _page(hostile_site, "angriff.md")
    assert "<!-- dossier:home -->" in page.article_text
    counts_heading = scan(site / "index.html").article_text
    assert counts_heading.count("Testdossier") >= 1
    assert "dossier-meta" not in home  # the source page's table did not leak into the home page


def test_same_slug_gives_two_pages_with_stable_suffix(hostile_site):
    pages = sorted(s["page"] for s in hostile_site["data"]["sources"] if "gleicher" in s["page"])
    assert pages == ["dossier/sources/gleicher-name-2/", "dossier/sources/gleicher-name/"]
    for page in pages:
        assert (hostile_site["root"] / "site" / page / "index.html").is_file()


def test_output_paths_stay_inside_the_output_folder(hostile_site):
    root = hostile_site["root"]
    output = (root / "docs" / "dossier").resolve()
    for path in output.rglob("*"):
        assert output in path.resolve().parents
    docs_files = {p.relative_to(root / "docs").as_posix() for p in (root / "docs").rglob("*") if p.is_file()}
    assert all(name.startswith("dossier/") or name in ("index.md", "tags.md") for name in docs_files)


def test_no_yaml_tag_builds_an_object(tmp_path):
    marker = tmp_path / "pwned"
    config = make_dossier(tmp_path, {"exec.md": EXEC_SOURCE.format(marker=marker)})
    result = run_dossier(tmp_path, "build")
    assert result.returncode == 0, result.stderr
    assert not marker.exists()
    data = json.loads((tmp_path / "docs" / "dossier" / "dossier.json").read_text(encoding="utf-8"))
    assert data["sources"] == []
    assert [(e["path"], e["line"]) for e in data["errors"]] == [("exec.md", 2)]
    assert "YAML tag" in data["errors"][0]["message"]
    assert "Traceback" not in result.stderr
    assert config.is_file()


def test_search_index_holds_hostile_text_only_escaped(hostile_site):
    """Material's search shows titles and text from the index as HTML: no tag may be live there."""
    index = json.loads((hostile_site["root"] / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    entries = [e for e in index["docs"] if e["location"].startswith("dossier/sources/angriff") or e["location"].startswith("dossier/sources/plain")]
    assert entries
    for entry in entries:
        for field in ("title", "text"):
            value = entry[field].lower()
            for tag in ("<script", "<img", "<iframe", "<b ", "<div"):
                assert tag not in value, (field, entry[field][:200])
    assert any("&lt;script&gt;alert(1337)" in e["title"] for e in entries)


def test_links_pipes_and_hidden_files_are_skipped_and_said_so(tmp_path):
    outside = tmp_path / "geheim.txt"
    outside.write_text("Geheimer Text außerhalb. Darf nicht erscheinen.\n", encoding="utf-8")
    make_dossier(tmp_path, {"echt.txt": "Ein echter Artikel. Mit zwei Sätzen.\n", "ordner/innen.txt": "Innen. Noch ein Satz.\n", ".versteckt.txt": "x"})
    sources = tmp_path / "sources"
    os.symlink(outside, sources / "nach-aussen.txt")
    os.symlink(tmp_path / "gibt-es-nicht", sources / "ins-leere.txt")
    os.symlink(sources / "ordner", sources / "ordner-link")
    os.symlink(sources / "echt.txt", sources / "echt-link.txt")
    os.mkfifo(sources / "rohr.txt")
    result = run_dossier(tmp_path, "build")
    assert result.returncode == 0, result.stderr
    data = json.loads((tmp_path / "docs" / "dossier" / "dossier.json").read_text(encoding="utf-8"))
    assert sorted(s["path"] for s in data["sources"]) == ["echt-link.txt", "echt.txt", "ordner/innen.txt"]
    skipped = {s["path"]: s["reason"] for s in data["skipped"]}
    assert set(skipped) == {".versteckt.txt", "nach-aussen.txt", "ins-leere.txt", "ordner-link", "rohr.txt"}
    assert "outside" in skipped["nach-aussen.txt"] and "nothing" in skipped["ins-leere.txt"]
    assert "folder" in skipped["ordner-link"] and "pipe" in skipped["rohr.txt"]
    assert "Geheimer Text" not in (tmp_path / "docs" / "dossier" / "dossier.json").read_text(encoding="utf-8")


def test_file_names_that_are_not_utf8_or_hold_line_breaks(tmp_path):
    make_dossier(tmp_path, {"ok.txt": "Ein Satz. Noch einer.\n"})
    sources = os.fsencode(tmp_path / "sources")
    os.makedirs(sources + b"/ordner-\xff")
    for name in (b"/Gr\xfc\xdfe.txt", b"/ordner-\xff/x\xe4.txt", b"/zeilen\numbruch.txt", b"/<script>alert(1337)<\\script>.txt"):
        with open(sources + name, "wb") as fh:
            fh.write("Text hier. Noch mehr Text.\n".encode())
    result = run_dossier(tmp_path, "build", "--strict")
    assert result.returncode == 0, result.stderr
    data = json.loads((tmp_path / "docs" / "dossier" / "dossier.json").read_text(encoding="utf-8"))
    assert sorted(s["path"] for s in data["sources"]) == ["<script>alert(1337)<\\script>.txt", "Grüße.txt", "ok.txt", "ordner-ÿ/xä.txt", "zeilen\numbruch.txt"]
    assert all(re.fullmatch(r"[a-z0-9-]+", s["id"]) for s in data["sources"])
    mkdocs, attempts = run_mkdocs_offline(tmp_path)
    assert mkdocs.returncode == 0, mkdocs.stderr[-2000:]
    for html in (tmp_path / "site" / "dossier").rglob("*.html"):
        assert live_markup(scan(html)) == [], html
