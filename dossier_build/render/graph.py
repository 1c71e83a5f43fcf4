"""The home page's relations graph (Mermaid) and timeline, and the full timeline pages.

The graph shows the leading actors (most paragraphs) joined by how often they appear in
the same paragraph. Node labels are reduced to letters, digits, spaces, ``.`` and ``-``:
nothing from the input can end a Mermaid label or add syntax.
"""

from __future__ import annotations

import re

from ..model import Dossier, PartialDate
from . import markdown as md
from .citations import PAGE_SIZE, entity_file, source_label, words
from .periods import period_file, period_links, period_overview, split_by_period
from .labels import format_date

TIMELINE_PAGE = "timeline.md"
TIMELINE_BASE = "timeline"
LEADING_ACTORS = 12
MAX_EDGES = 24
TEXT_RELATIONS = 10
HOME_TIMELINE_ENTRIES = 30
_UNSAFE_LABEL = re.compile(r"[^\w .-]+")


def mermaid_label(text: str) -> str:
    """A Mermaid-safe label: only word characters, spaces, ``.`` and ``-``."""
    return re.sub(r"\s+", " ", _UNSAFE_LABEL.sub(" ", text)).strip() or "?"


def strongest_relations(dossier: Dossier) -> tuple[list[dict], list[tuple[int, int, int]]]:
    """The leading actors and the strongest pairs among them: (actors, [(a, b, count)])."""
    actors = [a for a in dossier.analysis.get("actors", []) if a["paragraphs"]]
    leading = sorted(actors, key=lambda a: (-a["paragraphs"], a["id"]))[:LEADING_ACTORS]
    index = {a["id"]: i for i, a in enumerate(leading)}
    edges = {}
    for actor in leading:
        for entry in actor["with"]:
            other = entry["actor"]
            if other in index and index[other] > index[actor["id"]]:
                edges[(index[actor["id"]], index[other])] = entry["count"]
    strongest = sorted(edges.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_EDGES]
    return leading, [(a, b, count) for (a, b), count in strongest]


def relations_graph(dossier: Dossier) -> str:
    """A Mermaid ``graph`` of the leading actors and their co-occurrence (empty if fewer
    than two actors are named together)."""
    leading, strongest = strongest_relations(dossier)
    if not strongest:
        return ""
    used = sorted({i for a, b, _ in strongest for i in (a, b)})
    lines = ["```mermaid", "graph LR"]
    for i in used:
        lines.append(f'  a{i}["{mermaid_label(leading[i]["name"])}"]')
    for a, b, count in sorted(strongest):
        lines.append(f"  a{a} ---|{count}| a{b}")
    lines.append("```")
    return "\n".join(lines) + "\n"


def relations_text(dossier: Dossier, base: str) -> str:
    """The same relations as text with links (readable without JavaScript)."""
    leading, strongest = strongest_relations(dossier)
    items = []
    for a, b, count in strongest[:TEXT_RELATIONS]:
        first, second = leading[a], leading[b]
        items.append(f"{md.internal_link(first['name'], base + 'actors/' + entity_file(first['id']))} – {md.internal_link(second['name'], base + 'actors/' + entity_file(second['id']))} ({count})")
    return "; ".join(items)


MAX_TIMELINE_PERIODS = 8
MAX_EVENTS_PER_PERIOD = 3


def timeline_periods(dossier: Dossier) -> list[tuple[str, list[str]]]:
    """The timeline grouped into at most ``MAX_TIMELINE_PERIODS`` periods (months, or years
    when there are more months than that), each with its labels: how many sources
    appeared, then up to ``MAX_EVENTS_PER_PERIOD`` named events; in date order."""
    entries = [(PartialDate.parse(e["date"]), e) for e in dossier.analysis.get("timeline", [])]
    entries = [(date, e) for date, e in entries if date is not None]
    for by_month in (True, False):
        periods: dict[tuple, tuple[PartialDate, list[dict]]] = {}
        for date, entry in entries:
            key = (date.year, date.month if by_month else None)
            periods.setdefault(key, (PartialDate(*key), []))[1].append(entry)
        if len(periods) <= MAX_TIMELINE_PERIODS or not by_month:
            break
    one, many = words(dossier.language)["source_count"]
    result = []
    for key in sorted(periods, key=lambda k: (k[0], k[1] or 0))[-MAX_TIMELINE_PERIODS:]:
        period, items = periods[key]
        sources = len({e["source"] for e in items if e["kind"] == "source"})
        labels = [f"{sources} {one if sources == 1 else many}"] if sources else []
        events = list(dict.fromkeys(mermaid_label(e["expression"]) for e in items if e["kind"] != "source"))
        labels += events[:MAX_EVENTS_PER_PERIOD]
        result.append((format_date(period, dossier.language), labels))
    return result


def timeline_diagram(dossier: Dossier) -> str:
    """A Mermaid ``timeline`` of the periods (labels made Mermaid-safe), or ""."""
    periods = timeline_periods(dossier)
    if not periods:
        return ""
    lines = ["```mermaid", "timeline"]
    for period, labels in periods:
        lines.append(f"    {mermaid_label(period)} : " + " : ".join(labels or ["-"]))
    lines.append("```")
    return "\n".join(lines) + "\n"


def _timeline_rows(dossier: Dossier, entries: list[dict], prefix: str, sources: dict | None = None) -> list[list[str]]:
    """Table rows (date, what) with links to the sources and paragraphs; ``sources``: the
    dossier's by id (made if not given)."""
    lang = dossier.language
    w = words(lang)
    sources = sources if sources is not None else {s.id: s for s in dossier.sources}
    rows = []
    for entry in entries:
        source = sources.get(entry["source"])
        if source is None:
            continue
        date = md.text(format_date(PartialDate.parse(entry["date"]), lang))
        if entry["kind"] == "source":
            what = f"{w['source_published']}: {md.internal_link(source.title, prefix + source.id + '.md')}"
        else:
            label = f"{source_label(source, lang)}, {w['paragraph']} {entry['paragraph'][1:]}"
            what = f"**{md.text(entry['expression'])}**: {md.text(entry['text'])} ({md.internal_link(label, prefix + source.id + '.md#' + entry['paragraph'])})"
        rows.append([date, what])
    return rows


def render_home_blocks(dossier: Dossier, base: str) -> tuple[str, ...]:
    """The graph and the start of the timeline for the home page; links relative to the
    docs folder (``base`` is the output folder, e.g. ``dossier/``)."""
    w = words(dossier.language)
    blocks = []
    graph = relations_graph(dossier)
    if graph:
        blocks.append(f"## {w['relations']}\n\n{w['relations_note']}\n\n{graph}\n{w['strongest']}: {relations_text(dossier, base)}\n\n")
    entries = dossier.analysis.get("timeline", [])
    if entries:
        rows = _timeline_rows(dossier, entries[:HOME_TIMELINE_ENTRIES], base + "sources/")
        text = f"## {w['timeline']}\n\n{w['timeline_note']}\n\n{timeline_diagram(dossier)}\n" + md.table([w["date"], w["event"]], rows) + "\n"
        if len(entries) > HOME_TIMELINE_ENTRIES:
            text += f"{md.internal_link(w['full_timeline'], base + TIMELINE_PAGE)} ({len(entries) - HOME_TIMELINE_ENTRIES} {w['more']})\n\n"
        blocks.append(text)
    return tuple(blocks)


def render_timeline_pages(dossier: Dossier) -> dict[str, str]:
    """Every timeline entry, in date order: on ``timeline.md`` when at most ``PAGE_SIZE``;
    past that, ``timeline.md`` lists the periods and the entries go to the page of their
    date's period (``timeline--2024.md``, ``timeline--2024-03.md``,
    ``timeline--2024-03--2.md``, ``timeline--undatiert.md``; see :mod:`.periods`), so that
    an entry added or changed changes only its period's page and the overview."""
    lang = dossier.language
    w = words(lang)
    front = md.front_matter({"tags": [w["timeline"]]})
    entries = dossier.analysis.get("timeline", [])
    if not entries:
        return {TIMELINE_PAGE: front + f"# {w['timeline']}\n\n" + w["no_timeline"] + "\n"}
    sources = {s.id: s for s in dossier.sources}
    if len(entries) <= PAGE_SIZE:
        return {TIMELINE_PAGE: front + f"# {w['timeline']}\n\n" + w["timeline_note"] + "\n\n" + md.table([w["date"], w["event"]], _timeline_rows(dossier, entries, "sources/", sources))}
    pages = split_by_period(entries, lambda entry: PartialDate.parse(entry["date"]), PAGE_SIZE, lambda entry: f"{entry['source']}#{entry.get('paragraph', '')}#{entry.get('expression', '')}")
    overview = f"## {w['by_period']}\n\n{w['by_period_note']}\n\n" + period_overview(TIMELINE_BASE, pages, lang, w["entry_count"])
    files = {TIMELINE_PAGE: front + f"# {w['timeline']}\n\n" + w["timeline_note"] + "\n\n" + overview}
    for position, page in enumerate(pages):
        links = period_links(TIMELINE_BASE, pages, position, TIMELINE_PAGE, lang)
        rows = _timeline_rows(dossier, page.items, "sources/", sources)
        parts = [front, f"# {w['timeline']}: {md.text(page.label(lang))}\n\n", links, md.table([w["date"], w["event"]], rows), "\n", links]
        files[period_file(TIMELINE_BASE, page.slug)] = "".join(parts)
    return files
