"""The quotes pages: direct speech from the sources, by speaker: ``quotes.md`` when at
most ``PAGE_SIZE`` items, else split by period (``quotes--2024.md``, ``quotes--2024-03.md``,
``quotes--2024-03--2.md``, ``quotes--undatiert.md``, see :mod:`.periods`): an item (the
same words, with every source that reports them) goes to the period of its earliest
source, so that a quote added or changed changes that period's page only, and the
overview ``quotes.md``."""

from __future__ import annotations

from ..model import Dossier, Quote
from . import markdown as md
from ..cache import BuildCache
from ..writer import Deferred
from .citations import MAX_CITED, PAGE_SIZE, Footnotes, PageIndex, entity_file, quote_items, render_quote_item, section_headings, words
from .pagecache import cached_pages
from .periods import PeriodPage, period_file, period_links, period_overview, split_by_period

QUOTES_PAGE = "quotes.md"
QUOTES_BASE = "quotes"

# One list item of the quotes pages: (headings of its section, the speaker's actor id or
# None, the words, the quotes with those words).
QuoteEntry = tuple[tuple[str, ...], str | None, str, list[Quote]]


def _date_key(dossier_sources: dict, quote: Quote) -> tuple:
    """Date (undated last), source, paragraph."""
    date = dossier_sources[quote.source].date
    return (date is None, date.sort_key() if date else (0, 0, 0), quote.source, int(quote.paragraph[1:]))


def quote_entries(dossier: Dossier, sources: dict | None = None) -> list[QuoteEntry]:
    """Every list item of the quotes pages, in order: listed speakers first (most quoted
    first), then speakers the dossier does not list (by name); each speaker's quotes in
    date order. A listed speaker's heading carries the actor's id as anchor and links
    the actor's page."""
    w = words(dossier.language)
    sources = sources if sources is not None else {s.id: s for s in dossier.sources}
    names = {a["id"]: a["name"] for a in dossier.analysis.get("actors", [])}
    by_actor: dict[str, list[Quote]] = {}
    by_name: dict[str, list[Quote]] = {}
    for quote in dossier.quotes:
        if quote.speaker:
            by_actor.setdefault(quote.speaker, []).append(quote)
        else:
            by_name.setdefault(quote.speaker_name or "?", []).append(quote)
    entries: list[QuoteEntry] = []
    for actor in sorted(by_actor, key=lambda a: (-len(by_actor[a]), names.get(a, a).casefold())):
        if actor in names:
            link = md.internal_link(w["actor_page"], "actors/" + entity_file(actor))
            heading = f"## {md.text(names[actor])} {{: #{actor} }}\n\n{link}\n\n"
        else:
            heading = f"## {md.text(actor)}\n\n"
        for text, same in quote_items(sorted(by_actor[actor], key=lambda q: _date_key(sources, q))):
            entries.append(((heading,), actor, text, same))
    for name in sorted(by_name, key=str.casefold):
        section = (f"## {w['other_speakers']}\n\n", f"### {md.text(name)}\n\n")
        for text, same in quote_items(sorted(by_name[name], key=lambda q: _date_key(sources, q))):
            entries.append((section, None, text, same))
    return entries


def _entry_date(sources: dict, entry: QuoteEntry):
    """The date of a list item: its earliest source's (the quotes of an item are in date
    order, undated last), so that the item stays on its period's page whatever is added
    elsewhere."""
    return sources[entry[3][0].source].date


def quote_pages(entries: list[QuoteEntry], sources: dict) -> list[PeriodPage] | None:
    """The period pages of the quotes (see :mod:`.periods`), or ``None`` when all fit on
    ``quotes.md``."""
    if len(entries) <= PAGE_SIZE:
        return None
    return split_by_period(entries, lambda entry: _entry_date(sources, entry), PAGE_SIZE, lambda entry: f"{entry[3][0].source}#{entry[3][0].paragraph}#{entry[2]}")


def speaker_pages(entries: list[QuoteEntry], names: dict[str, str], sources: dict | None = None) -> dict[str, str]:
    """Listed actor id -> ``quotes.md#<id>``, or (quotes split by period) the first period
    page that quotes the actor: ``quotes--2024-03.md#<id>`` (relative to the output
    folder). ``sources``: by id (needed when the quotes do not fit on one page)."""
    pages = quote_pages(entries, sources) if sources is not None else None
    found: dict[str, str] = {}
    if pages is None:
        for _, speaker, _, _ in entries:
            if speaker in names and speaker not in found:
                found[speaker] = f"{QUOTES_PAGE}#{speaker}"
        return found
    for page in pages:
        for _, speaker, _, _ in page.items:
            if speaker in names and speaker not in found:
                found[speaker] = f"{period_file(QUOTES_BASE, page.slug)}#{speaker}"
    return found


def _page_order(items: list[QuoteEntry]) -> list[QuoteEntry]:
    """The items of one period page by speaker, as :func:`quote_entries` orders them but
    counting only this page's items (most quoted listed speaker first; then the speakers
    the dossier does not list, by name), so that a page does not change when other
    periods do; each speaker's items keep their date order."""
    counts: dict[str | None, int] = {}
    for _, speaker, _, _ in items:
        counts[speaker] = counts.get(speaker, 0) + 1

    def key(item: QuoteEntry) -> tuple:
        section, speaker, _, _ = item
        if speaker is None:
            return (1, 0, section[-1].casefold())
        return (0, -counts[speaker], section[0].casefold())

    return sorted(items, key=key)


def _quote_list(items: list[QuoteEntry], notes: Footnotes) -> str:
    """The items with their speakers' headings (a speaker named once per page)."""
    parts = []
    previous: tuple[str, ...] = ()
    for section, _, text, same in items:
        headings = section_headings(previous, section)
        if headings and previous:
            parts.append("\n")  # ends the list before
        parts += headings
        parts.append(render_quote_item(text, same, notes))
        previous = section
    parts.append("\n")
    return "".join(parts)


def _item_inputs(item: QuoteEntry, texts) -> tuple:
    """Everything :func:`.citations.render_quote_item` and its footnotes show of an item."""
    section, _, text, same = item
    refs = list(dict.fromkeys((q.source, q.paragraph) for q in same))
    shown = tuple((s, p, texts.labels[s], texts.dates[s]) for s, p in refs[: MAX_CITED + 1])
    return (section, text, shown, len(refs))


def render_quotes(dossier: Dossier, index: PageIndex | None = None, entries: list[QuoteEntry] | None = None, cache: BuildCache | None = None, known: set[str] | None = None, used: set[str] | None = None) -> dict[str, str | Deferred]:
    """The quotes pages (path inside the output folder -> Markdown): every quote with its
    citations, by speaker (see :func:`quote_entries`). Up to ``PAGE_SIZE`` items, all on
    ``quotes.md``; past that, ``quotes.md`` lists the periods and each item goes to the
    page of its earliest source's period (``quotes--2024-03.md`` …, see :mod:`.periods`),
    speakers ordered by that page's counts; those pages come from ``cache`` when
    unchanged (``known``, ``used``: see :func:`.pagecache.cached_pages`)."""
    lang = dossier.language
    w = words(lang)
    index = index or PageIndex(dossier)
    entries = quote_entries(dossier, index.sources) if entries is None else entries
    front = md.front_matter({"tags": [w["quotes"]]})
    if not entries:
        return {QUOTES_PAGE: front + f"# {w['quotes']}\n\n" + w["no_quotes"] + "\n"}
    pages = quote_pages(entries, index.sources)
    if pages is None:
        notes = Footnotes(dossier, "", index.sources, texts=index.texts)
        text = front + f"# {w['quotes']}\n\n" + w["by_speaker"] + "\n\n" + _quote_list(entries, notes) + "\n" + notes.definitions()
        return {QUOTES_PAGE: text}
    overview = f"## {w['by_period']}\n\n{w['by_period_note']}\n\n" + period_overview(QUOTES_BASE, pages, lang, w["quote_count"])
    files: dict[str, str | Deferred] = {QUOTES_PAGE: front + f"# {w['quotes']}\n\n" + w["by_speaker"] + "\n\n" + overview}
    specs = []
    for position, page in enumerate(pages):
        items = _page_order(page.items)
        heading = f"# {w['quotes']}: {md.text(page.label(lang))}\n\n"
        links = period_links(QUOTES_BASE, pages, position, QUOTES_PAGE, lang)
        inputs = _inputs(repr((lang, heading, links)), items, index)
        specs.append((period_file(QUOTES_BASE, page.slug), inputs, _period_page(dossier, index, front + heading + links, links, items)))
    files.update(cached_pages(cache, "quotes", specs, known, used))
    return files


def _inputs(head: str, items: list[QuoteEntry], index: PageIndex):
    """A function giving what a quotes page shows, for its cache key."""
    return lambda: head + repr([_item_inputs(item, index.texts) for item in items])


def _period_page(dossier: Dossier, index: PageIndex, top: str, links: str, items: list[QuoteEntry]):
    """A function that renders one period page of the quotes."""

    def render() -> str:
        notes = Footnotes(dossier, "", index.sources, texts=index.texts)
        return top + _quote_list(items, notes) + links + "\n" + notes.definitions()

    return render
