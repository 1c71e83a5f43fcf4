"""``dossier.json``: the whole model as data, for readers and other tools.

Records (mentions, removed text, changes, images, quotes, passages, discrepancies,
skipped files) are written as a dict of their dataclass fields, what
``dataclasses.asdict`` gives, but without its recursive deep copy (which costs more than
the rest of a source's entry together): the values are only read to be encoded as JSON.
"""

from __future__ import annotations

from dataclasses import fields
from functools import cache
from operator import attrgetter
from typing import Any, Callable

from .. import __version__
from ..model import Discrepancy, Dossier, Heading, SharedPassage, Source


@cache
def _fields_of(kind: type) -> tuple[tuple[str, ...], Callable[[Any], tuple]]:
    """The field names of a dataclass and a getter returning their values as a tuple."""
    names = tuple(f.name for f in fields(kind))
    getter = attrgetter(*names)
    if len(names) == 1:
        return names, lambda item: (getter(item),)
    return names, getter


def record(item: Any) -> dict[str, Any]:
    """A flat dataclass instance (fields of plain values or lists of them) as a dict of
    its fields."""
    names, values = _fields_of(type(item))
    return dict(zip(names, values(item)))


def records(items: list) -> list[dict[str, Any]]:
    """:func:`record` of each item (items of one class, as the model's lists are)."""
    if not items:
        return []
    names, values = _fields_of(type(items[0]))
    return [dict(zip(names, values(item))) for item in items]


def passage_data(passage: SharedPassage) -> dict[str, Any]:
    """A shared passage with its refs."""
    return {**record(passage), "refs": records(passage.refs)}


def discrepancy_data(discrepancy: Discrepancy) -> dict[str, Any]:
    """A discrepancy with its sides."""
    return {**record(discrepancy), "sides": records(discrepancy.sides)}


def source_data(source: Source) -> dict[str, Any]:
    """A source's entry: its metadata, paragraphs (with what analysis found), headings
    (with the paragraph each stands before), removed text, changes and images."""
    paragraphs = []
    headings = []
    waiting: list[dict[str, Any]] = []  # headings not yet followed by a paragraph
    for block in source.blocks:
        if isinstance(block, Heading):
            heading = {"text": block.text, "line": block.line, "before": None}
            headings.append(heading)
            waiting.append(heading)
            continue
        for heading in waiting:
            heading["before"] = block.id
        waiting.clear()
        paragraphs.append(
            {
                "id": block.id,
                "text": block.text,
                "line": block.line,
                "section": block.section,
                "sentences": block.sentences,
                "actors": block.actors,
                "topics": block.topics,
                "mentions": records(block.mentions),
                "off_topic": block.off_topic,
                "duplicates": block.duplicates,
            }
        )
    return {
        "id": source.id,
        "path": source.path,
        "format": source.format,
        "encoding": source.encoding,
        "title": source.title,
        "date": source.date.iso() if source.date else None,
        "publisher": source.publisher,
        "url": source.url,
        "place": source.place,
        "tags": source.tags,
        "categories": source.categories,
        "agencies": source.agencies,
        "page": source.page,
        "paragraphs": paragraphs,
        "headings": headings,
        "removed": records(source.removed),
        "changes": records(source.changes),
        "images": records(source.images),
        "extra": source.extra,
    }


def dossier_data(dossier: Dossier) -> dict[str, Any]:
    """The JSON document; no timestamps or machine paths, so equal input gives equal bytes."""
    analysis = dossier.analysis
    return {
        "generator": f"dossier_build {__version__}",
        "title": dossier.title,
        "description": dossier.description,
        "language": dossier.language,
        "sources": [source_data(s) for s in dossier.sources],
        "actors": analysis.get("actors", []),
        "topics": analysis.get("topics", []),
        "quotes": records(dossier.quotes),
        "shared_passages": [passage_data(p) for p in dossier.shared_passages],
        "discrepancies": [discrepancy_data(d) for d in dossier.discrepancies],
        "timeline": analysis.get("timeline", []),
        "errors": [{"path": d.path, "line": d.line, "message": d.message} for d in dossier.errors],
        "warnings": [{"path": d.path, "line": d.line, "message": d.message} for d in dossier.warnings],
        "skipped": records(dossier.skipped),
    }
