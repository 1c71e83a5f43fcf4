"""Render stage: a ``Dossier`` -> the files of the output folder (path -> text).

Paths are made here from slugs only; the writer refuses any path that would leave the
output folder. Nothing is written to disk in this stage.
"""

from __future__ import annotations

import dataclasses
import json

from ..cache import BuildCache
from ..model import Dossier, Source
from ..parallel import fork_map
from .actors import ACTORS_INDEX, render_actor_pages, render_actors_index
from .citations import PageIndex, words
from .data import dossier_data, source_data
from .graph import TIMELINE_PAGE, render_home_blocks, render_timeline_page
from .home import HOME_FILE, render_home
from .labels import labels
from .markdown import json_dumps_lines
from .report import render_report
from .quotes import QUOTES_PAGE, render_quotes
from .sources import render_source, render_source_list_pages, render_sources_index, source_page_path
from .topics import TOPICS_INDEX, render_topic_pages, render_topics_index

try:
    from .discrepancies import render_discrepancies
except ImportError:  # the discrepancies page lands on another branch
    render_discrepancies = None

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
    """Every file of the output folder. ``output_rel`` is the output folder relative to the
    MkDocs docs folder (``dossier``), used for site URLs and the home block's links.
    ``cache``: reuse the per-source outputs of earlier builds (see :func:`source_outputs`);
    ``workers``: processes to render in (default: the CPUs available).

    Pages are text; ``dossier.json``, which grows with the dossier, is UTF-8 bytes."""
    lab = labels(dossier.language)
    files: dict[str, str | bytes] = {}
    for source in dossier.sources:
        path = source_page_path(source)
        source.page = site_url(output_rel, path)
    outputs = source_outputs(dossier, cache, workers)
    for source, (page, _) in zip(dossier.sources, outputs):
        files[source_page_path(source)] = page
    files[SOURCES_INDEX] = render_sources_index(dossier)
    files.update(render_source_list_pages(dossier))
    files[REPORT_PAGE] = render_report(dossier)
    files.update(render_analysis_pages(dossier, output_rel))
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
    files[HOME_FILE] = render_home(dossier, base, sections, render_home_blocks(dossier, base))
    data = dossier_data(dataclasses.replace(dossier, sources=[]))
    fragments = [fragment for _, fragment in outputs]
    del outputs  # the entries are joined into one text below; do not hold them twice
    files[DATA_FILE] = json_dumps_lines(data, encoded={"sources": fragments})
    return files


def render_analysis_pages(dossier: Dossier, output_rel: str) -> dict[str, str]:
    """Actor and topic pages with their indexes, the quotes, discrepancies and timeline
    pages. Every page the navigation names is written, even when it has nothing to show;
    pages that would grow with the dossier are split (see ``citations.chunked``)."""
    from .discrepancies import render_discrepancy_pages
    from .graph import render_timeline_pages
    from .quotes import quote_entries, speaker_pages

    files: dict[str, str] = {}
    actors = dossier.analysis.get("actors", [])
    topics = dossier.analysis.get("topics", [])
    actor_names = {a["id"]: a["name"] for a in actors}
    topic_names = {t["id"]: t["name"] for t in topics}
    index = PageIndex(dossier)
    quotes = quote_entries(dossier, index.sources)
    quote_pages = speaker_pages(quotes, actor_names)
    for actor in actors:
        pages = render_actor_pages(dossier, actor, topic_names, actor_names, index, quote_pages.get(actor["id"], QUOTES_PAGE))
        actor["page"] = site_url(output_rel, next(iter(pages)))
        files.update(pages)
    for topic in topics:
        pages = render_topic_pages(dossier, topic, actor_names, index)
        topic["page"] = site_url(output_rel, next(iter(pages)))
        files.update(pages)
    files[ACTORS_INDEX] = render_actors_index(dossier)
    files[TOPICS_INDEX] = render_topics_index(dossier)
    files.update(render_quotes(dossier, index, quotes))
    files.update(render_timeline_pages(dossier))
    files.update(render_discrepancy_pages(dossier))
    return files


def _discrepancies_placeholder(dossier: Dossier) -> str:
    """The discrepancies page until its renderer is installed: the navigation names it."""
    from . import markdown as md

    w = words(dossier.language)
    return md.front_matter({"tags": [w["discrepancies"]]}) + f"# {w['discrepancies']}\n\n{w['discrepancies_unavailable']}\n"


_COMPACT = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _source_outputs(state: tuple[Dossier, list[int]], position: int) -> tuple[str, bytes]:
    """What one source contributes: its page, and its entry of ``dossier.json`` (compact
    JSON). Independent of the other sources' outputs, so sources are rendered in
    parallel (``fork_map``)."""
    dossier, indices = state
    source = dossier.sources[indices[position]]
    return render_source(source, dossier), _COMPACT.encode(source_data(source)).encode("utf-8")


def render_inputs(source: Source) -> str:
    """What a source's outputs depend on besides its file, configuration and code (which
    the key of the source already covers): its page URL and what analysis added to its
    paragraphs."""
    return repr(
        (
            source.page,
            [
                (p.actors, p.topics, p.off_topic, p.duplicates, [(m.actor, m.surface, m.start, m.end) for m in p.mentions])
                for p in source.paragraphs
            ],
        )
    )


def source_outputs(dossier: Dossier, cache: BuildCache | None = None, workers: int | None = None) -> list[tuple[str, bytes]]:
    """(page, ``dossier.json`` entry) of every source, in order: from the cache when the
    source and its render inputs are unchanged, else rendered (in parallel)."""
    keys: list[str | None] = [None] * len(dossier.sources)
    if cache is not None:
        for index, source in enumerate(dossier.sources):
            source_key = cache.source_keys.get(source.id)
            if source_key is not None:
                keys[index] = cache.key("render", source_key, render_inputs(source))
        known = [key for key in keys if key is not None]
        cache.use(known)
        cached = cache.get_many(known)
    else:
        cached = {}
    outputs: list[tuple[str, bytes] | None] = [None] * len(dossier.sources)
    todo = []
    for index, key in enumerate(keys):
        blob = cached.pop(key, None) if key is not None else None
        if blob is not None:
            page, _, fragment = blob.partition(b"\0")
            outputs[index] = (page.decode("utf-8"), fragment)
        else:
            todo.append(index)
    for start in range(0, len(todo), 2000):  # in batches: the cache entries are not all held at once
        batch = todo[start : start + 2000]
        rendered = fork_map(_source_outputs, len(batch), (dossier, batch), workers)
        new = {}
        for index, output in zip(batch, rendered):
            outputs[index] = output
            if keys[index] is not None:
                new[keys[index]] = output[0].encode("utf-8") + b"\0" + output[1]
        if cache is not None:
            cache.put_many(new)
    return outputs  # type: ignore[return-value]
