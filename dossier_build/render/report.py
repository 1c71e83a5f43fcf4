"""The build report page: errors, warnings and skipped files, for the curator."""

from __future__ import annotations

from ..model import Dossier
from . import markdown as md
from .labels import labels


def render_report(dossier: Dossier) -> str:
    lab = labels(dossier.language)
    parts = [md.front_matter({}), f"# {lab['report']}\n\n"]
    if not (dossier.errors or dossier.warnings or dossier.skipped):
        parts.append(lab["no_problems"] + "\n")
    for heading, items in ((lab["errors"], dossier.errors), (lab["warnings"], dossier.warnings)):
        if items:
            parts.append(f"## {heading}\n\n")
            rows = [[md.text(d.path), str(d.line or ""), md.text(d.message)] for d in items]
            parts.append(md.table([lab["path"], lab["line"].capitalize(), lab["message"]], rows) + "\n")
    if dossier.skipped:
        parts.append(f"## {lab['skipped']}\n\n")
        rows = [[md.text(s.path), md.text(s.reason)] for s in dossier.skipped]
        parts.append(md.table([lab["path"], lab["reason"]], rows) + "\n")
    return "".join(parts)
