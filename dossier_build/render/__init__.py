"""Render stage: a ``Dossier`` -> the files of the output folder (path -> text).

Paths are made here from slugs only; the writer refuses any path that would leave the
output folder. Nothing is written to disk in this stage.
"""

from __future__ import annotations

import dataclasses
import json
import tempfile
from typing import Iterable, Iterator, Mapping

from ..cache import BuildCache
from ..model import Dossier, Source
from ..parallel import available_cpus, fork_map
from ..writer import Deferred
from .actors import ACTORS_INDEX, actor_page_specs, render_actors_index
from .citations import PageIndex, words
from .data import dossier_data, source_data
from .discrepancies import render_discrepancy_pages
from .graph import TIMELINE_PAGE, render_home_blocks, render_timeline_pages
from .home import HOME_FILE, render_home
from .labels import labels
from .markdown import json_chunks
from .pagecache import PageSpec, entity_key, from_cache, keyed_pages, load_entities, page_key, read_manifest, store_entity, write_manifest
from .report import render_report
from .quotes import QUOTES_PAGE, quote_entries, render_quotes, speaker_pages
from .sources import render_source, render_source_list_pages, render_sources_index, source_page_path
from .topics import TOPICS_INDEX, render_topics_index, topic_page_specs

REPORT_PAGE = "report.md"
SOURCES_INDEX = "sources/index.md"
DATA_FILE = "dossier.json"
DISCREPANCIES_PAGE = "discrepancies.md"


def site_url(output_rel: str, page_path: str) -> str:
    """The site URL of a generated page (MkDocs ``use_directory_urls``)."""
    stem = page_path[:-3]
    if stem.endswith("index"):
        stem = stem[: -len("index")]
    else:
        stem += "/"
    return (output_rel.strip("/") + "/" if output_rel.strip("/") else "") + stem


def render_dossier(dossier: Dossier, output_rel: str, cache: BuildCache | None = None, workers: int | None = None) -> dict[str, str | bytes]:
    """Every file of the output folder, as a dict (see :func:`iter_output`, which the build
    uses so that the output is never whole in memory)."""
    return {path: materialised(content) for path, content in iter_output(dossier, output_rel, cache, workers)}


def materialised(content: str | bytes | Iterable[bytes] | Deferred) -> str | bytes:
    """A file's content as text or bytes: deferred content made, byte chunks joined."""
    if isinstance(content, Deferred):
        content = content.make()
    return content if isinstance(content, (str, bytes)) else b"".join(content)


def iter_output(dossier: Dossier, output_rel: str, cache: BuildCache | None = None, workers: int | None = None, paragraph_digests: Mapping[str, bytes] | None = None) -> Iterator[tuple[str, str | bytes | Iterable[bytes] | Deferred]]:
    """Every file of the output folder as ``(path, content)``, one after the other.
    ``output_rel`` is the output folder relative to the MkDocs docs folder (``dossier``),
    used for site URLs and the home block's links. ``cache``: reuse the per-source outputs
    of earlier builds (see :func:`source_outputs`); ``workers``: processes to render in
    (default: the CPUs available); ``paragraph_digests``: source id ->
    :func:`..analyse.paragraph_digests` of the source, where the build kept them with it
    (made here for the others).

    Pages are text; a source page the cache holds comes as ``writer.Deferred`` (made only
    if the writer needs it). ``dossier.json``, which grows with the dossier, comes last as
    UTF-8 byte chunks: each source's entry is rendered with its page and parked in a
    temporary file until then, or, when the cache holds it, fetched from there only then
    (:func:`source_entries`), so neither the pages nor the entries are all held at once."""
    lab = labels(dossier.language)
    for source in dossier.sources:
        path = source_page_path(source)
        source.page = site_url(output_rel, path)
    with tempfile.TemporaryFile() as spool:
        entries: list[str | tuple[int, int]] = []  # per source: its entry's cache key, or its place in the spool
        for source, page, fragment in source_outputs(dossier, cache, workers):
            yield source_page_path(source), page
            if isinstance(fragment, str):
                entries.append(fragment)
            else:
                entries.append((spool.tell(), len(fragment)))
                spool.write(fragment)
        yield SOURCES_INDEX, render_sources_index(dossier)
        yield from render_source_list_pages(dossier).items()
        yield REPORT_PAGE, render_report(dossier)
        yield from render_analysis_pages(dossier, output_rel, cache, workers, paragraph_digests)
        base = output_rel.strip("/") + "/" if output_rel.strip("/") else ""
        w = words(dossier.language)
        sections = [
            (lab["sources"], SOURCES_INDEX),
            (w["actors"], ACTORS_INDEX),
            (w["topics"], TOPICS_INDEX),
            (w["quotes"], QUOTES_PAGE),
            (w["discrepancies"], DISCREPANCIES_PAGE),
            (w["timeline"], TIMELINE_PAGE),
            (lab["report"], REPORT_PAGE),
        ]
        yield HOME_FILE, render_home(dossier, base, sections, render_home_blocks(dossier, base))
        data = dossier_data(dataclasses.replace(dossier, sources=[]))
        yield DATA_FILE, json_chunks(data, encoded={"sources": source_entries(dossier, cache, entries, spool)})


def source_entries(dossier: Dossier, cache: BuildCache | None, entries: list[str | tuple[int, int]], spool, batch_size: int = 500) -> Iterator[bytes]:
    """Each source's entry of ``dossier.json`` (compact JSON, UTF-8), in order: read from
    the ``spool`` file at its (offset, length), or fetched from the cache by its key, a
    batch at a time; an entry the cache no longer has is rendered again."""
    for start in range(0, len(entries), batch_size):
        batch = entries[start : start + batch_size]
        keys = [entry for entry in batch if isinstance(entry, str)]
        found = cache.get_many(keys) if cache is not None and keys else {}
        lost: dict[str, bytes] = {}
        for position, entry in enumerate(batch, start):
            if isinstance(entry, str):
                fragment = found.get(entry)
                if fragment is None:
                    fragment = lost[entry] = source_entry(dossier.sources[position])
                yield fragment
            else:
                spool.seek(entry[0])
                yield spool.read(entry[1])
        if lost and cache is not None:
            cache.put_many(lost)


def render_analysis_pages(dossier: Dossier, output_rel: str, cache: BuildCache | None = None, workers: int | None = None, paragraph_digests: Mapping[str, bytes] | None = None) -> Iterator[tuple[str, str]]:
    """Actor and topic pages with their indexes, the quotes, discrepancies and timeline
    pages, as ``(path, text)`` one after the other (only one actor's or topic's pages are
    held at a time). Every page the navigation names is written, even when it has nothing
    to show; pages that would grow with the dossier are split by period (see
    :mod:`.periods`), and period pages whose inputs are unchanged come from ``cache``.

    With a cache, an actor or topic whose key (:func:`.pagecache.entity_key`) is
    unchanged since a build that stored it is not collected again: its first page and
    the keys of its period pages come from the cache, the period pages as
    ``writer.Deferred``. Of the others,
    on a rebuild (the cache holds an earlier build's page keys) the statements and page
    keys are made in parallel (``workers`` processes, default: the CPUs), and only the
    pages not among the earlier build's are rendered; a first build renders each actor
    and topic once, in this process."""
    actors = dossier.analysis.get("actors", [])
    topics = dossier.analysis.get("topics", [])
    actor_names = {a["id"]: a["name"] for a in actors}
    topic_names = {t["id"]: t["name"] for t in topics}
    index = PageIndex(dossier, cache.source_keys if cache is not None else None, paragraph_digests)
    quotes = quote_entries(dossier, index.sources)
    quote_pages = speaker_pages(quotes, actor_names, index.sources)
    entities = [("actor", actor) for actor in actors] + [("topic", topic) for topic in topics]
    state = (dossier, index, entities, topic_names, actor_names, quote_pages)
    known = read_manifest(cache, output_rel) if cache is not None else None
    keys = _entity_keys(cache, state, output_rel) if cache is not None else [None] * len(entities)
    records = load_entities(cache, [key for key in keys if key is not None]) if cache is not None else {}
    todo = [position for position, key in enumerate(keys) if key not in records]
    planned: dict[int, tuple] = {}
    if todo and known is not None and (workers or available_cpus()) > 1:
        index.index_paragraphs()  # once here, not in every worker
        planned = dict(zip(todo, fork_map(_entity_pages, len(todo), (state, cache, known, todo), workers)))
    used: set[str] = set()
    for position, (kind, summary) in enumerate(entities):
        key = keys[position]
        record = records.get(key) if key is not None else None
        if record is not None:
            first, text, keyed = record
            pages: dict[str, str | Deferred] = {first: text}
            for path, page_key_ in keyed:
                pages[path] = _deferred_page(cache, state, position, path, page_key_)  # type: ignore[arg-type]
            cache.use([key, *(k for _, k in keyed)])  # type: ignore[union-attr]
        elif position in planned:
            first, text, made = planned[position]
            pages = {first: text}
            new = {}
            for path, page_key_, page in made:
                if page is None:
                    pages[path] = _deferred_page(cache, state, position, path, page_key_)  # type: ignore[arg-type]
                else:
                    pages[path] = page
                    new[page_key_] = page.encode("utf-8")
            keyed = [(path, page_key_) for path, page_key_, _ in made]
            cache.use(k for _, k in keyed)  # type: ignore[union-attr]
            cache.put_many(new)  # type: ignore[union-attr]
        else:
            first, text, specs = _entity_specs(state, position)
            made_pages = keyed_pages(cache, kind, specs, known)
            pages = {first: text, **{path: page for path, _, page in made_pages}}
            keyed = [(path, page_key_) for path, page_key_, _ in made_pages]
        if key is not None and record is None:
            store_entity(cache, key, (first, text, keyed))  # type: ignore[arg-type]
        used.update(k for _, k in keyed)
        summary["page"] = site_url(output_rel, first)
        yield from pages.items()
    yield ACTORS_INDEX, render_actors_index(dossier)
    yield TOPICS_INDEX, render_topics_index(dossier)
    yield from render_quotes(dossier, index, quotes, cache, known, used).items()
    yield from render_timeline_pages(dossier).items()
    yield from render_discrepancy_pages(dossier).items()
    if cache is not None:
        write_manifest(cache, output_rel, used)


def _entity_keys(cache: BuildCache, state: tuple, output_rel: str) -> list[str]:
    """The key of each actor's and topic's pages (see :func:`.pagecache.entity_key`)."""
    dossier, index, entities, topic_names, actor_names, quote_pages = state
    digests = index.entity_digests()
    shared = repr((dossier.language, output_rel, sorted(actor_names.items()), sorted(topic_names.items()), index.shared.has_passages))
    keys = []
    for kind, summary in entities:
        cited = [digests.get((kind, summary["id"]), "")]
        for end in ("first", "last"):  # the facts cite these (they are among the sources above)
            entry = summary.get(end)
            if entry and entry.get("source") in index.sources:
                cited.append(index.citation_token(entry["source"]))
        context = shared + repr(quote_pages.get(summary["id"], QUOTES_PAGE) if kind == "actor" else "")
        keys.append(entity_key(cache, kind, {k: v for k, v in summary.items() if k != "page"}, context, "\n".join(cited)))
    return keys


def _entity_specs(state: tuple, position: int) -> tuple[str, str, list[PageSpec]]:
    """The first page of actor or topic ``position`` (actors first) and how to make its
    period pages."""
    dossier, index, entities, topic_names, actor_names, quote_pages = state
    kind, summary = entities[position]
    if kind == "actor":
        return actor_page_specs(dossier, summary, topic_names, actor_names, index, quote_pages.get(summary["id"], QUOTES_PAGE))
    return topic_page_specs(dossier, summary, actor_names, index)


def _entity_pages(state: tuple, item: int) -> tuple[str, str, list[tuple[str, str, str | None]]]:
    """In a worker: the first page of the ``item``-th actor or topic to do (actors first)
    and (path, cache key, text) of each of its period pages, the text ``None`` for a page
    whose key the last build had (``known``): little to send back."""
    entity_state, cache, known, todo = state
    position = todo[item]
    first, text, specs = _entity_specs(entity_state, position)
    kind = entity_state[2][position][0]
    made = []
    for path, inputs, render in specs:
        key = page_key(cache, kind, path, inputs)
        made.append((path, key, None if key in known else render()))
    return first, text, made


def _deferred_page(cache: BuildCache, state: tuple, position: int, path: str, key: str) -> Deferred:
    """The period page ``path`` of actor or topic ``position``, stored under ``key``, as
    ``writer.Deferred``: fetched from the cache only if the writer needs it, rendered in
    this process if the cache no longer has it."""

    def render() -> str:
        _, _, specs = _entity_specs(state, position)
        return next(make for page, _, make in specs if page == path)()

    return Deferred(key, from_cache(cache, key, render))


_COMPACT = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _source_outputs(state: tuple[Dossier, list[int]], position: int) -> tuple[str, bytes]:
    """What one source contributes: its page, and its entry of ``dossier.json`` (compact
    JSON). Independent of the other sources' outputs, so sources are rendered in
    parallel (``fork_map``)."""
    dossier, indices = state
    source = dossier.sources[indices[position]]
    return render_source(source, dossier), source_entry(source)


def source_entry(source: Source) -> bytes:
    """A source's entry of ``dossier.json``: compact JSON, keys sorted, UTF-8."""
    return _COMPACT.encode(source_data(source)).encode("utf-8")


def render_inputs(source: Source) -> str:
    """What a source's outputs depend on besides its key in the cache (which covers its
    file, the configuration and the code, and so everything reading and the per-source
    analysis made of it: text, sentences, mentions, actors, topics): its page URL and what
    the dossier-wide steps set on its paragraphs (off-topic, duplicates)."""
    # page URLs and "<source id>#<paragraph id>" are made of slugs: never a NUL or \1
    return "\0".join([source.page, *[("1" if p.off_topic else "0") + "\1".join(p.duplicates) for p in source.paragraphs]])


def render_keys(dossier: Dossier, cache: BuildCache) -> dict[str, str]:
    """Source id -> the key of its outputs (page and ``dossier.json`` entry): its key in
    the cache (file, configuration, code) and :func:`render_inputs`; sources without a
    key in the cache are left out (they are always rendered)."""
    keys = {}
    for source in dossier.sources:
        source_key = cache.source_keys.get(source.id)
        if source_key is not None:
            keys[source.id] = cache.key("render", source_key, render_inputs(source))
    return keys


def source_outputs(dossier: Dossier, cache: BuildCache | None = None, workers: int | None = None, batch_size: int = 2000) -> Iterator[tuple[Source, str | Deferred, bytes | str]]:
    """(source, page, ``dossier.json`` entry) of every source, in order, a batch at a time:
    from the cache when the source and its render inputs are unchanged, else rendered (in
    parallel). Only one batch is held in memory.

    The cache keeps a source's entry under its render key and its page under a key made
    from it; a cached page comes as ``Deferred`` under that key, so a page the last build
    wrote under the same key is neither fetched nor compared again. An entry the cache
    holds comes as its key (``str``), not fetched yet (see :func:`source_entries`)."""
    render_key_of = render_keys(dossier, cache) if cache is not None else {}
    for start in range(0, len(dossier.sources), batch_size):
        indices = list(range(start, min(start + batch_size, len(dossier.sources))))
        keys: dict[int, str] = {}
        page_keys: dict[int, str] = {}
        if cache is not None:
            for index in indices:
                render_key = render_key_of.get(dossier.sources[index].id)
                if render_key is not None:
                    keys[index] = render_key
                    page_keys[index] = cache.key("page", render_key)
            cache.use(keys.values())
            cache.use(page_keys.values())
            cached = cache.has_many(list(keys.values()))
        else:
            cached = set()
        outputs: dict[int, tuple[str | Deferred, bytes | str]] = {}
        for index, key in keys.items():
            if key in cached:
                outputs[index] = (Deferred(page_keys[index], from_cache(cache, page_keys[index], _source_page(dossier, index))), key)  # type: ignore[arg-type]
        todo = [index for index in indices if index not in outputs]
        rendered = fork_map(_source_outputs, len(todo), (dossier, todo), workers)
        new = {}
        for index, output in zip(todo, rendered):
            outputs[index] = output
            if index in keys:
                new[keys[index]] = output[1]
                new[page_keys[index]] = output[0].encode("utf-8")
        if cache is not None:
            cache.put_many(new)
        del rendered, new, cached
        for index in indices:
            page, fragment = outputs.pop(index)
            yield dossier.sources[index], page, fragment


def _source_page(dossier: Dossier, index: int):
    """A function that renders source ``index``'s page again (when the cache lost it)."""
    return lambda: render_source(dossier.sources[index], dossier)
