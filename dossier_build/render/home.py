"""The home page block: the dossier's title, description, counts and ways in.

It is written as ``.home.md`` in the output folder (MkDocs ignores dot files) and the
MkDocs plugin puts it where the hand-written ``docs/index.md`` has the marker
``<!-- dossier:home -->``. Links in it are relative to the docs folder.
"""

from __future__ import annotations

from ..model import Dossier
from . import markdown as md
from .labels import format_date, labels

HOME_MARKER = "<!-- dossier:home -->"
HOME_FILE = ".home.md"


def render_home(dossier: Dossier, base: str, sections: list[tuple[str, str]], extra_blocks: tuple[str, ...] = ()) -> str:
    """``base`` is the output folder relative to the docs folder (``dossier/``);
    ``sections`` are (label, page inside the output folder) pairs to link to;
    ``extra_blocks`` are Markdown blocks appended (graph, timeline), links relative to the docs folder."""
    lab = labels(dossier.language)
    parts = [f"# {md.text(dossier.title)}\n\n"]
    if dossier.description:
        parts.append(md.text(dossier.description) + "\n\n")
    dated = sorted(s.date for s in dossier.sources if s.date)
    paragraphs = sum(len(s.paragraphs) for s in dossier.sources)
    rows = [[lab["sources_read"], str(len(dossier.sources))], [lab["paragraphs"], str(paragraphs)]]
    for key, label in (("actors", "Akteure" if dossier.language == "de" else "Actors"), ("topics", "Themen" if dossier.language == "de" else "Topics")):
        if dossier.analysis.get(key):
            rows.append([label, str(len(dossier.analysis[key]))])
    if dossier.quotes:
        rows.append(["Zitate" if dossier.language == "de" else "Quotes", str(len(dossier.quotes))])
    if dated:
        rows.append([lab["date"], f"{md.text(format_date(dated[0], dossier.language))} – {md.text(format_date(dated[-1], dossier.language))}"])
    parts.append(f"## {lab['counts']}\n\n" + md.table(["", ""], rows) + "\n")
    if sections:
        parts.append(f"## {lab['overview']}\n\n")
        for label, page in sections:
            parts.append(f"- {md.internal_link(label, base + page)}\n")
        parts.append("\n")
    parts.extend(extra_blocks)
    return "".join(parts)
