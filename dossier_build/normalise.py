"""Normalise stage: ``RawDocument`` -> ``Source``.

Each rule is a small function that states what it does; every change it makes is
recorded on the source (``changes``) or, for text taken out, in ``removed``. Text that is
already correct passes through unchanged: German quotes „…“ and «…» stay as they are.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from . import repair as _repair
from .config import SourceMeta
from .model import Change, Heading, Image, Paragraph, PartialDate, RawDocument, Removed, Source
from .slug import slugify

# --------------------------------------------------------------------------- text repair

FTFY_OPTIONS = {"uncurl_quotes": False}


def needs_repair(text: str) -> bool:
    """Cheap, exact test: could ftfy (``uncurl_quotes=False``) or NFC change this text?
    ``False`` only when they would return it unchanged (see :mod:`dossier_build.repair`),
    so skipping them gives exactly what they give."""
    return _repair.needs_repair(text)


def repair_text(text: str) -> str:
    """Mojibake and other encoding damage repaired by ftfy (keeping „…“: ``uncurl_quotes``
    off), then Unicode NFC; ftfy's steps are skipped where they cannot change the text."""
    return _repair.repair_text(text)


def code_points(text: str) -> str:
    """``Ã¼`` → ``U+00C3 U+00BC``: damaged text shown exactly, without repeating it."""
    return " ".join(f"U+{ord(ch):04X}" for ch in text)


def repaired_sequences(before: str, after: str) -> list[tuple[str, str]]:
    """The damaged sequences of ``before`` and what they became in ``after``, found word by
    word (linear; repairs rarely change the number of words), each trimmed to the part that
    differs. Falls back to a word-level diff when the word counts differ."""
    old_words, new_words = before.split(), after.split()
    if len(old_words) == len(new_words):
        pairs = [(o, n) for o, n in zip(old_words, new_words) if o != n]
    else:
        import difflib

        matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
        pairs = [
            (" ".join(old_words[i1:i2]), " ".join(new_words[j1:j2]))
            for tag, i1, i2, j1, j2 in matcher.get_opcodes()
            if tag != "equal"
        ]
    return [_differing_part(old, new) for old, new in pairs]


@lru_cache(maxsize=4096)
def _differing_part(old: str, new: str) -> tuple[str, str]:
    """``old`` and ``new`` without their common beginning and end (the same damaged words
    come again and again, so the answers are remembered)."""
    shorter = min(len(old), len(new))
    start = 0
    while start < shorter and old[start] == new[start]:
        start += 1
    end = 0
    while end < shorter - start and old[-1 - end] == new[-1 - end]:
        end += 1
    return old[start : len(old) - end], new[start : len(new) - end]


class RepairRecord:
    """Collects mojibake repairs of one source: each distinct (damaged, repaired) pair once,
    with the line it was first seen on and how often it occurred."""

    def __init__(self) -> None:
        self._seen: dict[tuple[str, str], list[int | None]] = {}

    def add(self, before: str, after: str, line: int | None) -> None:
        for damaged, repaired in repaired_sequences(before, after):
            entry = self._seen.setdefault((damaged, repaired), [line, 0])
            entry[1] += 1

    def changes(self) -> list[Change]:
        return [
            Change("mojibake", code_points(damaged), repaired, line, count)
            for (damaged, repaired), (line, count) in self._seen.items()
        ]


# --------------------------------------------------------------------------- patterns

_AD_LINE = re.compile(r"^(?:AdUnit\b.*|Anzeige|ANZEIGE|Werbung|WERBUNG|Advertisement)$")
_CAPTION = re.compile(
    r"^(?P<caption>.{0,400}?)\s*\b(?:Bild|Bilder|Foto|Fotos|Grafik|Video|Bildquelle|Fotoquelle)\s*:\s*(?P<credit>[^!?:\n]{2,100}?)\s*$"
)
_SIGNOFF = re.compile(r"^(?:(?P<initials>[A-Za-zÄÖÜäöü]{1,6}(?:/[A-Za-zÄÖÜäöü]{1,6})*)\s*)?\((?P<agencies>[^()]{2,80})\)$")
_AGENCY_SPLIT = re.compile(r"\s*(?:,|/|;|\bund\b|\band\b)\s*")
_PAREN_DATELINE = re.compile(r"^\((?P<place>[A-ZÄÖÜ][^()\d]{1,40})\)\s+(?=\S)")
_AGENCY_DATELINE = re.compile(r"^(?P<place>[A-ZÄÖÜ][\wäöüß.-]*(?:[ /][A-ZÄÖÜ][\wäöüß.-]*){0,2})\s*\((?P<agency>[^()]{2,30})\)\s*[-–—:]\s+")
_WORD_DATELINE = re.compile(r"^(?P<place>[A-ZÄÖÜ][\wäöüßÄÖÜ-]{2,30})\.\s+(?=[A-ZÄÖÜ„\"«])")
_MARKDOWN_LINK = re.compile(r"^\[(?P<text>[^\[\]\n]*)\]\((?P<url>[^()\s]+)\)$")
_MARKDOWN_IMAGE = re.compile(r"^!\[(?P<alt>[^\[\]\n]*)\]\((?P<url>[^()\s]+)(?:\s+\"[^\"]*\")?\)$")
_ATX_HEADING = re.compile(r"^#{1,6}\s+(?P<text>.+?)\s*#*$")
_FINAL_PUNCTUATION = ".,;:!?…"
_CLOSING_QUOTES = "\"'“”’»«›‹)"
_TEASER_END = re.compile(r"(?:\.\.\.|…)\s*$")
_WORD = re.compile(r"[A-Za-zÄÖÜäöüß][\wÄÖÜäöüß-]{3,}")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_ODD_SPACE = re.compile(r"[\t\u00a0\u2000-\u200a\u202f\u205f\u3000]")  # with "  ": all that collapse_spaces changes
_CAPTION_HINT = re.compile(r"\b(?:Bild|Bilder|Foto|Fotos|Grafik|Video|Bildquelle|Fotoquelle)\s*:")  # _CAPTION needs one
_FIRST_WORD = re.compile(r"[\wÄÖÜäöüß]+")
_INITIALS_END = re.compile(r"(?:^|\s)(?:[A-Za-zÄÖÜäöü]\.){1,3}[A-Za-zÄÖÜäöü]$")
URL_SCHEMES = ("http", "https", "mailto")


@dataclass
class _Block:
    text: str
    line: int
    kind: str = "paragraph"  # paragraph | heading


# --------------------------------------------------------------------------- blocks


def split_blocks(body: str, first_line: int) -> list[_Block]:
    """Paragraphs: blank lines separate them and the lines inside one are joined. A body
    without any blank line between text lines has one paragraph per line."""
    lines = [line.strip() for line in body.split("\n")]
    nonblank = [i for i, line in enumerate(lines) if line]
    if not nonblank:
        return []
    has_blank = len(nonblank) < nonblank[-1] - nonblank[0] + 1
    blocks: list[_Block] = []
    current: list[str] = []
    start = 0
    for index, line in enumerate(lines):
        if line:
            if not has_blank:
                blocks.append(_Block(line, first_line + index))
                continue
            if not current:
                start = index
            current.append(line)
        elif current:
            blocks.append(_Block(" ".join(current), first_line + start))
            current = []
    if current:
        blocks.append(_Block(" ".join(current), first_line + start))
    return blocks


def collapse_spaces(text: str) -> str:
    """Runs of spaces, tabs and no-break spaces inside a paragraph become one space."""
    if "  " not in text and _ODD_SPACE.search(text) is None:  # single spaces only: nothing to collapse
        return text.strip()
    return _SPACES.sub(" ", text).strip()


def is_headline(text: str, max_chars: int = 100, max_words: int = 14) -> bool:
    """A headline or subheading: short, one line, with a letter, and no final punctuation
    (a closing quote or guillemet after the last word is allowed)."""
    stripped = text.rstrip(_CLOSING_QUOTES).rstrip()
    if not stripped or len(text) > max_chars or len(text.split()) > max_words:
        return False
    if not any(ch.isalpha() for ch in stripped):
        return False
    return stripped[-1] not in _FINAL_PUNCTUATION


def first_sentence_title(text: str, limit: int = 90) -> str:
    """The first sentence, cut at a word boundary to at most ``limit`` characters (with …)."""
    sentences = split_sentences(text)
    sentence = sentences[0] if sentences else text
    if len(sentence) <= limit:
        return sentence
    cut = sentence[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:-–") + "…"


def clean_title(title: str) -> tuple[str, list[str]]:
    """Titles lose decoration: leading/trailing emoji and symbols, and leading ``[Tag]``
    groups, which become tags. ``🔥🔥 [Nordkorea] Putin in Nordkorea`` → ``Putin in
    Nordkorea`` with tag ``Nordkorea``."""
    tags: list[str] = []
    text = collapse_spaces(title)
    while True:
        before = text
        text = _strip_decoration(text)
        match = re.match(r"^\[([^\[\]]{1,40})\]\s*", text)
        if match:
            tags.append(match.group(1).strip())
            text = text[match.end():]
        if text == before:
            break
    text = _strip_decoration(text[::-1])[::-1]
    return text.strip(), [tag for tag in tags if tag]


def _strip_decoration(text: str) -> str:
    """Drop leading symbols (emoji, dingbats, format characters, marks, spaces, ``+*#|•``)."""
    index = 0
    while index < len(text):
        ch = text[index]
        category = unicodedata.category(ch)
        if category in ("So", "Sk", "Cf", "Mn", "Me", "Zs", "Cs", "Co") or ch in "+*#|•·~=_>-–—":
            index += 1
        else:
            break
    return text[index:]


# --------------------------------------------------------------------------- sentences

_ABBREVIATIONS = frozenset(
    """z b u a d h o ä s v i bzw ca dr prof nr st usw etc vgl mio mrd jh jhd sog ggf inkl evtl zb bspw abs art bd
    hrsg jan feb febr mär apr jun jul aug sep sept okt nov dez mr mrs ms hr fr str tel chr min max rd mind bzgl
    zzt ehem stv gegr geb gest gen lt it ua uvm vs""".split()
)
# ``[.!?…][.!?…]*`` is ``[.!?…]+`` spelled so that the scan jumps from mark to mark.
_BOUNDARY = re.compile(r"([.!?…][.!?…]*)([\"'“”’»«›‹)\]]*)(\s+)(?=[\"„“«»‚‹(\[]?[A-ZÄÖÜ0-9])")
_GUILLEMET = re.compile("[«»]")
_DOUBLE_QUOTE = re.compile('"')
_QUOTE_PAIRS = (("„", "“"), ("«", "»"), ("»", "«"), ("‹", "›"), ("“", "”"))


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """Spans of closed quotations („…“, «…», »…«, ‹…›, “…”, "…") up to 600 characters."""
    spans: list[tuple[int, int]] = []
    guillemets = _GUILLEMET.search(text)
    for opening, closing in _QUOTE_PAIRS:
        if opening in "«»" and guillemets and guillemets.group(0) != opening:
            continue  # a text uses «…» or »…«, not both: a closing mark never opens
        start = text.find(opening)
        while start != -1:
            end = text.find(closing, start + 1)
            if end == -1:
                break
            if end - start <= 600:
                spans.append((start, end))
            start = text.find(opening, end + 1)
    if '"' in text:
        positions = [m.start() for m in _DOUBLE_QUOTE.finditer(text)]
        for start, end in zip(positions[::2], positions[1::2]):
            if end - start <= 600:
                spans.append((start, end))
    return spans


def split_sentences(text: str) -> list[str]:
    """German sentence splitting: a sentence ends at ``.``, ``!``, ``?`` or ``…`` (with
    closing quotes) before a capital, digit or opening quote, except after an
    abbreviation (``z.B.``, ``Dr.``), an initial (``A.``), an ordinal (``19. Juni``) and
    inside a closed quotation."""
    spans: list[tuple[int, int]] | None = None  # found at the first boundary
    sentences: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        if spans is None:
            spans = _quote_spans(text)
        punctuation_start, end_of_punct = match.start(1), match.end(2)
        if spans and any(s < punctuation_start and end_of_punct <= e for s, e in spans):
            continue
        if match.group(1) == ".":
            before = text[start:punctuation_start]
            token = _FIRST_WORD.match(before[-64:][::-1])  # the last word (a longer one is no abbreviation either)
            word = token.group(0)[::-1] if token else ""
            if word.lower() in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
                continue
            if word.isdigit() and len(word) <= 2:
                continue
            # Initials (``A.B.``): a text ending in a letter was decided above (one letter is
            # an initial; before the last letter of a longer word there is no dot), so only
            # ``$`` before a final line break is left to the pattern.
            if before.endswith("\n") and _INITIALS_END.search(before, max(0, len(before) - 12)):  # a match is at most 8 characters
                continue
        sentence = text[start:end_of_punct].strip()
        if sentence:
            sentences.append(sentence)
        start = match.end(3)
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


# --------------------------------------------------------------------------- rules on blocks


def remove_ads(blocks: list[_Block], removed: list[Removed]) -> list[_Block]:
    """Ad remnants (``AdUnit Mobile_Pos2``, a lone ``Anzeige``) are removed."""
    kept = []
    for block in blocks:
        if _AD_LINE.match(block.text):
            removed.append(Removed("ad", block.text, block.line))
        else:
            kept.append(block)
    return kept


def remove_captions(blocks: list[_Block], removed: list[Removed]) -> list[_Block]:
    """Photo captions: a short paragraph ending in ``Bild: Agentur`` or ``Foto: …`` credits."""
    kept = []
    for block in blocks:
        match = _CAPTION.match(block.text) if ":" in block.text and _CAPTION_HINT.search(block.text) else None
        if match and not match.group("credit").rstrip().endswith(".") and not match.group("caption").rstrip().endswith((".", "!", "?")):
            removed.append(Removed("caption", block.text, block.line))
        else:
            kept.append(block)
    return kept


def parse_signoff(text: str) -> list[str] | None:
    """An agency sign-off like ``mak/AR (dpa, afp, rtr)``: the agencies, or ``None``."""
    match = _SIGNOFF.match(text.strip())
    if not match:
        return None
    agencies = [part.strip() for part in _AGENCY_SPLIT.split(match.group("agencies")) if part.strip()]
    if not agencies or any(len(a) > 25 or len(a.split()) > 3 for a in agencies):
        return None
    return agencies


def remove_signoff(blocks: list[_Block], removed: list[Removed]) -> tuple[list[_Block], list[str]]:
    """The agency sign-off that closes an article is metadata (``agencies``), not text."""
    if not blocks:
        return blocks, []
    agencies = parse_signoff(blocks[-1].text)
    if agencies is None:
        return blocks, []
    removed.append(Removed("signoff", blocks[-1].text, blocks[-1].line))
    return blocks[:-1], agencies


def remove_teaser(blocks: list[_Block], removed: list[Removed]) -> list[_Block]:
    """A teaser cut off with ``…`` at the top that repeats the lead: at least 60 % of its
    words come again in the rest of the article."""
    for index in range(min(2, len(blocks))):
        block = blocks[index]
        if block.kind != "paragraph" or not _TEASER_END.search(block.text):
            continue
        words = {w.lower() for w in _WORD.findall(block.text)}
        rest = {w.lower() for b in blocks[index + 1 :] for w in _WORD.findall(b.text)}
        if words and len(words & rest) / len(words) >= 0.6:
            removed.append(Removed("teaser", block.text, block.line))
            return blocks[:index] + blocks[index + 1 :]
    return blocks


def mark_subheadings(blocks: list[_Block]) -> None:
    """Short lines without final punctuation between paragraphs are subheadings."""
    for index, block in enumerate(blocks):
        if 0 < index < len(blocks) - 1 and block.kind == "paragraph" and is_headline(block.text, max_chars=80, max_words=12):
            block.kind = "heading"


def take_dateline(text: str, rest_of_text: str) -> tuple[str | None, str | None, str]:
    """A leading dateline is metadata: ``(Seoul) …``, ``Berlin (dpa) - …``, or ``Pjöngjang. …``
    when that place is named again in the article. Returns (place, agency, text)."""
    match = _PAREN_DATELINE.match(text)
    if match:
        return match.group("place").strip(), None, text[match.end():]
    match = _AGENCY_DATELINE.match(text)
    if match and parse_signoff(f"({match.group('agency')})"):
        return match.group("place").strip(), match.group("agency").strip(), text[match.end():]
    match = _WORD_DATELINE.match(text)
    if match and re.search(r"\b" + re.escape(match.group("place")), rest_of_text):
        return match.group("place"), None, text[match.end():]
    return None, None, text


def safe_url(url: str | None) -> str | None:
    """Only ``http``, ``https`` and ``mailto`` links with a host (or address) are kept."""
    if not url:
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in URL_SCHEMES:
        return None
    if parts.scheme.lower() in ("http", "https") and not parts.netloc:
        return None
    if any(ch in url for ch in "\n\r\t <>\"'`\\"):
        return None
    return url


def site_of(url: str | None) -> str | None:
    """The site a URL belongs to, without ``www.``."""
    if not url or url.startswith("mailto:"):
        return None
    host = urlsplit(url).hostname or ""
    return host[4:] if host.startswith("www.") else host or None


def take_markdown_extras(blocks: list[_Block], removed: list[Removed], images: list[Image]) -> tuple[list[_Block], str | None]:
    """In a Markdown body: a link alone at the top gives the article's URL; images alone
    in a paragraph become links (never embedded); ``#`` headings become headings."""
    url = None
    kept = []
    for index, block in enumerate(blocks):
        link = _MARKDOWN_LINK.match(block.text)
        if link and url is None and not kept:
            candidate = safe_url(link.group("url"))
            if candidate:
                url = candidate
                removed.append(Removed("link", block.text, block.line))
                continue
        image = _MARKDOWN_IMAGE.match(block.text)
        if image:
            target = safe_url(image.group("url"))
            if target:
                images.append(Image(collapse_spaces(image.group("alt")), target))
            removed.append(Removed("image", block.text, block.line))
            continue
        heading = _ATX_HEADING.match(block.text)
        if heading:
            block.text = heading.group("text")
            block.kind = "heading"
        kept.append(block)
    return kept, url


# --------------------------------------------------------------------------- the stage


def normalise(document: RawDocument, source_id: str, meta: SourceMeta | None = None) -> Source:
    """Apply every rule to one document and return the ``Source`` with its change record."""
    meta = meta or SourceMeta()
    changes: list[Change] = list(document.changes)
    removed: list[Removed] = []
    images: list[Image] = []
    metadata = document.metadata

    if metadata.get("date_origin") == "date header":
        changes.append(Change("metadata", f"date {metadata['date'].iso()}", "Datum aus der Kopfzeile", document.body_line))

    blocks = split_blocks(document.body, document.body_line)
    repairs = RepairRecord()
    for block in blocks:
        repaired = repair_text(block.text)
        if repaired != block.text:
            repairs.add(block.text, repaired, block.line)
        collapsed = collapse_spaces(repaired)
        if collapsed != repaired.strip():
            changes.append(Change("whitespace", repaired, collapsed, block.line))
        block.text = collapsed
    blocks = [b for b in blocks if b.text]

    url = safe_url(metadata.get("url"))
    if metadata.get("url") and not url:
        removed.append(Removed("link", f"url: {metadata['url']} (scheme not allowed)", None))
    if document.format == "front-matter":
        blocks, body_url = take_markdown_extras(blocks, removed, images)
        url = url or body_url
    blocks = remove_ads(blocks, removed)
    blocks = remove_captions(blocks, removed)
    blocks, agencies = remove_signoff(blocks, removed)

    tags: list[str] = []
    title = None
    title_source = None
    if metadata.get("title"):
        raw_title = metadata["title"]
        fixed = repair_text(raw_title)
        if fixed != raw_title:
            repairs.add(raw_title, fixed, None)
        title, title_tags = clean_title(fixed)
        tags.extend(title_tags)
        if title != collapse_spaces(fixed):
            changes.append(Change("title", fixed, title))
        title_source = "front matter"
    if blocks and blocks[0].kind == "paragraph" and len(blocks) > 1 and is_headline(blocks[0].text) and not meta.title and not title:
        headline = blocks.pop(0)
        title, title_tags = clean_title(headline.text)
        tags.extend(title_tags)
        changes.append(Change("title", headline.text, "als Titel verwendet", headline.line))
        title_source = "headline"

    blocks = remove_teaser(blocks, removed)
    if blocks and blocks[0].kind == "paragraph":
        rest = " ".join(b.text for b in blocks[1:]) + " " + blocks[0].text[40:]
        place, agency, text = take_dateline(blocks[0].text, rest)
        if place:
            changes.append(Change("dateline", blocks[0].text[: len(blocks[0].text) - len(text)].strip(), f"Ort: {place}", blocks[0].line))
            blocks[0].text = text
            if agency:
                agencies = agencies or parse_signoff(f"({agency})") or []
    else:
        place = None
    mark_subheadings(blocks)

    if meta.title:
        title, title_source = meta.title, "dossier.yml"
    if not title:
        first = next((b for b in blocks if b.kind == "paragraph"), None)
        if first is not None:
            title, title_source = first_sentence_title(first.text), "first sentence"
        else:
            title, title_source = _title_from_path(document.path), "file name"

    date: PartialDate | None = metadata.get("date")
    if meta.date is not None:
        date = meta.date

    body: list[Heading | Paragraph] = []
    section = None
    number = 0
    for block in blocks:
        if block.kind == "heading":
            section = block.text
            body.append(Heading(block.text, block.line))
        else:
            number += 1
            body.append(Paragraph(id=f"p{number}", text=block.text, line=block.line, section=section, sentences=split_sentences(block.text)))

    changes.extend(repairs.changes())
    url = meta.url or url
    tags = list(dict.fromkeys(list(meta.tags) + tags + list(metadata.get("tags", []))))
    extra = dict(metadata.get("extra", {}))
    if metadata.get("author"):
        extra["author"] = metadata["author"]
    extra["title_source"] = title_source
    if metadata.get("date_origin") and meta.date is None:
        extra["date_source"] = metadata["date_origin"]
    elif meta.date is not None:
        extra["date_source"] = "dossier.yml"
    return Source(
        id=source_id,
        path=document.path,
        format=document.format,
        encoding=document.encoding,
        title=title,
        date=date,
        publisher=meta.publisher or metadata.get("publisher") or site_of(url),
        url=url,
        place=place,
        tags=tags,
        categories=list(metadata.get("categories", [])),
        agencies=agencies,
        blocks=body,
        removed=removed,
        changes=changes,
        images=images,
        extra=extra,
    )


def _title_from_path(path: str) -> str:
    """Jekyll's titleized slug: the file name without date and extension, words capitalised."""
    name = path.rsplit("/", 1)[-1]
    name = re.sub(r"^\d{4}-\d{1,2}-\d{1,2}-", "", name)
    name = name.rsplit(".", 1)[0] if "." in name.strip(".") else name
    words = [w for w in re.split(r"[-_\s]+", name) if w]
    return " ".join(w[:1].upper() + w[1:] for w in words) or slugify(path) or path
