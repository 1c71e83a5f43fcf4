"""Citations and statements shared by the actor, topic and quotes pages.

A citation is a Markdown footnote naming the source's publisher (or its title), its date
and the paragraph number, linking to the paragraph's anchor on the source page
(``../sources/<id>.md#p3``). A passage several sources report (agency copy) is shown
once, citing every source that has it ("auch berichtet in …").
"""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import islice
from typing import Callable, Iterator, Mapping

from ..analyse import PARAGRAPH_DIGEST_SIZE, paragraph_digests
from ..model import Dossier, Paragraph, Source
from . import markdown as md
from .labels import words, format_date
from .periods import period_file, period_links, period_overview, split_by_period
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


class CitationTexts:
    """The escaped pieces of citations, made once per source (or cited paragraph) and
    reused by every page that cites it: the date shown before a statement and the
    source's label in "auch berichtet in" (by source id), and the footnote definitions
    (by page prefix, source id and paragraph id)."""

    def __init__(self, language: str, sources: dict[str, Source]):
        self.language = language
        self.dates = {source_id: md.text(format_date(source.date, language)) for source_id, source in sources.items()}
        self.labels = {source_id: md.text(source_label(source, language)) for source_id, source in sources.items()}
        self._definitions: dict[str, dict[tuple[str, str], str]] = {}

    def definitions(self, prefix: str) -> dict[tuple[str, str], str]:
        """(source id, paragraph id) -> the footnote definition after its number, for pages
        ``prefix`` away from the output folder; filled by :meth:`definition`."""
        return self._definitions.setdefault(prefix, {})

    def definition(self, source: Source, paragraph_id: str, prefix: str) -> str:
        """``]: [Label, date, Abs. 3](../sources/<id>.md#p3)``: a footnote definition after
        its number, a link to the paragraph's anchor."""
        lang = self.language
        label = f"{source_label(source, lang)}, {format_date(source.date, lang)}, {words(lang)['paragraph']} {paragraph_id[1:]}"
        text = f"]: {md.internal_link(label, f'{prefix}{SOURCES_DIR}/{source.id}.md#{paragraph_id}')}"
        self.definitions(prefix)[(source.id, paragraph_id)] = text
        return text


@dataclass
class Footnotes:
    """The footnotes of one page: one number per cited paragraph."""

    dossier: Dossier
    prefix: str  # from the page to the output folder: "../" or ""
    sources: dict[str, Source] = field(default_factory=dict)  # by id; built if not given
    numbers: dict[tuple[str, str], int] = field(default_factory=dict)
    texts: CitationTexts | None = None  # shared between the pages of a render; made if not given

    def __post_init__(self) -> None:
        if not self.sources:
            self.sources = {s.id: s for s in self.dossier.sources}
        if self.texts is None:
            self.texts = CitationTexts(self.dossier.language, self.sources)

    def cite(self, source_id: str, paragraph_id: str) -> str:
        """The footnote reference ``[^n]`` for a paragraph, numbered in order of first use."""
        numbers = self.numbers
        key = (source_id, paragraph_id)
        number = numbers.get(key)
        if number is None:
            number = numbers[key] = len(numbers) + 1
        return f"[^{number}]"

    def definitions(self) -> str:
        """The footnote definitions, each a link to the paragraph's anchor."""
        if not self.numbers:
            return ""
        known = self.texts.definitions(self.prefix)
        lines = []
        for key, number in self.numbers.items():
            text = known.get(key)
            if text is None:
                text = self.texts.definition(self.sources[key[0]], key[1], self.prefix)
            lines.append(f"[^{number}{text}")
        return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- shared passages

Ref = tuple[str, str]  # (source id, paragraph id)


class SharedIndex:
    """Which sentences and paragraphs other sources report too. Only sources of the
    dossier are cited."""

    def __init__(self, dossier: Dossier):
        known = {source.id for source in dossier.sources}
        # (source, paragraph) -> sentence -> passage id (a later passage wins)
        self.sentence_passages: dict[Ref, dict[str, str]] = {}
        self.refs: dict[str, list[Ref]] = {}  # passage id -> its (source, paragraph), each once
        self.ref_sets: dict[str, set[Ref]] = {}
        self.own: dict[tuple[str, str], list[Ref]] = {}  # (passage id, source) -> its refs there
        for passage in dossier.shared_passages:
            refs = []
            for ref in passage.refs:
                self.sentence_passages.setdefault((ref.source, ref.paragraph), {})[ref.sentence] = passage.id
                if ref.source in known:
                    refs.append((ref.source, ref.paragraph))
            unique = list(dict.fromkeys(refs))
            self.refs[passage.id] = unique
            self.ref_sets[passage.id] = set(unique)
            for ref in unique:
                self.own.setdefault((passage.id, ref[0]), []).append(ref)
        self._sources = dossier.sources
        self._duplicates: dict[Ref, dict[Ref, None]] | None = None
        self._sizes: dict[tuple[str, ...], int] = {}

    @property
    def has_passages(self) -> bool:
        """Whether the dossier has sentence-level shared passages."""
        return bool(self.sentence_passages)

    @property
    def duplicates(self) -> dict[Ref, dict[Ref, None]]:
        """(source, paragraph) -> the paragraphs it names as duplicates, in the order named
        (a dict, so that folding does not depend on set order); built on first use (only
        dossiers without sentence-level passages need it)."""
        if self._duplicates is None:
            self._duplicates = {}
            for source in self._sources:
                for paragraph in source.paragraphs:
                    for target in paragraph.duplicates:
                        other_source, _, other_paragraph = target.partition("#")
                        self._duplicates.setdefault((source.id, paragraph.id), {})[(other_source, other_paragraph)] = None
        return self._duplicates

    def passages(self, source_id: str, paragraph_id: str, sentences: list[str]) -> tuple[str, ...] | None:
        """The shared passages covering all ``sentences``, or ``None`` if one is not shared."""
        by_sentence = self.sentence_passages.get((source_id, paragraph_id))
        if by_sentence is None:
            return None
        ids = set()
        for sentence in sentences:
            passage = by_sentence.get(sentence)
            if passage is None:
                return None
            ids.add(passage)
        return tuple(sorted(ids)) if ids else None

    def union_size(self, key: tuple[str, ...]) -> int:
        """How many distinct (source, paragraph) the passages ``key`` have together
        (counted once per key)."""
        size = self._sizes.get(key)
        if size is None:
            size = len(self.refs[key[0]]) if len(key) == 1 else len(set().union(*(self.ref_sets[p] for p in key)))
            self._sizes[key] = size
        return size

    def other_refs(self, key: tuple[str, ...], source_id: str) -> "OtherRefs":
        """Every (source, paragraph) of the passages ``key`` outside ``source_id``."""
        return OtherRefs(self, key, source_id)


class OtherRefs:
    """The (source, paragraph) pairs outside a statement's own source that report its
    shared passages: the passages' refs in passage order, each once, then any added
    with :meth:`append`. Agency copy can be in thousands of sources and a page shows the
    first ``MAX_CITED`` of them, so the list is never built: iterating walks the
    passages' refs, and the length is the size of their union (counted once per set of
    passages) less the own source's refs."""

    __slots__ = ("_shared", "_key", "_source", "_size", "_added")

    def __init__(self, shared: SharedIndex, key: tuple[str, ...], source_id: str):
        self._shared = shared
        self._key = key
        self._source = source_id
        own = {ref for passage in key for ref in shared.own.get((passage, source_id), ())}
        self._size = shared.union_size(key) - len(own)
        self._added: list[Ref] = []

    def __iter__(self) -> Iterator[Ref]:
        seen: set[Ref] = set()
        for passage in self._key:
            for ref in self._shared.refs[passage]:
                if ref[0] != self._source and ref not in seen:
                    seen.add(ref)
                    yield ref
        yield from self._added

    def __len__(self) -> int:
        return self._size + len(self._added)

    def __contains__(self, ref: object) -> bool:
        if ref in self._added:
            return True
        return isinstance(ref, tuple) and ref[0] != self._source and any(ref in self._shared.ref_sets[p] for p in self._key)

    def append(self, ref: Ref) -> None:
        """Add a ref the passages do not have."""
        self._added.append(ref)

    def fingerprint(self, index: "PageIndex") -> str:
        """What iterating gives, for a cache key: the passages (each by a digest of its refs
        and their sources' tokens), the own source and the refs added."""
        passages = ",".join(index.passage_token(passage) for passage in self._key)
        added = ";".join(f"{s}#{p}#{index.citation_token(s)}" for s, p in self._added)
        return f"{passages}/{self._source}/{added}"


@dataclass(slots=True)
class Statement:
    """Text from one paragraph (the paragraph, or its sentences about the subject)."""

    source: Source
    paragraph: Paragraph
    text: str
    sentences: list[str]
    group: str = ""  # the heading it is listed under
    also: list[Ref] | OtherRefs = field(default_factory=list)  # sources of the dossier only
    mask: int = 0  # which of the paragraph's sentences ``text`` joins (bit i: sentence i; 0: as made)

    def sort_key(self) -> tuple:
        """Date (undated last), source, paragraph number."""
        return source_order(self.source) + (self.paragraph.number,)


def source_order(source: Source) -> tuple:
    """Date (undated last), then id: the order of sources on the actor and topic pages."""
    date = source.date
    return (date is None, date.sort_key() if date else (0, 0, 0), source.id)


def fold_shared(statements: list[Statement], shared: SharedIndex) -> list[Statement]:
    """Statements of a shared passage appear once on a page (the earliest, under its own
    topic), the others become its "auch berichtet in" references. Without sentence-level
    passages, paragraphs that name each other as duplicates are folded the same way.
    ``statements`` come in :meth:`Statement.sort_key` order (as :class:`PageIndex` lists
    them), so the earliest is met first."""
    if shared.has_passages:
        return _fold_passages(statements, shared)
    return _fold_duplicates(statements, shared)


def _fold_passages(statements: list[Statement], shared: SharedIndex) -> list[Statement]:
    """A statement whose sentences are all shared is kept once per set of passages."""
    kept: list[Statement] = []
    first_of: dict[tuple[str, ...], Statement] = {}
    for statement in statements:
        source_id = statement.source.id
        key = shared.passages(source_id, statement.paragraph.id, statement.sentences)
        if key is None:
            kept.append(statement)
            continue
        first = first_of.get(key)
        if first is None:
            first_of[key] = statement
            statement.also = shared.other_refs(key, source_id)
            kept.append(statement)
        elif source_id != first.source.id:
            ref = (source_id, statement.paragraph.id)
            if ref not in first.also:
                first.also.append(ref)
    return kept


def _fold_duplicates(statements: list[Statement], shared: SharedIndex) -> list[Statement]:
    """A paragraph that names an earlier kept one as duplicate, and is named by it, is
    folded into the first such."""
    kept: list[Statement] = []
    by_paragraph: dict[Ref, Statement] = {}
    for statement in statements:
        ref = (statement.source.id, statement.paragraph.id)
        twins = [by_paragraph[other] for other in shared.duplicates.get(ref, ()) if other in by_paragraph]
        mutual = [t for t in twins if ref in shared.duplicates.get((t.source.id, t.paragraph.id), {})]
        if mutual:
            if ref not in mutual[0].also:
                mutual[0].also.append(ref)
            continue
        by_paragraph[ref] = statement
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
    texts = notes.texts
    source_id = statement.source.id
    line = f"- **{texts.dates[source_id]}** · {md.text(statement.text)}{notes.cite(source_id, statement.paragraph.id)}"
    also = statement.also
    if also:
        labels = texts.labels
        cites = ", ".join(f"{labels[s]}{notes.cite(s, p)}" for s, p in islice(also, MAX_CITED))
        line += f" — *{words(language)['also']}* {cites}{more_note(len(also) - MAX_CITED, language)}"
    return line + "\n"


def statement_key(statement: Statement, kind: str, index: "PageIndex") -> str:
    """Everything :func:`render_statement` and the footnote definitions it adds show of a
    statement, as a string for the cache key of its page (see :mod:`.pagecache`): its
    group, source and paragraph ids, its text, the source's date and label, the further
    citations (which, and their sources' labels and dates) and how many there are.

    A source's token (:meth:`PageIndex.token`, its key in the build cache) stands for
    everything reading it gave: the paragraph's sentences, the date, publisher and title;
    ``kind`` and the mask of the sentences then fix the text. A source without a token
    puts its text, label and date in the key itself."""
    source_id = statement.source.id
    token = index.token(source_id)
    if token is None:
        text = statement.text
        token = f"{index.citation_token(source_id)}{len(text)}:{text}"
    also = statement.also
    cited = (also.fingerprint(index) if isinstance(also, OtherRefs) else ";".join(f"{s}#{p}#{index.citation_token(s)}" for s, p in also)) if also else ""
    return f"{kind}|{len(statement.group)}:{statement.group}{source_id}|{statement.paragraph.id}|{statement.mask}|{token}|{len(also)}|{cited}"


def section_headings(previous: tuple[str, ...], current: tuple[str, ...]) -> list[str]:
    """The headings (Markdown blocks, outermost first) to write before an item of section
    ``current`` that follows one of ``previous`` on a page: those from the first level at
    which the two differ. A page starts with ``previous = ()``, so a section continued
    from the page before is named again."""
    level = 0
    while level < len(previous) and level < len(current) and previous[level] == current[level]:
        level += 1
    return list(current[level:])


def entity_stem(entity_id: str) -> str:
    """The file name (without ``.md``) of an actor's or topic's page: its id, except that
    an id ``index`` must not replace the index page (ids never contain ``--``)."""
    return "index--page" if entity_id == "index" else entity_id


def entity_file(entity_id: str) -> str:
    """``<stem>.md``: the first page of an actor or topic, relative to its folder."""
    return entity_stem(entity_id) + ".md"


def sentences_naming(paragraph: Paragraph) -> dict[str, int]:
    """Which of the paragraph's sentences name each actor it mentions: a bit mask over
    the sentences (bit i: sentence i holds a mention's start). The sentences are placed in
    the text one after the other; if one cannot be placed, or a paragraph has a single
    sentence, the masks are empty (0), and an empty mask stands for all sentences."""
    sentences = paragraph.sentences
    if len(sentences) <= 1 or not paragraph.mentions:
        return {}
    text = paragraph.text
    starts = []
    ends = []
    position = 0
    for sentence in sentences:
        start = text.find(sentence, position)
        if start < 0:
            return {}
        position = start + len(sentence)
        starts.append(start)
        ends.append(position)
    masks: dict[str, int] = {}
    for mention in paragraph.mentions:
        number = bisect_right(starts, mention.start) - 1
        if number >= 0 and mention.start < ends[number]:
            masks[mention.actor] = masks.get(mention.actor, 0) | (1 << number)
    return masks


class PageIndex:
    """Built once per render: every lookup the actor, topic and quotes pages need, so
    that rendering stays one pass over the dossier plus the size of each page. The lists
    of each actor's and topic's paragraphs are made on first use (a rebuild that takes
    every actor and topic from the cache never needs them)."""

    def __init__(self, dossier: Dossier, source_tokens: dict[str, str] | None = None, paragraph_digests: Mapping[str, bytes] | None = None):
        self.dossier = dossier
        # Source id -> :func:`..analyse.paragraph_digests` of it, where the build kept them.
        self.paragraph_digests: Mapping[str, bytes] = paragraph_digests or {}
        self.sources: dict[str, Source] = {s.id: s for s in dossier.sources}
        self.shared = SharedIndex(dossier)
        self.texts = CitationTexts(dossier.language, self.sources)
        # Source id -> its key in the build cache (covers the file, configuration and code).
        self.tokens: dict[str, str] = source_tokens or {}
        self._citation_tokens: dict[str, str] = {}
        self._passage_tokens: dict[str, str] = {}
        self._by_actor: dict[str, list[tuple[Source, Paragraph, int]]] | None = None
        self._by_topic: dict[str, list[tuple[Source, Paragraph]]] | None = None
        self.quotes_by_speaker: dict[str, list] = {}
        for quote in dossier.quotes:
            if quote.speaker:
                self.quotes_by_speaker.setdefault(quote.speaker, []).append(quote)

    @property
    def by_actor(self) -> dict[str, list[tuple[Source, Paragraph, int]]]:
        """Each actor's paragraphs with the mask of its sentences (see
        :func:`sentences_naming`), in :meth:`Statement.sort_key` order; off-topic ones left out."""
        self.index_paragraphs()
        return self._by_actor  # type: ignore[return-value]

    @property
    def by_topic(self) -> dict[str, list[tuple[Source, Paragraph]]]:
        """Each topic's paragraphs, in :meth:`Statement.sort_key` order; off-topic ones left out."""
        self.index_paragraphs()
        return self._by_topic  # type: ignore[return-value]

    def index_paragraphs(self) -> None:
        """Fill :attr:`by_actor` and :attr:`by_topic` in one pass over the dossier (once)."""
        if self._by_actor is not None:
            return
        by_actor: dict[str, list[tuple[Source, Paragraph, int]]] = {}
        by_topic: dict[str, list[tuple[Source, Paragraph]]] = {}
        for source in sorted(self.dossier.sources, key=source_order):
            for paragraph in sorted(source.paragraphs, key=lambda p: p.number):
                if paragraph.off_topic:
                    continue
                if paragraph.actors:
                    masks = sentences_naming(paragraph)
                    for actor in paragraph.actors:
                        by_actor.setdefault(actor, []).append((source, paragraph, masks.get(actor, 0)))
                for topic in paragraph.topics:
                    by_topic.setdefault(topic, []).append((source, paragraph))
        self._by_actor, self._by_topic = by_actor, by_topic

    def entity_digests(self) -> dict[tuple[str, str], str]:
        """(``actor`` or ``topic``, id) -> a digest of everything the actor's or topic's
        pages show of the sources they cite (for the key of all its pages,
        :func:`.pagecache.entity_key`). For each such source, in dossier order:

        - its id, how a citation of it reads (:meth:`citation_token`) and its date (the
          order of the statements);
        - each of its paragraphs (not off-topic) that names the actor or has the topic
          (:meth:`paragraph_tokens`: id, number, text, sentences, topics, the mentions of
          every actor in it, the paragraphs named as its duplicates, and for each sentence
          in a shared passage the passage and who else reports it);
        - the actor's quotes in it.

        Made from the model itself, not from the source's file, so an edit elsewhere in a
        source (a paragraph that names nobody, a typo in another paragraph) leaves the
        digest of an actor or topic it does not touch as it was. The per-source part of a
        paragraph's token is the digest reading made of it (kept in the build cache with
        the source), so a rebuild hashes only what the dossier-wide steps added."""
        parts: dict[tuple[str, str], list[bytes]] = {}
        quotes_by_source: dict[str, list] = {}  # the quotes with a speaker (those an actor's pages show)
        for quotes in self.quotes_by_speaker.values():
            for quote in quotes:
                quotes_by_source.setdefault(quote.source, []).append(quote)
        for source in self.dossier.sources:
            source_id = source.id
            by_actor: dict[str, list[bytes]] = {}
            by_topic: dict[str, list[bytes]] = {}
            for paragraph, token in self.paragraph_tokens(source):
                for entity_ids, found in ((paragraph.actors, by_actor), (paragraph.topics, by_topic)):
                    for entity_id in entity_ids:
                        found.setdefault(entity_id, []).append(token)
            for quote in quotes_by_source.get(source_id, ()):
                shown = repr((quote.text, quote.paragraph, quote.speaker, quote.speaker_name)).encode("utf-8", "surrogatepass")
                by_actor.setdefault(quote.speaker, []).append(hashlib.blake2b(shown, digest_size=16).digest())
            if not (by_actor or by_topic):
                continue
            head = hashlib.blake2b(f"{len(source_id)}:{source_id}{self.citation_token(source_id)}{source.date.sort_key() if source.date else None}".encode("utf-8", "surrogatepass"), digest_size=16).digest()
            for kind, found in (("actor", by_actor), ("topic", by_topic)):
                for entity_id, tokens in found.items():
                    collected = parts.setdefault((kind, entity_id), [])
                    collected.append(head)
                    collected.append(len(tokens).to_bytes(4, "little"))
                    collected += tokens
        return {entity: hashlib.blake2b(b"".join(collected), digest_size=16).hexdigest() for entity, collected in parts.items()}

    def paragraph_tokens(self, source: Source) -> Iterator[tuple[Paragraph, bytes]]:
        """(paragraph, token) of each paragraph of ``source`` an actor's or topic's pages can
        show (not off-topic, naming an actor or having a topic): the token is a digest of
        what they show of it, the paragraph's digest from reading
        (:func:`..analyse.paragraph_digests`) with what the dossier-wide steps set: the
        paragraphs named as its duplicates, and the shared passages of its sentences with
        who else reports them (:meth:`passage_token`)."""
        digests = self.paragraph_digests.get(source.id)
        paragraphs = source.paragraphs
        if digests is None or len(digests) != len(paragraphs) * PARAGRAPH_DIGEST_SIZE:
            digests = paragraph_digests(source)
        sentence_passages = self.shared.sentence_passages
        source_id = source.id
        for number, paragraph in enumerate(paragraphs):
            if paragraph.off_topic or not (paragraph.actors or paragraph.topics):
                continue
            token = digests[number * PARAGRAPH_DIGEST_SIZE : (number + 1) * PARAGRAPH_DIGEST_SIZE]
            passages = sentence_passages.get((source_id, paragraph.id))
            duplicates = paragraph.duplicates
            if passages or duplicates:
                # duplicates are "<source id>#<paragraph id>" (slugs: never a NUL); passage
                # ids and tokens neither; a sentence is text, so it goes with its length
                added = f"{len(duplicates)}\0" + "\0".join(duplicates)
                if passages:
                    passage_token = self.passage_token
                    added += "".join([f"\1{len(sentence)}:{sentence}{passage}\0{passage_token(passage)}" for sentence, passage in passages.items()])
                token = hashlib.blake2b(token + added.encode("utf-8", "surrogatepass"), digest_size=16).digest()
            yield paragraph, token

    def token(self, source_id: str) -> str | None:
        """The source's key in the build cache (``None`` without one)."""
        return self.tokens.get(source_id)

    def citation_token(self, source_id: str) -> str:
        """How a citation of the source reads, for a cache key: its label and date as cited
        (with the source and paragraph ids, that is all a footnote or an "auch berichtet
        in" entry shows of it)."""
        token = self._citation_tokens.get(source_id)
        if token is None:
            label, date = self.texts.labels[source_id], self.texts.dates[source_id]
            token = self._citation_tokens[source_id] = f"{len(label)}:{label}{len(date)}:{date}"
        return token

    def passage_token(self, passage_id: str) -> str:
        """A digest of a shared passage's (source, paragraph) refs with their sources'
        citation tokens, made once per render."""
        token = self._passage_tokens.get(passage_id)
        if token is None:
            refs = "|".join(f"{s}#{p}#{self.citation_token(s)}" for s, p in self.shared.refs[passage_id])
            token = self._passage_tokens[passage_id] = hashlib.sha256(refs.encode("utf-8")).hexdigest()
        return token


def quote_items(quotes: list) -> list[tuple[str, list]]:
    """The quotes as list items, in the order given: (words with spaces made single, the
    quotes with those words), so that the same words reported by several sources are one
    item."""
    grouped: dict[str, list] = {}
    for quote in quotes:
        grouped.setdefault(" ".join(quote.text.split()), []).append(quote)
    return list(grouped.items())


def render_quote_item(text: str, same: list, notes: Footnotes) -> str:
    """One list item: the words, and a citation for each source that reports them (up to
    ``MAX_CITED`` + 1)."""
    refs = list(dict.fromkeys((q.source, q.paragraph) for q in same))
    cites = "".join(notes.cite(s, p) for s, p in refs[: MAX_CITED + 1])
    return f"- „{md.text(text)}“{cites}{more_note(len(refs) - MAX_CITED - 1, notes.dossier.language)}\n"


def render_quote_lines(quotes: list, notes: Footnotes) -> str:
    """One list item per distinct quote text (in the order given); the same words
    reported by several sources carry one citation for each."""
    return "".join(render_quote_item(text, same, notes) for text, same in quote_items(quotes))


# How the statements of one period page are written: (statements, footnotes, language) -> Markdown.
StatementsBody = Callable[[list, "Footnotes", str], str]


def entity_period_pages(dossier: Dossier, index: PageIndex, summary: dict, base: str, tags: list[str], statements: list[Statement], kind: str, body: StatementsBody, heading: str, count_word: str) -> tuple[str, list]:
    """The period pages of an actor or topic whose statements do not fit on its first page:
    (the first page's overview of the periods, Markdown; a ``pagecache.PageSpec`` per
    period page). A period page has the entity's name and the period as title, the links
    between the periods around its statements (written by ``body``), then their footnotes;
    its cache key covers all of that (see :func:`statement_key`)."""
    lang = dossier.language
    pages = split_by_period(statements, lambda s: s.source.date, PAGE_SIZE, lambda s: f"{s.source.id}#{s.paragraph.id}")
    stem = base.rsplit("/", 1)[-1]
    overview = f"## {heading}\n\n{words(lang)['by_period_note']}\n\n" + period_overview(stem, pages, lang, count_word)
    specs = []
    for position, page in enumerate(pages):
        title = f"{summary['name']}: {page.label(lang)}"
        links = period_links(stem, pages, position, entity_file(summary["id"]), lang)
        head = repr((lang, title, tags, links))
        specs.append((period_file(base, page.slug), _page_inputs(head, page.items, kind, index), _period_page(dossier, index, title, tags, links, page.items, body)))
    return overview, specs


def _page_inputs(head: str, statements: list[Statement], kind: str, index: PageIndex) -> Callable[[], str]:
    """A function giving what a period page shows, for its cache key (see :func:`statement_key`)."""
    return lambda: head + "\n".join([statement_key(s, kind, index) for s in statements])


def _period_page(dossier: Dossier, index: PageIndex, title: str, tags: list[str], links: str, statements: list[Statement], body: StatementsBody) -> Callable[[], str]:
    """A function that renders one period page: its statements (``body``) between the
    period links, then their footnotes."""

    def render() -> str:
        notes = Footnotes(dossier, "../", index.sources, texts=index.texts)
        parts = [md.front_matter({"title": md.page_title(title), "tags": tags}), f"# {md.text(title)}\n\n", links]
        parts.append(body(statements, notes, dossier.language))
        parts.append(links)
        parts.append("\n" + notes.definitions())
        return "".join(parts)

    return render
