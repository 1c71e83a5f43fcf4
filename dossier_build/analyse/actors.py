"""Recognising actors: the curated names and aliases of ``dossier.yml``, nothing else.

All aliases of all actors are compiled into one regular expression shaped like a trie
(common prefixes shared), with an empty marker group at the end of each alias, so one
left-to-right scan of a paragraph finds every mention and ``match.lastgroup`` says which
alias matched. The rules, in the order they apply:

- A name matches as written; between the parts of a multi-part name a space and a hyphen
  are interchangeable and the letter after them may be either case (``Kim Jong Un`` also
  finds ``Kim Jong-un``). A lowercase alias may be capitalised (sentence start).
- German inflection: a name may take the genitive ``-s``, ``-es``, ``-ns`` or an
  apostrophe (``Putins``, ``Nordkoreas``); a non-final word of a multi-word name ending
  in ``e`` may take ``n``, ``r``, ``s`` or ``m`` (``Vereinten Nationen``).
- ``*`` at the end of an alias is any continuation of the word (``russisch*``); at the
  start, any beginning of the word.
- The longest match wins and a span is one mention: ``Kim Jong Il`` is not also ``Kim``.
- A name glued by a hyphen to a capitalised word part is part of another name
  (``Kim-Il-Sung-Platz`` is a place), not a mention.
- A one-word person alias followed by a romanised given name (``Kim Yong-il``,
  ``Kim Il Sung``) is part of a longer name nobody listed, not a mention.
- The same actor named twice in a row (``NATO-Generalsekretär Jens Stoltenberg``) is one
  mention; the name is kept, the role dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..config import ActorSpec
from ..model import Mention

WORD_CHARS = r"[^\W\d_]"
GENITIVE = r"(?:'s|’s|s|es|ns|'|’)?"
ADJECTIVE_ENDING = r"[nrsm]?"
_NAME_SEPARATOR = r"[\s\u00a0-](?:\s*)"
# A romanised given name after a one-word person alias: ``Yong-il``, ``Chan-il``, or two
# short capitalised syllables ``Il Sung``.
_LONGER_NAME = re.compile(r"[\s\u00a0]+(?:[A-Z][a-z]+-[a-z]+\b|[A-Z][a-z]{1,2}[\s\u00a0]+[A-Z])")
_CAPITALISED_PART = re.compile(r"-[A-ZÄÖÜ]")
_CAPITALISED_BEFORE = re.compile(r"[A-ZÄÖÜ][^\W\d_]*-$")
_REPEAT_GAP = re.compile(r"[\s\u00a0,]{0,3}")  # between two mentions of one actor that are one


@dataclass(frozen=True)
class Alias:
    """One spelling an actor can be named by."""

    actor: str
    text: str  # as written in dossier.yml, with its `*`
    kind: str  # the actor's kind
    is_name: bool  # the actor's own name (not an alias)
    prefix: bool  # ends in `*`: any continuation
    suffix: bool  # starts with `*`: any beginning
    words: int


@dataclass
class ActorMatcher:
    """The compiled recogniser for one dossier's actors; build it once with
    :func:`compile_actors` and reuse it for every source."""

    pattern: re.Pattern
    aliases: dict[str, Alias]  # marker group name -> alias
    actors: dict[str, ActorSpec] = field(default_factory=dict)
    casefolded_names: frozenset = field(init=False)  # every name and alias as written, casefolded
    adjective_aliases: frozenset = field(init=False)  # the aliases that end in `*` (``russisch*``)

    def __post_init__(self) -> None:
        self.casefolded_names = frozenset(a.casefold() for spec in self.actors.values() for a in (spec.name, *spec.aliases))
        self.adjective_aliases = frozenset(a.text for a in self.aliases.values() if a.prefix)

    def find(self, text: str) -> list[Mention]:
        """Every mention of a listed actor in ``text``, in order, one per span. Two
        mentions of the same actor separated only by spaces or a comma are one: the
        actor's name (or else the longer spelling) is kept."""
        mentions: list[Mention] = []
        previous_alias: Alias | None = None
        for match in self.pattern.finditer(text):
            alias = self.aliases.get(match.lastgroup or "")
            if alias is None:
                continue
            start, end = match.span()
            if (text.startswith("-", end) or (start > 0 and text[start - 1] == "-")) and not _is_standalone(text, start, end):
                continue
            if alias.kind == "person" and alias.words == 1 and not alias.prefix and _LONGER_NAME.match(text, end):
                continue
            surface = text[start:end]
            if surface == alias.text:
                surface = alias.text  # one string for every mention spelled as listed
            if mentions:
                previous = mentions[-1]
                if previous.actor == alias.actor and _REPEAT_GAP.fullmatch(text, previous.end, start):
                    if (alias.is_name, len(surface)) > (previous_alias.is_name, len(previous.surface)):  # type: ignore[union-attr]
                        mentions[-1] = Mention(actor=alias.actor, surface=surface, start=start, end=end, alias=alias.text)
                        previous_alias = alias
                    continue
            mentions.append(Mention(actor=alias.actor, surface=surface, start=start, end=end, alias=alias.text))
            previous_alias = alias
        return mentions


def _is_standalone(text: str, start: int, end: int) -> bool:
    """False when a hyphen glues the match to a capitalised word part (a compound name
    such as ``Kim-Il-Sung-Platz`` or ``Nordkorea-Studien``)."""
    if text.startswith("-", end) and _CAPITALISED_PART.match(text, end):
        return False
    if start > 0 and text[start - 1] == "-" and _CAPITALISED_BEFORE.search(text, max(0, start - 40), start):
        return False
    return True


# --------------------------------------------------------------------------- compiling


def _alias_units(alias: str) -> tuple[list[str], str | None]:
    """An alias as a list of regex pieces, one per character, so that aliases can share
    prefixes in a trie. Separators and inflectable word ends become their own pieces.
    Also returns the characters the first piece matches (``None`` if it is no single
    character: then a match can start with more than these)."""
    core = alias.strip("*")
    trailing_hyphen = core.endswith("-")  # `NATO-*`: the hyphen is part of the word
    core = core.strip(" -")
    words = re.split(r"[\s-]+", core)
    separators = re.findall(r"[\s-]+", core)
    units: list[str] = []
    first: str | None = None
    for index, word in enumerate(words):
        for position, char in enumerate(word):
            first_of_alias = index == 0 and position == 0
            if first_of_alias:
                first = char + char.upper() if char.islower() and not alias.startswith("*") else char
            if first_of_alias and char.islower() and not alias.startswith("*"):
                units.append(f"[{re.escape(char)}{re.escape(char.upper())}]")
            elif position == 0 and index > 0 and char.isalpha() and char.lower() != char.upper():
                units.append(f"[{re.escape(char.upper())}{re.escape(char.lower())}]")
            else:
                units.append(re.escape(char))
        if index < len(words) - 1:
            if word.endswith("e") and word[:1].isupper():
                units.append(ADJECTIVE_ENDING)
            units.append(_NAME_SEPARATOR if not separators[index].strip() or "-" in separators[index] else re.escape(separators[index]))
    if trailing_hyphen:
        units.append("-")
    return units, first


class _Trie:
    """A character trie of alias pieces that renders to one regex with shared prefixes."""

    def __init__(self) -> None:
        self.children: dict[str, _Trie] = {}
        self.ends: list[str] = []  # regex tails (suffix + marker group) of aliases ending here

    def add(self, units: list[str], tail: str) -> None:
        """Insert an alias (its pieces) ending with ``tail``."""
        node = self
        for unit in units:
            node = node.children.setdefault(unit, _Trie())
        node.ends.append(tail)

    def regex(self) -> str:
        """Children first (longer aliases win), then the aliases that end here."""
        options = [unit + child.regex() for unit, child in sorted(self.children.items(), key=lambda kv: (-len(kv[0]), kv[0]))]
        options += self.ends
        if len(options) == 1:
            return options[0]
        return "(?:" + "|".join(options) + ")"


def _first_character_guard(first_characters: set[str] | None, wildcard_starts: list[str]) -> str:
    """A lookahead for the characters every match starts with (``(?=[AKPr…])``), so that
    the scan leaves a word start whose letter starts no alias after one test instead of
    trying each branch of the trie; empty when a match may start with any letter (an
    alias with a leading ``*``) or the first characters are not known."""
    if not first_characters or wildcard_starts:
        return ""
    return "(?=[" + "".join(re.escape(char) for char in sorted(first_characters)) + "])"


def compile_actors(actors: list[ActorSpec]) -> ActorMatcher:
    """One combined regex for every name and alias of ``actors``."""
    trie = _Trie()
    wildcard_starts: list[str] = []
    aliases: dict[str, Alias] = {}
    seen: set[tuple[str, str]] = set()
    first_characters: set[str] | None = set()  # what the trie's matches can start with
    for actor in actors:
        for text, is_name in [(actor.name, True)] + [(a, False) for a in actor.aliases]:
            core = text.strip("*")
            if not core.strip() or (actor.id, text) in seen:
                continue
            seen.add((actor.id, text))
            group = f"a{len(aliases)}"
            alias = Alias(
                actor=actor.id,
                text=text,
                kind=actor.kind,
                is_name=is_name,
                prefix=text.endswith("*"),
                suffix=text.startswith("*"),
                words=len(re.split(r"[\s-]+", core)),
            )
            aliases[group] = alias
            tail = f"{WORD_CHARS}*(?P<{group}>)" if alias.prefix else f"(?P<{group}>){GENITIVE}"
            units, first = _alias_units(text)
            if alias.suffix:
                wildcard_starts.append(f"{WORD_CHARS}*?" + "".join(units) + tail)
            else:
                trie.add(units, tail)
                first_characters = first_characters | set(first) if first is not None and first_characters is not None else None
    body = "|".join(part for part in [trie.regex() if trie.children else "", *wildcard_starts] if part)
    if not body:
        body = r"(?!x)x"
    pattern = re.compile(rf"(?<![\w]){_first_character_guard(first_characters, wildcard_starts)}(?:{body})(?![\w])")
    return ActorMatcher(pattern=pattern, aliases=aliases, actors={a.id: a for a in actors})
