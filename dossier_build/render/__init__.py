"""Render stage: a ``Dossier`` -> the files of the output folder (path -> text).

Paths are made here from slugs only; the writer refuses any path that would leave the
output folder. Nothing is written to disk in this stage.
"""

from __future__ import annotations

from ..model import Dossier
from .actors import ACTORS_INDEX, render_actor_pages, render_actors_index
from .citations import PageIndex, words
from .data import dossier_data
from .graph import TIMELINE_PAGE, render_home_blocks, render_timeline_page
from .home import HOME_FILE, render_home
from .labels import labels
from .markdown import json_dumps
from .report import render_report
from .quotes import QUOTES_PAGE, render_quotes
from .sources import render_source, render_sources_index, source_page_path
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


def render_dossier(dossier: Dossier, output_rel: str) -> dict[str, str]:
    """Every file of the output folder. ``output_rel`` is the output folder relative to the
    MkDocs docs folder (``dossier``), used for site URLs and the home block's links."""
    lab = labels(dossier.language)
    files: dict[str, str] = {}
    for source in dossier.sources:
        path = source_page_path(source)
        source.page = site_url(output_rel, path)
    for source in dossier.sources:
        files[source_page_path(source)] = render_source(source, dossier)
    files[SOURCES_INDEX] = render_sources_index(dossier)
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
    files[DATA_FILE] = json_dumps(dossier_data(dossier))
    return files


def render_analysis_pages(dossier: Dossier, output_rel: str) -> dict[str, str]:
    """Actor and topic pages with their indexes, the quotes, discrepancies and timeline
    pages. Every page the navigation names is written, even when it has nothing to show."""
    files: dict[str, str] = {}
    actors = dossier.analysis.get("actors", [])
    topics = dossier.analysis.get("topics", [])
    actor_names = {a["id"]: a["name"] for a in actors}
    topic_names = {t["id"]: t["name"] for t in topics}
    index = PageIndex(dossier)
    for actor in actors:
        pages = render_actor_pages(dossier, actor, topic_names, actor_names, index)
        actor["page"] = site_url(output_rel, next(iter(pages)))
        files.update(pages)
    for topic in topics:
        pages = render_topic_pages(dossier, topic, actor_names, index)
        topic["page"] = site_url(output_rel, next(iter(pages)))
        files.update(pages)
    files[ACTORS_INDEX] = render_actors_index(dossier)
    files[TOPICS_INDEX] = render_topics_index(dossier)
    files[QUOTES_PAGE] = render_quotes(dossier)
    files[TIMELINE_PAGE] = render_timeline_page(dossier)
    if render_discrepancies is not None:
        files[DISCREPANCIES_PAGE] = render_discrepancies(dossier)
    else:
        files[DISCREPANCIES_PAGE] = _discrepancies_placeholder(dossier)
    return files


def _discrepancies_placeholder(dossier: Dossier) -> str:
    """The discrepancies page until its renderer is installed: the navigation names it."""
    from . import markdown as md

    w = words(dossier.language)
    return md.front_matter({"tags": [w["discrepancies"]]}) + f"# {w['discrepancies']}\n\n{w['discrepancies_unavailable']}\n"
