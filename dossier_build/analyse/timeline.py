"""Timeline: the sources by date, and the dated events the texts name.

Expressions recognised (German), resolved against the source's own date where needed:

- ``im Jahr 2000``, ``im Jahre 2000``, ``seit 2022``, ``bis 2030``, ``Anfang 2023`` → that year;
- ``im September 2023``, ``Mitte März 2024`` → that month;
- ``im September``, ``im März`` → that month in the source's year, or in the year before
  if the month lies after the source's month (reports look back); a sentence that speaks
  of the future (``werde``, ``wird``, ``soll``, ``geplant``) takes the next such month;
- ``im Februar vergangenen Jahres`` / ``letzten Jahres`` → that month a year before;
- ``im vergangenen Jahr`` / ``letzten Jahr`` → the year before the source's;
- ``vor 24 Jahren`` / ``seit 24 Jahren`` → the source's year minus 24.

An expression that needs the source's date is left out when the source has none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from operator import itemgetter
from typing import Mapping

from ..model import PartialDate, Source

MONTHS = ["januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "dezember"]
_MONTH = "(?P<month>" + "|".join(m.capitalize() for m in MONTHS) + "|Jänner)"
_YEAR = r"(?P<year>1[89]\d\d|20\d\d)"
_PATTERNS = [
    ("month-year", re.compile(rf"\b(?:im|Im|Anfang|Mitte|Ende|seit|Seit|bis)\s+{_MONTH}\s+{_YEAR}\b")),
    ("month-last-year", re.compile(rf"\b(?:im|Im)\s+{_MONTH}\s+(?:vergangenen|letzten|des vergangenen|des letzten)\s+Jahres\b")),
    ("month", re.compile(rf"\b(?:im|Im|Anfang|Mitte|Ende)\s+{_MONTH}\b(?!\s+(?:\d|vergangenen|letzten|des\b))")),
    ("year", re.compile(rf"\b(?:im\s+Jahre?|Im\s+Jahre?|seit|Seit|bis|Anfang|Mitte|Ende)\s+{_YEAR}\b(?![.\d-])")),
    ("last-year", re.compile(r"\b(?:im|Im)\s+(?:vergangenen|letzten)\s+Jahr\b")),
    ("years-ago", re.compile(r"\b(?:vor|seit|Vor|Seit)\s+(?:fast\s+|mehr als\s+|rund\s+)?(?P<n>\d{1,3})\s+Jahren\b")),
]
_FUTURE = re.compile(r"\b(?:werde|wird|soll|sollen|solle|geplant|künftig|kommenden|nächsten)\b")


@dataclass
class Event:
    """A dated event a source names: ``date`` resolved, ``expression`` as written."""

    date: PartialDate
    expression: str
    sentence: str
    source: str
    paragraph: str


def _resolve(kind: str, match: re.Match, sentence: str, base: PartialDate | None) -> PartialDate | None:
    """The date an expression stands for, or ``None`` if it needs a date the source lacks."""
    groups = match.groupdict()
    month = None
    if groups.get("month"):
        name = groups["month"].lower()
        month = 1 if name == "jänner" else MONTHS.index(name) + 1
    if kind == "month-year":
        return PartialDate(int(groups["year"]), month)
    if kind == "year":
        return PartialDate(int(groups["year"]))
    if base is None:
        return None
    if kind == "month-last-year":
        return PartialDate(base.year - 1, month)
    if kind == "last-year":
        return PartialDate(base.year - 1)
    if kind == "years-ago":
        years = int(groups["n"])
        return PartialDate(base.year - years) if 0 < years < base.year else None
    if kind == "month":
        if base.month is None:
            return PartialDate(base.year, month)
        if _FUTURE.search(sentence):
            return PartialDate(base.year if month >= base.month else base.year + 1, month)
        return PartialDate(base.year if month <= base.month else base.year - 1, month)
    return None


# Every expression needs a year, a month name or "Jahr": a paragraph without any is skipped.
_GATE = re.compile(r"Jahr|" + "|".join(m.capitalize() for m in MONTHS) + r"|Jänner|1[89]\d\d|20\d\d")


def _sentences(text: str, sentences: list[str]) -> list[str]:
    """The paragraph's sentences, or the paragraph as one."""
    return sentences or [text]


def source_events(source: Source, include_off_topic: bool = False) -> list[Event]:
    """The dated events of one source, in reading order; off-topic paragraphs are skipped
    unless ``include_off_topic`` (then the result depends on the source alone, and a build
    can keep it with the source: see :func:`timeline`)."""
    events: list[Event] = []
    for paragraph in source.paragraphs:
        if (paragraph.off_topic and not include_off_topic) or not _GATE.search(paragraph.text):
            continue
        for sentence in _sentences(paragraph.text, paragraph.sentences):
            if not _GATE.search(sentence):
                continue  # no year, month or "Jahr": no expression can match
            taken: list[tuple[int, int]] = []
            for kind, pattern in _PATTERNS:
                for match in pattern.finditer(sentence):
                    if any(match.start() < end and start < match.end() for start, end in taken):
                        continue
                    date = _resolve(kind, match, sentence, source.date)
                    if date is None:
                        continue
                    taken.append(match.span())
                    events.append(Event(date, match.group(0), sentence, source.id, paragraph.id))
    return events


def timeline(sources: list[Source], events: Mapping[str, list[Event]] | None = None) -> list[dict]:
    """The timeline as data for ``dossier.json``: sources (kind ``source``) and events
    (kind ``event``), sorted by date, then source, then paragraph.

    ``events``: ``source_events(source, include_off_topic=True)`` of sources by id (e.g.
    kept from an earlier build); the events of off-topic paragraphs are dropped here. The
    events of the other sources are found here."""
    order = {s.id: i for i, s in enumerate(sources)}
    keyed: list[tuple[tuple, dict]] = []  # (sort key, entry)
    for source in sources:
        # date, sources before events, source order, paragraph, expression
        if source.date is not None:
            entry = {"kind": "source", "date": source.date.iso(), "source": source.id, "paragraph": None, "text": source.title, "expression": None}
            keyed.append(((source.date.sort_key(), False, order[source.id], 0, ""), entry))
        found = events.get(source.id) if events is not None else None
        if found is None:
            found = source_events(source)
        elif found:
            off_topic = {paragraph.id for paragraph in source.paragraphs if paragraph.off_topic}
            found = [event for event in found if event.paragraph not in off_topic] if off_topic else found
        for event in found:
            entry = {"kind": "event", "date": event.date.iso(), "source": event.source, "paragraph": event.paragraph, "text": event.sentence, "expression": event.expression}
            paragraph = int(event.paragraph[1:]) if event.paragraph else 0
            keyed.append(((event.date.sort_key(), True, order[event.source], paragraph, event.expression or ""), entry))
    keyed.sort(key=itemgetter(0))
    return [entry for _, entry in keyed]
