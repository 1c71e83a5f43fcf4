"""Helpers for the analysis tests: the seed dossier and the second dossier, built in memory."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

from dossier_build.build import BuildResult, build

ROOT = Path(__file__).resolve().parent.parent
SECOND = ROOT / "tests" / "data" / "second_dossier"

SEED = {
    "000": "000-668b0680170fa6d4",
    "001": "001-857a44ccf739337f",
    "002": "002-a5c48a036b68ea7d",
    "003": "003-d349342649c47bb0",
    "004": "004-d78a48386e0168e9",
}


def seed_build() -> BuildResult:
    """The repository's own dossier (seeds + dossier.yml), analysed, nothing written."""
    return build(ROOT / "dossier.yml", write=False)


def second_build() -> BuildResult:
    """The second dossier (tests/data/second_dossier), analysed, nothing written."""
    return build(SECOND / "dossier.yml", write=False)


def copy_second_dossier(tmp_path: Path) -> Path:
    """The second dossier with the project's mkdocs.yml and docs/ in ``tmp_path``."""
    shutil.copytree(SECOND, tmp_path, dirs_exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    (tmp_path / "docs").mkdir(exist_ok=True)
    for name in ("index.md", "tags.md"):
        shutil.copy(ROOT / "docs" / name, tmp_path / "docs" / name)
    return tmp_path / "dossier.yml"


def paragraph(result: BuildResult, source_id: str, paragraph_id: str):
    source = result.dossier.source(source_id)
    assert source is not None, source_id
    found = source.paragraph(paragraph_id)
    assert found is not None, (source_id, paragraph_id)
    return found


def persons(result: BuildResult, source_id: str) -> set[str]:
    kinds = {a.id: a.kind for a in result.config.actors}
    source = result.dossier.source(source_id)
    return {actor for p in source.paragraphs for actor in p.actors if kinds[actor] == "person"}


class DictMemo:
    """An analysis memo (``dossier_build.analyse.memo.AnalysisMemo``) held in a dict, counting
    hits and misses; its keys are the parts themselves (no digest), so a key that should
    differ always does."""

    def __init__(self) -> None:
        self.values: dict[str, bytes] = {}
        self.hits = 0
        self.misses = 0
        self.used: set[str] = set()
        self.by_tag: dict[str, list[int]] = {}  # the first part of a key -> [hits, misses]

    def key(self, *parts: str | bytes) -> str:
        return repr(parts)

    def get_many(self, keys: list[str]) -> dict[str, bytes]:
        found = {key: self.values[key] for key in keys if key in self.values}
        self.hits += len(found)
        self.misses += len(keys) - len(found)
        for key in keys:
            self.by_tag.setdefault(ast.literal_eval(key)[0], [0, 0])[key not in found] += 1  # the key is the repr of its parts
        return found

    def counted_of(self, tag: str) -> tuple[int, int]:
        """(hits, misses) of the keys whose first part is ``tag``, since the last call for it."""
        hits, misses = self.by_tag.pop(tag, (0, 0))
        return hits, misses

    def put_many(self, items: dict[str, bytes]) -> None:
        self.values.update(items)
        self.used.update(items)

    def use(self, keys) -> None:
        self.used.update(keys)

    def counted(self) -> tuple[int, int]:
        """(hits, misses) since the last call."""
        counts = (self.hits, self.misses)
        self.hits = self.misses = 0
        return counts
