"""Helpers shared by the browser tests (a module of its own: test files cannot import
conftest.py reliably)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]

LOCAL_HOSTS = {"127.0.0.1"}
# Schemes that never reach the network.
LOCAL_SCHEMES = {"data", "blob", "about"}


def is_local(url: str) -> bool:
    """A request stays on this machine: a local scheme, or http(s) to 127.0.0.1."""
    parts = urlsplit(url)
    return parts.scheme in LOCAL_SCHEMES or parts.hostname in LOCAL_HOSTS


def copy_seed_dossier(target: Path) -> Path:
    """A copy of the repository's dossier (seeds, dossier.yml, mkdocs.yml, hand-written docs)
    in ``target``, without generated output; returns ``target``."""
    shutil.copytree(ROOT / "seeds", target / "seeds")
    shutil.copy(ROOT / "dossier.yml", target / "dossier.yml")
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", target / "docs", ignore=shutil.ignore_patterns("dossier", ".dossier.*"))
    return target


def mkdocs_env() -> dict[str, str]:
    """Environment for MkDocs subprocesses: no MkDocs 2 banner."""
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
