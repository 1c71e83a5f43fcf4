"""The straightforward versions of the dossier-wide analysis steps as they were before they
were made fast (main at 4c7693c), kept as the oracle the fast ones must equal exactly: shared
passages and duplicates, discrepancies, off-topic flags, the per-actor and per-topic summaries
and the timeline."""

from __future__ import annotations

import math
import zlib
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import combinations, islice

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from dossier_build.analyse.discrepancies import (
    ACTOR_SIMILARITY,
    MAX_CITATIONS_PER_VALUE,
    MAX_PAIRWISE_VARIANTS,
    NAME_SIMILARITY,
    SPELLING_SIMILARITY,
    Token,
    is_inflection,
    name_key,
    number_values,
    similar_names,
    tokenize,
)
from dossier_build.analyse.offtopic import MIN_WORDS, RATIO, STEM, _CONTENT_WORD
from dossier_build.analyse.passages import (
    ANY_ORDER_SHARE,
    FINGERPRINTS,
    FUNCTION_WORDS,
    MAX_DUPLICATES,
    MAX_POSTINGS,
    MIN_CONTENT_WORDS,
    MIN_SHARE,
    MIN_SHARED_WORDS,
    MIN_SIMILARITY,
    PassageStats,
    _WORD,
    stem,
)
from dossier_build.analyse.timeline import _GATE, _PATTERNS, Event, _resolve, _sentences
from dossier_build.config import ActorSpec, Config
from dossier_build.model import Discrepancy, Dossier, Mention, Paragraph, PartialDate, PassageRef, SharedPassage, Source

# --------------------------------------------------------------------------- shared passages


def content_of(folded: list[str]) -> list[str]:
    return [stem(w) for w in folded if w not in FUNCTION_WORDS and (len(w) > 1 or w.isdigit())]


def word_pairs(sequence: tuple[int, ...]) -> set[int]:
    return {(a << 32) | b for a, b in zip(sequence, sequence[1:])}

@dataclass(slots=True)
class _Sentence:
    """A sentence taking part: where it is and its content words as ids (shared by copies)."""

    source: str
    paragraph: Paragraph
    index: int
    sequence: tuple[int, ...]

    @property
    def text(self) -> str:
        return self.paragraph.sentences[self.index]


class _UnionFind:
    """Disjoint sets over 0..n-1; the smallest index is always the root (deterministic)."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, item: int) -> int:
        root = item
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item] != root:
            self.parent[item], item = root, self.parent[item]
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


@dataclass
class _Collected:
    sentences: list[_Sentence]
    wordings: list[int]  # position of the first sentence of each distinct wording
    copies: list[tuple[int, int]]  # (position, position of the first with the same wording)


def _collect_sentences(sources: list[Source]) -> _Collected:
    """Every sentence with at least ``MIN_CONTENT_WORDS`` content words, sources by id.
    Verbatim copies (same text, case and spacing aside) are analysed once and share the
    content-word ids of the first; a word's id is the CRC-32 of its text."""
    collected = _Collected([], [], [])
    first_by_text: dict[str, int] = {}
    word_ids: dict[str, int] = {}
    for source in sorted(sources, key=lambda s: s.id):
        for paragraph in source.paragraphs:
            for index, sentence in enumerate(paragraph.sentences):
                key = " ".join(sentence.casefold().split())
                first = first_by_text.get(key)
                if first is None:
                    sequence = tuple(word_ids.setdefault(w, zlib.crc32(w.encode("utf-8", "surrogatepass"))) for w in content_of(_WORD.findall(key)))
                    if len(set(sequence)) < MIN_CONTENT_WORDS:
                        first_by_text[key] = -1
                        continue
                    first_by_text[key] = len(collected.sentences)
                    collected.wordings.append(len(collected.sentences))
                elif first < 0:
                    continue
                else:
                    sequence = collected.sentences[first].sequence
                    collected.copies.append((len(collected.sentences), first))
                collected.sentences.append(_Sentence(source.id, paragraph, index, sequence))
    return collected


def needed_shared(size: int) -> int:
    """Content words a sentence of ``size`` content words must share with a match."""
    return max(MIN_SHARED_WORDS, math.ceil(MIN_SHARE * size))


def is_match(a: _Sentence, b: _Sentence, stats: PassageStats) -> bool:
    """True if two sentences are the same passage (rules 1 and 2)."""
    stats.candidates += 1
    content_a, content_b = set(a.sequence), set(b.sequence)
    shared = len(content_a & content_b)
    larger = max(len(content_a), len(content_b))
    if shared < needed_shared(larger):
        return False
    stats.comparisons += 1
    if shared >= ANY_ORDER_SHARE * larger:
        return True
    return Indel.normalized_similarity(a.sequence, b.sequence) >= MIN_SIMILARITY


class _PairCounts:
    """How many wordings have a word pair, counted in a fixed table (saturating at 255).

    Exact counts of millions of mostly unique pairs would cost hundreds of megabytes; a table
    of one byte per slot, four slots per pair, costs a few. Two pairs can share a slot, so a
    count may be too high (a unique pair then looks shared and is indexed for nothing); it is
    never too low, so no shared pair is missed. The slot comes from a fixed multiplicative
    hash: the same input always gives the same counts."""

    def __init__(self, pairs: int) -> None:
        self.bits = max(16, (4 * max(pairs, 1) - 1).bit_length())
        self.table = bytearray(1 << self.bits)

    def slot(self, pair: int) -> int:
        return ((pair * 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF) >> (64 - self.bits)

    def add(self, pair: int) -> None:
        slot = self.slot(pair)
        if self.table[slot] < 255:
            self.table[slot] += 1

    def __getitem__(self, pair: int) -> int:
        return self.table[self.slot(pair)]


def fingerprints(pairs: set[int], counts: _PairCounts) -> list[int]:
    """The ``FINGERPRINTS`` rarest word pairs of a sentence that some other wording shares."""
    shared = [(counts[pair], pair) for pair in pairs]
    shared = sorted(item for item in shared if item[0] > 1)
    return [pair for _, pair in shared[:FINGERPRINTS]]


def match_sentences(collected: _Collected, stats: PassageStats) -> _UnionFind:
    """Group matching sentences (see the module rules): verbatim copies directly, the distinct
    wordings through the fingerprint index."""
    sentences = collected.sentences
    groups = _UnionFind(len(sentences))
    for position, first in collected.copies:
        groups.union(first, position)
    stats.wordings = len(collected.wordings)
    counts = _PairCounts(sum(max(len(sentences[p].sequence) - 1, 0) for p in collected.wordings))
    for position in collected.wordings:
        for pair in word_pairs(sentences[position].sequence):
            counts.add(pair)
    postings: dict[int, list[int]] = {}
    key_counts: dict[int, int] = {}
    for position in collected.wordings:
        sentence = sentences[position]
        keys = fingerprints(word_pairs(sentence.sequence), counts)
        hits: Counter = Counter()
        for key in keys:
            posting = postings.get(key)
            if not posting:
                continue
            if len(posting) > MAX_POSTINGS:
                stats.common_pairs_skipped += 1
                continue
            stats.postings_scanned += len(posting)
            hits.update(posting)
        for other in sorted(hits):
            if hits[other] < min(2, len(keys), key_counts[other]):
                continue
            if groups.find(other) == groups.find(position):
                continue
            if is_match(sentence, sentences[other], stats):
                stats.matches += 1
                groups.union(position, other)
        if keys:
            key_counts[position] = len(keys)
            stats.indexed += 1
        for key in keys:
            posting = postings.setdefault(key, [])
            if len(posting) <= MAX_POSTINGS:
                posting.append(position)
    return groups


def _paragraph_key(source: str, paragraph: Paragraph) -> tuple[str, int]:
    return (source, paragraph.number)


def find_shared_passages(sources: list[Source], stats: PassageStats | None = None) -> list[SharedPassage]:
    """Passages (sentences) that several sources report, with ids ``sp1…`` in the order of
    their first citation; fills every ``Paragraph.duplicates`` with the other sources'
    paragraphs (``source-id#pN``, sorted, at most ``MAX_DUPLICATES``) that share a passage with
    it. Deterministic: the same sources in any order give the same result."""
    stats = stats if stats is not None else PassageStats()
    for source in sources:
        for paragraph in source.paragraphs:
            paragraph.duplicates = []
    collected = _collect_sentences(sources)
    sentences = collected.sentences
    stats.sentences = len(sentences)
    groups = match_sentences(collected, stats)

    members: dict[int, list[int]] = {}
    for position in range(len(sentences)):
        members.setdefault(groups.find(position), []).append(position)
    clusters = [group for group in members.values() if len({sentences[i].source for i in group}) > 1]
    clusters = [sorted(group, key=lambda i: (sentences[i].source, sentences[i].paragraph.number, sentences[i].index)) for group in clusters]
    clusters.sort(key=lambda group: (sentences[group[0]].source, sentences[group[0]].paragraph.number, sentences[group[0]].index))

    passages = []
    duplicates: dict[int, tuple[Paragraph, set[tuple[str, int]]]] = {}
    for number, group in enumerate(clusters, start=1):
        refs = [PassageRef(sentences[i].source, sentences[i].paragraph.id, sentences[i].text) for i in group]
        passages.append(SharedPassage(id=f"sp{number}", refs=refs))
        _note_duplicates([sentences[i] for i in group], duplicates)
    for paragraph, others in duplicates.values():
        ordered = sorted(others)[:MAX_DUPLICATES]
        paragraph.duplicates = [f"{source}#p{number}" for source, number in ordered]
    return passages


def _note_duplicates(group: list[_Sentence], duplicates: dict[int, tuple[Paragraph, set[tuple[str, int]]]]) -> None:
    """Record, for each paragraph of a passage, up to ``MAX_DUPLICATES`` paragraphs of other
    sources in it (the first in order). Bounded work per member: all members whose source is
    not among the first entries share the same first entries."""
    paragraphs: dict[tuple[str, int], Paragraph] = {}
    for sentence in group:
        paragraphs.setdefault(_paragraph_key(sentence.source, sentence.paragraph), sentence.paragraph)
    keys = sorted(paragraphs)
    head = keys[:MAX_DUPLICATES]
    head_sources = {source for source, _ in head}
    for key, paragraph in paragraphs.items():
        source = key[0]
        if source in head_sources:
            chosen = list(islice((other for other in keys if other[0] != source), MAX_DUPLICATES))
        else:
            chosen = head
        entry = duplicates.setdefault(id(paragraph), (paragraph, set()))
        entry[1].update(chosen)



# --------------------------------------------------------------------------- discrepancies: sentence alignment


@dataclass
class _Side:
    """One sentence of a passage with what the comparison needs to know about it."""

    ref: PassageRef
    tokens: list[Token]
    mentions: list[Mention]  # with offsets relative to the sentence


def _sentence_mentions(paragraph: Paragraph | None, sentence: str) -> list[Mention]:
    """The paragraph's mentions inside this sentence, with offsets relative to the sentence."""
    if paragraph is None or not paragraph.mentions:
        return []
    offset = paragraph.text.find(sentence)
    if offset < 0:
        return []
    end = offset + len(sentence)
    return [Mention(m.actor, m.surface, m.start - offset, m.end - offset) for m in paragraph.mentions if offset <= m.start and m.end <= end]


def _actors_in(side: _Side, start: int, end: int) -> set[str]:
    """Actors of the mentions that overlap characters ``start``..``end`` of the sentence."""
    return {m.actor for m in side.mentions if m.start < end and start < m.end}


def _separated(side: _Side, left: int) -> bool:
    """True if anything but white space stands between token ``left`` and the next token."""
    text = side.ref.sentence
    return bool(text[side.tokens[left].end : side.tokens[left + 1].start].strip())


def _extend_name(a: _Side, i1: int, i2: int, b: _Side, j1: int, j2: int) -> tuple[int, int, int, int]:
    """Widen a differing span by the equal capitalised word right before and right after it on
    both sides, when no punctuation separates it (a first name, a family name):
    ``Yong-il``/``Jong Il`` -> ``Kim Yong-il``/``Kim Jong Il``; ``Bundeskanzler Olaf`` stays out."""
    if i1 > 0 and j1 > 0 and a.tokens[i1 - 1].key == b.tokens[j1 - 1].key and a.tokens[i1 - 1].capitalised:
        if not _separated(a, i1 - 1) and not _separated(b, j1 - 1):
            i1, j1 = i1 - 1, j1 - 1
    if i2 < len(a.tokens) and j2 < len(b.tokens) and a.tokens[i2].key == b.tokens[j2].key and a.tokens[i2].capitalised:
        if not _separated(a, i2 - 1) and not _separated(b, j2 - 1):
            i2, j2 = i2 + 1, j2 + 1
    return i1, i2, j1, j2


def _span_text(side: _Side, first: int, stop: int) -> str:
    return side.ref.sentence[side.tokens[first].start : side.tokens[stop - 1].end]


def _looks_like_name(side: _Side, first: int, stop: int) -> bool:
    """Every word capitalised, and not just the capital of the sentence's first word."""
    tokens = side.tokens[first:stop]
    return bool(tokens) and all(t.capitalised for t in tokens) and not (first == 0 and stop == 1)


def _actor_like(name: str, actor_names: list[str]) -> bool:
    """True if the name is (close to) a listed actor's name or alias."""
    key = name_key(name)
    return any(fuzz.ratio(key, other) >= ACTOR_SIMILARITY for other in actor_names)


def compare_sentences(a: _Side, b: _Side, actor_names: list[str]) -> list[tuple[str, str, str]]:
    """``(kind, value in a, value in b)`` for each place where two aligned sentences state a
    different number or name."""
    found: list[tuple[str, str, str]] = []
    all_a, all_b = set(number_values(a.tokens)), set(number_values(b.tokens))
    matcher = SequenceMatcher(None, [t.key for t in a.tokens], [t.key for t in b.tokens], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "replace":
            continue
        only_a = [n for n in number_values(a.tokens[i1:i2]) if n not in all_b]
        only_b = [n for n in number_values(b.tokens[j1:j2]) if n not in all_a]
        if only_a and only_b:
            found.append(("number", _span_text(a, i1, i2), _span_text(b, j1, j2)))
            continue
        name = _name_difference(a, i1, i2, b, j1, j2, actor_names)
        if name:
            found.append(("name", *name))
    return found


def _name_difference(a: _Side, i1: int, i2: int, b: _Side, j1: int, j2: int, actor_names: list[str]) -> tuple[str, str] | None:
    """The two names if the differing span holds different names (see the module rules)."""
    i1, i2, j1, j2 = _extend_name(a, i1, i2, b, j1, j2)
    name_a, name_b = _span_text(a, i1, i2), _span_text(b, j1, j2)
    actors_a = _actors_in(a, a.tokens[i1].start, a.tokens[i2 - 1].end)
    actors_b = _actors_in(b, b.tokens[j1].start, b.tokens[j2 - 1].end)
    if actors_a and actors_a == actors_b:
        return None  # one actor, two spellings: the actor's spelling entry reports it
    if actors_a and actors_b and not actors_a & actors_b:
        named_a = {m.actor for m in a.mentions}
        named_b = {m.actor for m in b.mentions}
        if not actors_a & named_b and not actors_b & named_a:
            return name_a, name_b
    if not (_looks_like_name(a, i1, i2) and _looks_like_name(b, j1, j2)):
        return None
    if not similar_names(name_a, name_b, NAME_SIMILARITY):
        return None
    if actors_a or actors_b or i2 - i1 > 1 or j2 - j1 > 1 or _actor_like(name_a, actor_names) or _actor_like(name_b, actor_names):
        return name_a, name_b
    return None


# --------------------------------------------------------------------------- discrepancies: passages


def _variants(refs: list[PassageRef]) -> list[list[PassageRef]]:
    """The refs of a passage grouped by identical wording, in order of first appearance."""
    groups: dict[str, list[PassageRef]] = {}
    for ref in refs:
        groups.setdefault(ref.sentence, []).append(ref)
    return list(groups.values())


def _variant_pairs(variants: list[list[PassageRef]]) -> list[tuple[int, int]]:
    """Which wordings to compare: all pairs of a few; else each against the most copied one."""
    if len(variants) <= MAX_PAIRWISE_VARIANTS:
        return list(combinations(range(len(variants)), 2))
    anchor = max(range(len(variants)), key=lambda i: (len(variants[i]), -i))
    return [(min(anchor, i), max(anchor, i)) for i in range(len(variants)) if i != anchor]


def passage_discrepancies(passage: SharedPassage, paragraphs: dict[tuple[str, str], Paragraph], actor_names: list[str]) -> list[Discrepancy]:
    """The number and name discrepancies between the wordings of one shared passage; the same
    difference found between several wordings becomes one discrepancy citing all of them."""
    variants = _variants(passage.refs)
    sides = []
    for group in variants:
        ref = group[0]
        sides.append(_Side(ref, tokenize(ref.sentence), _sentence_mentions(paragraphs.get((ref.source, ref.paragraph)), ref.sentence)))
    merged: dict[tuple[str, tuple[str, ...]], dict[int, str]] = {}
    for x, y in _variant_pairs(variants):
        if {r.source for r in variants[x]} == {r.source for r in variants[y]}:
            continue
        for kind, value_x, value_y in compare_sentences(sides[x], sides[y], actor_names):
            key = (kind, tuple(sorted({value_x, value_y})))
            entry = merged.setdefault(key, {})
            entry.setdefault(x, value_x)
            entry.setdefault(y, value_y)
    found = []
    for (kind, values), by_variant in merged.items():
        cited: list[PassageRef] = []
        said: list[str] = []
        for variant in sorted(by_variant):
            for ref in variants[variant][:MAX_CITATIONS_PER_VALUE]:
                cited.append(ref)
                said.append(by_variant[variant])
        copies = sum(len(variants[v]) for v in by_variant)
        description = f"{kind} differs in shared passage {passage.id}: " + " / ".join(values) + f" ({copies} sentences)"
        found.append(Discrepancy(kind=kind, description=description, sides=cited, values=said))
    return found


# --------------------------------------------------------------------------- discrepancies: spellings


def _sentence_of(paragraph: Paragraph, start: int) -> str:
    """The sentence of the paragraph that contains character ``start``."""
    offset = 0
    for sentence in paragraph.sentences:
        found = paragraph.text.find(sentence, offset)
        if found < 0:
            continue
        if found <= start < found + len(sentence):
            return sentence
        offset = found + len(sentence)
    return paragraph.text


def _base_forms(keys: list[str]) -> dict[str, str]:
    """Map each spelling (case-folded) to its shortest inflectional form among the spellings."""
    base: dict[str, str] = {}
    for key in sorted(keys, key=lambda k: (len(k), k)):
        base[key] = next((b for b in base.values() if is_inflection(b, key)), key)
    return base


def spelling_discrepancies(sources: list[Source]) -> list[Discrepancy]:
    """One discrepancy per actor whose mentions use similar but different spellings."""
    first_seen: dict[str, dict[str, tuple[str, PassageRef]]] = {}  # actor -> key -> (surface, ref)
    for source in sorted(sources, key=lambda s: s.id):
        for paragraph in source.paragraphs:
            for mention in sorted(paragraph.mentions, key=lambda m: (m.start, m.end)):
                spellings = first_seen.setdefault(mention.actor, {})
                key = name_key(mention.surface)
                if key and key not in spellings:
                    spellings[key] = (mention.surface, PassageRef(source.id, paragraph.id, _sentence_of(paragraph, mention.start)))
    found = []
    for actor in sorted(first_seen):
        spellings = first_seen[actor]
        base = _base_forms(list(spellings))
        bases = sorted(set(base.values()), key=lambda k: (spellings[k][1].source, _paragraph_number(spellings[k][1].paragraph), k))
        variants = [k for k in bases if any(k != other and similar_names(k, other, SPELLING_SIMILARITY) for other in bases)]
        if len(variants) < 2:
            continue
        values = [spellings[k][0] for k in variants]
        description = f"{actor} is spelled " + " / ".join(values)
        found.append(Discrepancy(kind="spelling", description=description, sides=[spellings[k][1] for k in variants], values=values))
    return found


def _paragraph_number(paragraph_id: str) -> int:
    return int(paragraph_id[1:]) if paragraph_id[1:].isdigit() else 0


def find_discrepancies(sources: list[Source], shared: list[SharedPassage], actors: list[ActorSpec]) -> list[Discrepancy]:
    """Number and name discrepancies of the shared passages (in passage order), then the
    spelling discrepancies of the actors (by actor id). Deterministic."""
    paragraphs = {(source.id, paragraph.id): paragraph for source in sources for paragraph in source.paragraphs}
    actor_names = sorted({name_key(name.strip("*")) for actor in actors for name in (actor.name, *actor.aliases) if name.strip("* ")})
    found: list[Discrepancy] = []
    for passage in shared:
        found.extend(sorted(passage_discrepancies(passage, paragraphs, actor_names), key=lambda d: (d.kind, d.values)))
    found.extend(spelling_discrepancies(sources))
    return found


# --------------------------------------------------------------------------- off-topic


def content_words(text: str) -> set[str]:
    """The paragraph's content words as stems (lowercase, first ``STEM`` letters)."""
    return {word.lower()[:STEM] for word in _CONTENT_WORD.findall(text)}


def shared_share(words: set[str], frequency: Counter) -> float:
    """Share of ``words`` that also occur in another paragraph (frequency counts this one)."""
    if not words:
        return 1.0
    return sum(1 for word in words if frequency[word] >= 2) / len(words)


def mark_off_topic(sources: list[Source]) -> list[Paragraph]:
    """Set ``off_topic`` on every paragraph of ``sources`` by the rules above; returns the
    paragraphs flagged. Paragraphs must already carry their mentions and topics."""
    paragraphs = [p for source in sources for p in source.paragraphs]
    words = [content_words(p.text) for p in paragraphs]
    frequency: Counter = Counter()
    for paragraph_words in words:
        frequency.update(paragraph_words)
    shares = [shared_share(w, frequency) for w in words]
    flagged: list[Paragraph] = []
    if len(paragraphs) < 3:
        for paragraph in paragraphs:
            paragraph.off_topic = False
        return flagged
    threshold = RATIO * statistics.median(shares)
    for paragraph, paragraph_words, share in zip(paragraphs, words, shares):
        paragraph.off_topic = (
            not paragraph.mentions
            and len(paragraph.topics) <= 1
            and len(paragraph_words) >= MIN_WORDS
            and share < threshold
        )
        if paragraph.off_topic:
            flagged.append(paragraph)
    return flagged


# --------------------------------------------------------------------------- summaries and timeline


def _citation(source: Source, paragraph_id: str) -> dict:
    """The date, source and paragraph of a first or last mention."""
    return {"date": source.date.iso() if source.date else None, "source": source.id, "paragraph": paragraph_id}


def summarise(dossier: Dossier, config: Config) -> dict:
    """Per-actor and per-topic summaries and the timeline, as JSON-safe data (one pass
    over the paragraphs; off-topic paragraphs are left out)."""
    mentions: Counter = Counter()
    spellings: dict[str, Counter] = defaultdict(Counter)
    actor_sources: dict[str, set] = defaultdict(set)
    actor_paragraphs: Counter = Counter()
    actor_topics: dict[str, Counter] = defaultdict(Counter)
    together: dict[str, Counter] = defaultdict(Counter)
    first: dict[str, tuple] = {}
    last: dict[str, tuple] = {}
    topic_paragraphs: Counter = Counter()
    topic_sources: dict[str, set] = defaultdict(set)
    topic_actors: dict[str, Counter] = defaultdict(Counter)
    topic_first: dict[str, tuple] = {}
    topic_last: dict[str, tuple] = {}

    def note_date(table: dict, key: str, source: Source, paragraph_id: str, earliest: bool) -> None:
        """Keep the earliest (or latest) dated source for ``key``; undated sources never count."""
        if source.date is None:
            return
        candidate = (source.date.sort_key(), source.id, int(paragraph_id[1:]))
        current = table.get(key)
        if current is None or (candidate < current[0] if earliest else candidate > current[0]):
            table[key] = (candidate, _citation(source, paragraph_id))

    for source in dossier.sources:
        first_in_source: dict[str, str] = {}  # actor -> its first paragraph in this source
        topic_first_in_source: dict[str, str] = {}
        for paragraph in source.paragraphs:
            if paragraph.off_topic:
                continue
            for mention in paragraph.mentions:
                mentions[mention.actor] += 1
                spellings[mention.actor][mention.surface] += 1
            for actor in paragraph.actors:
                first_in_source.setdefault(actor, paragraph.id)
                actor_paragraphs[actor] += 1
                for topic in paragraph.topics:
                    actor_topics[actor][topic] += 1
                    topic_actors[topic][actor] += 1
                for other in paragraph.actors:
                    if other != actor:
                        together[actor][other] += 1
            for topic in paragraph.topics:
                topic_paragraphs[topic] += 1
                topic_first_in_source.setdefault(topic, paragraph.id)
        # dates are per source: one comparison per actor and source, not per paragraph
        for actor, paragraph_id in first_in_source.items():
            actor_sources[actor].add(source.id)
            note_date(first, actor, source, paragraph_id, True)
            note_date(last, actor, source, paragraph_id, False)
        for topic, paragraph_id in topic_first_in_source.items():
            topic_sources[topic].add(source.id)
            note_date(topic_first, topic, source, paragraph_id, True)
            note_date(topic_last, topic, source, paragraph_id, False)

    quotes_by_speaker = Counter(q.speaker for q in dossier.quotes if q.speaker)

    def ranked(counter: Counter, key: str) -> list[dict]:
        """Counter entries, most frequent first, ties by name."""
        return [{key: name, "count": count} for name, count in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))]

    actors = []
    for spec in config.actors:
        actors.append(
            {
                "id": spec.id,
                "name": spec.name,
                "kind": spec.kind,
                "aliases": list(spec.aliases),
                "description": spec.description,
                "mentions": mentions[spec.id],
                "paragraphs": actor_paragraphs[spec.id],
                "sources": len(actor_sources[spec.id]),
                "spellings": ranked(spellings[spec.id], "surface"),
                "first": first[spec.id][1] if spec.id in first else None,
                "last": last[spec.id][1] if spec.id in last else None,
                "quotes": quotes_by_speaker[spec.id],
                "topics": ranked(actor_topics[spec.id], "topic"),
                "with": ranked(together[spec.id], "actor"),
                "page": "",
            }
        )
    topics = []
    for spec in config.topics:
        topics.append(
            {
                "id": spec.id,
                "name": spec.name,
                "keywords": list(spec.keywords),
                "description": spec.description,
                "paragraphs": topic_paragraphs[spec.id],
                "sources": len(topic_sources[spec.id]),
                "actors": ranked(topic_actors[spec.id], "actor"),
                "first": topic_first[spec.id][1] if spec.id in topic_first else None,
                "last": topic_last[spec.id][1] if spec.id in topic_last else None,
                "page": "",
            }
        )
    return {"actors": actors, "topics": topics, "timeline": timeline(dossier.sources)}



def source_events(source: Source) -> list[Event]:
    """The dated events of one source, in reading order; off-topic paragraphs are skipped."""
    events: list[Event] = []
    for paragraph in source.paragraphs:
        if paragraph.off_topic or not _GATE.search(paragraph.text):
            continue
        for sentence in _sentences(paragraph.text, paragraph.sentences):
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


def timeline(sources: list[Source]) -> list[dict]:
    """The timeline as data for ``dossier.json``: sources (kind ``source``) and events
    (kind ``event``), sorted by date, then source, then paragraph."""
    entries: list[dict] = []
    for source in sources:
        if source.date is not None:
            entries.append({"kind": "source", "date": source.date.iso(), "source": source.id, "paragraph": None, "text": source.title, "expression": None})
        for event in source_events(source):
            entries.append({"kind": "event", "date": event.date.iso(), "source": event.source, "paragraph": event.paragraph, "text": event.sentence, "expression": event.expression})
    order = {s.id: i for i, s in enumerate(sources)}

    def key(entry: dict) -> tuple:
        """Date, sources before events, source order, paragraph, expression."""
        date = PartialDate.parse(entry["date"])
        paragraph = int(entry["paragraph"][1:]) if entry["paragraph"] else 0
        return (date.sort_key(), entry["kind"] != "source", order[entry["source"]], paragraph, entry["expression"] or "")

    return sorted(entries, key=key)
