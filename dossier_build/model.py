"""The content model every stage passes along.

read      -> ``RawDocument``      (bytes decoded, front matter split off)
normalise -> ``Source``           (clean paragraphs, headings, metadata, change record)
analyse   -> fills ``Paragraph.actors/topics/off_topic/duplicates`` and the
             dossier-wide ``Dossier.quotes/shared_passages/discrepancies``
render    -> Markdown pages and ``dossier.json`` built from a ``Dossier``

Configuration objects (``ActorSpec``, ``TopicSpec``) live in :mod:`dossier_build.config`;
the model only refers to actors and topics by id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import Any, Union


def pickled_as_field_values(cls):
    """Pickle the instances of a dataclass as its field values, in order, rebuilt by calling
    the class: for the objects every source has many of (paragraphs, mentions) this is
    smaller and quicker to load than a dictionary per instance. Every field is kept."""
    names = [f.name for f in fields(cls)]
    if any(not f.init for f in fields(cls)) or len(names) < 2:
        raise TypeError(f"{cls.__name__}: every field must be an __init__ argument, and at least two")
    values = attrgetter(*names)

    def __reduce__(self):
        return (type(self), values(self))

    cls.__reduce__ = __reduce__
    return cls


# --------------------------------------------------------------------------- dates


@dataclass(frozen=True)
class PartialDate:
    """A date that keeps its precision: a year, a month or a day.

    ``2024-06`` is a month, never silently 1 June. Ordering sorts a month before
    the days inside it (missing parts sort as 0).
    """

    year: int
    month: int | None = None
    day: int | None = None

    _PATTERN = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")

    @classmethod
    def parse(cls, text: str) -> "PartialDate | None":
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; ``None`` if it is no valid date."""
        match = cls._PATTERN.match(text.strip())
        if not match:
            return None
        year, month, day = (int(g) if g else None for g in match.groups())
        try:
            return cls.checked(year, month, day)
        except ValueError:
            return None

    @classmethod
    def checked(cls, year: int, month: int | None = None, day: int | None = None) -> "PartialDate":
        """Build a date, raising ``ValueError`` for impossible ones (month 13, 30 February)."""
        import datetime

        if month is None and day is not None:
            raise ValueError("a day needs a month")
        if not 1 <= year <= 9999:
            raise ValueError(f"year {year} out of range")
        if month is not None:
            datetime.date(year, month, day or 1)
        return cls(year, month, day)

    @property
    def precision(self) -> str:
        """``year``, ``month`` or ``day``."""
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    def iso(self) -> str:
        """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    def __lt__(self, other: "PartialDate") -> bool:
        return self.sort_key() < other.sort_key()

    def __str__(self) -> str:  # pragma: no cover - convenience
        return self.iso()


# --------------------------------------------------------------------------- diagnostics


@dataclass(frozen=True)
class Diagnostic:
    """A problem found while reading: ``severity`` is ``error`` or ``warning``.

    ``path`` is relative to the sources folder (POSIX), ``line`` 1-based or ``None``.
    """

    severity: str
    path: str
    message: str
    line: int | None = None

    def format(self) -> str:
        where = self.path + (f":{self.line}" if self.line else "")
        return f"{where}: {self.severity}: {self.message}"


@dataclass(frozen=True)
class Skipped:
    """A file that was read on purpose but not published (``published: false``, …)."""

    path: str
    reason: str


# --------------------------------------------------------------------------- reading


@dataclass
class RawDocument:
    """One input file after decoding and front-matter splitting, before normalisation.

    ``body`` has ``\\n`` line endings; ``body_line`` is the 1-based line of the file
    where the body starts, so a paragraph can name the line it came from.
    """

    path: str  # relative to the sources folder, POSIX
    format: str  # "text" or "front-matter"
    encoding: str  # "utf-8", "utf-8-sig", "utf-16", "cp1252"
    body: str
    body_line: int = 1
    metadata: dict[str, Any] = field(default_factory=dict)
    changes: list["Change"] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


# --------------------------------------------------------------------------- normalised sources


@dataclass(frozen=True)
class Change:
    """One change normalisation made to a source's text.

    ``kind`` names the rule (``encoding``, ``mojibake``, ``line-endings``, ``title``,
    ``dateline``, …); ``before``/``after`` show what was replaced, ``line`` where it was first
    seen and ``count`` how often. Mojibake is recorded as code points (``U+00C3 U+00BC`` →
    ``ü``) so that the damaged characters are shown without being published again.
    """

    kind: str
    before: str
    after: str
    line: int | None = None
    count: int = 1


@dataclass(frozen=True)
class Removed:
    """A piece of text taken out of the body, with the rule that removed it.

    Kinds: ``ad``, ``caption``, ``signoff``, ``teaser``, ``image``, ``link``, ``empty``.
    """

    kind: str
    text: str
    line: int | None = None


@dataclass(frozen=True)
class Image:
    """An image a source showed; published as a link, never embedded (no hot-linking)."""

    alt: str
    url: str


@pickled_as_field_values
@dataclass(slots=True)
class Mention:
    """An actor named in a paragraph: ``surface`` is the spelling used, ``start``/``end``
    character offsets into ``Paragraph.text``, ``alias`` the name or alias of
    ``dossier.yml`` that matched it."""

    actor: str
    surface: str
    start: int
    end: int
    alias: str = ""


@pickled_as_field_values
@dataclass(slots=True)
class Paragraph:
    """A paragraph of a source, in reading order, with a stable id ``p1…pn``."""

    id: str
    text: str
    line: int | None = None
    section: str | None = None  # the subheading it stands under
    sentences: list[str] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    off_topic: bool = False
    duplicates: list[str] = field(default_factory=list)  # "source-id#p3" of matching passages

    @property
    def number(self) -> int:
        return int(self.id[1:])


@dataclass
class Heading:
    """A subheading inside a source body (short line without final punctuation, «…»)."""

    text: str
    line: int | None = None


Block = Union[Heading, Paragraph]


@dataclass
class Source:
    """One published input file, normalised."""

    id: str
    path: str
    format: str
    encoding: str
    title: str
    date: PartialDate | None = None
    publisher: str | None = None
    url: str | None = None
    place: str | None = None
    tags: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    agencies: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)  # other front-matter keys, JSON-safe
    page: str = ""  # site-relative URL of its page, set by the renderer's path plan

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [block for block in self.blocks if isinstance(block, Paragraph)]

    def paragraph(self, paragraph_id: str) -> Paragraph | None:
        for paragraph in self.paragraphs:
            if paragraph.id == paragraph_id:
                return paragraph
        return None


# --------------------------------------------------------------------------- dossier-wide analysis


@dataclass
class Quote:
    """Direct speech with its speaker. ``speaker`` is an actor id, or ``None`` when the
    speaker is not a listed actor (then ``speaker_name`` keeps the name as text)."""

    text: str
    source: str
    paragraph: str
    speaker: str | None = None
    speaker_name: str | None = None


@dataclass
class PassageRef:
    source: str
    paragraph: str
    sentence: str


@dataclass
class SharedPassage:
    """A sentence-level passage reported by several sources (agency copy)."""

    id: str
    refs: list[PassageRef] = field(default_factory=list)


@dataclass
class Discrepancy:
    """Aligned passages that differ in a name or number, or an actor spelled differently."""

    kind: str  # "name", "number", "spelling"
    description: str
    sides: list[PassageRef] = field(default_factory=list)
    values: list[str] = field(default_factory=list)


@dataclass
class Dossier:
    """Everything a build produced: the pages and ``dossier.json`` are made from this."""

    title: str
    description: str | None
    language: str
    sources: list[Source] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    shared_passages: list[SharedPassage] = field(default_factory=list)
    discrepancies: list[Discrepancy] = field(default_factory=list)
    errors: list[Diagnostic] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    analysis: dict[str, Any] = field(default_factory=dict)  # per-actor/topic summaries for render

    def source(self, source_id: str) -> Source | None:
        for source in self.sources:
            if source.id == source_id:
                return source
        return None
