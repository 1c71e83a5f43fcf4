"""Discrepancies: where sources that report the same passage disagree, and where an actor is
spelled differently.

Three kinds, each citing every side:

- ``number``: in two aligned sentences of a shared passage, the same place holds different
  numbers (``12 Soldaten`` / ``15 Soldaten``; number words count: ``zwölf`` = ``12``). A number
  that only moved within the sentence, or that one side leaves out, is no discrepancy.
- ``name``: the same place holds different names: either spelling variants of a name
  (``Kim Yong-il`` / ``Kim Jong Il``; similar, not mere inflection or case), where one side is a
  listed actor or mention or the name has several words, or two different listed actors
  (``sagte Putin`` / ``sagte Lawrow``) neither of whom the other sentence names. When both
  sides are mentions of the same actor, the ``spelling`` entry of that actor covers it.
- ``spelling``: an actor whose mentions (``Paragraph.mentions``) use spellings that are similar
  but not the same, beyond inflection and case (``Kim Jong Un`` / ``Kim Jong-un``); one entry per
  actor, one citation per spelling. Different aliases (``Kremlchef`` / ``Putin``) are no variants.

Sentences are aligned word by word as :class:`difflib.SequenceMatcher` aligns them (the longest
common run of words first, then the same on either side of it; :func:`differing_spans`), and only
sentences the passage finder already matched are compared. Verbatim copies are compared once, so the work
grows with the number of *different* wordings of a passage, not with the number of copies.
"""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass
from hashlib import blake2b
from typing import Callable, Mapping
from itertools import chain, combinations, repeat
from operator import attrgetter

from rapidfuzz import fuzz

from ..config import ActorSpec
from ..model import Discrepancy, Mention, Paragraph, PassageRef, SharedPassage, Source
from .memo import AnalysisMemo, dumps, loads, recall, runs

NAME_SIMILARITY = 75  # rapidfuzz ratio (0-100) from which two names are spellings of one name
ACTOR_SIMILARITY = 80  # a name this close to a listed actor's name or alias is that actor's
SPELLING_SIMILARITY = 80  # two spellings of one actor this close are variants, not aliases
MAX_PAIRWISE_VARIANTS = 8  # up to this many wordings of a passage are compared pair by pair
MAX_CITATIONS_PER_VALUE = 5  # a value reported by many copies cites this many of them

_TOKEN = re.compile(r"\d+(?:[.,]\d+)+|\w+(?:[-‐‑'’]\w+)*")
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
_DIGIT_GROUPS = re.compile(r"[.,](?=\d{3}(?:\D|$))")  # the separators of 1.000 and 1,000
_INFLECTION_ENDINGS = frozenset(["", "s", "es", "e", "en", "n", "er", "r", "em", "m", "ern", "ns", "'s", "’s", "'", "’"])

NUMBER_WORDS = {
    "zwei": "2", "drei": "3", "vier": "4", "fünf": "5", "sechs": "6", "sieben": "7", "acht": "8",
    "neun": "9", "zehn": "10", "elf": "11", "zwölf": "12", "dreizehn": "13", "vierzehn": "14",
    "fünfzehn": "15", "sechzehn": "16", "siebzehn": "17", "achtzehn": "18", "neunzehn": "19",
    "zwanzig": "20", "dreißig": "30", "vierzig": "40", "fünfzig": "50", "sechzig": "60",
    "siebzig": "70", "achtzig": "80", "neunzig": "90", "hundert": "100", "tausend": "1000",
    "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
    "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "twenty": "20", "thirty": "30",
    "forty": "40", "fifty": "50", "hundred": "100", "thousand": "1000",
}  # fmt: skip


@dataclass(frozen=True)
class Token:
    """A word of a sentence (hyphenated compounds and numbers such as ``1.000`` or ``2,5`` are
    one word) with its character span."""

    text: str
    start: int
    end: int

    @property
    def key(self) -> str:
        return self.text.casefold()

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


def tokenize(sentence: str) -> list[Token]:
    """The words of a sentence in order, punctuation left out."""
    return [Token(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(sentence)]


def number_values(tokens: list[Token]) -> list[str]:
    """The numbers the tokens state: digit groups (``1.000`` = ``1000``) and number words."""
    values = []
    for token in tokens:
        for digits in _DIGITS.findall(token.text):
            values.append(_DIGIT_GROUPS.sub("", digits))
        if token.key in NUMBER_WORDS:
            values.append(NUMBER_WORDS[token.key])
    return values


def name_key(name: str) -> str:
    """A name compared without case and with single spaces."""
    return " ".join(name.casefold().split())


def is_inflection(a: str, b: str) -> bool:
    """True if two (case-folded) names differ only by German inflection endings
    (``putin``/``putins``, ``russische``/``russischen``) or not at all."""
    common = 0
    for x, y in zip(a, b):
        if x != y:
            break
        common += 1
    return a[common:] in _INFLECTION_ENDINGS and b[common:] in _INFLECTION_ENDINGS


def similar_names(a: str, b: str, threshold: float) -> bool:
    """Two names that are spellings of one name: close (rapidfuzz ratio), yet not equal up to
    case and inflection, and neither contained in the other (``Stoltenberg`` is a short form of
    ``Jens Stoltenberg``, ``Sicherheitsrat`` part of ``UN-Sicherheitsrat``, not misspellings)."""
    ka, kb = name_key(a), name_key(b)
    if is_inflection(ka, kb) or ka in kb or kb in ka:
        return False
    return fuzz.ratio(ka, kb) >= threshold


# --------------------------------------------------------------------------- sentence alignment


class _Side:
    """One wording of a passage with what the comparison needs to know about it, worked out
    once however many other wordings it is compared with: its words (as :func:`tokenize`
    finds them), their case-folded keys, the numbers each states and the actors' mentions
    inside it (offsets relative to the sentence)."""

    __slots__ = ("ref", "words", "keys", "numbers", "all_numbers", "mentions", "_spans", "_where")

    def __init__(self, ref: PassageRef, mentions: list[Mention]) -> None:
        self.ref = ref
        self.words: list[str] = _TOKEN.findall(ref.sentence)
        self.keys: list[str] = list(map(str.casefold, self.words))
        self.numbers = _token_numbers(ref.sentence, self.words, self.keys)  # token index -> values
        self.all_numbers = {value for values in self.numbers.values() for value in values}
        self.mentions = mentions
        self._spans: list[tuple[int, int]] | None = None
        self._where: dict[str, list[int]] | None = None

    @property
    def where(self) -> dict[str, list[int]]:
        """Each key's word indexes, ascending (the side as the second of an alignment)."""
        if self._where is None:
            self._where = {}
            for index, key in enumerate(self.keys):
                self._where.setdefault(key, []).append(index)
        return self._where

    @property
    def spans(self) -> list[tuple[int, int]]:
        """The character span of each word (worked out when a difference needs it)."""
        if self._spans is None:
            self._spans = [m.span() for m in _TOKEN.finditer(self.ref.sentence)]
        return self._spans

    def numbers_in(self, first: int, stop: int) -> list[str]:
        """The values stated by words ``first``..``stop - 1``, in order."""
        if not self.numbers:
            return []
        return [value for index in range(first, stop) for value in self.numbers.get(index, ())]


_ANY_DIGIT = re.compile(r"\d")


def _token_numbers(sentence: str, words: list[str], keys: list[str]) -> dict[int, list[str]]:
    """For each word that states numbers, its values (as :func:`number_values` reads them)."""
    found: dict[int, list[str]] = {}
    if _ANY_DIGIT.search(sentence) is None and NUMBER_WORDS.keys().isdisjoint(keys):
        return found
    for index, (word, key) in enumerate(zip(words, keys)):
        values = [_DIGIT_GROUPS.sub("", digits) for digits in _DIGITS.findall(word)]
        if key in NUMBER_WORDS:
            values.append(NUMBER_WORDS[key])
        if values:
            found[index] = values
    return found


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
    """True if anything but white space stands between word ``left`` and the next word."""
    spans = side.spans
    return bool(side.ref.sentence[spans[left][1] : spans[left + 1][0]].strip())


def _capitalised(side: _Side, index: int) -> bool:
    return side.words[index][:1].isupper()


def _extend_name(a: _Side, i1: int, i2: int, b: _Side, j1: int, j2: int) -> tuple[int, int, int, int]:
    """Widen a differing span by the equal capitalised word right before and right after it on
    both sides, when no punctuation separates it (a first name, a family name):
    ``Yong-il``/``Jong Il`` -> ``Kim Yong-il``/``Kim Jong Il``; ``Bundeskanzler Olaf`` stays out."""
    if i1 > 0 and j1 > 0 and a.keys[i1 - 1] == b.keys[j1 - 1] and _capitalised(a, i1 - 1):
        if not _separated(a, i1 - 1) and not _separated(b, j1 - 1):
            i1, j1 = i1 - 1, j1 - 1
    if i2 < len(a.words) and j2 < len(b.words) and a.keys[i2] == b.keys[j2] and _capitalised(a, i2):
        if not _separated(a, i2 - 1) and not _separated(b, j2 - 1):
            i2, j2 = i2 + 1, j2 + 1
    return i1, i2, j1, j2


def _span_text(side: _Side, first: int, stop: int) -> str:
    return side.ref.sentence[side.spans[first][0] : side.spans[stop - 1][1]]


def _all_capitalised(words: list[str]) -> bool:
    return all(word[:1].isupper() for word in words)


def _looks_like_name(side: _Side, first: int, stop: int) -> bool:
    """Every word capitalised, and not just the capital of the sentence's first word."""
    return stop > first and _all_capitalised(side.words[first:stop]) and not (first == 0 and stop == 1)


def _actor_like(name: str, actor_names: list[str]) -> bool:
    """True if the name is (close to) a listed actor's name or alias."""
    key = name_key(name)
    return any(fuzz.ratio(key, other) >= ACTOR_SIMILARITY for other in actor_names)


def _longest_match(a: list[str], where: dict[str, list[int]], alo: int, ahi: int, blo: int, bhi: int) -> tuple[int, int, int]:
    """The longest run of equal words in ``a[alo:ahi]`` and ``b[blo:bhi]`` (``where``: each
    word's indexes in ``b``), the earliest in ``a`` and then in ``b`` among the longest: the
    rule of :meth:`difflib.SequenceMatcher.find_longest_match` without junk."""
    besti, bestj, bestsize = alo, blo, 0
    run: dict[int, int] = {}  # j -> length of the run ending at a[i - 1], b[j]
    nothing: list[int] = []
    for i in range(alo, ahi):
        previous = run.get
        run = {}
        for j in where.get(a[i], nothing):
            if j < blo:
                continue
            if j >= bhi:
                break
            k = run[j] = previous(j - 1, 0) + 1
            if k > bestsize:
                besti, bestj, bestsize = i - k + 1, j - k + 1, k
    return besti, bestj, bestsize


def differing_spans(a: list[str], b: list[str], where: dict[str, list[int]]) -> list[tuple[int, int, int, int]]:
    """``(i1, i2, j1, j2)`` for each place where ``a[i1:i2]`` was replaced by ``b[j1:j2]``
    (both non-empty): the ``replace`` opcodes of ``difflib.SequenceMatcher(None, a, b,
    autojunk=False)``, found the same way (the longest common run, then the same on each
    side of it), with ``where`` (each word's indexes in ``b``) kept per sentence."""
    blocks = []
    queue = [(0, len(a), 0, len(b))]
    while queue:
        alo, ahi, blo, bhi = queue.pop()
        i, j, k = _longest_match(a, where, alo, ahi, blo, bhi)
        if k:
            blocks.append((i, j, k))
            if alo < i and blo < j:
                queue.append((alo, i, blo, j))
            if i + k < ahi and j + k < bhi:
                queue.append((i + k, ahi, j + k, bhi))
    blocks.sort()
    blocks.append((len(a), len(b), 0))
    spans = []
    i = j = 0
    for ai, bj, size in blocks:
        if i < ai and j < bj:
            spans.append((i, ai, j, bj))
        i, j = ai + size, bj + size
    return spans


def compare_sentences(a: _Side, b: _Side, actor_names: list[str]) -> list[tuple[str, str, str]]:
    """``(kind, value in a, value in b)`` for each place where two aligned sentences state a
    different number or name."""
    found: list[tuple[str, str, str]] = []
    if a.keys == b.keys:
        return found  # the same words: nothing is aligned with anything else
    for i1, i2, j1, j2 in differing_spans(a.keys, b.keys, b.where):
        only_a = [n for n in a.numbers_in(i1, i2) if n not in b.all_numbers]
        only_b = [n for n in b.numbers_in(j1, j2) if n not in a.all_numbers]
        if only_a and only_b:
            found.append(("number", _span_text(a, i1, i2), _span_text(b, j1, j2)))
            continue
        name = _name_difference(a, i1, i2, b, j1, j2, actor_names)
        if name:
            found.append(("name", *name))
    return found


def _name_difference(a: _Side, i1: int, i2: int, b: _Side, j1: int, j2: int, actor_names: list[str]) -> tuple[str, str] | None:
    """The two names if the differing span holds different names (see the module rules)."""
    if not (a.mentions and b.mentions) and not (_all_capitalised(a.words[i1:i2]) and _all_capitalised(b.words[j1:j2])):
        return None  # without mentions on both sides only names can differ, and a name is capitalised
    i1, i2, j1, j2 = _extend_name(a, i1, i2, b, j1, j2)
    actors_a = _actors_in(a, a.spans[i1][0], a.spans[i2 - 1][1]) if a.mentions else set()
    actors_b = _actors_in(b, b.spans[j1][0], b.spans[j2 - 1][1]) if b.mentions else set()
    if actors_a and actors_a == actors_b:
        return None  # one actor, two spellings: the actor's spelling entry reports it
    if actors_a and actors_b and not actors_a & actors_b:
        named_a = {m.actor for m in a.mentions}
        named_b = {m.actor for m in b.mentions}
        if not actors_a & named_b and not actors_b & named_a:
            return _span_text(a, i1, i2), _span_text(b, j1, j2)
    if not (_looks_like_name(a, i1, i2) and _looks_like_name(b, j1, j2)):
        return None
    name_a, name_b = _span_text(a, i1, i2), _span_text(b, j1, j2)
    if not similar_names(name_a, name_b, NAME_SIMILARITY):
        return None
    if actors_a or actors_b or i2 - i1 > 1 or j2 - j1 > 1 or _actor_like(name_a, actor_names) or _actor_like(name_b, actor_names):
        return name_a, name_b
    return None


# --------------------------------------------------------------------------- passages


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


def _compared(passage: SharedPassage, paragraphs: Mapping[tuple[str, str], Paragraph] | _Paragraphs) -> tuple[list[list[PassageRef]], list[list[Mention]]]:
    """The passage's wordings (:func:`_variants`) and, for the first ref of each (the
    sentence compared), the mentions of its paragraph inside that sentence."""
    variants = _variants(passage.refs)
    if len(variants) < 2:
        return variants, []
    return variants, [_sentence_mentions(paragraphs.get((group[0].source, group[0].paragraph)), group[0].sentence) for group in variants]


class _Paragraphs:
    """Paragraphs by (source id, paragraph id), looked up per source when first asked for:
    no table of every paragraph of the dossier."""

    def __init__(self, sources: list[Source]) -> None:
        self.sources = {source.id: source for source in sources}
        self.by_source: dict[str, dict[str, Paragraph]] = {}

    def get(self, key: tuple[str, str]) -> Paragraph | None:
        source_id, paragraph_id = key
        paragraphs = self.by_source.get(source_id)
        if paragraphs is None:
            source = self.sources.get(source_id)
            paragraphs = {} if source is None else {p.id: p for p in source.paragraphs}
            self.by_source[source_id] = paragraphs
        return paragraphs.get(paragraph_id)


def passage_discrepancies(passage: SharedPassage, paragraphs: Mapping[tuple[str, str], Paragraph] | _Paragraphs, actor_names: list[str]) -> list[Discrepancy]:
    """The number and name discrepancies between the wordings of one shared passage; the same
    difference found between several wordings becomes one discrepancy citing all of them."""
    variants, mentions = _compared(passage, paragraphs)
    if len(variants) < 2:
        return []
    sides = [_Side(group[0], found) for group, found in zip(variants, mentions)]
    sources = [{r.source for r in group} for group in variants]
    merged: dict[tuple[str, tuple[str, ...]], dict[int, str]] = {}
    for x, y in _variant_pairs(variants):
        if sources[x] == sources[y]:
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
        description = _description_prefix(passage, kind) + " / ".join(values) + f" ({copies} sentences)"
        found.append(Discrepancy(kind=kind, description=description, sides=cited, values=said))
    return found


# --------------------------------------------------------------------------- spellings


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


_MENTION_ORDER = attrgetter("start", "end")


def discrepancy_signature(source: Source) -> bytes:
    """A digest of everything a passage's comparison, the spelling discrepancies and the
    summaries (:func:`dossier_build.analyse.summarise`) read of the source but its
    paragraphs' off-topic flags: its id, title and date and each paragraph's id, text,
    sentences, mentions, actors and topics (so a pure function of the source as the
    per-source analysis left it). A passage's memo key holds the digests of the sources
    it cites instead of their paragraphs, so a build that keeps the digest per source
    works out no comparison inputs for the passages it finds in the memo."""
    state = repr(
        (
            source.id,
            source.title,
            source.date.iso() if source.date is not None else None,
            [(p.id, p.text, p.sentences, [(m.actor, m.surface, m.start, m.end) for m in p.mentions], p.actors, p.topics) for p in source.paragraphs],
        )
    )
    return blake2b(state.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def source_digests(sources: list[Source], given: Mapping[str, bytes] | None = None) -> list[bytes]:
    """:func:`discrepancy_signature` of each source, in order: taken from ``given`` (by
    source id, e.g. made in the reading workers) where it is there, else worked out."""
    given = given if given is not None else {}
    return [given.get(source.id) or discrepancy_signature(source) for source in sources]


def ids_unique(sources: list[Source]) -> bool:
    """True if no two sources share an id (else a result kept under the digests of
    sources given by id could be made from another source's)."""
    return len({source.id for source in sources}) == len(sources)


def _first_spellings(sources: list[Source]) -> dict[str, dict[str, tuple[str, PassageRef]]]:
    """For each actor, each spelling (by :func:`name_key`) with its first mention in
    ``sources`` (in the order given, then paragraph and mention order): the surface as
    written and where it stands."""
    first_seen: dict[str, dict[str, tuple[str, PassageRef]]] = {}  # actor -> key -> (surface, ref)
    keys: dict[str, str] = {}  # surface -> name_key(surface): the same few spellings recur
    for source in sources:
        for paragraph in source.paragraphs:
            if not paragraph.mentions:
                continue
            for mention in sorted(paragraph.mentions, key=_MENTION_ORDER):
                spellings = first_seen.get(mention.actor)
                if spellings is None:
                    spellings = first_seen[mention.actor] = {}
                key = keys.get(mention.surface)
                if key is None:
                    key = keys[mention.surface] = name_key(mention.surface)
                if key and key not in spellings:
                    spellings[key] = (mention.surface, PassageRef(source.id, paragraph.id, _sentence_of(paragraph, mention.start)))
    return first_seen


_SPELLING_TAG = "first-spellings"


def spelling_discrepancies(sources: list[Source], memo: AnalysisMemo | None = None, digests: list[bytes] | None = None) -> list[Discrepancy]:
    """One discrepancy per actor whose mentions use similar but different spellings.

    ``memo`` and ``digests`` (:func:`source_digests` of ``sources``): the first spellings
    are kept per run of sources (:func:`.memo.runs`, in id order) under the digests of the
    run's sources, which cover all it reads of them; the runs' first spellings merged in
    order are the first spellings of all (an earlier run's first mention comes first)."""
    ordered = sorted(sources, key=lambda s: s.id)
    if memo is None or digests is None:
        first_seen = _first_spellings(ordered)
    else:
        digest_of = dict(zip((source.id for source in sources), digests))
        ordered_digests = [digest_of[source.id] for source in ordered]
        parts = runs([source.id for source in ordered])
        keys = [memo.key(_SPELLING_TAG, b"".join(ordered_digests[i] for i in part)) for part in parts]
        found_parts = recall(memo, keys, lambda positions: [_first_spellings([ordered[i] for i in parts[p]]) for p in positions], dumps, loads)
        first_seen = {}
        for part in found_parts:
            for actor, spellings in part.items():
                merged = first_seen.setdefault(actor, {})
                for key, entry in spellings.items():
                    if key not in merged:
                        merged[key] = entry
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


def find_discrepancies(sources: list[Source], shared: list[SharedPassage], actors: list[ActorSpec], memo: AnalysisMemo | None = None, signatures: Mapping[str, bytes] | None = None, digests: list[bytes] | None = None) -> list[Discrepancy]:
    """Number and name discrepancies of the shared passages (in passage order), then the
    spelling discrepancies of the actors (by actor id). Deterministic.

    ``memo``: keeps each passage's discrepancies between builds, keyed by everything
    :func:`passage_discrepancies` reads (see :func:`_passage_inputs`); a passage whose
    inputs are unchanged is not compared again. ``signatures``:
    :func:`discrepancy_signature` of sources by id, e.g. kept from an earlier build (the
    others are worked out here); ``digests``: :func:`source_digests` of ``sources`` where
    the caller made them already. The result is the same with or without them."""
    paragraphs = _Paragraphs(sources)
    actor_names = sorted({name_key(name.strip("*")) for actor in actors for name in (actor.name, *actor.aliases) if name.strip("* ")})
    given = signatures if signatures is not None else {}

    if memo is None:
        per_passage = [sorted(passage_discrepancies(passage, paragraphs, actor_names), key=_discrepancy_order) for passage in shared]
    else:
        names = repr(actor_names)
        in_order = digests if digests is not None else source_digests(sources, given)
        digests = dict(zip((source.id for source in sources), in_order))  # the last source of an id, as _Paragraphs has it
        packed = _recalled_in_runs(memo, shared, names, digests, lambda i: _pack(shared[i], sorted(passage_discrepancies(shared[i], paragraphs, actor_names), key=_discrepancy_order)))
        per_passage = [_unpack(passage, entry) for passage, entry in zip(shared, packed)]
    found: list[Discrepancy] = [d for discrepancies in per_passage for d in discrepancies]
    found.extend(spelling_discrepancies(sources, memo, in_order) if memo is not None and ids_unique(sources) else spelling_discrepancies(sources))
    return found


def _discrepancy_order(discrepancy: Discrepancy) -> tuple:
    """A passage's discrepancies are listed by kind, then by the values they cite."""
    return (discrepancy.kind, discrepancy.values)


_MEMO_TAG = "passage-discrepancies"
_RUN_TAG = "passage-run-discrepancies"


def _recalled_in_runs(memo: AnalysisMemo, shared: list[SharedPassage], names: str, digests: Mapping[str, bytes], compare: Callable[[int], _Packed]) -> list[_Packed]:
    """The packed discrepancies of every passage (``compare(i)`` works out passage ``i``'s),
    kept on two levels: per run of passages (:func:`.memo.runs`, cut by each passage's
    first ref), keyed by the inputs of all its passages (:func:`_run_inputs`), so that an
    unchanged dossier costs one key per run; and, for the runs not kept, per passage
    (:func:`_passage_inputs`), so that a changed run compares only its changed passages.
    A run's entry names its passages' keys, which stay marked as used."""
    parts = runs([_run_name(passage) for passage in shared])
    run_keys = [memo.key(_RUN_TAG, names, _run_inputs([shared[i] for i in part], digests)) for part in parts]

    def work_out(positions: list[int]) -> list[tuple[list[str], list[_Packed]]]:
        """(keys, packed discrepancies) of the passages of the runs at ``positions``."""
        wanted = [i for position in positions for i in parts[position]]
        keys = [memo.key(_MEMO_TAG, names, _passage_inputs(shared[i], digests)) for i in wanted]
        packed = recall(memo, keys, lambda missing: [compare(wanted[k]) for k in missing], dumps, loads)
        found, start = [], 0
        for position in positions:
            stop = start + len(parts[position])
            found.append((keys[start:stop], packed[start:stop]))
            start = stop
        return found

    entries = recall(memo, run_keys, work_out, dumps, loads)
    for keys, _ in entries:
        memo.use(keys)
    return [entry for _, packed in entries for entry in packed]


def _run_name(passage: SharedPassage) -> str:
    """What decides whether a run of passages ends after this one: its first ref."""
    return "\0".join(_REF_FIELDS(passage.refs[0])) if passage.refs else ""


def _run_inputs(passages: list[SharedPassage], digests: Mapping[str, bytes]) -> bytes:
    """:func:`_passage_inputs` of several passages as one, unambiguously: how many
    passages and how many refs each has, then every ref's fields and its source's digest,
    in order."""
    refs = [ref for passage in passages for ref in passage.refs]
    return len(passages).to_bytes(4, "little") + array("I", [len(passage.refs) for passage in passages]).tobytes() + _refs_inputs(refs, digests)


def _passage_inputs(passage: SharedPassage, digests: Mapping[str, bytes]) -> bytes:
    """Everything :func:`passage_discrepancies` reads of a passage but its id, unambiguously:
    every ref (source, paragraph, sentence, in order) and the digest
    (:func:`discrepancy_signature`) of each ref's source, which covers the paragraphs it
    looks up (their text, sentences and mentions)."""
    return len(passage.refs).to_bytes(4, "little") + _refs_inputs(passage.refs, digests)


def _refs_inputs(refs: list, digests: Mapping[str, bytes]) -> bytes:
    """The fields of ``refs`` (their lengths, then the digests of their sources, then the
    fields themselves), as :func:`_passage_inputs` and :func:`_run_inputs` key them."""
    fields = list(chain.from_iterable(map(_REF_FIELDS, refs)))
    return b"".join(
        (
            array("I", map(len, fields)).tobytes(),
            b"".join(map(digests.get, map(_REF_SOURCE, refs), repeat(_NO_SOURCE))),
            "\0".join(fields).encode("utf-8", "surrogatepass"),
        )
    )


_REF_FIELDS = attrgetter("source", "paragraph", "sentence")
_REF_SOURCE = attrgetter("source")
_NO_SOURCE = bytes(16)  # the digest of a cited source that is not in the dossier


_Packed = list  # [(kind, description after the passage id, indexes of the sides in passage.refs, values)]


def _pack(passage: SharedPassage, found: list[Discrepancy]) -> _Packed:
    """A passage's discrepancies without its id, their sides as positions in its refs (they
    are refs of the passage), so they hold for the same inputs under any passage number."""
    position = {id(ref): index for index, ref in enumerate(passage.refs)}
    packed = []
    for discrepancy in found:
        head = _description_prefix(passage, discrepancy.kind)
        if not discrepancy.description.startswith(head):
            raise ValueError(f"a discrepancy of {passage.id} does not name it: {discrepancy.description!r}")
        packed.append((discrepancy.kind, discrepancy.description[len(head) :], [position[id(side)] for side in discrepancy.sides], list(discrepancy.values)))
    return packed


def _unpack(passage: SharedPassage, packed: _Packed) -> list[Discrepancy]:
    """The discrepancies :func:`_pack` packed, for this passage (its id and refs)."""
    refs = passage.refs
    return [Discrepancy(kind=kind, description=_description_prefix(passage, kind) + rest, sides=[refs[i] for i in sides], values=values) for kind, rest, sides, values in packed]


def _description_prefix(passage: SharedPassage, kind: str) -> str:
    """The start of a passage discrepancy's description, up to and with the passage id."""
    return f"{kind} differs in shared passage {passage.id}: "
