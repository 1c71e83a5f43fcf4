"""``dossier discover``: proper names in the sources that no actor covers, and names that
look like a variant of a listed actor (``Kim Yong-il`` ≈ ``Kim Jong Il``).

German capitalises every noun, so a single capitalised word is no evidence of a name.
A candidate is therefore:

- a run of two or more capitalised words (``Wall Street Journal``, ``Stimson Center``),
  not at the start of a sentence, made of words that are not common words: a word the
  sources also write in lowercase (``Die``, ``Fernen``), a word with the ending of an
  abstract noun, an adjective or a plural of persons (``-ung``, ``-keit``, ``-ische``,
  ``-ende``, ``-isten``) or a long compound is no part of a name;
- or one word, attested well enough (:func:`is_attested_word`): capitalised where the
  capital says nothing else (not at the start of a sentence, a quotation or after a
  colon) in at least ``MIN_SOURCES`` sources, ``MIN_MENTIONS`` times in all, and never in
  lowercase. An acronym (``AFP``) or a romanised name with a lowercase syllable after a
  hyphen (``Chan-il``) needs nothing more. Any other word must not behave like a German
  noun (:func:`is_noun_like`): it and its inflected forms (``Partner``/``Partnern``)
  rarely follow an article, a determiner or an inflected adjective (``der Flughafen``,
  ``im Jahr``, ``beiden Ländern``, ``einem roten Teppich``), and it is no part of other words
  (``Technologie`` in ``Raumfahrttechnologie``, ``Partner`` in ``Partnerschaft``,
  ``Beginn`` in ``beginnt``). Names are used bare (``mit Putin``, ``in Wladiwostok``,
  ``sagte Stoltenberg``) and rarely build closed compounds.
- A single word that is the last word of exactly one listed actor's name or alias
  (``Stoltenberg`` when only ``Jens Stoltenberg`` is listed) is a variant of that actor
  (score 100): the curator should add it as an alias. Any other word of a listed name
  (a first name, a last word shared by several actors) and a listed name itself are
  left out.

A candidate is covered when a mention of a listed actor overlaps it. Uncovered
candidates are compared with every name and alias (rapidfuzz, on lowercase text with
hyphens as spaces); a close score makes it a variant of that actor.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from ..config import ActorSpec
from ..model import Source
from .actors import ActorMatcher

VARIANT_SCORE = 85.0
MAX_NAME_WORD = 14
# A single word is listed when it is capitalised mid-sentence this often, in this many
# sources: one source or two mentions are too little evidence for a word alone.
MIN_MENTIONS = 3
MIN_SOURCES = 2
# A word (with its inflected forms) is noun-like when more than this share of its
# mid-sentence mentions follow an article, a determiner or an inflected adjective.
NOUN_PHRASE_SHARE = 0.2
# A single word standing right before a listed actor's name in at least this share of its
# mentions is a title (``Präsident``), not a name.
TITLE_SHARE = 0.5
# Words that open a German noun phrase: articles, demonstratives, possessives,
# quantifiers and numerals, and prepositions fused with an article (``im``, ``zum``).
_DETERMINERS = frozenset(
    """der die das den dem des ein eine einen einem einer eines kein keine keinen keinem
    keiner keines dieser diese dieses diesem diesen jener jene jenes jenem jenen jeder jede
    jedes jedem jeden mancher manche manchen solche solchen solcher welche welcher welchen
    sein seine seinen seinem seiner seines ihr ihre ihren ihrem ihrer ihres unser unsere
    unseren unserem unserer euer eure euren mein meine meinen meinem meiner dein deine
    deren dessen beide beiden beider alle allen aller viele vielen vieler wenige wenigen
    einige einigen mehrere mehreren zahlreiche zahlreichen andere anderen anderer
    zwei drei vier fünf sechs sieben acht neun zehn elf zwölf hundert tausend
    am im zum zur vom beim ins ans aufs ums übers""".split()
)
# Prepositions that can open a noun phrase with an adjective (``mit militärischen Gütern``).
_PREPOSITIONS = frozenset("mit von zu bei nach aus für gegen ohne um durch über unter vor hinter neben zwischen in an auf seit bis wegen trotz während".split())
_ADJECTIVE_ENDING = re.compile(r"^[a-zäöüß]{3,}(?:e|en|er|es|em)$")
# Marks after which a word starts a clause, a sentence or a quotation (``sagte: «Später
# …``, ``(Ortszeit)``, a sentence the splitter left joined): its capital letter says nothing.
_CLAUSE_OPENERS = re.compile(r"[.!?:«»„“\"‚‹›(\[]")
_INFLECTION = re.compile(r"(?:ern|en|er|es|ns|e|n|s)$")
_PLURAL = re.compile(r"(?<!i)(?:en|ern)$")
_VERB_ENDINGS = ("e", "en", "t", "te", "ten", "st", "et")
_COMMON_ENDING = re.compile(
    r"(?:ung|ungen|heit|heiten|keit|keiten|schaft|schaften|tion|tionen|sion|sionen|tät|täten|nahme|nahmen|ismus|nis|nisse|"
    r"isch|ische|ischen|ischer|lich|liche|lichen|licher|ige|igen|iger|alen|aler|ale|ende|enden|ender|isten|enten|anten|aten)$"
)
_TOKEN = re.compile(r"[^\W\d_][\w'’-]*[\w]|[^\W\d_]")
_ACRONYM = re.compile(r"^[A-ZÄÖÜ]{2,6}$")
_ROMANISED = re.compile(r"^[A-Z][a-z]+-[a-z]+$")
_KIND_HINTS = re.compile(r"(?i)(journal|zeitung|agentur|center|centre|institut|ministerium|partei|rat|bank|gruppe|times|post|news|press|verband|stiftung|universität|kommission|komitee)")


@dataclass
class Candidate:
    """A name found in the sources: how often, and one sentence as an example."""

    name: str
    count: int = 0
    example: str = ""
    source: str = ""
    paragraph: str = ""
    actor: str | None = None  # for variants: the actor it resembles
    actor_name: str | None = None
    score: float = 0.0


@dataclass
class Discovery:
    """What ``dossier discover`` found: names nobody covers, and variants of actors."""
    unknown: list[Candidate] = field(default_factory=list)
    variants: list[Candidate] = field(default_factory=list)


def _fold(text: str) -> str:
    """Lowercase, hyphens and runs of spaces as one space: the form names are compared in."""
    return re.sub(r"[\s-]+", " ", text.casefold()).strip()


def is_common_word(token: str, lowercase: set[str]) -> bool:
    """A capitalised word that is no part of a name: the sources also write it in
    lowercase, it has the ending of a German abstract noun, adjective or plural of persons
    (``Journalisten``), or it is a long compound (``Atomwaffenprogramms``)."""
    return (
        token.casefold() in lowercase
        or len(token) > MAX_NAME_WORD
        or bool(_COMMON_ENDING.search(token))
    )


def _runs(sentence: str, lowercase: set[str], titles=frozenset()) -> list[tuple[int, int, str]]:
    """(start, end, text) of each candidate name in a sentence: runs of two or more
    name words, and single words (which :func:`discover` keeps only when attested). A
    title (``titles``, lowercased) never starts or continues a run, but is a single word
    like any other: a name before another name (``hat Putin Kim``) is learnt as a title
    too, and the single-word test tells it from ``Präsident``."""
    tokens = list(_TOKEN.finditer(sentence))
    first = re.match(r"^\W*", sentence).end()
    found = []
    index = 0
    while index < len(tokens):
        token = tokens[index].group(0)
        if not token[0].isupper() or tokens[index].start() <= first or is_common_word(token, lowercase):
            index += 1
            continue
        run = [tokens[index]]
        index += 1
        while (
            token.casefold() not in titles
            and index < len(tokens)
            and tokens[index].group(0)[0].isupper()
            and sentence[run[-1].end() : tokens[index].start()] == " "
            and not is_common_word(tokens[index].group(0), lowercase)
            and tokens[index].group(0).casefold() not in titles
        ):
            run.append(tokens[index])
            index += 1
        if len(run) >= 2 or not _opens_clause(sentence, run[0].start()):
            found.append((run[0].start(), run[-1].end(), sentence[run[0].start() : run[-1].end()]))
    return found


@dataclass
class WordEvidence:
    """How the sources use one capitalised word in the middle of sentences."""

    mentions: int = 0
    in_noun_phrase: int = 0  # right after a determiner or an inflected adjective
    sources: set = field(default_factory=set)


def opens_noun_phrase(before: str, two_before: str | None) -> bool:
    """The words right before a capitalised word make it a noun: an article, determiner,
    quantifier, numeral or fused preposition (``der``, ``beiden``, ``im``), or a lowercase
    word with an adjective ending that itself follows one of those or a preposition
    (``einem roten Teppich``, ``mit militärischen Gütern``). A verb that ends like an
    adjective is not preceded so (``Kim begrüßte Putin``, ``Danach hatte Putin``)."""
    if before.casefold() in _DETERMINERS:
        return True
    if two_before is None or not _ADJECTIVE_ENDING.match(before):
        return False
    return two_before.casefold() in _DETERMINERS or two_before.casefold() in _PREPOSITIONS


def _opens_clause(sentence: str, start: int) -> bool:
    """The word at ``start`` begins the sentence, or follows a colon, quotation mark or
    bracket (with only spaces between): it is capitalised for that reason alone."""
    before = sentence[:start].rstrip()
    return not re.search(r"\w", before) or bool(before and _CLAUSE_OPENERS.match(before[-1]))


def word_evidence(sentence: str, source_id: str, evidence: dict[str, WordEvidence]) -> None:
    """Adds each capitalised word that does not open a clause (:func:`_opens_clause`) to
    ``evidence``, noting whether the word right before it (only spaces between) opens a
    noun phrase."""
    tokens = list(_TOKEN.finditer(sentence))
    for index, token in enumerate(tokens):
        word = token.group(0)
        if not word[0].isupper() or _opens_clause(sentence, token.start()):
            continue
        entry = evidence.setdefault(word, WordEvidence())
        entry.mentions += 1
        entry.sources.add(source_id)
        before = _word_before(sentence, tokens, index)
        if before is not None and opens_noun_phrase(before, _word_before(sentence, tokens, index - 1)):
            entry.in_noun_phrase += 1


def _word_before(sentence: str, tokens: list, index: int) -> str | None:
    """The word right before ``tokens[index]`` when only spaces stand between them."""
    if index < 1:
        return None
    before = tokens[index - 1]
    return before.group(0) if not sentence[before.end() : tokens[index].start()].strip() else None


def _family(word: str) -> str:
    """The inflection family of a word: one German ending removed (``Partnern``,
    ``Partner`` -> ``Partn``; ``Putins`` -> ``Putin``), keeping at least four letters."""
    stem = _INFLECTION.sub("", word.casefold())
    return stem if len(stem) >= 4 else word.casefold()


def is_noun_like(word: str, evidence: dict[str, WordEvidence], families: dict[str, tuple[int, int]], word_parts: set[str]) -> bool:
    """A capitalised word that behaves like a German common noun: more than
    ``NOUN_PHRASE_SHARE`` of the mentions of its inflection family follow a word that
    opens a noun phrase, or a word of its family is part of other words of the sources
    (``word_parts``, see :func:`word_part_families`)."""
    family = _family(word)
    mentions, in_noun_phrase = families.get(family, (0, 0))
    if mentions and in_noun_phrase > NOUN_PHRASE_SHARE * mentions:
        return True
    return family in word_parts


def is_attested_word(word: str, mentions: int, sources: int, evidence: dict[str, WordEvidence], families: dict[str, tuple[int, int]], word_parts: set[str]) -> bool:
    """A single word is listed as a name when it is not covered by an actor
    ``MIN_MENTIONS`` times in at least ``MIN_SOURCES`` sources, and it is an acronym, a
    romanised name (``Chan-il``), or a word that is no hyphenated compound, has no plural
    ending (``-en``, ``-ern``; ``-ien`` is a country's: ``Asien``) and is not noun-like
    (:func:`is_noun_like`). Plurals are the nouns German uses without an article
    (``nach Angaben``, ``von Experten``), so the evidence of articles misses them; the
    price is a name that ends so (``Blinken``, ``Dresden``)."""
    if mentions < MIN_MENTIONS or sources < MIN_SOURCES:
        return False
    if _ACRONYM.match(word) or _ROMANISED.match(word):
        return True
    return "-" not in word and not _PLURAL.search(word) and not is_noun_like(word, evidence, families, word_parts)


def _families(evidence: dict[str, WordEvidence]) -> dict[str, tuple[int, int]]:
    """(mentions, mentions in a noun phrase) summed over each inflection family."""
    families: dict[str, tuple[int, int]] = {}
    for word, entry in evidence.items():
        key = _family(word)
        mentions, in_noun_phrase = families.get(key, (0, 0))
        families[key] = (mentions + entry.mentions, in_noun_phrase + entry.in_noun_phrase)
    return families


def word_part_families(capitalised, lowercase: set[str], shortest: int = 4) -> set[str]:
    """Inflection families (:func:`_family`) of capitalised words that the sources also
    use as a part of other words, as common nouns are and names rarely are:

    - the end of a longer word (``technologie`` in ``Raumfahrttechnologie``);
    - the start of a word at least four letters longer, itself or its family's stem
      (``Partner`` in ``Partnerschaft``, ``Militärs`` in ``Militärkooperation``);
    - the stem of a lowercase verb form (``Beginn``: ``beginnt``).

    Hyphenated words are left out (``Putin-Besuch`` says nothing about ``Putin``)."""
    words = {word.casefold() for word in capitalised if "-" not in word} | {word for word in lowercase if "-" not in word}
    starts = {word[:end] for word in words for end in range(shortest, len(word) - 3)}
    parts = set()
    for word in capitalised:
        folded = word.casefold()
        if len(folded) < shortest or "-" in folded:
            continue
        if folded in starts or _family(word) in starts or any(folded + ending in lowercase for ending in _VERB_ENDINGS):
            parts.add(_family(word))
    for word in words:
        for start in range(3, len(word) - shortest + 1):
            if word[start:] in words:
                parts.add(_family(word[start:]))
    return parts


def _surnames(actors: list[ActorSpec]) -> dict[str, set[str]]:
    """Each word of each listed name and alias of two or more words (folded, wildcards
    left out) -> the actors it is the last word of (``Stoltenberg`` of ``Jens
    Stoltenberg``, ``Nowosti`` of ``RIA Nowosti``). Other words (first names: ``Jens``,
    ``Wladimir``) map to no actor, and so do last words that are a whole name or alias
    themselves, also with a genitive ``s`` removed (``Russlands`` of ``Präsident
    Russlands``): they are another actor's."""
    whole = {alias.casefold() for actor in actors for alias in (actor.name, *actor.aliases)}
    words: dict[str, set[str]] = {}
    for actor in actors:
        for alias in (actor.name, *actor.aliases):
            parts = alias.split()
            if "*" in alias or len(parts) < 2:
                continue
            for word in parts[:-1]:
                words.setdefault(word.casefold(), set())
            last = parts[-1].casefold()
            if last not in whole and last.removesuffix("s") not in whole:
                words.setdefault(last, set()).add(actor.id)
    return words


def _titles(sources: list[Source], matcher: ActorMatcher) -> Counter:
    """Capitalised words the sources put right before a listed actor's name
    (``Präsident``, ``Bundeskanzler``), lowercased, with how often: titles, learnt from the
    texts, never part of a longer name. A single word is a title, not a name, when it
    stands so in at least half of its mentions (:data:`TITLE_SHARE`); a name that once
    stood before another (``hat Putin Kim``) is not."""
    titles: Counter = Counter()
    for source in sources:
        for paragraph in source.paragraphs:
            mentions = matcher.find(paragraph.text)
            for mention in mentions:
                window_start = max(0, mention.start - 40)
                before = re.search(r"([A-ZÄÖÜ][\w-]*)\s+$", paragraph.text[window_start : mention.start])
                if before is None:
                    continue
                word_start = window_start + before.start(1)
                if not any(m.start <= word_start < m.end for m in mentions):
                    titles[before.group(1).casefold()] += 1
    return titles


def _is_listed(word: str, names: dict) -> bool:
    """A word that is a listed name or alias as it stands or with a genitive ``s`` removed
    (``Russlands``, ``Pjöngjangs``): the actor patterns cover it, and the few places they
    did not (next to a longer match) are nothing the curator can add."""
    folded = _fold(word)
    return folded in names or folded.removesuffix("s") in names


def discover(sources: list[Source], actors: list[ActorSpec], matcher: ActorMatcher, *, score: float = VARIANT_SCORE) -> Discovery:
    """Names no actor covers, with counts and an example, and likely variants of actors."""
    lowercase: set[str] = set()
    for source in sources:
        for paragraph in source.paragraphs:
            lowercase.update(word for word in _TOKEN.findall(paragraph.text) if word[0].islower())
    titles = _titles(sources, matcher)
    counts: Counter = Counter()
    found_in: dict[str, set[str]] = defaultdict(set)
    examples: dict[str, tuple[str, str, str]] = {}
    evidence: dict[str, WordEvidence] = {}
    for source in sources:
        for paragraph in source.paragraphs:
            mentions = matcher.find(paragraph.text)
            position = 0
            for sentence in paragraph.sentences or [paragraph.text]:
                offset = paragraph.text.find(sentence, position)
                offset = max(offset, 0)
                position = offset + len(sentence)
                word_evidence(sentence, source.id, evidence)
                for start, end, name in _runs(sentence, lowercase, titles):
                    absolute = (offset + start, offset + end)
                    if any(m.start < absolute[1] and absolute[0] < m.end for m in mentions):
                        continue
                    counts[name] += 1
                    found_in[name].add(source.id)
                    examples.setdefault(name, (sentence, source.id, paragraph.id))
    families = _families(evidence)
    word_parts = word_part_families(evidence, lowercase)
    surnames = _surnames(actors)
    actors_by_id = {actor.id: actor for actor in actors}
    names = {}
    for actor in actors:
        for alias in (actor.name, *actor.aliases):
            if "*" not in alias:
                names[_fold(alias)] = actor
    choices = list(names)
    result = Discovery()
    by_name: dict[str, Candidate] = {}
    for name, count in counts.items():
        single = " " not in name
        if single and not is_attested_word(name, count, len(found_in[name]), evidence, families, word_parts):
            continue
        if single and titles[name.casefold()] >= TITLE_SHARE * evidence[name].mentions:
            continue
        sentence, source_id, paragraph_id = examples[name]
        candidate = Candidate(name=name, count=count, example=sentence, source=source_id, paragraph=paragraph_id)
        owners = surnames.get(name.casefold()) if single else None
        if (owners is not None and len(owners) != 1) or (single and _is_listed(name, names)):
            continue
        if owners:
            actor = actors_by_id[next(iter(owners))]
            candidate.actor, candidate.actor_name, candidate.score = actor.id, actor.name, 100.0
            result.variants.append(candidate)
            continue
        best = process.extractOne(_fold(name), choices, scorer=fuzz.ratio) if choices and len(name) >= 4 else None
        if best is not None and best[1] >= score:
            actor = names[best[0]]
            candidate.actor, candidate.actor_name, candidate.score = actor.id, actor.name, round(best[1], 1)
            result.variants.append(candidate)
        else:
            by_name[name] = candidate
    result.unknown = sorted(by_name.values(), key=lambda c: (-c.count, c.name))
    result.variants.sort(key=lambda c: (-c.count, c.name))
    return result


def guess_kind(name: str) -> str:
    """A first guess for ``kind:`` — the curator checks it."""
    if _ACRONYM.match(name) or _KIND_HINTS.search(name):
        return "organisation"
    return "person"


def yaml_snippet(found: Discovery, actors: list[ActorSpec]) -> str:
    """Entries to paste under ``actors:`` in dossier.yml: new actors, and the known
    actors with the variants added to their aliases."""
    import yaml

    entries = [{"name": c.name, "kind": guess_kind(c.name)} for c in found.unknown]
    variants: dict[str, list[str]] = defaultdict(list)
    for candidate in found.variants:
        variants[candidate.actor].append(candidate.name)
    for actor in actors:
        if actor.id in variants:
            aliases = list(dict.fromkeys([*actor.aliases, *variants[actor.id]]))
            entries.append({"name": actor.name, "kind": actor.kind, "aliases": aliases})
    header = "# Paste under `actors:` in dossier.yml; check every name and kind first.\n"
    if not entries:
        return header + "# Nothing to add: every name found is covered.\n"
    return header + yaml.safe_dump(entries, allow_unicode=True, sort_keys=False, width=1000)


def format_report(found: Discovery) -> str:
    """The plain-text report ``dossier discover`` prints."""
    lines = []
    lines.append(f"Names no actor covers ({len(found.unknown)}):")
    for candidate in found.unknown:
        lines.append(f"  {candidate.count:4d}  {candidate.name}  — {candidate.source}#{candidate.paragraph}: {_short(candidate.example)}")
    if not found.unknown:
        lines.append("  (none)")
    lines.append("")
    lines.append(f"Names that look like a variant of a listed actor ({len(found.variants)}):")
    for candidate in found.variants:
        lines.append(f"  {candidate.count:4d}  {candidate.name} ≈ {candidate.actor_name} ({candidate.actor}, score {candidate.score})  — {candidate.source}#{candidate.paragraph}: {_short(candidate.example)}")
    if not found.variants:
        lines.append("  (none)")
    return "\n".join(lines) + "\n"


def _short(sentence: str, limit: int = 140) -> str:
    """A sentence on one line, cut at a word boundary."""
    sentence = " ".join(sentence.split())
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rsplit(" ", 1)[0] + " …"
