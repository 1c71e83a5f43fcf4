"""The analysis never fails on odd text: any paragraph, any quotes, any names."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dossier_build.analyse import analyse_source, compile_config
from dossier_build.analyse.offtopic import mark_off_topic
from dossier_build.analyse.timeline import source_events
from dossier_build.config import ActorSpec, Config, TopicSpec
from dossier_build.model import Paragraph, PartialDate, Source
from dossier_build.normalise import split_sentences

from .analysis_support import ROOT

CONFIG = Config(
    path=ROOT / "dossier.yml",
    title="T",
    actors=[
        ActorSpec(id="kim", name="Kim Jong Un", kind="person", aliases=("Kim",)),
        ActorSpec(id="ru", name="Russland", kind="state", aliases=("russisch*", "*moskau")),
        ActorSpec(id="un", name="Vereinte Nationen", kind="organisation", aliases=("UN", "UN-*")),
    ],
    topics=[TopicSpec(id="s", name="S", keywords=("Sanktion*", "*krieg", "strategische* Partnerschaft"))],
)
COMPILED = compile_config(CONFIG)
PIECES = st.sampled_from(
    ["Kim", "Kims", "Kim-Il-Sung-Platz", "Kim Yong-il", "„", "“", "«", "»", "‹", "›", '"', "sagte", "so", "er", "Er", ",", ".", ":", " ",
     "UN-Resolution", "russisch-", "Sanktionen", "im März", "im Jahr 1999", "vor 3 Jahren", "der Machthaber", "Herr", "\u00a0", "-", "Ä", "x"]
)
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=40).map(" ".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(TEXT, min_size=1, max_size=5), st.booleans())
def test_any_text_is_analysed_without_error(texts, dated):
    paragraphs = [Paragraph(id=f"p{i + 1}", text=t, sentences=split_sentences(t)) for i, t in enumerate(texts)]
    source = Source(id="s", path="s", format="text", encoding="utf-8", title="t", date=PartialDate(2024, 6) if dated else None, blocks=paragraphs)
    quotes = analyse_source(source, COMPILED)
    mark_off_topic([source])
    source_events(source)
    for paragraph in paragraphs:
        for mention in paragraph.mentions:
            assert paragraph.text[mention.start : mention.end] == mention.surface
    for quote in quotes:
        assert quote.text and (quote.speaker or quote.speaker_name)
        assert quote.text in source.paragraph(quote.paragraph).text
