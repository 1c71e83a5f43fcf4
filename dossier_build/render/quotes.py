"""The quotes page: direct speech from the sources, by speaker."""

from __future__ import annotations

from ..model import Dossier, Quote
from . import markdown as md
from .citations import Footnotes, entity_file, render_quote_lines, words

QUOTES_PAGE = "quotes.md"


def _date_key(dossier_sources: dict, quote: Quote) -> tuple:
    """Date (undated last), source, paragraph."""
    date = dossier_sources[quote.source].date
    return (date is None, date.sort_key() if date else (0, 0, 0), quote.source, int(quote.paragraph[1:]))


def render_quotes(dossier: Dossier) -> str:
    """Listed speakers first (most quoted first), then speakers the dossier does not list;
    each quote with its citation, in date order."""
    lang = dossier.language
    w = words(lang)
    notes = Footnotes(dossier, "")
    parts = [md.front_matter({"tags": [w["quotes"]]}), f"# {w['quotes']}\n\n"]
    if not dossier.quotes:
        parts.append(w["no_quotes"] + "\n")
        return "".join(parts)
    parts.append(w["by_speaker"] + "\n\n")
    sources = {s.id: s for s in dossier.sources}
    names = {a["id"]: a["name"] for a in dossier.analysis.get("actors", [])}
    by_actor: dict[str, list[Quote]] = {}
    by_name: dict[str, list[Quote]] = {}
    for quote in dossier.quotes:
        if quote.speaker:
            by_actor.setdefault(quote.speaker, []).append(quote)
        else:
            by_name.setdefault(quote.speaker_name or "?", []).append(quote)
    for actor in sorted(by_actor, key=lambda a: (-len(by_actor[a]), names.get(a, a).casefold())):
        name = names.get(actor, actor)
        link = md.internal_link(w["actor_page"], "actors/" + entity_file(actor)) if actor in names else ""
        parts.append(f"## {md.text(name)}\n\n" + (f"{link}\n\n" if link else ""))
        parts.append(render_quote_lines(sorted(by_actor[actor], key=lambda q: _date_key(sources, q)), notes) + "\n")
    if by_name:
        parts.append(f"## {w['other_speakers']}\n\n")
        for name in sorted(by_name, key=str.casefold):
            parts.append(f"### {md.text(name)}\n\n")
            parts.append(render_quote_lines(sorted(by_name[name], key=lambda q: _date_key(sources, q)), notes) + "\n")
    parts.append("\n" + notes.definitions())
    return "".join(parts)
