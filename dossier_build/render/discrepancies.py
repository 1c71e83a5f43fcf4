"""The discrepancies pages (``discrepancies.md``, ``discrepancies--2.md`` …): the curator's
quality check.

Every discrepancy shows what each side says, the sentence it says it in (source text escaped,
the differing value in bold) and a link to the source paragraph (``sources/<id>.md#p3``).
"""

from __future__ import annotations

from ..model import Discrepancy, Dossier, PassageRef, Source
from . import markdown as md
from .citations import PAGE_SIZE, chunked, page_file, page_links, page_suffix, section_headings
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


def render_discrepancy_pages(dossier: Dossier) -> dict[str, str]:
    """The pages (path inside the output folder -> Markdown): an introduction, then names,
    numbers and spellings, each numbered on its page, at most ``DISCREPANCIES_PER_PAGE``
    to a page (``discrepancies.md``, ``discrepancies--2.md`` …), each page linking the
    others; a kind continued from the page before is named again."""
    lang = dossier.language
    lab = discrepancy_labels(lang)
    sources = {source.id: source for source in dossier.sources}
    actor_names = {a["id"]: a["name"] for a in dossier.analysis.get("actors", []) if isinstance(a, dict) and isinstance(a.get("id"), str) and isinstance(a.get("name"), str)}
    front = md.front_matter({"tags": [lab["title"]]})
    if not dossier.discrepancies:
        return {DISCREPANCIES_PAGE: front + f"# {lab['title']}\n\n{lab['intro']}\n\n{lab['none']}\n"}
    kinds = [k for k in KIND_ORDER if any(d.kind == k for d in dossier.discrepancies)]
    kinds += sorted({d.kind for d in dossier.discrepancies} - set(KIND_ORDER))
    entries: list[tuple[tuple[str, ...], Discrepancy]] = []
    for kind in kinds:
        items = [d for d in dossier.discrepancies if d.kind == kind]
        heading = f"## {md.text(lab['kinds'].get(kind, kind))} ({len(items)})\n\n"
        if kind in lab["kind_intro"]:
            heading += f"{lab['kind_intro'][kind]}\n\n"
        entries += [((heading,), item) for item in items]
    pages = chunked(entries, DISCREPANCIES_PER_PAGE)
    files = {}
    for number, chunk in enumerate(pages, start=1):
        parts = [front, f"# {lab['title']}{page_suffix(number, lang)}\n\n", page_links(DISCREPANCIES_BASE, len(pages), number, lang)]
        if number == 1:
            parts.append(f"{lab['intro']}\n\n")
        previous: tuple[str, ...] = ()
        position = 0
        for section, item in chunk:
            headings = section_headings(previous, section)
            if headings:
                position = 0
            parts += headings
            position += 1
            parts.append(render_discrepancy(position, item, sources, lang, actor_names))
            previous = section
        parts.append(page_links(DISCREPANCIES_BASE, len(pages), number, lang))
        files[page_file(DISCREPANCIES_BASE, number)] = "".join(parts)
    return files


def render_discrepancies(dossier: Dossier) -> str:
    """The first discrepancies page (all of them when they fit on one)."""
    return render_discrepancy_pages(dossier)[DISCREPANCIES_PAGE]
