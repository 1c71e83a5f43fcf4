"""Topics: keyword rules from ``dossier.yml``, applied per paragraph.

A keyword is a word or a phrase, matched case-insensitively on whole words; a ``*`` at
the start or end of a word stands for any beginning or continuation of that word
(``Sanktion*`` finds ``Sanktionen``, ``*raketen`` finds ``Trägerraketen``). All keywords
of all topics are compiled into one regex with a marker group per topic; overlapping
keywords of different topics are found because every word position is tried. One-word
keywords are decided once per distinct word (memo), phrases on the paragraph's text.

A word (letters and digits, hyphenated compounds included) never contains white space, so
the words of a text are the words of its white-space separated pieces (``Sanktionen,``):
the topics of each distinct piece are remembered too, and a paragraph costs one split and
a look-up per piece. The same holds for the literal piece of a phrase that must occur
before its pattern is tried (casefolding keeps white space where it is).
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
    one word; a memo keeps the answer) and the answer for each white-space separated
    piece of text is remembered too, so the cost per paragraph does not grow with the
    number of keywords; phrases are scanned in the paragraph's text when one of its
    pieces holds a phrase's needle. Answers are kept as bit sets (bit ``i``: the topic
    at position ``i`` of dossier.yml), so a paragraph's topics are a few integer ORs."""

    word_pattern: re.Pattern | None
    phrase_pattern: re.Pattern | None
    groups: dict[str, str]  # marker group -> topic id
    order: dict[str, int]  # topic id -> position in dossier.yml
    phrase_needles: tuple[str, ...] = ()  # a literal piece of each phrase, casefolded
    memo: dict[str, int] = field(default_factory=dict)  # word -> bit set of its topics
    piece_memo: dict[str, int] = field(default_factory=dict)  # piece -> bit set of its words' topics (+ NEEDLE)
    needle_bit: int = field(init=False)  # marks a piece that holds a phrase needle
    topic_at: dict[int, str] = field(init=False)  # position -> topic id

    def __post_init__(self) -> None:
        self.needle_bit = 1 << (max(self.order.values(), default=-1) + 1)
        self.topic_at = {position: topic for topic, position in self.order.items()}

    def _scan(self, pattern: re.Pattern, text: str) -> int:
        """The topics whose keywords ``pattern`` finds in ``text``, as a bit set."""
        found = 0
        for match in pattern.finditer(text):
            # every word start where some keyword begins; the marker groups that took
            # part name the topics whose keywords were found there
            for name, value in match.groupdict().items():
                if value is not None:
                    found |= 1 << self.order[self.groups[name]]
        return found

    def _word_topics(self, word: str) -> int:
        """The topics of one word, computed once and remembered."""
        topics = self.memo.get(word)
        if topics is None:
            if len(self.memo) >= MEMO_LIMIT:
                self.memo.clear()
            topics = self.memo[word] = self._scan(self.word_pattern, word)
        return topics

    def _piece_topics(self, piece: str) -> int:
        """The topics of a piece's words, and the needle bit if it holds a phrase needle."""
        topics = 0
        if self.word_pattern is not None:
            for word in _TOKEN.findall(piece):
                topics |= self._word_topics(word)
        if self.phrase_needles:
            folded = piece.casefold()
            if any(needle in folded for needle in self.phrase_needles):
                topics |= self.needle_bit
        return topics

    def _pieces_topics(self, pieces: list[str]) -> set[int]:
        """The distinct answers for ``pieces``, deciding the pieces not seen before (a full
        memo starts again)."""
        unknown = [piece for piece in pieces if piece not in self.piece_memo]
        if len(self.piece_memo) + len(unknown) > MEMO_LIMIT:
            self.piece_memo.clear()
        for piece in unknown:
            self.piece_memo[piece] = self._piece_topics(piece)
        return set(map(self.piece_memo.__getitem__, pieces))

    def find(self, text: str) -> list[str]:
        """The ids of the topics whose keywords occur in ``text``, in dossier.yml order."""
        if self.word_pattern is None and self.phrase_pattern is None:
            return []
        pieces = text.split()
        answers = set(map(self.piece_memo.get, pieces))
        if None in answers:
            answers = self._pieces_topics(pieces)
        found = 0
        for answer in answers:
            found |= answer
        if self.phrase_pattern is not None and (found & self.needle_bit or "" in self.phrase_needles):
            found |= self._scan(self.phrase_pattern, text)
        return [self.topic_at[position] for position in range(found.bit_length()) if found >> position & 1 and position in self.topic_at]


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
