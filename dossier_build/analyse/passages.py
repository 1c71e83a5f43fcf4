"""Passages reported by several sources: agency copy, verbatim or lightly reworded.

The rule: two sentences of different sources are the same passage when

1. they share at least ``MIN_SHARED_WORDS`` content words (word stems that are not function
   words such as *der*, *und*, *wurde*) and those shared words make up at least
   ``MIN_SHARE`` of the longer sentence's content words, and
2. their content words stand largely in the same order - the rapidfuzz Indel similarity of the
   two sequences of content words is at least ``MIN_SIMILARITY`` - or nearly all of them are the
   same (``ANY_ORDER_SHARE`` of the longer sentence's), in whatever order: an agency sentence
   whose clauses a newspaper swapped is still the same passage, while two sentences cut from one
   template (*Die Regierung in Potsdam/Paris sagte am Mittwoch, sie werde die Entscheidung über
   … treffen*) are not one passage when what they say differs.

Sentences are never compared pair by pair:

- Verbatim copies (the same words, case aside) are grouped through a dictionary, at no cost
  per pair: a passage copied by a thousand sources is one wording.
- Each distinct wording is *fingerprinted* by its word pairs (two consecutive content words,
  ``lange verhandlung``). A pair that occurs in no other wording cannot be shared and is
  ignored; of the others, the ``FINGERPRINTS`` rarest (by how many wordings have them, ties
  in one fixed order, so every wording picks the same ones) go into an inverted index. Lightly reworded
  copies keep most word pairs, and the pairs an edit destroys are unique, so both copies pick
  the same rare pairs and meet in the index; unrelated sentences almost never share a rare
  pair. A pair found in more than ``MAX_POSTINGS`` wordings is too common to look up.
- Only wordings that meet in the index on two fingerprints (one, if either has only one) are
  checked with rules 1 and 2.

The work is counted in :class:`PassageStats`; it grows linearly with the number of wordings.
Matches are joined transitively (union-find) into one :class:`SharedPassage` per group of
sentences; only groups that span at least two sources are kept. ``Paragraph.duplicates`` lists at
most ``MAX_DUPLICATES`` paragraphs (the first by source id and paragraph number), so a passage
copied by thousands of sources does not make every paragraph list thousands of others; the
passage itself (``SharedPassage.refs``) cites every copy.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import islice

from rapidfuzz.distance import Indel

from ..model import Paragraph, PassageRef, SharedPassage, Source

MIN_CONTENT_WORDS = 5  # a sentence with fewer content words is too generic to be a passage
MIN_SHARED_WORDS = 5
MIN_SHARE = 0.5
MIN_SIMILARITY = 0.7
ANY_ORDER_SHARE = 0.8
FINGERPRINTS = 4  # rare word pairs per wording that go into the index
MAX_POSTINGS = 100  # a word pair in more wordings than this is too common to look up
MAX_DUPLICATES = 20  # at most this many "source#pN" entries in Paragraph.duplicates

# Function words of German and English: articles, pronouns, prepositions, conjunctions,
# auxiliaries and particles, plus the stock words of news copy (reporting verbs, weekdays).
# They carry no content, so they never make two sentences alike.
FUNCTION_WORDS = frozenset(
    """
    der die das des dem den ein eine einer eines einem einen kein keine keiner keines keinem keinen
    und oder aber doch sondern denn sowie als wie wenn ob dass weil da damit obwohl während bevor
    nachdem seit seitdem bis falls so auch noch schon nur nicht nichts nie sehr mehr weiter
    ich du er sie es wir ihr mich dich sich uns euch ihm ihn ihnen mir dir man
    mein meine sein seine seinen seinem seiner seines ihre ihren ihrem ihrer ihres unser unsere euer
    dieser diese dieses diesem diesen jener jene jenes welche welcher welches welchem welchen
    solche solcher solches solchen alle aller alles allen beide beiden beider jeder jede jedes
    in im ins an am ans auf aus bei beim mit nach von vom vor zu zum zur über unter um durch für
    gegen ohne hinter neben zwischen entlang laut trotz wegen statt gegenüber innerhalb außerhalb
    ist sind war waren sei seien wäre wären bin bist seid wird werden wurde wurden worden würde
    würden hat haben hatte hatten habe hätte hätten kann können konnte konnten soll sollen sollte
    sollten muss müssen musste mussten will wollen wollte wollten darf dürfen mag möchte
    hier dort da dann nun jetzt heute gestern morgen bereits etwa rund zudem zufolge demnach
    sowohl weder noch zwar jedoch allerdings also bzw etc ca
    sagte sagt sagten sagen erklärte erklärt berichtete berichtet betonte betont hieß heißt teilte
    meldete meldet montag dienstag mittwoch donnerstag freitag samstag sonntag
    the a an and or but not no of to in on at by for with from as is are was were be been being
    has have had will would shall should can could may might must do does did this that these
    those it its he she they them his her their we our you your i me my which who whom what
    """.split()
)

_WORD = re.compile(r"\w+")
_ENDINGS = ("ern", "en", "er", "es", "em", "e", "s", "n")


def stem(word: str) -> str:
    """A crude German stem of a case-folded word: one inflection ending cut off if at least
    four letters remain (``verhandlungen`` -> ``verhandlung``, ``putins`` -> ``putin``)."""
    cached = _STEMS.get(word)
    if cached is not None:
        return cached
    result = word
    if not word.isdigit():
        for ending in _ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= 4:
                result = word[: -len(ending)]
                break
    if len(_STEMS) < 1_000_000:
        _STEMS[word] = result
    return result


_STEMS: dict[str, str] = {}


def words(sentence: str) -> list[str]:
    """The case-folded words of a sentence, in order (punctuation dropped)."""
    return _WORD.findall(sentence.casefold())


def content_sequence(sentence: str) -> list[str]:
    """The stems of the words that carry content, in order: not function words, not single
    letters."""
    return content_of(words(sentence))


def content_of(folded: list[str]) -> list[str]:
    """The content stems among case-folded words (see :func:`content_sequence`)."""
    return [stem(w) for w in folded if w not in FUNCTION_WORDS and (len(w) > 1 or w.isdigit())]


def content_words(sentence: str) -> frozenset[str]:
    """The set of a sentence's content words (see :func:`content_sequence`)."""
    return frozenset(content_sequence(sentence))


def word_pairs(sequence: tuple[int, ...]) -> set[int]:
    """Consecutive content words (as ids) packed into one integer per pair: the fingerprint
    material of a sentence."""
    return {(a << 32) | b for a, b in zip(sequence, sequence[1:])}


@dataclass
class PassageStats:
    """How much work :func:`find_shared_passages` did (for tests and benchmarks)."""

    sentences: int = 0  # sentences with enough content words to take part
    wordings: int = 0  # distinct wordings among them (verbatim copies grouped)
    indexed: int = 0  # wordings put into the inverted index
    postings_scanned: int = 0  # index entries read while probing
    candidates: int = 0  # candidate pairs whose shared content words were counted
    comparisons: int = 0  # candidate pairs verified with the rapidfuzz similarity
    matches: int = 0  # verified pairs
    common_pairs_skipped: int = 0  # look-ups skipped because the word pair was too common


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
    content-word ids of the first; words get ids in order of first appearance."""
    collected = _Collected([], [], [])
    first_by_text: dict[str, int] = {}
    word_ids: dict[str, int] = {}
    for source in sorted(sources, key=lambda s: s.id):
        for paragraph in source.paragraphs:
            for index, sentence in enumerate(paragraph.sentences):
                key = " ".join(sentence.casefold().split())
                first = first_by_text.get(key)
                if first is None:
                    sequence = tuple(word_ids.setdefault(w, len(word_ids)) for w in content_of(_WORD.findall(key)))
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
