"""Shortcuts taken for speed in the normaliser give exactly what the plain rules give.

Each reference below is the straightforward form of the rule (as it was written before it
was made faster); generated German-like text and the seeds must give the same result.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import SEEDS
from dossier_build.normalise import (
    _ABBREVIATIONS,
    _BOUNDARY,
    _CAPTION,
    _SPACES,
    _quote_spans,
    collapse_spaces,
    remove_captions,
    split_sentences,
    _Block,
)
from dossier_build.readers import decode


def reference_split_sentences(text: str) -> list[str]:
    spans = _quote_spans(text)
    sentences: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end_of_punct = match.end(2)
        if any(s < match.start(1) and end_of_punct <= e for s, e in spans):
            continue
        if match.group(1) == ".":
            before = text[start : match.start(1)]
            token = re.search(r"([\wÄÖÜäöüß]+)$", before)
            word = token.group(1) if token else ""
            if word.lower() in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
                continue
            if word.isdigit() and len(word) <= 2:
                continue
            if re.search(r"(?:^|\s)(?:[A-Za-zÄÖÜäöü]\.){1,3}[A-Za-zÄÖÜäöü]$", before):
                continue
        sentence = text[start:end_of_punct].strip()
        if sentence:
            sentences.append(sentence)
        start = match.end(3)
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def reference_collapse_spaces(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def reference_is_caption(text: str) -> bool:
    match = _CAPTION.match(text)
    return bool(match and not match.group("credit").rstrip().endswith(".") and not match.group("caption").rstrip().endswith((".", "!", "?")))


def pieces(items: list[str], max_size: int):
    return st.lists(st.sampled_from(items), max_size=max_size).map("".join)


sentence_text = pieces(list("abcdeßäöüz ABCZÄÖÜ .....!?…\"„“«»()019 zB.Dr.Nr.u.a.A.B.C.") + ["z.B.", "Dr. ", "19. Juni", "A. B. ", "Abc. ", "x" * 70 + ". "], 120)
spacey_text = pieces(list("ab. ") + ["  ", "\t", "\u00a0", "\u2009", "\u202f", "\u3000"], 40)
caption_text = pieces(list("Szene am Rand. ") + ["Bild: ", "Foto:", "Grafik : ", "dpa", "Yonhap/picture alliance", "!", "?", "."], 30)


def seed_paragraphs() -> list[str]:
    paragraphs = []
    for path in sorted(SEEDS.iterdir()):
        text, _, _ = decode(path.read_bytes())
        paragraphs += [p.replace("\n", " ") for p in text.split("\n\n") if p.strip()]
    return paragraphs


def test_seed_paragraphs():
    for paragraph in seed_paragraphs():
        assert split_sentences(paragraph) == reference_split_sentences(paragraph)
        assert collapse_spaces(paragraph) == reference_collapse_spaces(paragraph)


@settings(max_examples=500, deadline=None)
@given(text=sentence_text)
def test_split_sentences(text):
    assert split_sentences(text) == reference_split_sentences(text)


@settings(max_examples=300, deadline=None)
@given(text=spacey_text)
def test_collapse_spaces(text):
    assert collapse_spaces(text) == reference_collapse_spaces(text)


@settings(max_examples=300, deadline=None)
@given(text=caption_text)
def test_caption_hint_never_hides_a_caption(text):
    removed = []
    kept = remove_captions([_Block(text, 1)], removed)
    assert (not kept) == reference_is_caption(text)
