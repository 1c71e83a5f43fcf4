"""The note "auch berichtet in …" for a paragraph whose text other sources carry too.

Use on actor and topic pages, where a shared passage appears once::

    index = sources_index(dossier)               # once per page, not per paragraph
    note = render_shared_note(paragraph, dossier, base="../", sources_by_id=index)
    if note:
        lines.append(note)

``paragraph.duplicates`` (filled by :func:`dossier_build.analyse.passages.find_shared_passages`)
lists the other sources' paragraphs as ``source-id#pN``; each becomes a link to
``<base>sources/<id>.md#pN``, where ``base`` leads from the calling page to the output folder
(``""`` for a page at its top, ``"../"`` for ``actors/<id>.md``). The list is capped at
``MAX_DUPLICATES`` entries; a full list then ends with "u. a." / "among others".
"""

from __future__ import annotations

from ..analyse.passages import MAX_DUPLICATES
from ..model import Dossier, Paragraph, PassageRef, Source
from . import markdown as md
from .discrepancies import citation

LABELS = {
    "de": {"also": "Auch berichtet in", "more": "u. a."},
    "en": {"also": "Also reported in", "more": "among others"},
}


def sources_index(dossier: Dossier) -> dict[str, Source]:
    """The dossier's sources by id (build it once per page and pass it on)."""
    return {source.id: source for source in dossier.sources}


def render_shared_note(paragraph: Paragraph, dossier: Dossier, base: str = "", sources_by_id: dict[str, Source] | None = None) -> str:
    """``*Auch berichtet in:* [Publisher, Datum, Abs. 4](sources/x.md#p4), …`` for a paragraph
    with duplicates, in the dossier's language; ``""`` for one without. Links name publisher
    (else title), date and paragraph number and point at the paragraph anchor."""
    if not paragraph.duplicates:
        return ""
    lab = LABELS.get(dossier.language, LABELS["de"])
    index = sources_by_id if sources_by_id is not None else sources_index(dossier)
    links = []
    for entry in paragraph.duplicates:
        source_id, _, paragraph_id = entry.partition("#")
        links.append(citation(PassageRef(source_id, paragraph_id, ""), index.get(source_id), dossier.language, base))
    more = f" {lab['more']}" if len(paragraph.duplicates) >= MAX_DUPLICATES else ""
    return f"*{lab['also']}:* " + ", ".join(links) + md.text(more)
