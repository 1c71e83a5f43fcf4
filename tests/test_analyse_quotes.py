"""Quotes and their speakers, on the seeds and on the second dossier."""

from __future__ import annotations

import pytest

from .analysis_support import SEED, second_build, seed_build
from dossier_build.analyse.quotes import is_quotation, mask_quotations, quote_spans


@pytest.fixture(scope="module")
def seeds():
    return seed_build()


@pytest.fixture(scope="module")
def second():
    return second_build()


def find(result, fragment):
    hits = [q for q in result.dossier.quotes if fragment in q.text]
    assert len(hits) == 1, (fragment, hits)
    return hits[0]


@pytest.mark.parametrize(
    "fragment, speaker, seed",
    [
        ("Die sich vertiefende Zusammenarbeit zwischen Russland und Nordkorea", "pat-ryder", "000"),
        ("Was uns Sorgen macht", "john-kirby", "001"),
        ("Das zeigt auch, dass unsere Sicherheit nicht regional ist", "jens-stoltenberg", "002"),  # continuation
        ("Die Vorstellung, dass wir die Sicherheit", "jens-stoltenberg", "002"),  # next paragraph, continuation
        ("Das ist ein gewaltiger Vertrag", "kim-jong-un", "003"),
        ("Ich habe keinen Zweifel daran", "kim-jong-un", "003"),  # "sagte der Machthaber"
        ("Die Militärkooperation allein ist schon ein großer Gewinn", "jenny-town", "003"),  # role, then name in apposition
        ("Ich denke, Nordkorea sieht Russland", "jenny-town", "003"),  # continuation
        ("Jede Form der Zusammenarbeit", "antonio-guterres", "004"),
        ("einen erheblichen Einfluss auf den Krieg", "an-chan-il", "004"),  # "nach seiner Einschätzung"
        ("Wir werden über alle Themen sprechen", "wladimir-putin", "004"),  # "Putin … gesagt:"
        ("Russland unterstützte", "wladimir-putin", "001"),  # "schrieb Herr Putin"
        ("die standhafte Unterstützung", "wladimir-putin", "000"),  # "schrieb der Kremlchef"
        ("weit vorangekommen", "wladimir-putin", "000"),  # "fügte er hinzu"
        ("männlichen Freundschaft", "dmytro-kuleba", "001"),
        ("als Sprungbrett dienen", "kim-jong-un", "004"),
        ("volle und bedingungslose Unterstützung", "kim-jong-un", "004"),  # "bekräftige er"
    ],
)
def test_seed_quotes_and_speakers(seeds, fragment, speaker, seed):
    quote = find(seeds, fragment)
    assert quote.speaker == speaker
    assert quote.source == SEED[seed]
    assert quote.speaker_name is None


def test_a_speaker_nobody_listed_keeps_the_name(seeds):
    quote = find(seeds, "überquerten mehrere Dutzend nordkoreanische Soldaten")
    assert quote.speaker is None
    assert quote.speaker_name == "der südkoreanische Generalstab"


@pytest.mark.parametrize("text", ["Rodong Sinmun", "Wall Street Journal", "Spezialoperation", "38 North", "Möglichkeiten", "genau", "strategische Partnerschaft"])
def test_names_titles_scare_quotes_and_unattributed_terms_are_no_quotes(seeds, text):
    assert not [q for q in seeds.dossier.quotes if q.text == text]


def test_a_partial_quote_of_an_unlisted_speaker_before_the_verb(seeds):
    quote = find(seeds, "historischen Besuch")
    assert (quote.speaker, quote.speaker_name) == (None, "Nordkoreas Staatsmedien")


def test_no_quote_from_the_off_topic_paragraph(seeds):
    assert not [q for q in seeds.dossier.quotes if (q.source, q.paragraph) == (SEED["003"], "p14")]


def test_quote_text_is_inside_its_paragraph(seeds):
    for quote in seeds.dossier.quotes:
        par = seeds.dossier.source(quote.source).paragraph(quote.paragraph)
        assert quote.text in par.text


def test_second_dossier_quotes(second):
    assert find(second, "Dies ist der Beginn einer neuen Geschichte").speaker == "ursula-von-der-leyen"  # title before the name
    assert find(second, "Wir senden ein klares Signal").speaker == "ursula-von-der-leyen"  # "fügte sie hinzu"
    assert find(second, "Wir haben lange auf diesen Moment gewartet").speaker == "luiz-inacio-lula-da-silva"  # "so Lula"
    assert find(second, "Das Abkommen ist in seiner jetzigen Form").speaker == "emmanuel-macron"  # "X schrieb …:"
    assert find(second, "ein Schritt in die richtige Richtung").speaker == "javier-milei"  # "sagte der Staatschef"
    assert find(second, "Das ist eine gute Nachricht").speaker == "olaf-scholz"  # ‹…›
    assert find(second, "Der Vertrag enthält die strengsten Umweltregeln").speaker == "ursula-von-der-leyen"  # role alias
    assert find(second, "Niemand muss sich Sorgen").speaker == "ursula-von-der-leyen"  # continuation
    greenpeace = find(second, "Dieses Abkommen belohnt")
    assert (greenpeace.speaker, greenpeace.speaker_name) == (None, "die Greenpeace-Sprecherin Lis Cunha")
    texts = {q.text for q in second.dossier.quotes}
    assert "Le Monde" not in texts and "Provokation" not in texts


def test_quote_spans_and_rules():
    text = 'Er sagte: „Eins zwei.“ Dann «drei vier» und "fünf sechs" sowie ‹sieben acht›.'
    inner = [text[s[2] : s[3]] for s in quote_spans(text)]
    assert inner == ["Eins zwei.", "drei vier", "fünf sechs", "sieben acht"]
    assert not is_quotation("Frankfurter Allgemeine Zeitung", set())
    assert not is_quotation("Sanktionen", set())
    assert not is_quotation("Tass", {"tass"})
    assert is_quotation("Wir Bleiben Hier.", set())  # capitalised, but a sentence
    assert is_quotation("weit vorangekommen", set())


def test_sentences_split_after_a_guillemet_quote_followed_by_a_guillemet_title():
    # «…» then «38 North»: the closing » must not open a »…« span that hides every
    # sentence end up to the next «, or continuation quotes lose their speaker
    from dossier_build.normalise import split_sentences

    text = "«Ein großer Gewinn», sagt die Leiterin von «38 North», Jenny Town. Die Ziele rücken näher. «Ich denke so.»"
    assert split_sentences(text) == ["«Ein großer Gewinn», sagt die Leiterin von «38 North», Jenny Town.", "Die Ziele rücken näher.", "«Ich denke so.»"]
    assert split_sentences("»Eins.« Zwei. »Drei.«") == ["»Eins.«", "Zwei.", "»Drei.«"]


def test_quotations_are_masked_in_place():
    """Words inside quotation marks are hidden from the speaker rules; offsets stay."""
    text = "Er sagte: „Putin sagte nichts“, und «Kim» schwieg. \"Ja\""
    spans = quote_spans(text)
    masked = mask_quotations(text, spans)
    assert len(masked) == len(text)
    assert masked.replace("\u2063", "") == "Er sagte: , und  schwieg. "
    assert [masked[s:e] == "\u2063" * (e - s) for s, e, _, _ in spans] == [True, True, True]
    assert mask_quotations("ohne Zitat", quote_spans("ohne Zitat")) == "ohne Zitat"


def test_verbs_of_saying_are_whole_listed_words():
    """The verbs are one prefix-sharing pattern: each listed word is found on its own
    and nothing longer, shorter or capitalised is."""
    from dossier_build.analyse.quotes import _SPEECH_VERBS, _VERB, word_alternation

    for verb in _SPEECH_VERBS:
        assert [m.group(0) for m in _VERB.finditer(f"– {verb}, ({verb}) x{verb} {verb}x {verb.capitalize()}")] == [verb, verb]
    assert [m.group(0) for m in _VERB.finditer("sag sagte sagtest gesagt gesag sage so sonst")] == ["sagte", "gesagt", "so"]
    assert word_alternation(["ab", "abc", "b"]) in ("(?:abc?|b)", "(?:b|abc?)")
