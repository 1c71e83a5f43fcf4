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


def mark_off_topic(sources: list[Source], signatures: Mapping[str, OffTopicSignature] | None = None) -> list[Paragraph]:
    """Set ``off_topic`` on every paragraph of ``sources`` by the rules above; returns the
    paragraphs flagged. Paragraphs must already carry their mentions and topics.

    ``signatures``: :func:`off_topic_signature` of sources by id (e.g. kept from an earlier
    build); those not given are computed here. The dossier-wide part is set operations on
    each source's words: which occur in two paragraphs of the dossier, then each
    paragraph's share of them."""
    given = signatures if signatures is not None else {}
    readings = [given.get(source.id) or off_topic_signature(source) for source in sources]
    vocabularies = [reading.words.split("\n") if reading.words else [] for reading in readings]
    seen: set[str] = set()
    shared: set[str] = set()  # words in two or more paragraphs of the dossier
    for reading, vocabulary in zip(readings, vocabularies):
        shared.update(map(vocabulary.__getitem__, reading.repeated))
        shared.update(seen.intersection(vocabulary))
        seen.update(vocabulary)
    del seen
    shares = array("d")
    sizes = array("I")
    for reading, vocabulary in zip(readings, vocabularies):
        in_shared = bytes(map(shared.__contains__, vocabulary))
        start = 0
        for end in reading.ends:
            size = end - start
            shares.append(sum(map(in_shared.__getitem__, reading.words_of[start:end])) / size if size else 1.0)
            sizes.append(size)
            start = end
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
