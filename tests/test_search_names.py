"""The names actor and topic pages give the search index (``mkdocs_plugin.search_names``
and ``add_search_names``): what goes into the field, and which entry gets it."""

from __future__ import annotations

from types import SimpleNamespace

from dossier_build.mkdocs_plugin import add_search_names, search_names


def test_names_are_one_per_line_without_wildcards_and_escaped():
    names = ["Vereinte Nationen", "UN", "UN-*", "russisch*", "</title><script>x</script>", "UN"]
    assert search_names(names) == "Vereinte Nationen\nUN\nUN-\nrussisch\n&lt;/title&gt;&lt;script&gt;x&lt;/script&gt;"


def test_front_matter_that_is_not_a_list_of_strings_gives_no_names():
    assert search_names(None) == ""
    assert search_names("Putin") == ""
    assert search_names([1, None, "*", " "]) == ""


def test_only_the_top_entry_of_the_page_gets_its_names():
    entries = [
        {"location": "dossier/actors/wladimir-putin/", "title": "Wladimir Putin", "text": ""},
        {"location": "dossier/actors/wladimir-putin/#zitate", "title": "Zitate", "text": ""},
        {"location": "dossier/sources/001/", "title": "Putin in Nordkorea", "text": ""},
    ]
    search = SimpleNamespace(search_index=SimpleNamespace(entries=entries))
    add_search_names(search, {"dossier/actors/wladimir-putin/": "Wladimir Putin\nPutin"})
    assert [entry.get("names") for entry in entries] == ["Wladimir Putin\nPutin", None, None]


def test_a_plugin_without_a_search_index_is_left_alone():
    other = SimpleNamespace(config={})
    add_search_names(other, {"x/": "X"})
    assert not hasattr(other, "search_index")
