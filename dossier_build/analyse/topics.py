"""Topics: keyword rules from ``dossier.yml``, applied per paragraph.

A keyword is a word or a phrase, matched case-insensitively on whole words; a ``*`` at
the start or end of a word stands for any beginning or continuation of that word
(``Sanktion*`` finds ``Sanktionen``, ``*raketen`` finds ``Trägerraketen``). All keywords
of all topics are compiled into one regex with a marker group per keyword; overlapping
keywords of different topics are found because every word position is tried.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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


@dataclass
class TopicMatcher:
    """The compiled topic rules of one dossier."""

    pattern: re.Pattern
    groups: dict[str, str]  # marker group -> topic id
    order: dict[str, int]  # topic id -> position in dossier.yml

    def find(self, text: str) -> list[str]:
        """The ids of the topics whose keywords occur in ``text``, in dossier.yml order."""
        found: set[str] = set()
        for match in self.pattern.finditer(text):
            # The lookahead matches empty, so every word start is tried once; the marker
            # groups that took part name the keywords found at that position.
            for name, value in match.groupdict().items():
                if value is not None:
                    found.add(self.groups[name])
        return sorted(found, key=self.order.__getitem__)


def compile_topics(topics: list[TopicSpec]) -> TopicMatcher:
    """One regex: at each word start, a lookahead per topic that captures its keyword.

    Each topic's keywords form one alternation inside its own lookahead, so every topic
    is tested at every word start in a single scan, and overlaps between topics count."""
    lookaheads = []
    every_keyword = []
    groups: dict[str, str] = {}
    for index, topic in enumerate(topics):
        if not topic.keywords:
            continue
        name = f"t{index}"
        groups[name] = topic.id
        alternatives = "|".join(keyword_regex(k) for k in sorted(topic.keywords, key=lambda k: (-len(k), k)))
        lookaheads.append(f"(?=(?P<{name}>(?:{alternatives}))(?!{WORD_CHARS}))?")
        every_keyword.append(alternatives)
    if not lookaheads:
        return TopicMatcher(re.compile(r"(?!x)x"), {}, {})
    # A word start where some keyword begins (the gate keeps the scan in C for the other
    # words), then every topic's optional lookahead; the match itself is empty.
    gate = "(?=(?:" + "|".join(every_keyword) + f")(?!{WORD_CHARS}))"
    pattern = re.compile(r"(?<![^\W_])" + gate + "".join(lookaheads), re.IGNORECASE)
    return TopicMatcher(pattern, groups, {t.id: i for i, t in enumerate(topics)})
