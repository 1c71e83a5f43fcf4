"""Search ranking, in the browser: a reader who types an actor's or topic's name, or one of
the aliases ``dossier.yml`` gives it, finds the page about it first, then the pages that
mention it. Material lists a page where its best index entry ranks, and lunr weighs each
field by its boost (title 1000, text 1): the actor page used to tie with every source whose
title names the actor, and lose on text ("Putin" listed two sources first). The pages now
declare their names, and the index weighs them like a title (``mkdocs.yml``: field
``names``; ``mkdocs_plugin.add_search_names``)."""

from __future__ import annotations

import json

import pytest
import yaml

from browsing import ROOT
from test_search import search

# (what the reader types, the page that must come first): names, surnames, aliases that
# are not part of the name (Kremlchef, UNO), an alias shared with another actor's name
# (Kim: Kim Jong Un's alias, Kim Jong Il's name), a city standing for a state, a topic.
FIRST_RESULTS = [
    ("Putin", "dossier/actors/wladimir-putin/"),
    ("Wladimir Putin", "dossier/actors/wladimir-putin/"),
    ("Kremlchef", "dossier/actors/wladimir-putin/"),
    ("Kim", "dossier/actors/kim-jong-un/"),
    ("Kim Jong-un", "dossier/actors/kim-jong-un/"),
    ("Stoltenberg", "dossier/actors/jens-stoltenberg/"),
    ("Guterres", "dossier/actors/antonio-guterres/"),
    ("UNO", "dossier/actors/vereinte-nationen/"),
    ("Moskau", "dossier/actors/russland/"),
    ("Sanktionen", "dossier/topics/sanktionen/"),
]


@pytest.mark.parametrize("query, page", FIRST_RESULTS)
def test_the_page_about_a_name_comes_first(new_tab, site_pages, query, page):
    site_pages.require(page, "actor and topic pages come from issue 3")
    tab = new_tab()
    tab.open("")
    found = search(tab, query)
    tab.shot(full_page=False, label=query)
    assert found, f"{query!r} found nothing"
    assert found[0] == page, f"first result for {query!r} is {found[0]!r}, not {page!r}; results: {found}"


def test_putin_lists_his_page_before_the_sources_naming_him_in_their_title(new_tab, site_pages):
    """The case the ranking was wrong for: sources whose title says "Putin" follow his page."""
    page = site_pages.require("dossier/actors/wladimir-putin/", "actor pages come from issue 3")
    titled = [path for path in site_pages.under("dossier/sources") if "Putin" in _title(site_pages, path)]
    assert titled, "no seed source has 'Putin' in its title any more"
    tab = new_tab()
    tab.open("")
    found = search(tab, "Putin")
    assert found[0] == page, f"results: {found}"
    missing = set(titled) - set(found)
    assert not missing, f"'Putin' no longer finds {sorted(missing)}"


def _title(site_pages, path: str) -> str:
    """The text of a page's <title>."""
    html = site_pages.text_of(path)
    return html.split("<title>", 1)[1].split("</title>", 1)[0]


def test_every_actor_and_topic_page_gives_the_index_its_names(seed_site):
    """Not only the names tried above: the top index entry of every actor's and topic's
    first page carries its name and every alias of dossier.yml (wildcards removed), in the
    field the search configuration weighs like a title."""
    index = json.loads((seed_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["fields"]["names"]["boost"] == index["config"]["fields"]["title"]["boost"]
    names_at = {doc["location"]: doc.get("names", "").split("\n") for doc in index["docs"]}
    config = yaml.safe_load((ROOT / "dossier.yml").read_text(encoding="utf-8"))
    entities = [("actors", a["name"], a.get("aliases", [])) for a in config["actors"]]
    entities += [("topics", t["name"], []) for t in config["topics"]]
    checked = 0
    for folder, name, aliases in entities:
        pages = [loc for loc, names in names_at.items() if loc.startswith(f"dossier/{folder}/") and name in names]
        assert len(pages) == 1, f"{name}: pages whose index entry carries the name: {pages}"
        expected = [alias.replace("*", "") for alias in aliases]
        missing = [alias for alias in expected if alias not in names_at[pages[0]]]
        assert not missing, f"{name}: aliases missing from the index entry of {pages[0]}: {missing}"
        checked += 1
    assert checked == len(config["actors"]) + len(config["topics"])
    assert all("#" not in loc for loc, names in names_at.items() if names != [""]), "names on a section entry"
