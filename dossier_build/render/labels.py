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


# Words of the analysis pages (actors, topics, quotes, timeline, graph).
WORDS = {
    "de": {
        "actors": "Akteure",
        "topics": "Themen",
        "quotes": "Zitate",
        "discrepancies": "Abweichungen",
        "timeline": "Zeitleiste",
        "actor": "Akteur",
        "topic": "Thema",
        "kind": "Art",
        "kinds": {"person": "Person", "state": "Staat", "organisation": "Organisation"},
        "kinds_plural": {"person": "Personen", "state": "Staaten", "organisation": "Organisationen"},
        "description": "Beschreibung",
        "spellings": "Schreibweisen",
        "mentions": "Nennungen",
        "paragraphs": "Absätze",
        "sources": "Quellen",
        "first": "Erste datierte Nennung",
        "last": "Letzte datierte Nennung",
        "first_topic": "Erster datierter Absatz",
        "last_topic": "Letzter datierter Absatz",
        "statements": "Aussagen",
        "statements_by_topic": "Aussagen nach Thema",
        "other_statements": "Ohne zugeordnetes Thema",
        "with": "Oft zusammen genannt mit",
        "involved": "Beteiligte Akteure",
        "keywords": "Schlagwörter der Regel",
        "also": "auch berichtet in",
        "more_cited": "und {n} weitere (alle in dossier.json)",
        "source_count": ("Quelle", "Quellen"),
        "paragraph": "Abs.",
        "page": "Seite",
        "pages": "Seiten",
        "none_actors": "Dieses Dossier nennt keine Akteure (dossier.yml, `actors`).",
        "none_topics": "Dieses Dossier nennt keine Themen (dossier.yml, `topics`).",
        "no_mentions": "Keine der Quellen nennt diesen Akteur.",
        "no_paragraphs": "Keiner der Absätze gehört zu diesem Thema.",
        "no_quotes": "In den Quellen wurden keine Zitate gefunden.",
        "no_timeline": "Die Quellen nennen keine datierbaren Ereignisse.",
        "quotes_of": "Zitate",
        "by_speaker": "Direkte Rede aus den Quellen, nach Sprecher.",
        "other_speakers": "Weitere Sprecher (nicht im Dossier geführt)",
        "relations": "Beziehungen",
        "strongest": "Am häufigsten zusammen genannt",
        "relations_note": "Die meistgenannten Akteure; eine Linie verbindet zwei, die oft im selben Absatz vorkommen (Zahl: gemeinsame Absätze).",
        "timeline_note": "Quellen nach Datum und die Ereignisse, die sie datieren (aufgelöst gegen das Datum der Quelle).",
        "source_published": "Quelle erschienen",
        "event": "Ereignis",
        "date": "Datum",
        "full_timeline": "Ganze Zeitleiste",
        "undated": "undatiert",
        "more": "weitere",
        "speaker": "Sprecher",
        "actor_page": "Zur Seite des Akteurs",
        "no_month": "ohne Monat",
        "part": "Teil",
        "parts": "Teile",
        "overview": "Übersicht",
        "by_period": "Nach Zeitraum",
        "by_period_note": "Auf Seiten je Jahr verteilt, ein Jahr mit vielen Einträgen auf Seiten je Monat.",
        "statements_by_period": "Aussagen nach Zeitraum",
        "paragraphs_by_period": "Absätze nach Zeitraum",
        "statement_count": ("Aussage", "Aussagen"),
        "paragraph_count": ("Absatz", "Absätze"),
        "entry_count": ("Eintrag", "Einträge"),
        "quote_count": ("Zitat", "Zitate"),
        "discrepancy_count": ("Abweichung", "Abweichungen"),
    },
    "en": {
        "actors": "Actors",
        "topics": "Topics",
        "quotes": "Quotes",
        "discrepancies": "Discrepancies",
        "timeline": "Timeline",
        "actor": "Actor",
        "topic": "Topic",
        "kind": "Kind",
        "kinds": {"person": "Person", "state": "State", "organisation": "Organisation"},
        "kinds_plural": {"person": "Persons", "state": "States", "organisation": "Organisations"},
        "description": "Description",
        "spellings": "Spellings",
        "mentions": "Mentions",
        "paragraphs": "Paragraphs",
        "sources": "Sources",
        "first": "First dated mention",
        "last": "Last dated mention",
        "first_topic": "First dated paragraph",
        "last_topic": "Last dated paragraph",
        "statements": "Statements",
        "statements_by_topic": "Statements by topic",
        "other_statements": "No topic assigned",
        "with": "Often named together with",
        "involved": "Actors involved",
        "keywords": "Keywords of the rule",
        "also": "also reported in",
        "more_cited": "and {n} more (all in dossier.json)",
        "source_count": ("source", "sources"),
        "paragraph": "para.",
        "page": "Page",
        "pages": "Pages",
        "none_actors": "This dossier lists no actors (dossier.yml, `actors`).",
        "none_topics": "This dossier lists no topics (dossier.yml, `topics`).",
        "no_mentions": "None of the sources names this actor.",
        "no_paragraphs": "No paragraph belongs to this topic.",
        "no_quotes": "No quotes were found in the sources.",
        "no_timeline": "The sources name no datable events.",
        "quotes_of": "Quotes",
        "by_speaker": "Direct speech from the sources, by speaker.",
        "other_speakers": "Other speakers (not listed in the dossier)",
        "relations": "Relations",
        "strongest": "Most often named together",
        "relations_note": "The most named actors; a line joins two that often appear in the same paragraph (number: shared paragraphs).",
        "timeline_note": "Sources by date and the events they date (resolved against the source's date).",
        "source_published": "Source published",
        "event": "Event",
        "date": "Date",
        "full_timeline": "Full timeline",
        "undated": "undated",
        "more": "more",
        "speaker": "Speaker",
        "actor_page": "To the actor's page",
        "no_month": "no month",
        "part": "part",
        "parts": "Parts",
        "overview": "Overview",
        "by_period": "By period",
        "by_period_note": "Spread over pages by year; a year with many entries over pages by month.",
        "statements_by_period": "Statements by period",
        "paragraphs_by_period": "Paragraphs by period",
        "statement_count": ("statement", "statements"),
        "paragraph_count": ("paragraph", "paragraphs"),
        "entry_count": ("entry", "entries"),
        "quote_count": ("quote", "quotes"),
        "discrepancy_count": ("discrepancy", "discrepancies"),
    },
}


def words(language: str) -> dict:
    """The labels of the analysis pages in the dossier's language."""
    return WORDS.get(language, WORDS["de"])


# Words of the discrepancies page.
DISCREPANCY_LABELS = {
    "de": {
        "title": "Abweichungen",
        "intro": (
            "Stellen, an denen Quellen, die denselben Text bringen, bei einem Namen oder einer Zahl "
            "voneinander abweichen, und Akteure, deren Name verschieden geschrieben wird. "
            "Jede Seite ist belegt; der Link führt zum Absatz der Quelle."
        ),
        "none": "Keine Abweichungen gefunden.",
        "kinds": {"name": "Namen", "number": "Zahlen", "spelling": "Schreibweisen"},
        "kind_intro": {
            "name": "Derselbe Satz nennt in verschiedenen Quellen einen anderen Namen.",
            "number": "Derselbe Satz nennt in verschiedenen Quellen eine andere Zahl.",
            "spelling": "Ein Akteur wird in den Quellen verschieden geschrieben.",
        },
        "paragraph": "Abs.",
    },
    "en": {
        "title": "Discrepancies",
        "intro": (
            "Places where sources that carry the same text differ in a name or a number, and actors "
            "whose names are spelled differently. Every side is cited; the link leads to the "
            "source's paragraph."
        ),
        "none": "No discrepancies found.",
        "kinds": {"name": "Names", "number": "Numbers", "spelling": "Spellings"},
        "kind_intro": {
            "name": "The same sentence names someone else in different sources.",
            "number": "The same sentence gives a different number in different sources.",
            "spelling": "An actor's name is spelled differently across the sources.",
        },
        "paragraph": "para.",
    },
}


def discrepancy_labels(language: str) -> dict:
    """The page's words in the dossier's language (German unless ``en``)."""
    return DISCREPANCY_LABELS.get(language, DISCREPANCY_LABELS["de"])
