"""Front matter is written without PyYAML's emitter where the values are simple strings;
the bytes must be what ``yaml.safe_dump`` writes, and reading them back must give the
data, for any string (hostile titles included)."""

from __future__ import annotations

import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from dossier_build.render.markdown import front_matter, simple_yaml, yaml_scalar


def reference(data: dict) -> str:
    """What front_matter wrote before: the YAML emitter's output."""
    return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=True, width=1000) + "---\n\n" if data else ""


def strings(data: dict) -> list[str]:
    return [*data, *(v for value in data.values() for v in (value if isinstance(value, list) else [value]))]


def read_back(block: str):
    assert block.startswith("---\n") and block.endswith("\n---\n\n")
    return yaml.safe_load(block[4:-6])


# Characters and words around which YAML's rules turn: indicators, quotes, spaces, breaks,
# control and non-BMP characters, and words that resolve to other types.
TRICKY = st.sampled_from(list("#,[]{}&*!|>'\"%@`-?:.=~<+ _0123456789eExXoObB\t\n\r\x00\x85\xa0\u2028\u2029\ufeff\ud7ff\ue000\ufffd„“–…äß") + ["\U0001f600", "\U0010fffe", "  ", ": ", " #", "---", "..."])
TRICKY_WORDS = st.sampled_from(["yes", "No", "TRUE", "off", "null", "Null", "~", "", "=", "<<", "12", "-5", "+1", "0x1F", "0o17", "0b101", "1_000", "1e3", "-.5", ".inf", "-.INF", ".NaN", "3:25:45", "2024-06-01", "2024-06-01 12:00:00", "1:20", "0.", "'", '"'])
TEXT = st.one_of(
    st.text(),
    st.lists(TRICKY, max_size=12).map("".join),
    st.lists(st.one_of(TRICKY_WORDS, TRICKY), max_size=4).map("".join),
    st.text(st.sampled_from("ab: #'"), min_size=950, max_size=1100),
)
KEYS = st.one_of(st.sampled_from(["title", "tags", "description"]), TEXT)
DATA = st.dictionaries(KEYS, st.one_of(TEXT, st.lists(TEXT, max_size=4)), max_size=4)


@settings(max_examples=1000, deadline=None)
@given(DATA)
@example({"title": "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;", "tags": ["Akteur", "Person"]})
@example({"title": "Krieg: „Wir halten“ – #1 der Liste", "tags": []})
@example({"title": "x" * 993})
@example({"title": "x" * 994})
def test_front_matter_is_what_safe_dump_writes_and_reads_back(data):
    block = front_matter(data)
    if not any("\x85" in text for text in strings(data)):
        assert block == reference(data)
    if data:
        assert read_back(block) == data


@given(st.lists(TEXT, min_size=1, max_size=3).map("\x85".join))
@example("a\x85b")
def test_a_next_line_character_reads_back(value):
    """PyYAML writes U+0085 raw in single quotes and reads it back as a space; front matter
    double-quotes such strings (as \\N)."""
    data = {"title": value, "tags": [value]}
    assert read_back(front_matter(data)) == data


@settings(max_examples=1000, deadline=None)
@given(TEXT)
def test_scalars_written_directly_read_back_as_the_same_string(value):
    written = yaml_scalar(value)
    if written is None:
        return
    assert yaml.safe_load(f"key: {written}\n") == {"key": value}
    assert f"key: {written}\n" == yaml.safe_dump({"key": value}, allow_unicode=True, width=1000) or len(written) > 990


def test_the_pages_front_matter_takes_the_direct_way():
    """The front matter of the pages (titles, tags) is simple: the emitter is not needed."""
    assert simple_yaml({"title": "Angela Merkel (Seite 2)", "tags": ["Akteur", "Person"]}) == "tags:\n- Akteur\n- Person\ntitle: Angela Merkel (Seite 2)\n"
    assert simple_yaml({"title": "Gaza: Waffenruhe &amp; Geiseln", "tags": []}) == "tags: []\ntitle: 'Gaza: Waffenruhe &amp; Geiseln'\n"
    assert simple_yaml({"title": "yes"}) == "title: 'yes'\n"
    assert simple_yaml({"title": "a\tb"}) is None  # tab: double-quoted, left to PyYAML
    assert simple_yaml({"count": 3}) is None
