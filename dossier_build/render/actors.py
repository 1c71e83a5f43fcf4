"""Actor pages (one per actor in ``dossier.yml``) and the actors index.

An actor with at most ``PAGE_SIZE`` statements has one page, ``actors/<id>.md``. Past
that, the first page keeps the facts, the quotes and "named together with" and lists the
periods with their statement counts; the statements go to period pages
(``actors/<id>--2024.md``, ``--2024-03.md``, ``--2024-03--2.md``, ``--undatiert.md``; the
rule is in :mod:`.periods`), each grouped under topics (most statements on that page
first), taken from the build cache when nothing the page shows changed.
"""

from __future__ import annotations

from ..cache import BuildCache
from ..model import Dossier
from . import markdown as md
from .citations import PAGE_SIZE, Footnotes, PageIndex, entity_file, entity_stem, quote_items, render_quote_item, Statement, entity_period_pages, fold_shared, render_statement, words
from .labels import format_date
from .pagecache import PageSpec, cached_pages
from .quotes import QUOTES_PAGE

ACTORS_DIR = "actors"
ACTORS_INDEX = f"{ACTORS_DIR}/index.md"
TOP_TOGETHER = 10


def actor_base(actor_id: str) -> str:
    """An actor's page path without ``.md`` (period pages add ``--2024-03`` …)."""
    return f"{ACTORS_DIR}/{entity_stem(actor_id)}"


def actor_statements(index: PageIndex, actor_id: str, topic_names: dict[str, str]) -> list[Statement]:
    """Sentences naming the actor (all of a paragraph's if they cannot be placed, see
    :func:`.citations.sentences_naming`), one statement per paragraph, in date order,
    grouped under the paragraph's first topic; off-topic paragraphs are left out (the
    index has none)."""
    statements = []
    for source, paragraph, mask in index.by_actor.get(actor_id, []):
        sentences = paragraph.sentences or [paragraph.text]
        if mask:
            sentences = [sentence for number, sentence in enumerate(sentences) if mask >> number & 1]
        group = topic_names.get(paragraph.topics[0], "") if paragraph.topics else ""
        statements.append(Statement(source, paragraph, " ".join(sentences), sentences, group=group, mask=mask))
    return statements


def _group_order(statements: list[Statement]) -> list[str]:
    """Topic groups by number of statements; statements without a topic last."""
    counts: dict[str, int] = {}
    for statement in statements:
        counts[statement.group] = counts.get(statement.group, 0) + 1
    return sorted(counts, key=lambda g: (g == "", -counts[g], g))


def statements_by_topic(statements: list[Statement], notes: Footnotes, language: str) -> str:
    """The statements under a heading per topic group (most statements first, see
    :func:`_group_order`), in date order within a group."""
    w = words(language)
    order = {group: index for index, group in enumerate(_group_order(statements))}
    parts = [f"## {w['statements_by_topic']}\n\n"]
    current = None
    for statement in sorted(statements, key=lambda s: order[s.group]):  # stable: date order within a group
        if statement.group != current:
            current = statement.group
            parts.append(f"\n### {md.text(current or w['other_statements'])}\n\n")
        parts.append(render_statement(statement, notes, language))
    parts.append("\n")
    return "".join(parts)


def render_actor_pages(dossier: Dossier, summary: dict, topic_names: dict[str, str], actor_names: dict[str, str], index: PageIndex | None = None, quotes_page: str = QUOTES_PAGE, cache: BuildCache | None = None) -> dict[str, str]:
    """The actor's page(s): path inside the output folder -> Markdown, the first page
    first. ``quotes_page``: where the quotes pages list the actor's quotes (see
    :func:`.quotes.speaker_pages`); ``cache``: reuse period pages whose inputs are
    unchanged (see :mod:`.pagecache`)."""
    first, text, specs = actor_page_specs(dossier, summary, topic_names, actor_names, index or PageIndex(dossier), quotes_page)
    return {first: text, **cached_pages(cache, "actor", specs)}


def actor_page_specs(dossier: Dossier, summary: dict, topic_names: dict[str, str], actor_names: dict[str, str], index: PageIndex, quotes_page: str = QUOTES_PAGE) -> tuple[str, str, list[PageSpec]]:
    """The actor's first page (path, Markdown) and how to make each period page (none when
    the statements fit on the first page)."""
    lang = dossier.language
    w = words(lang)
    statements = fold_shared(actor_statements(index, summary["id"], topic_names), index.shared)
    base = actor_base(summary["id"])
    tags = [w["actor"], w["kinds"].get(summary["kind"], summary["kind"])]
    notes = Footnotes(dossier, "../", index.sources, texts=index.texts)
    parts = [md.front_matter({"title": md.page_title(summary["name"]), "tags": tags, "names": [summary["name"], *summary["aliases"]]}), f"# {md.text(summary['name'])}\n\n"]
    parts.append(_header(dossier, summary, notes, actor_names))
    parts.append(_quotes(dossier, index.quotes_by_speaker.get(summary["id"], []), notes, quotes_page))
    parts.append(_together(summary, actor_names, lang))
    if len(statements) <= PAGE_SIZE:
        parts.append(statements_by_topic(statements, notes, lang) if statements else w["no_mentions"] + "\n\n")
        parts.append("\n" + notes.definitions())
        return f"{base}.md", "".join(parts), []
    overview, specs = entity_period_pages(dossier, index, summary, base, tags, statements, "actor", statements_by_topic, w["statements_by_period"], w["statement_count"])
    parts.append(overview)
    parts.append("\n" + notes.definitions())
    return f"{base}.md", "".join(parts), specs



def _cited_date(dossier: Dossier, entry: dict | None, notes: Footnotes) -> str:
    """A first/last mention as its date with a citation."""
    if not entry:
        return "–"
    source = notes.sources[entry["source"]]
    return md.text(format_date(source.date, dossier.language)) + notes.cite(entry["source"], entry["paragraph"])


def _header(dossier: Dossier, summary: dict, notes: Footnotes, actor_names: dict[str, str]) -> str:
    """The actor's facts: kind, description, spellings, counts, first and last dated mention."""
    w = words(dossier.language)
    rows = [[f"**{w['kind']}**", md.text(w["kinds"].get(summary["kind"], summary["kind"]))]]
    if summary.get("description"):
        rows.append([f"**{w['description']}**", md.text(summary["description"])])
    if summary["spellings"]:
        rows.append([f"**{w['spellings']}**", ", ".join(f"{md.text(s['surface'])} ({s['count']})" for s in summary["spellings"])])
    rows.append([f"**{w['mentions']}**", str(summary["mentions"])])
    rows.append([f"**{w['sources']}**", str(summary["sources"])])
    rows.append([f"**{w['first']}**", _cited_date(dossier, summary.get("first"), notes)])
    rows.append([f"**{w['last']}**", _cited_date(dossier, summary.get("last"), notes)])
    return '<div class="dossier-meta" markdown>\n\n' + md.table(["", ""], rows) + "\n</div>\n\n"


# The actor's first page shows this many of its quotes; all are on the quotes pages.
QUOTES_SHOWN = 20


def _quotes(dossier: Dossier, quotes: list, notes: Footnotes, quotes_page: str) -> str:
    """The actor's own words, in date order: the first ``QUOTES_SHOWN``, then a link to
    ``quotes_page`` (relative to the output folder) where all of them are."""
    w = words(dossier.language)
    if not quotes:
        return ""
    sources = notes.sources

    def key(quote):
        """Date (undated last), source, paragraph."""
        date = sources[quote.source].date
        return (date is None, date.sort_key() if date else (0, 0, 0), quote.source, int(quote.paragraph[1:]))

    items = quote_items(sorted(quotes, key=key))
    text = "".join(render_quote_item(said, same, notes) for said, same in items[:QUOTES_SHOWN])
    if len(items) > QUOTES_SHOWN:
        text += f"\n{md.internal_link(w['quotes'], '../' + quotes_page)} ({len(items) - QUOTES_SHOWN} {w['more']})\n"
    return f"## {w['quotes_of']}\n\n" + text + "\n"


def _together(summary: dict, actor_names: dict[str, str], language: str) -> str:
    """The actors most often named in the same paragraph, with links."""
    w = words(language)
    items = [entry for entry in summary["with"] if entry["actor"] in actor_names][:TOP_TOGETHER]
    if not items:
        return ""
    links = ", ".join(f"{md.internal_link(actor_names[e['actor']], entity_file(e['actor']))} ({e['count']})" for e in items)
    return f"## {w['with']}\n\n{links}\n\n"


def render_actors_index(dossier: Dossier) -> str:
    """All actors by kind, with mentions and sources; the actors never named last."""
    lang = dossier.language
    w = words(lang)
    actors = dossier.analysis.get("actors", [])
    parts = [md.front_matter({"tags": [w["actors"]]}), f"# {w['actors']}\n\n"]
    if not actors:
        parts.append(w["none_actors"] + "\n")
        return "".join(parts)
    for kind in ("person", "state", "organisation"):
        rows = []
        for actor in sorted((a for a in actors if a["kind"] == kind), key=lambda a: (-a["mentions"], a["name"].casefold())):
            rows.append([md.internal_link(actor["name"], entity_file(actor["id"])), str(actor["mentions"]), str(actor["sources"]), str(actor["quotes"])])
        if rows:
            parts.append(f"## {w['kinds_plural'][kind]}\n\n")
            parts.append(md.table([w["actor"], w["mentions"], w["sources"], w["quotes"]], rows) + "\n")
    return "".join(parts)

