"""``dossier_build.footnotes`` (mkdocs.yml) gives exactly the HTML of Python-Markdown's
``footnotes``: same numbers, ids, back links and duplicate references, in both orders."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
import yaml

from dossier_build.build import build

from .conftest import ROOT

EDGE_CASES = """Erst[^b], dann[^a], wieder[^b][^b], nie definiert[^x], und[^c].

- In einer Liste[^a] und einer Tabelle:

| Spalte | Beleg |
|---|---|
| eins | Wert[^c] |

[^c]: Drittens, zuerst definiert.
[^a]: Erstens, mit *Betonung*.
[^b]: Zweitens.

    Mit einem zweiten Absatz.

[^a]: Erstens, noch einmal definiert.
[^unbenutzt]: Nie zitiert.
"""


class _Loader(yaml.SafeLoader):
    """mkdocs.yml with its ``!!python/name`` tag read as a plain string."""


_Loader.add_multi_constructor("tag:yaml.org,2002:python/name:", lambda loader, suffix, node: suffix)


def site_extensions() -> tuple[list, dict]:
    """The Markdown extensions and their options as mkdocs.yml configures them."""
    data = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    names, options = [], {}
    for item in data["markdown_extensions"]:
        name, config = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        names.append(name)
        if config:
            options[name] = config
    return names, options


def html_with(footnotes_extension: str, text: str, definition_order: bool = True) -> str:
    names, options = site_extensions()
    assert "dossier_build.footnotes" in names, "mkdocs.yml no longer uses dossier_build.footnotes"
    footnote_options = {**options.pop("dossier_build.footnotes"), "USE_DEFINITION_ORDER": definition_order}
    names = [footnotes_extension if name == "dossier_build.footnotes" else name for name in names if name != "pymdownx.superfences"]
    md = markdown.Markdown(extensions=names, extension_configs={**options, footnotes_extension: footnote_options})
    first = md.convert(text)
    return first + md.reset().convert(text)  # and again after a reset, as for a second page


@pytest.mark.parametrize("definition_order", [True, False])
def test_edge_cases_give_python_markdowns_html(definition_order: bool):
    ours = html_with("dossier_build.footnotes", EDGE_CASES, definition_order)
    assert ours == html_with("footnotes", EDGE_CASES, definition_order)
    assert 'href="#fnref2:b"' in ours and "[^x]" in ours  # duplicates linked back; undefined stays text


def test_generated_pages_give_python_markdowns_html(seed_dossier: Path):
    build(seed_dossier)
    pages = [page for page in (seed_dossier.parent / "docs/dossier").rglob("*.md") if "[^" in page.read_text(encoding="utf-8")]
    assert len(pages) >= 3, "the seed dossier has no pages with footnotes any more"
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert html_with("dossier_build.footnotes", text) == html_with("footnotes", text), page.name
