"""Off-topic paragraphs: text that belongs to another story (a scraper took the next
article along), decided from the dossier itself, not from a list of words.

A paragraph is off-topic when all of these hold:

- it names no listed actor;
- it matches at most one topic (one keyword can match by accident: ``Waffenruhe``);
- it is long enough to judge (``MIN_WORDS`` content words): a short paragraph without
  names usually continues its neighbour (``Laut derselben Quelle …``);
- its vocabulary is foreign to the dossier: the share of its content words that occur
  in any other paragraph of the dossier is below ``RATIO`` times the median share of all
  paragraphs.

Content words are words of five letters or more, compared by their first seven letters
(a cheap stem: ``Sanktionen``/``Sanktionsregime``). Each source's paragraphs are read once,
on their own (:func:`off_topic_signature`, which a build can keep per source); the
dossier-wide part is set operations on each source's words (which occur in two paragraphs
of the dossier), then one pass over the paragraphs.
"""

from __future__ import annotations

import re
import statistics
from array import array
from collections import Counter
from itertools import chain
from operator import itemgetter
from typing import Mapping, NamedTuple

from ..model import Paragraph, Source
from .memo import AnalysisMemo, dumps, loads, recall, runs

MIN_WORDS = 15
RATIO = 0.75
STEM = 7
_CONTENT_WORD = re.compile(r"[^\W\d_]{5,}")


def content_words(text: str) -> set[str]:
    """The paragraph's content words as stems (lowercase, first ``STEM`` letters)."""
    found = _CONTENT_WORD.findall(text)
    if not found:
        return set()
    # one lower() for all words: a space stops every context rule of lowercasing (final
    # sigma), so this equals lowering each word on its own
    return set(map(_STEM_OF, " ".join(found).lower().split(" ")))


_STEM_OF = itemgetter(slice(0, STEM))  # word -> word[:STEM]


class OffTopicSignature(NamedTuple):
    """What the off-topic test needs of one source, computed from it alone: the content
    words (:func:`content_words`) of all its paragraphs, each once, joined by newlines, and
    for each paragraph (in ``Source.paragraphs`` order) its content words as indexes into
    them: ``words_of[ends[k - 1]:ends[k]]`` for paragraph ``k``. ``repeated`` lists the
    indexes of the words that occur in two or more of the source's paragraphs."""

    words: str
    ends: array
    words_of: array
    repeated: array


def off_topic_signature(source: Source) -> OffTopicSignature:
    """The source's paragraphs as the off-topic test reads them; a pure function of their text."""
    stems = [content_words(paragraph.text) for paragraph in source.paragraphs]
    paragraphs_with = Counter(chain.from_iterable(stems))  # words in order of first appearance
    index = dict(zip(paragraphs_with, range(len(paragraphs_with))))
    ends, words_of = array("I"), array("H" if len(index) <= 1 << 16 else "I")
    for paragraph_stems in stems:
        words_of.extend(map(index.__getitem__, paragraph_stems))
        ends.append(len(words_of))
    repeated = array(words_of.typecode, (index[stem] for stem, count in paragraphs_with.items() if count > 1))
    return OffTopicSignature("\n".join(index), ends, words_of, repeated)


def mark_off_topic(sources: list[Source], signatures: Mapping[str, OffTopicSignature] | None = None, memo: AnalysisMemo | None = None, digests: list[bytes] | None = None) -> list[Paragraph]:
    """Set ``off_topic`` on every paragraph of ``sources`` by the rules above; returns the
    paragraphs flagged. Paragraphs must already carry their mentions and topics.

    ``signatures``: :func:`off_topic_signature` of sources by id (e.g. kept from an earlier
    build); those not given are computed here. The dossier-wide part is set operations on
    each source's words: which occur in two paragraphs of the dossier, then each
    paragraph's share of them.

    ``memo`` and ``digests`` (a digest of each source, in order, covering its paragraphs'
    text, mentions and topics, e.g. :func:`.discrepancies.source_digests`): both parts
    are kept per run of sources (:func:`.memo.runs`; see :func:`_shares`); the result is
    the same with or without."""
    given = signatures if signatures is not None else {}
    if memo is None or digests is None:
        readings = [given.get(source.id) or off_topic_signature(source) for source in sources]
        shares, sizes = _shares(readings, _shared_words([_vocabulary(readings)]))
    else:
        shares, sizes = _shares_in_runs(sources, given, memo, digests)
    paragraphs = [p for source in sources for p in source.paragraphs]
    flagged: list[Paragraph] = []
    if len(paragraphs) < 3:
        for paragraph in paragraphs:
            paragraph.off_topic = False
        return flagged
    threshold = RATIO * statistics.median(shares)
    for paragraph, size, share in zip(paragraphs, sizes, shares):
        paragraph.off_topic = (
            not paragraph.mentions
            and len(paragraph.topics) <= 1
            and size >= MIN_WORDS
            and share < threshold
        )
        if paragraph.off_topic:
            flagged.append(paragraph)
    return flagged


def _vocabulary(readings: list[OffTopicSignature]) -> tuple[set[str], set[str]]:
    """(every word of these sources, the words among them in two or more of their paragraphs)."""
    seen: set[str] = set()
    shared: set[str] = set()
    for reading in readings:
        vocabulary = reading.words.split("\n") if reading.words else []
        shared.update(map(vocabulary.__getitem__, reading.repeated))
        shared.update(seen.intersection(vocabulary))
        seen.update(vocabulary)
    return seen, shared


def _shared_words(parts: list[tuple[set[str], set[str]]]) -> set[str]:
    """The words in two or more paragraphs of all sources, from :func:`_vocabulary` of
    consecutive groups of them: shared within a group, or seen in two groups."""
    if len(parts) == 1:
        return parts[0][1]
    seen: set[str] = set()
    shared: set[str] = set()
    for words, repeated in parts:
        shared.update(repeated)
        shared.update(seen.intersection(words))
        seen.update(words)
    return shared


def _shares(readings: list[OffTopicSignature], shared: set[str]) -> tuple[array, array]:
    """Each paragraph's share of words in ``shared`` (1.0 for a paragraph without content
    words) and its number of content words, in order."""
    shares = array("d")
    sizes = array("I")
    for reading in readings:
        vocabulary = reading.words.split("\n") if reading.words else []
        in_shared = bytes(map(shared.__contains__, vocabulary))
        start = 0
        for end in reading.ends:
            size = end - start
            shares.append(sum(map(in_shared.__getitem__, reading.words_of[start:end])) / size if size else 1.0)
            sizes.append(size)
            start = end
    return shares, sizes


OFF_TOPIC_SPREAD = 256  # sources per run (on average) whose vocabulary and shares are kept together
_VOCABULARY_TAG = "off-topic-vocabulary"
_SHARES_TAG = "off-topic-shares"


def _shares_in_runs(sources: list[Source], given: Mapping[str, OffTopicSignature], memo: AnalysisMemo, digests: list[bytes]) -> tuple[array, array]:
    """:func:`_shares` of all sources, kept per run of sources on two levels: each run's
    :func:`_vocabulary` under the digests of its sources (which cover their text), and
    each run's shares under those digests and the run's words that are *not* shared in
    the dossier (with the run's vocabulary, which the digests fix, that says which of its
    words are shared: all the shares read of the dossier)."""
    parts = runs([source.id for source in sources], OFF_TOPIC_SPREAD)
    run_digests = [b"".join(digests[i] for i in part) for part in parts]
    readings: dict[int, OffTopicSignature] = {}

    def readings_of(part: range) -> list[OffTopicSignature]:
        for i in part:
            if i not in readings:
                readings[i] = given.get(sources[i].id) or off_topic_signature(sources[i])
        return [readings[i] for i in part]

    vocabularies = recall(
        memo,
        [memo.key(_VOCABULARY_TAG, digest) for digest in run_digests],
        lambda positions: [_vocabulary(readings_of(parts[p])) for p in positions],
        dumps,
        loads,
    )
    shared = _shared_words(vocabularies)
    keys = [memo.key(_SHARES_TAG, digest, "\n".join(sorted(words - shared))) for digest, (words, _) in zip(run_digests, vocabularies)]
    per_run = recall(memo, keys, lambda positions: [_shares(readings_of(parts[p]), shared) for p in positions], dumps, loads)
    shares, sizes = array("d"), array("I")
    for run_shares, run_sizes in per_run:
        shares.extend(run_shares)
        sizes.extend(run_sizes)
    return shares, sizes
