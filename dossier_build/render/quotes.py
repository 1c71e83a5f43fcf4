"""The quotes pages: direct speech from the sources, by speaker, in pages of at most
``PAGE_SIZE`` quotes (``quotes.md``, ``quotes--2.md`` …)."""

from __future__ import annotations

from ..model import Dossier, Quote
from . import markdown as md
from .citations import PAGE_SIZE, Footnotes, PageIndex, chunked, entity_file, page_file, page_links, page_suffix, quote_items, render_quote_item, section_headings, words

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


def speaker_pages(entries: list[QuoteEntry], names: dict[str, str]) -> dict[str, str]:
    """Listed actor id -> ``quotes--3.md#<id>``: where the actor's quotes begin on the
    pages :func:`render_quotes` makes of ``entries`` (relative to the output folder)."""
    pages: dict[str, str] = {}
    for position, (_, speaker, _, _) in enumerate(entries):
        if speaker in names and speaker not in pages:
            pages[speaker] = f"{page_file(QUOTES_BASE, position // PAGE_SIZE + 1)}#{speaker}"
    return pages


def render_quotes(dossier: Dossier, index: PageIndex | None = None, entries: list[QuoteEntry] | None = None) -> dict[str, str]:
    """The quotes pages (path inside the output folder -> Markdown): every quote with its
    citations, by speaker (see :func:`quote_entries`), at most ``PAGE_SIZE`` to a page,
    each page linking the others; a speaker continued from the page before is named again."""
    lang = dossier.language
    w = words(lang)
    index = index or PageIndex(dossier)
    entries = quote_entries(dossier, index.sources) if entries is None else entries
    front = md.front_matter({"tags": [w["quotes"]]})
    if not entries:
        return {QUOTES_PAGE: front + f"# {w['quotes']}\n\n" + w["no_quotes"] + "\n"}
    pages = chunked(entries)
    files = {}
    for number, chunk in enumerate(pages, start=1):
        notes = Footnotes(dossier, "", index.sources, texts=index.texts)
        parts = [front, f"# {w['quotes']}{page_suffix(number, lang)}\n\n", page_links(QUOTES_BASE, len(pages), number, lang)]
        if number == 1:
            parts.append(w["by_speaker"] + "\n\n")
        previous: tuple[str, ...] = ()
        for section, _, text, same in chunk:
            headings = section_headings(previous, section)
            if headings and previous:
                parts.append("\n")  # ends the list before
            parts += headings
            parts.append(render_quote_item(text, same, notes))
            previous = section
        parts.append("\n")
        parts.append(page_links(QUOTES_BASE, len(pages), number, lang))
        parts.append("\n" + notes.definitions())
        files[page_file(QUOTES_BASE, number)] = "".join(parts)
    return files
