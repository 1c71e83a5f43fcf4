"""Source pages (one per source) and the sources index."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Dossier, Heading, Paragraph, PartialDate, Source
from . import markdown as md
from .labels import format_date, labels

SOURCES_DIR = "sources"


def source_page_path(source: Source) -> str:
    """Path of a source's page inside the output folder; built from its slug id only."""
    return f"{SOURCES_DIR}/{source.id}.md"


def sort_key(source: Source) -> tuple:
    """Dated sources by date, undated ones last; ties by title and id."""
    return (source.date is None, source.date.sort_key() if source.date else (0, 0, 0), source.title.casefold(), source.id)


def page_tags(source: Source) -> list[str]:
    """Tags for Material's tags plugin: the source's tags, as text."""
    return [md.text(tag) for tag in source.tags if tag.strip()]


def render_source(source: Source, dossier: Dossier) -> str:
    """A source page: title, metadata, numbered paragraphs with anchors ``#p3``, images as
    links, and the collapsed normalisation record."""
    lab = labels(dossier.language)
    parts: list[str] = []
    tags = page_tags(source)
    meta: dict = {"title": md.page_title(source.title)}
    if tags:
        meta["tags"] = tags
    parts.append(md.front_matter(meta))
    parts.append(f"# {md.text(source.title)}\n\n")
    rows = [[f"**{lab['date']}**", md.text(format_date(source.date, dossier.language))]]
    if source.publisher:
        rows.append([f"**{lab['publisher']}**", md.text(source.publisher)])
    if source.url:
        rows.append([f"**{lab['original']}**", md.link(lab["original_link"], source.url)])
    if source.place:
        rows.append([f"**{lab['place']}**", md.text(source.place)])
    if source.agencies:
        rows.append([f"**{lab['agencies']}**", md.text(", ".join(source.agencies))])
    if source.tags:
        rows.append([f"**{lab['tags']}**", md.text(", ".join(source.tags))])
    if source.categories:
        rows.append([f"**{lab['categories']}**", md.text(", ".join(source.categories))])
    rows.append([f"**{lab['path']}**", md.text(source.path)])
    parts.append('<div class="dossier-meta" markdown>\n\n' + md.table(["", ""], rows) + "\n</div>\n\n")

    for block in source.blocks:
        if isinstance(block, Heading):
            parts.append(f"## {md.text(block.text)}\n\n")
        else:
            parts.append(render_paragraph(block, dossier) + "\n\n")

    if source.images:
        parts.append(f"**{lab['images']}**\n\n")
        for image in source.images:
            parts.append(f"- {md.link(image.alt or image.url, image.url)}\n")
        parts.append("\n")
    parts.append(render_record(source, dossier.language))
    return "".join(parts)


def render_paragraph(paragraph: Paragraph, dossier: Dossier) -> str:
    """A paragraph with its visible number linking to its own anchor."""
    classes = ".dossier-p"
    prefix = ""
    if paragraph.off_topic:
        classes += " .dossier-offtopic"
        prefix = f"*{md.text(labels(dossier.language)['off_topic'])}:* "
    number = paragraph.number
    return f"[{number}](#{paragraph.id}){{: .dossier-pnum }} {prefix}{md.text(paragraph.text)}\n{{: #{paragraph.id} {classes} }}"


def render_record(source: Source, language: str) -> str:
    """The normalisation record, collapsed: what was removed and what was changed."""
    lab = labels(language)
    kinds = lab["kind"]
    title = f"{lab['normalisation']}: {len(source.removed)} {lab['removed'].lower()}, {len(source.changes)} {lab['changes']}"
    lines = [f'??? info "{title}"\n']
    if not source.removed and not source.changes:
        lines.append(f"    {lab['no_changes']}\n")
    if source.removed:
        lines.append(f"    **{lab['removed']}**\n")
        for item in source.removed:
            where = f" ({lab['line']} {item.line})" if item.line else ""
            lines.append(f"    - {md.text(kinds.get(item.kind, item.kind))}{where}: {md.text(item.text)}")
        lines.append("")
    if source.changes:
        lines.append(f"    **{lab['changes'].capitalize()}**\n")
        for change in source.changes:
            where = f" ({lab['line']} {change.line})" if change.line else ""
            times = f" ({change.count}×)" if change.count > 1 else ""
            lines.append(f"    - {md.text(kinds.get(change.kind, change.kind))}{where}: {md.text(change.before)} → {md.text(change.after)}{times}")
        lines.append("")
    return "\n".join(lines) + "\n"


# The sources index lists every source itself up to this many; beyond, it links one list
# page per period (year, month, or part of a month), each with at most this many rows, so
# that no page grows with the dossier.
SOURCES_PER_PAGE = 200
LIST_DIR = "_by-date"  # "_" never occurs in a slug, so no source page can take these paths
_LIST_LABELS = {
    "de": {"period": "Zeitraum", "count": "Quellen", "part": "Teil", "all": "Alle Zeiträume", "periods": "Quellen nach Zeitraum, undatierte zuletzt.", "previous": "Vorige Seite", "next": "Nächste Seite"},
    "en": {"period": "Period", "count": "Sources", "part": "part", "all": "All periods", "periods": "Sources by period, undated last.", "previous": "Previous page", "next": "Next page"},
}


@dataclass
class SourceListPage:
    """One page of the sources list: a period's sources in date order."""

    slug: str  # file name without .md: 2024, 2024-06, 2024-06-2, undatiert-3
    label: str
    sources: list[Source]

    @property
    def path(self) -> str:
        return f"{SOURCES_DIR}/{LIST_DIR}/{self.slug}.md"


def _chunks(slug: str, label: str, sources: list[Source], part_label: str) -> list[SourceListPage]:
    """A period's sources in pages of at most ``SOURCES_PER_PAGE`` (``2024-06``, ``2024-06-2``…)."""
    pages = []
    for number, start in enumerate(range(0, len(sources), SOURCES_PER_PAGE), start=1):
        suffix = "" if number == 1 else f"-{number}"
        shown = label if len(sources) <= SOURCES_PER_PAGE else f"{label} ({part_label} {number})"
        pages.append(SourceListPage(slug + suffix, shown, sources[start : start + SOURCES_PER_PAGE]))
    return pages


def source_list_pages(dossier: Dossier) -> list[SourceListPage]:
    """The list pages, in date order: one per year; a year with more than
    ``SOURCES_PER_PAGE`` sources one per month (sources dated by year only first); a
    period still too long in parts. Undated sources last. Empty when the index itself
    can list every source."""
    ordered = sorted(dossier.sources, key=sort_key)
    if len(ordered) <= SOURCES_PER_PAGE:
        return []
    lang = dossier.language
    words = _LIST_LABELS.get(lang, _LIST_LABELS["en"])
    by_year: dict[int | None, list[Source]] = {}
    for source in ordered:
        by_year.setdefault(source.date.year if source.date else None, []).append(source)
    pages: list[SourceListPage] = []
    for year, sources in by_year.items():
        if year is None:
            pages += _chunks("undatiert" if lang == "de" else "undated", format_date(None, lang), sources, words["part"])
        elif len(sources) <= SOURCES_PER_PAGE:
            pages.append(SourceListPage(f"{year:04d}", str(year), sources))
        else:
            by_month: dict[int | None, list[Source]] = {}
            for source in sources:
                by_month.setdefault(source.date.month, []).append(source)
            for month, group in by_month.items():
                if month is None:
                    pages += _chunks(f"{year:04d}-00", str(year), group, words["part"])
                else:
                    pages += _chunks(f"{year:04d}-{month:02d}", format_date(PartialDate(year, month), lang), group, words["part"])
    return pages


def _source_rows(sources: list[Source], language: str, prefix: str) -> list[list[str]]:
    return [
        [
            md.text(format_date(source.date, language)),
            md.internal_link(source.title, f"{prefix}{source.id}.md"),
            md.text(source.publisher or ""),
            str(len(source.paragraphs)),
        ]
        for source in sources
    ]


def render_sources_index(dossier: Dossier) -> str:
    """All sources by date (undated last), with publisher and paragraph count; past
    ``SOURCES_PER_PAGE`` sources, a table of the list pages (period, count) instead."""
    lab = labels(dossier.language)
    pages = source_list_pages(dossier)
    parts = [md.front_matter({}), f"# {lab['sources']}\n\n"]
    if not pages:
        parts.append(f"{lab['by_date']}\n\n")
        rows = _source_rows(sorted(dossier.sources, key=sort_key), dossier.language, "")
        parts.append(md.table([lab["date"], lab["title"], lab["publisher"], lab["paragraphs"]], rows))
        return "".join(parts)
    words = _LIST_LABELS.get(dossier.language, _LIST_LABELS["en"])
    parts.append(f"{words['periods']} {len(dossier.sources)} {words['count']}.\n\n")
    rows = [[md.internal_link(page.label, f"{LIST_DIR}/{page.slug}.md"), str(len(page.sources))] for page in pages]
    parts.append(md.table([words["period"], words["count"]], rows))
    return "".join(parts)


def render_source_list_pages(dossier: Dossier) -> dict[str, str]:
    """The list pages (path inside the output folder -> Markdown), each linking the index
    and its neighbours."""
    lab = labels(dossier.language)
    words = _LIST_LABELS.get(dossier.language, _LIST_LABELS["en"])
    pages = source_list_pages(dossier)
    files = {}
    for index, page in enumerate(pages):
        nav = [f"[{md.text(words['all'])}](../index.md)"]
        if index > 0:
            nav.append(f"[← {md.text(pages[index - 1].label)}]({pages[index - 1].slug}.md)")
        if index + 1 < len(pages):
            nav.append(f"[{md.text(pages[index + 1].label)} →]({pages[index + 1].slug}.md)")
        rows = _source_rows(page.sources, dossier.language, "../")
        files[page.path] = "".join(
            [
                md.front_matter({}),
                f"# {md.text(lab['sources'])}: {md.text(page.label)}\n\n",
                " · ".join(nav) + "\n\n",
                md.table([lab["date"], lab["title"], lab["publisher"], lab["paragraphs"]], rows),
            ]
        )
    return files
