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

The work is split in two, so that a build can keep the first part per source:

- :func:`passage_signature` is a pure function of one source: its sentences' content words as
  their ids (:func:`word_id`) and a digest of each sentence's folded text. It is compact and
  picklable (a few kilobytes per source).
- :func:`find_shared_passages` reads the signatures (computing those it is not given) and
  does the dossier-wide matching on flat integer arrays, never re-reading the text. Given a
  memo, it keeps what matching found, and after an edit matches again only the wordings
  whose look-ups the edit may have changed (:func:`rematch`).
"""

from __future__ import annotations

import math
import zlib
import re
from array import array
from dataclasses import dataclass
from hashlib import blake2b
from bisect import bisect_left
from itertools import accumulate, chain, islice, repeat
from operator import lt
from typing import TYPE_CHECKING, Mapping, NamedTuple

from rapidfuzz.distance import Indel

from ..model import Paragraph, PassageRef, SharedPassage, Source
from .memo import AnalysisMemo, dumps, loads

if TYPE_CHECKING:  # numpy is imported where it is used: a build with nothing to match does without it
    import numpy

MIN_CONTENT_WORDS = 5  # a sentence with fewer content words is too generic to be a passage
MIN_SHARED_WORDS = 5
MIN_SHARE = 0.5
MIN_SIMILARITY = 0.7
ANY_ORDER_SHARE = 0.8
FINGERPRINTS = 4  # rare word pairs per wording that go into the index
MAX_POSTINGS = 100  # a word pair in more wordings than this is too common to look up
MAX_DUPLICATES = 20  # at most this many "source#pN" entries in Paragraph.duplicates
KEY_BYTES = 16  # digest of a sentence's folded text: verbatim copies have the same one

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
_CACHE_LIMIT = 1_000_000  # words remembered by stem() and content_of(), per process


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
    if len(_STEMS) < _CACHE_LIMIT:
        _STEMS[word] = result
    return result


_STEMS: dict[str, str] = {}
_CONTENT: dict[str, str] = {}  # case-folded word -> its stem, or "" for a word without content


def words(sentence: str) -> list[str]:
    """The case-folded words of a sentence, in order (punctuation dropped)."""
    return _WORD.findall(sentence.casefold())


def content_sequence(sentence: str) -> list[str]:
    """The stems of the words that carry content, in order: not function words, not single
    letters."""
    return content_of(words(sentence))


def _content_stem(word: str) -> str:
    """The stem of a case-folded word if it carries content, else ``""`` (remembered)."""
    result = stem(word) if word not in FUNCTION_WORDS and (len(word) > 1 or word.isdigit()) else ""
    if len(_CONTENT) < _CACHE_LIMIT:
        _CONTENT[word] = result
    return result


def content_of(folded: list[str]) -> list[str]:
    """The content stems among case-folded words (see :func:`content_sequence`)."""
    found = list(map(_CONTENT.get, folded))
    if None in found:
        found = [stem if stem is not None else _content_stem(word) for stem, word in zip(found, folded)]
    return list(filter(None, found))


def content_words(sentence: str) -> frozenset[str]:
    """The set of a sentence's content words (see :func:`content_sequence`)."""
    return frozenset(content_sequence(sentence))


# --------------------------------------------------------------------------- per source


class PassageSignature(NamedTuple):
    """What the passage finder needs of one source, computed from it alone.

    Only sentences with at least ``MIN_CONTENT_WORDS`` different content words take part.
    Sentence ``k`` of the signature is sentence ``sentences[k]`` of paragraph
    ``paragraphs[k]`` (positions in ``Source.paragraphs`` and ``Paragraph.sentences``); its
    content words are ``sequence[ends[k - 1]:ends[k]]`` (``0`` for ``k = 0``), as their ids
    (:func:`word_id`), and ``repeats[k]`` is 1 if one of them occurs twice;
    ``keys[16k:16k + 16]`` is the digest of its text case-folded with single spaces
    (verbatim copies share it). ``digest``: :func:`source_digest`, everything the
    dossier-wide step reads of the source (a memo of its result is keyed by the digests of
    all sources)."""

    paragraphs: array
    sentences: array
    keys: bytes
    ends: array
    sequence: array
    repeats: bytes
    digest: bytes


def _key(folded: str) -> bytes:
    """The digest that makes verbatim copies one wording: the case-folded sentence with
    single spaces (``KEY_BYTES`` bytes of BLAKE2b; a chance collision is astronomically rare)."""
    if not (folded.isprintable() and "  " not in folded and folded[:1] != " " and folded[-1:] != " "):
        folded = " ".join(folded.split())  # printable text has no white space but " "
    return blake2b(folded.encode("utf-8", "surrogatepass"), digest_size=KEY_BYTES).digest()


def passage_signature(source: Source) -> PassageSignature:
    """The source's sentences as the passage finder reads them (see :class:`PassageSignature`);
    a pure function of the source's sentences."""
    paragraphs, sentences = array("I"), array("I")
    ends, sequence = array("I"), array("I")
    keys, repeats = bytearray(), bytearray()
    ids: dict[str, int] = {}
    for paragraph_index, paragraph in enumerate(source.paragraphs):
        for sentence_index, sentence in enumerate(paragraph.sentences):
            folded = sentence.casefold()
            stems = content_of(_WORD.findall(folded))
            if len(stems) >= MIN_CONTENT_WORDS:
                distinct = len(set(stems))
                if distinct >= MIN_CONTENT_WORDS:
                    paragraphs.append(paragraph_index)
                    sentences.append(sentence_index)
                    repeats.append(distinct < len(stems))
                    keys += _key(folded)
                    for stem in stems:
                        number = ids.get(stem)
                        if number is None:
                            number = ids[stem] = word_id(stem)
                        sequence.append(number)
                    ends.append(len(sequence))
    return PassageSignature(paragraphs, sentences, bytes(keys), ends, sequence, bytes(repeats), source_digest(source))


def source_digest(source: Source) -> bytes:
    """A digest of all that :func:`find_shared_passages` reads of a source: its id, and
    each paragraph's id and sentences, in order (the signature is made of the sentences,
    the passages cite the paragraphs and their sentences)."""
    text = repr((source.id, [(paragraph.id, paragraph.sentences) for paragraph in source.paragraphs]))
    return blake2b(text.encode("utf-8", "surrogatepass"), digest_size=KEY_BYTES).digest()


# --------------------------------------------------------------------------- dossier-wide


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
    rematched: int = 0  # wordings matched again after an edit (0: all were matched, or none)


def word_id(word: str) -> int:
    """A content word's id: the CRC-32 of its text, the same whatever else the dossier holds.

    Word pairs, their slots in the pair counts and the order that breaks ties between
    equally rare pairs all follow from the ids, so ids given in order of first appearance
    made one edit renumber every later word and move passages nowhere near it (one line
    appended to one of 1,000 sources changed 17 passages elsewhere and rewrote 456 pages).
    Two words with the same CRC-32 count as one word: among the ~10⁵ words of a large
    dossier about one such pair is expected, and it matters only if both are in two
    sentences compared with each other."""
    return zlib.crc32(word.encode("utf-8", "surrogatepass"))


class _Sentences:
    """Every sentence taking part, as flat integer arrays (position = reading order: sources
    by id, then paragraphs and sentences in order), and every distinct wording's content
    words as their ids (:func:`word_id`). Wordings are numbered in order of their first
    copy; ``sorted_keys`` are their keys in byte order, ``wording_of_sorted`` the wording of
    each (see :meth:`wordings_of`)."""

    def __init__(self, source: array, paragraph: array, sentence: array, wording: array, words: array, ends: array, repeats: bytes, keys: bytes, sorted_keys: "numpy.ndarray", wording_of_sorted: "numpy.ndarray") -> None:
        self.source = source  # per position: index of the source in id order
        self.paragraph = paragraph  # per position: index in Source.paragraphs
        self.sentence = sentence  # per position: index in Paragraph.sentences
        self.wording = wording  # per position: its wording
        self.words = words  # content word ids of all wordings, concatenated
        self.ends = ends  # per wording: end of its words in ``words``
        self.repeats = repeats  # per wording: 1 if a content word occurs twice in it
        self.keys = keys  # per wording: its key (``KEY_BYTES`` bytes, see _key)
        self.sorted_keys = sorted_keys
        self.wording_of_sorted = wording_of_sorted

    def sequence(self, wording: int) -> array:
        """The content word ids of a wording, in order."""
        return self.words[self.ends[wording - 1] if wording else 0 : self.ends[wording]]

    def wordings_of(self, keys: bytes) -> "numpy.ndarray":
        """The wording of each key in ``keys`` (``KEY_BYTES`` bytes each), -1 if none has it."""
        import numpy as np

        wanted = np.frombuffer(keys, dtype=f"S{KEY_BYTES}")
        if not len(self.sorted_keys):
            return np.full(len(wanted), -1, dtype=np.int64)
        at = np.minimum(np.searchsorted(self.sorted_keys, wanted), len(self.sorted_keys) - 1)
        return np.where(self.sorted_keys[at] == wanted, self.wording_of_sorted[at], -1)


def _collect(ordered: list[Source], signatures: Mapping[str, PassageSignature] | None) -> _Sentences:
    """The sentences of all sources (in id order), from their signatures; a sentence whose
    key an earlier one has is a copy of that wording, the others are new wordings (all at
    once: keys sorted, each wording's words taken from its first copy)."""
    import numpy as np

    given = signatures if signatures is not None else {}
    kept = [given.get(source.id) for source in ordered]
    taken = [signature if signature is not None else passage_signature(source) for signature, source in zip(kept, ordered)]
    counts = np.array([len(signature.ends) for signature in taken], dtype=np.int64)
    lengths = np.array([len(signature.sequence) for signature in taken], dtype=np.int64)
    column = lambda name: b"".join(getattr(signature, name) for signature in taken)  # noqa: E731
    keys = np.frombuffer(column("keys"), dtype=f"S{KEY_BYTES}")
    sequence = np.frombuffer(b"".join(signature.sequence.tobytes() for signature in taken), dtype=np.uint32)
    ends = np.frombuffer(b"".join(signature.ends.tobytes() for signature in taken), dtype=np.uint32).astype(np.int64)
    ends += np.repeat(np.cumsum(lengths) - lengths, counts)  # from each source's own to the whole
    starts = np.concatenate(([0], ends[:-1])) if len(ends) else ends
    sorted_keys, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    in_order = np.argsort(first, kind="stable")  # wordings by their first copy
    wording_of_sorted = np.empty(len(sorted_keys), dtype=np.int64)
    wording_of_sorted[in_order] = np.arange(len(sorted_keys))
    first_copy = first[in_order]
    sizes = ends[first_copy] - starts[first_copy]
    wording_ends = np.cumsum(sizes)
    taken_from = np.repeat(starts[first_copy] - (wording_ends - sizes), sizes) + np.arange(int(wording_ends[-1]) if len(sizes) else 0)
    repeats = np.frombuffer(column("repeats"), dtype=np.uint8)[first_copy]
    as_array = lambda values: array("I", values.astype(np.uint32).tobytes())  # noqa: E731
    return _Sentences(
        source=as_array(np.repeat(np.arange(len(taken)), counts)),
        paragraph=as_array(np.frombuffer(b"".join(signature.paragraphs.tobytes() for signature in taken), dtype=np.uint32)),
        sentence=as_array(np.frombuffer(b"".join(signature.sentences.tobytes() for signature in taken), dtype=np.uint32)),
        wording=as_array(wording_of_sorted[inverse.reshape(-1)]),
        words=as_array(sequence[taken_from]),
        ends=as_array(wording_ends),
        repeats=repeats.tobytes(),
        keys=sorted_keys[in_order].tobytes(),
        sorted_keys=sorted_keys,
        wording_of_sorted=wording_of_sorted,
    )


def needed_shared(size: int) -> int:
    """Content words a sentence of ``size`` content words must share with a match."""
    return max(MIN_SHARED_WORDS, math.ceil(MIN_SHARE * size))


def is_match(a, b, stats: PassageStats) -> bool:
    """True if two sentences, given as their content word sequences, are the same passage
    (rules 1 and 2)."""
    return _is_match(a, set(a), b, len(set(b)), stats)


def _is_match(a, content_a: set[int], b, distinct_b: int, stats: PassageStats) -> bool:
    """:func:`is_match` with the content words of ``a`` as a set and the number of different
    content words of ``b`` worked out beforehand."""
    stats.candidates += 1
    shared = len(content_a.intersection(b))
    larger = max(len(content_a), distinct_b)
    if shared < needed_shared(larger):
        return False
    stats.comparisons += 1
    if shared >= ANY_ORDER_SHARE * larger:
        return True
    return Indel.normalized_similarity(list(a), list(b)) >= MIN_SIMILARITY


_HASH = 0x9E3779B97F4A7C15


class _Fingerprints(NamedTuple):
    """Every wording's fingerprints (see :func:`fingerprint_table`): wording ``w`` has the
    ``count[w]`` pairs ``table[w, :count[w]]``, rarest first (the rest of the row is 0)."""

    table: "numpy.ndarray"  # uint64, one row of FINGERPRINTS per wording
    count: "numpy.ndarray"  # uint8, per wording

    def of(self, wording: int) -> list[int]:
        return self.table[wording, : self.count[wording]].tolist()

    def in_use(self, wordings: "numpy.ndarray | slice" = slice(None)) -> "numpy.ndarray":
        """Which places of the rows of ``wordings`` (all by default) hold a fingerprint."""
        import numpy as np

        return np.arange(FINGERPRINTS)[None, :] < self.count[wordings][:, None]


class _WordPairs(NamedTuple):
    """The word pairs of some wordings (two consecutive content words of one wording, as one
    64-bit number, first id in the high half), as flat arrays over their concatenated words:
    pair ``i`` joins words ``i`` and ``i + 1``. ``owner[i]`` is the wording of word ``i``;
    ``counted[i]`` says whether the pair counts for it (not the pair that straddles two
    wordings, and a pair once per wording); ``bits``: the slot table's size (see
    :func:`fingerprint_table`), which follows from the number of pairs within wordings."""

    pairs: "numpy.ndarray"
    owner: "numpy.ndarray"
    counted: "numpy.ndarray"
    bits: int


def _word_pairs(words: "numpy.ndarray", ends: "numpy.ndarray", repeats: "numpy.ndarray") -> _WordPairs:
    """The :class:`_WordPairs` of wordings given as their concatenated word ids (uint64),
    the end of each one's words and whether a content word occurs twice in it."""
    import numpy as np

    wordings = len(ends)
    pairs = (words[:-1] << np.uint64(32)) | words[1:]
    bits = max(16, (4 * max(len(pairs) + 1 - wordings, 1) - 1).bit_length())  # n words, n - 1 pairs
    owner = np.repeat(np.arange(wordings, dtype=np.int64), np.diff(ends, prepend=0))[:-1]
    counted = np.ones(len(pairs), dtype=bool)
    counted[ends[:-1] - 1] = False
    twice = np.flatnonzero(counted & repeats[owner])  # pairs of wordings where one may come twice
    if len(twice):
        order = twice[np.lexsort((pairs[twice], owner[twice]))]
        again = (pairs[order[1:]] == pairs[order[:-1]]) & (owner[order[1:]] == owner[order[:-1]])
        counted[order[1:][again]] = False  # a pair counts once per wording
    return _WordPairs(pairs, owner, counted, bits)


def _table_pairs(words: bytes | array, ends: bytes | array, repeats: bytes) -> _WordPairs | None:
    """:func:`_word_pairs` of wordings stored as in :class:`_Sentences`; None if there are
    fewer than two words."""
    import numpy as np

    word_ids = np.frombuffer(words, dtype=np.uint32).astype(np.uint64)
    if len(word_ids) < 2:
        return None
    return _word_pairs(word_ids, np.frombuffer(ends, dtype=np.uint32).astype(np.int64), np.frombuffer(repeats, dtype=np.uint8).astype(bool))


def _slots(pairs: "numpy.ndarray", bits: int) -> "numpy.ndarray":
    """The slot of each pair in a table of ``2 ** bits`` slots: a fixed multiplicative hash."""
    import numpy as np

    slots = (pairs * np.uint64(_HASH)) >> np.uint64(64 - bits)  # the product wraps at 2 ** 64
    return slots.astype(np.uint32) if bits <= 32 else slots  # sorts faster


def fingerprint_table(table: _Sentences) -> _Fingerprints:
    """The ``FINGERPRINTS`` rarest word pairs of every wording that some other wording
    shares (rarest first, ties by the pair's number), worked out for all wordings at once.

    A pair is two consecutive content words of one wording (see :class:`_WordPairs`). How
    many wordings have a pair is counted per *slot* of a table of ``2 ** bits`` slots, four
    per pair (a fixed multiplicative hash of the pair picks it), each wording counting a
    pair once, and a count is taken as at most 255: two pairs can share a slot, so a count
    may be too high (a unique pair then looks shared and is indexed for nothing), never too
    low, so no shared pair is missed. Only the slots in use are counted (sorting them), so
    memory follows the number of pairs, not of slots."""
    import numpy as np

    wordings = len(table.ends)
    result = _Fingerprints(np.zeros((wordings, FINGERPRINTS), dtype=np.uint64), np.zeros(wordings, dtype=np.uint8))
    found = _table_pairs(table.words, table.ends, table.repeats)
    if found is None:
        return result
    counted = found.counted
    _, inverse, per_slot = np.unique(_slots(found.pairs[counted], found.bits), return_inverse=True, return_counts=True)
    counts = np.zeros(len(found.pairs), dtype=np.uint8)
    counts[counted] = np.minimum(per_slot, 255)[inverse]
    _fill_rows(result, found.owner, counts, found.pairs, np.flatnonzero(counts >= 2))  # only counted pairs have a count
    return result


def _fill_rows(result: _Fingerprints, owner: "numpy.ndarray", counts: "numpy.ndarray", pairs: "numpy.ndarray", shared: "numpy.ndarray") -> None:
    """Write into ``result`` the rows of the wordings that own the ``shared`` pairs (their
    places in ``pairs``; all shared pairs of those wordings): the ``FINGERPRINTS`` rarest
    of each, by count (``counts``), then by pair."""
    import numpy as np

    owners, shared_pairs = owner[shared], pairs[shared]
    order = _rarest_first(owners, counts[shared], shared_pairs)
    owners, shared_pairs = owners[order], shared_pairs[order]
    rank = np.arange(len(owners)) - np.searchsorted(owners, owners)
    kept = rank < FINGERPRINTS
    result.table[owners[kept], rank[kept]] = shared_pairs[kept]
    np.add.at(result.count, owners[kept], 1)


def _distinct(values: "numpy.ndarray") -> "numpy.ndarray":
    """The distinct values, ascending: ``numpy.unique`` without its other results, but by
    sorting (numpy 2.4's ``unique`` hashes, which took 3 s where sorting takes 0.02 s for
    two million 64-bit integers)."""
    import numpy as np

    ordered = np.sort(values)
    return ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))] if len(ordered) else ordered


def _slot_places(slots: "numpy.ndarray", wanted: "numpy.ndarray") -> tuple["numpy.ndarray", "numpy.ndarray"]:
    """Where in ``slots`` one of the ``wanted`` slots (sorted, distinct) stands, and which
    one it is (its place in ``wanted``). Only the slots whose low 16 bits some wanted slot
    has are looked up (a binary search over all slots costs a branch miss each)."""
    import numpy as np

    if not len(wanted):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    low = np.zeros(1 << 16, dtype=bool)
    low[wanted & 0xFFFF] = True
    maybe = np.flatnonzero(low[slots & 0xFFFF])
    at = np.minimum(np.searchsorted(wanted, slots[maybe]), len(wanted) - 1)
    hit = wanted[at] == slots[maybe]
    return maybe[hit], at[hit]


def _slot_counts(slots: "numpy.ndarray", wanted: "numpy.ndarray") -> "numpy.ndarray":
    """How often each of the ``wanted`` slots (sorted, distinct) occurs among ``slots``."""
    import numpy as np

    return np.bincount(_slot_places(slots, wanted)[1], minlength=len(wanted))


def updated_fingerprints(table: _Sentences, old_of_new: "numpy.ndarray", old: _Fingerprints, gone: _WordPairs | None, old_bits: int) -> _Fingerprints | None:
    """What :func:`fingerprint_table` gives for ``table``, worked out from an earlier
    table's fingerprints (``old``) by working out only some wordings' rows again; None when
    the slot table's size changed (the caller then works out all of them).

    ``old_of_new``: each wording's number in the earlier table, -1 for a wording that is new;
    ``gone``: the word pairs of the earlier wordings that are not in ``table``.

    Why that is exact: a wording's row follows from its own pairs and the (capped) counts
    of their slots. A wording's pairs follow from its key (its folded text), so a wording
    both tables have has the same pairs. A slot's count only changes by the pairs of new
    and of gone wordings: the slots of those pairs are counted again in the whole table
    (the old count is the new one less the new wordings' pairs plus the gone ones'). So a
    wording's row can only differ if it is new or has a pair in a slot whose capped count
    changed; the rows of those are worked out again from the counts of their slots, the
    others are the earlier rows."""
    import numpy as np

    wordings = len(table.ends)
    found = _table_pairs(table.words, table.ends, table.repeats)
    if found is None:
        return None
    if found.bits != old_bits:
        return None
    counted = np.flatnonzero(found.counted)
    counted_slots, counted_owner = _slots(found.pairs[counted], found.bits), found.owner[counted]
    new = old_of_new < 0
    added_slots = counted_slots[new[counted_owner]]
    gone_slots = _slots(gone.pairs[gone.counted], found.bits).astype(counted_slots.dtype) if gone is not None else counted_slots[:0]
    touched = _distinct(np.concatenate([added_slots, gone_slots]))
    redo = new.copy()  # the wordings whose rows are worked out again
    if len(touched):
        where, which = _slot_places(counted_slots, touched)
        now = np.bincount(which, minlength=len(touched))
        before = now - _slot_counts(added_slots, touched) + _slot_counts(gone_slots, touched)
        changed = np.minimum(now, 255) != np.minimum(before, 255)
        redo[counted_owner[where[changed[which]]]] = True
    result = _Fingerprints(np.zeros((wordings, FINGERPRINTS), dtype=np.uint64), np.zeros(wordings, dtype=np.uint8))
    keep = np.flatnonzero(~redo)
    result.table[keep] = old.table[old_of_new[keep]]
    result.count[keep] = old.count[old_of_new[keep]]
    mine = np.flatnonzero(redo[counted_owner])  # the counted pairs of the wordings to redo
    needed = _distinct(counted_slots[mine])
    counts = np.zeros(len(found.pairs), dtype=np.uint8)
    counts[counted[mine]] = np.minimum(_slot_counts(counted_slots, needed), 255)[np.searchsorted(needed, counted_slots[mine])]
    shared = counted[mine]
    _fill_rows(result, found.owner, counts, found.pairs, shared[counts[shared] >= 2])
    return result


def _rarest_first(owners: "numpy.ndarray", scores: "numpy.ndarray", pairs: "numpy.ndarray") -> "numpy.ndarray":
    """The order of the shared pairs by wording, then count, then pair (no two are equal:
    a wording counts each pair once). One sort of one 64-bit key made of the three (the
    pair as its rank among the pairs) when they fit in it, else three sorts."""
    import numpy as np

    owner_bits, rank_bits = max(int(owners[-1]) if len(owners) else 0, 1).bit_length(), max(len(pairs), 1).bit_length()
    if owner_bits + 8 + rank_bits > 64:
        return np.lexsort((pairs, scores, owners))
    by_pair = np.argsort(pairs)
    sorted_pairs = pairs[by_pair]
    rank = np.empty(len(pairs), dtype=np.uint64)
    rank[by_pair] = np.cumsum(np.concatenate(([0], sorted_pairs[1:] != sorted_pairs[:-1])), dtype=np.uint64)
    key = (owners.astype(np.uint64) << np.uint64(8 + rank_bits)) | (scores.astype(np.uint64) << np.uint64(rank_bits)) | rank
    return np.argsort(key)


class _UnionFind:
    """Disjoint sets over 0..n-1; the smallest index is always the root (deterministic), so
    every item's parent is at most the item itself."""

    def __init__(self, size: int) -> None:
        self.parent = array("I", range(size))

    def find(self, item: int) -> int:
        parent = self.parent
        root = item
        while parent[root] != root:
            root = parent[root]
        while parent[item] != root:
            parent[item], item = root, parent[item]
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def roots(self) -> array:
        """Every item's root, in one pass (a parent comes before its children)."""
        parent = self.parent
        for item in range(len(parent)):
            parent[item] = parent[parent[item]]
        return parent


def _candidates(usable: list[list[int]], keys: int, single_key: set[int]) -> list[int] | set[int]:
    """The wordings found in the index on two of the looked-up postings, or on one when
    either side has a single fingerprint."""
    if keys == 1:
        return usable[0]
    if len(usable) == 1:
        return single_key.intersection(usable[0]) if single_key else ()
    seen = set(usable[0])
    twice = seen.intersection(usable[1])
    seen.update(usable[1])
    for posting in usable[2:]:
        twice.update(seen.intersection(posting))
        seen.update(posting)
    if single_key:
        twice.update(seen & single_key)
    return twice


class _Matches(NamedTuple):
    """What matching found: every wording's fingerprints, and *every* matching pair of a
    wording and a candidate before it (``earlier[i] < later[i]``), also the pairs that were
    already joined through others: a later build that matches some wordings again keeps the
    pairs of the others, and their groups must not depend on pairs it dropped."""

    fingerprints: _Fingerprints
    earlier: array
    later: array


def match_wordings(table: _Sentences, stats: PassageStats) -> tuple[_Matches, _UnionFind]:
    """Find the matching wordings (see the module rules) through the fingerprint index;
    verbatim copies are already one wording. Each wording looks up its fingerprints among
    the wordings before it, then is added to the index. Returns what was found and the
    groups of matching wordings.

    ``stats`` counts the comparisons needed to join the groups: a candidate already in the
    wording's group is compared too (so the pair is known to a later build) but not counted."""
    wordings = len(table.ends)
    fingerprints = fingerprint_table(table)
    flat, count = fingerprints.table.tolist(), fingerprints.count.tolist()
    groups = _UnionFind(wordings)
    find, union, sequence_of, repeats = groups.find, groups.union, table.sequence, table.repeats
    earlier, later = array("I"), array("I")
    postings: dict[int, list[int]] = {}
    look_up = postings.get
    single_key: set[int] = set()  # wordings indexed under one fingerprint only
    indexed = scanned = skipped = 0
    unseen = PassageStats()  # work not counted: comparisons within a group
    for wording in range(wordings):
        keys = flat[wording][: count[wording]]
        if not keys:
            continue
        found = list(map(look_up, keys))
        usable = [posting for posting in found if posting is not None and len(posting) <= MAX_POSTINGS]
        if usable:
            scanned += sum(map(len, usable))
            candidates = _candidates(usable, len(keys), single_key)
            if candidates:
                sequence = sequence_of(wording)
                content = set(sequence)
                root = find(wording)  # kept up to date: a union makes the smaller root the root of both
                for other in sorted(candidates):
                    other_root = find(other)
                    other_sequence = sequence_of(other)
                    distinct = len(set(other_sequence)) if repeats[other] else len(other_sequence)
                    if _is_match(sequence, content, other_sequence, distinct, stats if other_root != root else unseen):
                        earlier.append(other)
                        later.append(wording)
                        if other_root != root:
                            stats.matches += 1
                            union(wording, other)
                            root = min(root, other_root)
        skipped += len(found) - found.count(None) - len(usable)
        indexed += 1
        if len(keys) == 1:
            single_key.add(wording)
        for key, posting in zip(keys, found):
            if posting is None:
                postings[key] = [wording]
            elif len(posting) <= MAX_POSTINGS:
                posting.append(wording)
    stats.wordings = wordings
    stats.indexed += indexed
    stats.postings_scanned += scanned
    stats.common_pairs_skipped += skipped
    return _Matches(fingerprints, earlier, later), groups


def find_shared_passages(
    sources: list[Source],
    signatures: Mapping[str, PassageSignature] | None = None,
    *,
    stats: PassageStats | None = None,
    memo: AnalysisMemo | None = None,
) -> list[SharedPassage]:
    """Passages (sentences) that several sources report, with ids ``sp1…`` in the order of
    their first citation; fills every ``Paragraph.duplicates`` with the other sources'
    paragraphs (``source-id#pN``, sorted, at most ``MAX_DUPLICATES``) that share a passage with
    it. Deterministic: the same sources in any order give the same result.

    ``signatures``: :func:`passage_signature` of sources by id, e.g. kept from an earlier
    build; the signatures of the other sources are computed here. ``memo``: keeps two things
    between builds:

    - the result, under the digests (:func:`source_digest`) of all sources in id order:
      when no source's sentences or paragraph ids changed (an edit of a date, a title, a
      publisher), the result is the kept one and ``stats`` counts no work;
    - what the last matching found (:func:`rematch`): when sentences changed, only the
      wordings whose index look-ups may have changed are matched again."""
    stats = stats if stats is not None else PassageStats()
    for source in sources:
        for paragraph in source.paragraphs:
            if paragraph.duplicates:
                paragraph.duplicates = []
    ordered = sorted(sources, key=lambda s: s.id)
    if memo is None:
        return _find(ordered, signatures, stats, None)[0]
    given = signatures if signatures is not None else {}
    digests = []
    for source in ordered:
        signature = given.get(source.id)
        digests.append(signature.digest if signature is not None else source_digest(source))
    key, state_key = memo.key(_MEMO_TAG, b"".join(digests)), memo.key(_STATE_TAG)
    memo.use([key, state_key])
    kept = memo.get_many([key]).get(key)
    if kept is not None:
        return _unpack(ordered, kept)
    passages, places, (table, matches) = _find(ordered, signatures, stats, memo.get_many([state_key]).get(state_key))
    memo.put_many({key: _pack(ordered, places), state_key: _dump_matches(table, matches)})
    return passages


_MEMO_TAG = "shared-passages"
_STATE_TAG = "shared-passages-matching"


def _find(ordered: list[Source], signatures: Mapping[str, PassageSignature] | None, stats: PassageStats, kept: bytes | None) -> tuple[list[SharedPassage], _Places, tuple[_Sentences, _Matches]]:
    """The shared passages of the sources (in id order), where their refs stand, and the
    sentences with what matching found in them (``kept``: what an earlier build's matching
    found, see :func:`rematch`)."""
    table = _collect(ordered, signatures)
    stats.sentences = len(table.wording)
    found = rematch(table, kept, stats) if kept is not None else None
    if found is None:
        matches, groups = match_wordings(table, stats)
    else:
        matches, groups = found, _UnionFind(len(table.ends))
        for earlier, later in zip(matches.earlier, matches.later):
            groups.union(earlier, later)
    passages, places = _passages(ordered, table, groups.roots())
    return passages, places, (table, matches)


def _dump_matches(table: _Sentences, matches: _Matches) -> bytes:
    """What :func:`rematch` needs of this build's matching: the wordings (their keys and
    content words, in order), their fingerprints and the matching pairs."""
    fingerprints = matches.fingerprints
    return dumps((len(table.ends), bytes(table.keys), fingerprints.table.tobytes(), fingerprints.count.tobytes(), matches.earlier.tobytes(), matches.later.tobytes(), table.words.tobytes(), table.ends.tobytes(), bytes(table.repeats)))


class _Kept(NamedTuple):
    """What :func:`_dump_matches` kept, read back: the earlier wordings' keys, content
    words (``words``, ``ends``, ``repeats`` as in :class:`_Sentences`), fingerprints and
    matching pairs."""

    keys: bytes
    words: "numpy.ndarray"
    ends: "numpy.ndarray"
    repeats: "numpy.ndarray"
    fingerprints: _Fingerprints
    earlier: "numpy.ndarray"
    later: "numpy.ndarray"


def _load_matches(kept: bytes) -> _Kept | None:
    """What :func:`_dump_matches` kept, or None if it does not fit together."""
    import numpy as np

    try:
        wordings, keys, table, count, earlier, later, words, ends, repeats = loads(kept)
        fingerprints = _Fingerprints(np.frombuffer(table, dtype=np.uint64).reshape(wordings, FINGERPRINTS), np.frombuffer(count, dtype=np.uint8))
        pairs = np.frombuffer(earlier, dtype=np.uint32).astype(np.int64), np.frombuffer(later, dtype=np.uint32).astype(np.int64)
        word_ids, word_ends, repeated = np.frombuffer(words, dtype=np.uint32), np.frombuffer(ends, dtype=np.uint32).astype(np.int64), np.frombuffer(repeats, dtype=np.uint8)
    except Exception:  # not what _dump_matches kept (a damaged cache): as if nothing were kept
        return None
    if len(keys) != KEY_BYTES * wordings or len(fingerprints.count) != wordings or len(pairs[0]) != len(pairs[1]):
        return None
    if len(pairs[0]) and (pairs[1].max() >= wordings or np.any(pairs[0] >= pairs[1])):
        return None
    if len(word_ends) != wordings or len(repeated) != wordings or (wordings and (word_ends[-1] != len(word_ids) or np.any(np.diff(word_ends, prepend=0) < 0))):
        return None
    return _Kept(keys, word_ids, word_ends, repeated, fingerprints, *pairs)


def _pairs_of_wordings(kept: _Kept, wordings: "numpy.ndarray") -> _WordPairs | None:
    """The word pairs of some of the kept wordings (ascending numbers); None if they have
    fewer than two words."""
    import numpy as np

    starts = np.concatenate(([0], kept.ends[:-1]))[wordings]
    sizes = kept.ends[wordings] - starts
    ends = np.cumsum(sizes)
    words = kept.words[np.repeat(starts - (ends - sizes), sizes) + np.arange(int(ends[-1]) if len(ends) else 0)].astype(np.uint64)
    if len(words) < 2:
        return None
    return _word_pairs(words, ends, kept.repeats[wordings].astype(bool))


def _kept_bits(kept: _Kept) -> int:
    """The slot table's size of the kept wordings (see :func:`_word_pairs`)."""
    return max(16, (4 * max(len(kept.words) - len(kept.ends), 1) - 1).bit_length())


def rematch(table: _Sentences, kept: bytes, stats: PassageStats) -> _Matches | None:
    """What :func:`match_wordings` gives for ``table``, worked out from what it gave for an
    earlier build (``kept``, see :func:`_dump_matches`) by matching only some wordings
    again; None when what was kept does not fit together.

    Why that is exact: a wording's candidates follow from its fingerprints and, for each of
    them, from the wordings before it that have it as a fingerprint (all of them, or none if
    they are more than ``MAX_POSTINGS``) and which of those have a single fingerprint. So
    the candidates of a wording can only change when its own fingerprints changed, or when
    one of its fingerprints is (or was) a fingerprint of a wording that is new, gone, or
    whose fingerprints changed, or that moved (its first copy now comes before or after
    another wording's first copy: the wordings outside a longest run that kept their
    order count as moved). Those wordings are matched again; the others keep their
    matching pairs, and no pair of theirs involves a wording that is gone (it would share
    a fingerprint with them). Groups are made from the pairs alone (the smallest wording of
    a group is its root), so they are those a full matching gives. The fingerprints
    themselves are worked out again only where the edit changed them
    (:func:`updated_fingerprints`)."""
    import numpy as np

    loaded = _load_matches(kept)
    if loaded is None:
        return None
    old, old_earlier, old_later = loaded.fingerprints, loaded.earlier, loaded.later
    new_of_old = table.wordings_of(loaded.keys)
    common_old = np.flatnonzero(new_of_old >= 0)
    common_new = new_of_old[common_old]
    if np.any(common_new[1:] <= common_new[:-1]):  # some wordings moved: they count as changed
        in_order = np.frombuffer(_in_order(common_new.tolist()), dtype=np.uint8).astype(bool)
    else:
        in_order = np.ones(len(common_old), dtype=bool)
    wordings = len(table.ends)
    old_of_new = np.full(wordings, -1, dtype=np.int64)
    old_of_new[common_new] = common_old
    new = updated_fingerprints(table, old_of_new, old, _pairs_of_wordings(loaded, np.flatnonzero(new_of_old < 0)), _kept_bits(loaded))
    if new is None:
        new = fingerprint_table(table)
    changed = ~in_order
    changed[in_order] = np.any(old.table[common_old[in_order]] != new.table[common_new[in_order]], axis=1) | (old.count[common_old[in_order]] != new.count[common_new[in_order]])
    again = np.ones(wordings, dtype=bool)  # the wordings to match again
    again[common_new[~changed]] = False
    gone = np.concatenate([np.flatnonzero(new_of_old < 0), common_old[changed]])
    touched = _distinct(np.concatenate([_used(old, gone), _used(new, np.flatnonzero(again))]))
    again |= (np.isin(new.table, touched) & new.in_use()).any(axis=1)
    # the matching pairs of the others stay
    later_now = new_of_old[old_later]
    stays = later_now >= 0
    stays[stays] = ~again[later_now[stays]]
    earlier_now = new_of_old[old_earlier[stays]]
    if np.any(earlier_now < 0) or np.any(earlier_now >= later_now[stays]):  # cannot be (see above) unless what was kept is not what matching found
        return None
    earlier, later = array("I", earlier_now.tolist()), array("I", later_now[stays].tolist())
    _match_again(table, new, np.flatnonzero(again), earlier, later, stats)
    stats.rematched = int(np.count_nonzero(again))
    stats.wordings = wordings
    return _Matches(new, earlier, later)


def _in_order(positions: list[int]) -> bytearray:
    """Marks (1) the items of a longest rising run of ``positions`` (not necessarily
    adjacent; the first such run found by patience sorting, so always the same one): the
    wordings that kept their order; the others moved."""
    tail_values: list[int] = []  # the smallest last value of a rising run of each length
    tail_items: list[int] = []
    before = [-1] * len(positions)
    for item, value in enumerate(positions):
        length = bisect_left(tail_values, value)
        if length == len(tail_values):
            tail_values.append(value)
            tail_items.append(item)
        else:
            tail_values[length] = value
            tail_items[length] = item
        before[item] = tail_items[length - 1] if length else -1
    kept = bytearray(len(positions))
    item = tail_items[-1] if tail_items else -1
    while item >= 0:
        kept[item] = 1
        item = before[item]
    return kept


def _used(fingerprints: _Fingerprints, wordings: "numpy.ndarray") -> "numpy.ndarray":
    """The fingerprints of some wordings, as one array."""
    return fingerprints.table[wordings][fingerprints.in_use(wordings)]


def _match_again(table: _Sentences, fingerprints: _Fingerprints, wordings: "numpy.ndarray", earlier: array, later: array, stats: PassageStats) -> None:
    """Match ``wordings`` (ascending) with their candidates as :func:`match_wordings` does,
    appending the matching pairs to ``earlier`` and ``later``: the postings a wording looks
    up are the wordings before it with that fingerprint, built for the fingerprints of
    ``wordings`` only."""
    import numpy as np

    wanted = _distinct(_used(fingerprints, wordings))
    rows, columns = np.nonzero(np.isin(fingerprints.table, wanted) & fingerprints.in_use())
    postings: dict[int, list[int]] = {}
    for wording, key in zip(rows.tolist(), fingerprints.table[rows, columns].tolist()):  # rows ascend
        postings.setdefault(key, []).append(wording)
    single = (fingerprints.count == 1).tobytes()
    sequence_of, repeats = table.sequence, table.repeats
    scanned = skipped = indexed = 0
    for wording in wordings.tolist():
        keys = fingerprints.of(wording)
        if not keys:
            continue
        indexed += 1
        found = []
        for key in keys:
            posting = postings[key]
            found.append(posting[: bisect_left(posting, wording)])
        usable = [posting for posting in found if 0 < len(posting) <= MAX_POSTINGS]
        skipped += sum(1 for posting in found if posting) - len(usable)
        if not usable:
            continue
        scanned += sum(map(len, usable))
        single_key = {other for posting in usable for other in posting if single[other]}
        candidates = _candidates(usable, len(keys), single_key)
        if not candidates:
            continue
        sequence = sequence_of(wording)
        content = set(sequence)
        for other in sorted(candidates):
            other_sequence = sequence_of(other)
            distinct = len(set(other_sequence)) if repeats[other] else len(other_sequence)
            if _is_match(sequence, content, other_sequence, distinct, stats):
                stats.matches += 1
                earlier.append(other)
                later.append(wording)
    stats.indexed += indexed
    stats.postings_scanned += scanned
    stats.common_pairs_skipped += skipped


class _Places(NamedTuple):
    """Where the refs of the passages stand and what the paragraphs' duplicates are, by
    position: passage ``k`` has the refs ``ends[k - 1]`` to ``ends[k]``; ref ``r`` is
    sentence ``sentence[r]`` of paragraph ``paragraph[r]`` of the ``source[r]``-th source in
    id order. Paragraph ``paragraph_index[d]`` of source ``paragraph_source[d]`` lists the
    paragraphs ``labels[o]`` for ``o`` in ``duplicates[duplicates_ends[d - 1]:duplicates_ends[d]]``."""

    ends: array
    source: array
    paragraph: array
    sentence: array
    paragraph_source: array
    paragraph_index: array
    duplicates_ends: array
    duplicates: array
    labels: dict[int, str]


def _pack(ordered: list[Source], places: _Places) -> bytes:
    """The result as kept in a memo (see :class:`_Places`)."""
    return dumps(tuple(places))


def _unpack(ordered: list[Source], kept: bytes) -> list[SharedPassage]:
    """The passages :func:`_pack` kept, made of these sources' sentences; fills the
    paragraphs' duplicates (the caller has emptied all of them)."""
    ends, source_of, paragraph_of, sentence_of, duplicate_source, duplicate_index, duplicates_ends, duplicates, labels = loads(kept)
    paragraphs_of: dict[int, list[Paragraph]] = {}  # rank -> the source's paragraphs (a property that builds a list)
    for rank in set(source_of).union(duplicate_source):
        paragraphs_of[rank] = ordered[rank].paragraphs
    passages = []
    start = 0
    for number, end in enumerate(ends, start=1):
        refs = []
        for r in range(start, end):
            rank = source_of[r]
            paragraph = paragraphs_of[rank][paragraph_of[r]]
            refs.append(PassageRef(ordered[rank].id, paragraph.id, paragraph.sentences[sentence_of[r]]))
        passages.append(SharedPassage(id=f"sp{number}", refs=refs))
        start = end
    listed = list(map(labels.__getitem__, duplicates))  # one string per cited paragraph, shared by all lists
    start = 0
    for rank, index, end in zip(duplicate_source, duplicate_index, duplicates_ends):
        paragraphs_of[rank][index].duplicates = listed[start:end]
        start = end
    return passages


def _groups_of_positions(table: _Sentences, roots: array) -> list[list[int]]:
    """The positions of each group of matching sentences that has more than one (the
    group of a position is the root of its wording), ascending, groups in the order of
    their first position."""
    import numpy as np

    group_of = np.frombuffer(roots, dtype=np.uint32)[np.frombuffer(table.wording, dtype=np.uint32)]
    sizes = np.bincount(group_of, minlength=len(roots)) if len(group_of) else np.zeros(0, dtype=np.int64)
    positions = np.flatnonzero(sizes[group_of] > 1)
    order = np.argsort(group_of[positions], kind="stable")  # by group, positions ascending within
    positions, groups = positions[order], group_of[positions[order]]
    starts = np.flatnonzero(np.concatenate(([True], groups[1:] != groups[:-1]))) if len(groups) else np.zeros(0, dtype=np.int64)
    ends = np.append(starts[1:], len(positions))
    as_list, firsts = positions.tolist(), positions[starts].tolist()
    return [as_list[start:end] for _, start, end in sorted(zip(firsts, starts.tolist(), ends.tolist()))]


def _passages(ordered: list[Source], table: _Sentences, roots: array) -> tuple[list[SharedPassage], _Places]:
    """The groups of sentences that span several sources, as passages in the order of their
    first citation (source id, paragraph number, sentence), and each paragraph's duplicates;
    with where the passages' refs stand."""
    members = _groups_of_positions(table, roots)
    source_of, paragraph_of, sentence_of = table.source, table.paragraph, table.sentence
    cited = _CitedParagraphs(ordered)
    if cited.in_reading_order:
        clusters = [group for group in members if source_of[group[0]] != source_of[group[-1]]]
    else:
        clusters = _clusters_in_citation_order(cited, table, members)
    del members
    cited_positions = array("I", chain.from_iterable(clusters))
    ref_ends = array("I", accumulate(map(len, clusters)))
    ref_places = [array("I", map(column.__getitem__, cited_positions)) for column in (source_of, paragraph_of, sentence_of)]
    del cited_positions
    passages = _passages_at(ordered, cited.paragraphs, ref_ends, *ref_places)
    if cited.in_reading_order:
        listing = _duplicates_in_reading_order(cited, ref_ends, ref_places[0], ref_places[1])
    else:
        listing = _duplicates_by_paragraph(cited, clusters, table)
    return passages, _Places(ref_ends, *ref_places, *listing)


def _passages_at(ordered: list[Source], paragraphs: list[list[Paragraph]], ends: array, source_of: array, paragraph_of: array, sentence_of: array) -> list[SharedPassage]:
    """The passages whose refs stand at these places (see :class:`_Places`), numbered ``sp1…``."""
    ids = [source.id for source in ordered]
    refs = []
    for source, index, sentence in zip(source_of, paragraph_of, sentence_of):
        paragraph = paragraphs[source][index]
        refs.append(PassageRef(ids[source], paragraph.id, paragraph.sentences[sentence]))
    passages = []
    start = 0
    for number, end in enumerate(ends, start=1):
        passages.append(SharedPassage(id=f"sp{number}", refs=refs[start:end]))
        start = end
    return passages


def _duplicates_in_reading_order(cited: "_CitedParagraphs", ref_ends: array, ref_source: array, ref_paragraph: array) -> tuple[array, array, array, array, dict[int, str]]:
    """Fill the duplicates of every paragraph a passage cites, when citation order is
    reading order (a paragraph is one ordinal and the other way round), as whole arrays;
    the listing as :class:`_Places` keeps it.

    The rule (the same as :func:`_note_duplicates`): a paragraph lists the first
    ``MAX_DUPLICATES``, in citation order, of the paragraphs of other sources that share a
    passage with it. Of a passage with ``n`` paragraphs of the paragraph's own source, its
    first ``MAX_DUPLICATES + n`` paragraphs hold those first ones (or all it has), so only
    they are looked at: the work per paragraph is bounded unless a source repeats itself
    within a passage."""
    import numpy as np

    labels: dict[int, str] = {}
    empty = array("I")
    if not len(ref_ends):
        return empty, array("I"), array("I"), array("I"), labels
    ends = np.frombuffer(ref_ends, dtype=np.uint32).astype(np.int64)
    offsets = np.asarray(cited.offsets, dtype=np.int64)
    ordinals = offsets[np.frombuffer(ref_source, dtype=np.uint32)] + np.frombuffer(ref_paragraph, dtype=np.uint32)
    passage = np.repeat(np.arange(len(ends), dtype=np.int64), np.diff(ends, prepend=0))
    rows = _distinct(passage * (int(ordinals.max()) + 1) + ordinals)  # (passage, paragraph) once each, by passage then citation order
    row_passage, row_ordinal = np.divmod(rows, int(ordinals.max()) + 1)
    rank = np.frombuffer(cited.source_rank, dtype=np.uint32).astype(np.int64)
    row_rank = rank[row_ordinal]
    starts = np.searchsorted(row_passage, np.arange(len(ends)))
    sizes = np.diff(np.append(starts, len(rows)))
    _, same_source, own = np.unique(row_passage * (int(rank.max()) + 1) + row_rank, return_inverse=True, return_counts=True)
    window = np.minimum(sizes[row_passage], MAX_DUPLICATES + own[same_source.reshape(-1)])
    window_ends = np.cumsum(window)
    looked = row_ordinal[np.repeat(starts[row_passage] - (window_ends - window), window) + np.arange(int(window_ends[-1]))]
    owner = np.repeat(row_ordinal, window)
    other = rank[looked] != np.repeat(row_rank, window)
    pairs = _distinct(owner[other] * (int(ordinals.max()) + 1) + looked[other])  # by paragraph, then citation order
    pair_owner, pair_listed = np.divmod(pairs, int(ordinals.max()) + 1)
    place = np.arange(len(pairs)) - np.searchsorted(pair_owner, pair_owner)
    listed_owner, listed = pair_owner[place < MAX_DUPLICATES], pair_listed[place < MAX_DUPLICATES]
    owners = _distinct(row_ordinal)  # every cited paragraph has a list (a passage spans two sources)
    listed_ends = np.searchsorted(listed_owner, owners, side="right")
    label_of = {ordinal: cited.label(ordinal) for ordinal in _distinct(listed).tolist()}  # one string per listed paragraph, shared by all lists
    labels.update(label_of)
    spelled = list(map(label_of.__getitem__, listed.tolist()))
    first, first_index = cited.first, cited.first_index
    paragraphs = cited.paragraphs
    start = 0
    for ordinal, end in zip(owners.tolist(), listed_ends.tolist()):
        paragraphs[first[ordinal]][first_index[ordinal]].duplicates = spelled[start:end]
        start = end
    as_array = lambda values: array("I", values.astype(np.uint32).tobytes())  # noqa: E731
    first_of = np.frombuffer(first, dtype=np.uint32)[owners]
    index_of = np.frombuffer(first_index, dtype=np.uint32)[owners]
    return as_array(first_of), as_array(index_of), as_array(listed_ends), as_array(listed), labels


def _duplicates_by_paragraph(cited: "_CitedParagraphs", clusters: list[list[int]], table: _Sentences) -> tuple[array, array, array, array, dict[int, str]]:
    """Fill the duplicates of every paragraph a passage cites, one passage and one
    paragraph at a time (see :func:`_note_duplicates`), when citation order is not reading
    order (sources with the same id, paragraph ids out of order); the listing as
    :class:`_Places` keeps it."""
    source_of, paragraph_of = table.source, table.paragraph
    paragraphs, ordinal, source_rank = cited.paragraphs, cited.ordinal, cited.source_rank
    duplicates: dict[int, list] = {}  # id of a paragraph -> [paragraph, its choices (see _note_duplicates)]
    place_of: dict[int, tuple[int, int]] = {}  # id of a cited paragraph -> (source, index)
    for group in clusters:
        in_group = []
        for position in group:
            source, index = source_of[position], paragraph_of[position]
            paragraph = paragraphs[source][index]
            in_group.append((ordinal(source, index), paragraph))
            place_of[id(paragraph)] = (source, index)
        _note_duplicates(in_group, source_rank, duplicates)

    def chosen(choice: tuple[list[int], int]) -> list[int]:
        """The first ``MAX_DUPLICATES`` of a choice's paragraphs that are not of its source."""
        keys, source = choice
        return keys if source < 0 else list(islice((other for other in keys if source_rank[other] != source), MAX_DUPLICATES))

    labels: dict[int, str] = {}  # one string per cited paragraph, shared by all lists
    spelled: dict[int, list[str]] = {}  # id of a passage's first paragraphs -> them as strings
    listing_source, listing_index, listed_ends, listed = array("I"), array("I"), array("I"), array("I")  # see _Places
    for paragraph, *choices in duplicates.values():
        if len(choices) == 1 and choices[0][1] < 0:
            head = choices[0][0]
            entries = spelled.get(id(head))
            if entries is None:
                entries = spelled[id(head)] = [labels.get(o) or labels.setdefault(o, cited.label(o)) for o in head]
            paragraph.duplicates = list(entries)
            listed.extend(head)
        else:
            merged = chosen(choices[0]) if len(choices) == 1 else sorted(set().union(*map(chosen, choices)))[:MAX_DUPLICATES]
            paragraph.duplicates = [labels.get(o) or labels.setdefault(o, cited.label(o)) for o in merged]
            listed.extend(merged)
        source, index = place_of[id(paragraph)]
        listing_source.append(source)
        listing_index.append(index)
        listed_ends.append(len(listed))
    return listing_source, listing_index, listed_ends, listed, labels


class _CitedParagraphs:
    """Paragraphs numbered in citation order (source id, paragraph number); paragraphs with
    the same source id and number share the number. When ids are unique and paragraph
    numbers rise in reading order (as the normaliser numbers them), citation order is
    reading order and every paragraph is numbered by counting; otherwise only the cited
    paragraphs are, by sorting (:meth:`number_cited`)."""

    def __init__(self, ordered: list[Source]) -> None:
        self.ordered = ordered
        self.paragraphs = [source.paragraphs for source in ordered]
        self.numbers = [[_paragraph_number(paragraph) for paragraph in paragraphs] for paragraphs in self.paragraphs]
        self.id_rank: list[int] = []  # sources with the same id sort as one
        for source in ordered:
            self.id_rank.append(self.id_rank[-1] + (source.id != ordered[len(self.id_rank) - 1].id) if self.id_rank else 0)
        unique_ids = len(ordered) < 2 or self.id_rank[-1] == len(ordered) - 1
        self.in_reading_order = unique_ids and all(None not in numbers and all(map(lt, numbers, numbers[1:])) for numbers in self.numbers)
        self.first = array("I")  # per ordinal: source index and paragraph index of its paragraph
        self.first_index = array("I")
        self.offsets: list[int] = []  # in reading order: the ordinal of each source's first paragraph
        self.cited: dict[tuple[int, int], int] = {}  # otherwise: (source, paragraph index) -> ordinal
        if self.in_reading_order:
            for source, numbers in enumerate(self.numbers):
                self.offsets.append(len(self.first))
                self.first.extend(repeat(source, len(numbers)))
                self.first_index.extend(range(len(numbers)))
            self.source_rank = array("I", map(self.id_rank.__getitem__, self.first))  # per ordinal

    def number(self, source: int, index: int) -> int:
        """The paragraph's number (its id ``pN``); an id without one fails as ``Paragraph.number`` does."""
        number = self.numbers[source][index]
        return number if number is not None else self.paragraphs[source][index].number

    def number_cited(self, places: list[tuple[int, int]]) -> None:
        """Number the paragraphs at ``places`` (source, paragraph index) in citation order,
        when reading order is not citation order."""
        first_place: dict[tuple[int, int], tuple[int, int]] = {}
        for source, index in sorted(places):
            first_place.setdefault((self.id_rank[source], self.number(source, index)), (source, index))
        keys = sorted(first_place)
        ordinal = {key: n for n, key in enumerate(keys)}
        for key in keys:
            self.first.append(first_place[key][0])
            self.first_index.append(first_place[key][1])
        self.cited = {(source, index): ordinal[(self.id_rank[source], self.number(source, index))] for source, index in places}
        self.source_rank = array("I", map(self.id_rank.__getitem__, self.first))

    def ordinal(self, source: int, index: int) -> int:
        return self.offsets[source] + index if self.in_reading_order else self.cited[(source, index)]

    def label(self, ordinal: int) -> str:
        """``source-id#pN`` of a numbered paragraph."""
        source, index = self.first[ordinal], self.first_index[ordinal]
        return f"{self.ordered[source].id}#p{self.number(source, index)}"


def _paragraph_number(paragraph: Paragraph) -> int | None:
    try:
        return paragraph.number
    except ValueError:
        return None


def _clusters_in_citation_order(cited: _CitedParagraphs, table: _Sentences, members: list[list[int]]) -> list[list[int]]:
    """The groups that span several sources (sources with the same id count as one), each
    sorted by (source id, paragraph number, sentence) and ordered by its first member; their
    paragraphs numbered in citation order."""
    id_rank = cited.id_rank

    def order(position: int) -> tuple[int, int, int]:
        source = table.source[position]
        return (id_rank[source], cited.number(source, table.paragraph[position]), table.sentence[position])

    clusters = [sorted(group, key=order) for group in members if id_rank[table.source[group[0]]] != id_rank[table.source[group[-1]]]]
    clusters.sort(key=lambda group: order(group[0]))
    cited.number_cited(list({(table.source[p], table.paragraph[p]) for group in clusters for p in group}))
    return clusters


def _note_duplicates(group: list[tuple[int, Paragraph]], source_rank: array, duplicates: dict[int, list]) -> None:
    """Record, for each paragraph of a passage (given with its number in citation order),
    which up to ``MAX_DUPLICATES`` paragraphs of other sources in it it lists: the first in
    order. Bounded work and memory per member: the members whose source is not among the
    first entries share those first entries (``(head, -1)``); the others note the passage's
    sorted paragraphs and their own source (``(keys, source)``), to be skipped when the
    list is made."""
    paragraphs: dict[int, Paragraph] = {}
    for ordinal, paragraph in group:
        paragraphs.setdefault(ordinal, paragraph)
    keys = sorted(paragraphs)
    head = (keys[:MAX_DUPLICATES], -1)
    head_sources = set(map(source_rank.__getitem__, head[0]))
    for key, paragraph in paragraphs.items():
        source = source_rank[key]
        choice = (keys, source) if source in head_sources else head
        entry = duplicates.get(id(paragraph))
        if entry is None:
            duplicates[id(paragraph)] = [paragraph, choice]
        else:
            entry.append(choice)
