"""dossier.json entries are written field by field (no ``dataclasses.asdict``): they must
hold exactly what ``asdict`` gives, for every record the model has."""

from __future__ import annotations

import dataclasses
import json

from dossier_build.build import build
from dossier_build.model import Heading
from dossier_build.render.data import dossier_data, source_data


def _asdict_source(source) -> dict:
    """The reference: a source's entry made with ``dataclasses.asdict``."""
    paragraphs, headings = [], []
    for block in source.blocks:
        if isinstance(block, Heading):
            headings.append({"text": block.text, "line": block.line, "before": None})
            continue
        for heading in headings:
            if heading["before"] is None:
                heading["before"] = block.id
        item = dataclasses.asdict(block)
        paragraphs.append({key: item[key] for key in ("id", "text", "line", "section", "sentences", "actors", "topics", "mentions", "off_topic", "duplicates")})
    data = {key: getattr(source, key) for key in ("id", "path", "format", "encoding", "title", "publisher", "url", "place", "tags", "categories", "agencies", "page", "extra")}
    data.update(
        date=source.date.iso() if source.date else None,
        paragraphs=paragraphs,
        headings=headings,
        removed=[dataclasses.asdict(r) for r in source.removed],
        changes=[dataclasses.asdict(c) for c in source.changes],
        images=[dataclasses.asdict(i) for i in source.images],
    )
    return data


def _canonical(data) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def test_entries_equal_what_asdict_gives(seed_dossier):
    dossier = build(seed_dossier, write=False, use_cache=False).dossier
    assert dossier.quotes and dossier.shared_passages and dossier.discrepancies
    assert any(p.mentions for s in dossier.sources for p in s.paragraphs)
    assert any(s.removed for s in dossier.sources) and any(s.changes for s in dossier.sources)
    assert any(isinstance(b, Heading) for s in dossier.sources for b in s.blocks)
    for source in dossier.sources:
        assert _canonical(source_data(source)) == _canonical(_asdict_source(source))
    data = dossier_data(dataclasses.replace(dossier, sources=[]))
    for key, items in (("quotes", dossier.quotes), ("shared_passages", dossier.shared_passages), ("discrepancies", dossier.discrepancies), ("skipped", dossier.skipped)):
        assert _canonical(data[key]) == _canonical([dataclasses.asdict(item) for item in items]), key


def test_headings_name_the_paragraph_they_stand_before(seed_dossier):
    dossier = build(seed_dossier, write=False, use_cache=False).dossier
    checked = 0
    for source in dossier.sources:
        blocks = source.blocks
        entry = source_data(source)
        for heading, data in zip([b for b in blocks if isinstance(b, Heading)], entry["headings"]):
            position = blocks.index(heading)
            following = next((b.id for b in blocks[position + 1 :] if not isinstance(b, Heading)), None)
            assert data["before"] == following
            checked += 1
    assert checked
