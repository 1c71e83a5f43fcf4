"""``dossier discover``: proper names in the sources that no actor covers, and names that
look like a variant of a listed actor (``Kim Yong-il`` ≈ ``Kim Jong Il``).

German capitalises every noun, so a single capitalised word is no evidence of a name.
A candidate is therefore:

- a run of two or more capitalised words (``Wall Street Journal``, ``Stimson Center``),
  not at the start of a sentence, made of words that are not common words: a word the
  sources also write in lowercase (``Die``, ``Fernen``), a word with the ending of an
  abstract noun or adjective (``-ung``, ``-keit``, ``-ische``, ``-ende``) or a long
  compound is no part of a name;
- or one word that is an acronym (``AFP``) or a romanised name with a lowercase
  syllable after a hyphen (``Chan-il``).

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
_COMMON_ENDING = re.compile(
    r"(?:ung|ungen|heit|heiten|keit|keiten|schaft|schaften|tion|tionen|sion|sionen|tät|täten|nahme|nahmen|ismus|nis|nisse|"
    r"isch|ische|ischen|ischer|lich|liche|lichen|licher|ige|igen|iger|alen|aler|ale|ende|enden|ender)$"
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
    lowercase, it has the ending of a German abstract noun or adjective, or it is a long
    compound (``Atomwaffenprogramms``)."""
    return (
        token.casefold() in lowercase
        or len(token) > MAX_NAME_WORD
        or bool(_COMMON_ENDING.search(token))
    )


def _runs(sentence: str, lowercase: set[str]) -> list[tuple[int, int, str]]:
    """(start, end, text) of each candidate name in a sentence."""
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
            index < len(tokens)
            and tokens[index].group(0)[0].isupper()
            and sentence[run[-1].end() : tokens[index].start()] == " "
            and not is_common_word(tokens[index].group(0), lowercase)
        ):
            run.append(tokens[index])
            index += 1
        if len(run) >= 2:
            found.append((run[0].start(), run[-1].end(), sentence[run[0].start() : run[-1].end()]))
        elif len(run) == 1 and (_ACRONYM.match(run[0].group(0)) or _ROMANISED.match(run[0].group(0))):
            found.append((run[0].start(), run[0].end(), run[0].group(0)))
    return found


def _titles(sources: list[Source], matcher: ActorMatcher) -> set[str]:
    """Capitalised words the sources put right before a listed actor's name
    (``Präsident``, ``Bundeskanzler``): titles, learnt from the texts, never part of a name."""
    titles: set[str] = set()
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
                    titles.add(before.group(1).casefold())
    return titles


def discover(sources: list[Source], actors: list[ActorSpec], matcher: ActorMatcher, *, score: float = VARIANT_SCORE) -> Discovery:
    """Names no actor covers, with counts and an example, and likely variants of actors."""
    lowercase: set[str] = set()
    for source in sources:
        for paragraph in source.paragraphs:
            lowercase.update(word for word in _TOKEN.findall(paragraph.text) if word[0].islower())
    titles = _titles(sources, matcher)
    counts: Counter = Counter()
    examples: dict[str, tuple[str, str, str]] = {}
    for source in sources:
        for paragraph in source.paragraphs:
            mentions = matcher.find(paragraph.text)
            position = 0
            for sentence in paragraph.sentences or [paragraph.text]:
                offset = paragraph.text.find(sentence, position)
                offset = max(offset, 0)
                position = offset + len(sentence)
                for start, end, name in _runs(sentence, lowercase | titles):
                    absolute = (offset + start, offset + end)
                    if any(m.start < absolute[1] and absolute[0] < m.end for m in mentions):
                        continue
                    counts[name] += 1
                    examples.setdefault(name, (sentence, source.id, paragraph.id))
    names = {}
    for actor in actors:
        for alias in (actor.name, *actor.aliases):
            if "*" not in alias:
                names[_fold(alias)] = actor
    choices = list(names)
    result = Discovery()
    by_name: dict[str, Candidate] = {}
    for name, count in counts.items():
        sentence, source_id, paragraph_id = examples[name]
        candidate = Candidate(name=name, count=count, example=sentence, source=source_id, paragraph=paragraph_id)
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
