"""Quotes: direct speech in „…“, "…", «…», »…«, ‹…› and “…”, with its speaker.

Rules, applied per sentence in reading order (mentions inside quotation marks never
count as speakers):

1. What is not a quote: fewer than two words (a scare-quoted term such as
   ``"Spezialoperation"``), a name or title (every word capitalised, no final
   punctuation: ``"Rodong Sinmun"``, ``«Wall Street Journal»``, ``«38 North»``) and the
   name of a listed actor.
2. The speaker stands at a verb of saying near the quote: after it (``", sagte Kim"``,
   ``so der Generalstab``, ``sagt die Leiterin …, Jenny Town`` — a named person in
   apposition wins over the role before it) or before it (``Putin sagte:``, ``Kuleba
   forderte …``). Roles are found through the actors' aliases (``der Kremlchef``).
3. A pronoun (``fügte er hinzu``, ``nach seiner Einschätzung``, ``hieß es``, a sentence
   starting with ``Er``/``Sie``) or a definite role without a name (``sagte der
   Machthaber``) is the last named speaker; so is a quote that forms a sentence of its own
   (a continuation).
4. Otherwise a named person who is the subject of the sentence speaks.
5. A speaker who is not a listed actor keeps the words naming them (``speaker_name``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice

from ..model import Mention, Paragraph, Quote, Source
from .actors import ActorMatcher

# (opening mark, pattern): a text without the opening mark has no such quotation.
_QUOTE_PATTERNS = [
    ("„", re.compile(r"„(?P<q>[^„“”\n]{1,2000}?)[“”]")),
    ("«", re.compile(r"«(?P<q>[^«»\n]{1,2000}?)»")),
    ("»", re.compile(r"»(?P<q>[^«»\n]{1,2000}?)«")),
    ("‹", re.compile(r"‹(?P<q>[^‹›\n]{1,2000}?)›")),
    ("“", re.compile(r"“(?P<q>[^“”„\n]{1,2000}?)”")),
    ('"', re.compile(r'"(?P<q>[^"\n]{1,2000}?)"')),
]
_MASK = "\u2063"  # INVISIBLE SEPARATOR: stands for each character of a quotation in the masked text
_SPEECH_VERBS = (
    "sagt sagte sagten gesagt sagen schrieb schreibt geschrieben betont betonte betonten erklärt erklärte "
    "erklärten fügte ergänzte meinte erläuterte warnte warnt forderte fordert kritisierte berichtete berichtet "
    "hieß teilte sprach sprachen bekräftigt bekräftigte bekräftige versicherte unterstrich äußerte kündigte "
    "antwortete fragte zitierte mahnte appellierte rief bezeichnete nannte verkündete versprach so"
).split()


def word_alternation(words: list[str]) -> str:
    """Whole words as one regex group with their common prefixes shared (``sag(?:t(?:en?)?|en)``).

    Between word boundaries at most one word of the list can match at a position (two
    words of letters that both end at a boundary there would be equal), so the order of
    the alternatives never changes a match; sharing prefixes only makes the scan cheaper
    than trying every word at every word start."""
    tree: dict = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def render(node: dict) -> str:
        branches = [re.escape(char) + render(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        optional = "" in node
        if len(branches) == 1 and (not optional or len(branches[0]) == 1):
            return branches[0] + ("?" if optional else "")
        return "(?:" + "|".join(branches) + ")" + ("?" if optional else "")

    return render(tree)


_SPEECH_VERB = f"(?:{word_alternation(_SPEECH_VERBS)})"
# The lookahead lets the scan leave a word start that no verb begins with after one test.
_VERB = re.compile(rf"\b(?=[{''.join(sorted({verb[0] for verb in _SPEECH_VERBS}))}]){_SPEECH_VERB}\b")
_COMMA_VERB = re.compile(rf",\s*(?P<v>{_SPEECH_VERB})\b")
_ARTICLES = {"der", "die", "das", "den", "dem", "des", "ein", "eine", "einer", "eines", "Herr", "Herrn", "Frau"}
_DEFINITE = {"der", "die", "das"}
_PRONOUN_AFTER_VERB = re.compile(r"^\s*(?:er|sie|es)\b")
_PRONOUN_PHRASE = re.compile(
    r"\b(?:nach|laut)\s+(?:seiner|ihrer|seinen|ihren)\s+(?:Einschätzung|Ansicht|Meinung|Auffassung|Darstellung|Worten|Angaben)\b"
    r"|\b(?:seinen|ihren)\s+Worten\s+zufolge\b|\bhieß\s+es\b"
)
_SENTENCE_PRONOUN = re.compile(r"^\W*(?:Er|Sie)\s")
_COMMA_END = re.compile(r",\s*$")
_QUOTE_OR_COMMA_END = re.compile(r"[,“”\"»›]\s*$")
_PRONOUN_END = re.compile(r"\b(?:Er|Sie|er|sie)\s*$")
_CAPITALISED_RUN_END = re.compile(r"((?:[A-ZÄÖÜ][\w-]*\s+){1,3})$")
_LEAD_AFTER_QUOTE = re.compile(r"^\s*(?:[^,.;:!?]{0,40}?[“”\"»›])?\s*,?\s*")
_TOKEN = re.compile(r"[^\W\d_][\w-]*|\d[\w.]*")
_WORDS = re.compile(r"[^\W_][\w'’-]*")
_FINAL = ".!?…"


@dataclass
class _Speaker:
    """A speaker: a listed actor (``actor``) or the words naming someone else (``name``)."""
    actor: str | None
    name: str | None


def quote_spans(text: str) -> list[tuple[int, int, int, int]]:
    """(outer start, outer end, inner start, inner end) of each quotation, outermost only."""
    spans = []
    for opening, pattern in _QUOTE_PATTERNS:
        if opening not in text:
            continue
        for match in pattern.finditer(text):
            spans.append((match.start(), match.end(), match.start("q"), match.end("q")))
    spans.sort(key=lambda s: (s[0], -s[1]))
    outer: list[tuple[int, int, int, int]] = []
    for span in spans:
        if outer and span[0] < outer[-1][1]:
            continue
        outer.append(span)
    return outer


def mask_quotations(text: str, spans: list[tuple[int, int, int, int]]) -> str:
    """``text`` with every character of each quotation (``spans``: outermost, in order, not
    overlapping) replaced by an invisible mark, so that words inside quotation marks are
    never read as verbs or speakers; offsets stay those of ``text``."""
    pieces = []
    position = 0
    for outer_start, outer_end, _, _ in spans:
        pieces.append(text[position:outer_start])
        pieces.append(_MASK * (outer_end - outer_start))
        position = outer_end
    pieces.append(text[position:])
    return "".join(pieces)


def is_quotation(inner: str, actor_names: set[str]) -> bool:
    """Rule 1: two words or more, not a name or title, not a listed actor's name."""
    words = _WORDS.findall(inner)
    if len(words) < 2:
        return False
    stripped = inner.strip().strip(",;:")
    if stripped.casefold() in actor_names:
        return False
    if stripped[-1:] not in _FINAL and all(w[0].isupper() or w[0].isdigit() for w in words) and len(words) <= 6:
        return False
    return True


def _sentence_spans(paragraph: Paragraph) -> list[tuple[int, int]]:
    """Character spans of the paragraph's sentences (the whole text if they cannot be placed)."""
    spans = []
    position = 0
    for sentence in paragraph.sentences or [paragraph.text]:
        start = paragraph.text.find(sentence, position)
        if start < 0:
            return [(0, len(paragraph.text))]
        spans.append((start, start + len(sentence)))
        position = start + len(sentence)
    return spans or [(0, len(paragraph.text))]


def _leading_tokens(clause: str) -> list[re.Match]:
    """The words of a clause after a verb, as far as the speaker rules look: its leading
    articles, the word after them and nine more (the rules read the head, one title and a
    noun phrase of at most five words and three names). A long clause is not tokenised
    to its end."""
    tokens: list[re.Match] = []
    words = _TOKEN.finditer(clause)
    for token in words:
        tokens.append(token)
        if token.group(0) not in _ARTICLES:
            break
    tokens.extend(islice(words, 9))
    return tokens


class _SourceQuotes:
    """Walks one source's sentences in order, remembering the last named speaker."""

    def __init__(self, source: Source, matcher: ActorMatcher):
        self.source = source
        self.matcher = matcher
        self.last: _Speaker | None = None
        self.actor_names = matcher.casefolded_names
        self.adjective_aliases = matcher.adjective_aliases
        self.speaker_mentions: dict[tuple[str, str], bool] = {}  # (alias, surface) -> _speaker_mention

    # ------------------------------------------------------------------ mentions

    def _genitive(self, mention: Mention) -> bool:
        """``Putins``, ``Nordkoreas``: an inflected form, never the subject of a sentence."""
        base = mention.alias.strip("*")
        return len(mention.surface) > len(base) and mention.surface.endswith(("s", "es", "ns", "'", "’")) and not base.endswith("s")

    def _speaker_mention(self, mention: Mention) -> bool:
        """A mention that can name a speaker: no adjective (``russische``), no genitive.
        (Decided by the alias and the spelling alone, so each pair is decided once.)"""
        key = (mention.alias, mention.surface)
        answer = self.speaker_mentions.get(key)
        if answer is None:
            answer = self.speaker_mentions[key] = mention.alias not in self.adjective_aliases and not self._genitive(mention)
        return answer

    def _kind(self, actor: str) -> str:
        """person, state or organisation (persons are preferred as speakers)."""
        spec = self.matcher.actors.get(actor)
        return spec.kind if spec else "person"

    # ------------------------------------------------------------------ speakers

    def _after_verb(self, text: str, start: int, end: int, mentions: list[Mention]) -> _Speaker | None:
        """The speaker right after a verb of saying at ``start`` (clause up to ``end``)."""
        clause = text[start:end]
        if _PRONOUN_AFTER_VERB.match(clause):
            return self.last or _Speaker(None, None)
        inside = [m for m in mentions if start <= m.start < end and self._speaker_mention(m)]
        tokens = _leading_tokens(clause)
        skip = 0
        while skip < len(tokens) and tokens[skip].group(0) in _ARTICLES:
            skip += 1
        # The speaker heads the clause, perhaps after one title (``Präsident``,
        # ``EU-Kommissionspräsidentin``) that is not itself an alias.
        heads = {start + tokens[skip].start()} if skip < len(tokens) else set()
        if skip + 1 < len(tokens) and tokens[skip].group(0)[0].isupper():
            heads.add(start + tokens[skip + 1].start())
        for mention in inside:
            if mention.start in heads:
                return _Speaker(mention.actor, None)
        for mention in inside:
            if self._kind(mention.actor) == "person" and _COMMA_END.search(text[start : mention.start]) and "," in text[start : mention.start]:
                return _Speaker(mention.actor, None)
        if skip < len(tokens):
            phrase = self._noun_phrase(tokens, skip, clause)
            if phrase:
                words = phrase.split()
                if len(words) == 2 and words[0] in _DEFINITE:
                    return self.last or _Speaker(None, phrase)
                return _Speaker(None, phrase)
        return None

    def _noun_phrase(self, tokens: list[re.Match], skip: int, clause: str) -> str | None:
        """Article, adjectives and the first capitalised noun after a verb, with the
        capitalised names that directly follow it: ``der südkoreanische Generalstab``,
        ``ein Reporter``, ``die Greenpeace-Sprecherin Lis Cunha``."""
        words = [t.group(0) for t in tokens[:skip]]
        for index in range(skip, min(skip + 5, len(tokens))):
            word = tokens[index].group(0)
            words.append(word)
            if word[0].isupper():
                following = index + 1
                while (
                    following < len(tokens)
                    and following <= index + 3
                    and tokens[following].group(0)[0].isupper()
                    and clause[tokens[following - 1].end() : tokens[following].start()] == " "
                ):
                    words.append(tokens[following].group(0))
                    following += 1
                return " ".join(words)
        return None

    def _before_verb(self, text: str, verb_start: int, mentions: list[Mention], sentence_start: int) -> _Speaker | None:
        """A subject shortly before the verb: ``Kuleba forderte``, ``Putin … gesagt:``."""
        window = text[sentence_start:verb_start]
        tokens = list(_TOKEN.finditer(window))
        limit = sentence_start + (tokens[-5].start() if len(tokens) >= 5 else 0)
        candidates = [m for m in mentions if limit <= m.start < verb_start and self._speaker_mention(m)]
        persons = [m for m in candidates if self._kind(m.actor) == "person"]
        chosen = (persons or candidates)
        if chosen:
            return _Speaker(chosen[-1].actor, None)
        if _PRONOUN_END.search(window):
            return self.last
        # Capitalised words right before the verb name a speaker nobody listed
        # (``Nordkoreas Staatsmedien sprachen``).
        run = _CAPITALISED_RUN_END.search(window)
        prefix = window[: len(window) - len(run.group(1))].rstrip() if run else ""
        if run and prefix.endswith(","):
            return _Speaker(None, run.group(1).strip())
        return None

    def _sentence_subject(self, mentions: list[Mention], start: int, end: int) -> _Speaker | None:
        """Rule 4: the first named person of the sentence (not a genitive) before ``end``."""
        for mention in mentions:
            if start <= mention.start < end and self._speaker_mention(mention) and self._kind(mention.actor) == "person":
                return _Speaker(mention.actor, None)
        return None

    def speaker_for(self, text: str, sentence: tuple[int, int], quote: tuple[int, int, int, int], mentions: list[Mention], masked: str) -> _Speaker | None:
        """Rules 2-4 for one quote of one sentence; ``None`` if nobody can be named."""
        s_start, s_end = sentence
        q_start, q_end = quote[0], quote[1]
        # After the quote: `", sagte X"`, or a later `, berichtete X` in the same sentence.
        after = masked[q_end:s_end]
        lead = _LEAD_AFTER_QUOTE.match(after)
        offset = q_end + (lead.end() if lead else 0)
        verb = _VERB.match(masked, offset) if offset < s_end else None
        if verb is None:
            comma_verb = _COMMA_VERB.search(masked, q_end, s_end)
            if comma_verb:
                verb = comma_verb
        if verb is not None:
            verb_end = verb.end()
            if masked[verb.start() : verb_end] == "so" and not _QUOTE_OR_COMMA_END.search(masked[s_start : verb.start()]):
                verb = None
            else:
                found = self._after_verb(masked, verb_end, s_end, mentions)
                if found is not None:
                    return found
        # Before the quote: a verb of saying (`sagte:`, `forderte`) with its subject or object.
        before = masked[s_start:q_start]
        verbs = list(_VERB.finditer(before))
        if verbs:
            last_verb = verbs[-1]
            verb_start = s_start + last_verb.start()
            verb_end = s_start + last_verb.end()
            if _PRONOUN_AFTER_VERB.match(masked[verb_end:q_start]):
                return self.last
            found = self._before_verb(masked, verb_start, mentions, s_start)
            if found is not None:
                return found
            found = self._after_verb(masked, verb_end, q_start, mentions)
            if found is not None and (found.actor or found.name):
                return found
        if _PRONOUN_PHRASE.search(masked, s_start, s_end) or _SENTENCE_PRONOUN.match(masked[s_start:s_end]):
            return self.last
        # A quote that is the sentence (or opens it and ends it): a continuation.
        rest = masked[s_start:s_end].replace(_MASK, "").strip(" ,.;:!?–-")
        if not rest:
            return self.last
        return self._sentence_subject(mentions, s_start, q_start)

    # ------------------------------------------------------------------ per sentence

    def note_speaker(self, text: str, sentence: tuple[int, int], mentions: list[Mention], masked: str) -> None:
        """Sentences without quotes still name speakers (``sagte Stoltenberg``) or subjects
        that later pronouns point back to."""
        s_start, s_end = sentence
        for verb in _VERB.finditer(masked, s_start, s_end):
            preceding = masked[s_start : verb.start()]
            if verb.group(0) == "so" and not _QUOTE_OR_COMMA_END.search(preceding):
                continue
            if _COMMA_END.search(preceding) or not preceding.strip():
                found = self._after_verb(masked, verb.end(), s_end, mentions)
            else:
                found = self._before_verb(masked, verb.start(), mentions, s_start) or self._after_verb(masked, verb.end(), s_end, mentions)
            if found is not None and (found.actor or found.name):
                self.last = found
                return
        subject = self._sentence_subject(mentions, s_start, min(s_end, s_start + 40))
        if subject is not None:
            self.last = subject

    def paragraph_quotes(self, paragraph: Paragraph, spans: list[tuple[int, int, int, int]] | None = None, last: bool = False) -> list[Quote]:
        """The paragraph's quotes with speakers, sentence by sentence, updating the last speaker.

        ``spans``: its :func:`quote_spans`, if known. ``last``: no later paragraph of the
        source has quotation marks, so the sentences after the last one here are skipped
        (nothing would read the speaker they name)."""
        text = paragraph.text
        if spans is None:
            spans = quote_spans(text)
        last_quotation = spans[-1][0] if last and spans else len(text)
        masked = mask_quotations(text, spans)
        mentions = [m for m in paragraph.mentions if not any(s <= m.start < e for s, e, _, _ in spans)] if spans else paragraph.mentions
        quotes: list[Quote] = []
        for sentence in _sentence_spans(paragraph):
            if sentence[0] > last_quotation:
                break
            inside = [span for span in spans if sentence[0] <= span[0] < sentence[1]]
            spoken: _Speaker | None = None
            for span in inside:
                inner = text[span[2] : span[3]]
                if not is_quotation(inner, self.actor_names):
                    continue
                speaker = self.speaker_for(text, sentence, span, mentions, masked)
                if speaker is None or (speaker.actor is None and speaker.name is None):
                    continue
                quotes.append(Quote(text=inner.strip(), source=self.source.id, paragraph=paragraph.id, speaker=speaker.actor, speaker_name=speaker.name if speaker.actor is None else None))
                self.last = spoken = speaker
            self.note_speaker(text, sentence, mentions, masked)
            if spoken is not None:
                self.last = spoken
        return quotes


def find_quotes(source: Source, matcher: ActorMatcher) -> list[Quote]:
    """Every quote of a source with its speaker; paragraphs must already carry their mentions."""
    walker = _SourceQuotes(source, matcher)
    paragraphs = source.paragraphs
    spans = [quote_spans(paragraph.text) for paragraph in paragraphs]
    last = max((index for index, found in enumerate(spans) if found), default=-1)
    quotes: list[Quote] = []
    for index in range(last + 1):  # after the last quotation nobody is quoted
        quotes.extend(walker.paragraph_quotes(paragraphs[index], spans[index], index == last))
    return quotes
