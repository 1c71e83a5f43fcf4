"""Is the generated output up to date? A record of the last build's inputs and output.

``mkdocs build`` and every rebuild of ``mkdocs serve`` run the dossier build first (the
plugin's ``on_config``). When nothing changed since the last build, that build writes
nothing and reports the same problems again, yet it repeats the dossier-wide analysis
(about 4 s at 1,000 sources, 30 s at 10,000). With this record the plugin skips it.

Rules:

- **Inputs** are everything a build reads: the package's code (``cache.code_digest``),
  the bytes of ``dossier.yml``, where the docs and output folders are, and every entry
  below the sources folder with its path, size, inode, modification and change time (ns).
  The change time cannot be set back (``cp -p``, ``rsync -t`` or ``touch -d`` keep or set
  the modification time, not the change time), so every write to a source is seen.
- **Output** is every file below the output folder with its size, inode and modification
  time: a generated file edited, removed or added by hand, or written by a build from
  other inputs, is seen.
- The inputs are taken *before* the build reads them (a source saved during a build makes
  the next check fail), the output after it was written.
- The record keeps what a build reports besides its files: its errors, warnings and skipped
  files, so a skipped build reports them again (``mkdocs build --strict`` fails on them as
  before). It lives in the build cache folder (``.dossier-cache/last-build.json``); a
  missing, unreadable or foreign record only means that the build runs.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from .build import BuildResult, build, docs_dir_of
from .cache import cache_folder, code_digest
from .config import Config

RECORD_FILE = "last-build.json"
FORMAT = 1


@dataclass
class BuildRecord:
    """What the last build reported: its problems (as printed) and its counts."""

    inputs: str
    output: str
    sources: int
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)


def _tree_state(folder: Path, digest, *, change_time: bool) -> None:
    """Feed ``digest`` with every entry below ``folder`` (sorted, so the order on disk never
    matters): relative path, and for files size, inode, modification (and change) time.
    A link is described by what it points to; one that points to nothing, as such."""
    if not folder.is_dir():
        digest.update(b"\0missing\0")
        return
    for top, dirs, files in os.walk(folder):
        dirs.sort()
        relative_top = os.path.relpath(top, folder)
        for name in sorted(files):
            path = os.path.join(top, name)
            try:
                info = os.stat(path)
                fields = [info.st_size, info.st_ino, info.st_mtime_ns] + ([info.st_ctime_ns] if change_time else [])
            except OSError:
                fields = ["unreadable"]
            digest.update(f"{relative_top}/{name}\0{fields}\0".encode("utf-8", "surrogateescape"))


def inputs_digest(config: Config) -> str:
    """A digest of everything a build of ``config`` reads (see the module's rules)."""
    digest = hashlib.sha256(f"{FORMAT}\0{code_digest()}\0".encode())
    try:
        digest.update(config.path.read_bytes())
    except OSError:
        digest.update(b"\0unreadable dossier.yml\0")
    digest.update(f"\0{docs_dir_of(config)}\0{config.output_dir.resolve()}\0{config.sources_dir.resolve()}\0".encode("utf-8", "surrogateescape"))
    _tree_state(config.sources_dir, digest, change_time=True)
    return digest.hexdigest()


def output_digest(config: Config) -> str:
    """A digest of the files in the output folder as they are now."""
    digest = hashlib.sha256()
    _tree_state(config.output_dir, digest, change_time=False)
    return digest.hexdigest()


def record_path(config: Config) -> Path:
    return cache_folder(config.root, docs_dir_of(config)) / RECORD_FILE


def save(config: Config, result: BuildResult, inputs: str) -> None:
    """Record a finished, written build (``inputs``: taken before it ran). A record that
    cannot be written is left out: the next check then finds none and builds."""
    dossier = result.dossier
    record = {
        "format": FORMAT,
        "inputs": inputs,
        "output": output_digest(config),
        "sources": len(dossier.sources),
        "errors": [d.format() for d in dossier.errors],
        "warnings": [d.format() for d in dossier.warnings],
        "skipped": [[s.path, s.reason] for s in dossier.skipped],
    }
    path = record_path(config)
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)


def current_record(config: Config) -> BuildRecord | None:
    """The record of the last build if its inputs and output are still what they were
    (the build would change nothing), else ``None``."""
    try:
        data = json.loads(record_path(config).read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            return None
        record = BuildRecord(
            inputs=data["inputs"],
            output=data["output"],
            sources=int(data["sources"]),
            errors=[str(text) for text in data["errors"]],
            warnings=[str(text) for text in data["warnings"]],
            skipped=[(str(path), str(reason)) for path, reason in data["skipped"]],
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    if record.inputs != inputs_digest(config) or record.output != output_digest(config):
        return None
    return record


def build_and_record(config: Config) -> BuildResult:
    """``build(config)``, recorded for the next up-to-date check."""
    inputs = inputs_digest(config)
    result = build(config)
    save(config, result, inputs)
    return result
