"""``dossier init``: a new dossier folder that builds as it is.

The files come from ``scaffold/files``; its ``mkdocs.yml`` is the project's own (a test
keeps the two identical), so a new dossier gets every fix the project gets.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

FILES = {
    "mkdocs.yml": "mkdocs.yml",
    "dossier.yml": "dossier.yml",
    "docs/index.md": "docs/index.md",
    "docs/tags.md": "docs/tags.md",
    "sources/beispiel.txt": "sources/beispiel.txt",
    ".gitignore": "gitignore",
}


class ScaffoldError(Exception):
    pass


def create_scaffold(directory: Path, title: str = "Mein Dossier") -> list[Path]:
    """Write the scaffold into ``directory`` (which must be empty or missing)."""
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise ScaffoldError(f"{directory} exists and is not empty; choose a new folder")
    root = resources.files(__name__).joinpath("files")
    created = []
    for target, name in FILES.items():
        text = root.joinpath(name).read_text(encoding="utf-8")
        if name == "dossier.yml":
            # JSON string syntax is valid YAML and quotes any title safely.
            text = text.replace('"{title}"', json.dumps(title, ensure_ascii=False))
        path = directory / target
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        created.append(path)
    return created
