"""The discrepancies pages: the curator's quality check. ``discrepancies.md``, split by
period past ``DISCREPANCIES_PER_PAGE`` (``discrepancies--2024-03.md`` …, see
:func:`render_discrepancy_pages`).

Every discrepancy shows what each side says, the sentence it says it in (source text escaped,
the differing value in bold) and a link to the source paragraph (``sources/<id>.md#p3``).
"""

from __future__ import annotations

from ..model import Discrepancy, Dossier, PassageRef, Source
from . import markdown as md
from .citations import PAGE_SIZE, section_headings, words
from .periods import period_file, period_links, period_overview, split_by_period
from .labels import discrepancy_labels, format_date
from .sources import source_page_path

DISCREPANCIES_PAGE = "discrepancies.md"
DISCREPANCIES_BASE = "discrepancies"
KIND_ORDER = ("name", "number", "spelling")
# Each entry quotes two or more sentences: half as many to a page as the other lists.
DISCREPANCIES_PER_PAGE = PAGE_SIZE // 2

def citation(ref: PassageRef, source: Source | None, language: str, base: str = "") -> str:
    """A link to the cited paragraph, labelled publisher (else title), date and paragraph
    number; ``base`` is the way from the linking page to the output folder (``""``, ``"../"``).
    A reference to an unknown source stays plain text."""
    lab = discrepancy_labels(language)
    number = ref.paragraph[1:] if ref.paragraph[1:].isdigit() else ref.paragraph
    if source is None:
        return md.text(f"{ref.source}, {lab['paragraph']} {number}")
    name = source.publisher or source.title
    label = f"{name}, {format_date(source.date, language)}, {lab['paragraph']} {number}"
    return md.internal_link(label, f"{base}{source_page_path(source)}#{ref.paragraph}")


def highlighted(sentence: str, value: str) -> str:
    """The sentence as escaped text with the first occurrence of ``value`` in bold."""
    at = sentence.find(value) if value else -1
    if at < 0:
        return md.text(sentence)
    before, after = sentence[:at], sentence[at + len(value) :]
    parts = [md.text(before), f"**{md.text(value)}**", md.text(after)]
    spaced = [parts[0] + (" " if before.endswith(" ") else ""), parts[1], (" " if after.startswith(" ") else "") + parts[2]]
    return "".join(spaced).strip()


def spelled_actor(item: Discrepancy, sources: dict[str, Source], actor_names: dict[str, str]) -> str | None:
    """The name of the actor a spelling discrepancy is about: the actor of the mention that
    its first citation shows (``None`` if that mention is not found)."""
    if item.kind != "spelling" or not item.sides or not item.values:
        return None
    ref, value = item.sides[0], item.values[0]
    source = sources.get(ref.source)
    paragraph = source.paragraph(ref.paragraph) if source else None
    for mention in paragraph.mentions if paragraph else []:
        if mention.surface == value:
            return actor_names.get(mention.actor, mention.actor)
    return None


def render_discrepancy(number: int, item: Discrepancy, sources: dict[str, Source], language: str, actor_names: dict[str, str] | None = None) -> str:
    """One numbered entry: the differing values (for a spelling, after the actor's name), then
    each side as value, citation and sentence."""
    distinct = list(dict.fromkeys(item.values))
    heading = " ≠ ".join(f"„{md.text(value)}“" for value in distinct)
    actor = spelled_actor(item, sources, actor_names or {})
    if actor:
        heading = f"{md.text(actor)}: {heading}"
    lines = [f"{number}. {heading}", ""]
    for ref, value in zip(item.sides, item.values):
        source = sources.get(ref.source)
        lines.append(f"    - **{md.text(value)}** — {citation(ref, source, language)}: {highlighted(ref.sentence, value)}")
    lines.append("")
    return "\n".join(lines) + "\n"


def earliest_date(item: Discrepancy, sources: dict[str, Source]):
    """The earliest date of the sources the discrepancy cites (``None`` if none is dated):
    the key that places it on a period page, unchanged by edits to other passages."""
    dates = [sources[ref.source].date for ref in item.sides if ref.source in sources and sources[ref.source].date is not None]
    return min(dates, key=lambda date: date.sort_key()) if dates else None


def _name(item: Discrepancy) -> str:
    """A discrepancy's name for cutting the undated into parts: its first side and values."""
    first = item.sides[0] if item.sides else None
    return f"{first.source}#{first.paragraph}#" + "|".join(item.values) if first else item.kind + "|".join(item.values)


def _entries(items: list[Discrepancy], language: str) -> list[tuple[tuple[str, ...], Discrepancy]]:
    """The discrepancies as (headings of their kind, item): names, numbers, spellings, then
    any other kind; each kind in the order given, its heading counting ``items`` of it."""
    lab = discrepancy_labels(language)
    kinds = [k for k in KIND_ORDER if any(d.kind == k for d in items)]
    kinds += sorted({d.kind for d in items} - set(KIND_ORDER))
    entries: list[tuple[tuple[str, ...], Discrepancy]] = []
    for kind in kinds:
        of_kind = [d for d in items if d.kind == kind]
        heading = f"## {md.text(lab['kinds'].get(kind, kind))} ({len(of_kind)})\n\n"
        if kind in lab["kind_intro"]:
            heading += f"{lab['kind_intro'][kind]}\n\n"
        entries += [((heading,), item) for item in of_kind]
    return entries


def _discrepancy_list(items: list[Discrepancy], sources: dict[str, Source], language: str, actor_names: dict[str, str]) -> str:
    """The items under their kinds' headings, numbered from 1 under each."""
    parts: list[str] = []
    previous: tuple[str, ...] = ()
    position = 0
    for section, item in _entries(items, language):
        headings = section_headings(previous, section)
        if headings:
            position = 0
        parts += headings
        position += 1
        parts.append(render_discrepancy(position, item, sources, language, actor_names))
        previous = section
    return "".join(parts)


def render_discrepancy_pages(dossier: Dossier) -> dict[str, str]:
    """The pages (path inside the output folder -> Markdown): an introduction, then names,
    numbers and spellings, each numbered. Up to ``DISCREPANCIES_PER_PAGE`` all on
    ``discrepancies.md``; past that, ``discrepancies.md`` lists the periods and each goes
    to the page of the period of the earliest source it cites (``discrepancies--2024.md``,
    ``--2024-03.md``, ``--2024-03--2.md``, ``--undatiert.md``; see :mod:`.periods`), where
    the kinds are counted and numbered again."""
    lang = dossier.language
    lab = discrepancy_labels(lang)
    w = words(lang)
    sources = {source.id: source for source in dossier.sources}
    actor_names = {a["id"]: a["name"] for a in dossier.analysis.get("actors", []) if isinstance(a, dict) and isinstance(a.get("id"), str) and isinstance(a.get("name"), str)}
    front = md.front_matter({"tags": [lab["title"]]})
    if not dossier.discrepancies:
        return {DISCREPANCIES_PAGE: front + f"# {lab['title']}\n\n{lab['intro']}\n\n{lab['none']}\n"}
    top = front + f"# {lab['title']}\n\n{lab['intro']}\n\n"
    if len(dossier.discrepancies) <= DISCREPANCIES_PER_PAGE:
        return {DISCREPANCIES_PAGE: top + _discrepancy_list(dossier.discrepancies, sources, lang, actor_names)}
    pages = split_by_period(dossier.discrepancies, lambda item: earliest_date(item, sources), DISCREPANCIES_PER_PAGE, _name)
    files = {DISCREPANCIES_PAGE: top + f"## {w['by_period']}\n\n{w['by_period_note']}\n\n" + period_overview(DISCREPANCIES_BASE, pages, lang, w["discrepancy_count"])}
    for position, page in enumerate(pages):
        links = period_links(DISCREPANCIES_BASE, pages, position, DISCREPANCIES_PAGE, lang)
        parts = [front, f"# {lab['title']}: {md.text(page.label(lang))}\n\n", links, _discrepancy_list(page.items, sources, lang, actor_names), links]
        files[period_file(DISCREPANCIES_BASE, page.slug)] = "".join(parts)
    return files


def render_discrepancies(dossier: Dossier) -> str:
    """The first discrepancies page (all of them when they fit on one)."""
    return render_discrepancy_pages(dossier)[DISCREPANCIES_PAGE]
