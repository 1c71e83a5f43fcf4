"""Topic pages (one per topic in ``dossier.yml``, paginated past ``PAGE_SIZE``
paragraphs) and the topics index."""

from __future__ import annotations

from ..model import Dossier
from . import markdown as md
from .citations import chunked, page_suffix, Footnotes, PageIndex, entity_file, entity_stem, Statement, fold_shared, page_file, page_links, render_statement, words
from .labels import format_date

TOPICS_DIR = "topics"
TOPICS_INDEX = f"{TOPICS_DIR}/index.md"


def topic_base(topic_id: str) -> str:
    """A topic's page path without ``.md`` (sub-pages add ``--2`` …)."""
    return f"{TOPICS_DIR}/{entity_stem(topic_id)}"


def topic_statements(index: PageIndex, topic_id: str) -> list[Statement]:
    """The topic's paragraphs (off-topic ones left out), in date order."""
    return [Statement(source, paragraph, paragraph.text, paragraph.sentences or [paragraph.text]) for source, paragraph in index.by_topic.get(topic_id, [])]


def render_topic_pages(dossier: Dossier, summary: dict, actor_names: dict[str, str], index: PageIndex | None = None) -> dict[str, str]:
    """The topic's page(s): path inside the output folder -> Markdown."""
    lang = dossier.language
    w = words(lang)
    index = index or PageIndex(dossier)
    statements = fold_shared(topic_statements(index, summary["id"]), index.shared)
    chunks = chunked(statements)
    base = topic_base(summary["id"])
    files = {}
    for number, chunk in enumerate(chunks, start=1):
        notes = Footnotes(dossier, "../", index.sources, texts=index.texts)
        suffix = page_suffix(number, lang)
        parts = [md.front_matter({"title": md.page_title(summary["name"] + suffix), "tags": [w["topic"]], **({"names": [summary["name"]]} if number == 1 else {})})]
        parts.append(f"# {md.text(summary['name'])}{suffix}\n\n")
        parts.append(page_links(base, len(chunks), number, lang))
        if number == 1:
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
        if statements:
            parts.append(f"## {w['statements']}\n\n")
            for statement in chunk:
                parts.append(render_statement(statement, notes, lang))
            parts.append("\n")
        elif number == 1:
            parts.append(w["no_paragraphs"] + "\n\n")
        parts.append(page_links(base, len(chunks), number, lang))
        parts.append("\n" + notes.definitions())
        files[page_file(base, number)] = "".join(parts)
    return files


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
