"""The pipeline: read -> normalise -> analyse -> render -> write.

``build()`` is what both the ``dossier`` command and the MkDocs plugin call. One bad file
never stops the others: each becomes a source or a reported error.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Iterator

import yaml

from .analyse import CompiledConfig, SourceSignature, analyse, analyse_source, source_signature
from .analyse.actors import compile_actors
from .analyse.topics import compile_topics
from .cache import BuildCache, cache_folder
from .config import Config, ConfigError, ConfigProblem, SourceMeta, load_config
from .model import Diagnostic, Dossier, Quote, Skipped, Source
from .normalise import normalise
from .parallel import gc_paused, parallel_map
from .readers import ReadError, list_source_files, read_document
from .render import iter_output, materialised
from .render.home import HOME_FILE
from .slug import unique_slugs
from .writer import Content, FileRecord, WriteStats, output_records, output_state, write_output

MAX_FILE_BYTES = 64 * 1024 * 1024
BATCH = 2000  # files read (and results stored) per round of workers


@dataclass
class BuildResult:
    config: Config
    dossier: Dossier
    kept_files: dict[str, str | bytes] | None = None  # see ``files``
    home: str = ""  # the home page block (MkDocs puts it into the site's home page)
    stats: WriteStats | None = None
    cache_hits: int = 0  # results reused from earlier builds (reading, analysis and rendering)
    cache_misses: int = 0
    up_to_date: bool = False  # nothing changed since the last build: ``dossier`` has no sources
    counts: tuple[int, int] | None = None  # (sources, paragraphs) of an up-to-date result

    @property
    def source_count(self) -> int:
        return self.counts[0] if self.counts else len(self.dossier.sources)

    @property
    def paragraph_count(self) -> int:
        return self.counts[1] if self.counts else sum(len(s.paragraphs) for s in self.dossier.sources)

    @property
    def files(self) -> dict[str, str | bytes]:
        """Every output file (path -> text, or bytes for ``dossier.json``). Held only for a
        build with ``write=False`` or ``keep_files=True``: a written build streams its
        output to disk and never holds all of it."""
        if self.kept_files is None:
            raise AttributeError("the output files were written, not kept: build with keep_files=True or write=False")
        return self.kept_files

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


@dataclass
class FileOutcome:
    """What one input file gave: a source, or nothing; with its errors, warnings and
    whether it was skipped on purpose."""

    source: Source | None = None
    errors: list[Diagnostic] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    skipped: Skipped | None = None
    quotes: list[Quote] | None = None  # per-source analysis done with the reading
    signature: SourceSignature | None = None  # what the dossier-wide steps read of it


# What per-source analysis needs from dossier.yml: (fingerprint, actors, topics).
AnalysisSpec = tuple
_COMPILED: dict[str, CompiledConfig] = {}


def analysis_spec(config: Config) -> AnalysisSpec:
    return (config.fingerprint(), tuple(config.actors), tuple(config.topics))


def _compiled(spec: AnalysisSpec) -> CompiledConfig:
    """The compiled actors and topics, once per process and configuration."""
    fingerprint, actors, topics = spec
    if fingerprint not in _COMPILED:
        _COMPILED.clear()
        _COMPILED[fingerprint] = CompiledConfig(actors=compile_actors(list(actors)), topics=compile_topics(list(topics)), fingerprint=fingerprint)
    return _COMPILED[fingerprint]


def read_one(relative: str, data: bytes, source_id: str, meta: SourceMeta | None, analysis: AnalysisSpec | None = None) -> FileOutcome:
    """Read and normalise one file's bytes (and, with ``analysis``, run the per-source
    analysis on it); every problem becomes a diagnostic, never an exception (one bad
    file never stops the others)."""
    outcome = FileOutcome()
    try:
        document = read_document(relative, data)
    except ReadError as exc:
        outcome.errors.append(Diagnostic("error", relative, exc.message, exc.line))
        return outcome
    except Exception as exc:  # a bug must not stop the other files
        outcome.errors.append(Diagnostic("error", relative, f"could not be read (internal error: {type(exc).__name__}: {exc})"))
        return outcome
    for diagnostic in document.diagnostics:
        (outcome.errors if diagnostic.severity == "error" else outcome.warnings).append(diagnostic)
    if document.metadata.get("published") is False:
        outcome.skipped = Skipped(relative, "published: false in the front matter")
        return outcome
    try:
        source = normalise(document, source_id, meta)
    except Exception as exc:
        outcome.errors.append(Diagnostic("error", relative, f"could not be normalised (internal error: {type(exc).__name__}: {exc})"))
        return outcome
    if not source.paragraphs:
        outcome.warnings.append(Diagnostic("warning", relative, "has no paragraphs of text after normalisation"))
    if analysis is not None:
        try:
            outcome.quotes = analyse_source(source, _compiled(analysis))
            outcome.signature = source_signature(source)
        except Exception as exc:
            outcome.errors.append(Diagnostic("error", relative, f"could not be analysed (internal error: {type(exc).__name__}: {exc})"))
            return outcome
    outcome.source = source
    return outcome


def _read_task(task: tuple) -> bytes:
    """A worker's job: one file's outcome, pickled (the parent stores these bytes in the
    cache as they are)."""
    return pickle.dumps(read_one(*task), protocol=pickle.HIGHEST_PROTOCOL)


def _file_bytes(path: Path, relative: str) -> bytes | FileOutcome:
    """The file's bytes, or an outcome with the error that kept it from being read."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ReadError(f"is {size // (1024 * 1024)} MB, more than the {MAX_FILE_BYTES // (1024 * 1024)} MB a source may have")
        return path.read_bytes()
    except ReadError as exc:
        return FileOutcome(errors=[Diagnostic("error", relative, exc.message, exc.line)])
    except OSError as exc:
        return FileOutcome(errors=[Diagnostic("error", relative, f"cannot be read ({exc.strerror or exc})")])


@dataclass
class Inputs:
    """The files of the sources folder, read: each one's bytes (or the outcome of the error
    that kept it from being read), its page id and its cache key; and the files skipped."""

    files: list[tuple[str, Path]]
    ids: list[str]
    contents: list[bytes | FileOutcome]
    keys: list[str | None]
    skipped: list[Skipped]

    def fingerprint(self, cache: BuildCache, *extra: str) -> str:
        """What the whole output depends on: every file's key (which covers its bytes,
        path, id, the configuration and the code) or read error, the skipped files and
        ``extra`` (e.g. the output folder's place in the site)."""
        parts: list[str] = [*extra]
        for (relative, _), key, content in zip(self.files, self.keys, self.contents):
            parts.append(f"{relative}\0{key}" if key is not None else f"{relative}\0{[d.format() for d in content.errors]}")  # type: ignore[union-attr]
        parts += [f"{s.path}\0{s.reason}" for s in self.skipped]
        return cache.key("build", *parts)


def gather_inputs(config: Config, cache: BuildCache, analysis: bool = True) -> Inputs:
    """List the sources folder and read every file's bytes; nothing is parsed yet."""
    files, skipped = list_source_files(config.sources_dir)
    ids = source_ids([rel for rel, _ in files])
    contents = [_file_bytes(path, relative) for relative, path in files]
    keys = [
        None if isinstance(data, FileOutcome) else cache.key("analysed" if analysis else "read", relative, source_id, data)
        for (relative, _), source_id, data in zip(files, ids, contents)
    ]
    return Inputs(files, ids, contents, keys, skipped)


def read_files(config: Config, inputs: Inputs, cache: BuildCache, workers: int | None = None, analysis: AnalysisSpec | None = None) -> list[FileOutcome]:
    """The outcome of every file, in the order given: from the cache where the key (bytes,
    path, id, configuration, code) matches, else read and normalised, over several
    processes when there are enough files for it to pay."""
    outcomes: list[FileOutcome | None] = [None] * len(inputs.files)
    keys = inputs.keys
    tasks: dict[int, tuple] = {}
    for index, ((relative, _), source_id, data) in enumerate(zip(inputs.files, inputs.ids, inputs.contents)):
        if isinstance(data, FileOutcome):
            outcomes[index] = data
            continue
        tasks[index] = (relative, data, source_id, config.source_meta.get(relative), analysis)
    cache.use(keys[i] for i in tasks)
    cached = cache.get_many([keys[i] for i in tasks])  # type: ignore[misc]
    todo = []
    for index in tasks:
        blob = cached.pop(keys[index], None)  # type: ignore[arg-type]
        if blob is not None:
            outcomes[index] = pickle.loads(blob)
        else:
            todo.append(index)
    for start in range(0, len(todo), BATCH):  # in batches: the pickled results are not all held at once
        batch = todo[start : start + BATCH]
        blobs = parallel_map(_read_task, [tasks[i] for i in batch], workers)
        new = {}
        for index, blob in zip(batch, blobs):
            outcomes[index] = pickle.loads(blob)
            new[keys[index]] = blob
        cache.put_many(new)
    for index in tasks:
        source = outcomes[index].source  # type: ignore[union-attr]
        if source is not None:
            cache.source_keys[source.id] = keys[index]  # type: ignore[assignment]
    return outcomes  # type: ignore[return-value]


def read_sources(config: Config, *, cache: BuildCache | None = None, workers: int | None = None, quotes: dict[str, list[Quote]] | None = None, inputs: Inputs | None = None, signatures: dict[str, SourceSignature] | None = None) -> tuple[list[Source], list[Diagnostic], list[Diagnostic], list[Skipped]]:
    """Read and normalise every file of the sources folder: (sources, errors, warnings, skipped).

    With ``quotes`` (a dict to fill), the per-source analysis runs with the reading (in
    the workers, and cached with it); each source's quotes are put there by its id, and
    into ``signatures`` (a dict to fill) what the dossier-wide steps read of it."""
    errors: list[Diagnostic] = []
    warnings: list[Diagnostic] = []
    if not config.sources_dir.is_dir():
        errors.append(Diagnostic("error", str(config.sources_dir), "the sources folder does not exist"))
        return [], errors, warnings, []
    cache = cache or BuildCache(None, config.fingerprint())
    inputs = inputs or gather_inputs(config, cache, analysis=quotes is not None)
    files, skipped = inputs.files, list(inputs.skipped)
    sources: list[Source] = []
    with gc_paused():
        spec = analysis_spec(config) if quotes is not None else None
        outcomes = read_files(config, inputs, cache, workers, spec)
    for outcome in outcomes:
        errors += outcome.errors
        warnings += outcome.warnings
        if outcome.skipped is not None:
            skipped.append(outcome.skipped)
        if outcome.source is not None:
            sources.append(outcome.source)
            if quotes is not None and outcome.quotes is not None:
                quotes[outcome.source.id] = outcome.quotes
            if signatures is not None and outcome.signature is not None:
                signatures[outcome.source.id] = outcome.signature
    known = {rel for rel, _ in files}
    for name in sorted(config.source_meta):
        if name not in known:
            warnings.append(Diagnostic("warning", str(config.path.name), f"source_meta names {name!r}, which is not a file in the sources folder"))
    skipped.sort(key=lambda s: s.path)
    return sources, errors, warnings, skipped


def build(config: Config | str | Path, *, write: bool = True, workers: int | None = None, use_cache: bool = True, keep_files: bool = False) -> BuildResult:
    """Run the whole pipeline; raises ``ConfigError`` only for a broken configuration.

    ``workers``: processes for reading and rendering (default: the CPUs available; 1:
    all in this process; the output is the same). ``use_cache``: reuse what earlier
    builds read (``.dossier-cache/``). ``keep_files``: also keep every output file in
    ``BuildResult.files`` (always so with ``write=False``).

    When nothing the output depends on changed since the last build into the same folder
    (every file's bytes, the configuration, the code) and that folder is as the build left
    it, there is nothing to do: the result says so (``up_to_date``) and carries the last
    build's diagnostics, without reading, analysing or writing anything again."""
    if not isinstance(config, Config):
        config = load_config(config)
    output_rel = output_relative_to_docs(config)
    build_cache = BuildCache(cache_folder(config.root, docs_dir_of(config)) if use_cache else None, config.fingerprint())
    try:
        inputs = gather_inputs(config, build_cache) if config.sources_dir.is_dir() else None
        fingerprint = inputs.fingerprint(build_cache, output_rel, str(config.output_dir)) if inputs is not None else None
        last = _last_build(config, build_cache) if write else None
        if write and not keep_files and fingerprint is not None and last is not None:
            unchanged = _up_to_date(config, last, fingerprint)
            if unchanged is not None:
                return unchanged
        quotes: dict[str, list[Quote]] = {}
        signatures: dict[str, SourceSignature] = {}
        sources, errors, warnings, skipped = read_sources(config, cache=build_cache, workers=workers, quotes=quotes, inputs=inputs, signatures=signatures)
        del inputs  # every file's bytes (the size of the corpus): not needed once read
    except BaseException:
        build_cache.close()
        raise
    dossier = Dossier(
        title=config.title,
        description=config.description,
        language=config.language,
        sources=sources,
        errors=errors,
        warnings=warnings,
        skipped=skipped,
    )
    result = BuildResult(config=config, dossier=dossier, kept_files={} if keep_files or not write else None)
    try:
        with gc_paused():
            analyse(dossier, config, quotes_by_source=quotes, signatures=signatures, memo=build_cache if use_cache else None)
            digests = {source_id: signature.paragraphs for source_id, signature in signatures.items()}
            del signatures
            output = _noting(result, iter_output(dossier, output_rel, cache=build_cache, workers=workers, paragraph_digests=digests))
            if write:
                result.stats = write_output(config.output_dir, output, last.records if last is not None else None)
                build_cache.prune()
                if fingerprint is not None:
                    build_cache.record_build(str(config.output_dir), fingerprint, _build_record(result))
            else:
                for _ in output:
                    pass
    finally:
        build_cache.close()
    result.cache_hits, result.cache_misses = build_cache.hits, build_cache.misses
    return result


def _build_record(result: BuildResult) -> bytes:
    """What a later build reads of this one: its diagnostics, counts and home block (for a
    build that finds nothing changed) and the record of every output file (size,
    modification time, digest, key; see ``writer.FileRecord``)."""
    dossier = result.dossier
    summary = (dossier.errors, dossier.warnings, dossier.skipped, result.home, result.source_count, result.paragraph_count)
    records = output_records(result.config.output_dir, result.stats.made or {}) if result.stats is not None else {}
    return pickle.dumps((summary, {path: tuple(record) for path, record in records.items()}), protocol=pickle.HIGHEST_PROTOCOL)


@dataclass
class LastBuild:
    """What the last build into the same output folder left: the fingerprint of its
    inputs, its summary and the record of each file it wrote."""

    fingerprint: str
    summary: tuple
    records: dict[str, FileRecord]


def _last_build(config: Config, cache: BuildCache) -> LastBuild | None:
    """The last build into this output folder, as the cache remembers it; None if there
    is none or its record is of another version."""
    last = cache.last_build(str(config.output_dir))
    if last is None:
        return None
    try:
        summary, raw = pickle.loads(last[1])
        errors, warnings, skipped, home, source_count, paragraph_count = summary
        records = {path: FileRecord(*values) for path, values in raw.items()}
        if not all(isinstance(r.size, int) and isinstance(r.mtime_ns, int) and isinstance(r.digest, str) and isinstance(r.key, str) for r in records.values()):
            return None
    except Exception:  # a record of another version: as if there were none
        return None
    return LastBuild(last[0], summary, records)


def _up_to_date(config: Config, last: LastBuild, fingerprint: str) -> BuildResult | None:
    """The result of the last build, if it was made from exactly these inputs and its
    output folder is untouched since; else None (the build runs)."""
    if last.fingerprint != fingerprint:
        return None
    if output_state(config.output_dir) != {path: (record.size, record.mtime_ns) for path, record in last.records.items()}:
        return None
    errors, warnings, skipped, home, source_count, paragraph_count = last.summary
    dossier = Dossier(title=config.title, description=config.description, language=config.language, errors=errors, warnings=warnings, skipped=skipped)
    return BuildResult(config=config, dossier=dossier, home=home, stats=WriteStats(unchanged=len(last.records) - 1), up_to_date=True, counts=(source_count, paragraph_count))


def _noting(result: BuildResult, output: Iterator[tuple[str, Content]]) -> Iterator[tuple[str, Content]]:
    """Pass the output on, keeping the home block, and every file if the result keeps them."""
    for path, content in output:
        if not isinstance(content, (str, bytes)) and result.kept_files is not None:
            content = materialised(content)
        if path == HOME_FILE and isinstance(content, str):
            result.home = content
        if result.kept_files is not None:
            result.kept_files[path] = content
        yield path, content
