"""The 104 files of Jekyll's own test suite, built as one dossier.

The corpus (``../shared/corpora/jekyll-posts``) was written by others; its README and
MANIFEST.tsv say what Jekyll does with each file. The files are laid out under their
original paths (``source/_posts/…``, ``fixtures/…``) so that date-bearing basenames and the
folder with a post-like name are what Jekyll sees. Expectations below are written out by
hand from the MANIFEST/README, never computed by the code under test.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from .conftest import JEKYLL_CORPUS, make_dossier
from .sitecheck import broken_internal_links, live_markup, run_dossier, run_mkdocs_offline, scan, without_dossier_plugin

pytestmark = pytest.mark.skipif(not (JEKYLL_CORPUS / "MANIFEST.tsv").is_file(), reason="the shared Jekyll corpus is not on this machine")

# The 59 posts Jekyll publishes and the date it gives each: the front-matter date wins
# (date-override, time-override, timezone-override, override-data, md-extension), else the
# YYYY-M-D of the basename (unpadded allowed).
JEKYLL_POST_DATES = {
    "source/_posts/2008-02-02-published.markdown": "2008-02-02",
    "source/_posts/2008-10-18-foo-bar.markdown": "2008-10-18",
    "source/_posts/2008-11-21-complex.markdown": "2008-11-21",
    "source/_posts/2008-12-03-permalinked-post.markdown": "2008-12-03",
    "source/_posts/2008-12-13-include.markdown": "2008-12-13",
    "source/_posts/2009-01-27-array-categories.markdown": "2009-01-27",
    "source/_posts/2009-01-27-categories.markdown": "2009-01-27",
    "source/_posts/2009-01-27-category.markdown": "2009-01-27",
    "source/_posts/2009-01-27-empty-categories.markdown": "2009-01-27",
    "source/_posts/2009-01-27-empty-category.markdown": "2009-01-27",
    "source/_posts/2009-01-27-no-category.markdown": "2009-01-27",
    "source/_posts/2009-03-12-hash-#1.markdown": "2009-03-12",
    "source/_posts/2009-05-18-empty-tag.markdown": "2009-05-18",
    "source/_posts/2009-05-18-empty-tags.markdown": "2009-05-18",
    "source/_posts/2009-05-18-tag.markdown": "2009-05-18",
    "source/_posts/2009-05-18-tags.markdown": "2009-05-18",
    "source/_posts/2009-06-22-empty-yaml.markdown": "2009-06-22",
    "source/_posts/2009-06-22-no-yaml.markdown": "2009-06-22",
    "source/_posts/2010-01-08-triple-dash.markdown": "2010-01-08",
    "source/_posts/2010-01-09-date-override.markdown": "2010-01-10",
    "source/_posts/2010-01-09-time-override.markdown": "2010-01-10",
    "source/_posts/2010-01-09-timezone-override.markdown": "2010-01-10",
    "source/_posts/2010-01-16-override-data.markdown": "2010-01-10",
    "source/_posts/2011-04-12-md-extension.md": "2011-04-12",
    "source/_posts/2011-04-12-text-extension.text": "2011-04-12",
    "source/_posts/2013-01-02-post-excerpt.markdown": "2013-01-02",
    "source/_posts/2013-01-12-nil-layout.markdown": "2013-01-12",
    "source/_posts/2013-01-12-no-layout.markdown": "2013-01-12",
    "source/_posts/2013-04-11-custom-excerpt.markdown": "2013-04-11",
    "source/_posts/2013-05-10-number-category.markdown": "2013-05-10",
    "source/_posts/2013-07-22-post-excerpt-with-layout.markdown": "2013-07-22",
    "source/_posts/2013-08-01-mkdn-extension.mkdn": "2013-08-01",
    "source/_posts/2013-12-17-include-variable-filters.markdown": "2013-12-17",
    "source/_posts/2013-12-20-properties.text": "2013-12-20",
    "source/_posts/2014-01-06-permalink-traversal.md": "2014-01-06",
    "source/_posts/2014-03-03-yaml-with-dots.md": "2014-03-03",
    "source/_posts/2014-03-22-escape-+ %20[].markdown": "2014-03-22",
    "source/_posts/2014-07-05-another-mixed-case-category.markdown": "2014-07-05",
    "source/_posts/2014-07-05-mixed-case-category.markdown": "2014-07-05",
    "source/_posts/2014-09-02-relative-includes.markdown": "2014-09-02",
    "source/_posts/2014-11-24-Rmd-extension.Rmd": "2014-11-24",
    "source/_posts/2015-01-08-post-excerpt-separator.markdown": "2015-01-08",
    "source/_posts/2015-02-20-extensionless-permalink.markdown": "2015-02-20",
    "source/_posts/2015-12-27-extra-spaces.markdown": "2015-12-27",
    "source/_posts/2016-08-16-indented-link-references.markdown": "2016-08-16",
    "source/_posts/2016-11-26-special-chars-(+).markdown": "2016-11-26",
    "source/_posts/2017-2-5-i-dont-like-zeroes.md": "2017-02-05",
    "source/_posts/2018-01-28-closed-liquid-block-excerpt.markdown": "2018-01-28",
    "source/_posts/2018-01-28-open-liquid-block-excerpt.markdown": "2018-01-28",
    "source/_posts/2018-05-15-closed-liquid-block-excerpt-whitespace-control.md": "2018-05-15",
    "source/_posts/2018-05-15-excerpt-whitespace-control-variable.md": "2018-05-15",
    "source/_posts/2018-05-15-open-liquid-block-excerpt-whitespace-control.md": "2018-05-15",
    "source/_posts/2018-10-12-trailing-dots...markdown": "2018-10-12",
    "source/_posts/2018-11-15-excerpt-liquid-block.md": "2018-11-15",
    "source/_posts/es/2008-11-21-nested.markdown": "2008-11-21",
    "source/category/_posts/2008-09-23-categories.markdown": "2008-09-23",
    "source/foo/_posts/bar/2008-12-12-topical-post.markdown": "2008-12-12",
    "source/win/_posts/2009-05-24-yaml-linebreak.markdown": "2009-05-24",
    "source/z_category/_posts/2008-09-23-categories.markdown": "2008-09-23",
}

# Dates with a time: an offset keeps the source's own calendar day (Jekyll, under TZ=UTC,
# gives 2015-09-30 and 2017-04-06 for the two with offsets).
OTHER_DATES = {
    "source/_dates/date_without_time.md": "2015-10-01",
    "source/_dates/time_without_timezone.md": "2015-10-01",
    "source/_dates/time_with_timezone.md": "2015-10-01",  # 2015-10-01 01:00:00 +0800
    "source/_encodings/UTF8CRLFandBOM.md": "2017-04-05",  # 2017-04-05 16:16:01 -0800
    "source/_encodings/Unicode16LECRLFandBOM.md": "2017-04-05",
    # Not posts in Jekyll: no date in the basename, so no date here either.
    "source/_posts/2013-03-19-not-a-post/dubious.markdown": None,
    "source/_methods/3940394-21-9393050-fifif1323-test.md": None,
}

PUBLISHED_FALSE = {
    "source/_posts/2008-02-02-not-published.markdown",
    "source/unpublished.html",
    "source/_slides/non-outputted-slide.html",
}
BROKEN_FRONT_MATTER = {
    # path: (line of the problem, words the message must contain)
    "source/_broken/bad_post.md": (2, "not valid YAML"),
    "fixtures/broken_front_matter2.erb": (2, "not valid YAML"),
    "fixtures/exploit_front_matter.erb": (2, "YAML tag"),
}
ODD_NAMES = [
    "source/_posts/2014-01-06-permalink-traversal.md",
    "source/exploit.md",
    "source/_posts/2009-03-12-hash-#1.markdown",
    "source/_posts/2014-03-22-escape-+ %20[].markdown",
    "source/_methods/escape-+ #%20[].md",
    "source/_posts/2018-10-12-trailing-dots...markdown",
    "source/trailing-dots...md",
    "source/_methods/trailing-dots...md",
    "source/_posts/2016-11-26-special-chars-(+).markdown",
]


def manifest() -> list[dict[str, str]]:
    with open(JEKYLL_CORPUS / "MANIFEST.tsv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def original_path(row: dict[str, str]) -> str:
    return row["original_path"].removeprefix("test/")


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory):
    """The corpus as a dossier, built with ``dossier build`` and ``mkdocs build --strict``."""
    root = tmp_path_factory.mktemp("jekyll")
    make_dossier(root, {})
    for row in manifest():
        target = root / "sources" / original_path(row)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(JEKYLL_CORPUS / row["file"], target)
    build = run_dossier(root, "build")
    data = json.loads((root / "docs" / "dossier" / "dossier.json").read_text(encoding="utf-8")) if build.returncode == 0 else None
    site_config = without_dossier_plugin(root)
    mkdocs, attempts = run_mkdocs_offline(root, site_config)
    return {"root": root, "build": build, "data": data, "mkdocs": mkdocs, "net": attempts}


def test_the_corpus_is_complete():
    rows = manifest()
    assert len(rows) == 104
    assert sum(row["jekyll_role"].startswith("post (one of the 59") for row in rows) == 59
    assert {original_path(r) for r in rows if r["jekyll_role"].startswith("post (one of the 59")} == set(JEKYLL_POST_DATES)


def test_build_exits_0_without_strict_and_prints_no_traceback(corpus_site):
    build = corpus_site["build"]
    assert build.returncode == 0, build.stderr
    assert "Traceback" not in build.stderr + build.stdout
    assert "internal error" not in build.stderr


def test_every_file_is_a_source_an_error_or_skipped(corpus_site):
    data = corpus_site["data"]
    expected = {original_path(row) for row in manifest()}
    sources = [s["path"] for s in data["sources"]]
    errors = [e["path"] for e in data["errors"]]
    skipped = [s["path"] for s in data["skipped"]]
    accounted = sources + errors + skipped
    assert sorted(accounted) == sorted(expected), "every file exactly once"
    for entry in data["errors"]:
        assert entry["message"].strip()
    for entry in data["skipped"]:
        assert entry["reason"].strip()


def test_dates_of_the_59_posts_are_jekylls(corpus_site):
    dates = {s["path"]: s["date"] for s in corpus_site["data"]["sources"]}
    wrong = {path: (dates.get(path, "missing"), want) for path, want in JEKYLL_POST_DATES.items() if dates.get(path, "missing") != want}
    assert not wrong


def test_offset_keeps_its_own_day_and_non_posts_have_no_file_name_date(corpus_site):
    dates = {s["path"]: s["date"] for s in corpus_site["data"]["sources"]}
    assert {path: dates.get(path, "missing") for path in OTHER_DATES} == OTHER_DATES


def test_published_false_is_skipped_with_its_reason(corpus_site):
    skipped = {s["path"]: s["reason"] for s in corpus_site["data"]["skipped"]}
    assert set(skipped) == PUBLISHED_FALSE
    assert all("published: false" in reason for reason in skipped.values())


def test_broken_front_matter_is_an_error_with_line_and_reason(corpus_site):
    errors = {e["path"]: e for e in corpus_site["data"]["errors"]}
    assert set(errors) == set(BROKEN_FRONT_MATTER)
    for path, (line, words) in BROKEN_FRONT_MATTER.items():
        assert errors[path]["line"] == line, path
        assert words in errors[path]["message"], errors[path]
    assert "nothing was executed" in errors["fixtures/exploit_front_matter.erb"]["message"]
    stderr = corpus_site["build"].stderr
    assert "fixtures/exploit_front_matter.erb:2: error:" in stderr


def test_cp1251_file_is_read_with_a_warning_naming_the_line(corpus_site):
    data = corpus_site["data"]
    source = next(s for s in data["sources"] if s["path"] == "fixtures/broken_front_matter3.erb")
    assert source["encoding"] == "cp1252"
    assert source["title"] == "Real content starts here"
    assert any(c["kind"] == "encoding" and c["line"] == 6 for c in source["changes"])
    warnings = [w for w in data["warnings"] if w["path"] == "fixtures/broken_front_matter3.erb"]
    assert len(warnings) == 1 and warnings[0]["line"] == 6 and "UTF-8" in warnings[0]["message"]


def test_utf16_and_bom_files_are_decoded(corpus_site):
    sources = {s["path"]: s for s in corpus_site["data"]["sources"]}
    utf16 = sources["source/_encodings/Unicode16LECRLFandBOM.md"]
    assert utf16["encoding"] == "utf-16"
    assert utf16["title"] == "Unicode16CRLFandBOM"
    assert utf16["categories"] == ["bom"]
    assert any("You’ll find this post" in p["text"] for p in utf16["paragraphs"])
    utf8 = sources["source/_encodings/UTF8CRLFandBOM.md"]
    assert utf8["title"] == "UTF8CRLFandBOM" and utf8["encoding"] == "utf-8-sig"


def test_jekyll_metadata_rules(corpus_site):
    sources = {s["path"]: s for s in corpus_site["data"]["sources"]}
    assert sources["source/_posts/2009-03-12-hash-#1.markdown"]["title"] == "Hash"  # the rest is a YAML comment
    assert sources["source/_posts/2010-01-08-triple-dash.markdown"]["title"] == "Foo --- Bar"
    assert sources["source/_posts/2013-05-10-number-category.markdown"]["categories"] == ["2013"]
    assert sources["source/_posts/2009-01-27-categories.markdown"]["categories"] == ["foo", "bar", "baz"]
    assert sources["source/_posts/2014-07-05-mixed-case-category.markdown"]["categories"] == ["MixedCase"]
    assert sources["source/_posts/2014-07-05-another-mixed-case-category.markdown"]["categories"] == ["Mixedcase"]
    assert sources["source/pgp.key"]["format"] == "text"  # -----BEGIN PGP is not front matter
    assert sources["source/_includes/sig.markdown"]["format"] == "text"  # --- never closed
    assert sources["fixtures/broken_front_matter1.erb"]["format"] == "text"  # text before ---


def test_mkdocs_build_strict_passes_offline(corpus_site):
    mkdocs = corpus_site["mkdocs"]
    assert mkdocs.returncode == 0, mkdocs.stderr[-3000:]
    assert corpus_site["net"] == []


def test_odd_names_and_traversal_permalinks_give_pages_inside_the_output(corpus_site):
    root = corpus_site["root"]
    output = (root / "docs" / "dossier").resolve()
    site = (root / "site").resolve()
    for path in output.rglob("*"):
        assert output in path.resolve().parents
    for path in site.rglob("*"):
        assert site in path.resolve().parents
    assert not (root / "baddie.html").exists() and not (root.parent / "baddie.html").exists()
    assert not list(root.rglob("baddie*"))
    sources = {s["path"]: s for s in corpus_site["data"]["sources"]}
    index = scan(site / "dossier" / "sources" / "index.html")
    assert broken_internal_links(site, index) == []
    for path in ODD_NAMES:
        page_url = sources[path]["page"]
        assert page_url.startswith("dossier/sources/") and ".." not in page_url and "%" not in page_url
        html = site / page_url / "index.html"
        assert html.is_file(), path
        assert any(href.rstrip("/").endswith(page_url.rstrip("/").rsplit("/", 1)[-1]) for href in index.links), path
        page = scan(html)
        assert broken_internal_links(site, page) == [], path
        assert live_markup(page) == [], path


def test_liquid_is_shown_as_text(corpus_site):
    site = corpus_site["root"] / "site"
    sources = {s["path"]: s for s in corpus_site["data"]["sources"]}
    page = scan(site / sources["source/_posts/2008-12-13-include.markdown"]["page"] / "index.html")
    assert "{% include sig.markdown %}" in page.article_text
    page = scan(site / sources["source/_posts/2013-12-17-include-variable-filters.markdown"]["page"] / "index.html")
    assert "{% include {{ page.include1 }} %}" in page.article_text
    page = scan(site / sources["source/_thanksgiving/black-friday.md"]["page"] / "index.html")
    assert "{{ page.title }}" in page.title and "{{ page.title }}" in page.article_text


def test_no_page_has_live_markup(corpus_site):
    site = corpus_site["root"] / "site"
    problems = {}
    for html in sorted((site / "dossier").rglob("*.html")):
        found = live_markup(scan(html))
        if found:
            problems[str(html.relative_to(site))] = found
    assert problems == {}
