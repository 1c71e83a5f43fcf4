"""The build cache and parallel building never change what a build writes.

Real dossiers in tmp (the seeds and synthetic ones from ``benchmarks/make_corpus.py``),
real builds; no timing assertions (speed is measured in ``benchmarks/``).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from dossier_build import cache as cache_module
from dossier_build.build import build, docs_dir_of, read_sources
from dossier_build.cache import CACHE_DIR_NAME, BuildCache, cache_folder
from dossier_build.config import load_config
from dossier_build.render import render_dossier
from dossier_build.model import Dossier

sys.path.insert(0, str(ROOT / "benchmarks"))
from make_corpus import make_corpus  # noqa: E402

N = 70  # more than parallel.MIN_ITEMS_FOR_WORKERS, so workers are used


def snapshot(output: Path) -> dict[str, tuple[bytes, int]]:
    """Every output file: bytes and modification time."""
    return {p.relative_to(output).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(output.rglob("*")) if p.is_file()}


def contents(output: Path) -> dict[str, bytes]:
    return {path: data for path, (data, _) in snapshot(output).items()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    make_corpus(N, folder, seed=11)
    return folder


@pytest.fixture
def dossier_dir(corpus: Path, tmp_path: Path) -> Path:
    target = tmp_path / "dossier"
    shutil.copytree(corpus, target)
    return target


def test_cache_lives_beside_dossier_yml_and_outside_docs(dossier_dir: Path):
    result = build(dossier_dir / "dossier.yml", keep_files=True)
    folder = dossier_dir / CACHE_DIR_NAME
    assert (folder / "cache.sqlite").is_file()
    docs = docs_dir_of(result.config)
    assert docs not in folder.parents
    assert not any(p.name.startswith("cache") for p in docs.rglob("*"))
    # a dossier whose docs folder is the dossier folder itself keeps its cache elsewhere
    assert cache_folder(dossier_dir, dossier_dir) != dossier_dir / CACHE_DIR_NAME
    assert dossier_dir not in cache_folder(dossier_dir, dossier_dir).parents


def test_unchanged_rebuild_is_byte_identical_to_a_cold_build(dossier_dir: Path, tmp_path: Path):
    cold = build(dossier_dir / "dossier.yml", keep_files=True)
    assert cold.cache_hits == 0
    output = dossier_dir / "docs" / "dossier"
    first = snapshot(output)
    warm = build(dossier_dir / "dossier.yml", keep_files=True)
    assert warm.cache_misses == 0 and warm.cache_hits >= 2 * N
    assert warm.stats.written == 0 and warm.stats.removed == 0
    assert snapshot(output) == first  # same bytes, and not one file touched

    # a cold build without any cache, in another copy, writes the very same bytes
    other = tmp_path / "other"
    shutil.copytree(dossier_dir, other, ignore=shutil.ignore_patterns(CACHE_DIR_NAME, "dossier"))
    build(other / "dossier.yml", use_cache=False)
    assert contents(other / "docs" / "dossier") == contents(output)
    assert warm.files == cold.files


def test_a_changed_source_is_read_again_and_only_its_pages_rewritten(dossier_dir: Path):
    build(dossier_dir / "dossier.yml", keep_files=True)
    output = dossier_dir / "docs" / "dossier"
    before = snapshot(output)
    path = sorted((dossier_dir / "sources").iterdir())[N // 2]
    path.write_bytes(path.read_bytes().rstrip(b"\n") + "\n\nEin neuer Absatz über die Sanktionen.\n".encode("utf-8" if path.read_bytes().isascii() or b"\xc3" in path.read_bytes() else "cp1252"))
    result = build(dossier_dir / "dossier.yml", keep_files=True)
    # the file is read again; pages are rendered again where the file or what the
    # dossier-wide analysis says about a source's paragraphs changed, never all
    assert 2 <= result.cache_misses < N
    changed = result.dossier.sources[[s.path for s in result.dossier.sources].index(path.name)]
    assert changed.paragraphs[-1].text == "Ein neuer Absatz über die Sanktionen."
    after = snapshot(output)
    assert after[f"sources/{changed.id}.md"][0] != before[f"sources/{changed.id}.md"][0]
    for name, (data, mtime) in after.items():
        if name in before and before[name][0] == data and name != ".dossier-output":
            assert before[name][1] == mtime, f"{name} was rewritten with the same bytes"
    fresh = build(dossier_dir / "dossier.yml", use_cache=False, write=False)
    assert fresh.files == result.files


def test_a_changed_dossier_yml_invalidates_every_entry(dossier_dir: Path):
    build(dossier_dir / "dossier.yml", keep_files=True)
    config = dossier_dir / "dossier.yml"
    first = sorted((dossier_dir / "sources").iterdir())[0].name
    config.write_text(config.read_text(encoding="utf-8") + f"source_meta:\n  {first}: {{title: Ein Titel aus dossier.yml}}\n", encoding="utf-8")
    result = build(config, keep_files=True)
    assert result.cache_hits == 0
    assert result.dossier.sources[0].title == "Ein Titel aus dossier.yml"
    assert result.files == build(config, use_cache=False, write=False).files


def test_a_changed_package_version_invalidates_every_entry(dossier_dir: Path, monkeypatch):
    build(dossier_dir / "dossier.yml", keep_files=True)
    assert build(dossier_dir / "dossier.yml", keep_files=True).cache_misses == 0
    monkeypatch.setattr(cache_module, "__version__", "999.0")
    cache_module.code_digest.cache_clear()
    try:
        result = build(dossier_dir / "dossier.yml", keep_files=True)
    finally:
        cache_module.code_digest.cache_clear()
    assert result.cache_hits == 0 and result.cache_misses >= 2 * N


def test_a_broken_cache_file_means_a_cold_build_not_a_failure(dossier_dir: Path):
    first = build(dossier_dir / "dossier.yml", keep_files=True)
    (dossier_dir / CACHE_DIR_NAME / "cache.sqlite").write_bytes(b"this is not a database" * 100)
    for name in ("cache.sqlite-wal", "cache.sqlite-shm"):
        (dossier_dir / CACHE_DIR_NAME / name).unlink(missing_ok=True)
    again = build(dossier_dir / "dossier.yml", keep_files=True)
    assert again.files == first.files


def test_render_cache_follows_what_analysis_adds_to_paragraphs(dossier_dir: Path):
    """A page is reused only while the paragraphs' analysis fields are the same."""
    config = load_config(dossier_dir / "dossier.yml")
    cache = BuildCache(cache_folder(config.root, docs_dir_of(config)), config.fingerprint())
    sources, *_ = read_sources(config, cache=cache)
    dossier = Dossier(config.title, config.description, config.language, sources=sources)
    first = render_dossier(dossier, "dossier", cache=cache)
    source = dossier.sources[3]
    source.paragraphs[0].off_topic = True
    second = render_dossier(dossier, "dossier", cache=cache)
    cache.close()
    page = f"sources/{source.id}.md"
    assert second[page] != first[page]
    assert second[page] == render_dossier(dossier, "dossier")[page]


def test_parallel_and_serial_builds_are_identical(dossier_dir: Path, tmp_path: Path):
    serial = build(dossier_dir / "dossier.yml", workers=1, use_cache=False, write=False)
    parallel = build(dossier_dir / "dossier.yml", workers=2, use_cache=False, write=False)
    assert [s.id for s in parallel.dossier.sources] == [s.id for s in serial.dossier.sources]
    assert parallel.files == serial.files
    assert [d.format() for d in parallel.dossier.warnings] == [d.format() for d in serial.dossier.warnings]


def test_seed_dossier_cold_and_warm(seed_dossier: Path):
    cold = build(seed_dossier, keep_files=True)
    warm = build(seed_dossier, keep_files=True)
    assert warm.cache_misses == 0
    assert warm.files == cold.files


def test_a_build_with_nothing_changed_is_up_to_date_and_reads_nothing(dossier_dir: Path):
    first = build(dossier_dir / "dossier.yml")
    assert not first.up_to_date and first.stats.written > 0
    output = load_config(dossier_dir / "dossier.yml").output_dir
    before = snapshot(output)
    again = build(dossier_dir / "dossier.yml")
    assert again.up_to_date
    assert (again.cache_hits, again.cache_misses) == (0, 0), "nothing was read from the cache"
    assert again.stats.written == 0 and again.stats.unchanged == first.stats.written
    assert again.source_count == first.source_count and again.paragraph_count == first.paragraph_count
    assert again.home == first.home
    assert [d.format() for d in again.dossier.warnings] == [d.format() for d in first.dossier.warnings]
    assert snapshot(output) == before


@pytest.mark.parametrize("change", ["source", "new file", "output edited", "output removed", "dossier.yml"])
def test_any_change_to_inputs_or_output_makes_the_build_run_again(dossier_dir: Path, change: str):
    build(dossier_dir / "dossier.yml")
    output = load_config(dossier_dir / "dossier.yml").output_dir
    cold = contents(output)
    page = sorted((output / "sources").glob("*.md"))[3]
    if change == "source":
        source = sorted((dossier_dir / "sources").iterdir())[5]
        source.write_bytes(source.read_bytes() + b"\n\nEin neuer Absatz am Ende.\n")
    elif change == "new file":
        (dossier_dir / "sources" / "zz-neu.txt").write_text("date 2024-01\nNeu\n\nEin neuer Artikel. Mit Text.\n", encoding="utf-8")
    elif change == "output edited":
        page.write_text("von Hand geändert\n", encoding="utf-8")
    elif change == "output removed":
        page.unlink()
    else:
        yml = dossier_dir / "dossier.yml"
        yml.write_text(yml.read_text(encoding="utf-8").replace("title:", "title: Neu", 1), encoding="utf-8")
    result = build(dossier_dir / "dossier.yml")
    assert not result.up_to_date
    assert result.stats.written >= 1
    if change.startswith("output"):
        assert contents(output) == cold, "the output is made whole again"
    assert build(dossier_dir / "dossier.yml").up_to_date


def test_the_build_cache_keeps_the_dossier_wide_analysis_between_builds(dossier_dir: Path, tmp_path: Path):
    """The cache is the analysis memo of a build: what one build stores (the shared passages,
    each passage's discrepancies), the next one takes, in a new connection; what a build
    did not use is pruned."""
    from dataclasses import asdict

    from dossier_build.analyse import analyse_source, compile_config
    from dossier_build.analyse.discrepancies import find_discrepancies
    from dossier_build.analyse.passages import find_shared_passages

    config = load_config(dossier_dir / "dossier.yml")
    compiled = compile_config(config)

    def analysed_sources():
        sources = read_sources(config)[0]
        for source in sources:
            analyse_source(source, compiled)
        return sources

    def dossier_wide(memo):
        sources = analysed_sources()
        shared = find_shared_passages(sources, memo=memo)
        found = find_discrepancies(sources, shared, config.actors, memo=memo)
        duplicates = [(s.id, p.id, p.duplicates) for s in sources for p in s.paragraphs]
        return [asdict(p) for p in shared], [asdict(d) for d in found], duplicates, len(shared)

    expected = dossier_wide(None)
    assert expected[0] and any(d["kind"] != "spelling" for d in expected[1])
    passages = expected[3]
    from dossier_build.analyse.discrepancies import _run_name
    from dossier_build.analyse.memo import runs

    sources = analysed_sources()
    kept_runs = len(runs([_run_name(p) for p in find_shared_passages(sources)])) + len(runs(sorted(s.id for s in sources)))  # passages, spellings
    first = BuildCache(tmp_path / "memo", config.fingerprint())
    assert dossier_wide(first) == expected and (first.hits, first.misses) == (0, 2 + passages + kept_runs)  # + what matching found
    first.prune()
    first.close()
    second = BuildCache(tmp_path / "memo", config.fingerprint())
    assert dossier_wide(second) == expected and (second.hits, second.misses) == (1 + kept_runs, 0)  # each run of passages kept as a whole
    second.close()
    unused = BuildCache(tmp_path / "memo", config.fingerprint())
    unused.prune()  # a build that used none of them
    unused.close()
    third = BuildCache(tmp_path / "memo", config.fingerprint())
    assert dossier_wide(third) == expected and third.hits == 0
    third.close()
