"""Topics: keyword rules from ``dossier.yml``, applied per paragraph.

A keyword is a word or a phrase, matched case-insensitively on whole words; a ``*`` at
the start or end of a word stands for any beginning or continuation of that word
(``Sanktion*`` finds ``Sanktionen``, ``*raketen`` finds ``Trägerraketen``). All keywords
of all topics are compiled into one regex with a marker group per topic; overlapping
keywords of different topics are found because every word position is tried. One-word
keywords are decided once per distinct word (memo), phrases on the paragraph's text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..config import TopicSpec

WORD_CHARS = r"[^\W_]"


def keyword_regex(keyword: str) -> str:
    """A keyword as a regex over whole words (no boundaries: the caller adds them)."""
    parts = []
    for word in keyword.split():
        core = re.escape(word.strip("*"))
        if word.startswith("*"):
            core = f"{WORD_CHARS}*" + core
        if word.endswith("*"):
            core += f"{WORD_CHARS}*"
        parts.append(core)
    return r"[\s\u00a0]+".join(parts)


_TOKEN = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
_ONE_WORD = re.compile(r"^\*?[^\W_]+(?:-[^\W_]+)*\*?$")
MEMO_LIMIT = 500_000


@dataclass
class TopicMatcher:
    """The compiled topic rules of one dossier.

    One-word keywords are tested once per distinct word (hyphenated compounds count as
    one word; a memo keeps the answer), so the cost per paragraph does not grow with the
    number of keywords; phrases are scanned in the paragraph's text."""

    word_pattern: re.Pattern | None
    phrase_pattern: re.Pattern | None
    groups: dict[str, str]  # marker group -> topic id
    order: dict[str, int]  # topic id -> position in dossier.yml
    phrase_needles: tuple[str, ...] = ()  # a literal piece of each phrase, casefolded
    memo: dict[str, frozenset] = field(default_factory=dict)

    def _scan(self, pattern: re.Pattern, text: str) -> set[str]:
        """The topics whose keywords ``pattern`` finds in ``text``."""
        found: set[str] = set()
        for match in pattern.finditer(text):
            # every word start where some keyword begins; the marker groups that took
            # part name the topics whose keywords were found there
            for name, value in match.groupdict().items():
                if value is not None:
                    found.add(self.groups[name])
        return found

    def _word_topics(self, word: str) -> frozenset:
        """The topics of one word, computed once and remembered."""
        topics = self.memo.get(word)
        if topics is None:
            if len(self.memo) >= MEMO_LIMIT:
                self.memo.clear()
            topics = self.memo[word] = frozenset(self._scan(self.word_pattern, word))
        return topics

    def find(self, text: str) -> list[str]:
        """The ids of the topics whose keywords occur in ``text``, in dossier.yml order."""
        found: set[str] = set()
        if self.word_pattern is not None:
            for word in set(_TOKEN.findall(text)):
                found |= self._word_topics(word)
        if self.phrase_pattern is not None:
            folded = text.casefold()
            if any(needle in folded for needle in self.phrase_needles):
                found |= self._scan(self.phrase_pattern, text)
        return sorted(found, key=self.order.__getitem__)


def _combined(per_topic: list[tuple[str, list[str]]]) -> re.Pattern | None:
    """At each word start where some keyword begins (the gate keeps the scan in C for
    other words), one optional lookahead per topic captures its keyword; the match
    itself is empty, so overlapping keywords of different topics all count."""
    if not per_topic:
        return None
    lookaheads = []
    every_keyword = []
    for name, keywords in per_topic:
        alternatives = "|".join(keyword_regex(k) for k in sorted(keywords, key=lambda k: (-len(k), k)))
        lookaheads.append(f"(?=(?P<{name}>(?:{alternatives}))(?!{WORD_CHARS}))?")
        every_keyword.append(alternatives)
    gate = "(?=(?:" + "|".join(every_keyword) + f")(?!{WORD_CHARS}))"
    return re.compile(r"(?<![^\W_])" + gate + "".join(lookaheads), re.IGNORECASE)


def compile_topics(topics: list[TopicSpec]) -> TopicMatcher:
    """The word and phrase patterns of every topic's keywords."""
    groups: dict[str, str] = {}
    words: list[tuple[str, list[str]]] = []
    phrases: list[tuple[str, list[str]]] = []
    for index, topic in enumerate(topics):
        name = f"t{index}"
        groups[name] = topic.id
        one_word = [k for k in topic.keywords if _ONE_WORD.match(k)]
        other = [k for k in topic.keywords if not _ONE_WORD.match(k)]
        if one_word:
            words.append((name, one_word))
        if other:
            phrases.append((name, other))
    needles = tuple(sorted({_needle(k) for _, keywords in phrases for k in keywords}))
    return TopicMatcher(_combined(words), _combined(phrases), groups, {t.id: i for i, t in enumerate(topics)}, needles)


def _needle(keyword: str) -> str:
    """The longest literal piece of a keyword (casefolded): a text without it cannot match."""
    return max((word.strip("*").casefold() for word in keyword.split()), key=len)
