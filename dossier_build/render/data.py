"""``dossier.json``: the whole model as data, for readers and other tools."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from .. import __version__
from ..model import Dossier, Heading, Source


def source_data(source: Source) -> dict[str, Any]:
    paragraphs = []
    headings = []
    for block in source.blocks:
        if isinstance(block, Heading):
            headings.append({"text": block.text, "line": block.line, "before": None})
            continue
        for heading in headings:
            if heading["before"] is None:
                heading["before"] = block.id
        paragraphs.append(
            {
                "id": block.id,
                "text": block.text,
                "line": block.line,
                "section": block.section,
                "sentences": block.sentences,
                "actors": block.actors,
                "topics": block.topics,
                "mentions": [asdict(m) for m in block.mentions],
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
        "removed": [asdict(r) for r in source.removed],
        "changes": [asdict(c) for c in source.changes],
        "images": [asdict(i) for i in source.images],
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
        "quotes": [asdict(q) for q in dossier.quotes],
        "shared_passages": [asdict(p) for p in dossier.shared_passages],
        "discrepancies": [asdict(d) for d in dossier.discrepancies],
        "timeline": analysis.get("timeline", []),
        "errors": [{"path": d.path, "line": d.line, "message": d.message} for d in dossier.errors],
        "warnings": [{"path": d.path, "line": d.line, "message": d.message} for d in dossier.warnings],
        "skipped": [asdict(s) for s in dossier.skipped],
    }
