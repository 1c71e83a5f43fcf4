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
(a cheap stem: ``Sanktionen``/``Sanktionsregime``). The counts are one pass over the
dossier; the test is one pass over its paragraphs.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter

from ..model import Paragraph, Source

MIN_WORDS = 15
RATIO = 0.75
STEM = 7
_CONTENT_WORD = re.compile(r"[^\W\d_]{5,}")


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
