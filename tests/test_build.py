"""End to end: the seed dossier through `dossier build` and a real `mkdocs build --strict`."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest

from dossier_build.build import build

from .conftest import ROOT, make_dossier

BIN = Path(sys.executable).parent


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(list(args), cwd=cwd, capture_output=True, text=True, env=env, timeout=600)


def mkdocs_build(folder: Path) -> subprocess.CompletedProcess:
    result = run(str(BIN / "mkdocs"), "build", "--strict", cwd=folder)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


@pytest.fixture
def built_seed_site(seed_dossier: Path) -> Path:
    folder = seed_dossier.parent
    result = run(str(BIN / "dossier"), "build", "--strict", cwd=folder)
    assert result.returncode == 0, result.stderr
    assert "5 sources read" in result.stdout and "0 errors, 0 warnings" in result.stdout
    mkdocs_build(folder)
    return folder


def source_by_path(data: dict, prefix: str) -> dict:
    return next(s for s in data["sources"] if s["path"].startswith(prefix))


def test_seed_dossier_json(built_seed_site: Path):
    data = json.loads((built_seed_site / "docs/dossier/dossier.json").read_text(encoding="utf-8"))
    assert data["title"] == "Russland und Nordkorea"
    assert len(data["sources"]) == 5 and data["errors"] == [] and data["skipped"] == []
    s003 = source_by_path(data, "003")
    assert s003["title"] == "Putin in Nordkorea: Vertrag über strategische Partnerschaft"
    assert s003["date"] == "2024-06-19"
    assert source_by_path(data, "000")["date"] == "2024-06"
    assert source_by_path(data, "004")["date"] == "2023-09"
    assert source_by_path(data, "000")["agencies"] == ["dpa", "afp", "rtr"]
    for source in data["sources"]:
        assert source["page"] == f"dossier/sources/{source['id']}/"
        assert set(source) >= {"id", "path", "title", "date", "publisher", "url", "tags", "agencies", "page", "paragraphs", "removed", "changes"}
        for paragraph in source["paragraphs"]:
            assert set(paragraph) >= {"id", "text", "actors", "topics", "off_topic", "duplicates"}
            assert "AdUnit" not in paragraph["text"] and "Bild:" not in paragraph["text"] and "mak/AR" not in paragraph["text"]
    assert "„strategische Partnerschaft“" in json.dumps(source_by_path(data, "001"), ensure_ascii=False)
    for key in ("actors", "topics", "quotes", "discrepancies"):
        assert isinstance(data[key], list)


def test_seed_site_has_a_page_per_seed_and_no_mojibake(built_seed_site: Path):
    site = built_seed_site / "site"
    data = json.loads((built_seed_site / "docs/dossier/dossier.json").read_text(encoding="utf-8"))
    for source in data["sources"]:
        page = site / source["page"] / "index.html"
        assert page.is_file()
        html = page.read_text(encoding="utf-8")
        for paragraph in source["paragraphs"]:
            assert f'id="{paragraph["id"]}"' in html
    for path in site.rglob("*"):
        if path.suffix in (".html", ".json", ".xml"):
            text = path.read_text(encoding="utf-8")
            assert "Ã" not in text and "â€" not in text, path


def test_source_page_shows_record_and_link(built_seed_site: Path):
    html = unescape((built_seed_site / "site/dossier/sources/003-d349342649c47bb0/index.html").read_text(encoding="utf-8"))
    assert "<h1" in html and "Putin in Nordkorea: Vertrag über strategische Partnerschaft" in html
    assert "<details" in html and "Normalisierung" in html and "AdUnit Mobile_Pos2" in html  # shown in the record
    assert 'href="https://www.mannheimer-morgen.de/' in html
    assert "<img" not in html.split('class="md-content"')[1].split("</article>")[0]  # images are links
    assert "19.06.2024" in html


def test_home_page_block_and_sources_index(built_seed_site: Path):
    home = (built_seed_site / "site/index.html").read_text(encoding="utf-8")
    assert "Russland und Nordkorea" in home and "dossier:home" not in home
    assert "<title>Russland und Nordkorea</title>" in home
    index = (built_seed_site / "site/dossier/sources/index.html").read_text(encoding="utf-8")
    positions = [index.index(text) for text in ("September 2023", "Juni 2024", "19.06.2024", "<td>undatiert</td>")]
    assert positions == sorted(positions)


def test_rebuild_writes_nothing_when_nothing_changed(seed_dossier: Path):
    first = build(seed_dossier)
    assert first.stats.written > 0
    page = seed_dossier.parent / "docs/dossier/sources/003-d349342649c47bb0.md"
    mtime = page.stat().st_mtime_ns
    second = build(seed_dossier)
    assert second.stats.written == 0 and second.stats.removed == 0
    assert page.stat().st_mtime_ns == mtime
    (seed_dossier.parent / "seeds/001_857a44ccf739337f.txt").unlink()
    third = build(seed_dossier)
    assert third.stats.removed == 1 and page.stat().st_mtime_ns == mtime


def test_check_writes_nothing(seed_dossier: Path):
    result = run(str(BIN / "dossier"), "check", cwd=seed_dossier.parent)
    assert result.returncode == 0 and "nothing written" in result.stdout
    assert not (seed_dossier.parent / "docs/dossier").exists()


def test_bad_files_are_reported_not_fatal_and_strict_fails(tmp_path: Path):
    config = make_dossier(
        tmp_path,
        {
            "gut.txt": "Ein Titel\n\nEin guter Absatz mit Text.\n",
            "leer.txt": b"",
            "bild.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
            "kaputt.md": "---\ntitle: [\n---\nText\n",
            "alt.txt": "Stra\xdfe in K\xf6ln, ein Absatz.\n".encode("latin-1"),
            "entwurf.md": "---\npublished: false\n---\nNicht veröffentlicht.\n",
        },
    )
    result = run(str(BIN / "dossier"), "build", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "leer.txt: error: the file is empty" in result.stderr
    assert "bild.png: error: is not a text file" in result.stderr
    assert re.search(r"kaputt.md:[23]: error: front matter is not valid YAML", result.stderr)
    assert "alt.txt:1: warning: is not valid UTF-8; read as cp1252" in result.stderr
    assert "entwurf.md: skipped: published: false" in result.stderr
    assert "2 sources read" in result.stdout and "3 errors, 1 warnings, 1 skipped" in result.stdout
    data = json.loads((tmp_path / "docs/dossier/dossier.json").read_text(encoding="utf-8"))
    assert {e["path"] for e in data["errors"]} == {"leer.txt", "bild.png", "kaputt.md"}
    assert data["skipped"] == [{"path": "entwurf.md", "reason": "published: false in the front matter"}]
    assert source_by_path(data, "alt")["paragraphs"][0]["text"] == "Straße in Köln, ein Absatz."
    strict = run(str(BIN / "dossier"), "build", "--strict", cwd=tmp_path)
    assert strict.returncode == 1
    # the report page lists them, and the site still builds
    mkdocs = run(str(BIN / "mkdocs"), "build", cwd=tmp_path)
    assert mkdocs.returncode == 0
    report = (tmp_path / "site/dossier/report/index.html").read_text(encoding="utf-8")
    assert "kaputt.md" in report and "entwurf.md" in report


def test_broken_config_builds_nothing(tmp_path: Path):
    make_dossier(tmp_path, {"a.txt": "Text.\n"}, yml="title: T\nlanguage: fr\nactors: {}\n")
    result = run(str(BIN / "dossier"), "build", cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "dossier.yml:2: language" in result.stderr and "dossier.yml:3: actors" in result.stderr
    assert not (tmp_path / "docs/dossier").exists()


def test_output_folder_not_owned_is_never_replaced(tmp_path: Path):
    make_dossier(tmp_path, {"a.txt": "Text.\n"}, yml="title: T\nsources: sources\noutput: docs/mine\n")
    (tmp_path / "docs/mine").mkdir()
    (tmp_path / "docs/mine/handgeschrieben.md").write_text("# Meins\n")
    result = run(str(BIN / "dossier"), "build", cwd=tmp_path)
    assert result.returncode == 2 and "did not write" in result.stderr
    assert (tmp_path / "docs/mine/handgeschrieben.md").read_text() == "# Meins\n"


def test_init_scaffold_builds_strict(tmp_path: Path):
    target = tmp_path / "neu"
    result = run(str(BIN / "dossier"), "init", str(target), "--title", 'Mein "erstes" Dossier: Test', cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for name in ("mkdocs.yml", "dossier.yml", "docs/index.md", "sources/beispiel.txt"):
        assert (target / name).is_file()
    assert (target / "mkdocs.yml").read_bytes() == (ROOT / "mkdocs.yml").read_bytes()
    build_result = run(str(BIN / "dossier"), "build", "--strict", cwd=target)
    assert build_result.returncode == 0, build_result.stderr
    mkdocs_build(target)
    assert 'Mein "erstes" Dossier: Test' in (target / "site/index.html").read_text(encoding="utf-8")
    again = run(str(BIN / "dossier"), "init", str(target), cwd=tmp_path)
    assert again.returncode == 2 and "not empty" in again.stderr


def test_scaffold_mkdocs_yml_is_the_projects():
    scaffold = ROOT / "dossier_build/scaffold/files"
    assert (scaffold / "mkdocs.yml").read_bytes() == (ROOT / "mkdocs.yml").read_bytes()
    for name in ("index.md", "tags.md"):
        assert (scaffold / "docs" / name).read_bytes() == (ROOT / "docs" / name).read_bytes()


def test_mkdocs_build_runs_the_dossier_build_itself(seed_dossier: Path):
    folder = seed_dossier.parent
    assert not (folder / "docs/dossier").exists()
    mkdocs_build(folder)
    assert (folder / "docs/dossier/dossier.json").is_file()
    assert (folder / "site/dossier/sources/index.html").is_file()
    assert (folder / "site/assets/dossier/dossier.css").is_file()


def test_english_labels(tmp_path: Path):
    make_dossier(tmp_path, {"a.txt": "date 2024-06 Headline here\n\nA paragraph.\n"}, yml="title: T\nlanguage: en\nsources: sources\n")
    build(tmp_path / "dossier.yml")
    page = (tmp_path / "docs/dossier/sources/a.md").read_text(encoding="utf-8")
    assert "**Date**" in page and "June 2024" in page and "Normalisation" in page

