"""Source pages (one per source) and the sources index."""

from __future__ import annotations

from ..model import Dossier, Heading, Paragraph, Source
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


def render_sources_index(dossier: Dossier) -> str:
    """All sources by date (undated last), with publisher and paragraph count."""
    lab = labels(dossier.language)
    parts = [md.front_matter({}), f"# {lab['sources']}\n\n", f"{lab['by_date']}\n\n"]
    rows = []
    for source in sorted(dossier.sources, key=sort_key):
        rows.append(
            [
                md.text(format_date(source.date, dossier.language)),
                md.internal_link(source.title, f"{source.id}.md"),
                md.text(source.publisher or ""),
                str(len(source.paragraphs)),
            ]
        )
    parts.append(md.table([lab["date"], lab["title"], lab["publisher"], lab["paragraphs"]], rows))
    return "".join(parts)
