"""The build cache: what reading and normalising one file gave, kept between builds.

An entry is keyed by everything that can change it: the file's bytes, its path and
page id, the configuration (``Config.fingerprint()``), the package version and a digest
of the package's own code (so an edited rule never serves stale results). A key that
matches is therefore the same result, and a rebuild after one source changed reads and
normalises that one file only.

The cache lives in ``.dossier-cache/`` beside ``dossier.yml`` (git-ignored), never inside
the MkDocs ``docs_dir`` (MkDocs would publish it); if the dossier's folder is itself the
docs folder, it moves to the user's cache folder. It is one SQLite file: safe when
``mkdocs serve`` and ``dossier build`` run at once, and a broken or missing cache only
means a cold build, never a failed one.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from functools import lru_cache
from pathlib import Path

from . import __version__

CACHE_DIR_NAME = ".dossier-cache"
CACHE_FILE = "cache.sqlite"
FORMAT = "1"


@lru_cache(maxsize=1)
def code_digest() -> str:
    """A digest of the package's Python files: a changed rule changes every key."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def cache_folder(root: Path, docs_dir: Path) -> Path:
    """``.dossier-cache`` beside ``dossier.yml``, unless that is inside the docs folder;
    then ``$XDG_CACHE_HOME/dossier-build/<digest of the dossier's path>``."""
    folder = (root / CACHE_DIR_NAME).resolve()
    docs_dir = docs_dir.resolve()
    if folder != docs_dir and docs_dir not in folder.parents:
        return folder
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "dossier-build" / hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:16]


class BuildCache:
    """Results by key (``bytes`` values), read and written in bulk."""

    def __init__(self, folder: Path | None, salt: str):
        self.folder = folder
        self.salt = f"{FORMAT}\0{__version__}\0{code_digest()}\0{salt}\0".encode()
        self._db: sqlite3.Connection | None = None
        self.hits = 0
        self.misses = 0
        self.source_keys: dict[str, str] = {}  # source id -> key of what reading it gave
        self._keep: set[str] = set()

    def key(self, *parts: str | bytes) -> str:
        """The key of a result made from ``parts`` (e.g. path, id and the file's bytes)."""
        digest = hashlib.sha256(self.salt)
        for part in parts:
            data = part.encode("utf-8") if isinstance(part, str) else part
            digest.update(len(data).to_bytes(8, "little"))
            digest.update(data)
        return digest.hexdigest()

    def _connect(self) -> sqlite3.Connection | None:
        if self.folder is None:
            return None
        if self._db is None:
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                gitignore = self.folder / ".gitignore"
                if not gitignore.exists():
                    gitignore.write_text("# the dossier build cache: safe to delete\n*\n", encoding="utf-8")
                self._db = sqlite3.connect(self.folder / CACHE_FILE, timeout=30)
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.execute("PRAGMA synchronous=NORMAL")
                self._db.execute("CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, value BLOB NOT NULL)")
                self._db.execute("CREATE TABLE IF NOT EXISTS builds (output TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, value BLOB NOT NULL)")
            except (OSError, sqlite3.Error):
                self.folder = None
                self._db = None
        return self._db

    def get_many(self, keys: list[str]) -> dict[str, bytes]:
        """The stored values of those ``keys`` that are in the cache."""
        found = dict(self._select("key, value", keys))
        self.hits += len(found)
        self.misses += len(keys) - len(found)
        return found

    def has_many(self, keys: list[str]) -> set[str]:
        """Those ``keys`` the cache holds (their values are not read)."""
        return {row[0] for row in self._select("key", keys)}

    def _select(self, columns: str, keys: list[str]) -> list[tuple]:
        """The rows (``columns``) of those ``keys`` that are stored, asked for 900 at a time
        (SQLite's limit of parameters); none if the cache cannot be read."""
        db = self._connect()
        if db is None or not keys:
            return []
        rows: list[tuple] = []
        try:
            for start in range(0, len(keys), 900):
                chunk = keys[start : start + 900]
                rows += db.execute(f"SELECT {columns} FROM results WHERE key IN ({','.join('?' * len(chunk))})", chunk)
        except sqlite3.Error:
            return []
        return rows

    def use(self, keys) -> None:
        """Mark entries as used by this build; :meth:`prune` keeps only those."""
        self._keep.update(keys)

    def put_many(self, items: dict[str, bytes]) -> None:
        """Store ``items`` (and mark them used)."""
        self._keep.update(items)
        db = self._connect()
        if db is None or not items:
            return
        try:
            with db:
                db.executemany("INSERT OR REPLACE INTO results (key, value) VALUES (?, ?)", items.items())
        except sqlite3.Error:
            pass

    def prune(self) -> None:
        """Drop every entry this build did not use (files gone or changed), so the cache
        does not grow without bound."""
        db = self._connect()
        if db is None:
            return
        try:
            with db:
                stored = {row[0] for row in db.execute("SELECT key FROM results")}
                db.executemany("DELETE FROM results WHERE key = ?", ((key,) for key in stored - self._keep))
        except sqlite3.Error:
            pass

    def last_build(self, output: str) -> tuple[str, bytes] | None:
        """(fingerprint, record) of the last build written to the folder ``output``."""
        db = self._connect()
        if db is None:
            return None
        try:
            row = db.execute("SELECT fingerprint, value FROM builds WHERE output = ?", (output,)).fetchone()
        except sqlite3.Error:
            return None
        return (row[0], row[1]) if row else None

    def record_build(self, output: str, fingerprint: str, record: bytes) -> None:
        """Remember what the build written to ``output`` was made from (its fingerprint)
        and what it gave (``record``), for :meth:`last_build`."""
        db = self._connect()
        if db is None:
            return
        try:
            with db:
                db.execute("INSERT OR REPLACE INTO builds (output, fingerprint, value) VALUES (?, ?, ?)", (output, fingerprint, record))
        except sqlite3.Error:
            pass

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
