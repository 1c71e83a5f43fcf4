"""The words generated pages use, in German (default) and English."""

from __future__ import annotations

LABELS = {
    "de": {
        "sources": "Quellen",
        "source": "Quelle",
        "date": "Datum",
        "undated": "undatiert",
        "publisher": "Herausgeber",
        "original": "Original",
        "original_link": "Originalartikel",
        "tags": "Schlagwörter",
        "categories": "Kategorien",
        "agencies": "Agenturen",
        "place": "Ort",
        "path": "Datei",
        "paragraphs": "Absätze",
        "images": "Bilder (als Links, nicht eingebettet)",
        "normalisation": "Normalisierung",
        "changes": "Änderungen",
        "removed": "Entfernt",
        "no_changes": "Der Text wurde unverändert übernommen.",
        "line": "Zeile",
        "title": "Titel",
        "report": "Build-Bericht",
        "errors": "Fehler",
        "warnings": "Warnungen",
        "skipped": "Übersprungen",
        "reason": "Grund",
        "message": "Meldung",
        "no_problems": "Keine Fehler, Warnungen oder übersprungenen Dateien.",
        "counts": "Umfang",
        "sources_read": "Quellen",
        "overview": "Überblick",
        "by_date": "Quellen nach Datum, undatierte zuletzt.",
        "off_topic": "Gehört vermutlich zu einem anderen Bericht",
        "kind": {
            "ad": "Werbung",
            "caption": "Bildunterschrift",
            "signoff": "Agenturkürzel",
            "teaser": "Anreißer (wiederholt den Vorspann)",
            "image": "Bild",
            "link": "Link",
            "encoding": "Zeichenkodierung",
            "line-endings": "Zeilenenden",
            "mojibake": "Zeichensalat repariert",
            "whitespace": "Leerraum",
            "title": "Titel",
            "dateline": "Ortsmarke",
            "metadata": "Metadaten",
            "tag": "Schlagwort",
        },
    },
    "en": {
        "sources": "Sources",
        "source": "Source",
        "date": "Date",
        "undated": "undated",
        "publisher": "Publisher",
        "original": "Original",
        "original_link": "Original article",
        "tags": "Tags",
        "categories": "Categories",
        "agencies": "Agencies",
        "place": "Place",
        "path": "File",
        "paragraphs": "Paragraphs",
        "images": "Images (as links, not embedded)",
        "normalisation": "Normalisation",
        "changes": "changes",
        "removed": "Removed",
        "no_changes": "The text was taken over unchanged.",
        "line": "line",
        "title": "Title",
        "report": "Build report",
        "errors": "Errors",
        "warnings": "Warnings",
        "skipped": "Skipped",
        "reason": "Reason",
        "message": "Message",
        "no_problems": "No errors, warnings or skipped files.",
        "counts": "Extent",
        "sources_read": "Sources",
        "overview": "Overview",
        "by_date": "Sources by date, undated last.",
        "off_topic": "Probably belongs to another story",
        "kind": {
            "ad": "advert",
            "caption": "photo caption",
            "signoff": "agency sign-off",
            "teaser": "teaser (repeats the lead)",
            "image": "image",
            "link": "link",
            "encoding": "encoding",
            "line-endings": "line endings",
            "mojibake": "mojibake repaired",
            "whitespace": "white space",
            "title": "title",
            "dateline": "dateline",
            "metadata": "metadata",
            "tag": "tag",
        },
    },
}

MONTHS = {
    "de": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
}


def labels(language: str) -> dict:
    return LABELS.get(language, LABELS["de"])


def format_date(date, language: str) -> str:
    """A partial date for people: ``19.06.2024``, ``Juni 2024``, ``2024`` (de)."""
    if date is None:
        return labels(language)["undated"]
    if date.day is not None:
        return f"{date.day:02d}.{date.month:02d}.{date.year}" if language == "de" else date.iso()
    if date.month is not None:
        return f"{MONTHS[language][date.month - 1]} {date.year}"
    return str(date.year)
