#!/usr/bin/env python3
"""The performance benchmark of issue 5: prints a table and writes benchmarks/RESULTS.md.

    .venv/bin/python benchmarks/run.py                       # N = 1,000 and 10,000, 3 runs each
    .venv/bin/python benchmarks/run.py --sizes 200 --runs 1  # a quick check

For each N, on a synthetic dossier from ``make_corpus.py`` (in ``benchmarks/work/N``):

(a) naive reference: read every file, python-frontmatter, ``ftfy.fix_text`` (defaults) on
    every body, nothing else;
(r) the reading stage of (b) alone, the part of the build that does what (a) does: read,
    decode, front matter, the exact repair (every paragraph equals ftfy's), normalise
    (boilerplate, titles, dates, paragraphs and sentences), on both cores, no cache;
(b) ``dossier build``, full and cold (no cache, no previous output);
(c) ``dossier build`` again after one source changed (and how many files it wrote);
(e) ``dossier build`` again with nothing changed (the build finds its output up to date);
(d) ``mkdocs build`` on the result (its dossier plugin finds nothing changed).

Every measurement runs in a fresh child process: wall time, CPU time (user + system of
the process and its workers) and peak memory (the largest resident set of any of them,
``ru_maxrss`` of ``RUSAGE_CHILDREN``). Medians of ``--runs`` runs. Then a profile of (b)
at the largest N (serial, so that all work is seen by cProfile).

Runs from a fresh ``make site`` set-up: it uses the Python it is started with (the
project's ``.venv``) for every step.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / "work"
RESULTS = HERE / "RESULTS.md"
NOTES_MARKER = "<!-- notes: everything below this line is kept when the benchmark rewrites this file -->"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONHASHSEED": "0"}
TIMEOUT = int(os.environ.get("BENCH_TIMEOUT", "1800"))  # seconds a single measured step may take


# --------------------------------------------------------------------------- child modes


def naive(sources: Path) -> None:
    """(a): read, python-frontmatter, ftfy.fix_text with its defaults; nothing else."""
    import frontmatter
    import ftfy

    count = 0
    for path in sorted(sources.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
        post = frontmatter.loads(text)
        ftfy.fix_text(post.content)
        count += 1
    print(f"naive: {count} files", file=sys.stderr)


def reading_stage(folder: Path) -> None:
    """(r): the build's reading stage only (``read_sources`` without analysis, no cache)."""
    from dossier_build.build import read_sources
    from dossier_build.cache import BuildCache
    from dossier_build.config import load_config

    config = load_config(folder / "dossier.yml")
    sources, errors, _, _ = read_sources(config, cache=BuildCache(None, config.fingerprint()))
    print(f"reading stage: {len(sources)} sources, {sum(len(s.paragraphs) for s in sources)} paragraphs, {len(errors)} errors", file=sys.stderr)


def measure(command: list[str], cwd: Path) -> dict:
    """Run ``command`` in a child; its wall time, CPU time and peak memory."""
    import resource

    start = time.perf_counter()
    try:
        done = subprocess.run(command, cwd=cwd, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return {"wall": float("inf"), "cpu": float("inf"), "rss_mb": usage.ru_maxrss / 1024, "stdout": f"stopped after {TIMEOUT} s"}
    wall = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        sys.stderr.write(done.stdout[-2000:] + done.stderr[-4000:])
        raise SystemExit(f"failed ({done.returncode}): {' '.join(command)}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_mb": usage.ru_maxrss / 1024, "stdout": done.stdout[-400:]}


def measured(command: list[str], cwd: Path) -> dict:
    """``measure`` in its own process, so ``RUSAGE_CHILDREN`` covers this command only."""
    out = subprocess.run([sys.executable, __file__, "--measure", str(cwd), "--", *command], env=ENV, capture_output=True, text=True)
    if out.returncode != 0:
        sys.stderr.write(out.stderr)
        raise SystemExit(out.returncode)
    return json.loads(out.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------- the runs


def tool(name: str) -> str:
    candidate = Path(sys.executable).parent / name
    return str(candidate) if candidate.exists() else name


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def load() -> str:
    try:
        return " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "?"


def clean_build_state(folder: Path) -> None:
    for name in (".dossier-cache", "site"):
        shutil.rmtree(folder / name, ignore_errors=True)
    shutil.rmtree(folder / "docs" / "dossier", ignore_errors=True)


def touch_one_source(folder: Path, run: int) -> None:
    """Change one source: a sentence added to a file in the middle of the folder."""
    files = sorted((folder / "sources").iterdir())
    path = files[(len(files) // 2 + run * 7) % len(files)]
    data = path.read_bytes()
    path.write_bytes(data.rstrip(b"\n") + f"\n\nNachtrag {run}: Die Redaktion hat diesen Artikel ergänzt.\n".encode("utf-8" if b"\xc3" in data or data.isascii() else "cp1252"))


def bench_size(n: int, runs: int, with_mkdocs: bool, log, entities: bool = True) -> dict:
    folder = WORK / (str(n) if entities else f"{n}-plain")
    log(f"== N = {n}{'' if entities else ' (no actors/topics)'}: corpus")
    extra = [] if entities else ["--no-entities"]
    subprocess.run([sys.executable, str(HERE / "make_corpus.py"), str(n), str(folder), *extra], check=True, env=ENV, stdout=subprocess.DEVNULL)
    corpus_bytes = folder_size(folder / "sources")
    result: dict = {"n": n, "entities": entities, "corpus_mb": corpus_bytes / 1e6, "load_before": load()}
    dossier = [tool("dossier"), "build"]

    result["a"] = []
    for run in range(runs):
        result["a"].append(measured([sys.executable, __file__, "--naive", str(folder / "sources")], folder))
        log(f"(a) naive   run {run + 1}: {result['a'][-1]['wall']:.2f} s")
    result["r"] = []
    for run in range(runs):
        result["r"].append(measured([sys.executable, __file__, "--reading", str(folder)], folder))
        log(f"(r) reading run {run + 1}: {result['r'][-1]['wall']:.2f} s")
    result["b"], result["c"], result["d"], result["e"] = [], [], [], []
    for run in range(runs):
        clean_build_state(folder)
        result["b"].append(measured(dossier, folder))
        log(f"(b) cold    run {run + 1}: {result['b'][-1]['wall']:.2f} s, {result['b'][-1]['rss_mb']:.0f} MB")
    for run in range(runs):
        touch_one_source(folder, run)
        result["c"].append(measured(dossier, folder))
        result["c"][-1]["written"] = files_written(result["c"][-1]["stdout"])
        log(f"(c) one changed run {run + 1}: {result['c'][-1]['wall']:.3f} s  {result['c'][-1]['stdout'].strip()[-90:]}")
    for run in range(runs):
        result["e"].append(measured(dossier, folder))
        log(f"(e) nothing changed run {run + 1}: {result['e'][-1]['wall']:.3f} s  {result['e'][-1]['stdout'].strip()[-90:]}")
    if with_mkdocs:
        for run in range(runs):
            shutil.rmtree(folder / "site", ignore_errors=True)
            result["d"].append(measured([tool("mkdocs"), "build"], folder))
            log(f"(d) mkdocs  run {run + 1}: {result['d'][-1]['wall']:.1f} s, {result['d'][-1]['rss_mb']:.0f} MB")
        result["site_mb"] = folder_size(folder / "site") / 1e6
        index = folder / "site" / "search" / "search_index.json"
        result["search_mb"] = index.stat().st_size / 1e6 if index.exists() else 0.0
        result["site_pages"] = sum(1 for _ in (folder / "site").rglob("*.html"))
    result["output_mb"] = folder_size(folder / "docs" / "dossier") / 1e6
    result["load_after"] = load()
    return result


def files_written(stdout: str) -> float:
    """How many files a ``dossier build`` wrote, from its summary line (``… 12 written, …``)."""
    import re

    found = re.search(r"(\d+) written", stdout)
    return float(found.group(1)) if found else float("nan")


def median(rows: list[dict], key: str) -> float:
    return statistics.median(row[key] for row in rows) if rows else float("nan")


def profile(n: int, log, plain: bool = False) -> str:
    """cProfile of (b) at N, in one process (workers=1), cold: the top functions."""
    folder = WORK / (f"{n}-plain" if plain else str(n))
    clean_build_state(folder)
    code = (
        "import cProfile, pstats, io, sys\n"
        "from dossier_build.build import build\n"
        "profiler = cProfile.Profile()\n"
        "profiler.enable()\n"
        "build('dossier.yml', workers=1, use_cache=False)\n"
        "profiler.disable()\n"
        "out = io.StringIO()\n"
        "stats = pstats.Stats(profiler, stream=out)\n"
        "stats.sort_stats('tottime').print_stats(25)\n"
        "stats.sort_stats('cumulative').print_stats(30)\n"
        "print(out.getvalue())\n"
    )
    log(f"== profile of (b) at N = {n} (serial, cProfile)")
    done = subprocess.run([sys.executable, "-c", code], cwd=folder, env=ENV, capture_output=True, text=True, check=True)
    text = done.stdout
    text = text.replace(str(ROOT) + "/", "").replace(str(Path(sys.prefix)) + "/", ".venv/")
    return "\n".join(line.rstrip() for line in text.splitlines() if line.strip())


# --------------------------------------------------------------------------- report


def machine() -> dict:
    info = {"python": platform.python_version(), "nproc": os.cpu_count(), "platform": platform.platform()}
    try:
        info["usable_cpus"] = len(os.sched_getaffinity(0))
    except AttributeError:
        pass
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["ram_gb"] = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    from importlib.metadata import version

    for package in ("mkdocs", "mkdocs-material", "ftfy", "python-frontmatter", "dossier-build"):
        try:
            info[package] = version(package)
        except Exception:
            info[package] = "?"
    return info


def table(results: list[dict], runs: int) -> str:
    lines = [
        f"Medians of {runs} run(s); wall-clock seconds, CPU seconds (user + system, all processes), peak memory (largest process).",
        "",
        "| N | dossier.yml | corpus | (a) naive | (r) reading stage | (b) cold build | (c) one source changed | files written (c) | (e) nothing changed | (d) mkdocs build | a / r | a / b | c / b | peak mem (b) | peak mem (d) | site/ | search_index.json | HTML pages |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        a, b, c, d = (median(r[k], "wall") for k in "abcd")
        ca, cb, cc, cd = (median(r[k], "cpu") for k in "abcd")
        reading, reading_cpu = median(r.get("r", []), "wall"), median(r.get("r", []), "cpu")
        lines.append(
            f"| {r['n']:,} | {'42 actors, 10 topics' if r.get('entities', True) else 'no actors/topics'} | {r['corpus_mb']:.1f} MB | {a:.2f} s (cpu {ca:.1f}) | {reading:.2f} s (cpu {reading_cpu:.1f}) | {b:.2f} s (cpu {cb:.1f}) | {c:.3f} s (cpu {cc:.2f}) | {median(r['c'], 'written'):.0f} | {median(r.get('e', []), 'wall'):.3f} s | "
            + (f"{d:.1f} s (cpu {cd:.1f})" if r["d"] else "–")
            + f" | {a / reading:.1f}× | {a / b:.1f}× | {100 * c / b:.1f} % | {median(r['b'], 'rss_mb'):.0f} MB | "
            + (f"{median(r['d'], 'rss_mb'):.0f} MB | {r['site_mb']:.0f} MB | {r['search_mb']:.1f} MB | {r['site_pages']:,} |" if r["d"] else "– | – | – | – |")
        )
    for entities in (True, False):
        group = [r for r in results if r.get("entities", True) == entities]
        if len(group) >= 2:
            lines += growth_table(group[0], group[-1])
    lines += ["", "Load average (1, 5, 15 min) before and after each size: " + "; ".join(f"N = {r['n']:,}: {r['load_before']} → {r['load_after']}" for r in results)]
    return "\n".join(lines)


def growth_table(small: dict, large: dict) -> list[str]:
    """How (b), (d) and the site grow from the smallest to the largest N."""
    lines = []
    factor = large["n"] / small["n"]
    label = "" if large.get("entities", True) else ", no actors/topics"
    lines += ["", f"Growth from N = {small['n']:,} to N = {large['n']:,}{label} (×{factor:g} sources; linear means ≤ {factor * 1.1:g}):", ""]
    growth = [
        ("time (b), wall", median(large["b"], "wall") / median(small["b"], "wall")),
        ("time (b), CPU", median(large["b"], "cpu") / median(small["b"], "cpu")),
        ("peak memory (b)", median(large["b"], "rss_mb") / median(small["b"], "rss_mb")),
    ]
    if small["d"] and large["d"]:
        growth += [
            ("time (d), wall", median(large["d"], "wall") / median(small["d"], "wall")),
            ("peak memory (d)", median(large["d"], "rss_mb") / median(small["d"], "rss_mb")),
            ("size of site/", large["site_mb"] / small["site_mb"]),
            ("size of search_index.json", large["search_mb"] / small["search_mb"]),
        ]
    lines += ["| measure | factor |", "|---|---:|"] + [f"| {name} | {value:.2f}× |" for name, value in growth]
    return lines


def write_results(results: list[dict], runs: int, profile_text: str) -> str:
    info = machine()
    notes = ""
    if RESULTS.exists():
        old = RESULTS.read_text(encoding="utf-8")
        if NOTES_MARKER in old:
            notes = old.split(NOTES_MARKER, 1)[1]
    machine_lines = [
        f"- CPU: {info.get('cpu', '?')}; nproc {info['nproc']} (usable {info.get('usable_cpus', '?')}); RAM {info.get('ram_gb', '?')} GB",
        f"- {info['platform']}",
        f"- Python {info['python']}, MkDocs {info['mkdocs']}, Material {info['mkdocs-material']}, ftfy {info['ftfy']}, "
        f"python-frontmatter {info['python-frontmatter']}, dossier-build {info['dossier-build']}",
        f"- measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} with `python benchmarks/run.py {' '.join(sys.argv[1:])}`".rstrip(),
    ]
    text = "\n".join(
        [
            "# Benchmark results",
            "",
            "Written by `benchmarks/run.py` (see its docstring for what (a)–(d) are); the notes at the end are kept between runs.",
            "",
            "## Machine",
            "",
            *machine_lines,
            "",
            "## Results",
            "",
            table(results, runs),
            "",
            "## Where the time goes",
            "",
            "cProfile of (b), cold, in one process (`workers=1`, so every function is seen), at the largest N:",
            "",
            "```text",
            profile_text or "(not run)",
            "```",
            "",
            NOTES_MARKER,
        ]
    )
    RESULTS.write_text(text + (notes if notes else "\n"), encoding="utf-8")
    return text


def use_project_venv() -> None:
    """Started with another Python (``python benchmarks/run.py``)? Run again with the
    project's ``.venv`` from ``make site``, which has the package and its tools."""
    venv = ROOT / ".venv"
    python = venv / "bin" / "python"
    if python.exists() and Path(sys.prefix).resolve() != venv.resolve():
        os.execv(str(python), [str(python), __file__, *sys.argv[1:]])


def main(argv: list[str] | None = None) -> int:
    use_project_venv()
    parser = argparse.ArgumentParser(description="the dossier-build benchmark (issue 5)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-mkdocs", action="store_true", help="skip (d), the mkdocs build")
    parser.add_argument("--mkdocs-max", type=int, default=None, help="run (d) only up to this N")
    parser.add_argument("--mkdocs-plain-only", action="store_true", help="run (d) only for the dossiers without actors/topics")
    parser.add_argument("--plain-sizes", type=int, nargs="*", default=[], help="also measure these N with a dossier.yml without actors and topics")
    parser.add_argument("--profile-plain", action="store_true", help="profile the largest plain size instead")
    parser.add_argument("--no-profile", action="store_true")
    parser.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md alone")
    parser.add_argument("--naive", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--reading", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("command", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.naive:
        naive(args.naive)
        return 0
    if args.reading:
        reading_stage(args.reading)
        return 0
    if args.measure:
        print(json.dumps(measure(args.command, args.measure)))
        return 0

    def log(message: str) -> None:
        print(message, flush=True)

    def mkdocs_for(n: int, entities: bool) -> bool:
        if args.no_mkdocs or (entities and args.mkdocs_plain_only):
            return False
        return args.mkdocs_max is None or n <= args.mkdocs_max

    results = [bench_size(n, args.runs, mkdocs_for(n, True), log) for n in args.sizes]
    results += [bench_size(n, args.runs, mkdocs_for(n, False), log, entities=False) for n in args.plain_sizes]
    if args.no_profile:
        profile_text = ""
    elif args.profile_plain and args.plain_sizes:
        profile_text = profile(max(args.plain_sizes), log, plain=True)
    else:
        profile_text = profile(max(args.sizes), log)
    print()
    print(table(results, args.runs))
    if not args.no_write:
        write_results(results, args.runs, profile_text)
        print(f"\nwritten to {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
