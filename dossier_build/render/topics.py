"""Topic pages (one per topic in ``dossier.yml``) and the topics index.

A topic with at most ``PAGE_SIZE`` paragraphs has one page, ``topics/<id>.md``. Past that,
the first page keeps the description, the facts and the actors involved and lists the
periods with their paragraph counts; the paragraphs go to period pages
(``topics/<id>--2024.md``, ``--2024-03.md``, ``--2024-03--2.md``, ``--undatiert.md``; the
rule is in :mod:`.periods`), in date order, taken from the build cache when nothing the
page shows changed.
"""

from __future__ import annotations

from ..cache import BuildCache
from ..model import Dossier
from . import markdown as md
from .citations import PAGE_SIZE, Footnotes, PageIndex, entity_file, entity_stem, Statement, entity_period_pages, fold_shared, render_statement, words
from .labels import format_date
from .pagecache import PageSpec, cached_pages

TOPICS_DIR = "topics"
TOPICS_INDEX = f"{TOPICS_DIR}/index.md"


def topic_base(topic_id: str) -> str:
    """A topic's page path without ``.md`` (period pages add ``--2024-03`` …)."""
    return f"{TOPICS_DIR}/{entity_stem(topic_id)}"


def topic_statements(index: PageIndex, topic_id: str) -> list[Statement]:
    """The topic's paragraphs (off-topic ones left out), in date order."""
    return [Statement(source, paragraph, paragraph.text, paragraph.sentences or [paragraph.text]) for source, paragraph in index.by_topic.get(topic_id, [])]


def _statement_list(statements: list[Statement], notes: Footnotes, language: str) -> str:
    """The statements under one heading, in the order given."""
    return f"## {words(language)['statements']}\n\n" + "".join(render_statement(s, notes, language) for s in statements) + "\n"


def render_topic_pages(dossier: Dossier, summary: dict, actor_names: dict[str, str], index: PageIndex | None = None, cache: BuildCache | None = None) -> dict[str, str]:
    """The topic's page(s): path inside the output folder -> Markdown, the first page
    first; ``cache``: reuse period pages whose inputs are unchanged (see
    :mod:`.pagecache`)."""
    first, text, specs = topic_page_specs(dossier, summary, actor_names, index or PageIndex(dossier))
    return {first: text, **cached_pages(cache, "topic", specs)}


def topic_page_specs(dossier: Dossier, summary: dict, actor_names: dict[str, str], index: PageIndex) -> tuple[str, str, list[PageSpec]]:
    """The topic's first page (path, Markdown) and how to make each period page (none when
    the paragraphs fit on the first page)."""
    lang = dossier.language
    w = words(lang)
    statements = fold_shared(topic_statements(index, summary["id"]), index.shared)
    base = topic_base(summary["id"])
    tags = [w["topic"]]
    notes = Footnotes(dossier, "../", index.sources, texts=index.texts)
    parts = [md.front_matter({"title": md.page_title(summary["name"]), "tags": tags, "names": [summary["name"]]}), f"# {md.text(summary['name'])}\n\n"]
    if summary.get("description"):
        parts.append(md.text(summary["description"]) + "\n\n")
    rows = [
        [f"**{w['paragraphs']}**", str(summary["paragraphs"])],
        [f"**{w['sources']}**", str(summary["sources"])],
        [f"**{w['keywords']}**", md.text(", ".join(summary["keywords"]))],
    ]
    for key, label in (("first", "first_topic"), ("last", "last_topic")):
        entry = summary.get(key)
        if entry:
            source = notes.sources[entry["source"]]
            rows.append([f"**{w[label]}**", md.text(format_date(source.date, lang)) + notes.cite(entry["source"], entry["paragraph"])])
    parts.append('<div class="dossier-meta" markdown>\n\n' + md.table(["", ""], rows) + "\n</div>\n\n")
    involved = [a for a in summary["actors"] if a["actor"] in actor_names]
    if involved:
        parts.append(f"## {w['involved']}\n\n")
        parts.append(", ".join(f"{md.internal_link(actor_names[a['actor']], '../actors/' + entity_file(a['actor']))} ({a['count']})" for a in involved) + "\n\n")
    if len(statements) <= PAGE_SIZE:
        parts.append(_statement_list(statements, notes, lang) if statements else w["no_paragraphs"] + "\n\n")
        parts.append("\n" + notes.definitions())
        return f"{base}.md", "".join(parts), []
    overview, specs = entity_period_pages(dossier, index, summary, base, tags, statements, "topic", _statement_list, w["paragraphs_by_period"], w["paragraph_count"])
    parts.append(overview)
    parts.append("\n" + notes.definitions())
    return f"{base}.md", "".join(parts), specs



def render_topics_index(dossier: Dossier) -> str:
    """All topics with their paragraph and source counts."""
    lang = dossier.language
    w = words(lang)
    topics = dossier.analysis.get("topics", [])
    parts = [md.front_matter({"tags": [w["topics"]]}), f"# {w['topics']}\n\n"]
    if not topics:
        parts.append(w["none_topics"] + "\n")
        return "".join(parts)
    rows = []
    for topic in topics:
        rows.append([md.internal_link(topic["name"], entity_file(topic["id"])), md.text(topic.get("description") or ""), str(topic["paragraphs"]), str(topic["sources"])])
    parts.append(md.table([w["topic"], w["description"], w["paragraphs"], w["sources"]], rows))
    return "".join(parts)
