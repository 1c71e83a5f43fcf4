"""The fast path of text repair gives exactly what ftfy gives.

Reference: ``ftfy.fix_text(text, uncurl_quotes=False)`` followed by NFC. Compared on the
seeds (paragraph by paragraph and whole files), the Jekyll corpus, a synthetic benchmark
corpus, every safe character alone and in pairs, and generated text with mojibake.
"""

from __future__ import annotations

import sys
import unicodedata

import ftfy
import ftfy.bad_codecs  # noqa: F401  registers sloppy-windows-1252
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import JEKYLL_CORPUS, ROOT, SEEDS
from dossier_build.normalise import needs_repair, repair_text
from dossier_build.readers import decode
from dossier_build.repair import _SAFE_TEXT, is_clean


def reference(text: str) -> str:
    return unicodedata.normalize("NFC", ftfy.fix_text(text, uncurl_quotes=False))


def assert_same(text: str) -> None:
    expected = reference(text)
    assert repair_text(text) == expected, repr(text[:200])
    if not needs_repair(text):
        assert expected == text, f"needs_repair said no, but ftfy changes {text[:200]!r}"


def pieces(text: str) -> list[str]:
    """Whole text, its paragraphs and its lines."""
    return [text] + [p for p in text.split("\n\n") if p.strip()] + [line for line in text.split("\n") if line.strip()]


SAFE = [chr(code) for code in range(0x3000) if _SAFE_TEXT.fullmatch(chr(code))]
SAFE_NON_ASCII = [c for c in SAFE if ord(c) > 127]


def test_seeds_paragraphs_and_files():
    for path in sorted(SEEDS.iterdir()):
        text, _, _ = decode(path.read_bytes())
        for piece in pieces(text):
            assert_same(piece)


def test_seed_mojibake_is_repaired():
    """Seed 003 is mojibake: the fast path must not skip it."""
    text, _, _ = decode((SEEDS / "003_d349342649c47bb0.txt").read_bytes())
    assert needs_repair(text)
    assert "Ã¼" not in repair_text(text) and "über" in repair_text(text)


def test_correct_german_typography_is_clean():
    for text in ("„Das ist ein gewaltiger Vertrag“, sagte Kim.", "«Historischer Besuch» – 1950–1953 … Grüße, Straße, Øresund, Łódź"):
        assert not needs_repair(text)
        assert repair_text(text) == text


@pytest.mark.skipif(not JEKYLL_CORPUS.is_dir(), reason="shared Jekyll corpus not present")
def test_jekyll_corpus():
    for path in sorted(JEKYLL_CORPUS.iterdir()):
        if path.is_file():
            try:
                text, _, _ = decode(path.read_bytes())
            except Exception:
                continue
            for piece in pieces(text):
                assert_same(piece)


def test_synthetic_benchmark_corpus(tmp_path):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from make_corpus import make_corpus

    make_corpus(150, tmp_path, seed=7)
    for path in sorted((tmp_path / "sources").iterdir()):
        text, _, _ = decode(path.read_bytes())
        for piece in pieces(text):
            assert_same(piece)


def test_every_safe_character_alone_and_in_context():
    """Each safe character survives ftfy alone and between ASCII neighbours."""
    assert len(SAFE_NON_ASCII) > 250
    for char in SAFE:
        assert reference(char) == char
    for char in SAFE_NON_ASCII:
        for left in " a.Z(":
            for right in " b,?1":
                assert_same(left + char + right)


@pytest.mark.slow
def test_every_pair_of_safe_characters():
    """All pairs of non-ASCII safe characters: the mojibake pattern is searched around
    runs of non-ASCII characters, and must agree with ftfy on each pair."""
    for first in SAFE_NON_ASCII:
        for second in SAFE_NON_ASCII:
            text = f"x{first}{second} y"
            if is_clean(text):
                assert reference(text) == text, repr(text)


def mojibake(text: str, encoding: str) -> str:
    try:
        return text.encode("utf-8").decode(encoding)
    except UnicodeDecodeError:
        return text


german = st.text(alphabet=st.sampled_from(list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:!?-()'\"„“”‚‘’«»‹›–—…äöüÄÖÜßéèàçñøåłśčžÉÁ€§°²½×·\u00a0\n&<>")), max_size=200)
any_text = st.text(alphabet=st.characters(max_codepoint=0x2FFF, blacklist_categories=("Cs",)), max_size=80)
safe_text = st.text(alphabet=st.sampled_from(SAFE), max_size=120)


@settings(max_examples=400, deadline=None)
@given(text=german, encoding=st.sampled_from(["sloppy-windows-1252", "latin-1", "sloppy-windows-1250", "macroman", "cp437"]), broken=st.booleans())
def test_generated_german_with_mojibake(text, encoding, broken):
    assert_same(mojibake(text, encoding) if broken else text)


@settings(max_examples=400, deadline=None)
@given(text=safe_text)
def test_generated_safe_text(text):
    assert_same(text)


@settings(max_examples=300, deadline=None)
@given(text=any_text)
def test_generated_any_text(text):
    assert_same(text)


@settings(max_examples=200, deadline=None)
@given(clean=german, broken=german)
def test_generated_partly_broken_text(clean, broken):
    """Correct text with a mojibake passage inside, on one line and on several."""
    bad = mojibake(broken, "sloppy-windows-1252")
    assert_same(clean + bad + clean)
    assert_same(clean + "\n" + bad + "\n" + clean)
