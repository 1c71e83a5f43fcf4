"""Exactly what ftfy gives, without running ftfy on text it would not change.

ftfy (``fix_text`` with ``uncurl_quotes=False``, then NFC) is the reference for text
repair, but it is slow (about 1-2 MB/s): every segment goes through its mojibake
heuristic, about ten fixers and a second pass. Almost all text is already correct, so
:func:`repair_text` first asks a cheap, exact question (:func:`is_clean`): could any step
of ftfy change this text? Only if the answer is yes does it run ftfy's steps, in ftfy's
order, again skipping the rest as soon as the text is clean.

Why :func:`is_clean` is exact (``tests/test_repair_fast_path.py`` checks it on the seeds,
a synthetic corpus and generated text):

- Every character of ``SAFE_CHARS`` is left alone by each of ftfy's fixers on its own
  (checked character by character); none of them is a combining mark, so no sequence of
  them changes under NFC; HTML entities need ``&`` and terminal escapes ``ESC``, both
  left out.
- ftfy's mojibake step (``fix_encoding``) changes nothing unless its heuristic
  ``ftfy.badness.BADNESS_RE`` finds a match. Within ``SAFE_CHARS`` every alternative of
  that pattern needs two non-ASCII characters next to each other (those that need only
  one, ``Ã``/``Â``/``Œ``/``œ`` and C1 controls, are not safe characters), and no match
  is longer than 7 characters. So the pattern is searched only around runs of
  non-ASCII characters, with a margin wider than any match.
"""

from __future__ import annotations

import re
import unicodedata

import ftfy
from ftfy.badness import BADNESS_RE

FTFY_OPTIONS = {"uncurl_quotes": False}
_CONFIG = ftfy.TextFixerConfig(uncurl_quotes=False, explain=False)

# Characters no ftfy fixer changes on their own (see the module docstring). ASCII without
# "&" (HTML entities) and control characters; Latin-1 letters and signs without the
# mojibake lead letters Ã and Â; Latin Extended-A without ligatures (Ĳ ĳ Ŀ ŀ ŉ Œ œ);
# general punctuation (dashes, quotes, ellipsis, ‹ ›) without line separators and
# direction marks; narrow no-break space, euro and trade mark signs.
SAFE_CHARS = (
    "\t\n\x20-\x25\x27-\x7e"
    "\xa0-\xc1\xc4-\xff"
    "\u0100-\u0131\u0134-\u013e\u0141-\u0148\u014a-\u0151\u0154-\u017e"
    "\u2010-\u2027\u2030-\u205e\u202f\u20ac\u2122"
)
_SAFE_TEXT = re.compile(f"[{SAFE_CHARS}]*")
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f][^\x00-\x7f]+")  # two or more; spelled so the scan skips ASCII fast
# Longest match of BADNESS_RE is 7 characters (``ГўВЂВ.x``); search a wider margin.
_MARGIN = 8

_ONE_STEP = getattr(ftfy, "_fix_encoding_one_step_and_explain", None)
_FIXERS = getattr(ftfy, "FIXERS", None)
_FIXER_ORDER = (
    "fix_c1_controls",
    "fix_latin_ligatures",
    "fix_character_width",
    "uncurl_quotes",
    "fix_line_breaks",
    "fix_surrogates",
    "remove_terminal_escapes",
    "remove_control_chars",
)


def is_clean(text: str) -> bool:
    """True only if ftfy (with ``uncurl_quotes=False``) and NFC would return ``text``
    unchanged: every character is a safe character, and ftfy's mojibake pattern finds
    nothing around the runs of non-ASCII characters."""
    if _SAFE_TEXT.fullmatch(text) is None:
        return False
    if text.isascii():
        return True
    for run in _NON_ASCII_RUN.finditer(text):
        if BADNESS_RE.search(text, max(0, run.start() - _MARGIN), run.end() + _MARGIN):
            return False
    return True


def needs_repair(text: str) -> bool:
    """Could ftfy change this text? Exact in one direction: ``False`` means ftfy returns it
    unchanged, so skipping ftfy gives exactly what ftfy gives."""
    return not is_clean(text)


def _fix_segment(segment: str, unescape: bool, clean: bool | None = None) -> str:
    """ftfy's ``fix_and_explain`` on one segment, step for step, stopping as soon as the
    text is clean (every further step would leave it unchanged). ``clean``: whether
    the segment is clean, if already known; each text is tested once."""
    text = segment
    if clean is None:
        clean = is_clean(text)
    while True:
        if clean:
            return text
        original = text
        if unescape and _CONFIG.unescape_html:
            text = _FIXERS["unescape_html"](text)
            if text != original:
                clean = is_clean(text)
        while not clean:  # ftfy's fix_encoding: one step at a time until stable
            before = text
            text = _ONE_STEP(text, _CONFIG).text
            if text == before:
                break
            clean = is_clean(text)
        if clean:
            return text
        for name in _FIXER_ORDER:
            if getattr(_CONFIG, name):
                text = _FIXERS[name](text)
        text = unicodedata.normalize(_CONFIG.normalization, text)
        if text == original:
            return text
        clean = is_clean(text)


def ftfy_fix(text: str) -> str:
    """The result of ``ftfy.fix_text(text, uncurl_quotes=False)``: the text is cut into
    ftfy's segments (lines, at most ``max_decode_length`` characters), and each is fixed
    with ftfy's own steps, skipping those that cannot change it."""
    if is_clean(text):
        return text
    if _ONE_STEP is None or _FIXERS is None:  # another ftfy layout: use it as it is
        return ftfy.fix_text(text, **FTFY_OPTIONS)
    unescape = _CONFIG.unescape_html == "auto" or bool(_CONFIG.unescape_html)
    if "\n" not in text and len(text) <= _CONFIG.max_decode_length:  # one segment, known not to be clean
        return _fix_segment(text, unescape and "<" not in text, clean=False)
    out = []
    position = 0
    while position < len(text):
        end = text.find("\n", position) + 1
        if end == 0:
            end = len(text)
        if end - position > _CONFIG.max_decode_length:
            end = position + _CONFIG.max_decode_length
        segment = text[position:end]
        if _CONFIG.unescape_html == "auto" and "<" in segment:
            unescape = False  # ftfy keeps this off for the rest of the text
        out.append(_fix_segment(segment, unescape and "<" not in segment))
        position = end
    return "".join(out)


def repair_text(text: str) -> str:
    """Mojibake and other encoding damage repaired as ftfy repairs it (keeping „…“:
    ``uncurl_quotes`` off), then Unicode NFC."""
    return unicodedata.normalize("NFC", ftfy_fix(text))
