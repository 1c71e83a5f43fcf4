"""Render stage: a ``Dossier`` -> the files of the output folder (path -> text).

Paths are made here from slugs only; the writer refuses any path that would leave the
output folder. Nothing is written to disk in this stage.
"""

from __future__ import annotations

import dataclasses
import json

from ..model import Dossier
from ..parallel import fork_map
from .data import dossier_data, source_data
from .home import HOME_FILE, render_home
from .labels import labels
from .markdown import json_dumps_lines
from .report import render_report
from .sources import render_source, render_source_list_pages, render_sources_index, source_page_path

REPORT_PAGE = "report.md"
SOURCES_INDEX = "sources/index.md"
DATA_FILE = "dossier.json"


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
    outputs = fork_map(_source_outputs, len(dossier.sources), dossier)
    for source, (page, _) in zip(dossier.sources, outputs):
        files[source_page_path(source)] = page
    files[SOURCES_INDEX] = render_sources_index(dossier)
    files.update(render_source_list_pages(dossier))
    files[REPORT_PAGE] = render_report(dossier)
    base = output_rel.strip("/") + "/" if output_rel.strip("/") else ""
    sections = [(lab["sources"], SOURCES_INDEX), (lab["report"], REPORT_PAGE)]
    files[HOME_FILE] = render_home(dossier, base, sections)
    data = dossier_data(dataclasses.replace(dossier, sources=[]))
    files[DATA_FILE] = json_dumps_lines(data, encoded={"sources": [fragment for _, fragment in outputs]})
    return files


_COMPACT = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _source_outputs(dossier: Dossier, index: int) -> tuple[str, str]:
    """What one source contributes: its page, and its entry of ``dossier.json`` (compact
    JSON). Independent of the other sources' outputs, so sources are rendered in
    parallel (``fork_map``)."""
    source = dossier.sources[index]
    return render_source(source, dossier), _COMPACT.encode(source_data(source))
