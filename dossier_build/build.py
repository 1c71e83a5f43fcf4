"""The pipeline: read -> normalise -> analyse -> render -> write.

``build()`` is what both the ``dossier`` command and the MkDocs plugin call. One bad file
never stops the others: each becomes a source or a reported error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import yaml

from .analyse import analyse
from .config import Config, ConfigError, ConfigProblem, load_config
from .model import Diagnostic, Dossier, Skipped, Source
from .normalise import normalise
from .readers import ReadError, list_source_files, read_document
from .render import render_dossier
from .slug import unique_slugs
from .writer import WriteStats, write_output

MAX_FILE_BYTES = 64 * 1024 * 1024


@dataclass
class BuildResult:
    config: Config
    dossier: Dossier
    files: dict[str, str] = field(default_factory=dict)
    stats: WriteStats | None = None

    @property
    def problems(self) -> int:
        return len(self.dossier.errors) + len(self.dossier.warnings)


class _LenientLoader(yaml.SafeLoader):
    """Reads mkdocs.yml for ``docs_dir`` only: tags such as ``!!python/name`` become None."""


_LenientLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def docs_dir_of(config: Config) -> Path:
    """The MkDocs ``docs_dir`` of the ``mkdocs.yml`` beside ``dossier.yml`` (default ``docs``)."""
    mkdocs_file = config.root / "mkdocs.yml"
    docs = "docs"
    if mkdocs_file.is_file():
        try:
            data = yaml.load(mkdocs_file.read_text(encoding="utf-8"), Loader=_LenientLoader) or {}
        except (yaml.YAMLError, UnicodeDecodeError, OSError):
            data = {}
        if isinstance(data, dict) and isinstance(data.get("docs_dir"), str):
            docs = data["docs_dir"]
    return (config.root / docs).resolve()


def output_relative_to_docs(config: Config) -> str:
    """The output folder relative to the docs folder; a ``ConfigError`` if it is not inside."""
    docs = docs_dir_of(config)
    output = config.output_dir
    if output != docs and docs not in output.parents:
        raise ConfigError([ConfigProblem(str(config.path), None, "output", f"must be a folder inside the MkDocs docs_dir ({docs.name}/), e.g. {docs.name}/dossier")])
    if output == docs:
        raise ConfigError([ConfigProblem(str(config.path), None, "output", f"must be a folder below {docs.name}/, not the docs folder itself")])
    return output.relative_to(docs).as_posix()


def source_ids(paths: list[str]) -> list[str]:
    """A page slug per file, from its path without the extension; stable suffixes on clashes."""
    stems = []
    for path in paths:
        pure = PurePosixPath(path)
        name = pure.name
        stem = name.rsplit(".", 1)[0] if "." in name.strip(".") else name
        stems.append("/".join([*pure.parts[:-1], stem]))
    return unique_slugs(stems)


def read_sources(config: Config) -> tuple[list[Source], list[Diagnostic], list[Diagnostic], list[Skipped]]:
    """Read and normalise every file of the sources folder: (sources, errors, warnings, skipped)."""
    errors: list[Diagnostic] = []
    warnings: list[Diagnostic] = []
    if not config.sources_dir.is_dir():
        errors.append(Diagnostic("error", str(config.sources_dir), "the sources folder does not exist"))
        return [], errors, warnings, []
    files, skipped = list_source_files(config.sources_dir)
    ids = source_ids([rel for rel, _ in files])
    sources: list[Source] = []
    for (relative, path), source_id in zip(files, ids):
        try:
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                raise ReadError(f"is {size // (1024 * 1024)} MB, more than the {MAX_FILE_BYTES // (1024 * 1024)} MB a source may have")
            document = read_document(relative, path.read_bytes())
        except ReadError as exc:
            errors.append(Diagnostic("error", relative, exc.message, exc.line))
            continue
        except OSError as exc:
            errors.append(Diagnostic("error", relative, f"cannot be read ({exc.strerror or exc})"))
            continue
        except Exception as exc:  # a bug must not stop the other files
            errors.append(Diagnostic("error", relative, f"could not be read (internal error: {type(exc).__name__}: {exc})"))
            continue
        for diagnostic in document.diagnostics:
            (errors if diagnostic.severity == "error" else warnings).append(diagnostic)
        if document.metadata.get("published") is False:
            skipped.append(Skipped(relative, "published: false in the front matter"))
            continue
        try:
            source = normalise(document, source_id, config.source_meta.get(relative))
        except Exception as exc:
            errors.append(Diagnostic("error", relative, f"could not be normalised (internal error: {type(exc).__name__}: {exc})"))
            continue
        if not source.paragraphs:
            warnings.append(Diagnostic("warning", relative, "has no paragraphs of text after normalisation"))
        sources.append(source)
    known = {rel for rel, _ in files}
    for name in sorted(config.source_meta):
        if name not in known:
            warnings.append(Diagnostic("warning", str(config.path.name), f"source_meta names {name!r}, which is not a file in the sources folder"))
    skipped.sort(key=lambda s: s.path)
    return sources, errors, warnings, skipped


def build(config: Config | str | Path, *, write: bool = True) -> BuildResult:
    """Run the whole pipeline; raises ``ConfigError`` only for a broken configuration."""
    if not isinstance(config, Config):
        config = load_config(config)
    output_rel = output_relative_to_docs(config)
    sources, errors, warnings, skipped = read_sources(config)
    dossier = Dossier(
        title=config.title,
        description=config.description,
        language=config.language,
        sources=sources,
        errors=errors,
        warnings=warnings,
        skipped=skipped,
    )
    analyse(dossier, config)
    files = render_dossier(dossier, output_rel)
    result = BuildResult(config=config, dossier=dossier, files=files)
    if write:
        result.stats = write_output(config.output_dir, files)
    return result
