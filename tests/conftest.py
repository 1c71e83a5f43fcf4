"""Shared fixtures: real files only (the seeds, the Jekyll corpus, dossiers written to tmp)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"
JEKYLL_CORPUS = SHARED / "corpora" / "jekyll-posts"

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def make_dossier(tmp_path: Path, files: dict[str, bytes | str], yml: str | None = None) -> Path:
    """A dossier folder in ``tmp_path`` with the project's mkdocs.yml and docs/ files and the
    given sources; returns the path of its dossier.yml."""
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    (tmp_path / "docs").mkdir(exist_ok=True)
    for name in ("index.md", "tags.md"):
        shutil.copy(ROOT / "docs" / name, tmp_path / "docs" / name)
    sources = tmp_path / "sources"
    sources.mkdir(exist_ok=True)
    for name, content in files.items():
        path = sources / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    config = tmp_path / "dossier.yml"
    config.write_text(yml or "title: Testdossier\nsources: sources\noutput: docs/dossier\n", encoding="utf-8")
    return config


@pytest.fixture
def seed_dossier(tmp_path: Path) -> Path:
    """A copy of the repository's own dossier (seeds + dossier.yml) in tmp; returns dossier.yml."""
    shutil.copytree(SEEDS, tmp_path / "seeds")
    shutil.copy(ROOT / "dossier.yml", tmp_path / "dossier.yml")
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    (tmp_path / "docs").mkdir()
    for name in ("index.md", "tags.md"):
        shutil.copy(ROOT / "docs" / name, tmp_path / "docs" / name)
    return tmp_path / "dossier.yml"
