"""Citations and statements shared by the actor, topic and quotes pages.

A citation is a Markdown footnote naming the source's publisher (or its title), its date
and the paragraph number, linking to the paragraph's anchor on the source page
(``../sources/<id>.md#p3``). A passage several sources report (agency copy) is shown
once, citing every source that has it ("auch berichtet in …").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Dossier, Paragraph, Source
from . import markdown as md
from .labels import words, format_date
from .sources import SOURCES_DIR

TITLE_CHARS = 60
PAGE_SIZE = 200

def source_label(source: Source, language: str) -> str:
    """Publisher, else the title cut at a word boundary."""
    if source.publisher:
        return source.publisher
    title = source.title
    if len(title) > TITLE_CHARS:
        title = title[:TITLE_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + " …"
    return title


@dataclass
class Footnotes:
    """The footnotes of one page: one number per cited paragraph."""

    dossier: Dossier
    prefix: str  # from the page to the output folder: "../" or ""
    sources: dict[str, Source] = field(default_factory=dict)  # by id; built if not given
    numbers: dict[tuple[str, str], int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.sources:
            self.sources = {s.id: s for s in self.dossier.sources}

    def cite(self, source_id: str, paragraph_id: str) -> str:
        """The footnote reference ``[^n]`` for a paragraph, numbered in order of first use."""
        key = (source_id, paragraph_id)
        if key not in self.numbers:
            self.numbers[key] = len(self.numbers) + 1
        return f"[^{self.numbers[key]}]"

    def definitions(self) -> str:
        """The footnote definitions, each a link to the paragraph's anchor."""
        lang = self.dossier.language
        w = words(lang)
        lines = []
        for (source_id, paragraph_id), number in self.numbers.items():
            source = self.sources[source_id]
            label = f"{source_label(source, lang)}, {format_date(source.date, lang)}, {w['paragraph']} {paragraph_id[1:]}"
            target = f"{self.prefix}{SOURCES_DIR}/{source.id}.md#{paragraph_id}"
            lines.append(f"[^{number}]: {md.internal_link(label, target)}")
        return "\n".join(lines) + "\n" if lines else ""


# --------------------------------------------------------------------------- shared passages


class SharedIndex:
    """Which sentences and paragraphs other sources report too."""

    def __init__(self, dossier: Dossier):
        self.passage_of: dict[tuple[str, str, str], str] = {}
        self.refs: dict[str, list[tuple[str, str]]] = {}
        for passage in dossier.shared_passages:
            refs = []
            for ref in passage.refs:
                self.passage_of[(ref.source, ref.paragraph, ref.sentence)] = passage.id
                refs.append((ref.source, ref.paragraph))
            self.refs[passage.id] = list(dict.fromkeys(refs))
        self.duplicates: dict[tuple[str, str], set[tuple[str, str]]] = {}
        for source in dossier.sources:
            for paragraph in source.paragraphs:
                for target in paragraph.duplicates:
                    other_source, _, other_paragraph = target.partition("#")
                    self.duplicates.setdefault((source.id, paragraph.id), set()).add((other_source, other_paragraph))

    def passages(self, source_id: str, paragraph_id: str, sentences: list[str]) -> tuple[str, ...] | None:
        """The shared passages covering all ``sentences``, or ``None`` if one is not shared."""
        ids = []
        for sentence in sentences:
            passage = self.passage_of.get((source_id, paragraph_id, sentence))
            if passage is None:
                return None
            ids.append(passage)
        return tuple(sorted(set(ids))) if ids else None

    def other_refs(self, key: tuple[str, ...], source_id: str) -> list[tuple[str, str]]:
        """Every (source, paragraph) of the passages ``key`` outside ``source_id``."""
        refs = []
        for passage in key:
            refs.extend(ref for ref in self.refs.get(passage, []) if ref[0] != source_id)
        return list(dict.fromkeys(refs))


@dataclass
class Statement:
    """Text from one paragraph (the paragraph, or its sentences about the subject)."""

    source: Source
    paragraph: Paragraph
    text: str
    sentences: list[str]
    group: str = ""  # the heading it is listed under
    also: list[tuple[str, str]] = field(default_factory=list)

    def sort_key(self) -> tuple:
        """Date (undated last), source, paragraph number."""
        date = self.source.date
        return (date is None, date.sort_key() if date else (0, 0, 0), self.source.id, self.paragraph.number)


def fold_shared(statements: list[Statement], shared: SharedIndex) -> list[Statement]:
    """Statements of a shared passage appear once on a page (the earliest, under its own
    topic), the others become its "auch berichtet in" references. Without sentence-level passages, paragraphs that name
    each other as duplicates are folded the same way."""
    kept: list[Statement] = []
    by_key: dict[tuple, Statement] = {}
    by_paragraph: dict[tuple[str, str], Statement] = {}
    for statement in sorted(statements, key=Statement.sort_key):
        key = shared.passages(statement.source.id, statement.paragraph.id, statement.sentences)
        if key is not None:
            key = (key,)
            if key in by_key:
                first = by_key[key]
                ref = (statement.source.id, statement.paragraph.id)
                if ref not in first.also and statement.source.id != first.source.id:
                    first.also.append(ref)
                continue
            by_key[key] = statement
            statement.also = shared.other_refs(key[0], statement.source.id)
        elif not shared.passage_of:
            ref = (statement.source.id, statement.paragraph.id)
            twins = [by_paragraph[other] for other in shared.duplicates.get(ref, ()) if other in by_paragraph]
            mutual = [t for t in twins if ref in shared.duplicates.get((t.source.id, t.paragraph.id), set())]
            if mutual:
                if ref not in mutual[0].also:
                    mutual[0].also.append(ref)
                continue
        by_paragraph[(statement.source.id, statement.paragraph.id)] = statement
        kept.append(statement)
    return kept


# At most this many further citations per statement or quote: agency copy reported by
# hundreds of sources must not make one list item (and its footnotes) grow with the
# dossier. Every source that has it stays listed in dossier.json.
MAX_CITED = 10


def more_note(hidden: int, language: str) -> str:
    """``und 7 weitere (alle in dossier.json)`` when citations were left out."""
    return f" {md.text(words(language)['more_cited'].format(n=hidden))}" if hidden > 0 else ""


def render_statement(statement: Statement, notes: Footnotes, language: str) -> str:
    """One list item: the source's date, the text, its citation, and up to ``MAX_CITED``
    other sources that report it."""
    w = words(language)
    date = md.text(format_date(statement.source.date, language))
    line = f"- **{date}** · {md.text(statement.text)}{notes.cite(statement.source.id, statement.paragraph.id)}"
    also = [(s, p) for s, p in statement.also if s in notes.sources]
    if also:
        cites = ", ".join(f"{md.text(source_label(notes.sources[s], language))}{notes.cite(s, p)}" for s, p in also[:MAX_CITED])
        line += f" — *{w['also']}* {cites}{more_note(len(also) - MAX_CITED, language)}"
    return line + "\n"


def page_links(base_name: str, count: int, current: int, language: str) -> str:
    """``Seite 1 · 2 · 3`` with links between the sub-pages of a paginated page."""
    if count <= 1:
        return ""
    w = words(language)
    items = []
    for number in range(1, count + 1):
        name = page_file(base_name, number).rsplit("/", 1)[-1]
        items.append(f"**{number}**" if number == current else f"[{number}]({name})")
    return f"{w['pages']}: " + " · ".join(items) + "\n\n"


def entity_stem(entity_id: str) -> str:
    """The file name (without ``.md``) of an actor's or topic's page: its id, except that
    an id ``index`` must not replace the index page (ids never contain ``--``)."""
    return "index--page" if entity_id == "index" else entity_id


def entity_file(entity_id: str) -> str:
    """``<stem>.md``: the first page of an actor or topic, relative to its folder."""
    return entity_stem(entity_id) + ".md"


def page_file(base_name: str, number: int) -> str:
    """``actors/putin.md``, then ``actors/putin--2.md`` … (ids never contain ``--``)."""
    return f"{base_name}.md" if number == 1 else f"{base_name}--{number}.md"


class PageIndex:
    """Built once per render: every lookup the actor, topic and quotes pages need, so
    that rendering stays one pass over the dossier plus the size of each page."""

    def __init__(self, dossier: Dossier):
        self.sources: dict[str, Source] = {s.id: s for s in dossier.sources}
        self.shared = SharedIndex(dossier)
        self.by_actor: dict[str, list[tuple[Source, Paragraph]]] = {}
        self.by_topic: dict[str, list[tuple[Source, Paragraph]]] = {}
        for source in dossier.sources:
            for paragraph in source.paragraphs:
                if paragraph.off_topic:
                    continue
                for actor in paragraph.actors:
                    self.by_actor.setdefault(actor, []).append((source, paragraph))
                for topic in paragraph.topics:
                    self.by_topic.setdefault(topic, []).append((source, paragraph))
        self.quotes_by_speaker: dict[str, list] = {}
        for quote in dossier.quotes:
            if quote.speaker:
                self.quotes_by_speaker.setdefault(quote.speaker, []).append(quote)


def render_quote_lines(quotes: list, notes: Footnotes) -> str:
    """One list item per distinct quote text (in the order given); the same words
    reported by several sources carry one citation for each."""
    grouped: dict[str, list] = {}
    for quote in quotes:
        grouped.setdefault(" ".join(quote.text.split()), []).append(quote)
    lines = []
    for text, same in grouped.items():
        refs = list(dict.fromkeys((q.source, q.paragraph) for q in same))
        cites = "".join(notes.cite(s, p) for s, p in refs[: MAX_CITED + 1])
        lines.append(f"- „{md.text(text)}“{cites}{more_note(len(refs) - MAX_CITED - 1, notes.dossier.language)}\n")
    return "".join(lines)
