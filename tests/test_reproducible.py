"""Same input, same bytes: the output folder (pages and dossier.json) does not depend on the
order files were created in, on PYTHONHASHSEED, on the folder the dossier lives in, or on
file modification times."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from .conftest import JEKYLL_CORPUS, ROOT, SEEDS
from .sitecheck import child_env, run_dossier

EXTRA_SOURCES = {
    "extra/Gleicher Name.txt": "Erster Text mit gleichem Namen. Er hat zwei Sätze.\n",
    "extra/gleicher-name.md": "---\ntitle: Zweiter\ntags: [b, a, c]\n---\n\nZweiter Text. Auch er hat zwei Sätze.\n",
    "extra/Übersicht ÄÖÜ.txt": "date 2024\nÜberschrift ohne Punkt\n\nText mit „Anführungszeichen“ und «Guillemets».\n",
    "extra/kaputt.md": "---\ntitle: [unclosed\n---\n\nText.\n",
    "extra/leer.txt": "",
    "extra/menge.md": "---\ntitle: Menge\nset: !!set {alpha, beta, gamma, delta, epsilon, zeta, eta, theta}\n---\n\nText. Mehr.\n",
    "extra/latin1.txt": "Gr\xfc\xdfe aus K\xf6ln, sagte er.\n".encode("cp1252"),
}


def _source_files() -> list[tuple[str, bytes]]:
    """Every input file of the test dossier as (path inside the sources folder, bytes)."""
    files = [(path.name, path.read_bytes()) for path in sorted(SEEDS.iterdir()) if path.is_file()]
    if JEKYLL_CORPUS.is_dir():
        files += [(f"jekyll/{path.name}", path.read_bytes()) for path in sorted(JEKYLL_CORPUS.iterdir()) if path.is_file() and path.name not in ("README.md", "MANIFEST.tsv", "LICENSE-jekyll.txt")]
    files += [(name, content.encode("utf-8") if isinstance(content, str) else content) for name, content in EXTRA_SOURCES.items()]
    return files


def make_copy(root: Path, order: str, mtime_base: int) -> Path:
    """The seed dossier plus extra sources in ``root``, files created in ``order``
    (``forward``/``reverse``) with modification times that differ between copies."""
    root.mkdir(parents=True)
    shutil.copy(ROOT / "dossier.yml", root / "dossier.yml")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    (root / "docs").mkdir()
    for name in ("index.md", "tags.md"):
        shutil.copy(ROOT / "docs" / name, root / "docs" / name)
    files = _source_files()
    if order == "reverse":
        files = files[::-1]
    for number, (name, data) in enumerate(files):
        path = root / "seeds" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        os.utime(path, (mtime_base + number * 17, mtime_base + number * 17))
    return root


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file below ``folder`` (hidden ones included) -> sha256 of its bytes."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def memory_folder(tmp_path):
    """A folder on tmpfs (``/dev/shm``) if there is one: tmpfs lists a folder's files in
    reverse creation order, while ext4 lists them by a hash of the name, so copies made
    in different orders on tmpfs really are read back in different orders."""
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        folder = Path(tempfile.mkdtemp(prefix="dossier-repro-", dir=shm))
        yield folder
        shutil.rmtree(folder, ignore_errors=True)
    else:
        yield tmp_path / "memory"


@pytest.mark.slow
def test_same_input_gives_byte_identical_output(tmp_path, memory_folder):
    runs = [
        (tmp_path / "a", "forward", "0", 1_600_000_000),
        (memory_folder / "deeper" / "folder" / "b", "forward", "4242", 1_700_000_000),
        (memory_folder / "c", "reverse", "random", 1_650_000_000),
    ]
    digests = []
    for folder, order, seed, mtime in runs:
        root = make_copy(folder, order, mtime)
        result = run_dossier(root, "build", env=child_env(PYTHONHASHSEED=seed))
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
        digests.append(tree_digest(root / "docs" / "dossier"))
    assert "dossier.json" in digests[0]
    assert len(digests[0]) > 100
    for other in digests[1:]:
        differing = sorted(k for k in set(digests[0]) | set(other) if digests[0].get(k) != other.get(k))
        assert differing == []


def test_dossier_json_holds_no_machine_path_or_time(tmp_path):
    root = make_copy(tmp_path / "dossier", "forward", 1_600_000_000)
    result = run_dossier(root, "build")
    assert result.returncode == 0, result.stderr
    text = (root / "docs" / "dossier" / "dossier.json").read_text(encoding="utf-8")
    assert str(tmp_path) not in text
    assert str(Path.home()) not in text or str(Path.home()) == "/"
    for page in (root / "docs" / "dossier").rglob("*.md"):
        assert str(tmp_path) not in page.read_text(encoding="utf-8"), page
