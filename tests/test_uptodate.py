"""`mkdocs build` does not repeat a dossier build that would change nothing (the build's
up-to-date check, ``BuildResult.up_to_date``), and repeats it whenever a source,
dossier.yml or the generated output changed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from dossier_build.config import load_config
from dossier_build.build import build

from .conftest import make_dossier

BIN = Path(sys.executable).parent
UP_TO_DATE = "up to date (sources, dossier.yml and output unchanged), not rebuilt"
MARKER = "Nachtrag Messmarke Wostotschny-Kosmodrom"


def mkdocs(folder: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([str(BIN / "mkdocs"), "build", *args], cwd=folder, capture_output=True, text=True, env=env, timeout=600)


def dossier_build(folder: Path) -> None:
    run = subprocess.run([str(BIN / "dossier"), "build"], cwd=folder, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr


def test_mkdocs_build_after_dossier_build_reuses_its_output(seed_dossier: Path):
    folder = seed_dossier.parent
    dossier_build(folder)
    run = mkdocs(folder, "--strict")
    assert run.returncode == 0, run.stderr
    assert UP_TO_DATE in run.stderr
    home = (folder / "site/index.html").read_text(encoding="utf-8")
    generated_home = (folder / "docs/dossier/.home.md").read_text(encoding="utf-8")
    assert generated_home.strip() and "<!-- dossier:home -->" not in home
    assert "Russland und Nordkorea" in home  # site_name and home block, as after a full build
    assert (folder / "site/dossier/sources/index.html").is_file()


def test_an_edited_source_is_rebuilt_even_with_its_old_modification_time(seed_dossier: Path):
    folder = seed_dossier.parent
    dossier_build(folder)
    source = sorted((folder / "seeds").iterdir())[0]
    before = source.stat()
    source.write_text(source.read_text(encoding="utf-8") + f"\n\n{MARKER} am Ende des Artikels.\n", encoding="utf-8")
    os.utime(source, ns=(before.st_atime_ns, before.st_mtime_ns))  # as `cp -p` or `rsync -t` would leave it
    run = mkdocs(folder, "--strict")
    assert run.returncode == 0, run.stderr
    assert UP_TO_DATE not in run.stderr and "files written" in run.stderr
    pages = [page.read_text(encoding="utf-8") for page in (folder / "site/dossier/sources").glob("*/index.html")]
    assert any(MARKER in page for page in pages)


def test_generated_output_changed_by_hand_is_rebuilt(seed_dossier: Path):
    folder = seed_dossier.parent
    dossier_build(folder)
    page = next((folder / "docs/dossier/sources").glob("0*.md"))
    text = page.read_text(encoding="utf-8")
    page.unlink()
    run = mkdocs(folder)
    assert run.returncode == 0, run.stderr
    assert UP_TO_DATE not in run.stderr
    assert page.read_text(encoding="utf-8") == text


def test_a_changed_dossier_yml_is_rebuilt(seed_dossier: Path):
    folder = seed_dossier.parent
    dossier_build(folder)
    seed_dossier.write_text(seed_dossier.read_text(encoding="utf-8").replace("title: Russland und Nordkorea", "title: Russland und Nordkorea (neu)"), encoding="utf-8")
    run = mkdocs(folder)
    assert run.returncode == 0, run.stderr
    assert UP_TO_DATE not in run.stderr
    assert "Russland und Nordkorea (neu)" in (folder / "site/index.html").read_text(encoding="utf-8")


def test_an_up_to_date_build_reports_the_same_problems(tmp_path: Path):
    """A cp1252 file gives a warning; skipping the build must not hide it from --strict."""
    make_dossier(tmp_path, {"alt.txt": "date 2024-06\nMeldung\n\nDer Zug fuhr nach Pjöngjang über die Brücke.\n".encode("cp1252")})
    first = mkdocs(tmp_path, "--strict")
    second = mkdocs(tmp_path, "--strict")
    assert UP_TO_DATE not in first.stderr and UP_TO_DATE in second.stderr
    for run in (first, second):
        assert run.returncode != 0
        assert "alt.txt:4: warning: is not valid UTF-8" in run.stderr
        assert "Aborted with 1 warnings in strict mode" in run.stdout + run.stderr


def test_up_to_date_rules(tmp_path: Path):
    """Up to date right after a build, and not after a source was added, removed or
    rewritten, nor after an output file was touched."""
    config = load_config(make_dossier(tmp_path, {"a.txt": "date 2024-06\nA\n\nEin Satz über Seoul.\n"}))
    assert not build(config).up_to_date
    assert build(config).up_to_date
    (tmp_path / "sources/b.txt").write_text("date 2024-06\nB\n\nEin Satz über Moskau.\n", encoding="utf-8")
    assert not build(config).up_to_date
    assert build(config).up_to_date
    (tmp_path / "sources/b.txt").unlink()
    assert not build(config).up_to_date
    output = tmp_path / "docs/dossier/dossier.json"
    os.utime(output, ns=(0, 0))
    assert not build(config).up_to_date
    assert build(config).up_to_date
