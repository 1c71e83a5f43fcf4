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
  by text, so every wording picks the same ones) go into an inverted index. Lightly reworded
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


def word_pairs(sequence: list[str]) -> frozenset[tuple[str, str]]:
    """Consecutive content words ``(a, b)``: the fingerprint material of a sentence."""
    return frozenset(zip(sequence, sequence[1:]))


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


@dataclass
class _Sentence:
    source: str
    paragraph: Paragraph
    index: int
    text: str
    key: str  # the case-folded text: verbatim copies have the same key
    sequence: list[str]
    content: frozenset[str]


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


def _collect_sentences(sources: list[Source]) -> list[_Sentence]:
    """Every sentence with at least ``MIN_CONTENT_WORDS`` content words, sources by id."""
    collected = []
    analysed: dict[str, tuple[str, list[str], frozenset[str]]] = {}
    for source in sorted(sources, key=lambda s: s.id):
        for paragraph in source.paragraphs:
            for index, sentence in enumerate(paragraph.sentences):
                known = analysed.get(sentence)
                if known is None:
                    key = " ".join(sentence.casefold().split())
                    sequence = content_of(_WORD.findall(key))
                    known = analysed[sentence] = (key, sequence, frozenset(sequence))
                if len(known[2]) >= MIN_CONTENT_WORDS:
                    collected.append(_Sentence(source.id, paragraph, index, sentence, *known))
    return collected


def needed_shared(size: int) -> int:
    """Content words a sentence of ``size`` content words must share with a match."""
    return max(MIN_SHARED_WORDS, math.ceil(MIN_SHARE * size))


def is_match(a: _Sentence, b: _Sentence, stats: PassageStats) -> bool:
    """True if two sentences are the same passage (rules 1 and 2)."""
    stats.candidates += 1
    shared = len(a.content & b.content)
    larger = max(len(a.content), len(b.content))
    if shared < needed_shared(larger):
        return False
    stats.comparisons += 1
    if shared >= ANY_ORDER_SHARE * larger:
        return True
    return Indel.normalized_similarity(a.sequence, b.sequence) >= MIN_SIMILARITY


def group_verbatim(sentences: list[_Sentence], groups: _UnionFind) -> list[int]:
    """Join sentences with the same text (case and spacing aside); return the first of each
    wording."""
    first: dict[str, int] = {}
    for position, sentence in enumerate(sentences):
        key = sentence.key
        if key in first:
            groups.union(first[key], position)
        else:
            first[key] = position
    return list(first.values())


def fingerprints(pairs: frozenset[tuple[str, str]], frequency: Counter) -> list[tuple[str, str]]:
    """The ``FINGERPRINTS`` rarest word pairs of a sentence that some other wording shares."""
    shared = [pair for pair in pairs if frequency[pair] > 1]
    shared.sort(key=lambda pair: (frequency[pair], pair))
    return shared[:FINGERPRINTS]


def match_sentences(sentences: list[_Sentence], stats: PassageStats) -> _UnionFind:
    """Group matching sentences of different sources (see the module rules)."""
    groups = _UnionFind(len(sentences))
    wordings = group_verbatim(sentences, groups)
    stats.wordings = len(wordings)
    pairs = {position: word_pairs(sentences[position].sequence) for position in wordings}
    frequency = Counter(pair for each in pairs.values() for pair in each)
    postings: dict[tuple[str, str], list[int]] = {}
    key_counts: dict[int, int] = {}
    for position in wordings:
        sentence = sentences[position]
        keys = fingerprints(pairs.pop(position), frequency)
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
        key_counts[position] = len(keys)
        if keys:
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
    sentences = _collect_sentences(sources)
    stats.sentences = len(sentences)
    groups = match_sentences(sentences, stats)

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
